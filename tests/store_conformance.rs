//! One conformance suite for every store: the same cases run against `MemoryStore`,
//! `SqliteStore` (a fresh file each) and `PostgresStore` (a fresh schema each; tests named
//! `postgres_*` skip without `APP_CONNECT_TEST_POSTGRES_URL`, and fail without it in CI).
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

mod store_support;

use std::sync::Arc;
use std::time::Duration;

use app_connect_sdk::connector::CachedValue;
use app_connect_sdk::models::{ExistingCallLog, ExistingMessageLog, Secret, User, UserSetting};
use app_connect_sdk::server::store::AdminStore;
use app_connect_sdk::server::store::{
    CacheStore, CallIdentity, CallLogKey, CallLogStore, MemoryStore, MessageLogStore, StoreError,
    UserStore,
};
use serde_json::json;

trait Store: UserStore + CallLogStore + MessageLogStore + CacheStore + Clone {}
impl<S: UserStore + CallLogStore + MessageLogStore + CacheStore + Clone> Store for S {}

const LEASE: Duration = Duration::from_secs(60);
const A: &str = "crmA";
const B: &str = "crmB";

fn call_row(platform: &str, session: &str, ext: &str, log_id: &str) -> ExistingCallLog {
    let mut row = ExistingCallLog::default();
    row.id = format!("tel-{session}");
    row.session_id = session.to_owned();
    row.extension_number = ext.to_owned();
    row.platform = platform.to_owned();
    row.third_party_log_id = log_id.to_owned();
    row.user_id = format!("u1-{platform}");
    row.contact_id = "contact-1".to_owned();
    row
}

fn message_row(platform: &str, id: &str, conversation: &str, log_id: &str) -> ExistingMessageLog {
    let mut row = ExistingMessageLog::default();
    row.id = id.to_owned();
    row.platform = platform.to_owned();
    row.conversation_id = "conv-1".to_owned();
    row.conversation_log_id = conversation.to_owned();
    row.third_party_log_id = log_id.to_owned();
    row.user_id = format!("u1-{platform}");
    row
}

fn key(platform: &str, session: &str, ext: &str) -> CallLogKey {
    CallLogKey::new(platform, session, CallIdentity::new(ext, ""))
}

async fn logged(store: &impl Store, platform: &str, session: &str, ext: &str) -> Option<String> {
    store
        .find_call_log(platform, session, &CallIdentity::new(ext, ""))
        .await
        .unwrap()
        .map(|r| r.third_party_log_id)
}

fn conflict<T: std::fmt::Debug>(result: Result<T, StoreError>) {
    assert!(
        matches!(result, Err(StoreError::Conflict)),
        "expected Conflict, got {result:?}"
    );
}

// ---- the cases ---------------------------------------------------------------------------

async fn reserve_complete_release(store: impl Store) {
    let k = key(A, "s1", "101");
    store.reserve_call_log(&k, "a", LEASE).await.unwrap();
    conflict(store.reserve_call_log(&k, "b", LEASE).await);
    // The holder renews its own reservation.
    store.reserve_call_log(&k, "a", LEASE).await.unwrap();
    // Someone else's release is a no-op.
    store.release_call_log(&k, "b").await.unwrap();
    conflict(store.reserve_call_log(&k, "c", LEASE).await);
    // A completion by a non-holder while the lease runs is refused, nothing written.
    conflict(
        store
            .complete_call_log("b", call_row(A, "s1", "101", "wrong"))
            .await,
    );
    assert_eq!(logged(&store, A, "s1", "101").await, None);
    // Released: the next holder gets it, completes it, and the row is found.
    store.release_call_log(&k, "a").await.unwrap();
    store.reserve_call_log(&k, "b", LEASE).await.unwrap();
    store
        .complete_call_log("b", call_row(A, "s1", "101", "crm-1"))
        .await
        .unwrap();
    assert_eq!(
        logged(&store, A, "s1", "101").await.as_deref(),
        Some("crm-1")
    );
    // Logged: no one reserves it again, and a second completion conflicts.
    conflict(store.reserve_call_log(&k, "c", LEASE).await);
    conflict(
        store
            .complete_call_log("b", call_row(A, "s1", "101", "crm-2"))
            .await,
    );
    assert_eq!(
        logged(&store, A, "s1", "101").await.as_deref(),
        Some("crm-1")
    );
    // Another extension of the same session is its own key.
    store
        .reserve_call_log(&key(A, "s1", "102"), "c", LEASE)
        .await
        .unwrap();
}

