//! `GET`/`POST /user/settings` and `GET /licenseStatus`: success, failure and status codes,
//! each JSON answer checked against App Connect's OpenAPI contract.

mod common;
mod support;

use app_connect_sdk::http::{Method, StatusCode};
use app_connect_sdk::server::AUTHORIZE_CRM;
use app_connect_sdk::server::store::UserStore;
use serde_json::{Value, json};
use support::{Harness, Options, PLATFORM, USER_ID, assert_contract};

const GET: Method = Method::GET;
const POST: Method = Method::POST;

async fn harness() -> Harness {
    Harness::new(Options::default()).await
}

async fn stored_settings(h: &Harness) -> Value {
    let user = h
        .store
        .get_user(PLATFORM, USER_ID)
        .await
        .expect("store")
        .expect("user");
    serde_json::to_value(&user.user_settings).expect("settings serialise")
}

#[tokio::test]
async fn routes_user_settings_merge_remove_and_read_back() {
    let h = harness().await;
    let a = h.call(GET, "/user/settings", None).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/user/settings", &a);
    let before = a.json();
    assert!(before.is_object(), "{}", a.text);

    let update = json!({
        "userSettings": {
            "theme": { "value": "dark", "customizable": true },
            "legacy": { "value": true }
        }
    });
    let a = h.call(POST, "/user/settings", Some(update)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/user/settings", &a);
    assert_eq!(a.json()["userSettings"]["theme"]["value"], "dark");
    assert_eq!(a.json()["userSettings"]["legacy"]["value"], true);
    let hook = h.crm.calls_to("onUpdateUserSettings");
    assert_eq!(hook.len(), 1);
    assert_eq!(hook[0]["submitted"]["theme"]["value"], "dark");
    assert_eq!(hook[0]["merged"]["legacy"]["value"], true);

    // A second update replaces one entry, removes another and keeps the rest.
    let update = json!({
        "userSettings": { "theme": { "value": "light" } },
        "settingKeysToRemove": ["legacy"]
    });
    let a = h.call(POST, "/user/settings", Some(update)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/user/settings", &a);
    assert_eq!(
        a.json()["userSettings"]["theme"],
        json!({ "value": "light" })
    );
    assert!(
        a.json()["userSettings"].get("legacy").is_none(),
        "{}",
        a.text
    );
    for (id, setting) in before.as_object().into_iter().flatten() {
        assert_eq!(&a.json()["userSettings"][id], setting, "{id} kept");
    }
    let stored = stored_settings(&h).await;
    assert_eq!(stored, a.json()["userSettings"]);

    let a = h.call(GET, "/user/settings", None).await;
    assert_contract("GET", "/user/settings", &a);
    assert_eq!(a.json(), stored);
    assert!(h.crm.calls_to("createCallLog").is_empty());
}

#[tokio::test]
async fn routes_user_settings_the_hook_decides_what_is_stored() {
    let h = harness().await;
    let before = stored_settings(&h).await;
    for id in ["locked", "broken"] {
        let update = json!({ "userSettings": { id: { "value": 1 } } });
        let a = h.call(POST, "/user/settings", Some(update)).await;
        assert_eq!(a.status, StatusCode::OK, "{id}: {}", a.text);
        assert_contract("POST", "/user/settings", &a);
        // App Connect's answer when the connector's hook does not accept: `{}`.
        assert_eq!(a.json(), json!({}), "{id}");
        assert_eq!(stored_settings(&h).await, before, "{id}: nothing stored");
    }
    assert_eq!(h.crm.count("onUpdateUserSettings"), 2);
}

#[tokio::test]
async fn routes_user_settings_failures() {
    let h = harness().await;
    for (method, body) in [(GET, None), (POST, Some(json!({ "userSettings": {} })))] {
        let a = h
            .raw(
                method.clone(),
                "/user/settings",
                None,
                body.map(|b| b.to_string().into_bytes()).unwrap_or_default(),
            )
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{method}: {}", a.text);
        assert_contract(method.as_str(), "/user/settings", &a);
        assert_eq!(a.message(), AUTHORIZE_CRM);
    }
    let a = h
        .call(POST, "/user/settings", Some(json!({ "userSettings": [1] })))
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
    assert!(a.text.contains("userSettings"), "{}", a.text);
    let a = h.call(POST, "/user/settings", None).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
    let a = h.call(Method::DELETE, "/user/settings", None).await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(h.crm.calls().is_empty(), "{:?}", h.crm.calls());
}

#[tokio::test]
async fn routes_license_status_is_the_connectors() {
    let h = harness().await;
    let a = h.call(GET, "/licenseStatus", None).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/licenseStatus", &a);
    assert_eq!(
        a.json(),
        json!({ "isLicenseValid": true, "licenseStatus": "Pro", "licenseStatusDescription": "" })
    );
    assert_eq!(h.crm.count("getLicenseStatus"), 1);

    let a = h.raw(GET, "/licenseStatus", None, Vec::new()).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.message(), AUTHORIZE_CRM);
    assert_eq!(h.crm.count("getLicenseStatus"), 1);

    // Now served, so advertised.
    let a = h
        .raw(
            GET,
            &format!("/implementedInterfaces?platform={PLATFORM}"),
            None,
            Vec::new(),
        )
        .await;
    assert_eq!(a.json()["getLicenseStatus"], true, "{}", a.text);
}
