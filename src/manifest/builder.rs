//! Builders that read well: [`ManifestBuilder`] and [`PlatformBuilder`].

use serde_json::Value;

use super::auth::Auth;
use super::field::AdditionalField;
use super::page::{Feedback, Form, Page};
use super::platform::{
    ContactTypeOption, Developer, Environment, Override, Platform, RcAdditionalSubmission,
    RequestConfig, ServerSideLogging,
};
use super::settings::{AdminSetting, SettingsSection};
use super::top::{Author, Manifest};
use super::validate::ValidationErrors;

/// Builds a [`Manifest`]; [`build`](Self::build) validates it and returns every problem.
///
/// ```
/// use app_connect_sdk::manifest::{ApiKeyPage, Auth, AuthField, Manifest, Platform};
///
/// let manifest = Manifest::builder()
///     .server_url("https://acme-connector.example.com")
///     .author("Acme Labs", "https://acme.example.com")
///     .version("1.0.0")
///     .platform(
///         Platform::builder("acme", Auth::api_key(ApiKeyPage::new("Acme").field(AuthField::new("apiKey", "API key").required())))
///             .display_name("Acme CRM"),
///     )
///     .build()?;
/// assert_eq!(manifest.version.as_deref(), Some("1.0.0"));
///
/// // Problems are all reported at once.
/// let errors = Manifest::builder().server_url("acme.example.com/").build().unwrap_err();
/// let codes: Vec<_> = errors.issues().iter().map(|i| i.code()).collect();
/// assert_eq!(codes, ["invalid-url", "missing-value"]);
/// # Ok::<(), app_connect_sdk::manifest::ValidationErrors>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use = "a builder does nothing until `build()` is called"]
pub struct ManifestBuilder {
    manifest: Manifest,
}

impl Manifest {
    /// Starts a manifest.
    pub fn builder() -> ManifestBuilder {
        ManifestBuilder::default()
    }
}

impl ManifestBuilder {
    /// Base URL of the connector server (no trailing slash).
    pub fn server_url(mut self, url: impl Into<String>) -> Self {
        self.manifest.server_url = Some(url.into());
        self
    }

    /// Default OAuth redirect page.
    pub fn redirect_uri(mut self, url: impl Into<String>) -> Self {
        self.manifest.redirect_uri = Some(url.into());
        self
    }

    /// The publisher.
    pub fn author(mut self, name: impl Into<String>, website_url: impl Into<String>) -> Self {
        self.manifest.author = Some(Author::new(name).with_website_url(website_url));
        self
    }

    /// Manifest version.
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.manifest.version = Some(version.into());
        self
    }

    /// Adds a platform (a [`PlatformBuilder`] or a [`Platform`]) under its name.
    pub fn platform(mut self, platform: impl Into<Platform>) -> Self {
        self.manifest.platforms.insert(platform.into());
        self
    }

    /// Sets a key this crate does not model.
    pub fn extra(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.manifest.extra.insert(key.into(), value.into());
        self
    }

    /// Validates and returns the manifest, or every problem found (see [`Manifest::validate`]).
    pub fn build(self) -> Result<Manifest, ValidationErrors> {
        self.manifest.validate()?;
        Ok(self.manifest)
    }

    /// Returns the manifest without validating it.
    #[must_use]
    pub fn build_unchecked(self) -> Manifest {
        self.manifest
    }
}

/// Builds a [`Platform`]. Problems are reported by the manifest's
/// [`build`](ManifestBuilder::build), which sees every platform with its JSON path.
///
/// ```
/// use app_connect_sdk::manifest::{
///     AdditionalField, Auth, DefaultSettingValues, Environment, FieldKey, OAuth, Platform, SettingItem, SettingsSection,
/// };
///
/// const MATTERS: FieldKey = FieldKey::new("matters");
/// const BILLABLE: FieldKey = FieldKey::new("billableStatus");
///
/// let platform = Platform::builder("acme", Auth::oauth(OAuth::new("https://app.acme.example.com/oauth/authorize", "client-id")))
///     .display_name("Acme CRM")
///     .environment(Environment::fixed("https://app.acme.example.com"))
///     .contact_type("Person", "Person")
///     .contact_page_url("https://{hostname}/contacts/{contactId}")
///     .settings_section(
///         SettingsSection::new("acmeOptions", "Acme options")
///             .item(SettingItem::option("acmeDefaultBillable", "Default billable status", [("billable", "Billable"), ("non-billable", "Non-billable")])),
///     )
///     .call_log_field(AdditionalField::dropdown(MATTERS, "Matter").contact_dependent())
///     .call_log_field(
///         AdditionalField::dropdown(BILLABLE, "Billable status")
///             .option("billable", "Billable")
///             .option("non-billable", "Non-billable")
///             .default_from_settings("acmeOptions", DefaultSettingValues::new().calls("acmeDefaultBillable")),
///     )
///     .message_log_field(AdditionalField::dropdown(MATTERS, "Matter").contact_dependent())
///     .use_contact_search(true)
///     .build();
/// assert_eq!(platform.forms().count(), 2);
/// ```
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until `build()` is called or it is passed to `ManifestBuilder::platform`"]
pub struct PlatformBuilder {
    platform: Platform,
}

