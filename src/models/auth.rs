//! Authentication: auth type, OAuth app info, user info from the CRM, API-key login.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::common::{CrmId, Extra, Secret, StringOrList, deserialize_string_or_list};
use super::lenient::TimezoneOffset;
use super::return_message::ReturnMessage;
use super::user::RedactedMap;

open_enum! {
    /// How users sign in to the CRM: `"oauth"` or `"apiKey"`, the value of `getAuthType` and
    /// of a manifest platform's `auth.type`. Open set: a manifest may name a type this crate
    /// does not know, and it is kept (App Connect itself compares the two known values exactly).
    ///
    /// ```
    /// use app_connect_sdk::models::AuthType;
    /// assert_eq!(serde_json::to_string(&AuthType::ApiKey).unwrap(), r#""apiKey""#);
    /// assert_eq!(AuthType::OAuth.as_str(), "oauth");
    /// assert_eq!(AuthType::from("apiKey"), AuthType::ApiKey);
    /// ```
    pub enum AuthType {
        /// `oauth`: OAuth 2 authorization code flow.
        OAuth => "oauth",
        /// `apiKey`: a form of credentials (API key, user name and password, …).
        ApiKey => "apiKey",
    }
}

/// OAuth scopes: one space/comma-separated string or a list.
///
/// ```
/// use app_connect_sdk::models::*;
/// let s: OAuthScopes = serde_json::from_str(r#"["contacts.read","calls.write"]"#).unwrap();
/// assert_eq!(s, OAuthScopes::List(vec!["contacts.read".into(), "calls.write".into()]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OAuthScopes {
    /// A single string.
    Joined(String),
    /// A list.
    List(Vec<String>),
}

impl Serialize for OAuthScopes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OAuthScopes::Joined(s) => serializer.serialize_str(s),
            OAuthScopes::List(v) => v.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for OAuthScopes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_string_or_list(deserializer, "scopes (a string or an array of strings)").map(
            |v| match v {
                StringOrList::One(s) => OAuthScopes::Joined(s),
                StringOrList::Many(v) => OAuthScopes::List(v),
            },
        )
    }
}

fixed_schema!(OAuthScopes, "OAuthScopes", {
    "oneOf": [{ "type": "array", "items": { "type": "string" } }, { "type": "string" }]
});

wire_object! {
    "an OAuth info object";
    /// The CRM OAuth application (`getOauthInfo`). `clientSecret` is a [`Secret`].
    ///
    /// ```
    /// use app_connect_sdk::models::OAuthInfo;
    /// let info = OAuthInfo::new("client-1", "s3cr3t", "https://crm.example.com/oauth/token",
    ///     "https://ringcentral.github.io/ringcentral-embeddable/redirect.html");
    /// assert!(!format!("{info:?}").contains("s3cr3t"));
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct OAuthInfo {
        /// Client id.
        pub client_id: String => req "clientId",
        /// Client secret.
        pub client_secret: Secret => req "clientSecret",
        /// Token endpoint.
        pub access_token_uri: String => req "accessTokenUri",
        /// Authorization endpoint (only for custom helpers).
        pub authorization_uri: Option<String> => opt "authorizationUri",
        /// Redirect URI registered with the CRM.
        pub redirect_uri: String => req "redirectUri",
        /// Scopes.
        pub scopes: Option<OAuthScopes> => opt "scopes",
        /// Overrides the setup hostname on callback.
        pub hostname: Option<String> => opt "hostname",
        /// If set, the OAuth callback aborts with this message.
        pub fail_message: Option<String> => opt "failMessage",
    }
}

impl OAuthInfo {
    /// OAuth info with the required fields.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        access_token_uri: impl Into<String>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        OAuthInfo {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            access_token_uri: access_token_uri.into(),
            redirect_uri: redirect_uri.into(),
            ..Default::default()
        }
    }

    /// An info that only aborts the callback with a message.
    pub fn fail(message: impl Into<String>) -> Self {
        OAuthInfo {
            fail_message: Some(message.into()),
            ..Default::default()
        }
    }
}

