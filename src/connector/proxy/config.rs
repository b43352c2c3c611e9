//! The proxy config: its typed form, its JSON Schema and its checks at load.

use std::fmt;

use schemars::{JsonSchema, Schema};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::models::Secret;

/// A proxy connector's config, as App Connect's Developer Console stores it (`proxyConfig`).
///
/// Every key is optional, as in App Connect; unknown keys are allowed and ignored, except under
/// `operations`, whose keys must name an operation. Read one with [`ProxyConfig::from_json_str`]
/// or [`ProxyConfig::from_json_value`], which refuse a broken config with every problem and
/// its JSON path. The format is described field by field in `docs/proxy.md`.
///
/// ```
/// use app_connect_sdk::connector::proxy::ProxyConfig;
///
/// let config = ProxyConfig::from_json_str(r#"{
///     "meta": { "name": "acme", "logFormat": "text/plain" },
///     "requestDefaults": { "baseUrl": "https://api.acme.test/v1" },
///     "operations": { "findContact": { "url": "/contacts", "query": { "phone": "{{phoneNumber}}" } } }
/// }"#)?;
/// assert_eq!(config.meta.as_ref().and_then(|m| m.name.as_deref()), Some("acme"));
/// assert!(config.operations.find_contact.is_some());
/// # Ok::<(), app_connect_sdk::connector::proxy::ConfigErrors>(())
/// ```
#[derive(Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "ProxyConfig")]
#[non_exhaustive]
pub struct ProxyConfig {
    /// The connector's secret, available to templates as `{{secretKey}}` (App Connect decodes it
    /// from the Developer Console's storage; here it is part of the config or set with
    /// `ProxyConfig::set_secret_key`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_key: Option<Secret>,
    /// Connector metadata: `name`, `displayName`, `logFormat`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<ProxyMeta>,
    /// How outbound requests are authenticated (an operation may override it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<ProxyAuth>,
    /// Base URL, timeout and headers shared by every operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_defaults: Option<RequestDefaults>,
    /// One HTTP request per App Connect interface, keyed by the interface's name.
    #[serde(default)]
    pub operations: Operations,
    /// An App Connect manifest served as it is (with `serverUrl` set), as the Developer Console
    /// keeps one next to the proxy config. Without it, a manifest is derived from the config.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest: Option<Map<String, Value>>,
}

impl fmt::Debug for ProxyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyConfig")
            .field("secret_key", &self.secret_key)
            .field("meta", &self.meta)
            .field("auth", &self.auth)
            .field("request_defaults", &self.request_defaults)
            .field("operations", &self.operations.names().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// `meta`: the connector's name, display name and call-log body format.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ProxyMeta {
    /// The platform name (the manifest's platform key and the session tokens' `platform`);
    /// `proxy` when empty or absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The name shown to users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The call-log body format: `text/plain`, `text/html` or `text/markdown` have App Connect
    /// compose the body (`{{composedLogDetails}}`); any other value leaves it empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_format: Option<String>,
}

/// How users sign in (`apiKey`, `basic` or `oauth`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub enum ProxyAuthType {
    /// An API key (the default).
    #[serde(rename = "apiKey")]
    ApiKey,
    /// Basic credentials, signed in like an API key.
    #[serde(rename = "basic")]
    Basic,
    /// OAuth 2.
    #[serde(rename = "oauth")]
    OAuth,
}

/// How a rendered `credentialTemplate` is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub enum CredentialEncoding {
    /// Base64 (the default).
    #[serde(rename = "base64")]
    Base64,
    /// Sent as rendered.
    #[serde(rename = "none")]
    None,
}

/// `auth` (connector-wide or per operation): the outbound auth header, and the OAuth client.
#[derive(Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ProxyAuth {
    /// `apiKey` (default), `basic` or `oauth`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub auth_type: Option<ProxyAuthType>,
    /// Prefix before the credential (`Basic`, `Bearer`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// Template of the credential (`{{apiKey}}:`); without it the header App Connect prepared
    /// is sent (`Basic …` for API keys, `Bearer …` for OAuth).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_template: Option<String>,
    /// `base64` (default) or `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encode: Option<CredentialEncoding>,
    /// The header to set (`Authorization` by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_name: Option<String>,
    /// OAuth client id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// OAuth client secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<Secret>,
    /// OAuth token endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    /// OAuth redirect URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
    /// OAuth authorize endpoint, for the derived manifest (App Connect keeps it in the manifest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_url: Option<String>,
    /// OAuth scope, for the derived manifest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

