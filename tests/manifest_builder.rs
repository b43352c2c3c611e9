//! Building manifests through the public API only (the types are `#[non_exhaustive]`).

use app_connect_sdk::manifest::{
    AdditionalField, AdminSetting, ApiKeyPage, Auth, AuthField, DefaultSettingValues, Environment,
    EnvironmentSelection, Feedback, FeedbackElement, FieldKey, Manifest, OAuth, Override,
    OverrideObject, Platform, ServerSideLogging, SettingItem, SettingsSection, UiSchema,
};
use serde_json::json;

const MATTERS: FieldKey = FieldKey::new("matters");
const BILLABLE: FieldKey = FieldKey::new("billableStatus");

fn clio_like() -> Platform {
    Platform::builder(
        "clio",
        Auth::oauth(OAuth::new(
            "https://app.clio.com/oauth/authorize",
            "client-id",
        )),
    )
    .display_name("Clio")
    .developer("Acme Labs", "https://acme.example.com")
    .environment(Environment::selectable([
        EnvironmentSelection::new("https://app.clio.com", "US"),
        EnvironmentSelection::new("https://eu.app.clio.com", "EU"),
    ]))
    .url_identifier("*app.clio.com")
    .embed_url("https://*.clio.com/*")
    .contact_type("Person", "Person")
    .contact_type("Company", "Company")
    .contact_page_url("https://{hostname}/nc/#/contacts/{contactId}")
    .log_page_url("https://{hostname}/nc/#/contacts/{contactId}/communications")
    .server_side_logging(ServerSideLogging::new("https://crm-logging.example.com"))
    .settings_section(
        SettingsSection::new("clioOptions", "Clio options")
            .item(
                SettingItem::option(
                    "clioDefaultNonBillableTick",
                    "Default phone call billable status",
                    [("billable", "Billable"), ("non-billable", "Non-billable")],
                )
                .with_default_value("billable"),
            )
            .item(SettingItem::boolean(
                "clioSeeClosedMatters",
                "See closed matters",
                false,
            )),
    )
    .call_log_field(AdditionalField::dropdown(MATTERS, "Matter").contact_dependent())
    .call_log_field(
        AdditionalField::dropdown(BILLABLE, "Billable status")
            .option("billable", "Billable")
            .option("non-billable", "Non-billable")
            .default_from_settings(
                "clioOptions",
                DefaultSettingValues::new().calls("clioDefaultNonBillableTick"),
            ),
    )
    .message_log_field(AdditionalField::dropdown(MATTERS, "Matter").contact_dependent())
    .use_contact_search(true)
    .track_sms_typing_duration(true)
    .override_rule(Override::hostname(
        "eu.app.clio.com",
        [OverrideObject::new(
            "auth.oauth.authUrl",
            "https://eu.app.clio.com/oauth/authorize",
        )],
    ))
    .build()
}

#[test]
fn builder_writes_the_manifest_app_connect_expects() {
    let manifest = Manifest::builder()
        .server_url("https://acme-connector.example.com")
        .author("Acme Labs", "https://acme.example.com")
        .version("1.0.0")
        .platform(clio_like())
        .build()
        .expect("valid");
    assert_eq!(
        manifest.to_json_value(),
        json!({
            "serverUrl": "https://acme-connector.example.com",
            "author": { "name": "Acme Labs", "websiteUrl": "https://acme.example.com" },
            "platforms": { "clio": {
                "name": "clio",
                "displayName": "Clio",
                "developer": { "name": "Acme Labs", "url": "https://acme.example.com" },
                "environment": { "type": "selectable", "selections": [
                    { "const": "https://app.clio.com", "name": "US" },
                    { "const": "https://eu.app.clio.com", "name": "EU" }
                ] },
                "urlIdentifier": "*app.clio.com",
                "embedUrls": ["https://*.clio.com/*"],
                "auth": { "type": "oauth", "oauth": { "authUrl": "https://app.clio.com/oauth/authorize", "clientId": "client-id" } },
                "serverSideLogging": { "url": "https://crm-logging.example.com" },
                "contactTypes": [{ "display": "Person", "value": "Person" }, { "display": "Company", "value": "Company" }],
                "contactPageUrl": "https://{hostname}/nc/#/contacts/{contactId}",
                "logPageUrl": "https://{hostname}/nc/#/contacts/{contactId}/communications",
                "canOpenLogPage": true,
                "settings": [{
                    "id": "clioOptions", "type": "section", "name": "Clio options",
                    "items": [
                        { "id": "clioDefaultNonBillableTick", "type": "option", "name": "Default phone call billable status",
                          "defaultValue": "billable",
                          "options": [{ "id": "billable", "name": "Billable" }, { "id": "non-billable", "name": "Non-billable" }] },
                        { "id": "clioSeeClosedMatters", "type": "boolean", "name": "See closed matters", "defaultValue": false }
                    ]
                }],
                "page": {
                    "callLog": { "additionalFields": [
                        { "const": "matters", "title": "Matter", "type": "selection", "contactDependent": true },
                        { "const": "billableStatus", "title": "Billable status", "type": "selection",
                          "options": [{ "const": "billable", "title": "Billable" }, { "const": "non-billable", "title": "Non-billable" }],
                          "defaultSettingId": "clioOptions",
                          "defaultSettingValues": {
                              "inboundCall": { "settingId": "clioDefaultNonBillableTick" },
                              "outboundCall": { "settingId": "clioDefaultNonBillableTick" }
                          } }
                    ] },
                    "messageLog": { "additionalFields": [
                        { "const": "matters", "title": "Matter", "type": "selection", "contactDependent": true }
                    ] },
                    "useContactSearch": true
                },
                "trackSmsTypingDuration": true,
                "override": [{ "triggerType": "hostname", "triggerValue": "eu.app.clio.com", "overrideObjects": [
                    { "path": "auth.oauth.authUrl", "value": "https://eu.app.clio.com/oauth/authorize" }
                ] }]
            } },
            "version": "1.0.0"
        })
    );
}

