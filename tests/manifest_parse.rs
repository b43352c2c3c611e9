//! Reading manifests: unknown keys and unknown values survive, errors name the path.

use app_connect_sdk::manifest::{
    EnvironmentType, FieldType, Manifest, SettingItemType, SettingOption, TriggerType,
};
use app_connect_sdk::models::AuthType;
use serde_json::{Value, json};

fn fixture() -> Value {
    serde_json::from_str(include_str!("fixtures/manifest/valid.json")).expect("fixture is JSON")
}

#[test]
fn unknown_keys_survive_at_every_level() {
    let mut value = fixture();
    let pointers = [
        "",
        "/author",
        "/platforms/acme",
        "/platforms/acme/developer",
        "/platforms/acme/environment",
        "/platforms/acme/auth",
        "/platforms/acme/auth/oauth",
        "/platforms/keyco/auth/apiKey",
        "/platforms/keyco/auth/apiKey/page",
        "/platforms/keyco/auth/apiKey/page/content/0",
        "/platforms/acme/serverSideLogging",
        "/platforms/acme/serverSideLogging/additionalFields/1/uiSchema",
        "/platforms/acme/contactTypes/0",
        "/platforms/acme/settings/0",
        "/platforms/acme/settings/0/items/0",
        "/platforms/acme/settings/0/items/0/options/0",
        "/platforms/acme/settings/0/items/2/items/0",
        "/platforms/acme/page",
        "/platforms/acme/page/callLog",
        "/platforms/acme/page/callLog/additionalFields/1",
        "/platforms/acme/page/callLog/additionalFields/1/options/0",
        "/platforms/acme/page/callLog/additionalFields/1/defaultSettingValues",
        "/platforms/acme/page/callLog/additionalFields/1/defaultSettingValues/inboundCall",
        "/platforms/acme/page/feedback",
        "/platforms/acme/page/feedback/elements/0",
        "/platforms/acme/page/feedback/elements/0/selections/0",
        "/platforms/acme/requestConfig",
        "/platforms/acme/rcAdditionalSubmission/0",
        "/platforms/acme/override/0",
        "/platforms/acme/override/0/overrideObjects/0",
    ];
    for (i, pointer) in pointers.iter().enumerate() {
        value
            .pointer_mut(pointer)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("no object at {pointer:?}"))
            .insert(format!("x-unknown-{i}"), json!({ "kept": [i, "as is"] }));
    }
    let manifest = Manifest::from_json_value(value.clone()).expect("parses");
    assert_eq!(manifest.to_json_value(), value);
    assert_eq!(
        manifest.extra.get("x-unknown-0"),
        Some(&json!({ "kept": [0, "as is"] }))
    );
    // Unknown keys do not make a manifest invalid.
    assert_eq!(manifest.issues(), []);
}

#[test]
fn unknown_enum_values_survive() {
    let mut value = fixture();
    value["platforms"]["acme"]["environment"] = json!({ "type": "cloud", "region": "eu" });
    value["platforms"]["acme"]["page"]["callLog"]["additionalFields"][0]["type"] = json!("rating");
    value["platforms"]["acme"]["settings"][0]["items"][1]["type"] = json!("slider");
    value["platforms"]["acme"]["override"][0]["triggerType"] = json!("header");
    value["platforms"]["keyco"]["auth"]["type"] = json!("basic");
    let manifest = Manifest::from_json_value(value.clone()).expect("parses");
    assert_eq!(manifest.to_json_value(), value);

    let acme = manifest.platforms.get("acme").expect("acme");
    assert_eq!(
        acme.environment.as_ref().map(|e| &e.r#type),
        Some(&EnvironmentType::parse("cloud"))
    );
    let field = &acme
        .page
        .as_ref()
        .and_then(|p| p.call_log.as_ref())
        .expect("callLog")
        .additional_fields[0];
    assert_eq!(field.r#type, Some(FieldType::parse("rating")));
    assert!(!FieldType::parse("rating").is_known());
    let item = &acme.settings.as_ref().expect("settings")[0].items[1];
    assert_eq!(item.r#type, Some(SettingItemType::parse("slider")));
    assert_eq!(
        acme.r#override.as_ref().expect("override")[0].trigger_type,
        TriggerType::parse("header")
    );
    let keyco = manifest.platforms.get("keyco").expect("keyco");
    assert_eq!(keyco.auth.r#type, AuthType::parse("basic"));
}

#[test]
fn setting_options_may_be_bare_strings() {
    let mut value = fixture();
    value["platforms"]["acme"]["settings"][0]["items"][0]["options"] =
        json!(["billable", "non-billable"]);
    let manifest = Manifest::from_json_value(value.clone()).expect("parses");
    assert_eq!(manifest.to_json_value(), value);
    let item = &manifest
        .platforms
        .get("acme")
        .expect("acme")
        .settings
        .as_ref()
        .expect("settings")[0]
        .items[0];
    let ids: Vec<_> = item
        .options
        .iter()
        .flatten()
        .map(SettingOption::id)
        .collect();
    assert_eq!(ids, ["billable", "non-billable"]);
}

#[test]
fn a_bad_setting_option_names_its_path() {
    let mut value = fixture();
    value["platforms"]["acme"]["settings"][0]["items"][0]["options"][1] = json!({ "id": 5 });
    let err = Manifest::from_json_value(value).expect_err("bad option");
    assert_eq!(
        err.path(),
        Some("platforms.acme.settings[0].items[0].options[1]")
    );
    assert!(err.to_string().contains("invalid option"), "{err}");
}

#[test]
fn wrong_types_name_their_path() {
    let cases = [
        (
            "/platforms/acme/canOpenLogPage",
            json!("yes"),
            "platforms.acme.canOpenLogPage",
        ),
        (
            "/platforms/acme/requestConfig/timeout",
            json!(-1),
            "platforms.acme.requestConfig.timeout",
        ),
        (
            "/platforms/acme/contactTypes/1/value",
            json!(2),
            "platforms.acme.contactTypes[1].value",
        ),
        (
            "/platforms/acme/page/callLog/additionalFields/2/defaultSettingValues/inboundCall/settingId",
            json!(["x"]),
            "platforms.acme.page.callLog.additionalFields[2].defaultSettingValues.inboundCall.settingId",
        ),
        (
            "/platforms/keyco/auth/type",
            json!(1),
            "platforms.keyco.auth.type",
        ),
    ];
    for (pointer, bad, path) in cases {
        let mut value = fixture();
        *value
            .pointer_mut(pointer)
            .unwrap_or_else(|| panic!("no {pointer}")) = bad;
        let text = serde_json::to_string_pretty(&value).expect("JSON");
        let err = Manifest::from_json_str(&text).expect_err("wrong type");
        assert_eq!(err.path(), Some(path), "{err}");
        assert!(err.to_string().contains("(at line "), "{err}");
    }
}

#[test]
fn null_optional_values_read_as_absent() {
    let mut value = fixture();
    value["platforms"]["acme"]["logoUrl"] = Value::Null;
    let manifest = Manifest::from_json_value(value).expect("parses");
    assert_eq!(
        manifest
            .platforms
            .get("acme")
            .and_then(|p| p.logo_url.as_ref()),
        None
    );
}

#[test]
fn trailing_garbage_is_a_syntax_error() {
    let err = Manifest::from_json_str(r#"{ "platforms": {} } x"#).expect_err("trailing");
    assert!(err.path().is_none());
    assert!(err.to_string().contains("line 1, column 21"), "{err}");
}
