//! How users log in to the CRM: [`Auth`], [`OAuth`], [`ApiKeyAuth`].

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::field::{FieldType, UiSchema};
use crate::models::AuthType;

/// How users log in (`auth`).
///
/// ```
/// use app_connect_sdk::manifest::{ApiKeyPage, Auth, AuthField};
/// use app_connect_sdk::models::AuthType;
/// let auth = Auth::api_key(ApiKeyPage::new("Acme").field(AuthField::new("apiKey", "API key").required()));
/// assert_eq!(auth.r#type, AuthType::ApiKey);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Auth {
    /// `oauth` or `apiKey`.
    pub r#type: AuthType,
    /// OAuth settings; required when `type` is `oauth`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth: Option<OAuth>,
    /// The credentials form; required when `type` is `apiKey`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<ApiKeyAuth>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Auth {
    /// OAuth login.
    #[must_use]
    pub fn oauth(oauth: OAuth) -> Self {
        Self {
            r#type: AuthType::OAuth,
            oauth: Some(oauth),
            api_key: None,
            extra: Map::new(),
        }
    }

    /// Login with a form of credentials.
    #[must_use]
    pub fn api_key(page: ApiKeyPage) -> Self {
        Self {
            r#type: AuthType::ApiKey,
            oauth: None,
            api_key: Some(ApiKeyAuth {
                page: Some(page),
                extra: Map::new(),
            }),
            extra: Map::new(),
        }
    }
}

/// OAuth settings (`auth.oauth`). Only public values belong here: the client secret stays on
/// the connector server.
///
/// ```
/// use app_connect_sdk::manifest::OAuth;
/// let oauth = OAuth::new("https://acme.example.com/oauth/authorize", "client-id")
///     .with_scope("scope=contacts.read calls.write");
/// assert_eq!(oauth.client_id.as_deref(), Some("client-id"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OAuth {
    /// The CRM's authorize endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_url: Option<String>,
    /// The public client id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Redirect page; defaults to the manifest's `redirectUri`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
    /// A raw query fragment, e.g. `scope=a b` or `access_type=offline&scope=…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Extra `state`, e.g. `platform=acme`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_state: Option<String>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl OAuth {
    /// OAuth with the CRM's authorize endpoint and the public client id.
    #[must_use]
    pub fn new(auth_url: impl Into<String>, client_id: impl Into<String>) -> Self {
        Self {
            auth_url: Some(auth_url.into()),
            client_id: Some(client_id.into()),
            ..Self::default()
        }
    }

    /// Sets the redirect page.
    #[must_use]
    pub fn with_redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(uri.into());
        self
    }

    /// Sets the scope query fragment (written as is, e.g. `scope=a b`).
    #[must_use]
    pub fn with_scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }

    /// Sets extra `state`.
    #[must_use]
    pub fn with_custom_state(mut self, state: impl Into<String>) -> Self {
        self.custom_state = Some(state.into());
        self
    }
}

/// Credentials login (`auth.apiKey`).
///
/// ```
/// use app_connect_sdk::manifest::ApiKeyAuth;
/// assert!(ApiKeyAuth::default().page.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApiKeyAuth {
    /// The credentials form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<ApiKeyPage>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ApiKeyAuth {
    /// Credentials login with its form.
    ///
    /// ```
    /// use app_connect_sdk::manifest::{ApiKeyAuth, ApiKeyPage};
    /// assert!(ApiKeyAuth::new(ApiKeyPage::new("Acme")).page.is_some());
    /// ```
    #[must_use]
    pub fn new(page: ApiKeyPage) -> Self {
        ApiKeyAuth {
            page: Some(page),
            extra: Map::new(),
        }
    }
}

/// The credentials form (`auth.apiKey.page`).
///
/// ```
/// use app_connect_sdk::manifest::{ApiKeyPage, AuthField};
/// let page = ApiKeyPage::new("Acme")
///     .with_warning("Find your key under Settings > API")
///     .field(AuthField::new("apiKey", "API key").required());
/// assert_eq!(page.content.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApiKeyPage {
    /// Form title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A warning shown above the fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
    /// The fields; `apiKey` is the primary credential.
    #[serde(default)]
    pub content: Vec<AuthField>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ApiKeyPage {
    /// An empty form with a title.
    #[must_use]
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: Some(title.into()),
            ..Self::default()
        }
    }

    /// Sets the warning.
    #[must_use]
    pub fn with_warning(mut self, warning: impl Into<String>) -> Self {
        self.warning = Some(warning.into());
        self
    }

    /// Appends a field.
    #[must_use]
    pub fn field(mut self, field: AuthField) -> Self {
        self.content.push(field);
        self
    }
}

open_enum! {
    /// Who manages an admin-managed credential (`managedScope`).
    ///
    /// ```
    /// use app_connect_sdk::manifest::ManagedScope;
    /// assert_eq!(ManagedScope::from("account"), ManagedScope::Account);
    /// ```
    pub enum ManagedScope {
        /// One value for the whole account.
        Account => "account",
        /// One value per user.
        User => "user",
    }
}

open_enum! {
    /// How an admin enters a managed credential (`managedFieldType`).
    ///
    /// ```
    /// use app_connect_sdk::manifest::ManagedFieldType;
    /// assert_eq!(ManagedFieldType::from("dynamic"), ManagedFieldType::Dynamic);
    /// ```
    pub enum ManagedFieldType {
        /// Typed in (the default).
        Input => "input",
        /// Chosen from `getManagedAuthOptions`.
        Dynamic => "dynamic",
    }
}

/// A field of the credentials form (`auth.apiKey.page.content[]`).
///
/// ```
/// use app_connect_sdk::manifest::{AuthField, UiSchema};
/// let password = AuthField::new("password", "Password").required().with_ui_schema(UiSchema::password());
/// assert_eq!(password.required, Some(true));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuthField {
    /// Key of the value in the login request; `apiKey` is the primary credential.
    #[serde(rename = "const")]
    pub key: String,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Field type; `string` in real manifests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<FieldType>,
    /// Whether the user must fill it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Initial value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// Hidden from the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
    /// Set by an admin instead of each user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed: Option<bool>,
    /// `account` or `user`, for managed fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_scope: Option<ManagedScope>,
    /// `input` or `dynamic`, for managed fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_field_type: Option<ManagedFieldType>,
    /// Rendering hints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ui_schema: Option<UiSchema>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AuthField {
    /// A text field with its key and label.
    #[must_use]
    pub fn new(key: impl Into<String>, title: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            title: Some(title.into()),
            r#type: Some(FieldType::String),
            ..Self::default()
        }
    }

    /// Marks the field required.
    #[must_use]
    pub fn required(mut self) -> Self {
        self.required = Some(true);
        self
    }

    /// Sets the help text.
    #[must_use]
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets rendering hints.
    #[must_use]
    pub fn with_ui_schema(mut self, ui_schema: UiSchema) -> Self {
        self.ui_schema = Some(ui_schema);
        self
    }
}
