//! Route-level envelopes of the connector server: implemented interfaces, generic mutation
//! responses, errors and health.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::common::Extra;
use super::return_message::{ReturnMessage, ReturnMessageOrText};

/// `GET /implementedInterfaces`: interface name → implemented. Ordered; unknown names kept.
///
/// ```
/// use app_connect_sdk::models::ImplementedInterfacesResponse;
/// let mut r = ImplementedInterfacesResponse::new();
/// r.set("createCallLog", true);
/// r.set("getCallLog", false);
/// assert_eq!(r.get("createCallLog"), Some(true));
/// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"createCallLog":true,"getCallLog":false}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImplementedInterfacesResponse(Vec<(String, bool)>);

impl ImplementedInterfacesResponse {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a flag (keeps the position of an existing key).
    pub fn set(&mut self, name: impl Into<String>, implemented: bool) {
        let name = name.into();
        match self.0.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => slot.1 = implemented,
            None => self.0.push((name, implemented)),
        }
    }

    /// Sets a flag, builder style.
    #[must_use]
    pub fn with(mut self, name: impl Into<String>, implemented: bool) -> Self {
        self.set(name, implemented);
        self
    }

    /// A flag.
    pub fn get(&self, name: &str) -> Option<bool> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| *v)
    }

    /// Whether the interface is reported as implemented.
    pub fn is_implemented(&self, name: &str) -> bool {
        self.get(name).unwrap_or(false)
    }

    /// Entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, bool)> {
        self.0.iter().map(|(k, v)| (k.as_str(), *v))
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

impl Serialize for ImplementedInterfacesResponse {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for ImplementedInterfacesResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ImplementedInterfacesResponse;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of interface name to boolean")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut access: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = ImplementedInterfacesResponse::new();
                while let Some((k, v)) = access.next_entry::<String, bool>()? {
                    out.set(k, v);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(V)
    }
}

fixed_schema!(ImplementedInterfacesResponse, "ImplementedInterfacesResponse", {
    "type": "object",
    "additionalProperties": { "type": "boolean" }
});

wire_object! {
    "a { successful, returnMessage } object";
    /// `{ successful, returnMessage }` (OpenAPI `BasicMutationResponse`, also the shape of
    /// `AuthValidationResponse`). `returnMessage` may be an object or a legacy string.
    ///
    /// ```
    /// use app_connect_sdk::models::{BasicMutationResponse, ReturnMessage};
    /// let r = BasicMutationResponse::success().with_message(ReturnMessage::success("Saved"));
    /// assert_eq!(serde_json::to_string(&r).unwrap(),
    ///     r#"{"successful":true,"returnMessage":{"message":"Saved","messageType":"success"}}"#);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct BasicMutationResponse {
        /// Whether the operation succeeded.
        pub successful: bool => req "successful",
        /// Message for the user.
        pub return_message: Option<ReturnMessageOrText> => opt "returnMessage",
    }
}

impl BasicMutationResponse {
    /// `{ successful: true }`.
    pub fn success() -> Self {
        BasicMutationResponse {
            successful: true,
            ..Default::default()
        }
    }

    /// `{ successful: false, returnMessage }`.
    pub fn failure(message: ReturnMessage) -> Self {
        BasicMutationResponse {
            successful: false,
            return_message: Some(message.into()),
            extra: Extra::new(),
        }
    }

    /// Sets the message.
    #[must_use]
    pub fn with_message(mut self, message: ReturnMessage) -> Self {
        self.return_message = Some(message.into());
        self
    }
}

/// `GET /authValidation` response: same shape as [`BasicMutationResponse`].
///
/// ```
/// use app_connect_sdk::models::*;
/// let r: AuthValidationResponse = serde_json::from_str(r#"{"successful":true}"#).unwrap();
/// assert!(r.successful);
/// ```
pub type AuthValidationResponse = BasicMutationResponse;