impl Platform {
    /// Starts a platform with its name (the key under `platforms`) and auth.
    pub fn builder(name: impl Into<String>, auth: Auth) -> PlatformBuilder {
        PlatformBuilder {
            platform: Platform::new(name, auth),
        }
    }
}

impl From<PlatformBuilder> for Platform {
    fn from(builder: PlatformBuilder) -> Self {
        builder.platform
    }
}

impl PlatformBuilder {
    fn page(&mut self) -> &mut Page {
        self.platform.page.get_or_insert_with(Page::default)
    }

    /// Name shown to users.
    pub fn display_name(mut self, name: impl Into<String>) -> Self {
        self.platform.display_name = Some(name.into());
        self
    }

    /// The connector's developer.
    pub fn developer(mut self, name: impl Into<String>, url: impl Into<String>) -> Self {
        self.platform.developer = Some(Developer::new(name, url));
        self
    }

    /// Where the CRM's web app lives.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.platform.environment = Some(environment);
        self
    }

    /// Page matcher for the toolbar button (`*` wildcard).
    pub fn url_identifier(mut self, pattern: impl Into<String>) -> Self {
        self.platform.url_identifier = Some(pattern.into());
        self
    }

    /// Adds a page pattern where the panel opens by itself.
    pub fn embed_url(mut self, pattern: impl Into<String>) -> Self {
        self.platform
            .embed_urls
            .get_or_insert_with(Vec::new)
            .push(pattern.into());
        self
    }

    /// Logo image URL.
    pub fn logo_url(mut self, url: impl Into<String>) -> Self {
        self.platform.logo_url = Some(url.into());
        self
    }

    /// Documentation URL.
    pub fn documentation_url(mut self, url: impl Into<String>) -> Self {
        self.platform.documentation_url = Some(url.into());
        self
    }

    /// Release notes URL (`releaseNotesUrl`).
    pub fn release_notes_url(mut self, url: impl Into<String>) -> Self {
        self.platform.release_notes_url = Some(url.into());
        self
    }

    /// Support page URL (`getSupportUrl`).
    pub fn support_url(mut self, url: impl Into<String>) -> Self {
        self.platform.get_support_url = Some(url.into());
        self
    }

    /// Review page URL (`writeReviewUrl`).
    pub fn write_review_url(mut self, url: impl Into<String>) -> Self {
        self.platform.write_review_url = Some(url.into());
        self
    }

    /// Server-side call logging.
    pub fn server_side_logging(mut self, ssl: ServerSideLogging) -> Self {
        self.platform.server_side_logging = Some(ssl);
        self
    }

    /// Declares a contact type (`value` is what the connector writes as a contact's `type`).
    pub fn contact_type(mut self, value: impl Into<String>, display: impl Into<String>) -> Self {
        self.platform
            .contact_types
            .get_or_insert_with(Vec::new)
            .push(ContactTypeOption::new(value, display));
        self
    }

    /// Template of a contact's page; see [`PAGE_URL_PLACEHOLDERS`](super::PAGE_URL_PLACEHOLDERS).
    pub fn contact_page_url(mut self, template: impl Into<String>) -> Self {
        self.platform.contact_page_url = Some(template.into());
        self
    }

    /// Template of a log's page; also sets `canOpenLogPage: true`, unless
    /// [`can_open_log_page`](Self::can_open_log_page) already chose a value.
    ///
    /// ```
    /// use app_connect_sdk::manifest::{Auth, OAuth, Platform};
    /// let auth = || Auth::oauth(OAuth::new("https://acme.example.com/oauth", "id"));
    /// let on = Platform::builder("acme", auth()).log_page_url("https://{hostname}/log/{logId}").build();
    /// assert_eq!(on.can_open_log_page, Some(true));
    /// let off = Platform::builder("acme", auth())
    ///     .can_open_log_page(false)
    ///     .log_page_url("https://{hostname}/log/{logId}")
    ///     .build();
    /// assert_eq!(off.can_open_log_page, Some(false));
    /// ```
    pub fn log_page_url(mut self, template: impl Into<String>) -> Self {
        self.platform.log_page_url = Some(template.into());
        self.platform.can_open_log_page.get_or_insert(true);
        self
    }

    /// Whether "open log" opens the log page (`true`) or the contact page (`false`).
    pub fn can_open_log_page(mut self, yes: bool) -> Self {
        self.platform.can_open_log_page = Some(yes);
        self
    }

    /// Template opened by call-pop when no contact matched; also enables it.
    pub fn fallback_contact_page_url(mut self, template: impl Into<String>) -> Self {
        self.platform.fallback_contact_page_url = Some(template.into());
        self.platform.enable_fallback_contact_page_url = Some(true);
        self
    }

    /// Sets the whole `settings` list. `settings([])` writes `settings: []`, which a platform
    /// without settings may need (App Connect's client reads the key); adding no section
    /// leaves the key out.
    ///
    /// ```
    /// use app_connect_sdk::manifest::{Auth, OAuth, Platform};
    /// let p = Platform::builder("acme", Auth::oauth(OAuth::new("https://acme.example.com/oauth", "id")))
    ///     .settings([])
    ///     .build();
    /// assert_eq!(serde_json::to_value(&p).unwrap()["settings"], serde_json::json!([]));
    /// ```
    pub fn settings(mut self, sections: impl IntoIterator<Item = SettingsSection>) -> Self {
        self.platform.settings = Some(sections.into_iter().collect());
        self
    }

    /// Adds a settings section.
    pub fn settings_section(mut self, section: SettingsSection) -> Self {
        self.platform
            .settings
            .get_or_insert_with(Vec::new)
            .push(section);
        self
    }

    /// Adds an admin setting.
    pub fn admin_setting(mut self, setting: AdminSetting) -> Self {
        self.platform
            .admin_settings
            .get_or_insert_with(Vec::new)
            .push(setting);
        self
    }

    /// Appends a field to the call log form.
    pub fn call_log_field(mut self, field: AdditionalField) -> Self {
        let form = self.page().call_log.get_or_insert_with(Form::default);
        form.additional_fields.push(field);
        self
    }

    /// Appends a field to the message log form.
    pub fn message_log_field(mut self, field: AdditionalField) -> Self {
        let form = self.page().message_log.get_or_insert_with(Form::default);
        form.additional_fields.push(field);
        self
    }

    /// Appends a field to the new contact form.
    pub fn new_contact_field(mut self, field: AdditionalField) -> Self {
        let form = self.page().new_contact.get_or_insert_with(Form::default);
        form.additional_fields.push(field);
        self
    }

    /// The feedback form.
    pub fn feedback(mut self, feedback: Feedback) -> Self {
        self.page().feedback = Some(feedback);
        self
    }

    /// Enables contact search by name (`findContactWithName`).
    pub fn use_contact_search(mut self, yes: bool) -> Self {
        self.page().use_contact_search = Some(yes);
        self
    }

    /// Timeout of App Connect's calls to the connector, in seconds.
    pub fn request_timeout(mut self, seconds: u32) -> Self {
        self.platform.request_config = Some(RequestConfig::with_timeout(seconds));
        self
    }

    /// Offers the "log by extension number" setting.
    pub fn enable_extension_number_logging_setting(mut self, yes: bool) -> Self {
        self.platform.enable_extension_number_logging_setting = Some(yes);
        self
    }

    /// The client reports SMS typing duration.
    pub fn track_sms_typing_duration(mut self, yes: bool) -> Self {
        self.platform.track_sms_typing_duration = Some(yes);
        self
    }

    /// Copies a value of the client's data (dot `path`) into `additionalSubmission[id]`.
    pub fn rc_additional_submission(
        mut self,
        id: impl Into<String>,
        path: impl Into<String>,
    ) -> Self {
        self.platform
            .rc_additional_submission
            .get_or_insert_with(Vec::new)
            .push(RcAdditionalSubmission::new(id, path));
        self
    }

    /// Adds an override rule.
    pub fn override_rule(mut self, rule: Override) -> Self {
        self.platform
            .r#override
            .get_or_insert_with(Vec::new)
            .push(rule);
        self
    }

    /// Sets a key this crate does not model.
    pub fn extra(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.platform.extra.insert(key.into(), value.into());
        self
    }

    /// The platform (validated with the whole manifest, see [`ManifestBuilder::build`]).
    #[must_use]
    pub fn build(self) -> Platform {
        self.platform
    }
}
