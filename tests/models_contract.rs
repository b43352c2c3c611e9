//! Our own fixtures and builder outputs conform to App Connect's OpenAPI schemas, and to the
//! JSON Schema this crate generates (feature `schema`).

mod common;

use app_connect_sdk::models::*;
use serde_json::{Value, json};

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/models/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).expect("fixture is JSON")
}

/// Validates `instance` against `#/components/schemas/<schema>` of the OpenAPI document.
fn assert_conforms(spec: &Value, schema: &str, instance: &Value, label: &str) {
    let mut root = json!({
        "$ref": format!("#/components/schemas/{schema}"),
        "components": spec["components"],
    });
    common::nullable_to_json_schema(&mut root);
    let validator = jsonschema::draft7::new(&root).expect("OpenAPI schemas compile as draft 7");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{label} does not conform to {schema}:\n{}",
        errors.join("\n")
    );
}

#[test]
fn fixtures_conform_to_the_openapi_contract() {
    let Some(spec) = common::reference_json("reference/app-connect-server-openapi.json") else {
        return;
    };
    for (file, schema) in [
        ("create_call_log.json", "CreateCallLogRequest"),
        ("create_call_log_sscl.json", "CreateCallLogRequest"),
        ("update_call_log.json", "UpdateCallLogRequest"),
        ("message_log.json", "MessageLogRequest"),
        ("message_log_shared.json", "MessageLogRequest"),
    ] {
        assert_conforms(&spec, schema, &fixture(file), file);
    }
    // The contract really is checked: a wrong type is refused.
    let mut bad = fixture("create_call_log.json");
    bad["logInfo"]["duration"] = json!("soon");
    let root = json!({"$ref": "#/components/schemas/CreateCallLogRequest", "components": spec["components"]});
    assert!(
        !jsonschema::draft7::new(&root)
            .expect("compiles")
            .is_valid(&bad)
    );
}

#[test]
fn builder_outputs_conform_to_the_openapi_contract() {
    let Some(spec) = common::reference_json("reference/app-connect-server-openapi.json") else {
        return;
    };
    let search = ContactSearchResponse::found(vec![
        Contact::new(101, "Jane Smith")
            .with_phone("+14155550100")
            .with_type("Contact")
            .with_created_date("2024-06-10T06:13:20Z")
            .with_additional_info("deals", vec![ContactOption::new("d-1", "Renewal")]),
        Contact::create_new_placeholder(),
    ])
    .with_message(
        ReturnMessage::warning("Contact not found")
            .with_ttl(5000)
            .with_detail(
                "Details",
                ["A contact with the phone number +14155550100 could not be found."],
            ),
    );
    assert_conforms(
        &spec,
        "ContactSearchResponse",
        &serde_json::to_value(&search).expect("ser"),
        "search",
    );

    let created =
        CallLogMutationResponse::created(42).with_message(ReturnMessage::success("Call logged"));
    assert_conforms(
        &spec,
        "CallLogMutationResponse",
        &serde_json::to_value(&created).expect("ser"),
        "created",
    );

    let lookup = CallLogLookupResponse::new(vec![
        CallLogLookupItem::unmatched("1"),
        CallLogLookupItem::matched("2", "00T1")
            .with_log_data(CallLogInfo::new("Call").with_note("n")),
    ]);
    assert_conforms(
        &spec,
        "CallLogLookupResponse",
        &serde_json::to_value(&lookup).expect("ser"),
        "lookup",
    );

    // Every key the contract requires, all false but one.
    let required = spec["components"]["schemas"]["ImplementedInterfacesResponse"]["required"]
        .as_array()
        .expect("required keys");
    let flags = required
        .iter()
        .filter_map(Value::as_str)
        .fold(ImplementedInterfacesResponse::new(), |f, k| {
            f.with(k, false)
        })
        .with("createCallLog", true);
    assert_conforms(
        &spec,
        "ImplementedInterfacesResponse",
        &serde_json::to_value(&flags).expect("ser"),
        "flags",
    );

    let basic =
        BasicMutationResponse::failure(ReturnMessage::warning("Cannot find log").with_ttl(3000));
    assert_conforms(
        &spec,
        "BasicMutationResponse",
        &serde_json::to_value(&basic).expect("ser"),
        "basic",
    );

    let revoked = ErrorResponse::session_revoked();
    assert_conforms(
        &spec,
        "ErrorResponse",
        &serde_json::to_value(&revoked).expect("ser"),
        "revoked",
    );

    let update = CallLogUpdateResponse::updated("00T1").with_updated_note("n");
    assert_conforms(
        &spec,
        "CallLogUpdateResponse",
        &serde_json::to_value(&update).expect("ser"),
        "update",
    );

    let contact = ContactMutationResponse::created(Contact::new("501", "Jane").with_type("Lead"));
    assert_conforms(
        &spec,
        "ContactMutationResponse",
        &serde_json::to_value(&contact).expect("ser"),
        "contact",
    );

    for response in [
        MessageLogResponse::already_logged(),
        MessageLogResponse::logged(vec![CrmId::from(101), CrmId::from("m-2")])
            .with_message(ReturnMessage::success("Messages logged.")),
    ] {
        assert_conforms(
            &spec,
            "MessageLogResponse",
            &serde_json::to_value(&response).expect("ser"),
            "messages",
        );
    }

    // Numeric CRM ids (Clio, Pipedrive, …): `logId` of these two is a string in the contract.
    let numeric = CallLogLookupResponse::new(vec![CallLogLookupItem::matched("3", 1001)]);
    assert_conforms(
        &spec,
        "CallLogLookupResponse",
        &serde_json::to_value(&numeric).expect("ser"),
        "numeric lookup",
    );
    let numeric = CallLogUpdateResponse::updated(1001);
    assert_conforms(
        &spec,
        "CallLogUpdateResponse",
        &serde_json::to_value(&numeric).expect("ser"),
        "numeric update",
    );

    let options = vec![ManagedAuthOption::new("user-101", "Ada")];
    assert_conforms(
        &spec,
        "ManagedAuthOptionsResponse",
        &serde_json::to_value(&options).expect("ser"),
        "options",
    );
}