wire_object! {
    "a platformUserInfo object", custom_debug;
    /// The CRM user, as `getUserInfo` reports it (`platformUserInfo`).
    ///
    /// ```
    /// use app_connect_sdk::models::PlatformUserInfo;
    /// let info = PlatformUserInfo::new("12345-pipedrive", "Ada Lovelace").with_timezone("Europe/London", 0);
    /// assert_eq!(serde_json::to_value(&info).unwrap()["timezoneOffset"], 0);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct PlatformUserInfo {
        /// CRM user id, suffixed with `-<platform>` by convention; becomes the user's primary key.
        pub id: CrmId => req "id",
        /// Display name.
        pub name: Option<String> => opt "name",
        /// Time-zone name.
        pub timezone_name: Option<String> => opt "timezoneName",
        /// UTC offset (number or string).
        pub timezone_offset: Option<TimezoneOffset> => opt "timezoneOffset",
        /// Connector-owned data to persist (store `tokenUrl` here if `getOauthInfo` needs it).
        pub platform_additional_info: Option<Extra> => opt "platformAdditionalInfo",
        /// Replaces the stored hostname.
        pub overriding_hostname: Option<String> => opt "overridingHostname",
        /// Stored as the access token instead of the submitted API key.
        pub overriding_api_key: Option<Secret> => opt "overridingApiKey",
    }
}

impl PlatformUserInfo {
    /// User info with an id and a name.
    pub fn new(id: impl Into<CrmId>, name: impl Into<String>) -> Self {
        PlatformUserInfo {
            id: id.into(),
            name: Some(name.into()),
            ..Default::default()
        }
    }

    /// Sets the time zone.
    #[must_use]
    pub fn with_timezone(
        mut self,
        name: impl Into<String>,
        offset: impl Into<TimezoneOffset>,
    ) -> Self {
        self.timezone_name = Some(name.into());
        self.timezone_offset = Some(offset.into());
        self
    }

    /// Adds a `platformAdditionalInfo` entry.
    #[must_use]
    pub fn with_additional_info(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.platform_additional_info
            .get_or_insert_with(Extra::new)
            .insert(key.into(), value.into());
        self
    }
}

impl fmt::Debug for PlatformUserInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlatformUserInfo")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("timezone_name", &self.timezone_name)
            .field("timezone_offset", &self.timezone_offset)
            .field(
                "platform_additional_info",
                &self.platform_additional_info.as_ref().map(RedactedMap),
            )
            .field("overriding_hostname", &self.overriding_hostname)
            .field("overriding_api_key", &self.overriding_api_key)
            .field("extra", &RedactedMap(&self.extra))
            .finish()
    }
}

/// What `getUserInfo` returns.
///
/// ```
/// use app_connect_sdk::models::{UserInfoResult, PlatformUserInfo, ReturnMessage};
/// let ok = UserInfoResult::success(PlatformUserInfo::new("7-crm", "Ada"));
/// assert!(ok.successful);
/// let bad = UserInfoResult::failure(ReturnMessage::warning("Invalid API key"));
/// assert!(!bad.successful && bad.platform_user_info.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct UserInfoResult {
    /// Whether login may proceed.
    pub successful: bool,
    /// The CRM user (required when successful).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_user_info: Option<PlatformUserInfo>,
    /// Message for the user (success or failure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_message: Option<ReturnMessage>,
}

impl UserInfoResult {
    /// A successful login.
    pub fn success(info: PlatformUserInfo) -> Self {
        UserInfoResult {
            successful: true,
            platform_user_info: Some(info),
            return_message: None,
        }
    }

    /// A refused login.
    pub fn failure(message: ReturnMessage) -> Self {
        UserInfoResult {
            successful: false,
            platform_user_info: None,
            return_message: Some(message),
        }
    }

    /// Sets the message.
    #[must_use]
    pub fn with_message(mut self, message: ReturnMessage) -> Self {
        self.return_message = Some(message);
        self
    }
}