async fn lease_expiry(store: impl Store) {
    let k = key(A, "s-lease", "");
    store
        .reserve_call_log(&k, "dead", Duration::from_millis(100))
        .await
        .unwrap();
    conflict(store.reserve_call_log(&k, "live", LEASE).await);
    tokio::time::sleep(Duration::from_millis(150)).await;
    store.reserve_call_log(&k, "live", LEASE).await.unwrap();
    // The dead holder, back, cannot complete over the new holder.
    conflict(
        store
            .complete_call_log("dead", call_row(A, "s-lease", "", "late"))
            .await,
    );
    store
        .complete_call_log("live", call_row(A, "s-lease", "", "crm-live"))
        .await
        .unwrap();
    assert_eq!(
        logged(&store, A, "s-lease", "").await.as_deref(),
        Some("crm-live")
    );

    // The same for messages and conversations.
    store
        .reserve_message_log(A, "m-lease", "dead", Duration::from_millis(100))
        .await
        .unwrap();
    store
        .reserve_conversation(A, "c-lease", "dead", Duration::from_millis(100))
        .await
        .unwrap();
    conflict(store.reserve_message_log(A, "m-lease", "live", LEASE).await);
    conflict(
        store
            .reserve_conversation(A, "c-lease", "live", LEASE)
            .await,
    );
    tokio::time::sleep(Duration::from_millis(150)).await;
    store
        .reserve_message_log(A, "m-lease", "live", LEASE)
        .await
        .unwrap();
    store
        .reserve_conversation(A, "c-lease", "live", LEASE)
        .await
        .unwrap();
}

async fn inserts_conflict_and_keep_the_first_row(store: impl Store) {
    store
        .insert_call_log(call_row(A, "s2", "101", "first"))
        .await
        .unwrap();
    conflict(
        store
            .insert_call_log(call_row(A, "s2", "101", "second"))
            .await,
    );
    assert_eq!(
        logged(&store, A, "s2", "101").await.as_deref(),
        Some("first")
    );
    store
        .insert_message_log(message_row(A, "m1", "c1", "first"))
        .await
        .unwrap();
    conflict(
        store
            .insert_message_log(message_row(A, "m1", "c1", "second"))
            .await,
    );
    let kept = store.get_message_log(A, "m1").await.unwrap().unwrap();
    assert_eq!(kept.third_party_log_id, "first");
}

async fn platforms_are_isolated(store: impl Store) {
    store
        .insert_call_log(call_row(A, "shared-session", "", "crm-a"))
        .await
        .unwrap();
    assert_eq!(logged(&store, B, "shared-session", "").await, None);
    // B may log the same session for itself.
    let kb = key(B, "shared-session", "");
    store.reserve_call_log(&kb, "b", LEASE).await.unwrap();
    store
        .complete_call_log("b", call_row(B, "shared-session", "", "crm-b"))
        .await
        .unwrap();
    assert_eq!(
        logged(&store, A, "shared-session", "").await.as_deref(),
        Some("crm-a")
    );
    assert_eq!(
        logged(&store, B, "shared-session", "").await.as_deref(),
        Some("crm-b")
    );

    store
        .insert_message_log(message_row(A, "m-shared", "c-shared", "sms-a"))
        .await
        .unwrap();
    assert!(
        store
            .get_message_log(B, "m-shared")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .find_by_conversation_log_id(B, "c-shared")
            .await
            .unwrap()
            .is_none()
    );
    store
        .reserve_message_log(B, "m-shared", "b", LEASE)
        .await
        .unwrap();
    store
        .reserve_conversation(B, "c-shared", "b", LEASE)
        .await
        .unwrap();
    conflict(store.reserve_conversation(A, "c-shared", "a", LEASE).await);

    // Users: same id, two platforms, two rows.
    let mut ua = User::new("u1", A);
    ua.access_token = Secret::new("token-a");
    let mut ub = User::new("u1", B);
    ub.access_token = Secret::new("token-b");
    store.put_user(ua).await.unwrap();
    store.put_user(ub).await.unwrap();
    let a = store.get_user(A, "u1").await.unwrap().unwrap();
    assert_eq!(a.access_token.expose(), "token-a");
    store.delete_user(B, "u1").await.unwrap();
    assert!(store.get_user(B, "u1").await.unwrap().is_none());
    assert!(store.get_user(A, "u1").await.unwrap().is_some());
}