impl fmt::Debug for ProxyAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyAuth")
            .field("auth_type", &self.auth_type)
            .field("scheme", &self.scheme)
            .field(
                "credential_template",
                &self.credential_template.as_ref().map(|_| "[template]"),
            )
            .field("encode", &self.encode)
            .field("header_name", &self.header_name)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("token_url", &self.token_url)
            .finish_non_exhaustive()
    }
}

/// `requestDefaults`: what every operation's request starts from.
#[derive(Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RequestDefaults {
    /// Joined with each operation's `url` unless that is an absolute `http(s)://` URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// Timeout of each request in seconds (30 when absent or 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub timeout_seconds: Option<f64>,
    /// Headers of every request (templates allowed); operation headers override them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_headers: Option<Map<String, Value>>,
}

impl fmt::Debug for RequestDefaults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestDefaults")
            .field("base_url", &self.base_url)
            .field("timeout_seconds", &self.timeout_seconds)
            .field(
                "default_headers",
                &self
                    .default_headers
                    .as_ref()
                    .map(|h| h.keys().collect::<Vec<_>>()),
            )
            .finish()
    }
}

macro_rules! operations {
    ($( $(#[$doc:meta])* $field:ident => $name:literal, )*) => {
        /// `operations`: the request of each interface the connector implements. An absent
        /// operation is an interface the connector does not implement.
        #[derive(Clone, Default, Serialize, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        #[non_exhaustive]
        pub struct Operations {
            $(
                $(#[$doc])*
                #[serde(default, rename = $name, skip_serializing_if = "Option::is_none")]
                pub $field: Option<Operation>,
            )*
        }

        impl fmt::Debug for Operations {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list().entries(self.names()).finish()
            }
        }

        impl Operations {
            /// Every operation name the config may use, in App Connect's order.
            pub const NAMES: &'static [&'static str] = &[$($name,)*];

            /// The names of the operations this config declares.
            pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
                [$((self.$field.is_some(), $name),)*]
                    .into_iter()
                    .filter_map(|(set, name)| set.then_some(name))
            }
        }
    };
}

operations! {
    /// `getUserInfo`: the user behind fresh credentials (sign-in).
    get_user_info => "getUserInfo",
    /// `findContact`: contacts matching a phone number.
    find_contact => "findContact",
    /// `findContactWithName`: contacts matching a name.
    find_contact_with_name => "findContactWithName",
    /// `createContact`.
    create_contact => "createContact",
    /// `createCallLog`.
    create_call_log => "createCallLog",
    /// `getCallLog`.
    get_call_log => "getCallLog",
    /// `updateCallLog`.
    update_call_log => "updateCallLog",
    /// `upsertCallDisposition`.
    upsert_call_disposition => "upsertCallDisposition",
    /// `createMessageLog`.
    create_message_log => "createMessageLog",
    /// `updateMessageLog`.
    update_message_log => "updateMessageLog",
    /// `getUserList`.
    get_user_list => "getUserList",
    /// `getLicenseStatus`.
    get_license_status => "getLicenseStatus",
    /// `unAuthorize`: a request sent at logout, before the tokens are cleared.
    un_authorize => "unAuthorize",
}

/// One operation: the request template and how its answer is read.
///
/// `Debug` shows header and query names, not their templates (which may hold credentials).
#[derive(Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Operation {
    /// HTTP method (`GET` by default; any case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Absolute URL, or a path joined to `requestDefaults.baseUrl` (a template).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Headers of this operation (templates); they override `defaultHeaders`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Map<String, Value>>,
    /// Query parameters (templates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<Map<String, Value>>,
    /// The JSON body (any JSON, with templates in its strings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// Replaces the connector's `auth` for this operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<ProxyAuth>,
    /// Where the values App Connect needs are in the answer (dot paths).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_mapping: Option<ResponseMapping>,
}

