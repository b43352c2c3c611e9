//! One CRM platform of a manifest: [`Platform`] and its small parts.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::auth::Auth;
use super::field::AdditionalField;
use super::page::Page;
use super::settings::{AdminSetting, SettingsSection};

/// One CRM platform (`platforms.<key>`): how users log in, where records open, which forms and
/// settings App Connect shows.
///
/// ```
/// use app_connect_sdk::manifest::{Auth, OAuth, Platform};
///
/// let platform = Platform::new("acme", Auth::oauth(OAuth::new("https://acme.example.com/oauth/authorize", "client-id")));
/// assert_eq!(platform.name, "acme");
/// assert!(platform.page.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Platform {
    /// Platform key used in routes, tokens and the registry; must equal the key in `platforms`.
    pub name: String,
    /// Name shown to users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Undocumented duplicate of `name` seen in some real manifests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// Who develops this connector (`{ name, url }` in real manifests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub developer: Option<Developer>,
    /// Where the CRM's web app lives: one fixed URL, a per-customer host, or a list to choose from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<Environment>,
    /// Page matcher (`*` wildcard) for the toolbar button.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_identifier: Option<String>,
    /// Pages (`*` wildcard) where the App Connect panel opens by itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embed_urls: Option<Vec<String>>,
    /// Logo image URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// Documentation URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation_url: Option<String>,
    /// Release notes URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_notes_url: Option<String>,
    /// Support page URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub get_support_url: Option<String>,
    /// Review page URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub write_review_url: Option<String>,
    /// How users log in to the CRM.
    pub auth: Auth,
    /// Server-side call logging: logging service URL and the admin form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_side_logging: Option<ServerSideLogging>,
    /// The contact types users can create (`newContact`) and that `{contactType}` takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_types: Option<Vec<ContactTypeOption>>,
    /// Template of a contact's page, e.g. `https://{hostname}/person/{contactId}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_page_url: Option<String>,
    /// Template of a logged activity's page, e.g. `https://{hostname}/activities/{logId}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_page_url: Option<String>,
    /// `true`: "open log" opens `logPageUrl`; `false`: it opens `contactPageUrl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_open_log_page: Option<bool>,
    /// Whether call-pop opens `fallbackContactPageUrl` when no contact matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_fallback_contact_page_url: Option<bool>,
    /// Template opened by call-pop when no contact matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback_contact_page_url: Option<String>,
    /// User (and admin-managed) settings, in sections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Vec<SettingsSection>>,
    /// Account-level admin settings (undocumented; Pipedrive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_settings: Option<Vec<AdminSetting>>,
    /// The forms: call log, message log, new contact, feedback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<Page>,
    /// HTTP settings for calls App Connect makes to the connector server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_config: Option<RequestConfig>,
    /// Offers the "log by extension number" setting (then `findContact` gets `isExtension`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_extension_number_logging_setting: Option<bool>,
    /// The client adds `typingDurationMs` to logged messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track_sms_typing_duration: Option<bool>,
    /// Values the client copies from its own data into `additionalSubmission`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rc_additional_submission: Option<Vec<RcAdditionalSubmission>>,
    /// Hides call dispositions (undocumented; Redtail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_disposition: Option<bool>,
    /// Per-host or unconditional replacements of manifest values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#override: Option<Vec<Override>>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Platform {
    /// A platform with only its name and auth; see [`Platform::builder`] for the rest.
    #[must_use]
    pub fn new(name: impl Into<String>, auth: Auth) -> Self {
        Self {
            name: name.into(),
            display_name: None,
            platform: None,
            developer: None,
            environment: None,
            url_identifier: None,
            embed_urls: None,
            logo_url: None,
            documentation_url: None,
            release_notes_url: None,
            get_support_url: None,
            write_review_url: None,
            auth,
            server_side_logging: None,
            contact_types: None,
            contact_page_url: None,
            log_page_url: None,
            can_open_log_page: None,
            enable_fallback_contact_page_url: None,
            fallback_contact_page_url: None,
            settings: None,
            admin_settings: None,
            page: None,
            request_config: None,
            enable_extension_number_logging_setting: None,
            track_sms_typing_duration: None,
            rc_additional_submission: None,
            disable_disposition: None,
            r#override: None,
            extra: Map::new(),
        }
    }

    /// The additional fields of every form that has them, with the form's name
    /// (`callLog`, `messageLog`, `newContact`).
    ///
    /// ```
    /// use app_connect_sdk::manifest::{AdditionalField, Auth, FieldKey, OAuth, Platform};
    /// const MATTERS: FieldKey = FieldKey::new("matters");
    /// let platform = Platform::builder("clio", Auth::oauth(OAuth::new("https://app.clio.com/oauth/authorize", "id")))
    ///     .call_log_field(AdditionalField::dropdown(MATTERS, "Matter").contact_dependent())
    ///     .build();
    /// let forms: Vec<_> = platform.forms().map(|(name, fields)| (name, fields.len())).collect();
    /// assert_eq!(forms, [("callLog", 1)]);
    /// ```
    pub fn forms(&self) -> impl Iterator<Item = (&'static str, &[AdditionalField])> {
        let page = self.page.as_ref();
        [
            ("callLog", page.and_then(|p| p.call_log.as_ref())),
            ("messageLog", page.and_then(|p| p.message_log.as_ref())),
            ("newContact", page.and_then(|p| p.new_contact.as_ref())),
        ]
        .into_iter()
        .filter_map(|(name, form)| form.map(|f| (name, f.additional_fields.as_slice())))
    }
}

