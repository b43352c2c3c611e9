//! Every public input / output of the connector interfaces and every route body, built from outside
//! the crate through public API only (their constructors: `#[non_exhaustive]` forbids struct
//! literals), then checked on the wire.

use app_connect_sdk::models::*;
use serde::Serialize;
use serde_json::{Value, json};

fn wire(value: &impl Serialize) -> Value {
    serde_json::to_value(value).expect("models serialise")
}

#[test]
fn interface_results_are_built_with_constructors() {
    let warn = || ReturnMessage::warning("No");
    let contact = || Contact::new("c-1", "Ada");

    assert_eq!(
        wire(&FindContactResult::found(vec![contact()])),
        json!({"successful": true, "matchedContactInfo": [{"id": "c-1", "name": "Ada"}]})
    );
    assert_eq!(
        wire(&FindContactResult::refused(warn()))["successful"],
        false
    );
    assert_eq!(
        wire(&CreateContactResult::created(contact()))["contactInfo"]["id"],
        "c-1"
    );
    assert_eq!(wire(&LogResult::logged(7)), json!({"logId": 7}));
    assert_eq!(
        wire(&UpdateCallLogResult::updated("n")),
        json!({"updatedNote": "n"})
    );
    assert_eq!(
        wire(&GetCallLogResult::found(CallLogInfo::new("S"))),
        json!({"callLogInfo": {"subject": "S"}})
    );
    assert_eq!(wire(&LogResult::logged("l")), json!({"logId": "l"}));
    assert_eq!(wire(&UpdateMessageLogResult::new()), json!({}));
    assert_eq!(
        wire(&UserInfoResult::success(PlatformUserInfo::new(
            "1-crm", "Ada"
        )))["successful"],
        true
    );
    assert_eq!(
        wire(&OAuthInfo::new("id", "secret", "https://t", "https://r"))["clientSecret"],
        "secret"
    );

    // Sibling results share one name for "failed, with this message".
    let message = json!({"message": "No", "messageType": "warning"});
    for failure in [
        wire(&CreateContactResult::failure(warn())),
        wire(&LogResult::failure(warn())),
    ] {
        assert_eq!(failure, json!({ "returnMessage": message }));
    }
    for failure in [
        wire(&MutationResult::failure(warn())),
        wire(&UserInfoResult::failure(warn())),
        wire(&BasicMutationResponse::failure(warn())),
        wire(&ContactSearchResponse::failure(warn())),
        wire(&ContactMutationResponse::failure(warn())),
        wire(&CallLogMutationResponse::failure(warn())),
        wire(&AppointmentResponse::failure(warn())),
    ] {
        assert_eq!(failure["successful"], false);
        assert_eq!(failure["returnMessage"], message);
    }
}

