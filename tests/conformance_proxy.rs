//! The conformance kit over the declarative proxy connector made from App Connect's sample
//! config (what `examples/proxy_server.rs` serves), in front of the sample's fake CRM.
#![cfg(all(feature = "testing", feature = "proxy", feature = "tower"))]
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

mod common;
mod proxy_support;

use std::sync::{Arc, Mutex, PoisonError};

use app_connect_sdk::async_trait;
use app_connect_sdk::connector::proxy::{ProxyConfig, ProxyConnector};
use app_connect_sdk::server::ConnectorServer;
use app_connect_sdk::server::session::SessionKeys;
use app_connect_sdk::testing::{Activity, Conformance, CrmActivities, Step};
use proxy_support::sample_crm::{API_KEY, SampleCrm, sample_crm};
use proxy_support::{FakeCrm, sample_config};
use serde_json::{Value, json};

struct Activities(Arc<Mutex<SampleCrm>>);

impl Activities {
    fn lock(&self) -> std::sync::MutexGuard<'_, SampleCrm> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait]
impl CrmActivities for Activities {
    async fn activities(&self) -> Vec<Activity> {
        let body = |a: &Value| a["description"].as_str().unwrap_or_default().to_owned();
        (self.lock().activities.iter())
            .map(|a| Activity::new(&a["id"], body(a)))
            .collect()
    }

    async fn edit_body(&self, id: &str, body: String) -> bool {
        let mut crm = self.lock();
        // Ids are numbers in this CRM ("3" is 3).
        let id: Value = serde_json::from_str(id).unwrap_or_else(|_| json!(id));
        let found = (crm.activities.iter_mut()).find(|a| a["id"] == id);
        found.map(|a| a["description"] = json!(body)).is_some()
    }
}

/// The kit over the sample config's connector, or `None` without the reference data.
async fn kit() -> Option<(Conformance, FakeCrm)> {
    let sample = sample_config()?;
    let state = Arc::new(Mutex::new(SampleCrm::default()));
    let ada = json!({ "id": "c-0", "name": "Ada Lovelace", "phone": "+14155550100" });
    state.lock().unwrap().contacts.push(ada);
    let crm = FakeCrm::start(sample_crm(state.clone())).await;
    let mut config = ProxyConfig::from_json_value(sample).unwrap();
    config.set_base_url(&crm.url).unwrap();
    let connector = ProxyConnector::from_config(config).unwrap();
    let manifest = connector.manifest("http://127.0.0.1:1").unwrap();
    let platform = manifest
        .platforms
        .iter()
        .next()
        .map(|(k, _)| k.to_owned())
        .unwrap();
    let server = ConnectorServer::builder(SessionKeys::new(SECRET).unwrap())
        .connector(connector)
        .manifest(&manifest)
        .build()
        .unwrap();
    let kit = Conformance::new(server, platform, Activities(state))
        .api_key(API_KEY)
        .manifest(&manifest);
    Some((kit, crm))
}

const SECRET: &str = "conformance-proxy-secret-of-at-least-32-bytes";

#[tokio::test]
async fn conformance_proxy_sample_passes_sign_in_contacts_and_call_logging() {
    let Some((kit, _crm)) = kit().await else {
        return;
    };
    // The sample's updateMessageLog replaces the description with the latest message
    // (the next test shows the kit catching it), so the SMS steps are checked there.
    let kit = kit
        .skip(Step::MessageLog)
        .skip(Step::MessageAppend)
        .skip(Step::SharedSms);
    let report = kit.run().await.unwrap_or_else(|e| panic!("{e}"));
    for step in [
        Step::SignIn,
        Step::ContactMatch,
        Step::ContactNoMatch,
        Step::CreateContact,
        Step::LogAgainstNewContact,
        Step::CreateCallLog,
        Step::DuplicateCallLog,
        Step::UpdateCallLog,
        Step::ReadBack,
        Step::Logout,
    ] {
        assert!(report.ran(step), "{step}:\n{report}");
    }
}

#[tokio::test]
async fn conformance_proxy_sample_overwrites_earlier_messages_at_sms_log() {
    let Some((kit, _crm)) = kit().await else {
        return;
    };
    let error = kit.run().await.unwrap_err();
    // Two messages of one conversation: the second replaces the first in the activity.
    assert_eq!(error.step, Step::MessageLog, "{error}");
    let text = error.to_string();
    assert!(text.contains("exactly once"), "{text}");
    assert!(!text.contains(API_KEY), "no secret in a failure: {text}");
}
