//! Checking a manifest: [`Manifest::validate`] and its [`ValidationIssue`]s.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use super::field::AdditionalField;
use super::platform::{EnvironmentType, Platform};
use super::settings::{SettingItem, SettingItemType};
use super::top::Manifest;
use crate::models::AuthType;

/// The placeholders App Connect fills in page URL templates (`contactPageUrl`, `logPageUrl`,
/// `fallbackContactPageUrl`), besides the ids of the platform's setting items.
pub const PAGE_URL_PLACEHOLDERS: [&str; 5] = [
    "hostname",
    "contactId",
    "contactType",
    "logId",
    "thirdPartyAppointmentId",
];

/// The placeholders App Connect fills in the feedback form URL, besides the keys of the form's
/// elements.
pub const FEEDBACK_URL_PLACEHOLDERS: [&str; 5] =
    ["score", "crmName", "userName", "userEmail", "version"];

/// What is wrong (the rule that failed). Each kind has a stable [`code`](IssueKind::code).
///
/// ```
/// use app_connect_sdk::manifest::IssueKind;
/// let kind = IssueKind::DuplicateConst { key: "deals".into() };
/// assert_eq!(kind.code(), "duplicate-const");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IssueKind {
    /// Two fields of one form share a `const`, so one value overwrites the other.
    DuplicateConst {
        /// The shared key.
        key: String,
    },
    /// A `newContact` field is `contactDependent` (there is no contact yet); it must be
    /// `contactTypeDependent`.
    ContactDependentOnNewContact,
    /// `defaultSettingId` names no settings section.
    UnknownSettingSection {
        /// The id written.
        id: String,
    },
    /// `defaultSettingValues.*.settingId` names no setting item.
    UnknownSettingItem {
        /// The id written.
        id: String,
    },
    /// A URL template uses a placeholder App Connect does not fill.
    UnknownUrlPlaceholder {
        /// The placeholder, without braces.
        placeholder: String,
    },
    /// A URL template has a `{` without `}` (or the reverse), or an empty `{}`.
    MalformedUrlTemplate,
    /// A URL does not parse, is not http(s), or (for `serverUrl`) ends with a slash.
    InvalidUrl {
        /// Why.
        reason: String,
    },
    /// Two settings (sections, items or admin settings) of a platform share an id.
    DuplicateSettingId {
        /// The shared id.
        id: String,
    },
    /// A dropdown has no source of options: no `options`, `contactDependent`,
    /// `contactTypeDependent`, `dynamicOptions`, `accountDataKey`, nor a default setting with
    /// options.
    SelectionWithoutOptions,
    /// A contact type is used but not declared in `contactTypes`.
    UndeclaredContactType {
        /// The type used.
        value: String,
    },
    /// A field depends on the contact type but the platform declares no `contactTypes`.
    ContactTypesMissing,
    /// A key under `platforms` differs from that platform's `name`.
    PlatformKeyMismatch {
        /// The key under `platforms`.
        key: String,
        /// The platform's `name`.
        name: String,
    },
    /// A value App Connect needs is missing or empty.
    MissingValue,
    /// A contact lacks the `additionalInfo` options a contact-dependent dropdown reads
    /// ([`Platform::check_contact`](crate::manifest::Platform::check_contact)).
    ContactMissingOptions {
        /// The field's `const`.
        key: String,
    },
    /// A contact's `additionalInfo` value for a contact-dependent dropdown is not a list of
    /// `{ const, title }` options.
    ContactInvalidOptions {
        /// The field's `const`.
        key: String,
    },
    /// A contact's `additionalInfo` has a key no form field declares (a typo, usually).
    ContactUndeclaredKey {
        /// The key.
        key: String,
    },
}

impl IssueKind {
    /// A stable code for the rule, e.g. `duplicate-const`, to match on in scripts and tests.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::DuplicateConst { .. } => "duplicate-const",
            Self::ContactDependentOnNewContact => "contact-dependent-on-new-contact",
            Self::UnknownSettingSection { .. } => "unknown-setting-section",
            Self::UnknownSettingItem { .. } => "unknown-setting-item",
            Self::UnknownUrlPlaceholder { .. } => "unknown-url-placeholder",
            Self::MalformedUrlTemplate => "malformed-url-template",
            Self::InvalidUrl { .. } => "invalid-url",
            Self::DuplicateSettingId { .. } => "duplicate-setting-id",
            Self::SelectionWithoutOptions => "selection-without-options",
            Self::UndeclaredContactType { .. } => "undeclared-contact-type",
            Self::ContactTypesMissing => "contact-types-missing",
            Self::PlatformKeyMismatch { .. } => "platform-key-mismatch",
            Self::MissingValue => "missing-value",
            Self::ContactMissingOptions { .. } => "contact-missing-options",
            Self::ContactInvalidOptions { .. } => "contact-invalid-options",
            Self::ContactUndeclaredKey { .. } => "contact-undeclared-key",
        }
    }
}