/// The developer of a platform's connector (`developer`).
///
/// ```
/// use app_connect_sdk::manifest::Developer;
/// let developer = Developer::new("Acme Labs", "https://acme.example.com");
/// assert_eq!(developer.url.as_deref(), Some("https://acme.example.com"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Developer {
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Web site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Developer {
    /// A developer with a name and a web site.
    #[must_use]
    pub fn new(name: impl Into<String>, url: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            url: Some(url.into()),
            extra: Map::new(),
        }
    }
}

open_enum! {
    /// How the CRM's host is found (`environment.type`).
    ///
    /// ```
    /// use app_connect_sdk::manifest::EnvironmentType;
    /// assert_eq!(EnvironmentType::from("selectable"), EnvironmentType::Selectable);
    /// assert_eq!(EnvironmentType::from("cloud").as_str(), "cloud");
    /// ```
    pub enum EnvironmentType {
        /// One host for everyone (`url`).
        Fixed => "fixed",
        /// Each customer has a host; the user pastes a URL matching `urlIdentifier`.
        Dynamic => "dynamic",
        /// The user picks a host from `selections` (regional services).
        Selectable => "selectable",
    }
}

/// Where the CRM's web app lives (`environment`).
///
/// ```
/// use app_connect_sdk::manifest::{Environment, EnvironmentType};
/// let env = Environment::fixed("https://app.acme.example.com");
/// assert_eq!(env.r#type, EnvironmentType::Fixed);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Environment {
    /// `fixed`, `dynamic` or `selectable`.
    pub r#type: EnvironmentType,
    /// The host, for `fixed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Wildcard host pattern (e.g. `*.pipedrive.com`), for `dynamic`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_identifier: Option<String>,
    /// Steps shown to the user, for `dynamic`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<Vec<String>>,
    /// The hosts to choose from, for `selectable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selections: Option<Vec<EnvironmentSelection>>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Environment {
    fn of_type(r#type: EnvironmentType) -> Self {
        Self {
            r#type,
            url: None,
            url_identifier: None,
            instructions: None,
            selections: None,
            extra: Map::new(),
        }
    }

    /// One host for everyone.
    #[must_use]
    pub fn fixed(url: impl Into<String>) -> Self {
        Self {
            url: Some(url.into()),
            ..Self::of_type(EnvironmentType::Fixed)
        }
    }

    /// A per-customer host matching `url_identifier`, with instructions for the user.
    ///
    /// ```
    /// use app_connect_sdk::manifest::Environment;
    /// let env = Environment::dynamic("*.acme.example.com", ["Log in to Acme", "Copy the URL here"]);
    /// assert_eq!(env.instructions.map(|i| i.len()), Some(2));
    /// ```
    #[must_use]
    pub fn dynamic<I, S>(url_identifier: impl Into<String>, instructions: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            url_identifier: Some(url_identifier.into()),
            instructions: Some(instructions.into_iter().map(Into::into).collect()),
            ..Self::of_type(EnvironmentType::Dynamic)
        }
    }

    /// A list of hosts to choose from.
    ///
    /// ```
    /// use app_connect_sdk::manifest::{Environment, EnvironmentSelection};
    /// let env = Environment::selectable([
    ///     EnvironmentSelection::new("https://app.acme.example.com", "US"),
    ///     EnvironmentSelection::new("https://eu.app.acme.example.com", "EU"),
    /// ]);
    /// assert_eq!(env.selections.map(|s| s.len()), Some(2));
    /// ```
    #[must_use]
    pub fn selectable(selections: impl IntoIterator<Item = EnvironmentSelection>) -> Self {
        Self {
            selections: Some(selections.into_iter().collect()),
            ..Self::of_type(EnvironmentType::Selectable)
        }
    }
}

/// One host of a `selectable` environment.
///
/// ```
/// use app_connect_sdk::manifest::EnvironmentSelection;
/// let us = EnvironmentSelection::new("https://app.acme.example.com", "US");
/// assert_eq!(us.name, "US");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EnvironmentSelection {
    /// The host URL.
    #[serde(rename = "const")]
    pub url: String,
    /// Label shown to the user.
    pub name: String,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl EnvironmentSelection {
    /// A host with its label.
    #[must_use]
    pub fn new(url: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            name: name.into(),
            extra: Map::new(),
        }
    }
}

