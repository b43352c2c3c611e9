//! Every `example` / `examples` value the App Connect OpenAPI gives for a schema this crate
//! models must parse into our type and serialise back to the same JSON value.
//! Every schema of the contract must be either modelled or listed as out of scope (with the
//! reason, mirrored in docs/models.md).

mod common;

use std::collections::{BTreeMap, BTreeSet};

use app_connect_sdk::models::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

type RoundTrip = fn(&Value) -> Result<Value, String>;

fn rt<T: Serialize + DeserializeOwned>(value: &Value) -> Result<Value, String> {
    let typed: T = from_json_value(value.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(&typed).map_err(|e| e.to_string())
}

/// OpenAPI schema name -> Rust type that models it.
fn modelled() -> BTreeMap<&'static str, (&'static str, RoundTrip)> {
    let table: Vec<(&'static str, &'static str, RoundTrip)> = vec![
        ("ReturnMessage", "ReturnMessage", rt::<ReturnMessage>),
        (
            "ApiKeyLoginRequest",
            "ApiKeyLoginRequest",
            rt::<ApiKeyLoginRequest>,
        ),
        (
            "ApiKeyLoginResponse",
            "ApiKeyLoginResponse",
            rt::<ApiKeyLoginResponse>,
        ),
        ("ErrorResponse", "ErrorResponse", rt::<ErrorResponse>),
        (
            "BasicMutationResponse",
            "BasicMutationResponse",
            rt::<BasicMutationResponse>,
        ),
        ("ContactInfo", "Contact", rt::<Contact>),
        (
            "ContactSearchResponse",
            "ContactSearchResponse",
            rt::<ContactSearchResponse>,
        ),
        (
            "CreateContactRequest",
            "CreateContactRequest",
            rt::<CreateContactRequest>,
        ),
        (
            "ContactMutationResponse",
            "ContactMutationResponse",
            rt::<ContactMutationResponse>,
        ),
        ("RcParty", "CallParty", rt::<CallParty>),
        ("RcCallRecording", "CallRecording", rt::<CallRecording>),
        ("RcCallLogLeg", "CallLeg", rt::<CallLeg>),
        ("RcCallLogRecord", "CallLog", rt::<CallLog>),
        (
            "AdditionalSubmission",
            "AdditionalSubmission",
            rt::<AdditionalSubmission>,
        ),
        (
            "CreateCallLogRequest",
            "CreateCallLogRequest",
            rt::<CreateCallLogRequest>,
        ),
        (
            "UpdateCallLogRequest",
            "UpdateCallLogRequest",
            rt::<UpdateCallLogRequest>,
        ),
        ("CallLogInfo", "CallLogInfo", rt::<CallLogInfo>),
        (
            "CallLogLookupItem",
            "CallLogLookupItem",
            rt::<CallLogLookupItem>,
        ),
        (
            "CallLogLookupResponse",
            "CallLogLookupResponse",
            rt::<CallLogLookupResponse>,
        ),
        (
            "CallLogMutationResponse",
            "CallLogMutationResponse",
            rt::<CallLogMutationResponse>,
        ),
        (
            "CallLogUpdateResponse",
            "CallLogUpdateResponse",
            rt::<CallLogUpdateResponse>,
        ),
        (
            "CallNoteCacheRequest",
            "CallNoteCacheRequest",
            rt::<CallNoteCacheRequest>,
        ),
        (
            "CallDispositionRequest",
            "CallDispositionRequest",
            rt::<CallDispositionRequest>,
        ),
        (
            "MessageAttachment",
            "MessageAttachment",
            rt::<MessageAttachment>,
        ),
        ("MessageParty", "MessageParty", rt::<MessageParty>),
        ("RcMessage", "RcMessage", rt::<RcMessage>),
        (
            "MessageCorrespondent",
            "MessageCorrespondent",
            rt::<MessageCorrespondent>,
        ),
        (
            "MessageConversationLog",
            "MessageConversationLog",
            rt::<MessageConversationLog>,
        ),
        (
            "MessageLogRequest",
            "MessageLogRequest",
            rt::<MessageLogRequest>,
        ),
        (
            "MessageLogResponse",
            "MessageLogResponse",
            rt::<MessageLogResponse>,
        ),
        (
            "AppointmentStatusUpdateRequest",
            "AppointmentStatusUpdateRequest",
            rt::<AppointmentStatusUpdateRequest>,
        ),
        (
            "ImplementedInterfacesResponse",
            "ImplementedInterfacesResponse",
            rt::<ImplementedInterfacesResponse>,
        ),
        (
            "UserInfoHashResponse",
            "UserInfoHashResponse",
            rt::<UserInfoHashResponse>,
        ),
        (
            "AuthValidationResponse",
            "AuthValidationResponse",
            rt::<AuthValidationResponse>,
        ),
        ("UserSetting", "UserSetting", rt::<UserSetting>),
        ("UserSettings", "UserSettings", rt::<UserSettings>),
        (
            "UserSettingsEnvelope",
            "UserSettingsEnvelope",
            rt::<UserSettingsEnvelope>,
        ),
        (
            "UserSettingsUpdateRequest",
            "UserSettingsUpdateRequest",
            rt::<UserSettingsUpdateRequest>,
        ),
        (
            "AppointmentAttendee",
            "AppointmentAttendee",
            rt::<AppointmentAttendee>,
        ),
        (
            "AppointmentContactReference",
            "AppointmentContactReference",
            rt::<AppointmentContactReference>,
        ),
        (
            "AppointmentCreateRequest",
            "AppointmentCreateRequest",
            rt::<AppointmentCreateRequest>,
        ),
        (
            "AppointmentPatchRequest",
            "AppointmentPatchRequest",
            rt::<AppointmentPatchRequest>,
        ),
        (
            "AppointmentListResponse",
            "AppointmentListResponse",
            rt::<AppointmentListResponse>,
        ),
        ("HealthResponse", "HealthResponse", rt::<HealthResponse>),
        (
            "AppointmentCreateInput",
            "CreateAppointmentInput",
            rt::<CreateAppointmentInput>,
        ),
        (
            "AppointmentPatchInput",
            "AppointmentPatchInput",
            rt::<AppointmentPatchInput>,
        ),
        (
            "AppointmentFailureResponse",
            "AppointmentResponse",
            rt::<AppointmentResponse>,
        ),
        (
            "AppointmentCreateResponse",
            "AppointmentResponse",
            rt::<AppointmentResponse>,
        ),
        (
            "AppointmentRecordResponse",
            "AppointmentResponse",
            rt::<AppointmentResponse>,
        ),
        (
            "AppointmentActionResponse",
            "AppointmentResponse",
            rt::<AppointmentResponse>,
        ),
        ("IdentifiedAppointment", "Appointment", rt::<Appointment>),
        (
            "ManagedAuthOption",
            "ManagedAuthOption",
            rt::<ManagedAuthOption>,
        ),
        (
            "ManagedAuthOptionsRequest",
            "ManagedAuthOptionsRequest",
            rt::<ManagedAuthOptionsRequest>,
        ),
        (
            "ManagedAuthOptionsResponse",
            "Vec<ManagedAuthOption>",
            rt::<Vec<ManagedAuthOption>>,
        ),
        ("ReleaseNoteItem", "ReleaseNoteItem", rt::<ReleaseNoteItem>),
        (
            "ReleaseNoteSections",
            "ReleaseNoteSections",
            rt::<ReleaseNoteSections>,
        ),
        ("ReleaseNotesResponse", "ReleaseNotes", rt::<ReleaseNotes>),
    ];
    let mut map = BTreeMap::new();
    for (schema, rust, f) in table {
        assert!(
            map.insert(schema, (rust, f)).is_none(),
            "{schema} listed twice"
        );
    }
    map
}