#[cfg(feature = "schema")]
#[test]
fn generated_json_schemas_accept_the_fixtures() {
    fn check<T: schemars::JsonSchema>(file: &str) {
        let schema = serde_json::to_value(schemars::schema_for!(T)).expect("schema");
        let validator = jsonschema::validator_for(&schema).expect("generated schema compiles");
        let instance = fixture(file);
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{file} vs generated schema:\n{}",
            errors.join("\n")
        );
    }
    check::<CreateCallLogRequest>("create_call_log.json");
    check::<CreateCallLogRequest>("create_call_log_sscl.json");
    check::<UpdateCallLogRequest>("update_call_log.json");
    check::<MessageLogRequest>("message_log.json");
    check::<MessageLogRequest>("message_log_shared.json");
    check::<User>("user.json");

    // Wire names in the generated schema are App Connect's.
    let schema = serde_json::to_value(schemars::schema_for!(CreateCallLogRequest)).expect("schema");
    let props = schema["properties"].as_object().expect("properties");
    for key in [
        "logInfo",
        "contactId",
        "ringSenseAIScore",
        "additionalSubmission",
        "overridingFormat",
    ] {
        assert!(props.contains_key(key), "generated schema lacks {key}");
    }
    assert_eq!(schema["required"], json!(["logInfo", "contactId"]));
}

#[cfg(feature = "schema")]
#[test]
fn generated_json_schemas_accept_the_openapi_examples() {
    let Some(spec) = common::reference_json("reference/app-connect-server-openapi.json") else {
        return;
    };
    fn schema_of<T: schemars::JsonSchema>() -> Value {
        serde_json::to_value(schemars::schema_for!(T)).expect("schema")
    }
    let media = |path: &str, method: &str, status: &str| -> Vec<Value> {
        spec["paths"][path][method]["responses"][status]["content"]["application/json"]["examples"]
            .as_object()
            .map(|m| m.values().map(|e| e["value"].clone()).collect())
            .unwrap_or_default()
    };
    let body = |name: &str| -> Vec<Value> {
        spec["components"]["requestBodies"][name]["content"]["application/json"]["examples"]
            .as_object()
            .map(|m| m.values().map(|e| e["value"].clone()).collect())
            .unwrap_or_default()
    };
    let cases: Vec<(&str, Value, Vec<Value>)> = vec![
        (
            "CreateCallLogRequest",
            schema_of::<CreateCallLogRequest>(),
            vec![spec["components"]["schemas"]["CreateCallLogRequest"]["example"].clone()],
        ),
        (
            "MessageLogRequest",
            schema_of::<MessageLogRequest>(),
            vec![spec["components"]["schemas"]["MessageLogRequest"]["example"].clone()],
        ),
        (
            "MessageLogResponse",
            schema_of::<MessageLogResponse>(),
            media("/messageLog", "post", "200"),
        ),
        (
            "CallLogMutationResponse",
            schema_of::<CallLogMutationResponse>(),
            media("/callLog", "post", "200"),
        ),
        (
            "ImplementedInterfacesResponse",
            schema_of::<ImplementedInterfacesResponse>(),
            media("/implementedInterfaces", "get", "200"),
        ),
        (
            "UserSettings",
            schema_of::<UserSettings>(),
            media("/user/settings", "get", "200"),
        ),
        (
            "UserSettingsUpdateRequest",
            schema_of::<UserSettingsUpdateRequest>(),
            body("UserSettingsUpdate"),
        ),
        (
            "CallDispositionRequest",
            schema_of::<CallDispositionRequest>(),
            body("CallDisposition"),
        ),
        (
            "ApiKeyLoginRequest",
            schema_of::<ApiKeyLoginRequest>(),
            body("ApiKeyLogin"),
        ),
        (
            "ApiKeyLoginResponse",
            schema_of::<ApiKeyLoginResponse>(),
            media("/apiKeyLogin", "post", "200"),
        ),
        (
            "AppointmentListResponse",
            schema_of::<AppointmentListResponse>(),
            media("/appointments", "get", "200"),
        ),
        (
            "AppointmentResponse",
            schema_of::<AppointmentResponse>(),
            media("/appointments", "post", "200"),
        ),
    ];
    for (name, schema, examples) in cases {
        assert!(!examples.is_empty(), "no examples found for {name}");
        let validator = jsonschema::validator_for(&schema).expect("generated schema compiles");
        for example in &examples {
            let errors: Vec<String> = validator
                .iter_errors(example)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(
                errors.is_empty(),
                "{name} example vs generated schema:\n{}",
                errors.join("\n")
            );
        }
    }
}