#[test]
fn built_manifest_reads_back_equal() {
    let manifest = Manifest::builder()
        .server_url("https://acme-connector.example.com")
        .platform(clio_like())
        .build()
        .expect("valid");
    let reread = Manifest::from_json_str(&manifest.to_json_pretty()).expect("parses");
    assert_eq!(reread, manifest);
}

#[test]
fn field_key_is_the_const() {
    let platform = clio_like();
    let call_log = platform
        .page
        .as_ref()
        .and_then(|p| p.call_log.as_ref())
        .expect("callLog");
    let field = call_log.field(MATTERS).expect("matters by key");
    assert_eq!(field.key, MATTERS);
    assert_eq!(MATTERS, field.key);
    assert_eq!(call_log.field("matters"), Some(field));
    let as_string: String = MATTERS.into();
    assert_eq!(as_string, field.key);
}

#[test]
fn build_reports_every_problem() {
    let errors = Manifest::builder()
        .server_url("https://acme-connector.example.com/")
        .platform(
            Platform::builder(
                "acme",
                Auth::api_key(
                    ApiKeyPage::new("Acme")
                        .field(AuthField::new("apiKey", "API key").required())
                        .field(
                            AuthField::new("apiKey", "Password")
                                .with_ui_schema(UiSchema::password()),
                        ),
                ),
            )
            .contact_page_url("https://{hostname}/c/{id}")
            .new_contact_field(AdditionalField::dropdown("owner", "Owner").contact_dependent())
            .call_log_field(AdditionalField::dropdown("stage", "Stage")),
        )
        .build()
        .expect_err("five problems");
    let got: Vec<_> = errors
        .issues()
        .iter()
        .map(|i| (i.code(), i.path()))
        .collect();
    assert_eq!(
        got,
        [
            ("invalid-url", "serverUrl"),
            (
                "duplicate-const",
                "platforms.acme.auth.apiKey.page.content[1].const"
            ),
            ("unknown-url-placeholder", "platforms.acme.contactPageUrl"),
            (
                "selection-without-options",
                "platforms.acme.page.callLog.additionalFields[0]"
            ),
            (
                "contact-dependent-on-new-contact",
                "platforms.acme.page.newContact.additionalFields[0].contactDependent"
            ),
        ]
    );
}