#[test]
fn interface_params_are_built_with_constructors() {
    assert_eq!(FindContactParams::new("+1").phone_number, "+1");
    assert_eq!(FindContactWithNameParams::new("Ada").name, "Ada");

    let create_contact = CreateContactParams::new("+1", "Ada").with_type("Lead");
    assert_eq!(
        wire(&create_contact),
        json!({"phoneNumber": "+1", "newContactName": "Ada", "newContactType": "Lead", "additionalSubmission": {}})
    );

    let create_call = CreateCallLogParams::new(ContactInfo::new("c-1", "+1"), CallLog::new("s-1"))
        .with_note("n")
        .with_composed_log_details("body");
    let v = wire(&create_call);
    assert_eq!(
        (
            &v["callLog"]["sessionId"],
            &v["contactInfo"]["id"],
            &v["note"],
            &v["composedLogDetails"]
        ),
        (&json!("s-1"), &json!("c-1"), &json!("n"), &json!("body"))
    );

    let existing_call = ExistingCallLog::new("s-1", "42").with_contact_id("c-1");
    let mut update_call =
        UpdateCallLogParams::new(existing_call.clone()).with_recording_link("https://r");
    update_call.is_from_sscl = true;
    let v = wire(&update_call);
    assert_eq!(
        (
            &v["existingCallLog"]["thirdPartyLogId"],
            &v["existingCallLog"]["sessionId"],
            &v["isFromSSCL"]
        ),
        (&json!("42"), &json!("s-1"), &json!(true))
    );
    assert_eq!(v["recordingLink"], "https://r");

    let get_call = GetCallLogParams::new("s-1", "42").with_contact_id("c-1");
    assert_eq!(
        wire(&get_call),
        json!({"telephonySessionId": "s-1", "callLogId": "42", "contactId": "c-1"})
    );

    let mut dispositions = Extra::new();
    dispositions.insert("deals".into(), json!("d-1"));
    let disposition = UpsertDispositionParams::new(existing_call, dispositions);
    assert_eq!(wire(&disposition)["dispositions"]["deals"], "d-1");
    assert_eq!(wire(&disposition)["existingCallLog"]["contactId"], "c-1");

    let existing_message = ExistingMessageLog::new("m-1", "n-9").with_conversation("c", "c-day");
    let create_message = CreateMessageLogParams::new(
        ContactInfo::new("c-1", "+1"),
        RcMessage::new(1, RcMessageType::Sms),
    );
    assert_eq!(wire(&create_message)["message"]["id"], 1);
    let shared = CreateMessageLogParams::shared(
        ContactInfo::new("c-1", "+1"),
        SharedSmsLogContent::new("S", "B"),
    );
    assert_eq!(wire(&shared)["sharedSMSLogContent"]["subject"], "S");
    let update_message = UpdateMessageLogParams::shared(
        ContactInfo::new("c-1", "+1"),
        existing_message.clone(),
        SharedSmsLogContent::new("S", "B"),
    );
    let v = wire(&update_message);
    assert_eq!(v["existingMessageLog"]["thirdPartyLogId"], "n-9");
    assert_eq!(v["existingMessageLog"]["conversationLogId"], "c-day");
    assert_eq!(v["sharedSMSLogContent"]["subject"], "S");
    let next = UpdateMessageLogParams::new(
        ContactInfo::new("c-1", "+1"),
        existing_message,
        RcMessage::new(2, RcMessageType::Sms),
    );
    assert_eq!(wire(&next)["message"]["id"], 2);

    let user_info = GetUserInfoParams::api_key(Secret::new("k-1")).with_hostname("crm.example.com");
    assert_eq!(wire(&user_info)["apiKey"], "k-1");
    assert_eq!(wire(&user_info)["hostname"], "crm.example.com");
    let oauth_user = GetUserInfoParams::oauth(json!({"access_token": "at"}));
    assert_eq!(wire(&oauth_user)["data"]["access_token"], "at");

    let oauth = OAuthInfoParams::new("crm.example.com");
    assert_eq!(wire(&oauth), json!({"hostname": "crm.example.com"}));
}

