//! Durable stores: state survives reopening, credentials are sealed at rest, and a wrong key
//! is a clear error.
#![cfg(feature = "sqlite")]
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

mod store_support;

use app_connect_sdk::models::{ExistingCallLog, Secret, User};
use app_connect_sdk::server::store::{
    CallIdentity, CallLogStore, SqliteStore, StoreError, StoreKey, UserStore,
};

fn user() -> User {
    let mut user = User::new("u1", "testCRM");
    user.access_token = Secret::new("access-token-at-rest");
    user.refresh_token = Some(Secret::new("refresh-token-at-rest"));
    user
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn sqlite_state_survives_reopening_and_tokens_are_sealed() {
    let dir = store_support::TempDir::new();
    let path = dir.file("state.db");
    {
        let store = SqliteStore::open(&path, &store_support::key()).unwrap();
        store.put_user(user()).await.unwrap();
        let mut row = ExistingCallLog::default();
        row.id = "tel-1".into();
        row.session_id = "s1".into();
        row.platform = "testCRM".into();
        row.third_party_log_id = "crm-1".into();
        store.insert_call_log(row).await.unwrap();
    }
    let store = SqliteStore::open(&path, &store_support::key()).unwrap();
    let back = store.get_user("testCRM", "u1").await.unwrap().unwrap();
    assert_eq!(back.access_token.expose(), "access-token-at-rest");
    let row = store
        .find_call_log("testCRM", "s1", &CallIdentity::default())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.third_party_log_id, "crm-1");
    drop(store);

    // Neither token is anywhere in the database files.
    for entry in std::fs::read_dir(&dir.0).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!contains(&bytes, "access-token-at-rest"));
        assert!(!contains(&bytes, "refresh-token-at-rest"));
    }
}

#[tokio::test]
async fn sqlite_refuses_a_wrong_key_without_panicking() {
    let dir = store_support::TempDir::new();
    let path = dir.file("state.db");
    let store = SqliteStore::open(&path, &store_support::key()).unwrap();
    store.put_user(user()).await.unwrap();
    drop(store);
    let wrong = StoreKey::from_bytes([1; 32]);
    let err = SqliteStore::open(&path, &wrong).unwrap_err();
    assert!(matches!(err, StoreError::WrongKey), "{err:?}");
    assert_eq!(
        err.to_string(),
        "the store encryption key does not match the key its credentials were written with"
    );
    // The key is never printed.
    assert_eq!(format!("{wrong:?}"), "StoreKey([redacted])");
}

#[tokio::test]
async fn sqlite_reports_an_unopenable_path_as_a_backend_error() {
    let dir = store_support::TempDir::new();
    let err =
        SqliteStore::open(dir.file("missing-dir/state.db"), &store_support::key()).unwrap_err();
    assert!(matches!(err, StoreError::Backend(_)), "{err:?}");
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn postgres_state_survives_reconnecting_and_refuses_a_wrong_key() {
    use app_connect_sdk::server::store::PostgresStore;
    let Some(url) = store_support::postgres_url() else {
        return;
    };
    let schema = store_support::unique("durable");
    {
        let store = PostgresStore::connect_in_schema(&url, &schema, &store_support::key())
            .await
            .unwrap();
        store.put_user(user()).await.unwrap();
    }
    let store = PostgresStore::connect_in_schema(&url, &schema, &store_support::key())
        .await
        .unwrap();
    let back = store.get_user("testCRM", "u1").await.unwrap().unwrap();
    assert_eq!(
        back.refresh_token.map(|t| t.expose().to_owned()).as_deref(),
        Some("refresh-token-at-rest")
    );
    let wrong = StoreKey::from_bytes([1; 32]);
    let err = PostgresStore::connect_in_schema(&url, &schema, &wrong)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::WrongKey), "{err:?}");
    // A bad URL is an error without the URL (and its password) in it.
    let err = PostgresStore::connect("postgres://app:hunter2@127.0.0.1:1/db", &wrong)
        .await
        .unwrap_err();
    assert!(!err.to_string().contains("hunter2"), "{err}");
    assert!(!format!("{err:?}").contains("hunter2"), "{err:?}");
}
