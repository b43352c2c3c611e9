//! `ServerBuilder::observer` (issue 13): every connector interface call is reported with its
//! interface, duration, outcome, CRM status and `extraDataTracking`.

mod common;
mod support;

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use app_connect_sdk::http::{Method, StatusCode};
use app_connect_sdk::server::{CallOutcome, InterfaceCall, Observer};
use serde_json::Value;
use support::{Failure, Harness, Options, create_call_body};

/// One observed call, owned.
#[derive(Debug, Clone)]
struct Seen {
    platform: String,
    interface: String,
    duration: Duration,
    outcome: CallOutcome,
    crm_status: Option<u16>,
    tracking: Option<Value>,
}

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Seen>>>);

impl Recorder {
    fn seen(&self) -> Vec<Seen> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Observer for Recorder {
    fn interface_called(&self, call: &InterfaceCall<'_>) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Seen {
                platform: call.platform.to_owned(),
                interface: call.interface.as_str().to_owned(),
                duration: call.duration,
                outcome: call.outcome,
                crm_status: call.crm_status.map(|s| s.as_u16()),
                tracking: call.extra_data_tracking.map(|t| Value::Object(t.clone())),
            });
    }
}

async fn harness(options: Options) -> (Harness, Recorder) {
    let recorder = Recorder::default();
    let observer = recorder.clone();
    let h = Harness::with(options, move |b| b.observer(observer)).await;
    (h, recorder)
}

#[tokio::test]
async fn a_successful_call_reports_its_interface_duration_and_tracking() {
    let (h, recorder) = harness(Options {
        tracking: true,
        ..Options::default()
    })
    .await;
    let a = h
        .call(Method::GET, "/contact?phoneNumber=%2B14155550100", None)
        .await;
    assert_eq!(a.status, StatusCode::OK);
    let seen = recorder.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].platform, support::PLATFORM);
    assert_eq!(seen[0].interface, "findContact");
    assert_eq!(seen[0].outcome, CallOutcome::Succeeded);
    assert_eq!(seen[0].crm_status, None);
    assert_eq!(
        seen[0].tracking,
        Some(serde_json::json!({ "ratelimitRemaining": 97 }))
    );
    assert!(seen[0].duration < Duration::from_secs(5));
}

#[tokio::test]
async fn failures_and_panics_report_outcome_and_crm_status() {
    let (h, recorder) = harness(Options::default()).await;
    h.crm.fail("findContact", Failure::Crm(429, "throttled"));
    h.call(Method::GET, "/contact?phoneNumber=%2B1", None).await;
    h.crm.fail("findContact", Failure::Panic);
    h.call(Method::GET, "/contact?phoneNumber=%2B1", None).await;
    let seen = recorder.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0].outcome, CallOutcome::Failed);
    assert_eq!(seen[0].crm_status, Some(429));
    assert_eq!(seen[0].tracking, None);
    assert_eq!(seen[1].outcome, CallOutcome::Panicked);
    assert_eq!(seen[1].crm_status, None);
}

#[tokio::test]
async fn calls_in_the_spawned_call_log_task_are_observed_too() {
    let (h, recorder) = harness(Options {
        create_delay: Some(Duration::from_millis(20)),
        ..Options::default()
    })
    .await;
    let a = h
        .call(Method::POST, "/callLog", Some(create_call_body("obs-1")))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let seen = recorder.seen();
    let create = seen
        .iter()
        .find(|s| s.interface == "createCallLog")
        .unwrap_or_else(|| panic!("createCallLog not observed: {seen:?}"));
    assert_eq!(create.outcome, CallOutcome::Succeeded);
    assert!(create.duration >= Duration::from_millis(20), "{create:?}");
}