async fn users_upsert_round_trip_and_delete(store: impl Store) {
    assert!(store.get_user(A, "u2").await.unwrap().is_none());
    let mut user = User::new("u2", A);
    user.access_token = Secret::new("access");
    user.refresh_token = Some(Secret::new("refresh"));
    user.hostname = Some("crm.example.com".into());
    user.platform_additional_info
        .insert("tokenUrl".into(), json!("https://crm.example.com/token"));
    user.platform_additional_info
        .insert("nested".into(), json!({ "z": 1, "a": [true, null] }));
    store.put_user(user.clone()).await.unwrap();
    let back = store.get_user(A, "u2").await.unwrap().unwrap();
    assert_eq!(
        serde_json::to_value(&back).unwrap(),
        serde_json::to_value(&user).unwrap()
    );

    // put_user replaces the row whole.
    let mut replaced = back.clone();
    replaced.platform_additional_info.clear();
    store.put_user(replaced).await.unwrap();
    let stored = store.get_user(A, "u2").await.unwrap().unwrap();
    assert!(stored.platform_additional_info.is_empty());
    store.put_user(back).await.unwrap();

    // Core's login upsert: platformAdditionalInfo merged (stored keys kept, new keys win),
    // userSettings kept, every other field from the new login.
    let mut with_settings = store.get_user(A, "u2").await.unwrap().unwrap();
    with_settings
        .user_settings
        .insert("autoLog", UserSetting::with_value(true));
    store.put_user(with_settings).await.unwrap();
    let mut login = User::new("u2", A);
    login.access_token = Secret::new("access-2");
    login
        .platform_additional_info
        .insert("proxyId".into(), json!("p-1"));
    login
        .platform_additional_info
        .insert("tokenUrl".into(), json!("https://new/token"));
    let returned = store.upsert_user(login).await.unwrap();
    let stored = store.get_user(A, "u2").await.unwrap().unwrap();
    assert_eq!(
        serde_json::to_value(&returned).unwrap(),
        serde_json::to_value(&stored).unwrap()
    );
    assert_eq!(stored.access_token.expose(), "access-2");
    assert!(
        stored.refresh_token.is_none(),
        "tokens come from the new login"
    );
    assert_eq!(stored.hostname, None);
    assert_eq!(
        serde_json::Value::Object(stored.platform_additional_info),
        json!({
            "tokenUrl": "https://new/token",
            "nested": { "z": 1, "a": [true, null] },
            "proxyId": "p-1"
        })
    );
    assert_eq!(
        stored
            .user_settings
            .get("autoLog")
            .and_then(|s| s.value.clone()),
        Some(json!(true))
    );
    // A first login inserts as given.
    let fresh = store.upsert_user(User::new("u4", A)).await.unwrap();
    assert!(fresh.platform_additional_info.is_empty());
    assert!(store.get_user(A, "u4").await.unwrap().is_some());
    store.delete_user(A, "u4").await.unwrap();

    // No platform: refused, nothing written.
    let mut orphan = User::new("u3", A);
    orphan.platform = None;
    assert!(matches!(
        store.put_user(orphan).await,
        Err(StoreError::MissingPlatform(_))
    ));
    assert!(store.get_user(A, "u3").await.unwrap().is_none());

    store.delete_user(A, "u2").await.unwrap();
    assert!(store.get_user(A, "u2").await.unwrap().is_none());
    // Deleting an absent user is not an error.
    store.delete_user(A, "u2").await.unwrap();
}

