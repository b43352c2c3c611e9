//! Every public input / output of `models::interface` and every route body, built from outside
//! the crate through public API only (constructors, or `Default` plus field assignment, as
//! `#[non_exhaustive]` requires), then checked on the wire.

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
    assert_eq!(wire(&LogResult::logged(8)), json!({"logId": 8}));
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
fn interface_params_are_built_from_default() {
    assert_eq!(FindContactParams::new("+1").phone_number, "+1");
    assert_eq!(FindContactWithNameParams::new("Ada").name, "Ada");

    let mut create_contact = CreateContactParams::default();
    create_contact.new_contact_name = "Ada".into();
    assert_eq!(wire(&create_contact)["newContactName"], "Ada");

    let mut create_call = CreateCallLogParams::default();
    create_call.call_log = CallLog::new("s-1");
    create_call.contact_info = ContactInfo::new("c-1", "+1");
    assert_eq!(wire(&create_call)["callLog"]["sessionId"], "s-1");

    let mut existing_call = ExistingCallLog::default();
    existing_call.third_party_log_id = "42".into();
    let mut update_call = UpdateCallLogParams::default();
    update_call.existing_call_log = existing_call.clone();
    update_call.is_from_sscl = true;
    let v = wire(&update_call);
    assert_eq!(
        (&v["existingCallLog"]["thirdPartyLogId"], &v["isFromSSCL"]),
        (&json!("42"), &json!(true))
    );

    let mut get_call = GetCallLogParams::default();
    get_call.call_log_id = "42".into();
    assert_eq!(wire(&get_call)["callLogId"], "42");

    let mut disposition = UpsertDispositionParams::default();
    disposition.existing_call_log = existing_call;
    disposition
        .dispositions
        .insert("deals".into(), json!("d-1"));
    assert_eq!(wire(&disposition)["dispositions"]["deals"], "d-1");

    let mut existing_message = ExistingMessageLog::default();
    existing_message.third_party_log_id = "n-9".into();
    let mut create_message = CreateMessageLogParams::default();
    create_message.message = Some(RcMessage::new(1, RcMessageType::Sms));
    assert_eq!(wire(&create_message)["message"]["id"], 1);
    let mut update_message = UpdateMessageLogParams::default();
    update_message.existing_message_log = existing_message;
    update_message.shared_sms_log_content = Some(SharedSmsLogContent::new("S", "B"));
    let v = wire(&update_message);
    assert_eq!(v["existingMessageLog"]["thirdPartyLogId"], "n-9");
    assert_eq!(v["sharedSMSLogContent"]["subject"], "S");

    let mut user_info = GetUserInfoParams::default();
    user_info.api_key = Some(Secret::new("k-1"));
    assert_eq!(wire(&user_info)["apiKey"], "k-1");

    let mut oauth = OAuthInfoParams::default();
    oauth.hostname = Some("crm.example.com".into());
    assert_eq!(wire(&oauth), json!({"hostname": "crm.example.com"}));
}

#[test]
fn route_bodies_are_built_from_outside() {
    // Requests.
    let call = CreateCallLogRequest::new(CallLog::new("s-1"), "c-1");
    assert_eq!(wire(&call)["contactId"], "c-1");
    assert_eq!(wire(&UpdateCallLogRequest::new("s-1"))["sessionId"], "s-1");
    let mut disposition = CallDispositionRequest::default();
    disposition.session_id = "s-1".into();
    assert_eq!(wire(&disposition), json!({"sessionId": "s-1"}));
    let mut note = CallNoteCacheRequest::default();
    note.session_id = "s-1".into();
    note.note = "n".into();
    assert_eq!(wire(&note), json!({"sessionId": "s-1", "note": "n"}));
    assert_eq!(
        wire(&CreateContactRequest::new("+1", "Ada"))["newContactName"],
        "Ada"
    );
    let mut query = ContactSearchQuery::default();
    query.phone_number = " 14155550100".into();
    assert_eq!(query.to_params().phone_number, "+14155550100");
    let message = MessageLogRequest::new(MessageConversationLog::default(), 5);
    assert_eq!(
        wire(&message),
        json!({"logInfo": {"messages": [], "correspondents": []}, "contactId": 5})
    );
    let mut login = ApiKeyLoginRequest::default();
    login.platform = "acme".into();
    login.api_key = Some("k".into());
    assert_eq!(wire(&login), json!({"platform": "acme", "apiKey": "k"}));
    let mut settings = UserSettingsUpdateRequest::default();
    settings.setting_keys_to_remove = Some(vec!["old".into()]);
    assert_eq!(wire(&settings), json!({"settingKeysToRemove": ["old"]}));
    let mut input = CreateAppointmentInput::default();
    input.title = "Call".into();
    let create = AppointmentCreateRequest::Wrapped { payload: input };
    assert_eq!(wire(&create)["payload"]["title"], "Call");
    let mut patch = AppointmentPatchInput::default();
    patch.status = Some("tentative".into());
    let patch = AppointmentPatchRequest::Wrapped { patch };
    assert_eq!(wire(&patch), json!({"patch": {"status": "tentative"}}));
    let mut status = AppointmentStatusUpdateRequest::default();
    status.status = "confirmed".into();
    assert_eq!(wire(&status), json!({"status": "confirmed"}));
    let mut options = ManagedAuthOptionsRequest::default();
    options.field_const = "userId".into();
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
