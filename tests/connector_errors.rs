//! Every ConnectorError maps to App Connect's (HTTP status, successful, returnMessage).

use app_connect_sdk::connector::{ConnectorError, ErrorReply, Interface};
use app_connect_sdk::http::StatusCode;
use app_connect_sdk::models::{MessageType, ReturnMessage};
use serde_json::{Value, json};

fn answer(err: &ConnectorError, interface: Interface) -> (ErrorReply, Value) {
    let reply = err.reply(interface, "acmecrm");
    let body = reply.to_json();
    (reply, body)
}

fn detail_text(body: &Value) -> &str {
    body["returnMessage"]["details"][0]["items"][0]["text"]
        .as_str()
        .unwrap_or_default()
}

#[test]
fn crm_429_is_the_rate_limit_message() {
    let err = ConnectorError::crm(StatusCode::TOO_MANY_REQUESTS, "slow down");
    let (reply, body) = answer(&err, Interface::CreateCallLog);
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(body["successful"], false);
    assert_eq!(body["returnMessage"]["message"], "Rate limit exceeded");
    assert_eq!(body["returnMessage"]["messageType"], "warning");
    assert_eq!(body["returnMessage"]["ttl"], 5000);
    assert_eq!(body["returnMessage"]["details"][0]["title"], "Details");
    assert!(detail_text(&body).contains("maximum number of requests allowed by acmecrm"));
    assert_eq!(reply.tracked_status, json!(429));
    assert!(body.get("errorCode").is_none());
}

#[test]
fn crm_400_to_409_is_the_authorization_message() {
    for code in [400u16, 401, 403, 404, 409] {
        let status = StatusCode::from_u16(code).unwrap();
        let (reply, body) = answer(&ConnectorError::crm(status, "nope"), Interface::FindContact);
        assert_eq!(reply.status, StatusCode::OK, "{code}");
        assert_eq!(body["successful"], false);
        assert_eq!(
            body["returnMessage"]["message"], "Authorization error",
            "{code}"
        );
        assert!(detail_text(&body).contains("Connect your acmecrm account"));
        assert_eq!(reply.tracked_status, json!(code));
    }
}

#[test]
fn other_crm_failures_get_the_operation_message() {
    let cases = [
        (
            Interface::CreateCallLog,
            "Error creating call log",
            "CREATE logs",
        ),
        (
            Interface::UpdateCallLog,
            "Error updating call log",
            "still exists on acmecrm",
        ),
        (Interface::GetCallLog, "Error getting call log", "READ logs"),
        (
            Interface::CreateMessageLog,
            "Error creating message log",
            "CREATE logs",
        ),
        (
            Interface::UpdateMessageLog,
            "Error updating message log",
            "EDIT logs",
        ),
        (
            Interface::FindContact,
            "Error finding contact",
            "GET contacts",
        ),
        (
            Interface::CreateContact,
            "Error creating contact",
            "CREATE contacts",
        ),
        (
            Interface::FindContactWithName,
            "Error searching contacts",
            "GET contacts",
        ),
        (
            Interface::CreateAppointment,
            "Error creating appointment",
            "CREATE appointments",
        ),
        (
            Interface::UpdateAppointment,
            "Error updating appointment",
            "EDIT appointments",
        ),
        (
            Interface::GetUserList,
            "Error performing getUserList",
            "necessary permissions",
        ),
    ];
    for status in [
        Some(StatusCode::INTERNAL_SERVER_ERROR),
        Some(StatusCode::GONE),
        None,
    ] {
        for (interface, message, hint) in cases {
            let err = match status {
                Some(s) => ConnectorError::crm(s, "boom"),
                None => ConnectorError::crm_unavailable("timeout"),
            };
            let (reply, body) = answer(&err, interface);
            assert_eq!(reply.status, StatusCode::OK);
            assert_eq!(body["successful"], false);
            assert_eq!(body["returnMessage"]["message"], message);
            assert_eq!(body["returnMessage"]["messageType"], "warning");
            assert!(detail_text(&body).contains(hint), "{interface}: {body}");
            let expected_status = status.map_or(json!("unknown"), |s| json!(s.as_u16()));
            assert_eq!(reply.tracked_status, expected_status);
        }
    }
    // An arbitrary error is an unknown-status failure too.
    let (reply, body) = answer(
        &ConnectorError::other(std::io::Error::other("disk full")),
        Interface::CreateCallLog,
    );
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(body["returnMessage"]["message"], "Error creating call log");
    assert_eq!(reply.tracked_status, json!("unknown"));
}

#[test]
fn revoked_session_is_401_with_the_error_code() {
    let (reply, body) = answer(&ConnectorError::SessionRevoked, Interface::FindContact);
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["successful"], false);
    assert_eq!(body["errorCode"], "CRM_SESSION_REVOKED");
    assert_eq!(
        body["returnMessage"]["message"],
        "User session expired. Please connect again."
    );
    assert_eq!(body["returnMessage"]["messageType"], "warning");
    assert_eq!(body["returnMessage"]["ttl"], 5000);
}

#[test]
fn not_implemented_names_the_interface() {
    let err = ConnectorError::not_implemented(Interface::FindContactWithName);
    let (reply, body) = answer(&err, Interface::FindContactWithName);
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(body["successful"], false);
    let message = body["returnMessage"]["message"].as_str().unwrap();
    assert!(message.contains("findContactWithName"), "{message}");
    assert!(message.contains("acmecrm"), "{message}");
}

#[test]
fn user_messages_pass_through_unchanged() {
    let message = ReturnMessage::error("Matter 42 is closed").with_ttl(3000);
    let (reply, body) = answer(
        &ConnectorError::user(message.clone()),
        Interface::CreateCallLog,
    );
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.return_message, message);
    assert_eq!(body["returnMessage"]["message"], "Matter 42 is closed");
    assert_eq!(body["returnMessage"]["messageType"], "error");
    assert_eq!(reply.return_message.message_type, Some(MessageType::Error));
}

#[test]
fn invalid_input_and_missing_user_are_warnings() {
    let (reply, body) = answer(
        &ConnectorError::invalid_input("unknown matter id 99"),
        Interface::CreateCallLog,
    );
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(body["returnMessage"]["message"], "unknown matter id 99");
    let (reply, body) = answer(&ConnectorError::UserNotFound, Interface::FindContact);
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(body["returnMessage"]["message"], "User not found");
}

#[test]
fn replies_never_quote_the_error_text_of_crm_failures() {
    let secret = "Bearer sk_live_very_secret";
    let errors = [
        ConnectorError::crm(StatusCode::BAD_GATEWAY, format!("upstream said {secret}")),
        ConnectorError::crm(StatusCode::TOO_MANY_REQUESTS, secret),
        ConnectorError::crm(StatusCode::FORBIDDEN, secret),
        ConnectorError::other(std::io::Error::other(secret)),
        ConnectorError::crm_source(None, secret, std::io::Error::other(secret)),
    ];
    for err in errors {
        let body = err.reply(Interface::CreateCallLog, "acmecrm").to_json();
        assert!(!body.to_string().contains("sk_live"), "{body}");
    }
}