async fn messages_group_by_conversation(store: impl Store) {
    store
        .reserve_message_log(A, "m1", "a", LEASE)
        .await
        .unwrap();
    store
        .reserve_conversation(A, "conv-1", "a", LEASE)
        .await
        .unwrap();
    conflict(store.reserve_conversation(A, "conv-1", "b", LEASE).await);
    store
        .complete_message_log("a", message_row(A, "m1", "conv-1", "sms-1"))
        .await
        .unwrap();
    // The completion dropped both reservations; the conversation now has its activity.
    conflict(store.reserve_conversation(A, "conv-1", "b", LEASE).await);
    conflict(store.reserve_message_log(A, "m1", "b", LEASE).await);
    store
        .reserve_message_log(A, "m2", "b", LEASE)
        .await
        .unwrap();
    store
        .complete_message_log("b", message_row(A, "m2", "conv-1", "sms-1"))
        .await
        .unwrap();
    let first = store
        .find_by_conversation_log_id(A, "conv-1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.id, "m1");
    // A released reservation frees the key at once.
    store
        .reserve_message_log(A, "m3", "c", LEASE)
        .await
        .unwrap();
    store
        .reserve_conversation(A, "conv-2", "c", LEASE)
        .await
        .unwrap();
    store.release_message_log(A, "m3", "c").await.unwrap();
    store.release_conversation(A, "conv-2", "c").await.unwrap();
    store
        .reserve_message_log(A, "m3", "d", LEASE)
        .await
        .unwrap();
    store
        .reserve_conversation(A, "conv-2", "d", LEASE)
        .await
        .unwrap();
    // A completion by a non-holder of a live reservation is refused.
    conflict(
        store
            .complete_message_log("x", message_row(A, "m3", "conv-2", "sms-x"))
            .await,
    );
    assert!(store.get_message_log(A, "m3").await.unwrap().is_none());
}

async fn concurrent_reservations_let_exactly_one_win(store: impl Store) {
    let barrier = Arc::new(tokio::sync::Barrier::new(20));
    let mut tasks = Vec::new();
    for i in 0..20 {
        let (store, barrier) = (store.clone(), barrier.clone());
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            let holder = format!("h{i}");
            let call = store
                .reserve_call_log(&key(A, "race", "101"), &holder, LEASE)
                .await;
            let message = store.reserve_message_log(A, "race-m", &holder, LEASE).await;
            let conversation = store
                .reserve_conversation(A, "race-c", &holder, LEASE)
                .await;
            [call.is_ok(), message.is_ok(), conversation.is_ok()]
        }));
    }
    let mut wins = [0; 3];
    for task in tasks {
        for (n, won) in wins.iter_mut().zip(task.await.unwrap()) {
            *n += usize::from(won);
        }
    }
    assert_eq!(wins, [1, 1, 1]);
}

// ---- the cache store ---------------------------------------------------------------------

/// Account data: round trip with its expiry (an expired entry is still returned: a failed
/// refetch serves it), replace, delete; keyed by platform, account and key.
async fn account_cache_round_trip_and_isolation(store: impl Store) {
    assert!(
        store
            .get_account_data(A, "rc-1", "types")
            .await
            .unwrap()
            .is_none()
    );
    let first = CachedValue::new(json!([{ "const": "call", "title": "Call" }]), Some(1_000));
    store
        .put_account_data(A, "rc-1", "types", first.clone())
        .await
        .unwrap();
    let found = store.get_account_data(A, "rc-1", "types").await.unwrap();
    assert_eq!(found.as_ref(), Some(&first));
    assert!(found.as_ref().unwrap().is_fresh(999));
    assert!(!found.unwrap().is_fresh(1_000), "expired, yet returned");
    // Another platform, account or key sees nothing.
    assert!(
        store
            .get_account_data(B, "rc-1", "types")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .get_account_data(A, "rc-2", "types")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .get_account_data(A, "rc-1", "other")
            .await
            .unwrap()
            .is_none()
    );
    // Replace: a value without expiry (contact matches never expire).
    let second = CachedValue::new(json!({ "nested": [1, 2.5, null, "x"] }), None);
    store
        .put_account_data(A, "rc-1", "types", second.clone())
        .await
        .unwrap();
    store
        .put_account_data(B, "rc-1", "types", first.clone())
        .await
        .unwrap();
    assert_eq!(
        store.get_account_data(A, "rc-1", "types").await.unwrap(),
        Some(second)
    );
    store.delete_account_data(A, "rc-1", "types").await.unwrap();
    store.delete_account_data(A, "rc-1", "types").await.unwrap(); // absent: no error
    assert!(
        store
            .get_account_data(A, "rc-1", "types")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store.get_account_data(B, "rc-1", "types").await.unwrap(),
        Some(first),
        "deleting one platform's row keeps the other's"
    );
}

