//! For every modelled type: the JSON Schema's property names, the wire names the
//! (de)serialiser reads, and the keys serialisation writes are one and the same set.
//!
//! A sample object carrying every schema property is generated from the schema itself, read
//! into the type and written back. For `wire_object!` types the macro's wire names must equal
//! the schema's properties and the sample must leave `extra` empty (each property is a real
//! field, not an unknown key kept aside). A source scan makes sure no model is left out.

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::macros::WireObject;
use super::*;

/// A value for `schema` that the models accept: every object property filled in.
fn sample(schema: &Value, defs: &Map<String, Value>, depth: usize) -> Value {
    let Some(obj) = schema.as_object() else {
        return json!("x"); // `true`: any value
    };
    if let Some(reference) = obj.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap_or_default();
        return sample(&defs[name], defs, depth);
    }
    if let Some(value) = obj.get("const") {
        return value.clone();
    }
    if let Some(first) = obj.get("enum").and_then(|e| e.get(0)) {
        return first.clone();
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = obj.get(key).and_then(Value::as_array) {
            let option = options
                .iter()
                .find(|o| o.get("type") != Some(&json!("null")))
                .unwrap_or(&options[0]);
            return sample(option, defs, depth);
        }
    }
    let ty = match obj.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .find(|t| *t != "null")
            .cloned()
            .unwrap_or(Value::Null),
        Some(t) => t.clone(),
        None if obj.contains_key("properties") => json!("object"),
        None => return json!("x"),
    };
    match ty.as_str().unwrap_or("null") {
        "string" if obj.get("format") == Some(&json!("date-time")) => {
            json!("2026-06-24T16:00:00.000Z")
        }
        "string" => json!("x"),
        "integer" | "number" => json!(1),
        "boolean" => json!(true),
        "array" if depth < 4 => match obj.get("items") {
            Some(items) => json!([sample(items, defs, depth + 1)]),
            None => json!([]),
        },
        "array" => json!([]),
        "object" => {
            let mut out = Map::new();
            // Objects are always filled (required keys); lists stop growing past depth 4.
            if depth < 12 {
                for (key, property) in properties(schema) {
                    out.insert(key.clone(), sample(property, defs, depth + 1));
                }
            }
            Value::Object(out)
        }
        _ => Value::Null,
    }
}

fn properties(schema: &Value) -> impl Iterator<Item = (&String, &Value)> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
}

/// Schema property names, the sample, and the keys its round trip writes.
fn round_trip<T: JsonSchema + Serialize + DeserializeOwned>(
    name: &str,
) -> (BTreeSet<String>, T, BTreeSet<String>) {
    let schema = serde_json::to_value(schemars::schema_for!(T)).expect("schema serialises");
    let defs = schema
        .get("$defs")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let props: BTreeSet<String> = properties(&schema).map(|(k, _)| k.clone()).collect();
    assert!(!props.is_empty(), "{name}: the schema has no properties");
    let input = sample(&schema, &defs, 0);
    let value: T = from_json_value(input.clone())
        .unwrap_or_else(|e| panic!("{name}: the schema's sample {input} does not parse: {e}"));
    let written = serde_json::to_value(&value).expect("serialises");
    let keys = written
        .as_object()
        .unwrap_or_else(|| panic!("{name}: does not serialise to an object"))
        .keys()
        .cloned()
        .collect();
    (props, value, keys)
}

fn check_wire<T: WireObject + JsonSchema + Serialize + DeserializeOwned>(name: &str) {
    let (props, value, written) = round_trip::<T>(name);
    let wire: BTreeSet<String> = T::WIRE_NAMES.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(
        wire.len(),
        T::WIRE_NAMES.len(),
        "{name}: a wire name is repeated"
    );
    assert_eq!(props, wire, "{name}: schema properties != wire names");
    assert_eq!(written, wire, "{name}: serialised keys != wire names");
    assert!(
        value.extra().is_empty(),
        "{name}: schema properties landed in `extra`: {:?}",
        value.extra().keys().collect::<Vec<_>>()
    );
}

fn check_derived<T: JsonSchema + Serialize + DeserializeOwned>(name: &str) {
    let (props, _, written) = round_trip::<T>(name);
    assert_eq!(
        written, props,
        "{name}: serialised keys != schema properties"
    );
}

