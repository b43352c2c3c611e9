//! Shared building blocks: CRM ids, the `extra` map, secrets and parse errors.

use std::borrow::Cow;
use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Unknown or connector-specific keys of a loose JSON object, kept in wire order.
///
/// Every loose model has `pub extra: Extra`, so a parse → serialise round trip loses nothing.
///
/// ```
/// use app_connect_sdk::models::*;
/// let mut extra = Extra::new();
/// extra.insert("organization".into(), serde_json::json!("Acme"));
/// assert_eq!(extra["organization"], "Acme");
/// ```
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// Free-form analytics data a connector may return (`extraDataTracking`), e.g. rate-limit headers.
///
/// ```
/// use app_connect_sdk::models::*;
/// let mut tracking = ExtraDataTracking::new();
/// tracking.insert("ratelimitRemaining".into(), serde_json::json!(97));
/// ```
pub type ExtraDataTracking = Extra;

/// A CRM identifier: App Connect and CRMs send ids as strings *or* numbers.
///
/// The original form is kept, so `42` is written back as `42` and `"42"` as `"42"`.
/// Equality with `&str` compares the textual form (`CrmId::from(42) == "42"`), which is how
/// App Connect stores ids (`thirdPartyLogId`, `contactId` are string columns).
///
/// ```
/// use app_connect_sdk::models::CrmId;
/// let id: CrmId = serde_json::from_str("42").unwrap();
/// assert_eq!(id, "42");
/// assert_eq!(id.as_str(), "42");
/// assert_eq!(serde_json::to_string(&id).unwrap(), "42");
/// assert_eq!(CrmId::from("abc").to_string(), "abc");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CrmId {
    /// A string id (`"0031a00000AbCdE"`).
    Str(String),
    /// A numeric id (`42`), kept as the exact JSON number.
    Num(serde_json::Number),
}

impl CrmId {
    /// The textual form of the id (numbers are formatted as JSON writes them).
    pub fn as_str(&self) -> Cow<'_, str> {
        match self {
            CrmId::Str(s) => Cow::Borrowed(s),
            CrmId::Num(n) => Cow::Owned(n.to_string()),
        }
    }

    /// The id as an integer, when it is a JSON integer or a string of digits.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            CrmId::Str(s) => s.trim().parse().ok(),
            CrmId::Num(n) => n.as_i64(),
        }
    }

    /// True for an empty string id (App Connect treats it as "no id").
    pub fn is_empty(&self) -> bool {
        matches!(self, CrmId::Str(s) if s.is_empty())
    }

    /// Compares the textual forms (`CrmId::from(7).same_as(&CrmId::from("7"))` is true).
    pub fn same_as(&self, other: &CrmId) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Default for CrmId {
    fn default() -> Self {
        CrmId::Str(String::new())
    }
}

impl fmt::Display for CrmId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CrmId::Str(s) => f.write_str(s),
            CrmId::Num(n) => fmt::Display::fmt(n, f),
        }
    }
}

impl From<&str> for CrmId {
    fn from(value: &str) -> Self {
        CrmId::Str(value.to_owned())
    }
}

impl From<String> for CrmId {
    fn from(value: String) -> Self {
        CrmId::Str(value)
    }
}

impl From<&String> for CrmId {
    fn from(value: &String) -> Self {
        CrmId::Str(value.clone())
    }
}

impl From<i64> for CrmId {
    fn from(value: i64) -> Self {
        CrmId::Num(value.into())
    }
}

impl From<i32> for CrmId {
    fn from(value: i32) -> Self {
        CrmId::Num(i64::from(value).into())
    }
}

impl From<u64> for CrmId {
    fn from(value: u64) -> Self {
        CrmId::Num(value.into())
    }
}

