//! The behaviours App Connect core's proxy connector tests check (`index.test.ts`), reproduced
//! against a fake CRM on loopback, many with core's own sample config.
#![cfg(feature = "proxy")]

mod common;
mod proxy_support;

use app_connect_sdk::async_trait;
use app_connect_sdk::compose::LogFormat;
use app_connect_sdk::connector::proxy::ProxyConnector;
use app_connect_sdk::connector::{
    ApiKeyConnector, Connector, ConnectorError, ContactCreation, Context, MemoryPersistence,
    OAuthConnector, SignIn, UserPersistence, implemented_interfaces,
};
use app_connect_sdk::http::Method;
use app_connect_sdk::models::{
    CallLog, ContactInfo, CreateCallLogParams, CreateContactParams, CreateMessageLogParams,
    ExistingCallLog, FindContactParams, GetCallLogParams, GetUserInfoParams, MessageType,
    OAuthInfoParams, RcMessage, Secret, StartTime, UpdateCallLogParams, UpdateMessageLogParams,
    UpsertDispositionParams, User,
};
use base64::Engine as _;
use proxy_support::{FakeCrm, Reply, connector, cx, sample_config, user};
use serde_json::{Value, json};

fn create_call(contact_id: &str, name: &str) -> CreateCallLogParams {
    let mut p = CreateCallLogParams::default();
    p.contact_info = ContactInfo::new(contact_id, "+1").with_name(name);
    p.call_log = serde_json::from_value(json!({
        "sessionId": "s1", "direction": "Outbound", "startTime": 1_700_000_000_000_i64, "duration": 60
    }))
    .expect("call log");
    p.note = Some("hello".into());
    p.composed_log_details = "details".into();
    p
}