#[test]
fn other_constructors_build_valid_parts() {
    let platform = Platform::builder(
        "keyco",
        Auth::api_key(
            ApiKeyPage::new("KeyCo")
                .with_warning("Find the key under Settings")
                .field(AuthField::new("apiKey", "API key").required()),
        ),
    )
    .environment(Environment::dynamic(
        "*.keyco.example.com",
        ["Log in", "Paste the URL"],
    ))
    .contact_type("contact", "Contact")
    .fallback_contact_page_url("https://{hostname}/contacts/new")
    .settings_section(
        SettingsSection::new("keycoOptions", "KeyCo")
            .item(SettingItem::warning(
                "keycoWarning",
                "Note",
                "Slow searches",
            ))
            .item(SettingItem::input("keycoExtraField", "Extra phone field"))
            .item(SettingItem::section(
                "keycoSms",
                "SMS",
                [SettingItem::option(
                    "keycoSmsCategory",
                    "SMS category",
                    Vec::<(String, String)>::new(),
                )
                .dynamic_options()],
            )),
    )
    .message_log_field(
        AdditionalField::dropdown("category", "Category").default_from_settings(
            "keycoSms",
            DefaultSettingValues::new().messages("keycoSmsCategory"),
        ),
    )
    .call_log_field(AdditionalField::checkbox("copy", "Copy to comments"))
    .call_log_field(AdditionalField::text("subject", "Subject").required())
    .call_log_field(AdditionalField::date("due", "Due"))
    .call_log_field(AdditionalField::warning("w", "Warning", "Careful"))
    .call_log_field(
        AdditionalField::dropdown("actions", "Action")
            .account_data("keycoData", "actions")
            .allow_custom_value(),
    )
    .call_log_field(
        AdditionalField::dropdown("live", "Live")
            .dynamic_options()
            .include_none_option(),
    )
    .feedback(
        Feedback::new("https://forms.example.com/?s={score}&t={text}")
            .element(FeedbackElement::text("intro", "Tell us"))
            .element(
                FeedbackElement::selection("score", "Score", [("1", "1"), ("2", "2")]).required(),
            )
            .element(FeedbackElement::input("text", "Feedback")),
    )
    .request_timeout(30)
    .enable_extension_number_logging_setting(true)
    .rc_additional_submission(
        "departmentName",
        "cachedData.extensionInfo.contact.department",
    )
    .override_rule(Override::meta([OverrideObject::new(
        "serverUrl",
        "https://eu.keyco-connector.example.com",
    )]));
    let manifest = Manifest::builder()
        .server_url("https://keyco-connector.example.com")
        .platform(platform)
        .extra("x-note", "kept")
        .build();
    let manifest = match manifest {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    };
    let json = manifest.to_json_value();
    assert_eq!(json["x-note"], "kept");
    assert_eq!(
        json["platforms"]["keyco"]["enableFallbackContactPageUrl"],
        true
    );
    assert_eq!(
        json["platforms"]["keyco"]["page"]["messageLog"]["additionalFields"][0]["defaultSettingValues"],
        json!({ "message": { "settingId": "keycoSmsCategory" }, "voicemail": { "settingId": "keycoSmsCategory" }, "fax": { "settingId": "keycoSmsCategory" } })
    );
    assert_eq!(
        json["platforms"]["keyco"]["settings"][0]["items"][2]["items"][0]["options"],
        json!([])
    );
}

#[test]
fn builder_setters_do_not_override_explicit_choices() {
    let auth = || {
        Auth::oauth(OAuth::new(
            "https://app.clio.com/oauth/authorize",
            "client-id",
        ))
    };
    // An explicit `can_open_log_page(false)` survives a later `log_page_url`.
    let off = Platform::builder("clio", auth())
        .can_open_log_page(false)
        .log_page_url("https://{hostname}/activities/{logId}")
        .build();
    assert_eq!(off.can_open_log_page, Some(false));
    // Without a choice, a log page URL turns it on; a later choice still wins.
    let on = Platform::builder("clio", auth())
        .log_page_url("https://{hostname}/activities/{logId}")
        .build();
    assert_eq!(on.can_open_log_page, Some(true));
    let later = Platform::builder("clio", auth())
        .log_page_url("https://{hostname}/activities/{logId}")
        .can_open_log_page(false)
        .build();
    assert_eq!(later.can_open_log_page, Some(false));
}

#[test]
fn builder_writes_store_urls_and_empty_settings() {
    let platform = Platform::builder(
        "clio",
        Auth::oauth(OAuth::new(
            "https://app.clio.com/oauth/authorize",
            "client-id",
        )),
    )
    .release_notes_url("https://example.com/releases")
    .support_url("https://example.com/support")
    .write_review_url("https://example.com/review")
    .settings([])
    .admin_setting(
        AdminSetting::new("pipelineId", "Default pipeline").with_account_data_key("pipelines"),
    )
    .build();
    let v = serde_json::to_value(&platform).expect("serialises");
    assert_eq!(v["releaseNotesUrl"], "https://example.com/releases");
    assert_eq!(v["getSupportUrl"], "https://example.com/support");
    assert_eq!(v["writeReviewUrl"], "https://example.com/review");
    assert_eq!(v["settings"], json!([]));
    assert_eq!(
        v["adminSettings"],
        json!([{"id": "pipelineId", "name": "Default pipeline", "accountDataKey": "pipelines"}])
    );
    // Adding no section leaves the key out.
    let none = Platform::builder(
        "clio",
        Auth::oauth(OAuth::new("https://app.clio.com/oauth/authorize", "id")),
    )
    .build();
    assert!(
        serde_json::to_value(&none)
            .expect("serialises")
            .get("settings")
            .is_none()
    );
    // The built manifest passes validation with those URLs.
    Manifest::builder()
        .server_url("https://clio-connector.example.com")
        .platform(platform)
        .build()
        .expect("valid");
}
