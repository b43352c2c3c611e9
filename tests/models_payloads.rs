//! Realistic App Connect payloads (our own fixtures): exact round trips, typed accessors,
//! server-side-logging variants, path-naming errors, secret redaction, open enums.

use app_connect_sdk::models::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn fixture_text(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/models/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Parses a fixture into `T` (through `from_json_slice`), checks that serialising gives back the
/// same JSON value, and returns the typed value.
fn round_trip<T: Serialize + DeserializeOwned>(name: &str) -> T {
    let text = fixture_text(name);
    let original: Value = serde_json::from_str(&text).expect("fixture is JSON");
    let typed: T = from_json_slice(text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let back = serde_json::to_value(&typed).expect("serialises");
    assert_eq!(back, original, "{name}: round trip changed the payload");
    // And again from our own output (idempotent).
    let again: T = from_json_value(back.clone()).expect("re-parses");
    assert_eq!(serde_json::to_value(&again).expect("serialises"), original);
    typed
}

#[test]
fn create_call_log_browser_payload() {
    let req: CreateCallLogRequest = round_trip("create_call_log.json");
    let log = &req.log_info;
    assert_eq!(log.session_id, "25106342008");
    assert_eq!(
        log.local_log_id().as_deref(),
        Some("s-a7c5e1f2b3d4e5f6a7b8c9d0e1f2a3b4")
    );
    assert_eq!(log.direction, Some(CallDirection::Outbound));
    assert_eq!(log.call_type, Some(CallType::Voice));
    assert_eq!(log.result, Some(CallResult::CallConnected));
    let start = log
        .start_time
        .as_ref()
        .and_then(StartTime::to_utc)
        .expect("start time");
    assert_eq!(start.to_rfc3339(), "2026-06-24T15:04:05.123+00:00");
    assert_eq!(
        log.duration.as_ref().and_then(CallDuration::seconds),
        Some(317)
    );
    assert_eq!(log.duration_ms, Some(316_874));
    // Outbound: the other party is `to`.
    let other = log.other_party().expect("other party");
    assert_eq!(other.phone_number.as_deref(), Some("+14155550100"));
    assert_eq!(other.name.as_deref(), Some("Jane Smith"));
    assert_eq!(
        log.from.as_ref().and_then(|p| p.extra.get("device")),
        Some(&json!({"id": "802636218008"}))
    );
    assert_eq!(
        log.recording_link(),
        Some("https://ringcentral.github.io/ringcentral-embeddable/recording.html?id=7201234008")
    );
    assert_eq!(
        log.recording
            .as_ref()
            .and_then(|r| r.recording_type.as_deref()),
        Some("OnDemand")
    );
    let legs = log.legs.as_ref().expect("legs");
    assert_eq!(legs.len(), 1);
    assert_eq!(legs[0].master, Some(true));
    assert_eq!(
        legs[0].extension.as_ref().map(|e| &e["id"]),
        Some(&json!(401234568008_u64))
    );
    assert_eq!(
        log.custom_subject.as_deref(),
        Some("Renewal call with Jane Smith")
    );
    assert_eq!(log.extra.get("internalType"), Some(&json!("LocalNumber")));

    assert_eq!(req.contact_id, "00Q5g00000AbCdEFGH");
    assert_eq!(req.contact_type.as_deref(), Some("Lead"));
    assert_eq!(req.contact_name.as_deref(), Some("Jane Smith"));
    assert!(
        req.note
            .as_deref()
            .is_some_and(|n| n.contains("revised quote"))
    );
    assert!(
        req.ai_note
            .as_deref()
            .is_some_and(|n| n.starts_with("- Customer"))
    );
    assert!(req.transcript.is_some());
    assert_eq!(req.extension_number.as_deref(), Some("101"));
    assert!(
        req.hashed_extension_id
            .as_deref()
            .is_some_and(|h| h.len() == 64)
    );
    assert_eq!(
        req.ring_sense_ai_score.as_ref().map(|s| &s["overall"]),
        Some(&json!(87))
    );
    assert_eq!(
        req.overriding_format
            .as_ref()
            .map(OverridingFormat::patterns),
        Some(vec!["(###) ###-####", "+1-###-###-####"])
    );
    assert_eq!(req.extra.get("clientVersion"), Some(&json!("1.7.42")));

    let sub = req
        .additional_submission
        .as_ref()
        .expect("additionalSubmission");
    assert_eq!(sub.get_id("deals"), Some(CrmId::from("D-7781")));
    assert_eq!(sub.get_id("matters"), Some(CrmId::from(120045)));
    assert_eq!(sub.get_bool("logTimeEntry"), Some(true));
    assert_eq!(sub.get_bool("nonBillable"), Some(false));
    assert_eq!(sub.get_str("departmentName"), Some("Sales"));
    assert!(!sub.is_assigned_to_user());

    // What App Connect would pass to createCallLog as contactInfo (outbound: the `to` number).
    assert_eq!(
        serde_json::to_value(req.contact_info()).expect("ser"),
        json!({"id": "00Q5g00000AbCdEFGH", "phoneNumber": "+14155550100", "type": "Lead", "name": "Jane Smith"})
    );
}

#[test]
fn create_call_log_server_side_logging_variant() {
    let req: CreateCallLogRequest = round_trip("create_call_log_sscl.json");
    let log = &req.log_info;
    // Epoch milliseconds, kept as a number on the way out.
    assert_eq!(
        log.start_time,
        Some(StartTime::EpochMillis(1_782_313_445_123))
    );
    let start = log
        .start_time
        .as_ref()
        .and_then(StartTime::to_utc)
        .expect("start");
    assert_eq!(start.to_rfc3339(), "2026-06-24T15:04:05.123+00:00");
    // "pending" duration.
    assert_eq!(log.duration, Some(CallDuration::Pending));
    assert_eq!(log.duration.as_ref().and_then(CallDuration::seconds), None);
    assert_eq!(log.result, Some(CallResult::InProgress));
    // Inbound: the other party is `from`.
    assert_eq!(
        log.other_party().and_then(|p| p.phone_number.as_deref()),
        Some("+14155550100")
    );
    let vm = log.voicemail.as_ref().expect("voicemail");
    assert_eq!(vm.message_id, Some(CrmId::from(1_724_099_032_099_i64)));
    assert_eq!(req.rc_extension_id.as_deref(), Some("401234568008"));
    assert_eq!(req.contact_id.as_i64(), Some(88412));

    let sub = req
        .additional_submission
        .as_ref()
        .expect("additionalSubmission");
    assert!(sub.is_assigned_to_user());
    assert_eq!(
        sub.admin_assigned_user_rc_id(),
        Some(CrmId::from("401234569999"))
    );
    let token = sub.admin_assigned_user_token().expect("token");
    assert!(token.expose().starts_with("eyJ"));
    assert_eq!(format!("{token:?}"), "[redacted]");
}

#[test]
fn update_call_log_payload() {
    let req: UpdateCallLogRequest = round_trip("update_call_log.json");
    assert_eq!(req.session_id, "25106342008");
    assert_eq!(
        req.subject.as_deref(),
        Some("Renewal call with Jane Smith (edited)")
    );
    assert_eq!(
        req.note.as_deref(),
        Some("Discussed the 2026 renewal. Quote sent.")
    );
    assert_eq!(
        req.duration.as_ref().and_then(CallDuration::seconds),
        Some(317)
    );
    assert_eq!(req.result, Some(CallResult::CallConnected));
    assert_eq!(req.direction, Some(CallDirection::Outbound));
    assert_eq!(
        req.to.as_ref().and_then(|p| p.phone_number.as_deref()),
        Some("+14155550100")
    );
    assert_eq!(
        req.from
            .as_ref()
            .and_then(|p| p.extension_number.as_deref()),
        Some("101")
    );
    assert_eq!(req.legs.as_ref().map(Vec::len), Some(1));
    let link = req.recording_download_link.as_ref().expect("download link");
    assert!(link.expose().contains("access_token="));
    assert_eq!(
        req.ring_sense_summary.as_deref(),
        Some("Renewal discussed; quote pending.")
    );
    assert_eq!(
        req.start_time.as_ref().and_then(StartTime::epoch_millis),
        Some(1_782_313_445_123)
    );
}

#[test]
fn message_log_payload() {
    let req: MessageLogRequest = round_trip("message_log.json");
    let log = &req.log_info;
    assert_eq!(
        log.conversation_id,
        Some(CrmId::from(7_230_881_002_008_i64))
    );
    assert_eq!(
        log.conversation_log_id.as_deref(),
        Some("7230881002008-2026-06-24")
    );
    assert!(!log.is_shared_sms());
    assert_eq!(log.messages.len(), 3);

    let sms = &log.messages[0];
    assert_eq!(sms.id, "1724099032020");
    assert_eq!(sms.message_type, RcMessageType::Sms);
    assert_eq!(sms.direction, Some(CallDirection::Inbound));
    assert_eq!(sms.subject.as_deref(), Some("Can we move the call to 3pm?"));
    assert_eq!(
        sms.from.as_ref().and_then(|p| p.phone_number.as_deref()),
        Some("+14155550100")
    );
    assert_eq!(sms.to.as_ref().map(Vec::len), Some(1));

    let mms = &log.messages[1];
    assert_eq!(mms.message_type, RcMessageType::Mms);
    assert_eq!(mms.typing_duration_ms, Some(5400));
    let image = mms
        .attachments_of(&AttachmentType::MmsAttachment)
        .next()
        .expect("image");
    assert_eq!(image.content_type.as_deref(), Some("image/png"));
    assert_eq!(image.file_name.as_deref(), Some("quote.png"));

    let vm = &log.messages[2];
    assert_eq!(vm.message_type, RcMessageType::VoiceMail);
    let audio = vm
        .attachments_of(&AttachmentType::AudioRecording)
        .next()
        .expect("audio");
    assert_eq!(audio.vm_duration, Some(23));
    assert!(audio.link.is_some());

    assert_eq!(log.correspondents[0].phone_number, "+14155550100");
    assert_eq!(
        log.correspondents[0].id,
        Some(CrmId::from("00Q5g00000AbCdEFGH"))
    );
    assert!(log.rc_access_token.as_ref().is_some_and(|t| !t.is_empty()));
    assert_eq!(req.contact_id, "00Q5g00000AbCdEFGH");
    assert_eq!(
        req.overriding_format
            .as_ref()
            .map(OverridingFormat::patterns),
        Some(vec!["(###) ###-####"])
    );
}

#[test]
fn shared_sms_message_log_payload() {
    let req: MessageLogRequest = round_trip("message_log_shared.json");
    assert!(req.log_info.is_shared_sms());
    assert_eq!(req.log_info.owner_name(), Some("Support Queue"));
    assert_eq!(req.log_info.assignee_name(), Some("Ada Lovelace"));
    assert_eq!(req.log_info.entities.as_ref().map(Vec::len), Some(2));
    assert!(req.log_info.messages.is_empty());
    assert_eq!(req.contact_id, CrmId::from("42"));
}

#[test]
fn persisted_user_round_trips_and_reads_settings() {
    let user: User = round_trip("user.json");
    assert_eq!(user.id, "12345-pipedrive");
    assert!(user.is_connected());
    assert_eq!(
        user.token_url(),
        Some("https://oauth.pipedrive.com/oauth/token")
    );
    assert_eq!(user.timezone_offset_minutes(), Some(-420));
    assert_eq!(
        user.token_expiry.map(|t| t.timestamp()),
        Some(1_782_316_800)
    );
    assert_eq!(user.user_settings.bool_value("addCallLogNote"), Some(true));
    assert_eq!(
        user.user_settings.bool_value("addCallLogSubject"),
        Some(false)
    );
    assert_eq!(
        user.user_settings.str_value("logCallSubjectFormat"),
        Some("{direction} call with {contactName}")
    );
    assert_eq!(
        user.user_settings.keys().collect::<Vec<_>>(),
        [
            "addCallLogNote",
            "addCallLogSubject",
            "logCallSubjectFormat",
            "plugin_recorder"
        ]
    );
    // A null inside a connector bag is kept.
    assert_eq!(
        user.platform_additional_info.get("proxyId"),
        Some(&Value::Null)
    );
}

#[test]
fn contact_query_flags_are_lenient() {
    let q: ContactSearchQuery = from_json_value(json!({
        "phoneNumber": " 14155550100",
        "isExtension": "true",
        "overridingFormat": "(###) ###-####"
    }))
    .expect("query parses");
    assert_eq!(q.is_extension, Some(LenientBool::Text("true".into())));
    let params = q.to_params();
    assert_eq!(params.phone_number, "+14155550100");
    assert!(params.is_extension);
    assert!(!params.is_force_refresh_account_data);
    assert_eq!(params.formats(), vec!["(###) ###-####"]);
    // Round trip keeps the string form.
    assert_eq!(
        serde_json::to_value(&q).expect("ser")["isExtension"],
        json!("true")
    );

    let p: FindContactParams =
        from_json_value(json!({"phoneNumber": "101", "isExtension": "true"})).expect("params");
    assert!(p.is_extension);
    let p: FindContactParams =
        from_json_value(json!({"phoneNumber": "101", "isExtension": false})).expect("params");
    assert!(!p.is_extension);
}

#[test]
fn lenient_scalars_accept_each_shape_and_keep_it() {
    fn keeps<T: Serialize + DeserializeOwned>(value: Value) -> T {
        let typed: T = from_json_value(value.clone()).unwrap_or_else(|e| panic!("{value}: {e}"));
        assert_eq!(serde_json::to_value(&typed).expect("ser"), value);
        typed
    }
    assert!(keeps::<LenientBool>(json!(true)).get());
    assert!(!keeps::<LenientBool>(json!("false")).get());
    assert!(keeps::<LenientBool>(json!("TRUE")).get());
    assert!(from_json_value::<LenientBool>(json!("maybe")).is_err());
    assert!(from_json_value::<LenientBool>(json!(1)).is_err());

    let iso = keeps::<StartTime>(json!("2026-06-24T02:30:00.000Z"));
    let ms = keeps::<StartTime>(json!(1_782_268_200_000_i64));
    assert_eq!(iso.to_utc(), ms.to_utc());
    assert_eq!(
        keeps::<StartTime>(json!("2026-06-24T04:30:00+02:00")).to_utc(),
        ms.to_utc()
    );
    assert_eq!(keeps::<StartTime>(json!("not a date")).to_utc(), None);
    assert!(from_json_value::<StartTime>(json!(true)).is_err());

    assert_eq!(keeps::<CallDuration>(json!(0)).seconds(), Some(0));
    assert!(keeps::<CallDuration>(json!("pending")).is_pending());
    assert_eq!(keeps::<CallDuration>(json!("42")).seconds(), Some(42));
    assert!(from_json_value::<CallDuration>(json!(-1)).is_err());
    assert!(from_json_value::<CallDuration>(json!(1.5)).is_err());
    assert!(from_json_value::<CallDuration>(json!("soon")).is_err());

    assert_eq!(keeps::<TimezoneOffset>(json!("+05:30")).minutes(), 330);
    assert_eq!(keeps::<TimezoneOffset>(json!("-05:30")).minutes(), -330);
    assert_eq!(keeps::<TimezoneOffset>(json!("-300")).minutes(), -300);
    assert_eq!(keeps::<TimezoneOffset>(json!("-7")).minutes(), -420);
    assert_eq!(keeps::<TimezoneOffset>(json!(-7)).minutes(), -420);
    assert_eq!(keeps::<TimezoneOffset>(json!(5.5)).minutes(), 330);
    assert_eq!(keeps::<TimezoneOffset>(json!(-480)).minutes(), -480);
    // What App Connect's composer cannot place is UTC, as in core.
    assert_eq!(keeps::<TimezoneOffset>(json!("")).minutes(), 0);
    assert_eq!(keeps::<TimezoneOffset>(json!("PST")).minutes(), 0);
    assert_eq!(keeps::<TimezoneOffset>(json!("+25:00")).minutes(), 0);
    assert_eq!(keeps::<TimezoneOffset>(json!(100_000)).minutes(), 0);
    assert_eq!(keeps::<TimezoneOffset>(json!("GMT+02:00")).minutes(), 120);

    let created = keeps::<FlexibleDate>(json!(1_718_000_000_000_i64)).to_utc();
    assert_eq!(
        keeps::<FlexibleDate>(json!(1_718_000_000)).to_utc(),
        created
    );
    assert_eq!(
        keeps::<FlexibleDate>(json!("2024-06-10T06:13:20Z")).to_utc(),
        created
    );
    assert_eq!(
        keeps::<FlexibleDate>(json!("1718000000000")).to_utc(),
        created
    );
    assert!(
        keeps::<FlexibleDate>(json!("2024-06-10"))
            .to_utc()
            .is_some()
    );

    assert_eq!(keeps::<CrmId>(json!(42)), "42");
    assert_eq!(keeps::<CrmId>(json!("42")), "42");
    assert_eq!(keeps::<CrmId>(json!(4.5)).to_string(), "4.5");
    assert!(from_json_value::<CrmId>(json!(null)).is_err());
}

#[test]
fn explicit_nulls_survive_a_round_trip() {
    let appointment = json!({
        "id": "101", "title": null, "thirdPartyAppointmentId": null, "durationMinutes": 30
    });
    let a: Appointment = from_json_value(appointment.clone()).expect("parses");
    assert_eq!(a.title, None);
    assert_eq!(serde_json::to_value(&a).expect("ser"), appointment);

    // Setting the typed field wins over the kept null: no duplicate key.
    let mut a = a;
    a.title = Some("Screen".into());
    let out = serde_json::to_string(&a).expect("ser");
    assert_eq!(out.matches("\"title\"").count(), 1, "{out}");
    assert!(out.contains("\"title\":\"Screen\""));
}

#[test]
fn open_enums_keep_unknown_values() {
    let msg: ReturnMessage =
        from_json_value(json!({"message": "x", "messageType": "brandNew"})).expect("parses");
    assert_eq!(msg.message_type, Some(MessageType::parse("brandNew")));
    assert!(msg.message_type.as_ref().is_some_and(MessageType::is_other));
    assert_eq!(
        serde_json::to_value(&msg).expect("ser")["messageType"],
        "brandNew"
    );

    let log: CallLog = from_json_value(json!({
        "sessionId": "1", "direction": "brandNew", "type": "brandNew", "result": "brandNew"
    }))
    .expect("parses");
    assert_eq!(log.direction, Some(CallDirection::parse("brandNew")));
    assert!(log.direction.as_ref().is_some_and(CallDirection::is_other));
    assert_eq!(log.call_type, Some(CallType::parse("brandNew")));
    assert_eq!(log.result, Some(CallResult::parse("brandNew")));
    assert_eq!(
        serde_json::to_value(&log).expect("ser"),
        json!({"sessionId": "1", "direction": "brandNew", "type": "brandNew", "result": "brandNew"})
    );

    let m: RcMessage = from_json_value(json!({
        "id": 1, "type": "brandNew", "attachments": [{"type": "brandNew"}]
    }))
    .expect("parses");
    assert!(m.message_type.is_other());
    assert_eq!(m.message_type.as_str(), "brandNew");
    let back = serde_json::to_value(&m).expect("ser");
    assert_eq!(back["attachments"][0]["type"], "brandNew");

    assert_eq!(ContactType::from("brandNew").to_string(), "brandNew");
    let attachment = AttachmentType::parse("brandNew");
    assert!(attachment.is_other());
    assert_eq!(attachment.as_str(), "brandNew");
    assert_eq!(attachment, AttachmentType::from(String::from("brandNew")));
    // Known values are case-sensitive, like App Connect: "inbound" is not Inbound.
    assert!(CallDirection::parse("inbound").is_other());
}

#[test]
fn wrong_types_name_the_json_path() {
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            json!({"contactId": "1", "logInfo": {"sessionId": "9", "from": {"phoneNumber": 5}}}),
            "logInfo.from.phoneNumber",
            "invalid type: integer `5`, expected a string",
        ),
        (
            json!({"contactId": "1", "logInfo": {"sessionId": "9", "startTime": true}}),
            "logInfo.startTime",
            "expected an ISO-8601 date-time string or epoch milliseconds",
        ),
        (
            json!({"contactId": "1", "logInfo": {"sessionId": "9", "duration": "soon"}}),
            "logInfo.duration",
            "expected a non-negative number of seconds or \"pending\"",
        ),
        (
            json!({"contactId": "1", "logInfo": {"sessionId": "9", "legs": [{}, {"to": {"name": []}}]}}),
            "logInfo.legs[1].to.name",
            "invalid type: sequence, expected a string",
        ),
        (
            json!({"contactId": {"id": 1}, "logInfo": {"sessionId": "9"}}),
            "contactId",
            "expected an id (string or number)",
        ),
        (
            json!({"contactId": "1", "logInfo": {}}),
            "logInfo",
            "missing field `sessionId`",
        ),
        (
            json!({"contactId": "1", "logInfo": "oops"}),
            "logInfo",
            "expected a call log object",
        ),
    ];
    for (body, path, message) in cases {
        let bytes = serde_json::to_vec(&body).expect("ser");
        let err = from_json_slice::<CreateCallLogRequest>(&bytes).expect_err("must fail");
        assert_eq!(err.path, path, "{err}");
        assert!(err.message.contains(message), "{err}");
        assert!(err.to_string().starts_with(&format!("{path}: ")), "{err}");
        assert!(!err.syntax);
    }

    let err = from_json_str::<MessageLogRequest>(
        r#"{"contactId":"1","logInfo":{"correspondents":[],"messages":[{"id":1,"type":"SMS"},{"id":2}]}}"#,
    )
    .expect_err("missing type");
    assert_eq!(err.path, "logInfo.messages[1]");
    assert_eq!(err.to_string(), "logInfo.messages[1]: missing field `type`");

    let err = from_json_str::<UpdateCallLogRequest>(r#"{"note":"x"}"#).expect_err("no session");
    assert_eq!(err.path, "");
    assert_eq!(
        err.to_string(),
        "at the document root: missing field `sessionId`"
    );

    let err = from_json_str::<UpdateCallLogRequest>(r#"{"sessionId":"1"} trailing"#)
        .expect_err("trailing");
    assert!(err.syntax);
    assert!(err.to_string().contains("trailing characters"), "{err}");

    // JSON cut short after a value: the error is in the enclosing object, whose path is named
    // (serde_path_to_error's `?` placeholder for the key not read yet is not a path).
    for (text, path, shown) in [
        (
            r#"{"contactId":"1","logInfo":{"sessionId":"1""#,
            "logInfo",
            "logInfo: EOF while parsing an object (line 1, column 43)",
        ),
        (
            r#"{"contactId":"1","#,
            "",
            "at the document root: EOF while parsing a value (line 1, column 17)",
        ),
        (
            r#"{"contactId":"1" x"#,
            "",
            "at the document root: expected `,` or `}` (line 1, column 18)",
        ),
    ] {
        let err = from_json_str::<CreateCallLogRequest>(text).expect_err("cut short");
        assert!(err.syntax, "{err}");
        assert_eq!(err.path, path, "{err}");
        assert_eq!(err.to_string(), shown);
    }

    let err = from_json_str::<CallLog>(r#"{"sessionId":"1","sessionId":"2"}"#).expect_err("dup");
    assert!(
        err.to_string().contains("duplicate field `sessionId`"),
        "{err}"
    );
}

#[test]
fn debug_output_never_shows_credentials() {
    const SECRETS: &[&str] = &[
        "ACCESS-TOKEN-VALUE",
        "REFRESH-TOKEN-VALUE",
        "PLATFORM-API-PASSWORD",
        "QVMwMHxBQURfcmVhbGx5X3NlY3JldA",
        "c2VjcmV0LXNpZ25hdHVyZQ",
        "example-api-key",
        "rc-token-123",
        "jwt.header.sig",
        "client-secret-xyz",
    ];
    let check = |label: &str, debug: String| {
        for s in SECRETS {
            assert!(!debug.contains(s), "{label} Debug leaks {s}: {debug}");
        }
        assert!(
            debug.contains("[redacted]"),
            "{label} shows no redaction marker: {debug}"
        );
    };

    let mut user: User = from_json_str(&fixture_text("user.json")).expect("user");
    // Plugin configurations and unknown keys may hold credentials too, at any depth.
    user.user_settings.insert(
        "plugin_transcriber",
        UserSetting::with_value(json!({"config": {"apiKey": "example-api-key", "model": "small"}})),
    );
    user.extra.insert(
        "legacy".into(),
        json!([{"refresh_token": "REFRESH-TOKEN-VALUE"}]),
    );
    check("User", format!("{user:?}"));
    check("User (pretty)", format!("{user:#?}"));

    let update: UpdateCallLogRequest =
        from_json_str(&fixture_text("update_call_log.json")).expect("update");
    check("UpdateCallLogRequest", format!("{update:?}"));

    let messages: MessageLogRequest =
        from_json_str(&fixture_text("message_log.json")).expect("messages");
    check("MessageLogRequest", format!("{messages:?}"));

    let sscl: CreateCallLogRequest =
        from_json_str(&fixture_text("create_call_log_sscl.json")).expect("sscl");
    check("CreateCallLogRequest (SSCL)", format!("{sscl:?}"));

    let login: ApiKeyLoginRequest = from_json_value(json!({
        "platform": "exampleCRM", "apiKey": "example-api-key", "rcAccessToken": "rc-token-123",
        "additionalInfo": {"apiPassword": "PLATFORM-API-PASSWORD", "apiUsername": "ada"}
    }))
    .expect("login");
    check("ApiKeyLoginRequest", format!("{login:?}"));
    assert!(
        format!("{login:?}").contains("ada"),
        "non-secret values stay visible"
    );

    let resp: ApiKeyLoginResponse =
        from_json_value(json!({"jwtToken": "jwt.header.sig", "name": "Ada"})).expect("resp");
    check("ApiKeyLoginResponse", format!("{resp:?}"));

    let oauth = OAuthInfo::new(
        "client-1",
        "client-secret-xyz",
        "https://crm/token",
        "https://rc/redirect",
    );
    check("OAuthInfo", format!("{oauth:?}"));

    let mut params = GetUserInfoParams::default();
    params.api_key = Some(Secret::new("example-api-key"));
    params.data = Some(json!({"access_token": "ACCESS-TOKEN-VALUE"}));
    params.query.insert("code".into(), json!("rc-token-123"));
    check("GetUserInfoParams", format!("{params:?}"));

    let mut update_params = UpdateCallLogParams::default();
    update_params.recording_download_link =
        Some(Secret::new("https://x/?access_token=rc-token-123"));
    check("UpdateCallLogParams", format!("{update_params:?}"));

    let mut message_params = CreateMessageLogParams::default();
    message_params.fax_download_link = Some(Secret::new("https://x/?access_token=rc-token-123"));
    check("CreateMessageLogParams", format!("{message_params:?}"));

    let option = OverridingOAuthOption::default()
        .with_header("Authorization", "Basic client-secret-xyz")
        .with_query("client_secret", "client-secret-xyz");
    check("OverridingOAuthOption", format!("{option:?}"));

    // A wrongly typed secret is reported without its value.
    let err = from_json_str::<ApiKeyLoginRequest>(r#"{"platform":"x","apiKey":918273645}"#)
        .expect_err("bad key");
    assert_eq!(err.path, "apiKey");
    assert!(!err.to_string().contains("918273645"), "{err}");
}

#[test]
fn builders_produce_app_connect_shapes() {
    let found = FindContactResult::found(vec![
        Contact::new(101, "Jane Smith")
            .with_phone("+14155550100")
            .with_type("Contact")
            .with_created_date(1_718_000_000_000_i64)
            .with_additional_info(
                "deals",
                vec![ContactOption::new("d-1", "Renewal").with_description("Open")],
            ),
        Contact::create_new_placeholder(),
    ])
    .with_message(ReturnMessage::info("2 matches"));
    assert_eq!(
        serde_json::to_value(&found).expect("ser"),
        json!({
            "successful": true,
            "matchedContactInfo": [
                {"id": 101, "name": "Jane Smith", "phone": "+14155550100", "type": "Contact",
                 "createdDate": 1718000000000_i64,
                 "additionalInfo": {"deals": [{"const": "d-1", "title": "Renewal", "description": "Open"}]}},
                {"id": "createNewContact", "name": "Create new contact...", "isNewContact": true}
            ],
            "returnMessage": {"message": "2 matches", "messageType": "info"}
        })
    );

    let warning = ReturnMessage::warning("Contact not found")
        .with_ttl(5000)
        .with_detail(
            "Details",
            ["No contact has +14155550100.", "Check the number."],
        );
    assert_eq!(
        serde_json::to_value(&warning).expect("ser"),
        json!({
            "message": "Contact not found", "messageType": "warning", "ttl": 5000,
            "details": [{"title": "Details", "items": [
                {"id": "1", "type": "text", "text": "No contact has +14155550100."},
                {"id": "2", "type": "text", "text": "Check the number."}
            ]}]
        })
    );
    assert!(warning.is_problem());

    assert_eq!(
        serde_json::to_value(LogResult::logged(42)).expect("ser"),
        json!({"logId": 42})
    );
    assert_eq!(
        serde_json::to_value(MutationResult::success()).expect("ser"),
        json!({"successful": true})
    );
    let mut flags = ImplementedInterfacesResponse::new().with("findContact", false);
    flags.set("createCallLog", true);
    flags.set("somethingNew", true);
    let v = serde_json::to_value(&flags).expect("ser");
    assert_eq!(v["createCallLog"], true);
    assert_eq!(v["findContact"], false);
    assert_eq!(v["somethingNew"], true);
    assert_eq!(flags.len(), 3);
}

#[test]
fn an_unknown_value_never_equals_a_known_variant() {
    // Every way in gives the documented variant for a documented string.
    assert_eq!(CallDirection::parse("Inbound"), CallDirection::Inbound);
    assert_eq!(CallDirection::from("Inbound"), CallDirection::Inbound);
    assert_eq!(
        CallDirection::from(String::from("Inbound")),
        CallDirection::Inbound
    );
    assert_eq!(
        "Inbound".parse::<CallDirection>(),
        Ok(CallDirection::Inbound)
    );
    let via_serde: CallDirection = serde_json::from_str(r#""Inbound""#).expect("parses");
    assert_eq!(via_serde, CallDirection::Inbound);
    let owned: CallDirection =
        serde_json::from_value(Value::String("Inbound".into())).expect("parses");
    assert_eq!(owned, CallDirection::Inbound);
    assert!(CallDirection::Inbound.is_known());

    // `Other` holds only strings that are no documented value, so equality agrees with the wire
    // form: two values are equal exactly when they serialise the same. (`Unrecognized` has no
    // public constructor, so `CallDirection::Other(..)` cannot be built outside `parse`.)
    let values =
        ["Inbound", "Outbound", "inbound", "Sideways", "", "Sideways"].map(CallDirection::parse);
    for a in &values {
        for b in &values {
            let same_wire =
                serde_json::to_string(a).expect("ser") == serde_json::to_string(b).expect("ser");
            assert_eq!(a == b, same_wire, "{a:?} vs {b:?}");
        }
        if let CallDirection::Other(unknown) = a {
            assert!(CallDirection::parse(unknown.as_str()).is_other());
            assert_eq!(unknown.as_str(), a.as_str());
        }
    }
}

#[test]
fn the_reexported_chrono_is_the_one_of_the_models() {
    use app_connect_sdk::chrono::{TimeZone, Utc};
    let start: StartTime = serde_json::from_value(json!(1782268200000_i64)).expect("parses");
    let expected = Utc
        .with_ymd_and_hms(2026, 6, 24, 2, 30, 0)
        .single()
        .expect("valid date");
    assert_eq!(start.to_utc(), Some(expected));
}