impl fmt::Debug for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys = |m: &Option<Map<String, Value>>| {
            m.as_ref().map(|m| m.keys().cloned().collect::<Vec<_>>())
        };
        f.debug_struct("Operation")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &keys(&self.headers))
            .field("query", &keys(&self.query))
            .field("body", &self.body.as_ref().map(|_| "[template]"))
            .field("auth", &self.auth)
            .field("response_mapping", &self.response_mapping)
            .finish()
    }
}

/// `responseMapping`: dot paths into `{ body: <the CRM's answer> }` (list items: into the item).
///
/// An empty path is the same as an absent one (its default applies); `$` is the whole value.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResponseMapping {
    /// `list` or `object`: documentation only, as in App Connect.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub mapping_type: Option<String>,
    /// Lists (`findContact`, `findContactWithName`, `getUserList`): where the list is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_path: Option<String>,
    /// Contact lists: the paths inside each item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<ItemMapping>,
    /// The id (user, contact, log, CRM user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_path: Option<String>,
    /// The name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_path: Option<String>,
    /// `getUserList`: the email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_path: Option<String>,
    /// `createContact`: the type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_path: Option<String>,
    /// `getCallLog`: the subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_path: Option<String>,
    /// `getCallLog`: the agent note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_path: Option<String>,
    /// `getCallLog`: the whole body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_body_path: Option<String>,
    /// `getUserInfo`: the time-zone name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone_name_path: Option<String>,
    /// `getUserInfo`: a credential stored instead of the submitted API key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overriding_api_key_path: Option<String>,
    /// `getUserInfo`: the sign-in message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_path: Option<String>,
    /// `getUserInfo`: values saved in the user's `platformAdditionalInfo`, by key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_additional_info_paths: Option<std::collections::BTreeMap<String, String>>,
    /// `getLicenseStatus`: whether the license is valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_license_valid_path: Option<String>,
    /// `getLicenseStatus`: the status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_status_path: Option<String>,
    /// `getLicenseStatus`: the description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_status_description_path: Option<String>,
}

/// `responseMapping.item`: paths inside one contact of a list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ItemMapping {
    /// The id (`id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_path: Option<String>,
    /// The name (`name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_path: Option<String>,
    /// The phone number (`phone`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_path: Option<String>,
    /// The type (`type`, else `Contact`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_path: Option<String>,
    /// The title (`title`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_path: Option<String>,
    /// The company (`company`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_path: Option<String>,
    /// The record's creation time (`createdDate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_date_path: Option<String>,
    /// The last activity time (`mostRecentActivityDate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub most_recent_activity_date_path: Option<String>,
    /// The contact-dependent field values (`additionalInfo`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_info_path: Option<String>,
}

/// One problem of a proxy config: where it is (a dotted JSON path, `""` for the root) and
/// what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConfigIssue {
    /// The JSON path (`operations.findContact.method`).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "at the config root: {}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Why a proxy config was refused: every problem found, each with its JSON path.
///
/// ```
/// use app_connect_sdk::connector::proxy::ProxyConfig;
///
/// let err = ProxyConfig::from_json_str(r#"{"auth": {"type": "oath"}, "operations": {"findContact": {"method": 7}}}"#)
///     .unwrap_err();
/// let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
/// assert_eq!(paths, ["auth.type", "operations.findContact.method"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct ConfigErrors {
    issues: Vec<ConfigIssue>,
}

impl ConfigErrors {
    /// Every problem, in document order.
    #[must_use]
    pub fn issues(&self) -> &[ConfigIssue] {
        &self.issues
    }

    pub(crate) fn from_issues(issues: Vec<ConfigIssue>) -> Self {
        ConfigErrors { issues }
    }

    fn one(path: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigErrors {
            issues: vec![ConfigIssue {
                path: path.into(),
                message: message.into(),
            }],
        }
    }
}

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.issues.len();
        write!(
            f,
            "the proxy config has {n} problem{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for issue in &self.issues {
            write!(f, "\n  {issue}")?;
        }
        Ok(())
    }
}

