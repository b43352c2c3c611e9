//! `additionalSubmission`: values of the manifest's additional fields.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::common::{CrmId, Extra};

/// Keys whose values are secrets and must never be printed.
const SECRET_KEYS: &[&str] = &["adminAssignedUserToken"];

/// Values of the manifest's `additionalFields` (keyed by field `const`), plus admin-assignment
/// keys (`isAssignedToUser`, `adminAssignedUserToken`, `adminAssignedUserRcId`) and any others.
///
/// A transparent map: it round-trips exactly. `Debug` hides `adminAssignedUserToken`.
///
/// ```
/// use app_connect_sdk::models::AdditionalSubmission;
/// let s: AdditionalSubmission = serde_json::from_str(
///     r#"{"deals":"42","logTimeEntry":"true","isAssignedToUser":true,"adminAssignedUserToken":"eyJ.x.y"}"#,
/// ).unwrap();
/// assert_eq!(s.get_id("deals").unwrap(), "42");
/// assert_eq!(s.get_bool("logTimeEntry"), Some(true));
/// assert!(s.is_assigned_to_user());
/// assert!(!format!("{s:?}").contains("eyJ"));
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AdditionalSubmission(pub Extra);

impl AdditionalSubmission {
    /// An empty submission.
    pub fn new() -> Self {
        Self::default()
    }

    /// The raw value of a key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// A string value (`None` if absent or not a string).
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.0.get(key)?.as_str()
    }

    /// A boolean, leniently: `true`/`false`, `"true"`/`"false"`, `1`/`0`.
    pub fn get_bool(&self, key: &str) -> Option<bool> {
        match self.0.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => match s.trim() {
                t if t.eq_ignore_ascii_case("true") || t == "1" => Some(true),
                t if t.eq_ignore_ascii_case("false") || t == "0" => Some(false),
                _ => None,
            },
            Value::Number(n) => n.as_i64().map(|n| n != 0),
            _ => None,
        }
    }

    /// An id value (string or number; typically a selected option `const`).
    pub fn get_id(&self, key: &str) -> Option<CrmId> {
        match self.0.get(key)? {
            Value::String(s) => Some(CrmId::Str(s.clone())),
            Value::Number(n) => Some(CrmId::Num(n.clone())),
            _ => None,
        }
    }

    /// Sets a value.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        self.0.insert(key.into(), value.into())
    }

    /// Sets a value, builder style.
    #[must_use]
    pub fn with(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.0.insert(key.into(), value.into());
        self
    }

    /// `isAssignedToUser` (server-side logging / auto-log on behalf of another user).
    pub fn is_assigned_to_user(&self) -> bool {
        self.get_bool("isAssignedToUser").unwrap_or(false)
    }

    /// `adminAssignedUserRcId`: RingCentral id of the user the admin assigned the log to.
    pub fn admin_assigned_user_rc_id(&self) -> Option<CrmId> {
        self.get_id("adminAssignedUserRcId")
    }

    /// `adminAssignedUserToken` (an App Connect JWT). Handle with care: it is a credential.
    pub fn admin_assigned_user_token(&self) -> Option<super::common::Secret> {
        self.get_str("adminAssignedUserToken")
            .map(super::common::Secret::new)
    }

    /// Whether there are no keys.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The keys and values.
    pub fn iter(&self) -> serde_json::map::Iter<'_> {
        self.0.iter()
    }
}

impl fmt::Debug for AdditionalSubmission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (k, v) in &self.0 {
            if SECRET_KEYS.contains(&k.as_str()) {
                map.entry(k, &format_args!("[redacted]"));
            } else {
                map.entry(k, v);
            }
        }
        map.finish()
    }
}

impl From<Extra> for AdditionalSubmission {
    fn from(value: Extra) -> Self {
        AdditionalSubmission(value)
    }
}