wire_object! {
    "a POST /apiKeyLogin body", custom_debug;
    /// Body of `POST /apiKeyLogin` (OpenAPI `ApiKeyLoginRequest`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r: ApiKeyLoginRequest = serde_json::from_str(r#"{"platform":"exampleCRM","apiKey":"k-123","hostname":"crm.example.com"}"#).unwrap();
    /// assert_eq!(r.api_key.as_ref().map(|k| k.expose()), Some("k-123"));
    /// assert!(!format!("{r:?}").contains("k-123"));
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct ApiKeyLoginRequest {
        /// Platform (connector) name (required).
        pub platform: String => req "platform",
        /// The API key.
        pub api_key: Option<Secret> => opt "apiKey",
        /// Legacy RingCentral access token.
        pub rc_access_token: Option<Secret> => opt "rcAccessToken",
        /// Deprecated, ignored.
        pub rc_account_id: Option<CrmId> => opt "rcAccountId",
        /// Deprecated, ignored.
        pub rc_extension_id: Option<CrmId> => opt "rcExtensionId",
        /// Deprecated, ignored.
        pub user_email: Option<String> => opt "userEmail",
        /// CRM hostname.
        pub hostname: Option<String> => opt "hostname",
        /// Proxy configuration id.
        pub proxy_id: Option<String> => opt "proxyId",
        /// Connector id.
        pub connector_id: Option<String> => opt "connectorId",
        /// Developer RingCentral account id.
        pub dev_rc_account_id: Option<CrmId> => opt "devRcAccountId",
        /// Private connector.
        pub is_private: Option<bool> => opt "isPrivate",
        /// Values of the auth page fields (may hold credentials; redacted in `Debug`).
        pub additional_info: Option<Extra> => opt "additionalInfo",
    }
}

impl fmt::Debug for ApiKeyLoginRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKeyLoginRequest")
            .field("platform", &self.platform)
            .field("api_key", &self.api_key)
            .field("rc_access_token", &self.rc_access_token)
            .field("rc_account_id", &self.rc_account_id)
            .field("rc_extension_id", &self.rc_extension_id)
            .field("user_email", &self.user_email)
            .field("hostname", &self.hostname)
            .field("proxy_id", &self.proxy_id)
            .field("connector_id", &self.connector_id)
            .field("dev_rc_account_id", &self.dev_rc_account_id)
            .field("is_private", &self.is_private)
            .field(
                "additional_info",
                &self.additional_info.as_ref().map(RedactedMap),
            )
            .field("extra", &RedactedMap(&self.extra))
            .finish()
    }
}

wire_object! {
    "an API-key login response";
    /// Response of `POST /apiKeyLogin` and `GET /oauth-callback` (OpenAPI `ApiKeyLoginResponse`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r: ApiKeyLoginResponse = serde_json::from_str(r#"{"jwtToken":"eyJ.a.b","name":"Ada"}"#).unwrap();
    /// assert_eq!(r.jwt_token.expose(), "eyJ.a.b");
    /// assert!(!format!("{r:?}").contains("eyJ"));
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct ApiKeyLoginResponse {
        /// The App Connect session JWT.
        pub jwt_token: Secret => req "jwtToken",
        /// CRM user name.
        pub name: Option<String> => opt "name",
        /// Message for the user.
        pub return_message: Option<ReturnMessage> => opt "returnMessage",
    }
}

/// Options for the OAuth token request (`getOverridingOAuthOption`). `query` keys are
/// snake_case OAuth parameters (`grant_type`, `client_id`, …). `Debug` redacts credentials.
///
/// ```
/// use app_connect_sdk::models::OverridingOAuthOption;
/// let opt = OverridingOAuthOption::default().with_header("Authorization", "");
/// assert_eq!(serde_json::to_string(&opt).unwrap(), r#"{"headers":{"Authorization":""}}"#);
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct OverridingOAuthOption {
    /// Extra / overriding request headers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Extra>,
    /// Extra / overriding query parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<Extra>,
    /// Request body override.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

impl OverridingOAuthOption {
    /// Adds a header.
    #[must_use]
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers
            .get_or_insert_with(Extra::new)
            .insert(name.into(), Value::String(value.into()));
        self
    }

    /// Adds a query parameter.
    #[must_use]
    pub fn with_query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query
            .get_or_insert_with(Extra::new)
            .insert(name.into(), Value::String(value.into()));
        self
    }
}

impl fmt::Debug for OverridingOAuthOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OverridingOAuthOption")
            .field("headers", &self.headers.as_ref().map(RedactedMap))
            .field("query", &self.query.as_ref().map(RedactedMap))
            .field("body", &self.body.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}
