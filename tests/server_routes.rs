//! In-process tests of every route the connector server serves: success, failure, status
//! codes, and each JSON answer checked against App Connect's OpenAPI response schema.

mod common;
mod support;

use app_connect_sdk::compose::LogFormat;
use app_connect_sdk::http::{Method, Request, StatusCode, header};
use app_connect_sdk::server::store::{CallIdentity, CallLogStore, MessageLogStore, UserStore};
use app_connect_sdk::server::{ConnectorServer, REFRESHED_TOKEN_HEADER};
use serde_json::{Value, json};
use sha2::Digest;
use support::{
    Failure, GOOD_KEY, Harness, KNOWN_PHONE, Options, PLATFORM, USER_ID, assert_contract,
    create_call_body, message_body,
};

const GET: Method = Method::GET;
const POST: Method = Method::POST;
const PATCH: Method = Method::PATCH;

async fn harness() -> Harness {
    Harness::new(Options::default()).await
}

/// Logs a call for `session_id` and returns its CRM id.
async fn logged(h: &Harness, session_id: &str) -> String {
    let a = h
        .call(POST, "/callLog", Some(create_call_body(session_id)))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    a.json()["logId"].to_string()
}

// ---------------------------------------------------------------- meta routes

#[tokio::test]
async fn is_alive_answers_ok_text() {
    let h = harness().await;
    let a = h.raw(GET, "/isAlive", None, Vec::new()).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.text, "OK");
    assert!(h.crm.calls().is_empty());
}

#[tokio::test]
async fn implemented_interfaces_lists_capabilities_and_cache_flag() {
    let h = Harness::with(Options::default(), |b| b.cache_call_note(true)).await;
    let a = h
        .raw(
            GET,
            &format!("/implementedInterfaces?platform={PLATFORM}"),
            None,
            Vec::new(),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/implementedInterfaces", &a);
    let map = a.json();
    // API-key connector: getBasicAuth, no getOauthInfo (server-api §7 item 7).
    assert_eq!(map["getBasicAuth"], true, "{map}");
    assert!(map.get("getOauthInfo").is_none_or(|v| v == false), "{map}");
    assert_eq!(map["cacheCallNote"], true);
    assert_eq!(map["createMessageLog"], true);

    let off = harness().await;
    let a = off
        .raw(
            GET,
            &format!("/implementedInterfaces?platform={PLATFORM}"),
            None,
            Vec::new(),
        )
        .await;
    assert_eq!(a.json()["cacheCallNote"], false);

    let missing = h.raw(GET, "/implementedInterfaces", None, Vec::new()).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert!(missing.text.contains("platform"), "{}", missing.text);
    let unknown = h
        .raw(
            GET,
            "/implementedInterfaces?platform=nope",
            None,
            Vec::new(),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(unknown.text.contains("nope"), "{}", unknown.text);
}

#[tokio::test]
async fn crm_manifest_is_served_when_configured() {
    use app_connect_sdk::manifest::{
        ApiKeyPage, Auth as ManifestAuth, AuthField, Manifest, Platform,
    };
    let manifest = Manifest::builder()
        .author("tests", "https://example.com/")
        .version("0.1.0")
        .platform(
            Platform::builder(
                PLATFORM,
                ManifestAuth::api_key(
                    ApiKeyPage::new("Test CRM").field(AuthField::new("apiKey", "API key")),
                ),
            )
            .display_name("Test CRM"),
        )
        .build()
        .expect("manifest builds");
    let h = Harness::with(Options::default(), |b| b.manifest(&manifest)).await;
    let a = h
        .raw(
            GET,
            &format!("/crmManifest?platformName={PLATFORM}"),
            None,
            Vec::new(),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json()["platforms"][PLATFORM]["displayName"], "Test CRM");
    let unknown = h
        .raw(GET, "/crmManifest?platformName=other", None, Vec::new())
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(unknown.text.contains("other"));

    let none = harness().await;
    let a = none.raw(GET, "/crmManifest", None, Vec::new()).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.text.contains("manifest"), "{}", a.text);
}

// ---------------------------------------------------------------- apiKeyLogin (item 14)

#[tokio::test]
async fn api_key_login_issues_a_token_and_stores_the_user() {
    let h = Harness::new(Options {
        overriding_key: Some("overridden-key"),
        ..Options::default()
    })
    .await;
    let body = json!({ "platform": PLATFORM, "apiKey": GOOD_KEY, "hostname": "crm.example.com" });
    let a = h
        .raw(POST, "/apiKeyLogin", None, body.to_string().into_bytes())
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/apiKeyLogin", &a);
    let token = a.json()["jwtToken"].as_str().unwrap_or_default().to_owned();
    let claims = h.keys.verify(&token).expect("a valid session token");
    assert_eq!(claims.id, "u1");
    assert_eq!(claims.platform, PLATFORM);
    assert_eq!(a.json()["name"], "Test User");
    let user = h
        .store
        .get_user(PLATFORM, "u1")
        .await
        .expect("store")
        .expect("user");
    assert_eq!(user.access_token.expose(), "overridden-key");
    assert_eq!(user.hostname.as_deref(), Some("crm.example.com"));
    // The new token signs in.
    let c = h
        .raw(
            GET,
            "/contact?phoneNumber=%2B14155550100",
            Some(&token),
            Vec::new(),
        )
        .await;
    assert_eq!(c.json()["successful"], true, "{}", c.text);
}

#[tokio::test]
async fn api_key_login_failures() {
    let h = harness().await;
    let a = h
        .raw(
            POST,
            "/apiKeyLogin",
            None,
            json!({ "apiKey": GOOD_KEY }).to_string().into_bytes(),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.text.contains("platform"), "{}", a.text);
    assert_eq!(h.crm.count("getUserInfo"), 0);

    let a = h
        .raw(
            POST,
            "/apiKeyLogin",
            None,
            json!({ "platform": PLATFORM, "apiKey": "bad" })
                .to_string()
                .into_bytes(),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_contract("POST", "/apiKeyLogin", &a);
    assert_eq!(a.json()["returnMessage"]["message"], "Invalid API key");
    assert!(a.json().get("jwtToken").is_none());
    assert_eq!(h.crm.count("getUserInfo"), 1);

    let a = h
        .raw(
            POST,
            "/apiKeyLogin",
            None,
            json!({ "platform": PLATFORM }).to_string().into_bytes(),
        )
        .await;
    // As in App Connect, a missing key is the connector's to judge.
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.json()["returnMessage"]["message"], "Invalid API key");
    assert_eq!(h.crm.count("getUserInfo"), 2);
}

// ---------------------------------------------------------------- contacts

#[tokio::test]
async fn get_contact_finds_and_warns_when_nothing_real_matched() {
    let h = Harness::new(Options {
        placeholder: true,
        ..Options::default()
    })
    .await;
    let a = h
        .call(GET, "/contact?phoneNumber=%2B14155550100", None)
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_contract("GET", "/contact", &a);
    let body = a.json();
    assert_eq!(body["successful"], true);
    assert_eq!(body["contact"][0]["name"], "Ada Lovelace");
    assert!(body.get("returnMessage").is_none(), "{body}");
    // The placeholder is passed through after the real match.
    assert_eq!(body["contact"].as_array().map(Vec::len), Some(2));
    assert_eq!(body["contact"][1]["isNewContact"], true, "{body}");

    // An unencoded `+` arrives as a space and is restored.
    let a = h.call(GET, "/contact?phoneNumber=+14155550100", None).await;
    assert_eq!(a.json()["contact"][0]["name"], "Ada Lovelace", "{}", a.text);
    assert_eq!(h.crm.calls_to("findContact")[1]["phoneNumber"], KNOWN_PHONE);

    let a = h
        .call(GET, "/contact?phoneNumber=%2B19995550000", None)
        .await;
    assert_contract("GET", "/contact", &a);
    assert_eq!(a.json()["contact"][0]["isNewContact"], true);
    assert_eq!(a.message(), "Contact not found");
    assert!(a.text.contains("+19995550000"));

    let a = h.call(GET, "/contact", None).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_contract("GET", "/contact", &a);
    assert!(a.text.contains("phoneNumber"));
}

#[tokio::test]
async fn post_contact_creates_or_says_not_implemented() {
    let h = harness().await;
    let body = json!({ "phoneNumber": "+14155550111", "newContactName": "Grace Hopper", "newContactType": "Contact" });
    let a = h.call(POST, "/contact", Some(body.clone())).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/contact", &a);
    assert_eq!(a.json()["successful"], true);
    assert_eq!(a.json()["contact"]["name"], "Grace Hopper");
    assert_eq!(
        h.crm.calls_to("createContact")[0]["phoneNumber"],
        "+14155550111"
    );

    let without = Harness::new(Options {
        contact_creation: false,
        ..Options::default()
    })
    .await;
    let a = without.call(POST, "/contact", Some(body)).await;
    assert_eq!(a.json()["successful"], false, "{}", a.text);
    assert_contract("POST", "/contact", &a);
    let message = a.message().to_lowercase();
    assert!(
        message.contains("not") && (message.contains("support") || message.contains("implement")),
        "{}",
        a.text
    );
    assert_eq!(without.crm.count("createContact"), 0);
}

#[tokio::test]
async fn custom_contact_search_by_name() {
    let h = harness().await;
    let a = h.call(GET, "/custom/contact/search?name=Ada", None).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_contract("GET", "/custom/contact/search", &a);
    assert_eq!(a.json()["contact"][0]["id"], 42);
    let a = h.call(GET, "/custom/contact/search?name=Zed", None).await;
    assert_contract("GET", "/custom/contact/search", &a);
    assert!(a.message().contains("Zed"), "{}", a.text);
    let a = h.call(GET, "/custom/contact/search", None).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.text.contains("name"));

    let without = Harness::new(Options {
        contact_search: false,
        ..Options::default()
    })
    .await;
    let a = without
        .call(GET, "/custom/contact/search?name=Ada", None)
        .await;
    assert_eq!(a.json()["successful"], false, "{}", a.text);
    assert_contract("GET", "/custom/contact/search", &a);
}

