//! App Connect's sample proxy config driven end to end over loopback: a `ConnectorServer`
//! serving a `ProxyConnector` made from the config alone, in front of a fake CRM that speaks
//! the sample's API. Sign-in → contact lookup → create contact → call log → update → get →
//! SMS, every answer checked against the OpenAPI contract.
#![cfg(all(feature = "proxy", feature = "tower"))]

mod common;
mod proxy_support;
mod support;

use std::sync::{Arc, Mutex, PoisonError};

use app_connect_sdk::connector::proxy::{ProxyConfig, ProxyConnector};
use app_connect_sdk::http::{Method, Request, StatusCode};
use app_connect_sdk::server::ConnectorServer;
use proxy_support::sample_crm::{API_KEY, SampleCrm, sample_crm};
use proxy_support::{FakeCrm, sample_config};
use serde_json::{Value, json};
use support::{Answer, answer, assert_contract, keys};

const PHONE: &str = "+14155550100";
const NEW_PHONE: &str = "+14155550177";

struct Client {
    server: ConnectorServer,
    token: Option<String>,
}

impl Client {
    async fn send(&self, method: Method, uri: &str, body: Option<Value>) -> Answer {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(token) = &self.token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let bytes = match body {
            Some(b) => {
                request = request.header("content-type", "application/json");
                b.to_string().into_bytes()
            }
            None => Vec::new(),
        };
        answer(
            self.server
                .handle(request.body(bytes).expect("request"))
                .await,
        )
    }
}

async fn setup() -> Option<(Client, FakeCrm, Arc<Mutex<SampleCrm>>)> {
    let sample = sample_config()?;
    let state = Arc::new(Mutex::new(SampleCrm::default()));
    state
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .contacts
        .push(json!({ "id": "c-0", "name": "Ada Lovelace", "phone": PHONE }));
    let crm = FakeCrm::start(sample_crm(state.clone())).await;
    let mut config = ProxyConfig::from_json_value(sample).expect("sample is valid");
    config.set_base_url(&crm.url).expect("base url");
    let connector = ProxyConnector::from_config(config).expect("connector");
    let manifest = connector
        .manifest("http://127.0.0.1:1")
        .expect("a manifest derived from the config");
    let server = ConnectorServer::builder(keys())
        .connector(connector)
        .manifest(&manifest)
        .build()
        .expect("server builds");
    Some((
        Client {
            server,
            token: None,
        },
        crm,
        state,
    ))
}