/// One problem of a manifest: the rule, where (JSON path), and a message for humans.
///
/// ```
/// use app_connect_sdk::manifest::Manifest;
/// let manifest = Manifest::from_json_str(r#"{ "serverUrl": "not a url", "platforms": {} }"#)?;
/// let issues = manifest.issues();
/// assert_eq!(issues[0].code(), "invalid-url");
/// assert_eq!(issues[0].path(), "serverUrl");
/// # Ok::<(), app_connect_sdk::manifest::ManifestParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationIssue {
    kind: IssueKind,
    path: String,
    message: String,
}

impl ValidationIssue {
    /// An issue of `kind` at `path`.
    #[must_use]
    pub fn new(kind: IssueKind, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            kind,
            path: path.into(),
            message: message.into(),
        }
    }

    /// The rule that failed.
    #[must_use]
    pub fn kind(&self) -> &IssueKind {
        &self.kind
    }

    /// The rule's stable code (see [`IssueKind::code`]).
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// JSON path of the offending value, e.g.
    /// `platforms.clio.page.callLog.additionalFields[1].defaultSettingId`.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong, for humans.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ValidationIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} [{}]", self.path, self.message, self.kind.code())
    }
}

/// Every problem [`Manifest::validate`] found (never empty).
///
/// ```
/// use app_connect_sdk::manifest::Manifest;
/// let manifest = Manifest::from_json_str(r#"{ "serverUrl": "ftp://x", "redirectUri": "nope", "platforms": {} }"#)?;
/// let errors = manifest.validate().unwrap_err();
/// assert_eq!(errors.len(), 3); // the two URLs, and no platform
/// assert!(errors.to_string().starts_with("3 problems in the manifest:\n  serverUrl: "));
/// # Ok::<(), app_connect_sdk::manifest::ManifestParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationErrors(Vec<ValidationIssue>);

impl ValidationErrors {
    /// The problems, in manifest order.
    #[must_use]
    pub fn issues(&self) -> &[ValidationIssue] {
        &self.0
    }

    /// The problems, owned.
    #[must_use]
    pub fn into_issues(self) -> Vec<ValidationIssue> {
        self.0
    }

    /// Number of problems (at least one).
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always `false`: a `ValidationErrors` holds at least one problem.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "{n} problem{} in the manifest:",
            if n == 1 { "" } else { "s" }
        )?;
        for issue in &self.0 {
            write!(f, "\n  {issue}")?;
        }
        Ok(())
    }
}

impl IntoIterator for ValidationErrors {
    type Item = ValidationIssue;
    type IntoIter = std::vec::IntoIter<ValidationIssue>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a ValidationIssue;
    type IntoIter = std::slice::Iter<'a, ValidationIssue>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl Manifest {
    /// Checks the manifest and reports **every** problem with its JSON path; see
    /// [`IssueKind`] for the rules and the [manifest guide](crate::guides::manifest) for why each matters.
    ///
    /// ```
    /// use app_connect_sdk::manifest::{AdditionalField, Auth, Manifest, OAuth, Platform};
    ///
    /// let platform = Platform::builder("acme", Auth::oauth(OAuth::new("https://acme.example.com/authorize", "id")))
    ///     .call_log_field(AdditionalField::dropdown("deals", "Deal").contact_dependent())
    ///     .call_log_field(AdditionalField::dropdown("deals", "Deal again").contact_dependent())
    ///     .build();
    /// let mut manifest = Manifest::default();
    /// manifest.platforms.insert(platform);
    ///
    /// let errors = manifest.validate().unwrap_err();
    /// assert_eq!(errors.issues()[0].code(), "duplicate-const");
    /// assert_eq!(errors.issues()[0].path(), "platforms.acme.page.callLog.additionalFields[1].const");
    /// ```
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let issues = self.issues();
        if issues.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(issues))
        }
    }

    /// Every problem of the manifest (empty when it is valid); see [`Manifest::validate`].
    #[must_use]
    pub fn issues(&self) -> Vec<ValidationIssue> {
        let mut v = Validator::default();
        if let Some(url) = &self.server_url {
            v.url("serverUrl", url, UrlRole::ServerUrl);
        }
        if let Some(url) = &self.redirect_uri {
            v.url("redirectUri", url, UrlRole::Plain);
        }
        if let Some(url) = self.author.as_ref().and_then(|a| a.website_url.as_ref()) {
            v.url("author.websiteUrl", url, UrlRole::Plain);
        }
        if self.platforms.is_empty() {
            v.push(
                IssueKind::MissingValue,
                "platforms",
                "declares no platform; App Connect needs at least one",
            );
        }
        for (key, platform) in self.platforms.iter() {
            v.platform(&format!("platforms.{key}"), key, platform);
        }
        v.issues
    }
}

