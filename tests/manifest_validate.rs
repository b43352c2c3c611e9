//! Each validation rule, on our own valid fixture broken in exactly one way.

use app_connect_sdk::manifest::{IssueKind, Manifest};
use serde_json::{Value, json};

fn fixture() -> Value {
    serde_json::from_str(include_str!("fixtures/manifest/valid.json")).expect("fixture is JSON")
}

fn at<'a>(value: &'a mut Value, pointer: &str) -> &'a mut Value {
    value
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("fixture has no {pointer}"))
}

/// `(code, path)` of every issue once `edit` broke the fixture.
fn issues_after(edit: impl FnOnce(&mut Value)) -> Vec<(String, String)> {
    let mut value = fixture();
    edit(&mut value);
    let manifest = Manifest::from_json_value(value).expect("broken fixture still parses");
    manifest
        .issues()
        .iter()
        .map(|i| (i.code().to_owned(), i.path().to_owned()))
        .collect()
}

fn assert_one(edit: impl FnOnce(&mut Value), code: &str, path: &str) {
    assert_eq!(issues_after(edit), [(code.to_owned(), path.to_owned())]);
}

const CALL_LOG: &str = "/platforms/acme/page/callLog/additionalFields";

#[test]
fn the_fixture_is_valid() {
    let manifest = Manifest::from_json_value(fixture()).expect("parses");
    assert_eq!(manifest.issues(), []);
    assert!(manifest.validate().is_ok());
    assert_eq!(manifest.to_json_value(), fixture());
}

#[test]
fn duplicate_const_in_a_form() {
    assert_one(
        |v| *at(v, &format!("{CALL_LOG}/1/const")) = json!("matters"),
        "duplicate-const",
        "platforms.acme.page.callLog.additionalFields[1].const",
    );
}

#[test]
fn same_const_in_two_forms_is_fine() {
    // callLog and messageLog both have `matters` in the fixture; check it is really there.
    let value = fixture();
    assert_eq!(
        value.pointer(&format!("{CALL_LOG}/0/const")),
        Some(&json!("matters"))
    );
    assert_eq!(
        value.pointer("/platforms/acme/page/messageLog/additionalFields/0/const"),
        Some(&json!("matters"))
    );
    assert_eq!(issues_after(|_| {}), []);
}

#[test]
fn duplicate_const_in_the_credentials_form() {
    assert_one(
        |v| *at(v, "/platforms/keyco/auth/apiKey/page/content/1/const") = json!("apiKey"),
        "duplicate-const",
        "platforms.keyco.auth.apiKey.page.content[1].const",
    );
}

#[test]
fn contact_dependent_on_the_new_contact_form() {
    assert_one(
        |v| {
            at(v, "/platforms/acme/page/newContact/additionalFields/0")
                .as_object_mut()
                .expect("field")
                .insert("contactDependent".into(), json!(true));
        },
        "contact-dependent-on-new-contact",
        "platforms.acme.page.newContact.additionalFields[0].contactDependent",
    );
}

#[test]
fn default_setting_id_naming_no_section() {
    assert_one(
        |v| *at(v, &format!("{CALL_LOG}/1/defaultSettingId")) = json!("acmeOption"),
        "unknown-setting-section",
        "platforms.acme.page.callLog.additionalFields[1].defaultSettingId",
    );
}

#[test]
fn default_setting_id_naming_an_item_says_so() {
    let mut value = fixture();
    *at(&mut value, &format!("{CALL_LOG}/1/defaultSettingId")) = json!("acmeDefaultBillable");
    let manifest = Manifest::from_json_value(value).expect("parses");
    let issues = manifest.issues();
    assert_eq!(issues.len(), 1);
    assert_eq!(
        issues[0].kind(),
        &IssueKind::UnknownSettingSection {
            id: "acmeDefaultBillable".into()
        }
    );
    assert!(
        issues[0].message().contains("setting item"),
        "{}",
        issues[0].message()
    );
}

#[test]
fn nested_sections_count_as_sections() {
    // The fixture's `category` field names the nested section `acmeCategories`; a top-level-only
    // lookup would flag it.
    let value = fixture();
    assert_eq!(
        value.pointer(&format!("{CALL_LOG}/2/defaultSettingId")),
        Some(&json!("acmeCategories"))
    );
    assert_eq!(issues_after(|_| {}), []);
}

#[test]
fn default_setting_value_naming_no_item() {
    assert_one(
        |v| {
            *at(
                v,
                &format!("{CALL_LOG}/1/defaultSettingValues/outboundCall/settingId"),
            ) = json!("acmeDefaultBilable");
        },
        "unknown-setting-item",
        "platforms.acme.page.callLog.additionalFields[1].defaultSettingValues.outboundCall.settingId",
    );
}