// ---------------------------------------------------------------- call logs

#[tokio::test]
async fn post_call_log_creates_once_per_session() {
    let h = harness().await;
    let a = h
        .call(POST, "/callLog", Some(create_call_body("session-123")))
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_contract("POST", "/callLog", &a);
    assert_eq!(a.json()["successful"], true);
    assert_eq!(a.message(), "Call logged");
    let params = &h.crm.calls_to("createCallLog")[0];
    assert_eq!(params["contactInfo"]["id"], 42);
    assert_eq!(params["contactInfo"]["phoneNumber"], KNOWN_PHONE);
    assert!(
        params["composedLogDetails"]
            .as_str()
            .is_some_and(|b| b.contains("Discussed the renewal.")),
        "{params}"
    );
    // Item 20: numeric id → response logId numeric, stored as text.
    let log_id = a.json()["logId"].clone();
    assert!(log_id.is_number(), "{log_id}");
    let row = h
        .store
        .find_call_log("testCRM", "session-123", &CallIdentity::default())
        .await
        .expect("store")
        .expect("row");
    assert_eq!(row.third_party_log_id, log_id.to_string());
    assert_eq!(row.id, "tel-session-123");

    // Item 15: the second create is refused, the CRM is not touched.
    let again = h
        .call(POST, "/callLog", Some(create_call_body("session-123")))
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_contract("POST", "/callLog", &again);
    assert_eq!(again.json()["successful"], false);
    assert_eq!(again.message(), "Existing log for session session-123");
    assert_eq!(h.crm.count("createCallLog"), 1);
}

#[tokio::test]
async fn post_call_log_per_extension_and_hashed_identity() {
    // Item 16: another extension gets its own activity.
    let h = Harness::with(Options::default(), |b| b.hash_key("hash-secret")).await;
    let mut body = create_call_body("session-ext");
    body["extensionNumber"] = json!("101");
    let first = h.call(POST, "/callLog", Some(body.clone())).await;
    assert_eq!(first.json()["successful"], true, "{}", first.text);
    body["extensionNumber"] = json!("102");
    let second = h.call(POST, "/callLog", Some(body)).await;
    assert_eq!(second.json()["successful"], true, "{}", second.text);
    assert_ne!(first.json()["logId"], second.json()["logId"]);
    let row = h
        .store
        .find_call_log("testCRM", "session-ext", &CallIdentity::new("102", ""))
        .await
        .expect("store")
        .expect("row");
    assert_eq!(row.third_party_log_id, second.json()["logId"].to_string());

    // Item 18: SSCL create with a raw rcExtensionId stores hex(sha256("<id>:<HASH_KEY>")).
    let mut body = create_call_body("session-sscl");
    body["rcExtensionId"] = json!("rc-ext-1");
    let a = h.call(POST, "/callLog", Some(body)).await;
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    let expected: String = sha2::Sha256::digest(b"rc-ext-1:hash-secret")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let row = h
        .store
        .find_call_log(
            "testCRM",
            "session-sscl",
            &CallIdentity::new("", expected.clone()),
        )
        .await
        .expect("store")
        .expect("row");
    assert_eq!(row.hashed_extension_id, expected);
}

#[tokio::test]
async fn post_call_log_without_contact_or_id() {
    // Item 19: a falsy contactId never reaches the connector.
    let h = harness().await;
    let mut body = create_call_body("session-nc");
    body["contactId"] = json!(0);
    let a = h.call(POST, "/callLog", Some(body)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_contract("POST", "/callLog", &a);
    assert_eq!(a.json()["successful"], false);
    assert!(
        a.message().starts_with("Contact not found for number"),
        "{}",
        a.text
    );
    assert_eq!(h.crm.count("createCallLog"), 0);

    // Item 20: no logId → failure, nothing persisted.
    let h = Harness::new(Options {
        create_without_id: true,
        ..Options::default()
    })
    .await;
    let a = h
        .call(POST, "/callLog", Some(create_call_body("s-noid")))
        .await;
    assert_contract("POST", "/callLog", &a);
    assert_eq!(a.json()["successful"], false);
    assert_eq!(a.message(), "CRM refused");
    let row = h
        .store
        .find_call_log("testCRM", "s-noid", &CallIdentity::default())
        .await
        .expect("store");
    assert!(row.is_none());
}

#[tokio::test]
async fn connector_errors_become_return_messages() {
    // Item 22.
    let h = harness().await;
    h.crm.fail("createCallLog", Failure::Crm(429, "slow down"));
    let a = h
        .call(POST, "/callLog", Some(create_call_body("s-429")))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/callLog", &a);
    assert_eq!(a.json()["successful"], false);
    assert!(a.message().contains("Rate limit exceeded"), "{}", a.text);

    h.crm
        .fail("createCallLog", Failure::Crm(401, "token rejected"));
    let a = h
        .call(POST, "/callLog", Some(create_call_body("s-401")))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json()["successful"], false);
    assert!(a.message().contains("Authorization error"), "{}", a.text);
    assert!(a.json().get("errorCode").is_none());
    // The user is not revoked.
    let user = h
        .store
        .get_user(PLATFORM, USER_ID)
        .await
        .expect("store")
        .expect("user");
    assert!(user.is_connected());
    // Nothing stored for either.
    for s in ["s-429", "s-401"] {
        let row = h
            .store
            .find_call_log("testCRM", s, &CallIdentity::default())
            .await
            .expect("store");
        assert!(row.is_none());
    }
}