/// Schemas deliberately not modelled, with the reason (kept in sync with docs/models.md).
const NOT_MODELLED: &[(&str, &str)] = &[
    (
        "GenericSuccessResponse",
        "untyped route-specific JSON; use serde_json::Value",
    ),
    (
        "AsyncPluginCallbackRequest",
        "plugin callback route, App Connect-hosted, not a connector concern",
    ),
    (
        "AsyncPluginCallbackResponse",
        "plugin callback route, App Connect-hosted",
    ),
    (
        "ServerVersionInfoResponse",
        "legacy App Connect server metadata",
    ),
    (
        "DebugReportUrlResponse",
        "App Connect debug-report upload, not a connector concern",
    ),
    (
        "PluginRegisterRequest",
        "plugin registry route, App Connect-hosted",
    ),
    (
        "PluginMutationResponse",
        "plugin registry route, App Connect-hosted",
    ),
    (
        "ManagedAuthStateResponse",
        "admin managed-auth state, computed by App Connect core",
    ),
    (
        "ManagedOAuthStateResponse",
        "admin managed-OAuth state, computed by App Connect core",
    ),
    ("AdminSuccessMessage", "plain-text admin confirmation"),
    (
        "AdminSettingsUpdateRequest",
        "account admin settings route, App Connect-hosted",
    ),
    (
        "ManagedAuthFieldDefinition",
        "admin managed-auth UI, App Connect-hosted",
    ),
    (
        "StoredFieldValue",
        "admin managed-auth UI, App Connect-hosted",
    ),
    (
        "ManagedAuthAdminUserValue",
        "admin managed-auth UI, App Connect-hosted",
    ),
    (
        "ManagedAuthAdminResponse",
        "admin managed-auth UI, App Connect-hosted",
    ),
    (
        "ManagedAuthUpdateRequest",
        "admin managed-auth UI, App Connect-hosted",
    ),
    (
        "ManagedOAuthValues",
        "admin managed-OAuth storage, App Connect-hosted",
    ),
    (
        "AdminManagedOAuthCacheRequest",
        "admin managed-OAuth storage, App Connect-hosted",
    ),
    (
        "CallDownEntry",
        "call-down (scheduled call-back) routes are server-owned, no connector interface",
    ),
    ("CallDownCreateRequest", "call-down routes are server-owned"),
    ("CallDownPatchRequest", "call-down routes are server-owned"),
    (
        "CallDownCreateResponse",
        "call-down routes are server-owned",
    ),
    ("CallDownListResponse", "call-down routes are server-owned"),
    (
        "CallDownMutationResponse",
        "call-down routes are server-owned",
    ),
];