#[test]
fn default_setting_value_of_an_unknown_log_kind_is_checked_too() {
    assert_one(
        |v| {
            at(v, &format!("{CALL_LOG}/1/defaultSettingValues"))
                .as_object_mut()
                .expect("defaults")
                .insert("missedCall".into(), json!({ "settingId": "nope" }));
        },
        "unknown-setting-item",
        "platforms.acme.page.callLog.additionalFields[1].defaultSettingValues.missedCall.settingId",
    );
}

#[test]
fn unknown_url_placeholder() {
    assert_one(
        |v| {
            *at(v, "/platforms/acme/contactPageUrl") =
                json!("https://{hostname}/person/{contactID}")
        },
        "unknown-url-placeholder",
        "platforms.acme.contactPageUrl",
    );
    assert_one(
        |v| *at(v, "/platforms/acme/logPageUrl") = json!("https://{hostname}/activities/{log_id}"),
        "unknown-url-placeholder",
        "platforms.acme.logPageUrl",
    );
}

#[test]
fn setting_item_ids_are_url_placeholders_but_section_ids_are_not() {
    // `{acmeView}` (an item) is in the fixture's contactPageUrl already.
    assert_one(
        |v| {
            *at(v, "/platforms/acme/contactPageUrl") =
                json!("https://{hostname}/{contactId}?o={acmeOptions}")
        },
        "unknown-url-placeholder",
        "platforms.acme.contactPageUrl",
    );
}

#[test]
fn unknown_feedback_url_placeholder() {
    assert_one(
        |v| {
            *at(v, "/platforms/acme/page/feedback/url") =
                json!("https://forms.example.com/?s={score}&c={comment}")
        },
        "unknown-url-placeholder",
        "platforms.acme.page.feedback.url",
    );
}

#[test]
fn malformed_url_template() {
    assert_one(
        |v| *at(v, "/platforms/acme/logPageUrl") = json!("https://{hostname/activities/{logId}"),
        "malformed-url-template",
        "platforms.acme.logPageUrl",
    );
    assert_one(
        |v| *at(v, "/platforms/acme/logPageUrl") = json!("https://{hostname}/activities/logId}"),
        "malformed-url-template",
        "platforms.acme.logPageUrl",
    );
}

#[test]
fn invalid_server_url() {
    assert_one(
        |v| *at(v, "/serverUrl") = json!("acme-connector.example.com"),
        "invalid-url",
        "serverUrl",
    );
    assert_one(
        |v| *at(v, "/serverUrl") = json!("https://acme-connector.example.com/"),
        "invalid-url",
        "serverUrl",
    );
}

#[test]
fn invalid_auth_url() {
    assert_one(
        |v| {
            *at(v, "/platforms/acme/auth/oauth/authUrl") =
                json!("ftp://app.acme.example.com/authorize")
        },
        "invalid-url",
        "platforms.acme.auth.oauth.authUrl",
    );
}

#[test]
fn invalid_page_url_template_once_filled() {
    assert_one(
        |v| *at(v, "/platforms/acme/logPageUrl") = json!("{hostname}/activities/{logId}"),
        "invalid-url",
        "platforms.acme.logPageUrl",
    );
}

#[test]
fn invalid_override_url() {
    assert_one(
        |v| {
            *at(v, "/platforms/acme/override/0/overrideObjects/0/value") =
                json!("eu.app.acme.example.com/oauth")
        },
        "invalid-url",
        "platforms.acme.override[0].overrideObjects[0].value",
    );
}

#[test]
fn duplicate_setting_id() {
    assert_one(
        |v| {
            at(v, "/platforms/acme/settings/0/items")
                .as_array_mut()
                .expect("items")
                .push(json!({ "id": "acmeView", "type": "boolean", "name": "Again" }));
        },
        "duplicate-setting-id",
        "platforms.acme.settings[0].items[3].id",
    );
}

#[test]
fn duplicate_setting_id_with_an_admin_setting() {
    assert_one(
        |v| {
            at(v, "/platforms/acme")
                .as_object_mut()
                .expect("platform")
                .insert(
                    "adminSettings".into(),
                    json!([{ "id": "acmeDefaultCategory", "type": "option" }]),
                );
        },
        "duplicate-setting-id",
        "platforms.acme.adminSettings[0].id",
    );
}