/// An error body (OpenAPI `ErrorResponse`): a bare string, or an object with `error`,
/// `successful`, `returnMessage` (and `errorCode: "CRM_SESSION_REVOKED"` on 401).
///
/// ```
/// use app_connect_sdk::models::ErrorResponse;
/// let e = ErrorResponse::session_revoked();
/// let json = serde_json::to_value(&e).unwrap();
/// assert_eq!(json["errorCode"], "CRM_SESSION_REVOKED");
/// assert_eq!(serde_json::to_string(&ErrorResponse::text("Platform not found")).unwrap(), r#""Platform not found""#);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorResponse {
    /// A bare string body.
    Text(String),
    /// An object body.
    Body(Box<ErrorBody>),
}

impl ErrorResponse {
    /// A bare string error.
    pub fn text(message: impl Into<String>) -> Self {
        ErrorResponse::Text(message.into())
    }

    /// `{ "error": message }`.
    pub fn error(message: impl Into<String>) -> Self {
        ErrorResponse::Body(Box::new(ErrorBody {
            error: Some(Value::String(message.into())),
            ..Default::default()
        }))
    }

    /// The HTTP 401 body App Connect sends when the CRM session is revoked.
    pub fn session_revoked() -> Self {
        ErrorResponse::Body(Box::new(ErrorBody {
            successful: Some(false),
            return_message: Some(
                ReturnMessage::warning("User session expired. Please connect again.")
                    .with_ttl(5000),
            ),
            error_code: Some("CRM_SESSION_REVOKED".to_owned()),
            ..Default::default()
        }))
    }

    /// `{ successful: false, returnMessage }`.
    pub fn message(message: ReturnMessage) -> Self {
        ErrorResponse::Body(Box::new(ErrorBody {
            successful: Some(false),
            return_message: Some(message),
            ..Default::default()
        }))
    }
}

impl Serialize for ErrorResponse {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ErrorResponse::Text(t) => serializer.serialize_str(t),
            ErrorResponse::Body(b) => b.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for ErrorResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ErrorResponse;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an error string or object")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(ErrorResponse::Text(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                ErrorBody::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|b| ErrorResponse::Body(Box::new(b)))
            }
        }
        deserializer.deserialize_any(V)
    }
}

fixed_schema!(ErrorResponse, "ErrorResponse", {
    "oneOf": [{ "type": "string" }, { "type": "object" }]
});

wire_object! {
    "an error object";
    /// Object form of an [`ErrorResponse`].
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let e: ErrorResponse = serde_json::from_str(r#"{"error":"Invalid JWT token"}"#).unwrap();
    /// let ErrorResponse::Body(body) = e else { panic!("object form") };
    /// assert_eq!(body.error.unwrap(), "Invalid JWT token");
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct ErrorBody {
        /// Error (usually a message string; any JSON).
        pub error: Option<Value> => opt "error",
        /// `false` when present.
        pub successful: Option<bool> => opt "successful",
        /// Message for the user.
        pub return_message: Option<ReturnMessage> => opt "returnMessage",
        /// Machine-readable code (`CRM_SESSION_REVOKED`).
        pub error_code: Option<String> => opt "errorCode",
    }
}

/// `GET /isAlive` body: the text `OK` (OpenAPI `HealthResponse`).
///
/// ```
/// use app_connect_sdk::models::HealthResponse;
/// assert_eq!(serde_json::to_string(&HealthResponse::Ok).unwrap(), r#""OK""#);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum HealthResponse {
    /// `OK`.
    #[default]
    #[serde(rename = "OK")]
    Ok,
}

wire_object! {
    "a userInfoHash response";
    /// `GET /userInfoHash` response (OpenAPI `UserInfoHashResponse`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r: UserInfoHashResponse = serde_json::from_str(r#"{"extensionId":"ab","accountId":"cd"}"#).unwrap();
    /// assert_eq!(r.account_id, "cd");
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct UserInfoHashResponse {
        /// Hashed extension id (64 hex chars).
        pub extension_id: String => req "extensionId",
        /// Hashed account id (64 hex chars).
        pub account_id: String => req "accountId",
    }
}
