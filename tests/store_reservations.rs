//! Reservations of the linkage row: a dropped request future still links the activity it
//! created, a dead holder's reservation is taken over after its lease, a connector failure
//! releases it at once.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

mod common;
mod support;

use std::time::Duration;

use app_connect_sdk::http::Method;
use app_connect_sdk::server::store::{
    CallIdentity, CallLogKey, CallLogStore, MessageLogStore, StoreError,
};
use support::{Failure, Harness, Options, PLATFORM, create_call_body, message_body};

fn key(session: &str) -> CallLogKey {
    CallLogKey::new(PLATFORM, session, CallIdentity::default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_request_future_still_writes_the_linkage() {
    let h = Harness::new(Options {
        create_delay: Some(Duration::from_millis(300)),
        ..Options::default()
    })
    .await;
    // The host gives up while createCallLog is in flight and drops the request future.
    let dropped = tokio::time::timeout(
        Duration::from_millis(50),
        h.call(Method::POST, "/callLog", Some(create_call_body("s-drop"))),
    )
    .await;
    assert!(dropped.is_err(), "the request must still be in flight");
    assert_eq!(h.crm.count("createCallLog"), 1);
    // The create finishes on its own and links its activity.
    let mut row = None;
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(20)).await;
        row = h
            .store
            .find_call_log(PLATFORM, "s-drop", &CallIdentity::default())
            .await
            .unwrap();
        if row.is_some() {
            break;
        }
    }
    assert!(
        row.is_some(),
        "the linkage was lost with the dropped future"
    );
    // The client's retry sees the log instead of creating a second activity.
    let retry = h
        .call(Method::POST, "/callLog", Some(create_call_body("s-drop")))
        .await;
    assert_eq!(retry.message(), "Existing log for session s-drop");
    assert_eq!(h.crm.count("createCallLog"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_message_log_future_still_writes_the_linkage() {
    let h = Harness::new(Options::default()).await;
    let request = h.call(
        Method::POST,
        "/messageLog",
        Some(message_body("conv-drop", &["m1"], 1)),
    );
    // Polled once only: far enough to spawn the create, then dropped.
    let _ = tokio::time::timeout(Duration::from_millis(0), request).await;
    for _ in 0..100 {
        if h.store
            .get_message_log(PLATFORM, "m1")
            .await
            .unwrap()
            .is_some()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let again = h
        .call(
            Method::POST,
            "/messageLog",
            Some(message_body("conv-drop", &["m1"], 1)),
        )
        .await;
    assert_eq!(again.json()["successful"], true, "{}", again.text);
    assert_eq!(h.crm.count("createMessageLog"), 1);
    assert_eq!(h.crm.count("updateMessageLog"), 0);
}

#[tokio::test]
async fn a_dead_holders_reservation_is_taken_over_after_the_lease() {
    let h = Harness::with(Options::default(), |b| {
        b.reservation_lease(Duration::from_secs(60))
    })
    .await;
    // Another process reserved the call and died; its lease is short.
    h.store
        .reserve_call_log(&key("s-dead"), "dead-process", Duration::from_millis(150))
        .await
        .unwrap();
    let blocked = h
        .call(Method::POST, "/callLog", Some(create_call_body("s-dead")))
        .await;
    assert_eq!(blocked.message(), "Existing log for session s-dead");
    assert_eq!(h.crm.count("createCallLog"), 0);

    tokio::time::sleep(Duration::from_millis(200)).await;
    let taken = h
        .call(Method::POST, "/callLog", Some(create_call_body("s-dead")))
        .await;
    assert_eq!(taken.json()["successful"], true, "{}", taken.text);
    assert_eq!(h.crm.count("createCallLog"), 1);
    // The dead holder cannot complete over the new row.
    let mut late = app_connect_sdk::models::ExistingCallLog::default();
    late.session_id = "s-dead".into();
    late.id = "tel-s-dead".into();
    late.platform = PLATFORM.into();
    late.third_party_log_id = "late".into();
    assert!(matches!(
        h.store.complete_call_log("dead-process", late).await,
        Err(StoreError::Conflict)
    ));
}

#[tokio::test]
async fn a_connector_failure_releases_the_reservation_at_once() {
    let h = Harness::new(Options::default()).await;
    h.crm.fail("createCallLog", Failure::Crm(502, "CRM down"));
    let failed = h
        .call(Method::POST, "/callLog", Some(create_call_body("s-fail")))
        .await;
    assert_ne!(failed.json()["successful"], true, "{}", failed.text);
    // Nothing holds the key any more: another process could reserve it right away.
    h.store
        .reserve_call_log(&key("s-fail"), "other-process", Duration::from_secs(60))
        .await
        .unwrap();
    h.store
        .release_call_log(&key("s-fail"), "other-process")
        .await
        .unwrap();
    h.crm.heal("createCallLog");
    let retried = h
        .call(Method::POST, "/callLog", Some(create_call_body("s-fail")))
        .await;
    assert_eq!(retried.json()["successful"], true, "{}", retried.text);
}

#[tokio::test]
async fn a_create_without_id_releases_the_message_reservations() {
    let h = Harness::new(Options {
        message_without_id: true,
        ..Options::default()
    })
    .await;
    let a = h
        .call(
            Method::POST,
            "/messageLog",
            Some(message_body("conv-noid", &["m1"], 1)),
        )
        .await;
    assert_eq!(a.json()["logIds"], serde_json::json!([]), "{}", a.text);
    let lease = Duration::from_secs(60);
    h.store
        .reserve_message_log(PLATFORM, "m1", "other", lease)
        .await
        .unwrap();
    h.store
        .reserve_conversation(PLATFORM, "conv-noid", "other", lease)
        .await
        .unwrap();
}
