//! The persisted App Connect user and user settings.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::common::{Extra, Secret};
use super::lenient::TimezoneOffset;

/// Writes a map in `Debug` form with values of credential-like keys replaced by `[redacted]`.
pub(crate) struct RedactedMap<'a>(pub &'a Extra);

/// Whether a key names a credential (token, secret, password, API key, …).
pub(crate) fn is_sensitive_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    // `code`: an OAuth authorization code.
    k == "code"
        || [
            "token",
            "secret",
            "password",
            "apikey",
            "api_key",
            "credential",
            "auth",
        ]
        .iter()
        .any(|needle| k.contains(needle))
}

impl fmt::Debug for RedactedMap<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (k, v) in self.0 {
            if is_sensitive_key(k) {
                map.entry(k, &format_args!("[redacted]"));
            } else {
                map.entry(k, &RedactedValue(v));
            }
        }
        map.finish()
    }
}

/// A JSON value in `Debug` form, with credential-like keys redacted at any depth.
pub(crate) struct RedactedValue<'a>(pub &'a Value);

impl fmt::Debug for RedactedValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Value::Object(map) => RedactedMap(map).fmt(f),
            Value::Array(items) => f
                .debug_list()
                .entries(items.iter().map(RedactedValue))
                .finish(),
            scalar => scalar.fmt(f),
        }
    }
}

wire_object! {
    "a user object", custom_debug;
    /// The persisted App Connect user (`users` row): identity, CRM host and credentials, settings.
    ///
    /// `Debug` prints no credential: tokens are [`Secret`]s and credential-like keys of
    /// `platformAdditionalInfo` / `extra` are redacted.
    ///
    /// ```
    /// use app_connect_sdk::models::{User, Secret};
    /// let mut user = User::new("12345-pipedrive", "pipedrive");
    /// user.access_token = Secret::new("at-very-secret");
    /// assert!(!format!("{user:?}").contains("at-very-secret"));
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct User {
        /// Primary key: the CRM user id, conventionally `"<crmUserId>-<platform>"`.
        pub id: String => req "id",
        /// RingCentral account id.
        pub rc_account_id: Option<String> => opt "rcAccountId",
        /// CRM hostname.
        pub hostname: Option<String> => opt "hostname",
        /// Time-zone name.
        pub timezone_name: Option<String> => opt "timezoneName",
        /// UTC offset as the CRM reported it.
        pub timezone_offset: Option<TimezoneOffset> => opt "timezoneOffset",
        /// Platform (connector) name.
        pub platform: Option<String> => opt "platform",
        /// OAuth access token, or the API key for API-key connectors (`""` = logged out).
        pub access_token: Secret => dft "accessToken",
        /// OAuth refresh token.
        pub refresh_token: Option<Secret> => opt "refreshToken",
        /// Access-token expiry.
        pub token_expiry: Option<DateTime<Utc>> => ts "tokenExpiry",
        /// Connector-owned data from `getUserInfo` (App Connect adds `proxyId`).
        pub platform_additional_info: Extra => dft "platformAdditionalInfo",
        /// Hashed RingCentral extension id.
        pub hashed_rc_extension_id: Option<String> => opt "hashedRcExtensionId",
        /// User settings.
        pub user_settings: UserSettings => dft "userSettings",
    }
}

impl User {
    /// A user with an id and a platform.
    pub fn new(id: impl Into<String>, platform: impl Into<String>) -> Self {
        User {
            id: id.into(),
            platform: Some(platform.into()),
            ..Default::default()
        }
    }

    /// Whether the user has credentials (App Connect treats an empty access token as logged out).
    pub fn is_connected(&self) -> bool {
        !self.access_token.is_empty()
    }

    /// `platformAdditionalInfo.tokenUrl`, which App Connect passes to `getOauthInfo`.
    pub fn token_url(&self) -> Option<&str> {
        self.platform_additional_info.get("tokenUrl")?.as_str()
    }

    /// The offset in minutes, by App Connect's rule (see [`TimezoneOffset::minutes`]);
    /// `None` when the user has no stored offset.
    pub fn timezone_offset_minutes(&self) -> Option<i32> {
        self.timezone_offset.as_ref().map(TimezoneOffset::minutes)
    }
}

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("rc_account_id", &self.rc_account_id)
            .field("hostname", &self.hostname)
            .field("timezone_name", &self.timezone_name)
            .field("timezone_offset", &self.timezone_offset)
            .field("platform", &self.platform)
            .field("access_token", &self.access_token)
            .field("refresh_token", &self.refresh_token)
            .field("token_expiry", &self.token_expiry)
            .field(
                "platform_additional_info",
                &RedactedMap(&self.platform_additional_info),
            )
            .field("hashed_rc_extension_id", &self.hashed_rc_extension_id)
            .field("user_settings", &self.user_settings)
            .field("extra", &RedactedMap(&self.extra))
            .finish()
    }
}

wire_object! {
    "a user setting object";
    /// One user setting (OpenAPI `UserSetting`).
    ///
    /// ```
    /// use app_connect_sdk::models::UserSetting;
    /// let s = UserSetting::with_value(true);
    /// assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"value":true}"#);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct UserSetting {
        /// The value.
        pub value: Option<Value> => opt "value",
        /// Whether the user may change an admin-set value.
        pub customizable: Option<bool> => opt "customizable",
        /// Legacy spelling of `customizable`.
        pub is_customizable: Option<bool> => opt "isCustomizable",
        /// Admin removed the setting.
        pub is_removed: Option<bool> => opt "isRemoved",
        /// Default value.
        pub default_value: Option<Value> => opt "defaultValue",
        /// Allowed options.
        pub options: Option<Vec<Value>> => opt "options",
    }
}