/// How strictly a URL is checked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum UrlRole {
    /// Must parse as http(s); may be empty only when `optional_empty`.
    Plain,
    /// Like `Plain`, and must not end with a slash.
    ServerUrl,
    /// May be empty (an unused block, e.g. `auth.oauth` of an `apiKey` platform).
    MayBeEmpty,
}

/// What a platform's settings declare.
#[derive(Default)]
struct SettingsIndex<'a> {
    sections: BTreeSet<&'a str>,
    items: HashMap<&'a str, &'a SettingItem>,
}

impl<'a> SettingsIndex<'a> {
    fn of(platform: &'a Platform) -> Self {
        let mut index = Self::default();
        for section in platform.settings.iter().flatten() {
            index.sections.insert(&section.id);
            for item in section.all_items() {
                if item.r#type == Some(SettingItemType::Section) || item.items.is_some() {
                    index.sections.insert(&item.id);
                } else {
                    index.items.entry(&item.id).or_insert(item);
                }
            }
        }
        index
    }
}

#[derive(Default)]
struct Validator {
    issues: Vec<ValidationIssue>,
}

impl Validator {
    fn push(&mut self, kind: IssueKind, path: impl Into<String>, message: impl Into<String>) {
        self.issues.push(ValidationIssue::new(kind, path, message));
    }

    fn url(&mut self, path: &str, value: &str, role: UrlRole) {
        if value.is_empty() {
            if role != UrlRole::MayBeEmpty {
                self.push(
                    IssueKind::InvalidUrl {
                        reason: "empty".into(),
                    },
                    path,
                    "is empty; expected an http(s) URL",
                );
            }
            return;
        }
        let reason = match url::Url::parse(value) {
            Err(e) => Some(format!("does not parse ({e})")),
            Ok(u) if u.scheme() != "https" && u.scheme() != "http" => Some(format!(
                "has scheme `{}`; expected http or https",
                u.scheme()
            )),
            Ok(u) if u.host_str().is_none_or(str::is_empty) => Some("has no host".to_owned()),
            Ok(_) if role == UrlRole::ServerUrl && value.ends_with('/') => {
                Some("ends with `/`; App Connect appends paths that start with `/`".to_owned())
            }
            Ok(_) => None,
        };
        if let Some(reason) = reason {
            let message = format!("`{value}` {reason}");
            self.push(IssueKind::InvalidUrl { reason }, path, message);
        }
    }

    fn required(&mut self, path: &str, value: Option<&str>, what: &str) -> bool {
        if value.is_none_or(str::is_empty) {
            self.push(
                IssueKind::MissingValue,
                path,
                format!("is missing or empty; {what}"),
            );
            false
        } else {
            true
        }
    }

    /// Checks a URL template's placeholders against `allowed`, then the URL with every
    /// placeholder filled in.
    fn template(&mut self, path: &str, template: &str, allowed: &dyn Fn(&str) -> bool) {
        let mut filled = String::with_capacity(template.len());
        let mut rest = template;
        loop {
            let open = rest.find('{');
            let close = rest.find('}');
            match (open, close) {
                (None, None) => {
                    filled.push_str(rest);
                    break;
                }
                (Some(o), Some(c)) if o < c => {
                    let name = &rest[o + 1..c];
                    if name.is_empty() || name.contains('{') {
                        self.malformed(path, template);
                        return;
                    }
                    if !allowed(name) {
                        self.push(
                            IssueKind::UnknownUrlPlaceholder {
                                placeholder: name.to_owned(),
                            },
                            path,
                            format!("uses `{{{name}}}`, which App Connect does not fill"),
                        );
                    }
                    filled.push_str(&rest[..o]);
                    filled.push_str("placeholder");
                    rest = &rest[c + 1..];
                }
                _ => {
                    self.malformed(path, template);
                    return;
                }
            }
        }
        if let Err(e) = url::Url::parse(&filled) {
            let reason = format!("does not parse once its placeholders are filled ({e})");
            let message = format!("`{template}` {reason}");
            self.push(IssueKind::InvalidUrl { reason }, path, message);
        }
    }

