//! App Connect's own manifest (9 CRMs) parses into typed fields, validates with no problem,
//! and serialises back equal to the input.

mod common;

use app_connect_sdk::manifest::{EnvironmentType, FieldType, Manifest};
use app_connect_sdk::models::AuthType;
use serde_json::Value;

fn reference() -> Option<(Value, Manifest)> {
    let value = common::reference_json("reference/app-connect-manifest.json")?;
    let text = serde_json::to_string(&value).expect("re-encode reference");
    let manifest = match Manifest::from_json_str(&text) {
        Ok(m) => m,
        Err(e) => panic!("reference manifest does not parse: {e}"),
    };
    Some((value, manifest))
}

#[test]
fn round_trips_json_equal() {
    let Some((value, manifest)) = reference() else {
        return;
    };
    // Value equality (key order aside).
    assert_eq!(serde_json::to_value(&manifest).expect("to_value"), value);
    // And through text: what we print reads back to the same manifest and the same JSON.
    let printed = manifest.to_json_pretty();
    let reread: Value = serde_json::from_str(&printed).expect("printed JSON parses");
    assert_eq!(reread, value);
    let reparsed = Manifest::from_json_str(&printed).expect("printed manifest parses");
    assert_eq!(reparsed, manifest);
    // Also from a Value, not only from text.
    assert_eq!(
        Manifest::from_json_value(value).expect("from value"),
        manifest
    );
}

