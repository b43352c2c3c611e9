//! Proxy configs: the committed schema (docs/proxy.schema.json) is current, App Connect's
//! sample is accepted, and broken configs are refused with the JSON path of every problem.
//! `UPDATE_SCHEMA=1 cargo test --features proxy --test proxy_config` rewrites the schema.
#![cfg(feature = "proxy")]

mod common;

use std::path::PathBuf;

use app_connect_sdk::connector::proxy::{
    ConfigErrors, ProxyConfig, ProxyConnector, ProxyError, proxy_config_schema,
};
use serde_json::{Value, json};

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/proxy.schema.json")
}

fn generated_text() -> String {
    let mut text = serde_json::to_string_pretty(&proxy_config_schema()).expect("schema serialises");
    text.push('\n');
    text
}

fn refused(config: Value) -> ConfigErrors {
    ProxyConfig::from_json_value(config).expect_err("the config is broken")
}

fn paths(errors: &ConfigErrors) -> Vec<&str> {
    errors.issues().iter().map(|i| i.path.as_str()).collect()
}

#[test]
fn proxy_committed_schema_is_current() {
    let generated = generated_text();
    let path = committed_path();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).expect("write docs/proxy.schema.json");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/proxy.schema.json is stale; run `UPDATE_SCHEMA=1 cargo test --features proxy --test proxy_config` and commit it"
    );
}

#[test]
fn proxy_schema_is_a_valid_draft_2020_12_schema() {
    let schema = Value::from(proxy_config_schema());
    assert_eq!(
        schema["$schema"],
        json!("https://json-schema.org/draft/2020-12/schema")
    );
    assert!(jsonschema::meta::is_valid(&schema));
}

#[test]
fn proxy_accepts_app_connects_sample_config() {
    let Some(sample) = common::reference_json("reference/proxy-config-sample.json") else {
        return;
    };
    let config = ProxyConfig::from_json_value(sample).expect("the sample is valid");
    let names: Vec<&str> = config.operations.names().collect();
    assert_eq!(
        names,
        [
            "getUserInfo",
            "findContact",
            "createContact",
            "createCallLog",
            "getCallLog",
            "updateCallLog",
            "createMessageLog",
            "updateMessageLog"
        ]
    );
}

#[test]
fn proxy_accepts_unknown_keys_outside_operations() {
    let config = json!({
        "x-note": 1,
        "meta": { "name": "acme", "version": "2" },
        "auth": { "type": "apiKey", "extra": true },
        "requestDefaults": { "retries": 3 },
        "operations": { "findContact": { "url": "/c", "comment": "ok", "responseMapping": { "x": 1 } } }
    });
    ProxyConfig::from_json_value(config).expect("open like App Connect's config");
}

#[test]
fn proxy_refuses_wrong_types_with_every_path() {
    let errors = refused(json!({
        "meta": { "name": 7 },
        "auth": { "type": "oath", "encode": "hex" },
        "requestDefaults": { "timeoutSeconds": "30", "defaultHeaders": [] },
        "operations": {
            "findContact": { "method": 1, "query": "phone={{phoneNumber}}",
                             "responseMapping": { "listPath": ["body"] } },
            "getUserInfo": { "responseMapping": { "platformAdditionalInfoPaths": { "role": 5 } } }
        }
    }));
    assert_eq!(
        paths(&errors),
        [
            "meta.name",
            "auth.type",
            "auth.encode",
            "requestDefaults.timeoutSeconds",
            "requestDefaults.defaultHeaders",
            "operations.findContact.method",
            "operations.findContact.query",
            "operations.findContact.responseMapping.listPath",
            "operations.getUserInfo.responseMapping.platformAdditionalInfoPaths.role",
        ],
        "{errors}"
    );
    let text = errors.to_string();
    assert!(
        text.starts_with("the proxy config has 9 problems:"),
        "{text}"
    );
    assert!(
        text.contains(r#"auth.type: "oath" is not one of "apiKey", "basic" or "oauth""#),
        "{text}"
    );
}

#[test]
fn proxy_refuses_unknown_operations() {
    let errors = refused(json!({ "operations": { "findContacts": { "url": "/c" } } }));
    assert_eq!(paths(&errors), ["operations"]);
    assert!(
        errors.issues()[0].message.contains("findContacts"),
        "{errors}"
    );
}

#[test]
fn proxy_refuses_what_cannot_be_sent() {
    let errors = refused(json!({
        "requestDefaults": { "baseUrl": "ftp://crm.example.com", "defaultHeaders": { "Bad Header": "x" } },
        "auth": { "headerName": "X Api Key" },
        "operations": {
            "createCallLog": { "method": "SEND IT", "headers": { "X-Ok": "1", "Bad:Name": "{{x}}" } },
            "getCallLog": { "auth": { "headerName": "Also Bad" } }
        }
    }));
    assert_eq!(
        paths(&errors),
        [
            "requestDefaults.baseUrl",
            "requestDefaults.defaultHeaders.Bad Header",
            "auth.headerName",
            "operations.createCallLog.method",
            "operations.createCallLog.headers.Bad:Name",
            "operations.getCallLog.auth.headerName",
        ],
        "{errors}"
    );
}

#[test]
fn proxy_refuses_negative_timeouts_and_bad_json() {
    let errors = refused(json!({ "requestDefaults": { "timeoutSeconds": -1 } }));
    assert_eq!(paths(&errors), ["requestDefaults.timeoutSeconds"]);
    let errors = ProxyConfig::from_json_str("{ \"meta\": ").expect_err("not JSON");
    assert_eq!(paths(&errors), [""]);
    assert!(errors.to_string().contains("line 1"), "{errors}");
    let errors = refused(json!([1, 2]));
    assert_eq!(paths(&errors), [""]);
}

#[test]
fn proxy_errors_never_quote_secret_values() {
    let errors = refused(json!({
        "secretKey": 123456789,
        "auth": { "clientSecret": ["cs-987654321"], "credentialTemplate": 4242424242_i64 }
    }));
    assert_eq!(
        paths(&errors),
        ["secretKey", "auth.clientSecret", "auth.credentialTemplate"]
    );
    let text = errors.to_string();
    for secret in ["123456789", "cs-987654321", "4242424242"] {
        assert!(!text.contains(secret), "{secret} quoted in {text}");
    }
}

#[test]
fn proxy_refuses_a_broken_embedded_manifest_with_its_path() {
    let config = ProxyConfig::from_json_value(json!({
        "manifest": { "platforms": { "acme": { "name": 7 } } }
    }))
    .expect("the manifest is checked by the connector");
    match ProxyConnector::from_config(config) {
        Err(ProxyError::Config(errors)) => {
            assert_eq!(paths(&errors), ["manifest.platforms.acme.name"], "{errors}");
        }
        other => panic!("expected a config error, got {other:?}"),
    }
}

#[test]
fn proxy_base_url_override_is_checked() {
    let mut config = ProxyConfig::default();
    let errors = config.set_base_url("not a url").expect_err("refused");
    assert_eq!(paths(&errors), ["requestDefaults.baseUrl"]);
    config
        .set_base_url("http://127.0.0.1:9/api")
        .expect("accepted");
    assert_eq!(
        config.request_defaults.and_then(|d| d.base_url).as_deref(),
        Some("http://127.0.0.1:9/api")
    );
}
