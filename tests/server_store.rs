//! Storage: call identity rules (server-api §3.2), acceptance items 15–18 and 24 at the store
//! level, conflicts, users, message logs, concurrent inserts.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use std::sync::Arc;

use app_connect_sdk::models::{ExistingCallLog, ExistingMessageLog, Secret, User};
use app_connect_sdk::server::store::{
    CallIdentity, CallLogStore, MemoryStore, MessageLogStore, StoreError, UserStore,
};
use proptest::prelude::*;

fn call_row(session: &str, ext: &str, hashed: &str, log_id: &str) -> ExistingCallLog {
    let mut row = ExistingCallLog::default();
    row.id = format!("tel-{session}");
    row.session_id = session.to_owned();
    row.extension_number = ext.to_owned();
    row.hashed_extension_id = hashed.to_owned();
    row.platform = "testCRM".to_owned();
    row.third_party_log_id = log_id.to_owned();
    row.user_id = "u1-testCRM".to_owned();
    row.contact_id = "contact-1".to_owned();
    row
}

fn message_row(id: &str, conversation_log_id: &str, log_id: &str) -> ExistingMessageLog {
    let mut row = ExistingMessageLog::default();
    row.id = id.to_owned();
    row.platform = "testCRM".to_owned();
    row.conversation_id = "conv-1".to_owned();
    row.conversation_log_id = conversation_log_id.to_owned();
    row.third_party_log_id = log_id.to_owned();
    row.user_id = "u1-testCRM".to_owned();
    row
}

async fn found_log(store: &MemoryStore, session: &str, identity: &CallIdentity) -> Option<String> {
    store
        .find_call_log("testCRM", session, identity)
        .await
        .unwrap()
        .map(|r| r.third_party_log_id)
}

const H: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const H2: &str = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

// ---- §3.2 filter semantics -------------------------------------------------------------

#[test]
fn without_identity_every_row_matches() {
    let any = CallIdentity::default();
    for (ext, hashed) in [("", ""), ("101", ""), ("", H), ("101", H)] {
        assert!(
            any.matches(&call_row("s", ext, hashed, "l")),
            "{ext}/{hashed}"
        );
    }
}

#[test]
fn with_only_an_extension_number_the_number_must_match_and_hash_is_ignored() {
    let id = CallIdentity::new("101", "");
    assert!(id.matches(&call_row("s", "101", "", "l")));
    assert!(id.matches(&call_row("s", "101", H, "l")));
    assert!(!id.matches(&call_row("s", "", "", "l")));
    assert!(!id.matches(&call_row("s", "102", "", "l")));
    assert!(!id.matches(&call_row("s", "", H, "l")));
}

#[test]
fn with_a_hashed_id_hash_legacy_number_or_identity_less_rows_match() {
    let id = CallIdentity::new("101", H);
    assert!(
        id.matches(&call_row("s", "", H, "l")),
        "same hash, no number"
    );
    assert!(
        id.matches(&call_row("s", "999", H, "l")),
        "same hash, other number"
    );
    assert!(
        id.matches(&call_row("s", "101", "", "l")),
        "legacy row of this number"
    );
    assert!(
        id.matches(&call_row("s", "", "", "l")),
        "identity-less legacy row"
    );
    assert!(
        !id.matches(&call_row("s", "101", H2, "l")),
        "other hash, same number"
    );
    assert!(
        !id.matches(&call_row("s", "102", "", "l")),
        "legacy row of another number"
    );
    assert!(!id.matches(&call_row("s", "", H2, "l")), "other hash");
}

#[test]
fn with_a_hashed_id_and_no_number_only_hash_or_identity_less_rows_match() {
    let id = CallIdentity::new("", H);
    assert!(id.matches(&call_row("s", "", H, "l")));
    assert!(id.matches(&call_row("s", "", "", "l")));
    assert!(!id.matches(&call_row("s", "101", "", "l")));
}

// ---- pick order ------------------------------------------------------------------------

#[test]
fn pick_prefers_hash_then_legacy_number_then_identity_less() {
    let hashed = call_row("s", "777", H, "log-hashed");
    let legacy_n = call_row("s", "101", "", "log-legacy-101");
    let legacy_empty = call_row("s", "", "", "log-legacy-empty");
    let other = call_row("s", "102", H2, "log-other");
    let id = CallIdentity::new("101", H);
    let pick = |rows: &[ExistingCallLog]| id.pick(rows).map(|r| r.third_party_log_id.clone());

    // Whatever the insertion order.
    let all = [
        other.clone(),
        legacy_empty.clone(),
        legacy_n.clone(),
        hashed.clone(),
    ];
    assert_eq!(pick(&all).as_deref(), Some("log-hashed"));
    let no_hash = [other.clone(), legacy_empty.clone(), legacy_n.clone()];
    assert_eq!(pick(&no_hash).as_deref(), Some("log-legacy-101"));
    let only_empty = [other.clone(), legacy_empty.clone()];
    assert_eq!(pick(&only_empty).as_deref(), Some("log-legacy-empty"));
    assert_eq!(pick(&[other]), None);
    assert_eq!(pick(&[]), None);
}

