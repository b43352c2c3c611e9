//! Isolation attacks of issue 10: linkage written for one platform is invisible to another.
//! Rows of `otherCRM` sit in the same store as the signed-in `testCRM` user's; on the
//! unscoped store (aa833d3) each of these requests saw or reused the other platform's activity.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

mod common;
mod support;

use app_connect_sdk::http::Method;
use app_connect_sdk::models::{ExistingCallLog, ExistingMessageLog};
use app_connect_sdk::server::store::{CallIdentity, CallLogStore, MessageLogStore};
use serde_json::json;
use support::{Harness, Options, PLATFORM, create_call_body, message_body};

const OTHER: &str = "otherCRM";

async fn other_platform_call(h: &Harness, session: &str) {
    let mut row = ExistingCallLog::default();
    row.id = format!("tel-{session}");
    row.session_id = session.to_owned();
    row.platform = OTHER.to_owned();
    row.third_party_log_id = "other-activity".to_owned();
    row.user_id = "u1-otherCRM".to_owned();
    h.store.insert_call_log(row).await.unwrap();
}

#[tokio::test]
async fn a_call_logged_for_another_platform_is_not_matched() {
    let h = Harness::new(Options::default()).await;
    other_platform_call(&h, "s-a").await;
    let a = h
        .call(
            Method::GET,
            "/callLog?sessionIds=s-a&requireDetails=true",
            None,
        )
        .await;
    assert_eq!(
        a.json()["logs"],
        json!([{ "sessionId": "s-a", "matched": false }])
    );
    assert!(h.crm.calls_to("getCallLog").is_empty());
}

#[tokio::test]
async fn a_call_logged_for_another_platform_does_not_block_this_one() {
    let h = Harness::new(Options::default()).await;
    other_platform_call(&h, "s-b").await;
    let a = h
        .call(Method::POST, "/callLog", Some(create_call_body("s-b")))
        .await;
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    assert_eq!(h.crm.count("createCallLog"), 1);
    let mine = h
        .store
        .find_call_log(PLATFORM, "s-b", &CallIdentity::default())
        .await
        .unwrap()
        .unwrap();
    assert_ne!(mine.third_party_log_id, "other-activity");
    // The other platform's row is untouched.
    let theirs = h
        .store
        .find_call_log(OTHER, "s-b", &CallIdentity::default())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(theirs.third_party_log_id, "other-activity");
}

#[tokio::test]
async fn another_platforms_activity_is_never_patched() {
    let h = Harness::new(Options::default()).await;
    other_platform_call(&h, "s-c").await;
    let a = h
        .call(
            Method::PATCH,
            "/callLog",
            Some(json!({ "sessionId": "s-c", "recordingLink": "https://r.example/1" })),
        )
        .await;
    assert_eq!(a.json()["successful"], false, "{}", a.text);
    assert_eq!(a.message(), "Cannot find log for session s-c");
    assert!(h.crm.calls_to("updateCallLog").is_empty());
    assert!(h.crm.calls_to("getCallLog").is_empty());
}

#[tokio::test]
async fn message_linkage_of_another_platform_is_not_reused() {
    let h = Harness::new(Options::default()).await;
    // Another platform logged message m1 and conversation log conv-x.
    let mut row = ExistingMessageLog::default();
    row.id = "m1".into();
    row.platform = OTHER.into();
    row.conversation_log_id = "conv-x".into();
    row.third_party_log_id = "other-sms".into();
    h.store.insert_message_log(row).await.unwrap();

    let a = h
        .call(
            Method::POST,
            "/messageLog",
            Some(message_body("conv-x", &["m1", "m2"], 1)),
        )
        .await;
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    assert_eq!(a.json()["logIds"], json!(["m2", "m1"]));
    // This platform's own activity was created, not the other's updated.
    assert_eq!(h.crm.count("createMessageLog"), 1);
    for update in h.crm.calls_to("updateMessageLog") {
        assert_ne!(
            update["existingMessageLog"]["thirdPartyLogId"], "other-sms",
            "{update}"
        );
    }
    let mine = h
        .store
        .find_by_conversation_log_id(PLATFORM, "conv-x")
        .await
        .unwrap()
        .unwrap();
    assert_ne!(mine.third_party_log_id, "other-sms");
    let theirs = h.store.get_message_log(OTHER, "m1").await.unwrap().unwrap();
    assert_eq!(theirs.third_party_log_id, "other-sms");
}