#[tokio::test]
async fn proxy_create_call_log_returns_the_mapped_log_id_with_the_sample_config() {
    let Some(sample) = sample_config() else {
        return;
    };
    let crm = FakeCrm::always(json!({ "activity": { "id": "A-100" } })).await;
    let connector = connector(sample, &crm);
    let result = connector
        .create_call_log(
            &cx(user("t-123"), Some("Basic abc")),
            create_call("c-1", "Alice"),
        )
        .await
        .expect("logged");
    assert_eq!(
        result.log_id.map(|id| id.to_string()).as_deref(),
        Some("A-100")
    );
    let message = result.return_message.expect("message");
    assert_eq!(message.message_type, Some(MessageType::Success));
    assert_eq!(crm.count(), 1);
    let request = crm.last();
    assert_eq!(request.method, Method::POST);
    assert!(request.path.ends_with("/activities"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.body["subject"], "Outbound Call to Alice");
    assert_eq!(request.body["description"], "details");
    assert_eq!(request.body["activity_code_id"], 3);
    assert_eq!(request.body["linked_contacts"][0]["contact_id"], "c-1");
    assert_eq!(request.body["start_date"], "2023-11-14T22:13:20.000Z");
    assert_eq!(request.body["end_date"], "2023-11-14T22:14:20.000Z");
}

#[tokio::test]
async fn proxy_get_call_log_maps_subject_note_and_full_body() {
    let Some(sample) = sample_config() else {
        return;
    };
    let crm =
        FakeCrm::always(json!({ "activity": { "subject": "S", "note": "N", "description": "D" } }))
            .await;
    let connector = connector(sample, &crm);
    let mut params = GetCallLogParams::default();
    params.call_log_id = "123".into();
    params.contact_id = "c-1".into();
    let out = connector
        .get_call_log(&cx(user("t-123"), Some("x")), params)
        .await
        .expect("ok");
    let info = out.call_log_info.expect("info");
    assert_eq!(info.subject.as_deref(), Some("S"));
    assert_eq!(info.note.as_deref(), Some("N"));
    assert_eq!(info.full_body.as_deref(), Some("D"));
    assert!(info.full_log_response.is_some());
    let request = crm.last();
    assert_eq!(request.path, "/activities/123");
    assert_eq!(request.header("include"), Some("linked_contacts"));
}

#[tokio::test]
async fn proxy_update_call_log_performs_put_and_returns_success() {
    let Some(sample) = sample_config() else {
        return;
    };
    let crm = FakeCrm::always(json!({ "ok": true })).await;
    let connector = connector(sample, &crm);
    let mut params = UpdateCallLogParams::default();
    params.existing_call_log.third_party_log_id = "77".into();
    params.subject = Some("Subj".into());
    params.note = Some("Note".into());
    params.start_time = Some(StartTime::Iso("2020-01-01T00:00:00Z".into()));
    params.duration = serde_json::from_value(json!(90)).ok();
    params.composed_log_details = "Body".into();
    let result = connector
        .update_call_log(&cx(user("t-123"), Some("x")), params)
        .await
        .expect("ok");
    let message = result
        .return_message
        .and_then(|m| m.message)
        .unwrap_or_default();
    assert!(message.to_lowercase().contains("updated"), "{message}");
    let request = crm.last();
    assert_eq!(request.method, Method::PUT);
    assert!(request.path.ends_with("/activities/77"));
    assert_eq!(request.body["subject"], "Subj");
    assert_eq!(request.body["description"], "Body");
    assert_eq!(request.body["start_date"], "2020-01-01T00:00:00.000Z");
    assert_eq!(request.body["end_date"], "2020-01-01T00:01:30.000Z");
}

#[tokio::test]
async fn proxy_log_format_comes_from_meta() {
    let crm = FakeCrm::always(json!({})).await;
    if let Some(sample) = sample_config() {
        assert_eq!(connector(sample, &crm).log_format(), LogFormat::PlainText);
    }
    let html = connector(json!({ "meta": { "logFormat": "text/html" } }), &crm);
    assert_eq!(html.log_format(), LogFormat::Html);
    let custom = connector(json!({ "meta": { "logFormat": "custom" } }), &crm);
    assert_eq!(custom.log_format(), LogFormat::Other("custom".into()));
    // No logFormat: App Connect's composer falls back to text/plain.
    assert_eq!(
        connector(json!({}), &crm).log_format(),
        LogFormat::PlainText
    );
}

#[tokio::test]
async fn proxy_auth_type_is_api_key_unless_oauth() {
    let crm = FakeCrm::always(json!({})).await;
    assert!(matches!(
        connector(json!({}), &crm).auth(),
        SignIn::ApiKey(_)
    ));
    assert!(matches!(
        connector(json!({ "auth": {} }), &crm).auth(),
        SignIn::ApiKey(_)
    ));
    assert!(matches!(
        connector(json!({ "auth": { "type": "basic" } }), &crm).auth(),
        SignIn::ApiKey(_)
    ));
    assert!(matches!(
        connector(json!({ "auth": { "type": "oauth" } }), &crm).auth(),
        SignIn::OAuth(_)
    ));
}

#[tokio::test]
async fn proxy_basic_auth_encodes_the_api_key_with_a_colon() {
    let crm = FakeCrm::always(json!({})).await;
    let token = connector(json!({}), &crm).basic_auth("abc");
    assert_eq!(
        token,
        base64::engine::general_purpose::STANDARD.encode("abc:")
    );
}

#[tokio::test]
async fn proxy_oauth_info_maps_the_configured_client() {
    let crm = FakeCrm::always(json!({})).await;
    let connector = connector(
        json!({ "auth": { "type": "oauth", "clientId": "client-id", "clientSecret": "client-secret",
                          "tokenUrl": "https://auth.example.com/token",
                          "redirectUri": "https://app.example.com/callback" } }),
        &crm,
    );
    let mut params = OAuthInfoParams::default();
    params.token_url = Some("https://override.example.com/token".into());
    let info = connector
        .oauth_info(&Context::builder().build(), params)
        .await
        .expect("info");
    assert_eq!(info.client_id, "client-id");
    assert_eq!(info.client_secret.expose(), "client-secret");
    assert_eq!(info.access_token_uri, "https://override.example.com/token");
    assert_eq!(info.redirect_uri, "https://app.example.com/callback");
    let fallback = connector
        .oauth_info(&Context::builder().build(), OAuthInfoParams::default())
        .await
        .expect("info");
    assert_eq!(fallback.access_token_uri, "https://auth.example.com/token");
    assert!(!format!("{:?}", connector.config()).contains("client-secret"));
}

#[tokio::test]
async fn proxy_get_user_info_warns_without_its_operation() {
    let crm = FakeCrm::always(json!({})).await;
    let result = connector(json!({ "operations": {} }), &crm)
        .get_user_info(&Context::builder().build(), GetUserInfoParams::default())
        .await
        .expect("answer");
    assert!(!result.successful);
    let message = result.return_message.expect("message");
    assert_eq!(message.message_type, Some(MessageType::Warning));
    assert_eq!(
        message.message.as_deref(),
        Some(
            "Could not load user information. The platform does not support getUserInfo operation."
        )
    );
    assert_eq!(crm.count(), 0);
}

#[tokio::test]
async fn proxy_get_user_list_maps_list_responses_and_is_absent_when_unsupported() {
    let crm = FakeCrm::always(json!({ "records": [
        { "user": { "id": "u1" }, "profile": { "name": "Ada" }, "email": "ada@example.com" },
        { "user": { "id": "u2" }, "profile": { "name": "Grace" }, "email": "grace@example.com" }
    ] }))
    .await;
    let connector_with = connector(
        json!({ "operations": { "getUserList": { "method": "GET", "url": "/users", "responseMapping": {
            "listPath": "body.records", "idPath": "user.id", "namePath": "profile.name", "emailPath": "email"
        } } } }),
        &crm,
    );
    let users = connector_with
        .user_list()
        .expect("declared")
        .get_user_list(&cx(user("t"), Some("Bearer token")))
        .await
        .expect("list");
    assert_eq!(
        serde_json::to_value(&users).expect("json"),
        json!([{ "id": "u1", "name": "Ada", "email": "ada@example.com" },
               { "id": "u2", "name": "Grace", "email": "grace@example.com" }])
    );
    assert_eq!(crm.last().path, "/users");
    assert!(
        connector(json!({ "operations": {} }), &crm)
            .user_list()
            .is_none()
    );
}

#[tokio::test]
async fn proxy_get_user_info_maps_id_name_message_and_platform_additional_info() {
    let Some(mut sample) = sample_config() else {
        return;
    };
    sample.as_object_mut().expect("object").remove("auth"); // the prepared header is used
    let crm =
        FakeCrm::always(json!({ "user": { "username": "u1", "role": "admin" }, "message": "OK" }))
            .await;
    let connector = connector(sample, &crm);
    let mut params = GetUserInfoParams::default();
    params.hostname = Some("host".into());
    params.platform = Some("test".into());
    params.api_key = Some(Secret::new("k"));
    params.additional_info.insert("foo".into(), json!("bar"));
    let cx = Context::builder()
        .platform("test")
        .auth_header("Basic t")
        .build();
    let result = connector.get_user_info(&cx, params).await.expect("ok");
    assert!(result.successful);
    let info = result.platform_user_info.expect("info");
    assert_eq!(info.id.to_string(), "u1-test");
    assert_eq!(info.name.as_deref(), Some("u1"));
    assert_eq!(
        result.return_message.and_then(|m| m.message).as_deref(),
        Some("OK")
    );
    let extra = info.platform_additional_info.expect("additional info");
    assert_eq!(
        extra["userResponse"],
        json!({ "username": "u1", "role": "admin" })
    );
    assert_eq!(extra["foo"], "bar");
    let request = crm.last();
    assert_eq!(request.path, "/authentication");
    assert_eq!(request.header("authorization"), Some("Basic t"));
}

#[tokio::test]
async fn proxy_get_user_info_maps_optional_settings_removes_password_and_defaults() {
    let crm = FakeCrm::start(|r| {
        if r.path == "/me" {
            Reply::json(json!({ "id": "u3" }))
        } else {
            Reply::json(
                json!({ "user": { "id": "u2", "timezone": "America/Los_Angeles",
                                          "overrideToken": "override-token", "role": "manager" } }),
            )
        }
    })
    .await;
    let full = connector(
        json!({ "operations": { "getUserInfo": { "method": "GET", "url": "/authentication", "responseMapping": {
            "idPath": "body.user.id", "timezoneNamePath": "body.user.timezone",
            "overridingApiKeyPath": "body.user.overrideToken", "messagePath": "body.missingMessage",
            "platformAdditionalInfoPaths": { "role": "body.user.role" }
        } } } }),
        &crm,
    );
    let mut params = GetUserInfoParams::default();
    params.platform = Some("test".into());
    params.api_key = Some(Secret::new("k"));
    params
        .additional_info
        .insert("password".into(), json!("secret"));
    params
        .additional_info
        .insert("region".into(), json!("west"));
    let cx = Context::builder()
        .platform("test")
        .auth_header("Bearer token")
        .build();
    let result = full.get_user_info(&cx, params).await.expect("ok");
    let info = result.platform_user_info.expect("info");
    assert_eq!(info.id.to_string(), "u2-test");
    assert_eq!(info.name.as_deref(), Some("u2"));
    assert_eq!(info.timezone_name.as_deref(), Some("America/Los_Angeles"));
    assert_eq!(
        info.overriding_api_key.as_ref().map(Secret::expose),
        Some("override-token")
    );
    assert_eq!(
        info.platform_additional_info.map(Value::Object),
        Some(json!({ "region": "west", "role": "manager" }))
    );
    assert_eq!(
        result.return_message.and_then(|m| m.message).as_deref(),
        Some("Connected to test.")
    );

    let minimal = connector(
        json!({ "operations": { "getUserInfo": { "url": "/me", "responseMapping": { "idPath": "body.id" } } } }),
        &crm,
    );
    let mut params = GetUserInfoParams::default();
    params.platform = Some("minimal".into());
    let result = minimal
        .get_user_info(&Context::builder().build(), params)
        .await
        .expect("ok");
    let info = result.platform_user_info.expect("info");
    assert_eq!(info.id.to_string(), "u3-minimal");
    assert_eq!(info.name.as_deref(), Some("u3"));
    assert!(info.platform_additional_info.is_none() && info.timezone_name.is_none());
    assert_eq!(
        result.return_message.and_then(|m| m.message).as_deref(),
        Some("Connected to minimal.")
    );
}

#[tokio::test]
async fn proxy_find_contact_maps_list_items_with_the_sample_config() {
    let Some(sample) = sample_config() else {
        return;
    };
    let crm = FakeCrm::always(
        json!({ "contacts": [{ "id": "c1", "name": "Alice", "type": "Contact", "phone": "+1" }] }),
    )
    .await;
    let connector = connector(sample, &crm);
    let out = connector
        .find_contact(
            &cx(user("t"), Some("x")),
            FindContactParams::new("+14155550100"),
        )
        .await
        .expect("ok");
    assert!(out.successful);
    assert_eq!(out.matched_contact_info.len(), 1);
    assert_eq!(
        out.matched_contact_info[0]
            .id
            .as_ref()
            .map(|i| i.to_string())
            .as_deref(),
        Some("c1")
    );
    assert_eq!(
        out.return_message.and_then(|m| m.message).as_deref(),
        Some("Found 1 contacts")
    );
    assert_eq!(crm.last().query("phone"), Some("+14155550100"));
}

#[tokio::test]
async fn proxy_contact_operations_absent_from_the_config_are_not_declared() {
    let crm = FakeCrm::always(json!({})).await;
    let connector = connector(json!({ "operations": {} }), &crm);
    let found = connector
        .find_contact(&cx(user("t"), Some("x")), FindContactParams::new("+1"))
        .await
        .expect("ok");
    assert!(
        found.successful && found.matched_contact_info.is_empty() && found.return_message.is_none()
    );
    assert!(connector.contact_search().is_none() && connector.contact_creation().is_none());
    let map = implemented_interfaces(&connector, false);
    assert_eq!(map.get("findContactWithName"), Some(false));
    assert_eq!(map.get("createContact"), Some(false));
    assert_eq!(map.get("findContact"), Some(true));
    assert_eq!(crm.count(), 0);
}

#[tokio::test]
async fn proxy_create_contact_maps_the_object_response() {
    let Some(sample) = sample_config() else {
        return;
    };
    let crm = FakeCrm::always(json!({ "id": "c2", "name": "Bob", "type": "Lead" })).await;
    let connector = connector(sample, &crm);
    let mut params = CreateContactParams::default();
    params.phone_number = "+1".into();
    params.new_contact_name = "Bob".into();
    params.new_contact_type = Some("Lead".into());
    let result = connector
        .contact_creation()
        .expect("declared")
        .create_contact(&cx(user("t"), Some("x")), params)
        .await
        .expect("ok");
    assert_eq!(
        serde_json::to_value(result.contact_info).expect("json"),
        json!({ "id": "c2", "name": "Bob", "type": "Lead" })
    );
    assert_eq!(
        result.return_message.and_then(|m| m.message_type),
        Some(MessageType::Success)
    );
    assert_eq!(
        crm.last().body,
        json!({ "name": "Bob", "type": "Lead", "phone": "+1" })
    );
}

#[tokio::test]
async fn proxy_create_contact_without_id_path_returns_no_contact() {
    let crm = FakeCrm::always(json!({ "id": "c3", "name": "Charlie" })).await;
    let connector = connector(
        json!({ "operations": { "createContact": { "method": "POST", "url": "/contacts", "responseMapping": {} } } }),
        &crm,
    );
    let result = connector
        .create_contact(&cx(user("t"), Some("x")), CreateContactParams::default())
        .await
        .expect("ok");
    assert!(result.contact_info.is_none());
    assert_eq!(
        serde_json::to_value(result.return_message).expect("json"),
        json!({ "message": "Contact created", "messageType": "success", "ttl": 2000 })
    );
    // A POST without a body template sends `{}`, as App Connect does.
    assert_eq!(crm.last().body, json!({}));
}

#[tokio::test]
async fn proxy_log_operations_absent_from_the_config_answer_not_supported() {
    let crm = FakeCrm::always(json!({})).await;
    let connector = connector(json!({ "operations": {} }), &crm);
    let cx = cx(user("t"), Some("x"));
    let not_supported =
        json!({ "message": "Not supported", "messageType": "warning", "ttl": 2000 });

    let created = connector
        .create_call_log(&cx, create_call("c1", "Ada"))
        .await
        .expect("ok");
    assert!(created.log_id.is_none());
    assert_eq!(
        serde_json::to_value(created.return_message).expect("json"),
        not_supported
    );

    let got = connector
        .get_call_log(&cx, GetCallLogParams::default())
        .await
        .expect("ok");
    assert!(got.call_log_info.is_none());
    assert_eq!(
        serde_json::to_value(got.return_message).expect("json"),
        not_supported
    );

    let mut update = UpdateCallLogParams::default();
    update.existing_call_log.third_party_log_id = "L1".into();
    let updated = connector.update_call_log(&cx, update).await.expect("ok");
    assert_eq!(
        serde_json::to_value(updated.return_message).expect("json"),
        not_supported
    );

    assert!(connector.message_logging().is_none());
    assert_eq!(crm.count(), 0);

    // With only createMessageLog, updateMessageLog answers Not supported.
    let create_only = proxy_support::connector(
        json!({ "operations": { "createMessageLog": { "method": "POST", "url": "/m" } } }),
        &crm,
    );
    let logging = create_only.message_logging().expect("declared");
    let updated = logging
        .update_message_log(&cx, UpdateMessageLogParams::default())
        .await
        .expect("ok");
    assert_eq!(
        serde_json::to_value(updated.return_message).expect("json"),
        not_supported
    );
    assert_eq!(crm.count(), 0);
}

#[tokio::test]
async fn proxy_message_logs_map_the_id_and_update_the_activity() {
    let Some(sample) = sample_config() else {
        return;
    };
    let crm = FakeCrm::start(|r| {
        if r.method == Method::POST {
            Reply::json(json!({ "activity": { "id": "M1" } }))
        } else {
            Reply::json(json!({ "ok": true }))
        }
    })
    .await;
    let connector = connector(sample, &crm);
    let cx = cx(user("t"), Some("x"));
    let logging = connector.message_logging().expect("declared");
    let message: RcMessage = serde_json::from_value(json!({
        "id": 1, "type": "SMS", "subject": "S", "direction": "Outbound",
        "from": { "phoneNumber": "+1" }, "creationTime": "2026-11-21T08:00:00Z"
    }))
    .expect("message");
    let mut create = CreateMessageLogParams::default();
    create.contact_info = ContactInfo::new("c1", "+1").with_name("Alice");
    create.message = Some(message.clone());
    let created = logging.create_message_log(&cx, create).await.expect("ok");
    assert_eq!(created.log_id.map(|i| i.to_string()).as_deref(), Some("M1"));
    let first = crm.last();
    assert_eq!(first.body["subject"], "Message with Alice");
    assert_eq!(
        first.body["description"],
        "Subject: S\nDirection: Outbound\n phoneNumber: +1\nRecording link: \n"
    );
    assert_eq!(first.body["start_date"], "2026-11-21T08:00:00.000Z");

    let mut update = UpdateMessageLogParams::default();
    update.contact_info = ContactInfo::new("c1", "+1").with_name("Alice");
    update.existing_message_log.third_party_log_id = "M1".into();
    update.message = Some(message);
    let updated = logging.update_message_log(&cx, update).await.expect("ok");
    let text = updated
        .return_message
        .and_then(|m| m.message)
        .unwrap_or_default();
    assert!(text.to_lowercase().contains("updated"), "{text}");
    let second = crm.last();
    assert_eq!(second.method, Method::PUT);
    assert!(second.path.ends_with("/activities/M1"));
}

#[tokio::test]
async fn proxy_call_disposition_is_declared_only_with_its_operation() {
    let crm = FakeCrm::always(json!({ "ok": true })).await;
    if let Some(sample) = sample_config() {
        assert!(connector(sample, &crm).call_disposition().is_none());
    }
    let connector = connector(
        json!({ "operations": { "upsertCallDisposition": {
            "method": "POST", "url": "/activities/{{thirdPartyLogId}}/disposition",
            "body": { "result": "{{dispositions.result}}" }
        } } }),
        &crm,
    );
    let mut params = UpsertDispositionParams::default();
    params.existing_call_log = ExistingCallLog::default();
    params.existing_call_log.third_party_log_id = "L1".into();
    params
        .dispositions
        .insert("result".into(), json!("Connected"));
    let result = connector
        .call_disposition()
        .expect("declared")
        .upsert_call_disposition(&cx(user("t"), Some("x")), params)
        .await
        .expect("ok");
    assert_eq!(
        serde_json::to_value(&result).expect("json"),
        json!({ "logId": "L1", "returnMessage": { "message": "Disposition updated", "messageType": "success", "ttl": 2000 } })
    );
    let request = crm.last();
    assert_eq!(
        (request.method, request.path.as_str()),
        (Method::POST, "/activities/L1/disposition")
    );
    assert_eq!(request.body, json!({ "result": "Connected" }));
}

#[tokio::test]
async fn proxy_license_status_maps_values_and_is_absent_without_its_operation() {
    let crm = FakeCrm::always(json!({ "valid": true, "status": "Pro", "desc": "All good" })).await;
    let connector_with = connector(
        json!({ "operations": { "getLicenseStatus": { "method": "GET", "url": "/license/{{userId}}",
            "responseMapping": { "isLicenseValidPath": "body.valid", "licenseStatusPath": "body.status",
                                 "licenseStatusDescriptionPath": "body.desc" } } } }),
        &crm,
    );
    let status = connector_with
        .license_status()
        .expect("declared")
        .get_license_status(&cx(user("t"), None))
        .await
        .expect("ok");
    assert!(status.is_license_valid);
    assert_eq!(status.license_status, "Pro");
    assert_eq!(status.license_status_description, "All good");
    assert_eq!(crm.last().path, "/license/u1-test");
    assert!(
        connector(json!({ "operations": {} }), &crm)
            .license_status()
            .is_none()
    );
}

#[tokio::test]
async fn proxy_un_authorize_without_operation_clears_tokens_and_saves_the_user() {
    let crm = FakeCrm::always(json!({ "ok": true })).await;
    let Some(sample) = sample_config() else {
        return;
    };
    let connector = connector(sample, &crm);
    let store = MemoryPersistence::default();
    let mut signed_in = user("t");
    signed_in.refresh_token = Some(Secret::new("r"));
    let cx = Context::builder()
        .user(signed_in)
        .persistence(store.clone())
        .build();
    let out = connector
        .un_authorize()
        .expect("always declared")
        .un_authorize(&cx)
        .await
        .expect("ok");
    assert!(out.successful);
    assert_eq!(
        out.return_message.and_then(|m| m.message_type),
        Some(MessageType::Success)
    );
    let saved = store.saved();
    assert_eq!(saved.len(), 1);
    assert!(saved[0].access_token.is_empty() && saved[0].refresh_token.is_none());
    assert_eq!(crm.count(), 0);
}

#[tokio::test]
async fn proxy_un_authorize_with_operation_sends_it_then_clears_tokens() {
    let crm = FakeCrm::always(json!({ "ok": true })).await;
    let connector = connector(
        json!({ "operations": { "unAuthorize": { "method": "POST", "url": "/logout" } } }),
        &crm,
    );
    let store = MemoryPersistence::default();
    let cx = Context::builder()
        .user(user("t"))
        .auth_header("Basic x")
        .persistence(store.clone())
        .build();
    let out = connector
        .un_authorize()
        .expect("declared")
        .un_authorize(&cx)
        .await
        .expect("ok");
    assert_eq!(crm.count(), 1);
    assert_eq!(crm.last().path, "/logout");
    assert_eq!(
        out.return_message.and_then(|m| m.message).as_deref(),
        Some("Logged out")
    );
    assert!(store.saved()[0].access_token.is_empty());
}

struct FailingStore;

#[async_trait]
impl UserPersistence for FailingStore {
    async fn save_user(&self, _: &User) -> Result<(), ConnectorError> {
        Err(ConnectorError::other("save failed"))
    }
    async fn delete_user(&self, _: &app_connect_sdk::models::User) -> Result<(), ConnectorError> {
        Ok(())
    }
}

#[tokio::test]
async fn proxy_un_authorize_warns_when_saving_the_cleared_tokens_fails() {
    let crm = FakeCrm::always(json!({})).await;
    let connector: ProxyConnector = connector(json!({}), &crm);
    let cx = Context::builder()
        .user(user("t"))
        .persistence(FailingStore)
        .build();
    let out = connector
        .un_authorize()
        .expect("declared")
        .un_authorize(&cx)
        .await
        .expect("answer");
    assert!(!out.successful);
    let message = out.return_message.expect("message");
    assert_eq!(
        message.message.as_deref(),
        Some("Database operation failed")
    );
    assert_eq!(message.message_type, Some(MessageType::Warning));
}

#[tokio::test]
async fn proxy_crm_errors_get_app_connects_rate_limit_and_permission_messages() {
    use app_connect_sdk::connector::Interface;
    for (status, expected) in [
        (429, "Rate limit exceeded"),
        (401, "Authorization error"),
        (403, "Authorization error"),
        (500, "Error creating call log"),
    ] {
        let crm = FakeCrm::start(move |_| Reply::status(status, json!({ "error": "no" }))).await;
        let connector = connector(
            json!({ "operations": { "createCallLog": { "method": "POST", "url": "/a" } } }),
            &crm,
        );
        let err = connector
            .create_call_log(&cx(user("t"), None), create_call("c1", "Ada"))
            .await
            .expect_err("the CRM refuses");
        assert_eq!(err.crm_status().map(|s| s.as_u16()), Some(status));
        let reply = err.reply(Interface::CreateCallLog, "acme");
        assert_eq!(
            reply.return_message.message.as_deref(),
            Some(expected),
            "HTTP {status}"
        );
    }
}

#[test]
fn proxy_call_log_fixture_is_a_call_log() {
    // Keeps the helper's shape honest: the call record carries its own session id.
    assert_eq!(
        create_call("c", "n").call_log.session_id,
        CallLog::new("s1").session_id
    );
}

#[tokio::test]
async fn proxy_manifest_is_derived_from_the_config() {
    let crm = FakeCrm::always(json!({})).await;
    let api_key = connector(
        json!({ "meta": { "name": "acme", "displayName": "Acme CRM" },
                "operations": { "findContactWithName": { "url": "/n" } } }),
        &crm,
    );
    let manifest = api_key
        .manifest("https://connector.example.com")
        .expect("valid manifest");
    let json = manifest.to_json_value();
    assert_eq!(json["serverUrl"], "https://connector.example.com");
    let platform = &json["platforms"]["acme"];
    assert_eq!(platform["displayName"], "Acme CRM");
    assert_eq!(platform["auth"]["type"], "apiKey");
    assert_eq!(
        platform["auth"]["apiKey"]["page"]["content"][0]["const"],
        "apiKey"
    );
    assert_eq!(platform["page"]["useContactSearch"], true, "{platform}");

    let oauth = connector(
        json!({ "meta": { "name": "acme" },
                "auth": { "type": "oauth", "authUrl": "https://acme.test/authorize", "clientId": "cid",
                          "redirectUri": "https://app.test/cb", "scope": "contacts" } }),
        &crm,
    );
    let json = oauth
        .manifest("https://c.example.com")
        .expect("valid")
        .to_json_value();
    let auth = &json["platforms"]["acme"]["auth"];
    assert_eq!(auth["type"], "oauth");
    assert_eq!(auth["oauth"]["authUrl"], "https://acme.test/authorize");
    assert_eq!(auth["oauth"]["clientId"], "cid");
    assert_eq!(auth["oauth"]["scope"], "contacts");
}

#[tokio::test]
async fn proxy_manifest_in_the_config_is_served_as_it_is() {
    let crm = FakeCrm::always(json!({})).await;
    let given: Value =
        serde_json::from_str(include_str!("fixtures/manifest/valid.json")).expect("fixture");
    let connector = connector(
        json!({ "meta": { "name": "acme" }, "manifest": given.clone() }),
        &crm,
    );
    let json = connector
        .manifest("http://127.0.0.1:7")
        .expect("valid")
        .to_json_value();
    assert_eq!(json["serverUrl"], "http://127.0.0.1:7");
    assert_eq!(json["platforms"], given["platforms"]);
}