#[test]
fn pick_without_hash_uses_app_connect_row_order() {
    // Ordered by hashedExtensionId then extensionNumber: the identity-less row first.
    let rows = [
        call_row("s", "102", "", "log-102"),
        call_row("s", "", H, "log-sscl"),
        call_row("s", "", "", "log-legacy"),
    ];
    let any = CallIdentity::default();
    assert_eq!(
        any.pick(&rows).map(|r| r.third_party_log_id.as_str()),
        Some("log-legacy")
    );
    // Only a number: the legacy row of that number beats a hashed row with the same number.
    let rows = [
        call_row("s", "102", H, "log-hashed-102"),
        call_row("s", "102", "", "log-legacy-102"),
    ];
    assert_eq!(
        CallIdentity::new("102", "")
            .pick(&rows)
            .map(|r| r.third_party_log_id.as_str()),
        Some("log-legacy-102")
    );
    // Ties keep the given order.
    let mut first = call_row("s", "", "", "log-first");
    first.id = "a".into();
    let mut second = call_row("s", "", "", "log-second");
    second.id = "b".into();
    assert_eq!(
        any.pick(&[first, second])
            .map(|r| r.third_party_log_id.as_str()),
        Some("log-first")
    );
}

fn arb_row() -> impl Strategy<Value = ExistingCallLog> {
    (
        prop::sample::select(vec!["", "101", "102"]),
        prop::sample::select(vec!["", H, H2]),
        "[a-z]{1,4}",
    )
        .prop_map(|(ext, hashed, log)| call_row("s", ext, hashed, &log))
}

fn arb_identity() -> impl Strategy<Value = CallIdentity> {
    (
        prop::sample::select(vec!["", "101", "102"]),
        prop::sample::select(vec!["", H, H2]),
    )
        .prop_map(|(ext, hashed)| CallIdentity::new(ext, hashed))
}

proptest! {
    /// `pick` finds a row exactly when one matches, and always a matching one.
    #[test]
    fn pick_returns_a_matching_row_iff_one_exists(
        rows in prop::collection::vec(arb_row(), 0..8),
        identity in arb_identity(),
    ) {
        let picked = identity.pick(&rows);
        prop_assert_eq!(picked.is_some(), rows.iter().any(|r| identity.matches(r)));
        if let Some(row) = picked {
            prop_assert!(identity.matches(row));
            // An exact hash match is always preferred when one exists.
            if !identity.hashed_extension_id.is_empty()
                && rows.iter().any(|r| r.hashed_extension_id == identity.hashed_extension_id)
            {
                prop_assert_eq!(&row.hashed_extension_id, &identity.hashed_extension_id);
            }
        }
    }
}

// ---- acceptance items at the store level ---------------------------------------------------

#[tokio::test]
async fn item_15_existing_mapping_without_identity_is_found() {
    let store = MemoryStore::new();
    store
        .insert_call_log(call_row("session-123", "", "", "crm-1"))
        .await
        .unwrap();
    let any = CallIdentity::default();
    assert_eq!(
        found_log(&store, "session-123", &any).await.as_deref(),
        Some("crm-1")
    );
    assert_eq!(found_log(&store, "session-999", &any).await, None);
}

#[tokio::test]
async fn item_16_same_session_other_extension_gets_a_second_row() {
    let store = MemoryStore::new();
    store
        .insert_call_log(call_row("session-1", "101", "", "crm-101"))
        .await
        .unwrap();
    let ext_102 = CallIdentity::new("102", "");
    assert_eq!(
        found_log(&store, "session-1", &ext_102).await,
        None,
        "no duplicate"
    );
    store
        .insert_call_log(call_row("session-1", "102", "", "crm-102"))
        .await
        .expect("same id and session, other extension: a distinct key");
    assert_eq!(
        found_log(&store, "session-1", &ext_102).await.as_deref(),
        Some("crm-102")
    );
    assert_eq!(
        found_log(&store, "session-1", &CallIdentity::new("101", ""))
            .await
            .as_deref(),
        Some("crm-101")
    );
}