/// One entry of the manifest's `contactTypes[]`: `{ display, value }`, a contact type users can
/// pick. The type value itself, as a contact carries it, is [`ContactType`](crate::models::ContactType).
///
/// ```
/// use app_connect_sdk::manifest::ContactTypeOption;
/// let lead = ContactTypeOption::new("lead", "Lead");
/// assert_eq!(lead.value, "lead");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ContactTypeOption {
    /// Label shown to the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// The type as the connector writes it (a contact's `type`, `{contactType}`).
    pub value: String,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ContactTypeOption {
    /// A contact type with its value and label.
    #[must_use]
    pub fn new(value: impl Into<String>, display: impl Into<String>) -> Self {
        Self {
            display: Some(display.into()),
            value: value.into(),
            extra: Map::new(),
        }
    }
}

/// A value the client copies into `additionalSubmission` (`rcAdditionalSubmission[]`).
///
/// ```
/// use app_connect_sdk::manifest::RcAdditionalSubmission;
/// let dept = RcAdditionalSubmission::new("departmentName", "cachedData.extensionInfo.contact.department");
/// assert_eq!(dept.id, "departmentName");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RcAdditionalSubmission {
    /// Key in `additionalSubmission`.
    pub id: String,
    /// Dot path into the client's data, e.g. `cachedData.extensionInfo.contact.department`.
    pub path: String,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl RcAdditionalSubmission {
    /// A key and the client data path it is filled from.
    #[must_use]
    pub fn new(id: impl Into<String>, path: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            path: path.into(),
            extra: Map::new(),
        }
    }
}

/// HTTP settings for App Connect's calls to the connector (`requestConfig`).
///
/// ```
/// use app_connect_sdk::manifest::RequestConfig;
/// assert_eq!(RequestConfig::with_timeout(30).timeout, Some(30));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RequestConfig {
    /// Timeout in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u32>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl RequestConfig {
    /// A request timeout in seconds.
    #[must_use]
    pub fn with_timeout(seconds: u32) -> Self {
        Self {
            timeout: Some(seconds),
            extra: Map::new(),
        }
    }
}

/// Server-side call logging (`serverSideLogging`).
///
/// ```
/// use app_connect_sdk::manifest::ServerSideLogging;
/// let ssl = ServerSideLogging::new("https://crm-logging.example.com");
/// assert!(ssl.additional_fields.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ServerSideLogging {
    /// URL of the logging service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Log with the token of the user an admin assigned the call to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_admin_assigned_user_token: Option<bool>,
    /// Map RingCentral users to CRM users (needs `getUserList`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_user_mapping: Option<bool>,
    /// The admin form; values reach `updateServerLoggingSettings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_fields: Option<Vec<AdditionalField>>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ServerSideLogging {
    /// Server-side logging through the service at `url`.
    #[must_use]
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: Some(url.into()),
            ..Self::default()
        }
    }
}

open_enum! {
    /// When an [`Override`] applies (`override[].triggerType`).
    ///
    /// ```
    /// use app_connect_sdk::manifest::TriggerType;
    /// assert_eq!(TriggerType::from("meta"), TriggerType::Meta);
    /// ```
    pub enum TriggerType {
        /// When the CRM host equals `triggerValue`.
        Hostname => "hostname",
        /// Always.
        Meta => "meta",
    }
}

/// A replacement of manifest values (`override[]`).
///
/// ```
/// use app_connect_sdk::manifest::{Override, OverrideObject, TriggerType};
/// let eu = Override::hostname("eu.app.acme.example.com", [
///     OverrideObject::new("auth.oauth.authUrl", "https://eu.app.acme.example.com/oauth/authorize"),
/// ]);
/// assert_eq!(eu.trigger_type, TriggerType::Hostname);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Override {
    /// `hostname` or `meta`.
    pub trigger_type: TriggerType,
    /// The host, for `hostname` (ignored for `meta`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_value: Option<String>,
    /// What to replace.
    #[serde(default)]
    pub override_objects: Vec<OverrideObject>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Override {
    /// Replacements that apply when the CRM host is `hostname`.
    #[must_use]
    pub fn hostname(
        hostname: impl Into<String>,
        objects: impl IntoIterator<Item = OverrideObject>,
    ) -> Self {
        Self {
            trigger_type: TriggerType::Hostname,
            trigger_value: Some(hostname.into()),
            override_objects: objects.into_iter().collect(),
            extra: Map::new(),
        }
    }

    /// Replacements that always apply.
    #[must_use]
    pub fn meta(objects: impl IntoIterator<Item = OverrideObject>) -> Self {
        Self {
            trigger_type: TriggerType::Meta,
            trigger_value: None,
            override_objects: objects.into_iter().collect(),
            extra: Map::new(),
        }
    }
}

/// One replacement: a dot path and its new value (`overrideObjects[]`).
///
/// ```
/// use app_connect_sdk::manifest::OverrideObject;
/// let o = OverrideObject::new("serverUrl", "https://eu.acme-connector.example.com");
/// assert_eq!(o.path, "serverUrl");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OverrideObject {
    /// Dot path of the value, e.g. `auth.oauth.clientId` or `author.name`.
    pub path: String,
    /// The new value.
    pub value: Value,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl OverrideObject {
    /// Replace the value at `path` with `value`.
    #[must_use]
    pub fn new(path: impl Into<String>, value: impl Into<Value>) -> Self {
        Self {
            path: path.into(),
            value: value.into(),
            extra: Map::new(),
        }
    }
}