/// Call notes: live until their expiry (passed in, no sleeping), replaced per session,
/// keyed by platform.
async fn call_notes_expire_and_are_isolated(store: impl Store) {
    let now = 1_000_000_000_000_i64 * 10; // far in the future: the write-time purge keeps it
    assert!(store.get_call_note(A, "s-1", now).await.unwrap().is_none());
    store
        .put_call_note(A, "s-1", "first", now + 3_600_000)
        .await
        .unwrap();
    store
        .put_call_note(A, "s-1", "second", now + 3_600_000)
        .await
        .unwrap();
    store
        .put_call_note(B, "s-1", "other CRM", now + 3_600_000)
        .await
        .unwrap();
    assert_eq!(
        store.get_call_note(A, "s-1", now).await.unwrap().as_deref(),
        Some("second")
    );
    assert_eq!(
        store.get_call_note(B, "s-1", now).await.unwrap().as_deref(),
        Some("other CRM")
    );
    assert!(store.get_call_note(A, "s-2", now).await.unwrap().is_none());
    let last_moment = now + 3_599_999;
    assert!(
        store
            .get_call_note(A, "s-1", last_moment)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .get_call_note(A, "s-1", now + 3_600_000)
            .await
            .unwrap()
            .is_none()
    );
    // A note already expired when written is never read, and a later write purges it.
    store.put_call_note(A, "s-old", "gone", 1).await.unwrap();
    assert!(store.get_call_note(A, "s-old", 2).await.unwrap().is_none());
    store
        .put_call_note(A, "s-3", "fresh", now + 1)
        .await
        .unwrap();
    assert!(
        store.get_call_note(A, "s-old", 0).await.unwrap().is_none(),
        "purged"
    );
}

// ---- admin configurations (issue 12) -------------------------------------------------------

async fn admin_configs_round_trip_replace_and_isolate<S: Store + AdminStore>(store: S) {
    use app_connect_sdk::models::{AdminConfig, UserMapping, UserSettings};
    assert_eq!(store.get_admin_config(A, "acct-1").await.unwrap(), None);
    let mut settings = UserSettings::new();
    let mut fixed = UserSetting::with_value(json!("dark"));
    fixed.customizable = Some(false);
    settings.insert("theme", fixed);
    let mut config = AdminConfig::default();
    config.user_settings = Some(settings);
    config.user_mappings = Some(vec![UserMapping::new("crm-7", ["101", "102"])]);
    config
        .extra
        .insert("customAdapter".into(), json!({ "k": [1, 2] }));
    store
        .put_admin_config(A, "acct-1", config.clone())
        .await
        .unwrap();
    assert_eq!(
        store.get_admin_config(A, "acct-1").await.unwrap(),
        Some(config.clone())
    );
    // Keyed by (platform, account): neither another platform nor another account sees it.
    assert_eq!(store.get_admin_config(B, "acct-1").await.unwrap(), None);
    assert_eq!(store.get_admin_config(A, "acct-2").await.unwrap(), None);
    // A put replaces the whole row.
    let mut replaced = AdminConfig::default();
    replaced.user_mappings = Some(Vec::new());
    store
        .put_admin_config(A, "acct-1", replaced.clone())
        .await
        .unwrap();
    let read = store.get_admin_config(A, "acct-1").await.unwrap().unwrap();
    assert_eq!(read, replaced);
    assert!(read.user_settings.is_none() && read.extra.is_empty());
    // Platform B's row of the same account is its own.
    store
        .put_admin_config(B, "acct-1", config.clone())
        .await
        .unwrap();
    assert_eq!(
        store.get_admin_config(B, "acct-1").await.unwrap(),
        Some(config)
    );
    assert_eq!(
        store.get_admin_config(A, "acct-1").await.unwrap(),
        Some(replaced)
    );
}

// ---- the backends ------------------------------------------------------------------------

macro_rules! conformance {
    ($($case:ident),* $(,)?) => {
        mod memory {
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    super::$case(MemoryStore::new()).await;
                }
            )*
        }

        #[cfg(feature = "sqlite")]
        mod sqlite {
            use super::*;
            use app_connect_sdk::server::store::SqliteStore;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let dir = store_support::TempDir::new();
                    let store = SqliteStore::open(dir.file("state.db"), &store_support::key())
                        .unwrap();
                    super::$case(store).await;
                }
            )*
        }

        #[cfg(feature = "postgres")]
        mod postgres {
            use super::*;
            use app_connect_sdk::server::store::PostgresStore;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let Some(url) = store_support::postgres_url() else { return };
                    let schema = store_support::unique("conformance");
                    let store =
                        PostgresStore::connect_in_schema(&url, &schema, &store_support::key())
                            .await
                            .unwrap();
                    super::$case(store).await;
                }
            )*
        }
    };
}

conformance!(
    reserve_complete_release,
    lease_expiry,
    inserts_conflict_and_keep_the_first_row,
    platforms_are_isolated,
    users_upsert_round_trip_and_delete,
    messages_group_by_conversation,
    concurrent_reservations_let_exactly_one_win,
    admin_configs_round_trip_replace_and_isolate,
    account_cache_round_trip_and_isolation,
    call_notes_expire_and_are_isolated,
);