#[tokio::test]
async fn item_17_sscl_hashed_row_blocks_browser_create_with_same_hash() {
    let store = MemoryStore::new();
    store
        .insert_call_log(call_row("session-1", "", H, "crm-sscl"))
        .await
        .unwrap();
    let browser = CallIdentity::new("101", H);
    assert_eq!(
        found_log(&store, "session-1", &browser).await.as_deref(),
        Some("crm-sscl")
    );
    // Another extension's hash does not see it.
    assert_eq!(
        found_log(&store, "session-1", &CallIdentity::new("101", H2)).await,
        None
    );
}

#[tokio::test]
async fn item_18_hashed_identity_is_stored_and_found_verbatim() {
    // Hashing rcExtensionId with HASH_KEY happens before the store; the store keeps the value.
    let store = MemoryStore::new();
    store
        .insert_call_log(call_row("session-9", "", H, "crm-9"))
        .await
        .unwrap();
    let row = store
        .find_call_log("testCRM", "session-9", &CallIdentity::new("", H))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.hashed_extension_id, H);
    assert_eq!(row.extension_number, "");
}

#[tokio::test]
async fn item_24_lookup_rules() {
    let store = MemoryStore::new();
    store
        .insert_call_log(call_row("session-1", "102", "", "log-102"))
        .await
        .unwrap();
    store
        .insert_call_log(call_row("session-1", "", "", "log-1"))
        .await
        .unwrap();
    assert_eq!(
        found_log(&store, "session-1", &CallIdentity::default())
            .await
            .as_deref(),
        Some("log-1")
    );
    assert_eq!(
        found_log(&store, "session-1", &CallIdentity::new("102", ""))
            .await
            .as_deref(),
        Some("log-102")
    );
    store
        .insert_call_log(call_row("session-1", "", H, "log-sscl"))
        .await
        .unwrap();
    assert_eq!(
        found_log(&store, "session-1", &CallIdentity::new("103", H))
            .await
            .as_deref(),
        Some("log-sscl")
    );
}

// ---- conflicts ---------------------------------------------------------------------------

#[tokio::test]
async fn duplicate_call_log_key_conflicts_and_keeps_the_first_row() {
    let store = MemoryStore::new();
    store
        .insert_call_log(call_row("s1", "101", H, "first"))
        .await
        .unwrap();
    let err = store
        .insert_call_log(call_row("s1", "101", H, "second"))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict), "{err:?}");
    assert_eq!(
        found_log(&store, "s1", &CallIdentity::new("101", H))
            .await
            .as_deref(),
        Some("first")
    );

    // Any differing key column makes a distinct row.
    let mut other_id = call_row("s1", "101", H, "other-id");
    other_id.id = "tel-other".into();
    store.insert_call_log(other_id).await.unwrap();
    store
        .insert_call_log(call_row("s1", "101", H2, "other-hash"))
        .await
        .unwrap();
    store
        .insert_call_log(call_row("s1", "", H, "other-ext"))
        .await
        .unwrap();
    let mut other_session = call_row("s2", "101", H, "other-session");
    other_session.id = "tel-s1".into();
    store.insert_call_log(other_session).await.unwrap();
    assert_eq!(
        format!("{store:?}"),
        "MemoryStore { users: 0, call_logs: 5, message_logs: 0 }"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_inserts_of_one_call_log_key_let_exactly_one_win() {
    let store = MemoryStore::new();
    let barrier = Arc::new(tokio::sync::Barrier::new(50));
    let mut tasks = Vec::new();
    for i in 0..50 {
        let (store, barrier) = (store.clone(), barrier.clone());
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            store
                .insert_call_log(call_row("session-race", "101", H, &format!("crm-{i}")))
                .await
        }));
    }
    let mut ok = 0;
    let mut conflicts = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(()) => ok += 1,
            Err(StoreError::Conflict) => conflicts += 1,
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((ok, conflicts), (1, 49));
    assert!(
        found_log(&store, "session-race", &CallIdentity::new("101", H))
            .await
            .is_some()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_inserts_of_one_message_key_let_exactly_one_win() {
    let store = MemoryStore::new();
    let barrier = Arc::new(tokio::sync::Barrier::new(50));
    let mut tasks = Vec::new();
    for i in 0..50 {
        let (store, barrier) = (store.clone(), barrier.clone());
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            store
                .insert_message_log(message_row("msg-1", "conv-log-1", &format!("crm-{i}")))
                .await
        }));
    }
    let mut ok = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(()) => ok += 1,
            Err(StoreError::Conflict) => {}
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(ok, 1);
}

// ---- users -------------------------------------------------------------------------------