/// `(schema name, where, example value)` for every example attached to a named schema.
fn collect_examples(spec: &Value) -> Vec<(String, String, Value)> {
    fn values_of(examples: &Value) -> Vec<(String, Value)> {
        match examples {
            // Media-type style: { name: { summary, value } }.
            Value::Object(map) => map
                .iter()
                .map(|(name, ex)| {
                    let value = ex
                        .get("value")
                        .cloned()
                        .unwrap_or_else(|| panic!("example {name} has no inline value"));
                    (name.clone(), value)
                })
                .collect(),
            // Schema style (3.1): [ value, ... ].
            Value::Array(list) => list
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("[{i}]"), v.clone()))
                .collect(),
            other => panic!("unexpected examples shape: {other}"),
        }
    }

    fn walk(node: &Value, path: &str, out: &mut Vec<(String, String, Value)>) {
        match node {
            Value::Object(map) => {
                if let Some(schema) = map.get("schema") {
                    let is_parameter = map.contains_key("in");
                    let has_examples = map.contains_key("example") || map.contains_key("examples");
                    if has_examples && !is_parameter {
                        let name = schema
                            .get("$ref")
                            .and_then(Value::as_str)
                            .and_then(|r| r.strip_prefix("#/components/schemas/"))
                            .map(str::to_owned)
                            .unwrap_or_else(|| format!("<inline schema at {path}>"));
                        if let Some(example) = map.get("example") {
                            out.push((name.clone(), format!("{path}/example"), example.clone()));
                        }
                        if let Some(examples) = map.get("examples") {
                            for (label, value) in values_of(examples) {
                                out.push((name.clone(), format!("{path}/examples/{label}"), value));
                            }
                        }
                    }
                }
                for (key, child) in map {
                    walk(child, &format!("{path}/{key}"), out);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, &format!("{path}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    let mut out = Vec::new();
    walk(&spec["paths"], "#/paths", &mut out);
    walk(
        &spec["components"]["requestBodies"],
        "#/components/requestBodies",
        &mut out,
    );
    walk(
        &spec["components"]["responses"],
        "#/components/responses",
        &mut out,
    );
    // Schema-level examples (not property-level ones, which describe a scalar).
    if let Some(schemas) = spec["components"]["schemas"].as_object() {
        for (name, schema) in schemas {
            let here = format!("#/components/schemas/{name}");
            if let Some(example) = schema.get("example") {
                out.push((name.clone(), format!("{here}/example"), example.clone()));
            }
            if let Some(examples) = schema.get("examples") {
                for (label, value) in values_of(examples) {
                    out.push((name.clone(), format!("{here}/examples/{label}"), value));
                }
            }
        }
    }
    out
}

fn spec() -> Option<Value> {
    common::reference_json("reference/app-connect-server-openapi.json")
}

#[test]
fn every_schema_is_modelled_or_explained() {
    let Some(spec) = spec() else { return };
    let names: BTreeSet<&str> = spec["components"]["schemas"]
        .as_object()
        .expect("components.schemas is an object")
        .keys()
        .map(String::as_str)
        .collect();
    let modelled = modelled();
    let skipped: BTreeSet<&str> = NOT_MODELLED.iter().map(|(n, _)| *n).collect();
    for name in modelled.keys() {
        assert!(names.contains(name), "table names unknown schema {name}");
        assert!(
            !skipped.contains(name),
            "{name} is both modelled and skipped"
        );
    }
    for name in &skipped {
        assert!(
            names.contains(name),
            "NOT_MODELLED names unknown schema {name}"
        );
    }
    let unaccounted: Vec<&&str> = names
        .iter()
        .filter(|n| !modelled.contains_key(*n) && !skipped.contains(*n))
        .collect();
    assert!(
        unaccounted.is_empty(),
        "schemas neither modelled nor explained: {unaccounted:?}"
    );

    // docs/models.md must account for every schema too.
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/models.md"))
        .expect("docs/models.md exists");
    for name in &names {
        assert!(
            doc.contains(&format!("`{name}`")),
            "docs/models.md does not mention `{name}`"
        );
    }
}

#[test]
fn every_example_of_a_modelled_schema_round_trips() {
    let Some(spec) = spec() else { return };
    let modelled = modelled();
    let skipped: BTreeSet<&str> = NOT_MODELLED.iter().map(|(n, _)| *n).collect();
    let examples = collect_examples(&spec);
    assert!(
        examples.len() >= 40,
        "expected the spec's ~50 examples, found {}",
        examples.len()
    );

    let mut failures = Vec::new();
    let mut checked = 0;
    let mut covered = BTreeSet::new();
    for (schema, location, value) in &examples {
        match modelled.get(schema.as_str()) {
            Some((rust, roundtrip)) => {
                checked += 1;
                covered.insert(schema.clone());
                match roundtrip(value) {
                    Ok(back) if back == *value => {}
                    Ok(back) => failures.push(format!(
                        "{location} ({schema} as {rust}): round trip changed the value\n  in:  {value}\n  out: {back}"
                    )),
                    Err(e) => failures.push(format!("{location} ({schema} as {rust}): {e}")),
                }
            }
            None if skipped.contains(schema.as_str()) => {}
            None => failures.push(format!(
                "{location}: example of schema {schema} is not covered (neither modelled nor out of scope)"
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The examples the contract gives for the core connector routes are all exercised.
    for must in [
        "CreateCallLogRequest",
        "MessageLogRequest",
        "MessageLogResponse",
        "CallLogMutationResponse",
        "ImplementedInterfacesResponse",
        "CallDispositionRequest",
        "ApiKeyLoginRequest",
        "UserSettings",
    ] {
        assert!(covered.contains(must), "no example of {must} was checked");
    }
    println!(
        "{checked} examples round-tripped across {} schemas",
        covered.len()
    );
}

#[test]
fn examples_parse_to_the_expected_typed_values() {
    let Some(spec) = spec() else { return };
    let example = &spec["components"]["schemas"]["CreateCallLogRequest"]["example"];
    let req: CreateCallLogRequest = from_json_value(example.clone()).expect("example parses");
    assert_eq!(req.log_info.session_id, "987654321");
    assert_eq!(req.log_info.direction, Some(CallDirection::Inbound));
    assert_eq!(
        req.log_info
            .duration
            .as_ref()
            .and_then(CallDuration::seconds),
        Some(125)
    );
    assert_eq!(req.log_info.result, Some(CallResult::Accepted));
    assert_eq!(req.contact_id, "crm-contact-123");
    assert_eq!(
        req.log_info.recording_link(),
        Some("https://example.com/recording/123")
    );

    let example = &spec["components"]["schemas"]["MessageLogRequest"]["example"];
    let req: MessageLogRequest = from_json_value(example.clone()).expect("example parses");
    assert_eq!(req.log_info.messages[0].id, "1724099032020");
    assert_eq!(req.log_info.messages[0].message_type, RcMessageType::Sms);
    assert_eq!(req.log_info.conversation_id, Some(CrmId::from(555100)));
    assert!(!req.log_info.is_shared_sms());

    let example = &spec["paths"]["/messageLog"]["post"]["responses"]["200"]["content"]["application/json"]
        ["examples"]["alreadyLogged"]["value"];
    let resp: MessageLogResponse = from_json_value(example.clone()).expect("example parses");
    assert_eq!(
        resp.return_message,
        Some(None),
        "null returnMessage is kept as Some(None)"
    );
}
