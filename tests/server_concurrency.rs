//! Concurrent requests against one server: one CRM activity per call session and per
//! conversation, whatever the interleaving.

mod common;
mod support;

use std::sync::Arc;
use std::time::Duration;

use app_connect_sdk::http::{Method, StatusCode};
use app_connect_sdk::server::store::{CallIdentity, CallLogStore};
use support::{Harness, Options, assert_contract, create_call_body, message_body};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hundred_concurrent_creates_make_one_activity() {
    let h = Harness::new(Options {
        // A slow CRM widens the window in which an unserialised runtime would double-log.
        create_delay: Some(Duration::from_millis(20)),
        ..Options::default()
    })
    .await;
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let h = h.clone();
            tokio::spawn(async move {
                h.call(
                    Method::POST,
                    "/callLog",
                    Some(create_call_body("session-race")),
                )
                .await
            })
        })
        .collect();
    let mut successes = 0;
    let mut existing = 0;
    for task in tasks {
        let answer = task.await.expect("task did not panic");
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        assert_contract("POST", "/callLog", &answer);
        let body = answer.json();
        match body["successful"].as_bool() {
            Some(true) => successes += 1,
            Some(false) => {
                assert_eq!(answer.message(), "Existing log for session session-race");
                existing += 1;
            }
            None => panic!("no `successful` flag: {body}"),
        }
    }
    assert_eq!(successes, 1);
    assert_eq!(existing, 99);
    assert_eq!(h.crm.count("createCallLog"), 1);
    let row = h
        .store
        .find_call_log("testCRM", "session-race", &CallIdentity::default())
        .await
        .expect("store")
        .expect("one row");
    assert_eq!(row.third_party_log_id, "1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn different_sessions_are_not_serialised() {
    // Every create waits until all 20 are inside the connector at once: a runtime holding one
    // global lock (instead of one per session) would never get there.
    let h = Harness::new(Options {
        create_barrier: Some(Arc::new(tokio::sync::Barrier::new(20))),
        ..Options::default()
    })
    .await;
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let h = h.clone();
            tokio::spawn(async move {
                h.call(
                    Method::POST,
                    "/callLog",
                    Some(create_call_body(&format!("session-{i}"))),
                )
                .await
            })
        })
        .collect();
    let all = futures_util::future::join_all(tasks);
    let answers = tokio::time::timeout(Duration::from_secs(20), all)
        .await
        .expect("creates of different sessions ran concurrently");
    for answer in answers {
        let answer = answer.expect("task did not panic");
        assert_eq!(answer.json()["successful"], true, "{}", answer.text);
    }
    assert_eq!(h.crm.count("createCallLog"), 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_message_logs_create_one_conversation_activity() {
    let h = Harness::new(Options::default()).await;
    let tasks: Vec<_> = (0..30)
        .map(|i| {
            let h = h.clone();
            tokio::spawn(async move {
                let id = format!("m{}", i % 10);
                h.call(
                    Method::POST,
                    "/messageLog",
                    Some(message_body("conv-race", &[id.as_str()], 1)),
                )
                .await
            })
        })
        .collect();
    for task in tasks {
        let answer = task.await.expect("task did not panic");
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        assert_eq!(answer.json()["successful"], true, "{}", answer.text);
    }
    assert_eq!(h.crm.count("createMessageLog"), 1);
    assert_eq!(h.crm.count("updateMessageLog"), 9);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn panics_under_load_do_not_poison_the_server() {
    let h = Harness::new(Options::default()).await;
    h.crm.fail("createCallLog", support::Failure::Panic);
    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let h = h.clone();
            tokio::spawn(async move {
                h.call(
                    Method::POST,
                    "/callLog",
                    Some(create_call_body(&format!("p-{i}"))),
                )
                .await
            })
        })
        .collect();
    for task in tasks {
        let answer = task
            .await
            .expect("the server answered instead of panicking");
        assert_eq!(answer.json()["successful"], false, "{}", answer.text);
    }
    h.crm.heal("createCallLog");
    let answer = h
        .call(Method::POST, "/callLog", Some(create_call_body("p-0")))
        .await;
    assert_eq!(answer.json()["successful"], true, "{}", answer.text);
}
