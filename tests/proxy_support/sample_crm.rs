//! The CRM App Connect's sample proxy config talks to: `/authentication`, `/contacts`,
//! `/activities`, kept in a `SampleCrm` the test can read.

use std::sync::{Arc, Mutex, PoisonError};

use base64::Engine as _;
use serde_json::{Value, json};

use super::{Recorded, Reply};

/// The API key the sample CRM accepts (sent as `Basic base64(key)`).
pub const API_KEY: &str = "sample-api-key";

/// The sample's CRM: `/authentication`, `/contacts`, `/activities`.
#[derive(Default)]
pub struct SampleCrm {
    /// Contacts: `{ id, name, type, phone }`.
    pub contacts: Vec<Value>,
    /// Activities as the connector wrote them, with their `id`.
    pub activities: Vec<Value>,
    /// The last id handed out.
    pub next: u64,
}

/// The responder of a [`FakeCrm`](super::FakeCrm) speaking the sample's API over `state`.
pub fn sample_crm(state: Arc<Mutex<SampleCrm>>) -> impl Fn(&Recorded) -> Reply + Send + Sync {
    move |r: &Recorded| {
        let expected = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(API_KEY)
        );
        if r.header("authorization") != Some(expected.as_str()) {
            return Reply::status(401, json!({ "error": "bad key" }));
        }
        let mut crm = state.lock().unwrap_or_else(PoisonError::into_inner);
        let segments: Vec<&str> = r.path.trim_matches('/').split('/').collect();
        match (r.method.as_str(), segments.as_slice()) {
            ("GET", ["authentication"]) => Reply::json(json!({
                "user": { "username": "ada", "role": "admin" }, "message": "Welcome, ada"
            })),
            ("GET", ["contacts"]) => {
                let phone = r.query("phone").unwrap_or_default();
                let found: Vec<Value> = (crm.contacts.iter())
                    .filter(|c| c["phone"] == phone)
                    .cloned()
                    .collect();
                Reply::json(json!({ "contacts": found }))
            }
            ("POST", ["contacts"]) => {
                crm.next += 1;
                let contact = json!({
                    "id": format!("c-{}", crm.next), "name": r.body["name"],
                    "type": r.body["type"], "phone": r.body["phone"]
                });
                crm.contacts.push(contact.clone());
                Reply::json(contact)
            }
            ("POST", ["activities"]) => {
                crm.next += 1;
                let mut activity = r.body.clone();
                activity["id"] = json!(crm.next);
                crm.activities.push(activity.clone());
                Reply::json(json!({ "activity": activity }))
            }
            (method, ["activities", id]) => {
                let Some(activity) =
                    (crm.activities.iter_mut()).find(|a| a["id"].to_string().as_str() == *id)
                else {
                    return Reply::status(404, json!({ "error": "no such activity" }));
                };
                if method == "PUT" {
                    for (k, v) in r.body.as_object().into_iter().flatten() {
                        activity[k] = v.clone();
                    }
                }
                Reply::json(json!({ "activity": activity }))
            }
            _ => Reply::status(404, json!({ "error": "no route" })),
        }
    }
}