impl UserSetting {
    /// A setting with a value.
    pub fn with_value(value: impl Into<Value>) -> Self {
        UserSetting {
            value: Some(value.into()),
            ..Default::default()
        }
    }
}

/// User settings: an ordered map of setting id → [`UserSetting`] (OpenAPI `UserSettings`).
/// Connectors read `value` by setting *item* id.
///
/// ```
/// use app_connect_sdk::models::UserSettings;
/// let s: UserSettings = serde_json::from_str(
///     r#"{"addCallLogNote":{"value":true},"subjectFormat":{"value":"Call with {name}"}}"#).unwrap();
/// assert_eq!(s.bool_value("addCallLogNote"), Some(true));
/// assert_eq!(s.str_value("subjectFormat"), Some("Call with {name}"));
/// assert_eq!(s.keys().collect::<Vec<_>>(), ["addCallLogNote", "subjectFormat"]);
/// ```
#[derive(Clone, Default, PartialEq)]
pub struct UserSettings(Vec<(String, UserSetting)>);

/// `Debug` redacts credential-like keys at any depth (plugin configurations may hold keys).
impl fmt::Debug for UserSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (id, setting) in &self.0 {
            if is_sensitive_key(id) {
                map.entry(id, &format_args!("[redacted]"));
            } else {
                match serde_json::to_value(setting) {
                    Ok(value) => map.entry(id, &RedactedValue(&value)),
                    Err(_) => map.entry(id, &format_args!("[unprintable]")),
                };
            }
        }
        map.finish()
    }
}

impl UserSettings {
    /// No settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// The entry of a setting id.
    pub fn get(&self, id: &str) -> Option<&UserSetting> {
        self.0.iter().find(|(k, _)| k == id).map(|(_, v)| v)
    }

    /// Mutable entry of a setting id.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut UserSetting> {
        self.0.iter_mut().find(|(k, _)| k == id).map(|(_, v)| v)
    }

    /// Inserts or replaces (keeping its position) an entry; returns the previous one.
    pub fn insert(&mut self, id: impl Into<String>, setting: UserSetting) -> Option<UserSetting> {
        let id = id.into();
        match self.get_mut(&id) {
            Some(slot) => Some(std::mem::replace(slot, setting)),
            None => {
                self.0.push((id, setting));
                None
            }
        }
    }

    /// Removes an entry.
    pub fn remove(&mut self, id: &str) -> Option<UserSetting> {
        let pos = self.0.iter().position(|(k, _)| k == id)?;
        Some(self.0.remove(pos).1)
    }

    /// `userSettings.<id>.value`.
    pub fn value(&self, id: &str) -> Option<&Value> {
        self.get(id)?.value.as_ref()
    }

    /// `value` as a boolean (also accepts `"true"`/`"false"`).
    pub fn bool_value(&self, id: &str) -> Option<bool> {
        match self.value(id)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    /// `value` as a string.
    pub fn str_value(&self, id: &str) -> Option<&str> {
        self.value(id)?.as_str()
    }

    /// Setting ids in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// Entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &UserSetting)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(String, UserSetting)> for UserSettings {
    fn from_iter<T: IntoIterator<Item = (String, UserSetting)>>(iter: T) -> Self {
        let mut s = UserSettings::new();
        for (k, v) in iter {
            s.insert(k, v);
        }
        s
    }
}

impl Serialize for UserSettings {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for UserSettings {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = UserSettings;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of setting id to setting object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut access: A,
            ) -> Result<UserSettings, A::Error> {
                let mut out = UserSettings::new();
                while let Some((k, v)) = access.next_entry::<String, UserSetting>()? {
                    out.insert(k, v);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(V)
    }
}

fixed_schema!(UserSettings, "UserSettings", {
    "type": "object",
    "additionalProperties": { "type": "object" }
});

wire_object! {
    "a userSettings envelope";
    /// `{ userSettings }` (OpenAPI `UserSettingsEnvelope`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let e: UserSettingsEnvelope = serde_json::from_str(r#"{"userSettings":{"theme":{"value":"dark"}}}"#).unwrap();
    /// assert_eq!(e.user_settings.unwrap().str_value("theme"), Some("dark"));
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct UserSettingsEnvelope {
        /// The settings.
        pub user_settings: Option<UserSettings> => opt "userSettings",
    }
}

wire_object! {
    "a POST /user/settings body";
    /// Body of `POST /user/settings` (OpenAPI `UserSettingsUpdateRequest`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r: UserSettingsUpdateRequest = serde_json::from_str(r#"{"userSettings":{},"settingKeysToRemove":["legacy"]}"#).unwrap();
    /// assert_eq!(r.setting_keys_to_remove.unwrap(), ["legacy"]);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct UserSettingsUpdateRequest {
        /// Entries to merge.
        pub user_settings: Option<UserSettings> => opt "userSettings",
        /// Setting ids to delete.
        pub setting_keys_to_remove: Option<Vec<String>> => opt "settingKeysToRemove",
    }
}