#[test]
fn validates_with_no_problem() {
    let Some((_, manifest)) = reference() else {
        return;
    };
    let issues = manifest.issues();
    assert!(
        issues.is_empty(),
        "{}",
        issues
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn typed_fields_are_populated_not_left_in_extra() {
    let Some((value, manifest)) = reference() else {
        return;
    };
    assert!(
        manifest.extra.is_empty(),
        "top-level extra: {:?}",
        manifest.extra.keys()
    );
    assert_eq!(manifest.platforms.len(), 9);
    let keys: Vec<_> = manifest.platforms.keys().collect();
    let expected: Vec<_> = value["platforms"]
        .as_object()
        .expect("platforms object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, expected, "platform order is kept");

    for (key, platform) in manifest.platforms.iter() {
        assert_eq!(platform.name, key);
        assert!(
            platform.extra.is_empty(),
            "{key}: extra {:?}",
            platform.extra.keys()
        );
        assert!(platform.display_name.is_some(), "{key}: displayName");
        assert!(platform.environment.is_some(), "{key}: environment");
        match platform.auth.r#type {
            AuthType::OAuth => assert!(
                platform
                    .auth
                    .oauth
                    .as_ref()
                    .and_then(|o| o.client_id.as_ref())
                    .is_some()
            ),
            AuthType::ApiKey => assert!(
                platform
                    .auth
                    .api_key
                    .as_ref()
                    .and_then(|a| a.page.as_ref())
                    .is_some_and(|p| !p.content.is_empty())
            ),
            ref other => panic!("{key}: unexpected auth type {other}"),
        }
        // Every key of every platform, and of its page, maps to a typed field.
        let raw = &value["platforms"][key];
        for (form, fields) in platform.forms() {
            let raw_count = raw["page"][form]["additionalFields"]
                .as_array()
                .map_or(0, Vec::len);
            assert_eq!(fields.len(), raw_count, "{key}.{form}");
            for field in fields {
                assert!(
                    field.extra.is_empty(),
                    "{key}.{form}.{}: extra {:?}",
                    field.key,
                    field.extra.keys()
                );
            }
        }
        if let Some(settings) = &platform.settings {
            for section in settings {
                assert!(section.extra.is_empty());
                for item in section.all_items() {
                    assert!(
                        item.extra.is_empty(),
                        "{key} setting {}: {:?}",
                        item.id,
                        item.extra.keys()
                    );
                }
            }
        }
    }

    let clio = manifest.platforms.get("clio").expect("clio");
    let call_log = clio
        .page
        .as_ref()
        .and_then(|p| p.call_log.as_ref())
        .expect("clio callLog");
    assert_eq!(call_log.additional_fields.len(), 2);
    let matters = call_log.field("matters").expect("matters field");
    assert_eq!(matters.r#type, Some(FieldType::Selection));
    assert_eq!(matters.contact_dependent, Some(true));
    let billable = call_log.field("billableStatus").expect("billableStatus");
    assert_eq!(billable.default_setting_id.as_deref(), Some("clioOptions"));
    let defaults = billable.default_setting_values.as_ref().expect("defaults");
    assert_eq!(
        defaults
            .inbound_call
            .as_ref()
            .map(|r| r.setting_id.as_str()),
        Some("clioDefaultNonBillableTick")
    );
    assert_eq!(billable.options.as_ref().map(Vec::len), Some(2));
    assert_eq!(
        clio.environment.as_ref().map(|e| &e.r#type),
        Some(&EnvironmentType::Selectable)
    );
    assert_eq!(clio.r#override.as_ref().map(Vec::len), Some(3));

    let bullhorn = manifest.platforms.get("bullhorn").expect("bullhorn");
    let status = bullhorn
        .page
        .as_ref()
        .and_then(|p| p.new_contact.as_ref())
        .and_then(|f| f.field("status"))
        .expect("bullhorn newContact status");
    assert_eq!(status.contact_type_dependent, Some(true));
    assert_eq!(
        status
            .account_data_property_by_contact_type
            .as_ref()
            .map(|m| m.len()),
        Some(3)
    );

    let redtail = manifest.platforms.get("redtail").expect("redtail");
    assert!(
        redtail
            .auth
            .api_key
            .as_ref()
            .and_then(|a| a.page.as_ref())
            .is_some_and(|p| p.content.iter().any(|f| f
                .ui_schema
                .as_ref()
                .and_then(|u| u.widget.as_deref())
                == Some("password")))
    );
    assert_eq!(redtail.disable_disposition, Some(false));

    let pipedrive = manifest.platforms.get("pipedrive").expect("pipedrive");
    assert_eq!(pipedrive.admin_settings.as_ref().map(Vec::len), Some(2));
    let feedback = pipedrive
        .page
        .as_ref()
        .and_then(|p| p.feedback.as_ref())
        .expect("feedback");
    assert_eq!(feedback.elements.len(), 4);

    let ghl = manifest.platforms.get("gohighlevel").expect("gohighlevel");
    assert_eq!(
        ghl.request_config.as_ref().and_then(|r| r.timeout),
        Some(30)
    );
    assert_eq!(
        ghl.rc_additional_submission
            .as_ref()
            .map(|r| r[0].id.as_str()),
        Some("departmentName")
    );
    assert_eq!(ghl.enable_extension_number_logging_setting, Some(true));

    let netsuite = manifest.platforms.get("netsuite").expect("netsuite");
    assert_eq!(netsuite.platform.as_deref(), Some("netsuite"));
    assert_eq!(netsuite.contact_types.as_ref().map(Vec::len), Some(5));
}

/// The rules fire on real data too: break the reference manifest in one place.
fn issues_after(edit: impl FnOnce(&mut Value)) -> Option<Vec<(String, String)>> {
    let (mut value, _) = reference()?;
    edit(&mut value);
    let manifest = Manifest::from_json_value(value).expect("still parses");
    Some(
        manifest
            .issues()
            .iter()
            .map(|i| (i.code().to_owned(), i.path().to_owned()))
            .collect(),
    )
}

#[test]
fn a_typo_in_clio_default_setting_id_is_caught() {
    let Some(issues) = issues_after(|v| {
        v["platforms"]["clio"]["page"]["callLog"]["additionalFields"][1]["defaultSettingId"] =
            Value::from("clioOption");
    }) else {
        return;
    };
    assert_eq!(
        issues,
        [(
            "unknown-setting-section".to_owned(),
            "platforms.clio.page.callLog.additionalFields[1].defaultSettingId".to_owned()
        )]
    );
}

#[test]
fn redtail_category_needs_its_dynamic_setting() {
    // Redtail's `category` dropdown has no options of its own: they come from the setting item
    // its defaults point at (`defaultCategory`, `dynamicOptions: true`).
    let Some(issues) = issues_after(|v| {
        let item = &mut v["platforms"]["redtail"]["settings"][0]["items"][0];
        assert_eq!(item["id"], "defaultCategory");
        item.as_object_mut().expect("item").remove("dynamicOptions");
    }) else {
        return;
    };
    let expected = ["callLog", "messageLog"].map(|form| {
        (
            "selection-without-options".to_owned(),
            format!("platforms.redtail.page.{form}.additionalFields[0]"),
        )
    });
    assert_eq!(issues, expected);
}