#[tokio::test]
async fn proxy_sample_config_end_to_end_over_loopback() {
    let Some((mut client, crm, state)) = setup().await else {
        return;
    };

    // What the connector declares, from its operations.
    let a = client
        .send(Method::GET, "/implementedInterfaces?platform=proxy", None)
        .await;
    assert_contract("GET", "/implementedInterfaces", &a);
    let implemented = a.json();
    assert_eq!(implemented["createContact"], true);
    assert_eq!(implemented["createMessageLog"], true);
    assert_eq!(implemented["getBasicAuth"], true);
    assert_eq!(implemented["findContactWithName"], false);
    assert_eq!(implemented["upsertCallDisposition"], false);

    let a = client
        .send(Method::GET, "/crmManifest?platformName=proxy", None)
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json()["platforms"]["proxy"]["auth"]["type"], "apiKey");

    // A wrong key is refused by the CRM, and the login with it.
    let a = client
        .send(
            Method::POST,
            "/apiKeyLogin",
            Some(json!({ "platform": "proxy", "apiKey": "wrong" })),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
    assert_contract("POST", "/apiKeyLogin", &a);
    assert_eq!(a.message(), "Authorization error");

    // Sign-in.
    let a = client
        .send(
            Method::POST,
            "/apiKeyLogin",
            Some(json!({ "platform": "proxy", "apiKey": API_KEY })),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/apiKeyLogin", &a);
    assert_eq!(a.json()["name"], "ada");
    assert_eq!(a.message(), "Welcome, ada");
    client.token = a.json()["jwtToken"].as_str().map(str::to_owned);
    assert!(client.token.is_some());

    // Contact lookup: a known and an unknown number.
    let a = client
        .send(Method::GET, "/contact?phoneNumber=%2B14155550100", None)
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/contact", &a);
    assert_eq!(a.json()["successful"], true);
    assert_eq!(a.json()["contact"][0]["id"], "c-0", "{}", a.text);
    assert_eq!(a.json()["contact"][0]["name"], "Ada Lovelace");
    assert_eq!(crm.last().query("phone"), Some(PHONE));
    let a = client
        .send(Method::GET, "/contact?phoneNumber=%2B14155550177", None)
        .await;
    assert_contract("GET", "/contact", &a);

    // Create a contact.
    let a = client
        .send(
            Method::POST,
            "/contact",
            Some(json!({ "phoneNumber": NEW_PHONE, "newContactName": "Grace Hopper", "newContactType": "Lead" })),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/contact", &a);
    assert_eq!(a.json()["successful"], true);
    let contact_id = a.json()["contact"]["id"]
        .as_str()
        .map(str::to_owned)
        .expect("id");
    assert_eq!(a.json()["contact"]["name"], "Grace Hopper");
    assert_eq!(
        crm.last().body,
        json!({ "name": "Grace Hopper", "type": "Lead", "phone": NEW_PHONE })
    );

    // Log a call against it.
    let mut call = support::create_call_body("proxy-s1");
    call["contactId"] = json!(contact_id);
    call["contactName"] = json!("Grace Hopper");
    call["logInfo"]["from"]["phoneNumber"] = json!(NEW_PHONE);
    let a = client.send(Method::POST, "/callLog", Some(call)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/callLog", &a);
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    let log_id = a.json()["logId"]
        .as_str()
        .map(str::to_owned)
        .expect("logId");
    let created = crm.last();
    assert_eq!(created.path, "/activities");
    assert_eq!(created.body["subject"], "Inbound Call from Grace Hopper");
    assert_eq!(
        created.body["linked_contacts"][0]["contact_id"],
        contact_id.as_str()
    );
    assert_eq!(created.body["start_date"], "2023-11-14T22:13:20.000Z");
    let description = created.body["description"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        description.contains("Discussed the renewal."),
        "{description}"
    );

    // The user edits the activity in the CRM; the update keeps the edit.
    {
        let mut crm_state = state.lock().unwrap_or_else(PoisonError::into_inner);
        let activity = crm_state.activities.last_mut().expect("activity");
        activity["description"] = json!(format!("Callback on Monday\n{description}"));
    }
    let a = client
        .send(
            Method::PATCH,
            "/callLog",
            Some(json!({ "sessionId": "proxy-s1", "note": "Renewal agreed", "subject": "Renewal call" })),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("PATCH", "/callLog", &a);
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    let update = crm.last();
    assert_eq!(update.method, Method::PUT);
    assert_eq!(update.path, format!("/activities/{log_id}"));
    assert_eq!(update.body["subject"], "Renewal call");
    let body = update.body["description"].as_str().unwrap_or_default();
    assert!(
        body.contains("Callback on Monday") && body.contains("Renewal agreed"),
        "{body}"
    );
    assert!(!body.contains("Discussed the renewal."), "{body}");

    // Read it back.
    let a = client
        .send(
            Method::GET,
            "/callLog?sessionIds=proxy-s1&requireDetails=true",
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/callLog", &a);
    let log = a.json()["logs"][0].clone();
    assert_eq!(log["matched"], true, "{log}");
    assert_eq!(log["logId"], log_id.as_str());
    assert_eq!(log["logData"]["subject"], "Renewal call");

    // SMS: the first message creates the activity, a later one of the same day updates it.
    let mut sms = support::message_body("conv-1-day", &["m1"], 0);
    sms["contactId"] = json!(contact_id);
    sms["contactName"] = json!("Grace Hopper");
    let a = client.send(Method::POST, "/messageLog", Some(sms)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/messageLog", &a);
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    let sms_create = crm.last();
    assert_eq!(
        (sms_create.method.as_str(), sms_create.path.as_str()),
        ("POST", "/activities")
    );
    assert_eq!(sms_create.body["subject"], "Message with Grace Hopper");
    assert_eq!(sms_create.body["start_date"], "2026-11-21T08:00:00.000Z");
    let sms_id = a.json()["logIds"][0].clone();

    let mut later = support::message_body("conv-1-day", &["m1", "m2"], 0);
    later["contactId"] = json!(contact_id);
    let a = client.send(Method::POST, "/messageLog", Some(later)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/messageLog", &a);
    let sms_update = crm.last();
    assert_eq!(sms_update.method, Method::PUT, "{}", a.text);
    assert!(sms_update.path.starts_with("/activities/"), "{sms_id}");

    // Every CRM request carried the configured headers.
    for request in crm
        .requests()
        .iter()
        .filter(|r| r.header("authorization").is_some())
    {
        assert_eq!(request.header("accept"), Some("application/json"));
    }
}