/// The JSON Schema of a proxy config (draft 2020-12), which [`ProxyConfig::from_json_value`]
/// checks a config against. The committed copy is `docs/proxy.schema.json`.
///
/// ```
/// let schema = app_connect_sdk::connector::proxy::proxy_config_schema();
/// assert_eq!(schema.get("title").and_then(|v| v.as_str()), Some("ProxyConfig"));
/// ```
#[must_use]
pub fn proxy_config_schema() -> Schema {
    let mut settings = schemars::generate::SchemaSettings::draft2020_12();
    settings.meta_schema = Some(crate::manifest::schema::SCHEMA_DIALECT.into());
    let mut schema = settings
        .into_generator()
        .into_root_schema_for::<ProxyConfig>();
    crate::manifest::schema::tidy(&mut schema);
    consts_to_enum(&mut schema);
    schema
}

/// Turns schemars' `oneOf` of documented `const`s (unit enums) into a plain `enum`, so a wrong
/// value is reported as "not one of [...]" rather than "matches none of the oneOf schemas".
fn consts_to_enum(schema: &mut Schema) {
    if let Some(object) = schema.as_object_mut() {
        let consts: Option<Vec<Value>> = match object.get("oneOf") {
            Some(Value::Array(items)) => items.iter().map(|i| i.get("const").cloned()).collect(),
            _ => None,
        };
        if let Some(values) = consts {
            object.remove("oneOf");
            object.insert("enum".into(), Value::Array(values));
        }
    }
    schemars::transform::transform_subschemas(&mut consts_to_enum, schema);
}

/// Keys whose values (at any depth) are never quoted in an error: secrets, and headers, which
/// may hold a hard-coded credential.
fn is_secret_key(key: &str) -> bool {
    matches!(
        key,
        "secretKey" | "clientSecret" | "credentialTemplate" | "defaultHeaders" | "headers"
    )
}

/// `/operations/findContact/method` → `operations.findContact.method`.
fn dotted(pointer: &str) -> String {
    pointer
        .split('/')
        .skip(1)
        .map(|part| part.replace("~1", "/").replace("~0", "~"))
        .collect::<Vec<_>>()
        .join(".")
}

impl ProxyConfig {
    /// Reads a config from JSON text; see [`ProxyConfig::from_json_value`].
    ///
    /// # Errors
    ///
    /// Text that is not JSON (with its line and column), or every problem of the config.
    pub fn from_json_str(text: &str) -> Result<Self, ConfigErrors> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            ConfigErrors::one(
                "",
                format!(
                    "not JSON: {} (line {}, column {})",
                    strip_position(&e),
                    e.line(),
                    e.column()
                ),
            )
        })?;
        Self::from_json_value(value)
    }

    /// Reads a config, refusing it with every problem found: values of the wrong type or
    /// outside their set (checked against [`proxy_config_schema`]), unknown operation names,
    /// HTTP methods and header names that cannot be sent, and a `baseUrl` that is not an
    /// `http(s)` URL.
    ///
    /// # Errors
    ///
    /// [`ConfigErrors`], each issue with its JSON path. Secret values are never quoted.
    pub fn from_json_value(value: Value) -> Result<Self, ConfigErrors> {
        let mut issues = schema_issues(&value);
        if issues.is_empty() {
            match serde_path_to_error::deserialize::<_, ProxyConfig>(&value) {
                Ok(config) => {
                    config.check(&mut issues);
                    if issues.is_empty() {
                        return Ok(config);
                    }
                }
                Err(e) => issues.push(ConfigIssue {
                    path: e.path().to_string().trim_start_matches('.').to_owned(),
                    message: e.into_inner().to_string(),
                }),
            }
        }
        Err(ConfigErrors { issues })
    }

    /// Sets `requestDefaults.baseUrl` (for example the address of a test CRM).
    ///
    /// # Errors
    ///
    /// A URL that is not `http(s)`, at the path `requestDefaults.baseUrl`.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), ConfigErrors> {
        let mut issues = Vec::new();
        check_base_url(url, &mut issues);
        if let Some(issue) = issues.pop() {
            return Err(ConfigErrors {
                issues: vec![issue],
            });
        }
        self.request_defaults
            .get_or_insert_with(RequestDefaults::default)
            .base_url = Some(url.to_owned());
        Ok(())
    }

    /// Sets `secretKey` (`{{secretKey}}` in templates).
    pub fn set_secret_key(&mut self, secret: Secret) {
        self.secret_key = Some(secret);
    }

    /// The checks the schema cannot express.
    fn check(&self, issues: &mut Vec<ConfigIssue>) {
        if let Some(base) = self
            .request_defaults
            .as_ref()
            .and_then(|d| d.base_url.as_deref())
            .filter(|b| !b.is_empty())
        {
            check_base_url(base, issues);
        }
        if let Some(headers) = self
            .request_defaults
            .as_ref()
            .and_then(|d| d.default_headers.as_ref())
        {
            check_header_names(headers, "requestDefaults.defaultHeaders", issues);
        }
        if let Some(auth) = &self.auth {
            check_auth(auth, "auth", issues);
        }
        for (name, op) in self.operations.iter() {
            let path = format!("operations.{name}");
            if let Some(method) = &op.method
                && (method.is_empty()
                    || http::Method::from_bytes(method.to_ascii_uppercase().as_bytes()).is_err())
            {
                issues.push(ConfigIssue {
                    path: format!("{path}.method"),
                    message: format!("`{method}` is not an HTTP method"),
                });
            }
            if let Some(headers) = &op.headers {
                check_header_names(headers, &format!("{path}.headers"), issues);
            }
            if let Some(auth) = &op.auth {
                check_auth(auth, &format!("{path}.auth"), issues);
            }
        }
    }
}