#[tokio::test]
async fn a_panicking_connector_is_answered_and_the_server_keeps_serving() {
    let h = harness().await;
    h.crm.fail("findContact", Failure::Panic);
    let a = h
        .call(GET, "/contact?phoneNumber=%2B14155550100", None)
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json()["successful"], false);
    assert_contract("GET", "/contact", &a);
    assert!(!a.message().is_empty());
    h.crm.heal("findContact");
    let a = h
        .call(GET, "/contact?phoneNumber=%2B14155550100", None)
        .await;
    assert_eq!(a.json()["successful"], true, "{}", a.text);

    // A panic while logging releases the session lock.
    h.crm.fail("createCallLog", Failure::Panic);
    let a = h
        .call(POST, "/callLog", Some(create_call_body("s-panic")))
        .await;
    assert_eq!(a.json()["successful"], false, "{}", a.text);
    h.crm.heal("createCallLog");
    let a = h
        .call(POST, "/callLog", Some(create_call_body("s-panic")))
        .await;
    assert_eq!(a.json()["successful"], true, "{}", a.text);
}

#[tokio::test]
async fn get_call_log_lookup() {
    // Item 23.
    let h = harness().await;
    let log_id = logged(&h, "session-1").await;
    let a = h
        .call(GET, "/callLog?sessionIds=session-1,session-2", None)
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_contract("GET", "/callLog", &a);
    let logs = a.json()["logs"].clone();
    assert_eq!(logs[0]["sessionId"], "session-1");
    assert_eq!(logs[0]["matched"], true);
    assert_eq!(logs[0]["logId"], log_id);
    assert_eq!(
        logs[1],
        json!({ "sessionId": "session-2", "matched": false })
    );
    assert_eq!(h.crm.count("getCallLog"), 0);

    let a = h.call(GET, "/callLog?sessionIds=a,b,c,d,e,f,g", None).await;
    assert_eq!(a.json()["logs"].as_array().map(Vec::len), Some(5));

    let a = h
        .call(
            GET,
            "/callLog?sessionIds=0,session-1&requireDetails=true",
            None,
        )
        .await;
    assert_contract("GET", "/callLog", &a);
    let logs = a.json()["logs"].clone();
    assert_eq!(logs[0], json!({ "sessionId": "0", "matched": false }));
    assert_eq!(logs[1]["logData"]["subject"], "A call", "{logs}");
    assert_eq!(h.crm.count("getCallLog"), 1);

    let a = h.call(GET, "/callLog", None).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_contract("GET", "/callLog", &a);
    assert!(a.text.contains("sessionIds"));
}