#[test]
fn route_bodies_are_built_from_outside() {
    // Requests.
    let call = CreateCallLogRequest::new(CallLog::new("s-1"), "c-1");
    assert_eq!(wire(&call)["contactId"], "c-1");
    assert_eq!(wire(&UpdateCallLogRequest::new("s-1"))["sessionId"], "s-1");
    let disposition = CallDispositionRequest::new("s-1", Extra::new());
    assert_eq!(
        wire(&disposition),
        json!({"sessionId": "s-1", "dispositions": {}})
    );
    let note = CallNoteCacheRequest::new("s-1", "n");
    assert_eq!(wire(&note), json!({"sessionId": "s-1", "note": "n"}));
    assert_eq!(
        wire(&CreateContactRequest::new("+1", "Ada"))["newContactName"],
        "Ada"
    );
    let query = ContactSearchQuery::new(" 14155550100");
    assert_eq!(query.to_params().phone_number, "+14155550100");
    let message = MessageLogRequest::new(MessageConversationLog::default(), 5);
    assert_eq!(
        wire(&message),
        json!({"logInfo": {"messages": [], "correspondents": []}, "contactId": 5})
    );
    let login = ApiKeyLoginRequest::new("acme", Secret::new("k"));
    assert_eq!(wire(&login), json!({"platform": "acme", "apiKey": "k"}));
    let settings = UserSettingsUpdateRequest::new(UserSettings::new()).removing(["old"]);
    assert_eq!(
        wire(&settings),
        json!({"userSettings": {}, "settingKeysToRemove": ["old"]})
    );
    let input = CreateAppointmentInput::new("Call", "2026-07-20T19:00:00.000Z", 30);
    let create = AppointmentCreateRequest::Wrapped { payload: input };
    assert_eq!(wire(&create)["payload"]["title"], "Call");
    let patch = AppointmentPatchInput::new().with_title("Moved");
    let patch = AppointmentPatchRequest::Wrapped { patch };
    assert_eq!(wire(&patch), json!({"patch": {"title": "Moved"}}));
    let status = AppointmentStatusUpdateRequest::new("confirmed");
    assert_eq!(wire(&status), json!({"status": "confirmed"}));
    let options = ManagedAuthOptionsRequest::new("userId");
    assert_eq!(wire(&options), json!({"fieldConst": "userId"}));

    // Responses.
    let lookup = CallLogLookupResponse::new(vec![
        CallLogLookupItem::matched("s-1", 9).with_log_data(CallLogInfo::new("S")),
        CallLogLookupItem::unmatched("s-2"),
    ]);
    assert_eq!(wire(&lookup)["logs"][1]["matched"], false);
    // The contract types these two `logId`s as strings, whatever the CRM's id type.
    assert_eq!(wire(&lookup)["logs"][0]["logId"], "9");
    assert_eq!(wire(&CallLogUpdateResponse::updated(9))["logId"], "9");
    assert_eq!(
        wire(&CallLogMutationResponse::created(9)),
        json!({"successful": true, "logId": 9})
    );
    assert_eq!(
        wire(&CallLogUpdateResponse::updated("9").with_updated_note("n"))["updatedNote"],
        "n"
    );
    assert_eq!(
        wire(&ContactSearchResponse::found(vec![]))["successful"],
        true
    );
    assert_eq!(
        wire(&ContactMutationResponse::created(Contact::new(1, "Ada")))["contact"]["id"],
        1
    );
    assert_eq!(
        wire(&MessageLogResponse::logged(vec![CrmId::from(3)])),
        json!({"successful": true, "logIds": [3]})
    );
    let mut login = ApiKeyLoginResponse::default();
    login.jwt_token = Secret::new("jwt");
    login.name = Some("Ada".into());
    assert_eq!(wire(&login), json!({"jwtToken": "jwt", "name": "Ada"}));
    assert_eq!(
        wire(&ImplementedInterfacesResponse::new().with("createCallLog", true)),
        json!({"createCallLog": true})
    );
    assert_eq!(wire(&BasicMutationResponse::success())["successful"], true);
    assert_eq!(
        wire(&ErrorResponse::session_revoked())["errorCode"],
        "CRM_SESSION_REVOKED"
    );
    let mut error = ErrorBody::default();
    error.error = Some(json!("Invalid JWT token"));
    assert_eq!(
        wire(&ErrorResponse::Body(Box::new(error))),
        json!({"error": "Invalid JWT token"})
    );
    assert_eq!(wire(&HealthResponse::Ok), json!("OK"));
    let mut hash = UserInfoHashResponse::default();
    hash.account_id = "ab".into();
    assert_eq!(wire(&hash)["accountId"], "ab");
    let mut envelope = UserSettingsEnvelope::default();
    envelope.user_settings = Some(UserSettings::new());
    assert_eq!(wire(&envelope), json!({"userSettings": {}}));
    let mut list = AppointmentListResponse::default();
    list.successful = true;
    list.appointments = Some(vec![Appointment::new("101").with_title("Call")]);
    assert_eq!(wire(&list)["appointments"][0]["title"], "Call");
    assert_eq!(
        wire(&AppointmentResponse::failure(ReturnMessage::error("x")))["successful"],
        false
    );
}