impl PartialEq<str> for CrmId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for CrmId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for CrmId {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Serialize for CrmId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            CrmId::Str(s) => serializer.serialize_str(s),
            CrmId::Num(n) => n.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for CrmId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl serde::de::Visitor<'_> for IdVisitor {
            type Value = CrmId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id (string or number)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<CrmId, E> {
                Ok(CrmId::Str(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<CrmId, E> {
                Ok(CrmId::Str(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<CrmId, E> {
                Ok(CrmId::Num(v.into()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<CrmId, E> {
                Ok(CrmId::Num(v.into()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<CrmId, E> {
                serde_json::Number::from_f64(v)
                    .map(CrmId::Num)
                    .ok_or_else(|| E::custom("an id must be a finite number"))
            }
        }
        deserializer.deserialize_any(IdVisitor)
    }
}

/// A JSON string or number is an id; anything else is a [`ModelError`] saying what was found.
///
/// ```
/// use app_connect_sdk::models::CrmId;
/// use serde_json::json;
/// assert_eq!(CrmId::try_from(json!(42))?, CrmId::from(42));
/// assert_eq!(CrmId::try_from(&json!("0031a"))?, "0031a");
/// let err = CrmId::try_from(json!([1])).unwrap_err();
/// assert_eq!(err.message, "invalid type: sequence, expected an id (string or number)");
/// # Ok::<(), app_connect_sdk::models::ModelError>(())
/// ```
impl TryFrom<serde_json::Value> for CrmId {
    type Error = ModelError;

    fn try_from(value: serde_json::Value) -> Result<Self, ModelError> {
        from_json_value(value)
    }
}

/// Like `TryFrom<serde_json::Value>`, cloning only what it keeps.
impl TryFrom<&serde_json::Value> for CrmId {
    type Error = ModelError;

    fn try_from(value: &serde_json::Value) -> Result<Self, ModelError> {
        match value {
            serde_json::Value::String(s) => Ok(CrmId::Str(s.clone())),
            serde_json::Value::Number(n) => Ok(CrmId::Num(n.clone())),
            other => from_json_value(other.clone()),
        }
    }
}

fixed_schema!(CrmId, "CrmId", { "anyOf": [{ "type": "string" }, { "type": "number" }] });

/// A secret string (token, API key, link carrying a token).
///
/// Serialises as the plain string (it must reach the wire), but `Debug` and `Display` print
/// `[redacted]`, and a wrongly-typed value is reported without echoing it.
///
/// ```
/// use app_connect_sdk::models::Secret;
/// let key = Secret::new("sk-live-123");
/// assert_eq!(format!("{key:?} {key}"), "[redacted] [redacted]");
/// assert_eq!(key.expose(), "sk-live-123");
/// assert_eq!(serde_json::to_string(&key).unwrap(), "\"sk-live-123\"");
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself. Call it only where the value must be used (an HTTP header, a URL).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret is the empty string (App Connect's "logged out" access token).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Unwraps the secret.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SecretVisitor;
        impl serde::de::Visitor<'_> for SecretVisitor {
            type Value = Secret;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a secret string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Secret, E> {
                Ok(Secret::new(v))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Secret, E> {
                Ok(Secret(v))
            }
            // Every other shape is refused without echoing the value.
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Secret, E> {
                Err(E::custom("invalid type: boolean, expected a secret string"))
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Secret, E> {
                Err(E::custom("invalid type: number, expected a secret string"))
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Secret, E> {
                Err(E::custom("invalid type: number, expected a secret string"))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Secret, E> {
                Err(E::custom("invalid type: number, expected a secret string"))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Secret, E> {
                Err(E::custom("invalid type: null, expected a secret string"))
            }
        }
        // `deserialize_any`, so every wrong type reaches the visitor (which never echoes it).
        deserializer.deserialize_any(SecretVisitor)
    }
}

fixed_schema!(Secret, "Secret", { "type": "string", "format": "password", "writeOnly": true });

/// A payload could not be parsed into a model.
///
/// `Display` names the JSON path of the bad value
/// (`logInfo.from.phoneNumber: invalid type: integer `5`, expected a string`). Errors without a
/// path (e.g. a missing top-level field) start with `at the document root:`; JSON syntax errors
/// also give the line and column.
///
/// ```
/// use app_connect_sdk::models::*;
/// let err = from_json_str::<CallLog>(r#"{"sessionId": 1}"#).unwrap_err();
/// assert_eq!(err.path, "sessionId");
/// assert_eq!(err.to_string(), "sessionId: invalid type: integer `1`, expected a string");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
#[error("{}", render(.path, .message, *.line, *.column, *.syntax))]
pub struct ModelError {
    /// JSON path of the offending value (`logInfo.messages[0].id`); empty for the document root.
    pub path: String,
    /// What was wrong (serde's message, without the position).
    pub message: String,
    /// 1-based line of the error in the input, when known.
    pub line: Option<usize>,
    /// 1-based column of the error in the input, when known.
    pub column: Option<usize>,
    /// True when the input is not valid JSON (as opposed to valid JSON of the wrong shape).
    pub syntax: bool,
}

fn render(
    path: &str,
    message: &str,
    line: Option<usize>,
    column: Option<usize>,
    syntax: bool,
) -> String {
    let at = match (line, column) {
        // For shape errors the path says where; the position is only given for bad JSON.
        (Some(l), Some(c)) if l > 0 && syntax => {
            format!(" (line {l}, column {c})")
        }
        _ => String::new(),
    };
    if path.is_empty() {
        format!("at the document root: {message}{at}")
    } else {
        format!("{path}: {message}{at}")
    }
}

impl ModelError {
    /// Builds an error for a path (empty for the root) with a message.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        ModelError {
            path: path.into(),
            message: message.into(),
            line: None,
            column: None,
            syntax: false,
        }
    }

    fn from_json(path: String, err: &serde_json::Error) -> Self {
        let full = err.to_string();
        // serde_json appends " at line L column C"; keep the position in its own fields.
        let message = match full.rfind(" at line ") {
            Some(cut) if err.line() > 0 => full[..cut].to_owned(),
            _ => full,
        };
        let syntax = err.is_syntax() || err.is_eof();
        let path = match path.as_str() {
            "." => String::new(),
            // JSON cut short after a value: serde_path_to_error shows the key it has not read
            // yet as `?`; the error is in the enclosing object.
            "?" if syntax => String::new(),
            p => match p.strip_suffix(".?") {
                Some(enclosing) if syntax => enclosing.to_owned(),
                _ => path,
            },
        };
        let (line, column) = if err.line() > 0 {
            (Some(err.line()), Some(err.column()))
        } else {
            (None, None)
        };
        ModelError {
            path,
            message,
            line,
            column,
            syntax,
        }
    }
}

/// Parses JSON bytes into a model; errors name the JSON path of the bad value.
///
/// ```
/// use app_connect_sdk::models::{from_json_slice, CallParty};
/// let err = from_json_slice::<CallParty>(br#"{"phoneNumber": 5}"#).unwrap_err();
/// assert_eq!(err.path, "phoneNumber");
/// assert!(err.to_string().starts_with("phoneNumber: invalid type: integer `5`, expected a string"));
/// ```
pub fn from_json_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ModelError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| ModelError::from_json(e.path().to_string(), e.inner()))?;
    de.end()
        .map_err(|e| ModelError::from_json(String::new(), &e))?;
    Ok(value)
}

/// Parses a JSON string into a model (see [`from_json_slice`]).
///
/// ```
/// use app_connect_sdk::models::{from_json_str, ReturnMessage};
/// let msg: ReturnMessage = from_json_str(r#"{"message":"Saved","messageType":"success"}"#).unwrap();
/// assert_eq!(msg.message.as_deref(), Some("Saved"));
/// ```
pub fn from_json_str<T: DeserializeOwned>(text: &str) -> Result<T, ModelError> {
    from_json_slice(text.as_bytes())
}

/// Converts an already-parsed JSON value into a model; errors name the JSON path.
///
/// ```
/// use app_connect_sdk::models::{from_json_value, CrmId};
/// let id: CrmId = from_json_value(serde_json::json!(7)).unwrap();
/// assert_eq!(id, "7");
/// ```
pub fn from_json_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ModelError> {
    serde_path_to_error::deserialize(value)
        .map_err(|e| ModelError::from_json(e.path().to_string(), e.inner()))
}

/// `overridingFormat`: phone-number formats for contact matching, sent as one comma-separated
/// string or as an array of strings. The form is kept.
///
/// ```
/// use app_connect_sdk::models::OverridingFormat;
/// let f: OverridingFormat = serde_json::from_str(r#""(###) ###-####,+1-###-###-####""#).unwrap();
/// assert_eq!(f.patterns(), vec!["(###) ###-####", "+1-###-###-####"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OverridingFormat {
    /// Comma-separated patterns in one string.
    Joined(String),
    /// One pattern per entry.
    List(Vec<String>),
}

impl OverridingFormat {
    /// The individual non-empty patterns, trimmed.
    pub fn patterns(&self) -> Vec<&str> {
        match self {
            OverridingFormat::Joined(s) => s
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect(),
            OverridingFormat::List(v) => v
                .iter()
                .map(|p| p.trim())
                .filter(|p| !p.is_empty())
                .collect(),
        }
    }
}

impl Default for OverridingFormat {
    fn default() -> Self {
        OverridingFormat::Joined(String::new())
    }
}

impl Serialize for OverridingFormat {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OverridingFormat::Joined(s) => serializer.serialize_str(s),
            OverridingFormat::List(v) => v.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for OverridingFormat {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_string_or_list(deserializer, "a string or an array of strings").map(|v| match v
        {
            StringOrList::One(s) => OverridingFormat::Joined(s),
            StringOrList::Many(v) => OverridingFormat::List(v),
        })
    }
}

fixed_schema!(OverridingFormat, "OverridingFormat", {
    "oneOf": [{ "type": "array", "items": { "type": "string" } }, { "type": "string" }]
});

/// A string or a list of strings (shared by `overridingFormat` and OAuth `scopes`).
pub(crate) enum StringOrList {
    One(String),
    Many(Vec<String>),
}

/// Reads a string or an array of strings; element errors keep their index in the path.
pub(crate) fn deserialize_string_or_list<'de, D: Deserializer<'de>>(
    deserializer: D,
    expecting: &'static str,
) -> Result<StringOrList, D::Error> {
    struct V(&'static str);
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = StringOrList;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<StringOrList, E> {
            Ok(StringOrList::One(v.to_owned()))
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<StringOrList, E> {
            Ok(StringOrList::One(v))
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<StringOrList, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element::<String>()? {
                out.push(item);
            }
            Ok(StringOrList::Many(out))
        }
    }
    deserializer.deserialize_any(V(expecting))
}