    fn malformed(&mut self, path: &str, template: &str) {
        self.push(
            IssueKind::MalformedUrlTemplate,
            path,
            format!("`{template}` has an unbalanced or empty `{{…}}` placeholder"),
        );
    }

    fn platform(&mut self, path: &str, key: &str, p: &Platform) {
        if p.name != key {
            self.push(
                IssueKind::PlatformKeyMismatch {
                    key: key.to_owned(),
                    name: p.name.clone(),
                },
                format!("{path}.name"),
                format!(
                    "is `{}` but the platform is declared under `{key}`; App Connect looks platforms up by name",
                    p.name
                ),
            );
        }
        self.auth(path, p);
        self.environment(path, p);
        for (name, value) in [
            ("logoUrl", &p.logo_url),
            ("documentationUrl", &p.documentation_url),
            ("releaseNotesUrl", &p.release_notes_url),
            ("getSupportUrl", &p.get_support_url),
            ("writeReviewUrl", &p.write_review_url),
        ] {
            if let Some(url) = value {
                self.url(&format!("{path}.{name}"), url, UrlRole::Plain);
            }
        }
        if let Some(url) = p.developer.as_ref().and_then(|d| d.url.as_ref()) {
            self.url(&format!("{path}.developer.url"), url, UrlRole::Plain);
        }

        let settings = SettingsIndex::of(p);
        self.setting_ids(path, p);

        let setting_or_builtin = |name: &str| {
            PAGE_URL_PLACEHOLDERS.contains(&name)
                || settings.items.contains_key(name)
                || p.admin_settings.iter().flatten().any(|s| s.id == name)
        };
        for (name, value) in [
            ("contactPageUrl", &p.contact_page_url),
            ("logPageUrl", &p.log_page_url),
            ("fallbackContactPageUrl", &p.fallback_contact_page_url),
        ] {
            if let Some(template) = value {
                self.template(&format!("{path}.{name}"), template, &setting_or_builtin);
            }
        }

        if let Some(ssl) = &p.server_side_logging {
            let ssl_path = format!("{path}.serverSideLogging");
            if let Some(url) = &ssl.url {
                self.url(&format!("{ssl_path}.url"), url, UrlRole::Plain);
            }
            if let Some(fields) = &ssl.additional_fields {
                self.fields(
                    &format!("{ssl_path}.additionalFields"),
                    fields,
                    p,
                    &settings,
                    false,
                );
            }
        }

        if let Some(page) = &p.page {
            let page_path = format!("{path}.page");
            for (name, form) in [
                ("callLog", &page.call_log),
                ("messageLog", &page.message_log),
                ("newContact", &page.new_contact),
            ] {
                if let Some(form) = form {
                    self.fields(
                        &format!("{page_path}.{name}.additionalFields"),
                        &form.additional_fields,
                        p,
                        &settings,
                        name == "newContact",
                    );
                }
            }
            if let Some(feedback) = &page.feedback {
                self.feedback(&format!("{page_path}.feedback"), feedback);
            }
        }

        for (i, rule) in p.r#override.iter().flatten().enumerate() {
            for (j, object) in rule.override_objects.iter().enumerate() {
                let is_url_key = object.path.ends_with("Url") || object.path.ends_with("Uri");
                if let (true, Some(url)) = (is_url_key, object.value.as_str()) {
                    let role = if object.path == "serverUrl" {
                        UrlRole::ServerUrl
                    } else {
                        UrlRole::Plain
                    };
                    self.url(
                        &format!("{path}.override[{i}].overrideObjects[{j}].value"),
                        url,
                        role,
                    );
                }
            }
        }
    }

    fn auth(&mut self, path: &str, p: &Platform) {
        let auth = &p.auth;
        let oauth_path = format!("{path}.auth.oauth");
        let in_use = auth.r#type == AuthType::OAuth;
        match (&auth.oauth, in_use) {
            (None, true) => self.push(
                IssueKind::MissingValue,
                oauth_path.clone(),
                "is missing; an `oauth` platform needs `authUrl` and `clientId`",
            ),
            (Some(oauth), _) => {
                let role = if in_use {
                    UrlRole::Plain
                } else {
                    UrlRole::MayBeEmpty
                };
                if in_use {
                    self.required(
                        &format!("{oauth_path}.clientId"),
                        oauth.client_id.as_deref(),
                        "an `oauth` platform needs its public client id",
                    );
                }
                let auth_url_path = format!("{oauth_path}.authUrl");
                match &oauth.auth_url {
                    Some(url) => self.url(&auth_url_path, url, role),
                    None if in_use => {
                        self.required(&auth_url_path, None, "an `oauth` platform needs it");
                    }
                    None => {}
                }
                if let Some(url) = &oauth.redirect_uri {
                    self.url(&format!("{oauth_path}.redirectUri"), url, role);
                }
            }
            (None, false) => {}
        }
        if auth.r#type == AuthType::ApiKey {
            let page = auth.api_key.as_ref().and_then(|a| a.page.as_ref());
            match page {
                None => self.push(
                    IssueKind::MissingValue,
                    format!("{path}.auth.apiKey.page"),
                    "is missing; an `apiKey` platform needs the credentials form",
                ),
                Some(page) => {
                    let keys = page.content.iter().map(|f| f.key.as_str());
                    self.duplicate_keys(&format!("{path}.auth.apiKey.page.content"), keys);
                }
            }
        }
    }

    fn environment(&mut self, path: &str, p: &Platform) {
        let Some(env) = &p.environment else { return };
        let env_path = format!("{path}.environment");
        match env.r#type {
            EnvironmentType::Fixed => {
                if self.required(
                    &format!("{env_path}.url"),
                    env.url.as_deref(),
                    "a `fixed` environment needs the CRM's URL",
                ) && let Some(url) = &env.url
                {
                    self.url(&format!("{env_path}.url"), url, UrlRole::Plain);
                }
            }
            EnvironmentType::Dynamic => {
                self.required(
                    &format!("{env_path}.urlIdentifier"),
                    env.url_identifier.as_deref(),
                    "a `dynamic` environment needs the host pattern users' URLs must match",
                );
            }
            EnvironmentType::Selectable => {
                let selections = env.selections.as_deref().unwrap_or_default();
                if selections.is_empty() {
                    self.push(
                        IssueKind::MissingValue,
                        format!("{env_path}.selections"),
                        "is missing or empty; a `selectable` environment needs hosts to choose from",
                    );
                }
                for (i, s) in selections.iter().enumerate() {
                    self.url(
                        &format!("{env_path}.selections[{i}].const"),
                        &s.url,
                        UrlRole::Plain,
                    );
                }
            }
            _ => {}
        }
    }

    fn setting_ids(&mut self, path: &str, p: &Platform) {
        // Depth first, with explicit paths; the first declaration of an id wins.
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut visit = |this: &mut Self, id: &str, node_path: String| {
            if let Some(first) = seen.get(id) {
                this.push(
                    IssueKind::DuplicateSettingId { id: id.to_owned() },
                    format!("{node_path}.id"),
                    format!("`{id}` is already the id of {first}; user settings are keyed by id"),
                );
            } else {
                seen.insert(id.to_owned(), node_path);
            }
        };
        fn walk(
            this: &mut Validator,
            items: &[SettingItem],
            base: &str,
            visit: &mut dyn FnMut(&mut Validator, &str, String),
        ) {
            for (i, item) in items.iter().enumerate() {
                let item_path = format!("{base}.items[{i}]");
                visit(this, &item.id, item_path.clone());
                if let Some(children) = &item.items {
                    walk(this, children, &item_path, visit);
                }
            }
        }
        for (i, section) in p.settings.iter().flatten().enumerate() {
            let section_path = format!("{path}.settings[{i}]");
            visit(self, &section.id, section_path.clone());
            walk(self, &section.items, &section_path, &mut visit);
        }
        for (i, admin) in p.admin_settings.iter().flatten().enumerate() {
            visit(self, &admin.id, format!("{path}.adminSettings[{i}]"));
        }
    }

    fn duplicate_keys<'a>(&mut self, path: &str, keys: impl Iterator<Item = &'a str>) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, key) in keys.enumerate() {
            if let Some(first) = seen.get(key) {
                self.push(
                    IssueKind::DuplicateConst {
                        key: key.to_owned(),
                    },
                    format!("{path}[{i}].const"),
                    format!(
                        "`{key}` is already the key of [{first}]; one value would overwrite the other"
                    ),
                );
            } else {
                seen.insert(key, i);
            }
        }
    }

    fn fields(
        &mut self,
        path: &str,
        fields: &[AdditionalField],
        p: &Platform,
        settings: &SettingsIndex<'_>,
        new_contact: bool,
    ) {
        self.duplicate_keys(path, fields.iter().map(|f| f.key.as_str()));
        let contact_types: BTreeSet<&str> = p
            .contact_types
            .iter()
            .flatten()
            .map(|t| t.value.as_str())
            .collect();
        for (i, field) in fields.iter().enumerate() {
            let field_path = format!("{path}[{i}]");
            if new_contact && field.contact_dependent == Some(true) {
                self.push(
                    IssueKind::ContactDependentOnNewContact,
                    format!("{field_path}.contactDependent"),
                    "the new contact form has no contact to take options from; use `contactTypeDependent`",
                );
            }
            if let Some(section) = &field.default_setting_id
                && !settings.sections.contains(section.as_str())
            {
                let hint = if settings.items.contains_key(section.as_str()) {
                    "; it is a setting item: name its section here and the item in `defaultSettingValues`"
                } else {
                    ""
                };
                self.push(
                    IssueKind::UnknownSettingSection {
                        id: section.clone(),
                    },
                    format!("{field_path}.defaultSettingId"),
                    format!("`{section}` is not the id of a settings section{hint}"),
                );
            }
            if let Some(values) = &field.default_setting_values {
                for (kind, id) in values.entries() {
                    if !settings.items.contains_key(id) {
                        let hint = if settings.sections.contains(id) {
                            "; it is a section: name one of its items"
                        } else {
                            ""
                        };
                        self.push(
                            IssueKind::UnknownSettingItem { id: id.to_owned() },
                            format!("{field_path}.defaultSettingValues.{kind}.settingId"),
                            format!("`{id}` is not the id of a setting item{hint}"),
                        );
                    }
                }
            }
            if field.is_selection() && !has_option_source(field, settings) {
                self.push(
                    IssueKind::SelectionWithoutOptions,
                    field_path.clone(),
                    format!(
                        "dropdown `{}` has no options: give it `options`, `contactDependent`, `contactTypeDependent`, `dynamicOptions` or `accountDataKey`",
                        field.key
                    ),
                );
            }
            if let Some(by_type) = &field.account_data_property_by_contact_type {
                for contact_type in by_type.keys() {
                    if !contact_types.contains(contact_type.as_str()) {
                        self.push(
                            IssueKind::UndeclaredContactType {
                                value: contact_type.clone(),
                            },
                            format!("{field_path}.accountDataPropertyByContactType.{contact_type}"),
                            format!(
                                "contact type `{contact_type}` is not declared in `contactTypes`"
                            ),
                        );
                    }
                }
            }
            if field.contact_type_dependent == Some(true) && contact_types.is_empty() {
                self.push(
                    IssueKind::ContactTypesMissing,
                    format!("{field_path}.contactTypeDependent"),
                    "the field depends on the contact type but the platform declares no `contactTypes`",
                );
            }
        }
    }

    fn feedback(&mut self, path: &str, feedback: &super::page::Feedback) {
        let elements = &feedback.elements;
        self.duplicate_keys(
            &format!("{path}.elements"),
            elements.iter().map(|e| e.key.as_str()),
        );
        for (i, element) in elements.iter().enumerate() {
            let is_selection = element.r#type == Some(super::field::FieldType::Selection);
            if is_selection && element.selections.as_ref().is_none_or(Vec::is_empty) {
                self.push(
                    IssueKind::SelectionWithoutOptions,
                    format!("{path}.elements[{i}]"),
                    format!("selection `{}` has no `selections`", element.key),
                );
            }
        }
        if let Some(url) = &feedback.url {
            let allowed = |name: &str| {
                FEEDBACK_URL_PLACEHOLDERS.contains(&name) || elements.iter().any(|e| e.key == name)
            };
            self.template(&format!("{path}.url"), url, &allowed);
        }
    }
}

/// Whether a dropdown gets its options from somewhere.
fn has_option_source(field: &AdditionalField, settings: &SettingsIndex<'_>) -> bool {
    let yes = |flag: Option<bool>| flag == Some(true);
    field.options.as_ref().is_some_and(|o| !o.is_empty())
        || yes(field.contact_dependent)
        || yes(field.contact_type_dependent)
        || yes(field.dynamic_options)
        || field.account_data_key.is_some()
        || field.default_setting_values.as_ref().is_some_and(|values| {
            values.entries().any(|(_, id)| {
                settings
                    .items
                    .get(id)
                    .is_some_and(|item| item.has_options())
            })
        })
}