#[test]
fn selection_without_options() {
    assert_one(
        |v| {
            at(v, "/platforms/acme/page/messageLog/additionalFields/0")
                .as_object_mut()
                .expect("field")
                .remove("contactDependent");
        },
        "selection-without-options",
        "platforms.acme.page.messageLog.additionalFields[0]",
    );
}

#[test]
fn selection_with_an_empty_options_list() {
    assert_one(
        |v| {
            let field = at(v, &format!("{CALL_LOG}/1"))
                .as_object_mut()
                .expect("field");
            field.insert("options".into(), json!([]));
            field.remove("defaultSettingValues");
            field.remove("defaultSettingId");
        },
        "selection-without-options",
        "platforms.acme.page.callLog.additionalFields[1]",
    );
}

#[test]
fn feedback_selection_without_selections() {
    assert_one(
        |v| {
            at(v, "/platforms/acme/page/feedback/elements/0")
                .as_object_mut()
                .expect("element")
                .remove("selections");
        },
        "selection-without-options",
        "platforms.acme.page.feedback.elements[0]",
    );
}

#[test]
fn undeclared_contact_type() {
    assert_one(
        |v| {
            at(v, "/platforms/acme/page/newContact/additionalFields/0/accountDataPropertyByContactType")
                .as_object_mut()
                .expect("map")
                .insert("lead".into(), json!("leadStatuses"));
        },
        "undeclared-contact-type",
        "platforms.acme.page.newContact.additionalFields[0].accountDataPropertyByContactType.lead",
    );
}

#[test]
fn contact_type_dependent_without_contact_types() {
    assert_one(
        |v| {
            at(v, "/platforms/keyco")
                .as_object_mut()
                .expect("platform")
                .insert(
                    "page".into(),
                    json!({ "newContact": { "additionalFields": [
                        { "const": "stage", "title": "Stage", "type": "selection", "contactTypeDependent": true, "accountDataKey": "stages" }
                    ] } }),
                );
        },
        "contact-types-missing",
        "platforms.keyco.page.newContact.additionalFields[0].contactTypeDependent",
    );
}

#[test]
fn platform_key_differs_from_name() {
    assert_one(
        |v| *at(v, "/platforms/keyco/name") = json!("keyCo"),
        "platform-key-mismatch",
        "platforms.keyco.name",
    );
}

#[test]
fn oauth_without_client_id() {
    assert_one(
        |v| {
            at(v, "/platforms/acme/auth/oauth")
                .as_object_mut()
                .expect("oauth")
                .remove("clientId");
        },
        "missing-value",
        "platforms.acme.auth.oauth.clientId",
    );
}

#[test]
fn api_key_without_form() {
    assert_one(
        |v| {
            at(v, "/platforms/keyco/auth")
                .as_object_mut()
                .expect("auth")
                .remove("apiKey");
        },
        "missing-value",
        "platforms.keyco.auth.apiKey.page",
    );
}

#[test]
fn selectable_environment_without_selections() {
    assert_one(
        |v| {
            *at(v, "/platforms/acme/environment") =
                json!({ "type": "selectable", "selections": [] })
        },
        "missing-value",
        "platforms.acme.environment.selections",
    );
}

#[test]
fn no_platform() {
    assert_one(
        |v| *at(v, "/platforms") = json!({}),
        "missing-value",
        "platforms",
    );
}

#[test]
fn every_problem_is_reported_in_manifest_order() {
    let issues = issues_after(|v| {
        *at(v, "/serverUrl") = json!("nope");
        *at(v, &format!("{CALL_LOG}/1/const")) = json!("matters");
        *at(v, "/platforms/keyco/contactPageUrl") = json!("https://{hostname}/c/{id}");
    });
    let codes: Vec<_> = issues.iter().map(|(code, _)| code.as_str()).collect();
    assert_eq!(
        codes,
        ["invalid-url", "duplicate-const", "unknown-url-placeholder"]
    );
}

#[test]
fn errors_display_lists_every_issue_with_path_and_code() {
    let mut value = fixture();
    *at(&mut value, "/serverUrl") = json!("nope");
    *at(&mut value, "/platforms/keyco/name") = json!("other");
    let errors = Manifest::from_json_value(value)
        .expect("parses")
        .validate()
        .expect_err("two problems");
    let text = errors.to_string();
    assert!(text.starts_with("2 problems in the manifest:"), "{text}");
    assert!(
        text.contains("\n  serverUrl: `nope` does not parse"),
        "{text}"
    );
    assert!(
        text.contains("\n  platforms.keyco.name: is `other`"),
        "{text}"
    );
    assert!(text.contains("[platform-key-mismatch]"), "{text}");
}