macro_rules! checks {
    (wire: [$($w:ident),* $(,)?] derived: [$($d:ident),* $(,)?] not_objects: [$($n:ident),* $(,)?]) => {
        #[test]
        fn schema_properties_are_the_wire_names() {
            $( check_wire::<$w>(stringify!($w)); )*
            $( check_derived::<$d>(stringify!($d)); )*
        }

        /// Every `wire_object!` in the sources is checked, and every public name of `models`
        /// is either checked or listed as not an object.
        #[test]
        fn every_model_is_checked() {
            let wire: BTreeSet<&str> = [$(stringify!($w)),*].into();
            let derived: BTreeSet<&str> = [$(stringify!($d)),*].into();
            let not_objects: BTreeSet<&str> = [$(stringify!($n)),*].into();
            let sources = [
                include_str!("admin.rs"), include_str!("appointment.rs"), include_str!("auth.rs"),
                include_str!("call.rs"), include_str!("common.rs"), include_str!("contact.rs"),
                include_str!("interface.rs"), include_str!("lenient.rs"), include_str!("message.rs"),
                include_str!("return_message.rs"), include_str!("server.rs"),
                include_str!("submission.rs"), include_str!("user.rs"),
                include_str!("admin_config.rs"),
            ];
            let mut declared = BTreeSet::new();
            for source in sources {
                for block in source.split("\nwire_object! {").skip(1) {
                    let name = block
                        .split("pub struct ")
                        .nth(1)
                        .and_then(|rest| rest.split_whitespace().next())
                        .expect("a wire_object! declares a struct");
                    declared.insert(name);
                }
            }
            assert_eq!(declared, wire, "wire_object! types and the checked list differ");

            let module = include_str!("mod.rs");
            for list in module.split("\npub use ").skip(1) {
                let Some((_, names)) = list.split_once('{') else { continue };
                let names = names.split('}').next().unwrap_or_default();
                for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                    assert!(
                        wire.contains(name) || derived.contains(name) || not_objects.contains(name),
                        "models::{name} is neither checked nor listed as not an object"
                    );
                }
            }
        }
    };
}

checks! {
    wire: [
        ApiKeyLoginRequest, ApiKeyLoginResponse, Appointment, AppointmentAttendee,
        AppointmentContactObject, AppointmentListResponse, AppointmentPatchInput,
        AppointmentResponse, AppointmentStatusUpdateRequest, BasicMutationResponse,
        CallDispositionRequest, CallLeg, CallLog, CallLogInfo, CallLogLookupItem,
        CallLogLookupResponse, CallLogMutationResponse, CallLogUpdateResponse,
        CallNoteCacheRequest, CallParty, CallRecording, Contact, ContactInfo,
        ContactMutationResponse, ContactOption, ContactSearchQuery, ContactSearchResponse,
        CreateAppointmentInput, CreateCallLogRequest, CreateContactRequest, CrmUser, ErrorBody,
        LicenseStatus, ManagedAuthOption, ManagedAuthOptionsRequest, MessageAttachment,
        MessageConversationLog, MessageCorrespondent, MessageDetail, MessageDetailItem,
        MessageLogRequest, MessageLogResponse, MessageParty, OAuthInfo, PlatformUserInfo,
        RcMessage, ReturnMessage, UpdateCallLogRequest, User, UserInfoHashResponse,
        UserSetting, UserSettingsEnvelope, UserSettingsUpdateRequest, Voicemail,
        // Admin configuration and user mapping (issue 12).
        AdminConfig, AdminSettingsUpdateRequest, RcExtension, RcUserMatch, UserMapping,
        UserMappingEntry, UserMappingRequest,
    ]
    derived: [
        AppointmentRange, CreateCallLogParams, CreateContactParams, CreateContactResult,
        CreateMessageLogParams, ExistingCallLog, ExistingMessageLog, FindContactParams,
        FindContactResult, FindContactWithNameParams, GetCallLogParams, GetCallLogResult,
        GetUserInfoParams, LogResult, MutationResult, OAuthInfoParams, OverridingOAuthOption,
        ReleaseNoteItem, SharedSmsLogContent, UpdateCallLogParams, UpdateCallLogResult, UpdateMessageLogParams,
        UpdateMessageLogResult, UpsertDispositionParams, UserInfoResult,
    ]
    not_objects: [
        // Enums, scalars, newtypes over maps or lists, aliases, functions and constants.
        AppointmentContactReference, AppointmentCreateRequest, AppointmentPatchRequest,
        AttachmentType, AuthType, AuthValidationResponse, CREATE_NEW_CONTACT_ID, CallDirection,
        CallDuration, CallResult, CallType, ContactType, CrmId, ErrorResponse, Extra,
        ExtraDataTracking, FlexibleDate, HealthResponse, ImplementedInterfacesResponse,
        LenientBool, MessageType, ModelError, OAuthScopes, OverridingFormat, RcMessageType,
        ReturnMessageOrText, Secret, StartTime, TimezoneOffset, Unrecognized, UserSettings,
        AdditionalSubmission, from_json_slice, from_json_str, from_json_value,
        ReleaseNoteSections, ReleaseNotes,
    ]
}