#[tokio::test]
async fn patch_call_log_recomposes_the_crm_body() {
    // Item 25.
    let h = harness().await;
    let unknown = h
        .call(PATCH, "/callLog", Some(json!({ "sessionId": "nope" })))
        .await;
    assert_eq!(unknown.status, StatusCode::OK);
    assert_contract("PATCH", "/callLog", &unknown);
    assert_eq!(unknown.json()["successful"], false);
    assert!(unknown.message().contains("nope"));
    assert_eq!(h.crm.count("getCallLog"), 0);

    let log_id = logged(&h, "s-up").await;
    let a = h
        .call(
            PATCH,
            "/callLog",
            Some(json!({ "sessionId": "s-up", "note": "Edited note", "subject": "Renamed" })),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_contract("PATCH", "/callLog", &a);
    assert_eq!(a.json()["successful"], true);
    assert_eq!(a.json()["logId"], log_id.as_str());
    assert_eq!(h.crm.count("getCallLog"), 1);
    let update = &h.crm.calls_to("updateCallLog")[0];
    assert_eq!(update["existingCallLogDetails"], json!({ "crmId": log_id }));
    assert_eq!(update["subject"], "Renamed");
    let composed = update["composedLogDetails"].as_str().unwrap_or_default();
    assert!(composed.contains("Edited note"), "{composed}");
    assert!(!composed.contains("Discussed the renewal."), "{composed}");
    assert_eq!(a.json()["updatedNote"], composed);

    // A failed read-back stops the update rather than overwrite the CRM body.
    h.crm.fail("getCallLog", Failure::Crm(500, "down"));
    let a = h
        .call(
            PATCH,
            "/callLog",
            Some(json!({ "sessionId": "s-up", "note": "x" })),
        )
        .await;
    assert_eq!(a.json()["successful"], false);
    assert_eq!(h.crm.count("updateCallLog"), 1);

    let a = h
        .call(PATCH, "/callLog", Some(json!({ "note": "x" })))
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_contract("PATCH", "/callLog", &a);
    assert!(a.text.contains("sessionId"), "{}", a.text);
}

#[tokio::test]
async fn patch_keeps_crm_edits_and_adds_the_recording_link_once() {
    let h = Harness::new(Options {
        format: LogFormat::Html,
        ..Options::default()
    })
    .await;
    let log_id = logged(&h, "s-html").await;
    let created = h.crm.body(&log_id).expect("body");
    assert!(created.contains("<li>"), "{created}");
    // The user edits the activity in the CRM: a line of their own before the first item.
    let user_line = "<p>Customer asked for a callback on Monday</p>";
    let edited = match created.find("<li>") {
        Some(at) => format!("{}{user_line}{}", &created[..at], &created[at..]),
        None => format!("{user_line}{created}"),
    };
    h.crm.set_body(&log_id, edited);

    let link = "https://ringcentral.github.io/ringcentral-embeddable/recording.html?id=72012";
    let patch = json!({ "sessionId": "s-html", "recordingLink": link });
    let a = h.call(PATCH, "/callLog", Some(patch.clone())).await;
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    let once = h.crm.body(&log_id).expect("body");
    assert!(once.contains(user_line), "user line lost:\n{once}");
    assert_eq!(once.matches(link).count(), 1, "{once}");

    let a = h.call(PATCH, "/callLog", Some(patch)).await;
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    let twice = h.crm.body(&log_id).expect("body");
    assert_eq!(twice, once, "a repeated PATCH changed the body");
}

#[tokio::test]
async fn custom_log_format_skips_read_back_and_composition() {
    // Item 26.
    let h = Harness::new(Options {
        format: LogFormat::Other("application/vnd.custom".into()),
        ..Options::default()
    })
    .await;
    let log_id = logged(&h, "s-custom").await;
    assert_eq!(h.crm.calls_to("createCallLog")[0]["composedLogDetails"], "");
    let a = h
        .call(
            PATCH,
            "/callLog",
            Some(json!({ "sessionId": "s-custom", "note": "n" })),
        )
        .await;
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    assert_eq!(a.json()["logId"], log_id.as_str());
    assert_eq!(h.crm.count("getCallLog"), 0);
    let update = &h.crm.calls_to("updateCallLog")[0];
    assert_eq!(update["composedLogDetails"], "");
    assert_eq!(update["note"], "n");
}

#[tokio::test]
async fn patch_falls_back_to_the_note_when_the_crm_has_no_full_body() {
    let h = Harness::new(Options {
        body_in_note: true,
        ..Options::default()
    })
    .await;
    logged(&h, "s-note").await;
    let link = "https://example.com/recording/1";
    let a = h
        .call(
            PATCH,
            "/callLog",
            Some(json!({ "sessionId": "s-note", "recordingLink": link })),
        )
        .await;
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    let composed = h.crm.calls_to("updateCallLog")[0]["composedLogDetails"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    // The stored note was the existing body: its content survives, the link is added.
    assert!(composed.contains("Discussed the renewal."), "{composed}");
    assert!(composed.contains(link), "{composed}");
}

// ---------------------------------------------------------------- OAuth connectors

#[tokio::test]
async fn oauth_connectors_refresh_and_revoke() {
    let h = Harness::new(Options {
        oauth: true,
        ..Options::default()
    })
    .await;
    let a = h
        .raw(
            GET,
            &format!("/implementedInterfaces?platform={PLATFORM}"),
            None,
            Vec::new(),
        )
        .await;
    assert_contract("GET", "/implementedInterfaces", &a);
    assert_eq!(a.json()["getOauthInfo"], true, "{}", a.text);
    assert!(a.json().get("getBasicAuth").is_none_or(|v| v == false));

    let a = h
        .call(GET, "/contact?phoneNumber=%2B14155550100", None)
        .await;
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    assert_eq!(h.crm.count("checkAndRefreshAccessToken"), 1);
    assert_eq!(
        h.crm.calls_to("findContact")[0]["cxAuthHeader"],
        "Bearer refreshed-token"
    );

    // Item 10: a revoked session is 401 CRM_SESSION_REVOKED; the operation is never called.
    let h = Harness::new(Options {
        oauth: true,
        revoked: true,
        ..Options::default()
    })
    .await;
    let a = h
        .call(POST, "/callLog", Some(create_call_body("s-rev")))
        .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}", a.text);
    assert_contract("POST", "/callLog", &a);
    assert_eq!(a.json()["errorCode"], "CRM_SESSION_REVOKED");
    assert_eq!(a.message(), "User session expired. Please connect again.");
    assert_eq!(h.crm.count("createCallLog"), 0);

    // API-key login is refused for an OAuth platform.
    let a = h
        .raw(
            POST,
            "/apiKeyLogin",
            None,
            json!({ "platform": PLATFORM, "apiKey": GOOD_KEY })
                .to_string()
                .into_bytes(),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.text.contains("OAuth"), "{}", a.text);
}

// ---------------------------------------------------------------- message logs

#[tokio::test]
async fn message_log_groups_and_appends() {
    let h = harness().await;
    // Item 28.
    let a = h
        .call(
            POST,
            "/messageLog",
            Some(message_body("conv-log-1", &[], 1)),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_contract("POST", "/messageLog", &a);
    assert_eq!(a.json()["successful"], false);
    assert_eq!(a.message(), "No message to log.");
    let anonymous = h
        .raw(
            POST,
            "/messageLog",
            None,
            message_body("conv-log-1", &[], 1).to_string().into_bytes(),
        )
        .await;
    assert_eq!(
        anonymous.status,
        StatusCode::BAD_REQUEST,
        "{}",
        anonymous.text
    );
    assert_contract("POST", "/messageLog", &anonymous);

    // Items 29 and 32: newest first in; create(oldest), then updates; ids oldest-first.
    let a = h
        .call(
            POST,
            "/messageLog",
            Some(message_body("conv-log-1", &["m3", "m2", "m1"], 1)),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/messageLog", &a);
    assert_eq!(a.json()["logIds"], json!(["m1", "m2", "m3"]));
    let order: Vec<String> = h
        .crm
        .calls()
        .iter()
        .map(|(name, params)| format!("{name}:{}", params["message"]["id"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        order,
        [
            "createMessageLog:m1",
            "updateMessageLog:m2",
            "updateMessageLog:m3"
        ]
    );
    let row = h
        .store
        .get_message_log("testCRM", "m1")
        .await
        .expect("store")
        .expect("row");
    assert_eq!(row.conversation_log_id, "conv-log-1");

    // Item 30: known message skipped; new one appended to the same CRM id.
    let a = h
        .call(
            POST,
            "/messageLog",
            Some(message_body("conv-log-1", &["m4", "m3"], 1)),
        )
        .await;
    assert_eq!(a.json()["logIds"], json!(["m4"]));
    let update = h.crm.calls_to("updateMessageLog").pop().expect("update");
    assert_eq!(update["message"]["id"], "m4");
    assert_eq!(
        update["existingMessageLog"]["thirdPartyLogId"],
        row.third_party_log_id
    );
    assert_eq!(h.crm.count("createMessageLog"), 1);

    // Item 31: all known → successful, no ids, null message, connector untouched.
    let before = h.crm.calls().len();
    let a = h
        .call(
            POST,
            "/messageLog",
            Some(message_body("conv-log-1", &["m4", "m1"], 1)),
        )
        .await;
    assert_contract("POST", "/messageLog", &a);
    assert_eq!(
        a.json(),
        json!({ "successful": true, "returnMessage": null, "logIds": [] })
    );
    assert_eq!(h.crm.calls().len(), before);

    // Missing conversationLogId is a 400 naming it.
    let mut body = message_body("x", &["m9"], 1);
    body["logInfo"]
        .as_object_mut()
        .map(|m| m.remove("conversationLogId"));
    let a = h.call(POST, "/messageLog", Some(body)).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.text.contains("conversationLogId"), "{}", a.text);
}

#[tokio::test]
async fn group_sms_ids_are_suffixed_with_the_contact() {
    // Item 33.
    let h = harness().await;
    let a = h
        .call(
            POST,
            "/messageLog",
            Some(message_body("conv-log-g", &["msg-group-1"], 2)),
        )
        .await;
    assert_eq!(
        a.json()["logIds"],
        json!(["msg-group-1-contact-456"]),
        "{}",
        a.text
    );
    let row = h
        .store
        .get_message_log("testCRM", "msg-group-1-contact-456")
        .await
        .expect("store")
        .expect("row");
    assert_eq!(row.conversation_log_id, "conv-log-g-contact-456");
    assert_eq!(row.conversation_id, "conv-1-contact-456");
}

#[tokio::test]
async fn message_log_without_crm_id_and_mms_links() {
    // Item 35.
    let h = Harness::new(Options {
        message_without_id: true,
        ..Options::default()
    })
    .await;
    let a = h
        .call(
            POST,
            "/messageLog",
            Some(message_body("conv-n", &["n1"], 1)),
        )
        .await;
    assert_eq!(a.json()["successful"], true);
    assert_eq!(a.json()["logIds"], json!([]));
    assert!(
        h.store
            .get_message_log("testCRM", "n1")
            .await
            .expect("store")
            .is_none()
    );

    // Item 36.
    let h = harness().await;
    let uri = "https://media.ringcentral.com/restapi/v1.0/account/1/extension/2/message-store/3/content/4";
    let mut body = message_body("conv-mms", &["mms-1"], 1);
    body["logInfo"]["rcAccessToken"] = json!("rc-token-1");
    body["logInfo"]["messages"][0]["attachments"] =
        json!([{ "id": "4", "uri": uri, "type": "MmsAttachment", "contentType": "image/png" }]);
    let a = h.call(POST, "/messageLog", Some(body)).await;
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    let create = &h.crm.calls_to("createMessageLog")[0];
    let encoded: String = url::form_urlencoded::byte_serialize(uri.as_bytes()).collect();
    assert!(
        create["imageLink"]
            .as_str()
            .is_some_and(|l| l.contains(&encoded)),
        "{create}"
    );
    assert_eq!(create["imageContentType"], "image/png");
    assert_eq!(
        create["imageDownloadLink"],
        format!("{uri}?access_token=rc-token-1")
    );
    // The token does not leak into the answer.
    assert!(!a.text.contains("rc-token-1"));
}

#[tokio::test]
async fn message_log_without_capability_is_refused_clearly() {
    let h = Harness::new(Options {
        message_logging: false,
        ..Options::default()
    })
    .await;
    let a = h
        .call(POST, "/messageLog", Some(message_body("c", &["z1"], 1)))
        .await;
    assert_eq!(a.json()["successful"], false, "{}", a.text);
    assert!(!a.message().is_empty());
    assert!(h.crm.calls().is_empty());
}

// ---------------------------------------------------------------- sessions (JWT)

fn b64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, b| (n << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// A token signed with the test secret carrying exactly `claims` (HS256).
fn signed(claims: &Value) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        claims,
        &jsonwebtoken::EncodingKey::from_secret(support::SECRET.as_bytes()),
    )
    .expect("test token signs")
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[tokio::test]
async fn invalid_session_tokens_are_refused_before_the_connector() {
    let h = harness().await;
    let other =
        app_connect_sdk::server::session::SessionKeys::new("another-secret-that-is-long-enough")
            .expect("keys")
            .issue(USER_ID, PLATFORM)
            .expect("token");
    let forged = {
        let mut parts: Vec<String> = h.token.split('.').map(str::to_owned).collect();
        let last = parts[2].pop().unwrap_or('A');
        parts[2].push(if last == 'A' { 'B' } else { 'A' });
        parts.join(".")
    };
    let none_alg = format!(
        "{}.{}.",
        b64(br#"{"alg":"none","typ":"JWT"}"#),
        b64(json!({ "id": USER_ID, "platform": PLATFORM })
            .to_string()
            .as_bytes())
    );
    let expired = signed(
        &json!({ "id": USER_ID, "platform": PLATFORM, "iat": now() - 100, "exp": now() - 10 }),
    );
    let no_id = signed(&json!({ "platform": PLATFORM, "exp": now() + 10_000_000 }));
    assert!(
        h.keys
            .verify(&signed(&json!({ "id": USER_ID, "platform": PLATFORM })))
            .is_ok()
    );
    let cases = [
        ("forged", forged),
        ("other secret", other.expose().to_owned()),
        ("alg none", none_alg),
        ("expired", expired),
        ("missing id", no_id),
        ("garbage", "not-a-token".to_owned()),
    ];
    for (label, token) in cases {
        let a = h
            .raw(
                GET,
                "/contact?phoneNumber=%2B14155550100",
                Some(&token),
                Vec::new(),
            )
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{label}: {}", a.text);
        assert_eq!(a.json()["successful"], false, "{label}");
        assert!(
            a.text.contains("JWT") || a.text.contains("authorize"),
            "{label}: {}",
            a.text
        );
        assert!(a.headers.get(REFRESHED_TOKEN_HEADER).is_none(), "{label}");
        assert!(!a.text.contains(&token), "{label}: the token is echoed");
        assert_contract("GET", "/contact", &a);
        let body = create_call_body(&format!("s-{label}"));
        let a = h
            .raw(
                POST,
                "/callLog",
                Some(&token),
                body.to_string().into_bytes(),
            )
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{label}: {}", a.text);
    }
    let a = h
        .raw(GET, "/contact?phoneNumber=%2B14155550100", None, Vec::new())
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.text.contains("authorize CRM platform"), "{}", a.text);
    assert!(h.crm.calls().is_empty(), "{:?}", h.crm.calls());
}

#[tokio::test]
async fn near_expiry_tokens_are_rotated_on_any_route() {
    let h = harness().await;
    let soon = signed(
        &json!({ "id": USER_ID, "platform": PLATFORM, "iat": now() - 1000, "exp": now() + 60 }),
    );
    for (method, uri) in [
        (GET, "/isAlive"),
        (GET, "/contact?phoneNumber=%2B14155550100"),
        (GET, "/nowhere"),
    ] {
        let a = h.raw(method, uri, Some(&soon), Vec::new()).await;
        let fresh = a
            .headers
            .get(REFRESHED_TOKEN_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{uri}: no refreshed token"));
        let claims = h.keys.verify(fresh).expect("valid new token");
        assert_eq!(claims.id, USER_ID);
        assert_eq!(claims.platform, PLATFORM);
        assert!(claims.exp.unwrap_or(0) > now() + 86_400, "{uri}");
    }
    // A fresh token is not rotated; a legacy token without exp is not rotated.
    let a = h.call(GET, "/isAlive", None).await;
    assert!(a.headers.get(REFRESHED_TOKEN_HEADER).is_none());
    let legacy = signed(&json!({ "id": USER_ID, "platform": PLATFORM }));
    let a = h
        .raw(
            GET,
            "/contact?phoneNumber=%2B14155550100",
            Some(&legacy),
            Vec::new(),
        )
        .await;
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    assert!(a.headers.get(REFRESHED_TOKEN_HEADER).is_none());
}

#[tokio::test]
async fn legacy_query_token_is_accepted() {
    let h = harness().await;
    let a = h
        .raw(
            GET,
            &format!("/contact?phoneNumber=%2B14155550100&jwtToken={}", h.token),
            None,
            Vec::new(),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json()["contact"][0]["name"], "Ada Lovelace");
    let seen = &h.crm.calls_to("findContact")[0];
    // The connector gets the CRM credentials, never App Connect's session token.
    assert_eq!(seen["cxJwtQuery"], false);
    assert_eq!(seen["cxAuthHeader"], format!("Basic {GOOD_KEY}:"));

    let a = h
        .call(GET, "/contact?phoneNumber=%2B14155550100", None)
        .await;
    assert_eq!(a.json()["successful"], true);
    assert_eq!(h.crm.calls_to("findContact")[1]["cxAuthorization"], false);
}

#[tokio::test]
async fn user_settings_drive_the_composed_body() {
    use app_connect_sdk::models::UserSetting;
    let h = harness().await;
    let mut user = h
        .store
        .get_user(PLATFORM, USER_ID)
        .await
        .expect("store")
        .expect("user");
    user.user_settings
        .insert("addCallLogNote", UserSetting::with_value(false));
    h.store.put_user(user).await.expect("store");
    logged(&h, "s-settings").await;
    let composed = h.crm.calls_to("createCallLog")[0]["composedLogDetails"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(!composed.is_empty());
    assert!(!composed.contains("Discussed the renewal."), "{composed}");

    let h = harness().await;
    logged(&h, "s-default").await;
    let composed = h.crm.calls_to("createCallLog")[0]["composedLogDetails"].clone();
    assert!(
        composed
            .as_str()
            .is_some_and(|c| c.contains("Discussed the renewal.")),
        "{composed}"
    );
}

#[tokio::test]
async fn unknown_user_gets_a_warning() {
    let h = harness().await;
    let token = h.keys.issue("someone-else", PLATFORM).expect("token");
    let a = h
        .raw(
            GET,
            "/contact?phoneNumber=%2B14155550100",
            Some(token.expose()),
            Vec::new(),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json()["successful"], false);
    assert_eq!(a.message(), "User not found");
    assert!(h.crm.calls().is_empty());
}

// ---------------------------------------------------------------- bad input and routing

#[tokio::test]
async fn malformed_and_mistyped_bodies_name_the_problem() {
    let h = harness().await;
    let a = h
        .raw(
            POST,
            "/callLog",
            Some(&h.token.clone()),
            b"{\"logInfo\": ".to_vec(),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(
        a.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains("JSON")),
        "{}",
        a.text
    );
    assert_contract("POST", "/callLog", &a);

    let mut body = create_call_body("s-types");
    body["logInfo"]["sessionId"] = json!({ "nested": true });
    let a = h.call(POST, "/callLog", Some(body)).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.text.contains("logInfo.sessionId"), "{}", a.text);

    let a = h.call(POST, "/callLog", None).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.text.contains("body"), "{}", a.text);

    let mut body = create_call_body("x");
    body["logInfo"]["sessionId"] = json!("");
    let a = h.call(POST, "/callLog", Some(body)).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.text.contains("logInfo.sessionId"), "{}", a.text);
    assert!(h.crm.calls().is_empty());
}

#[tokio::test]
async fn oversized_bodies_get_413() {
    let h = Harness::with(Options::default(), |b| b.body_limit(1024)).await;
    let mut body = create_call_body("s-big");
    body["note"] = json!("x".repeat(4096));
    let a = h.call(POST, "/callLog", Some(body.clone())).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(a.text.contains("1024"), "{}", a.text);
    assert!(h.crm.calls().is_empty());
    // Just under the limit passes.
    let small = create_call_body("s-small");
    assert!(small.to_string().len() < 1024);
    let a = h.call(POST, "/callLog", Some(small)).await;
    assert_eq!(a.json()["successful"], true, "{}", a.text);
}

#[tokio::test]
async fn unknown_routes_and_wrong_methods() {
    let h = harness().await;
    let a = h.call(GET, "/nowhere", None).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(
        a.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains("/nowhere"))
    );

    let a = h.call(Method::DELETE, "/callLog", None).await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        a.headers.get(header::ALLOW).and_then(|v| v.to_str().ok()),
        Some("GET, POST, PATCH")
    );
    assert!(a.text.contains("DELETE"), "{}", a.text);
    let a = h.call(POST, "/isAlive", None).await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        a.headers.get(header::ALLOW).and_then(|v| v.to_str().ok()),
        Some("GET")
    );
    assert!(h.crm.calls().is_empty());
}