impl Operations {
    /// Every declared operation with its name.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&'static str, &Operation)> {
        [
            ("getUserInfo", &self.get_user_info),
            ("findContact", &self.find_contact),
            ("findContactWithName", &self.find_contact_with_name),
            ("createContact", &self.create_contact),
            ("createCallLog", &self.create_call_log),
            ("getCallLog", &self.get_call_log),
            ("updateCallLog", &self.update_call_log),
            ("upsertCallDisposition", &self.upsert_call_disposition),
            ("createMessageLog", &self.create_message_log),
            ("updateMessageLog", &self.update_message_log),
            ("getUserList", &self.get_user_list),
            ("getLicenseStatus", &self.get_license_status),
            ("unAuthorize", &self.un_authorize),
        ]
        .into_iter()
        .filter_map(|(name, op)| op.as_ref().map(|op| (name, op)))
    }
}

fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

fn schema_issues(value: &Value) -> Vec<ConfigIssue> {
    let schema = Value::from(proxy_config_schema());
    let validator = match jsonschema::draft202012::new(&schema) {
        Ok(v) => v,
        Err(e) => {
            return vec![ConfigIssue {
                path: String::new(),
                message: format!("internal error: the proxy config schema does not compile: {e}"),
            }];
        }
    };
    validator
        .iter_errors(value)
        .map(|e| {
            let pointer = e.instance_path().to_string();
            let path = dotted(&pointer);
            let secret = path.split('.').any(is_secret_key);
            let message = if secret {
                e.masked().to_string()
            } else {
                e.to_string()
            };
            ConfigIssue { path, message }
        })
        .collect()
}

fn check_base_url(url: &str, issues: &mut Vec<ConfigIssue>) {
    let ok = url::Url::parse(url)
        .ok()
        .is_some_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
    if !ok {
        issues.push(ConfigIssue {
            path: "requestDefaults.baseUrl".into(),
            message: format!("`{url}` is not an http(s) URL"),
        });
    }
}

fn check_header_names(headers: &Map<String, Value>, path: &str, issues: &mut Vec<ConfigIssue>) {
    for name in headers.keys() {
        if http::HeaderName::from_bytes(name.as_bytes()).is_err() {
            issues.push(ConfigIssue {
                path: format!("{path}.{name}"),
                message: format!("`{name}` is not a valid HTTP header name"),
            });
        }
    }
}

fn check_auth(auth: &ProxyAuth, path: &str, issues: &mut Vec<ConfigIssue>) {
    if let Some(name) = auth.header_name.as_deref()
        && !name.is_empty()
        && http::HeaderName::from_bytes(name.as_bytes()).is_err()
    {
        issues.push(ConfigIssue {
            path: format!("{path}.headerName"),
            message: format!("`{name}` is not a valid HTTP header name"),
        });
    }
}