#[tokio::test]
async fn users_put_get_replace_delete() {
    let store = MemoryStore::new();
    assert!(
        store
            .get_user("testCRM", "u1-testCRM")
            .await
            .unwrap()
            .is_none()
    );

    let mut user = User::new("u1-testCRM", "testCRM");
    user.access_token = Secret::new("at-1");
    user.hostname = Some("crm.example.com".into());
    store.put_user(user.clone()).await.unwrap();
    assert_eq!(
        store.get_user("testCRM", "u1-testCRM").await.unwrap(),
        Some(user.clone())
    );

    user.access_token = Secret::new("at-2");
    store.put_user(user.clone()).await.unwrap();
    let stored = store
        .get_user("testCRM", "u1-testCRM")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.access_token.expose(), "at-2");
    assert_eq!(stored.hostname.as_deref(), Some("crm.example.com"));

    store
        .put_user(User::new("u2-testCRM", "testCRM"))
        .await
        .unwrap();
    store.delete_user("testCRM", "u1-testCRM").await.unwrap();
    assert!(
        store
            .get_user("testCRM", "u1-testCRM")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .get_user("testCRM", "u2-testCRM")
            .await
            .unwrap()
            .is_some()
    );
    store
        .delete_user("testCRM", "u1-testCRM")
        .await
        .expect("deleting an absent user is not an error");

    // Debug of the store shows counts only, never tokens.
    let debug = format!("{store:?}");
    assert!(
        !debug.contains("at-2") && debug.contains("users: 1"),
        "{debug}"
    );
}

// ---- message logs ------------------------------------------------------------------------

#[tokio::test]
async fn message_log_lookups() {
    let store = MemoryStore::new();
    assert!(
        store
            .get_message_log("testCRM", "msg-1")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .find_by_conversation_log_id("testCRM", "conv-log-123")
            .await
            .unwrap()
            .is_none()
    );

    store
        .insert_message_log(message_row("msg-1", "conv-log-123", "crm-1"))
        .await
        .unwrap();
    store
        .insert_message_log(message_row("msg-2", "conv-log-123", "crm-1"))
        .await
        .unwrap();
    store
        .insert_message_log(message_row("msg-3", "conv-log-456", "crm-2"))
        .await
        .unwrap();

    let row = store
        .get_message_log("testCRM", "msg-2")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.conversation_log_id, "conv-log-123");
    let first = store
        .find_by_conversation_log_id("testCRM", "conv-log-123")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (first.id.as_str(), first.third_party_log_id.as_str()),
        ("msg-1", "crm-1")
    );
    let other = store
        .find_by_conversation_log_id("testCRM", "conv-log-456")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(other.id, "msg-3");

    // Same id again: Conflict, the stored row is unchanged.
    let err = store
        .insert_message_log(message_row("msg-1", "conv-log-999", "crm-x"))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict));
    let kept = store
        .get_message_log("testCRM", "msg-1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.third_party_log_id, "crm-1");
    assert!(
        store
            .find_by_conversation_log_id("testCRM", "conv-log-999")
            .await
            .unwrap()
            .is_none()
    );

    // Group SMS keys (`<messageId>-<contactId>`) are plain ids.
    store
        .insert_message_log(message_row(
            "msg-group-1-contact-456",
            "conv-log-123-contact-456",
            "crm-3",
        ))
        .await
        .unwrap();
    assert!(
        store
            .get_message_log("testCRM", "msg-group-1-contact-456")
            .await
            .unwrap()
            .is_some()
    );
}

// ---- trait objects and errors ----------------------------------------------------------

#[tokio::test]
async fn stores_work_as_shared_trait_objects() {
    let store = MemoryStore::new();
    let users: Arc<dyn UserStore> = Arc::new(store.clone());
    let calls: Arc<dyn CallLogStore> = Arc::new(store.clone());
    let messages: Arc<dyn MessageLogStore> = Arc::new(store.clone());
    users.put_user(User::new("u1", "p")).await.unwrap();
    calls
        .insert_call_log(call_row("s", "", "", "l"))
        .await
        .unwrap();
    messages
        .insert_message_log(message_row("m", "c", "l"))
        .await
        .unwrap();
    assert_eq!(
        format!("{store:?}"),
        "MemoryStore { users: 1, call_logs: 1, message_logs: 1 }"
    );
}

#[test]
fn backend_error_keeps_its_source() {
    let io = std::io::Error::new(std::io::ErrorKind::TimedOut, "database timed out");
    let err = StoreError::Backend(Box::new(io));
    assert_eq!(err.to_string(), "store backend failed: database timed out");
    let source = std::error::Error::source(&err).expect("source");
    assert_eq!(source.to_string(), "database timed out");
    assert_eq!(
        StoreError::Conflict.to_string(),
        "a row with this key already exists"
    );
}