#[tokio::test]
async fn base_path_mounting() {
    let h = Harness::with(Options::default(), |b| b.base_path("/crm")).await;
    let a = h.raw(GET, "/crm/isAlive", None, Vec::new()).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.text, "OK");
    let a = h.raw(GET, "/isAlive", None, Vec::new()).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = h.raw(GET, "/crmisAlive", None, Vec::new()).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = h
        .call(GET, "/crm/contact?phoneNumber=%2B14155550100", None)
        .await;
    assert_eq!(a.json()["successful"], true, "{}", a.text);
}

// ---------------------------------------------------------------- tower Service

#[tokio::test]
async fn tower_service_oneshot_with_full_body() {
    use http_body_util::{BodyExt, Full};
    use tower::ServiceExt;
    let h = harness().await;
    let request = Request::post("/callLog")
        .header(header::AUTHORIZATION, format!("Bearer {}", h.token))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Full::new(bytes::Bytes::from(
            create_call_body("s-tower").to_string(),
        )))
        .expect("request");
    let response = h.server.clone().oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let body: Value = serde_json::from_slice(&bytes).expect("JSON");
    assert_eq!(body["successful"], true, "{body}");
    assert_eq!(h.crm.count("createCallLog"), 1);
}

#[tokio::test]
async fn tower_service_refuses_a_streaming_body_over_the_limit() {
    use http_body_util::{BodyExt, StreamBody};
    use tower::ServiceExt;
    let h = Harness::with(Options::default(), |b| b.body_limit(1000)).await;
    let chunks: Vec<Result<http_body::Frame<bytes::Bytes>, std::io::Error>> = (0..10)
        .map(|_| Ok(http_body::Frame::data(bytes::Bytes::from(vec![b' '; 300]))))
        .collect();
    let body = StreamBody::new(futures_util::stream::iter(chunks));
    let request = Request::post("/callLog")
        .header(header::AUTHORIZATION, format!("Bearer {}", h.token))
        .body(body)
        .expect("request");
    let response = h.server.clone().oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let body: Value = serde_json::from_slice(&bytes).expect("JSON");
    assert!(
        body["error"].as_str().is_some_and(|e| e.contains("1000")),
        "{body}"
    );
    assert!(h.crm.calls().is_empty());
}

#[tokio::test]
async fn axum_nest_service_mounts_the_server() {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let h = harness().await;
    let app = axum::Router::new().nest_service("/crm", h.server.clone());
    let response = app
        .clone()
        .oneshot(
            Request::get("/crm/isAlive")
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await
        .expect("infallible");
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    assert_eq!(&bytes[..], b"OK");
    let response = app
        .oneshot(
            Request::get("/crm/contact?phoneNumber=%2B14155550100")
                .header(header::AUTHORIZATION, format!("Bearer {}", h.token))
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await
        .expect("infallible");
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let body: Value = serde_json::from_slice(&bytes).expect("JSON");
    assert_eq!(body["contact"][0]["name"], "Ada Lovelace", "{body}");
}

#[test]
fn server_debug_shows_no_secret() {
    let server = ConnectorServer::builder(support::keys())
        .connector(support::Crm::new(Options::default()))
        .hash_key("hash-secret-value")
        .build()
        .expect("builds");
    let debug = format!("{server:?}");
    assert!(!debug.contains(support::SECRET));
    assert!(!debug.contains("hash-secret-value"));
    assert!(debug.contains(PLATFORM));
}

// ---------------------------------------------------------------- review fixes

/// A user store whose every operation fails (a database that is down).
struct DownUsers;

#[async_trait::async_trait]
impl UserStore for DownUsers {
    async fn get_user(
        &self,
        _: &str,
        _: &str,
    ) -> Result<Option<app_connect_sdk::models::User>, app_connect_sdk::server::store::StoreError>
    {
        Err(app_connect_sdk::server::store::StoreError::Backend(
            "database is down".into(),
        ))
    }
    async fn put_user(
        &self,
        _: app_connect_sdk::models::User,
    ) -> Result<(), app_connect_sdk::server::store::StoreError> {
        Err(app_connect_sdk::server::store::StoreError::Backend(
            "database is down".into(),
        ))
    }
    async fn delete_user(
        &self,
        _: &str,
        _: &str,
    ) -> Result<(), app_connect_sdk::server::store::StoreError> {
        Ok(())
    }
}

#[tokio::test]
async fn api_key_logins_that_issue_no_token_are_400() {
    let login = json!({ "platform": PLATFORM, "apiKey": GOOD_KEY })
        .to_string()
        .into_bytes();

    // getUserInfo fails in the CRM: App Connect answers a failed login with 400, and a 200
    // would promise a `jwtToken` (ApiKeyLoginResponse requires it).
    let h = harness().await;
    h.crm.fail("getUserInfo", Failure::Crm(500, "CRM down"));
    let a = h.raw(POST, "/apiKeyLogin", None, login.clone()).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
    assert_contract("POST", "/apiKeyLogin", &a);
    assert!(a.json().get("jwtToken").is_none(), "{}", a.text);
    assert_eq!(a.message(), "Error performing getUserInfo");

    // The user store is down: no session can be issued either.
    let h = Harness::with(Options::default(), |b| b.user_store(DownUsers)).await;
    let a = h.raw(POST, "/apiKeyLogin", None, login).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
    assert_contract("POST", "/apiKeyLogin", &a);
    assert!(a.json().get("jwtToken").is_none(), "{}", a.text);
    assert_eq!(a.message(), "Database operation failed");
}

#[tokio::test]
async fn api_key_login_does_not_store_a_client_chosen_rc_account_id() {
    // `rcAccountId` in the login body is an ignored compatibility field: App Connect derives
    // the account from a verified RingCentral token, never from what the client claims.
    let h = harness().await;
    let body =
        json!({ "platform": PLATFORM, "apiKey": GOOD_KEY, "rcAccountId": "someone-elses-account" });
    let a = h
        .raw(POST, "/apiKeyLogin", None, body.to_string().into_bytes())
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let user = h
        .store
        .get_user(PLATFORM, "u1")
        .await
        .expect("store")
        .expect("user");
    assert_eq!(user.rc_account_id, None);
}

#[tokio::test]
async fn a_user_of_another_platform_with_the_same_id_is_another_row() {
    // Another connector's login wrote a user with the same CRM id: users are keyed by
    // (platform, id), so this platform's user is untouched and its credentials are the ones
    // its connector sees; the other row is intact too.
    let h = harness().await;
    let mut other = app_connect_sdk::models::User::new(USER_ID, "otherCRM");
    other.access_token = app_connect_sdk::models::Secret::new("other-crm-key".to_owned());
    h.store.put_user(other).await.expect("store");
    let a = h
        .call(GET, "/contact?phoneNumber=%2B14155550100", None)
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    let seen = h.crm.calls_to("findContact");
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(
        !seen[0]["cxAuthHeader"]
            .as_str()
            .unwrap_or_default()
            .contains("other-crm-key"),
        "{seen:?}"
    );
    let mine = h.store.get_user(PLATFORM, USER_ID).await.expect("store");
    let theirs = h.store.get_user("otherCRM", USER_ID).await.expect("store");
    assert_eq!(mine.and_then(|u| u.platform).as_deref(), Some(PLATFORM));
    assert_eq!(
        theirs
            .map(|u| u.access_token.expose().to_owned())
            .as_deref(),
        Some("other-crm-key")
    );
}

/// A shared-SMS thread (`owner.name` set) with two correspondents and thread entries.
fn shared_sms_body(conversation_log_id: &str, entities: Value) -> Value {
    let mut body = message_body(conversation_log_id, &["m2", "m1"], 2);
    body["contactName"] = json!("Ada & Co");
    body["logInfo"]["creationTime"] = json!("2026-11-21T08:00:00.000Z");
    body["logInfo"]["owner"] = json!({ "name": "Support queue", "extensionType": "Department" });
    body["logInfo"]["assignee"] = json!({ "name": "Grace Hopper" });
    body["logInfo"]["entities"] = entities;
    body
}

fn shared_content(params: &Value) -> (String, String) {
    let content = &params["sharedSMSLogContent"];
    let field = |key: &str| {
        content[key]
            .as_str()
            .unwrap_or_else(|| panic!("sharedSMSLogContent.{key} missing: {params}"))
            .to_owned()
    };
    (field("subject"), field("body"))
}

#[tokio::test]
async fn shared_sms_thread_is_created_once_then_rewritten_whole() {
    let h = Harness::new(Options {
        format: LogFormat::Html,
        ..Options::default()
    })
    .await;
    let mut entities = vec![
        json!({ "recordType": "AliveMessage", "creationTime": "2026-11-21T08:00:00Z",
                "direction": "Inbound", "text": "Need <help>" }),
        json!({ "recordType": "AliveMessage", "creationTime": "2026-11-21T08:05:00Z",
                "direction": "Outbound", "author": { "name": "Grace Hopper" }, "text": "On it" }),
        json!("not an entity"),
    ];
    let a = h
        .call(
            POST,
            "/messageLog",
            Some(shared_sms_body("conv-log-shared", json!(entities))),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/messageLog", &a);
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    assert_eq!(a.json()["logIds"], json!(["conv-log-shared"]), "{}", a.text);
    // One activity for the whole thread, not one call per message.
    assert_eq!(h.crm.count("createMessageLog"), 1, "{:?}", h.crm.calls());
    assert_eq!(h.crm.count("updateMessageLog"), 0, "{:?}", h.crm.calls());
    let create = &h.crm.calls_to("createMessageLog")[0];
    assert!(create.get("message").is_none(), "{create}");
    assert_eq!(create["ownerName"], "Support queue", "{create}");
    let (subject, body) = shared_content(create);
    assert_eq!(subject, "SMS conversation with Ada &amp; Co");
    assert!(body.contains("Need &lt;help&gt;"), "{body}");
    assert!(body.contains("On it"), "{body}");
    assert!(body.contains("Receiving call queue"), "{body}");
    // The row is keyed by the unsuffixed conversationLogId, although there are two correspondents.
    let row = h
        .store
        .get_message_log("testCRM", "conv-log-shared")
        .await
        .expect("store")
        .expect("row");
    assert_eq!(row.conversation_log_id, "conv-log-shared");
    assert!(
        h.store
            .get_message_log("testCRM", "m1")
            .await
            .expect("store")
            .is_none()
    );

    // Same thread again, with a new note: the activity is rewritten, nothing new recorded.
    entities.push(
        json!({ "recordType": "AliveNote", "creationTime": "2026-11-21T08:10:00Z",
                          "initiator": { "name": "Alan Turing" }, "body": "Call back Monday" }),
    );
    let a = h
        .call(
            POST,
            "/messageLog",
            Some(shared_sms_body("conv-log-shared", json!(entities))),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/messageLog", &a);
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    assert_eq!(a.json()["logIds"], json!([]), "{}", a.text);
    assert_eq!(h.crm.count("createMessageLog"), 1, "{:?}", h.crm.calls());
    assert_eq!(h.crm.count("updateMessageLog"), 1, "{:?}", h.crm.calls());
    let update = &h.crm.calls_to("updateMessageLog")[0];
    assert!(update.get("message").is_none(), "{update}");
    assert_eq!(
        update["existingMessageLog"]["thirdPartyLogId"],
        row.third_party_log_id
    );
    let (subject, body) = shared_content(update);
    assert_eq!(subject, "SMS conversation with Ada &amp; Co");
    for text in [
        "Need &lt;help&gt;",
        "On it",
        "Alan Turing",
        "Call back Monday",
    ] {
        assert!(body.contains(text), "{text} missing from {body}");
    }
}

#[tokio::test]
async fn shared_sms_without_crm_id_records_nothing() {
    let h = Harness::new(Options {
        message_without_id: true,
        ..Options::default()
    })
    .await;
    let entities = json!([{ "recordType": "AliveMessage", "direction": "Inbound", "text": "hi" }]);
    let a = h
        .call(
            POST,
            "/messageLog",
            Some(shared_sms_body("conv-log-none", entities)),
        )
        .await;
    assert_contract("POST", "/messageLog", &a);
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    assert_eq!(a.json()["logIds"], json!([]), "{}", a.text);
    let (subject, body) = shared_content(&h.crm.calls_to("createMessageLog")[0]);
    // Plain text is not escaped.
    assert_eq!(subject, "SMS conversation with Ada & Co");
    assert!(body.contains("Ada & Co said on"), "{body}");
    assert!(
        h.store
            .get_message_log("testCRM", "conv-log-none")
            .await
            .expect("store")
            .is_none()
    );
}

#[tokio::test]
async fn shared_sms_without_message_logging_is_refused() {
    let h = Harness::new(Options {
        message_logging: false,
        ..Options::default()
    })
    .await;
    let a = h
        .call(
            POST,
            "/messageLog",
            Some(shared_sms_body("conv-log-x", json!([]))),
        )
        .await;
    assert_eq!(a.json()["successful"], false, "{}", a.text);
    assert!(!a.message().is_empty());
    assert!(h.crm.calls().is_empty());
}

#[tokio::test]
async fn hashed_account_id_falls_back_to_the_hashed_body_account() {
    // Server-side logging sends no `rc-account-id` header; App Connect hashes
    // `logInfo.accountId` (create) or `accountId` (update) with HASH_KEY instead.
    let h = Harness::with(Options::default(), |b| b.hash_key("hash-secret")).await;
    let hex = |text: &[u8]| -> String {
        sha2::Sha256::digest(text)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    let mut body = create_call_body("session-account");
    body["logInfo"]["accountId"] = json!("acc-1");
    let a = h.call(POST, "/callLog", Some(body)).await;
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    assert_eq!(
        h.crm.calls_to("createCallLog")[0]["hashedAccountId"],
        hex(b"acc-1:hash-secret")
    );
    let a = h
        .call(
            PATCH,
            "/callLog",
            Some(json!({ "sessionId": "session-account", "accountId": "acc-2", "note": "n" })),
        )
        .await;
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    assert_eq!(
        h.crm.calls_to("updateCallLog")[0]["hashedAccountId"],
        hex(b"acc-2:hash-secret")
    );

    // A header the client sent wins over the body.
    let mut body = create_call_body("session-header");
    body["logInfo"]["accountId"] = json!("acc-1");
    let request = Request::builder()
        .method(POST)
        .uri("/callLog")
        .header(header::AUTHORIZATION, format!("Bearer {}", h.token))
        .header("rc-account-id", "hashed-by-client")
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.to_string().into_bytes())
        .expect("request");
    let a = support::answer(h.server.handle(request).await);
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    assert_eq!(
        h.crm.calls_to("createCallLog")[1]["hashedAccountId"],
        "hashed-by-client"
    );
}

#[tokio::test]
async fn failed_call_log_lookups_still_carry_logs() {
    // CallLogLookupResponse requires `logs`; a failure answers an empty list.
    let h = harness().await;
    let token = h.keys.issue("someone-else", PLATFORM).expect("token");
    let a = h
        .raw(
            GET,
            "/callLog?sessionIds=s1",
            Some(token.expose()),
            Vec::new(),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/callLog", &a);
    assert_eq!(a.json()["successful"], false);
    assert_eq!(a.json()["logs"], json!([]));
    assert_eq!(a.message(), "User not found");

    logged(&h, "s-details").await;
    h.crm.fail("getCallLog", Failure::Crm(500, "CRM down"));
    let a = h
        .call(
            GET,
            "/callLog?sessionIds=s-details&requireDetails=true",
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/callLog", &a);
    assert_eq!(a.json()["successful"], false);
    assert_eq!(a.json()["logs"], json!([]));
    assert_eq!(a.message(), "Error getting call log");
}

#[tokio::test]
async fn api_key_login_keeps_a_stale_session_token_from_the_connector() {
    // A client re-connecting while it still holds a session sends it as a Bearer header;
    // like every signed-in route, the login keeps it out of the connector's context.
    let h = harness().await;
    let body = json!({ "platform": PLATFORM, "apiKey": GOOD_KEY });
    let a = h
        .raw(
            POST,
            "/apiKeyLogin",
            Some(&h.token),
            body.to_string().into_bytes(),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(h.crm.calls_to("getUserInfo")[0]["cxAuthorization"], false);
}

#[tokio::test]
async fn a_numeric_log_info_extension_number_is_the_identity() {
    // App Connect stringifies `logInfo.extensionNumber`; a number must not be dropped (the
    // row would become identity-less and block every other extension of the session).
    let h = harness().await;
    let mut body = create_call_body("session-numeric-ext");
    body["logInfo"]["extensionNumber"] = json!(101);
    let a = h.call(POST, "/callLog", Some(body.clone())).await;
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    let row = h
        .store
        .find_call_log(
            "testCRM",
            "session-numeric-ext",
            &CallIdentity::new("101", ""),
        )
        .await
        .expect("store")
        .expect("row");
    assert_eq!(row.extension_number, "101");
    // Another extension on the same call gets its own activity.
    body["logInfo"]["extensionNumber"] = json!(102);
    let a = h.call(POST, "/callLog", Some(body)).await;
    assert_eq!(a.json()["successful"], true, "{}", a.text);
}

#[tokio::test]
async fn connectors_never_see_the_ringcentral_access_token() {
    // The user's RingCentral token (header or legacy query) is App Connect's, not the CRM's;
    // other request headers still reach the connector.
    let h = harness().await;
    let a = h
        .get_with_headers(
            "/contact?phoneNumber=%2B14155550100&rcAccessToken=rc-secret",
            &[
                ("x-rc-access-token", "Bearer rc-secret"),
                ("rc-account-id", "hashed-account"),
            ],
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let seen = &h.crm.calls_to("findContact")[0];
    assert_eq!(seen["cxRcToken"], false, "{seen}");
    assert_eq!(seen["cxAccountHeader"], true, "{seen}");
}
