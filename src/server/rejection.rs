//! [`Rejection`]: requests the runtime refuses before any connector code runs.

use http::{Method, StatusCode};
use serde_json::Value;

use super::routes::FAILURE_TTL;
use super::session::SessionError;
use crate::models::{ErrorBody, ModelError, ReturnMessage};

/// What App Connect tells a user whose session is missing, expired, forged or unusable.
pub const AUTHORIZE_CRM: &str = "Please go to Settings and authorize CRM platform";

/// A request the runtime refuses: an unknown route, a wrong method, a malformed or oversized
/// body, a missing parameter, a missing or invalid session.
///
/// Each is answered with a 4xx status and App Connect's `ErrorResponse` shape,
/// `{ "error": "<what was wrong>", "successful": false, "returnMessage": { … } }`, so both the
/// App Connect client (which shows `returnMessage`) and a developer with curl (who reads
/// `error`) learn what was wrong. `#[non_exhaustive]`: match with a catch-all arm.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Rejection {
    /// No route has this path.
    #[error("no route for {method} {path}")]
    NotFound {
        /// The request method.
        method: Method,
        /// The request path, without the base path.
        path: String,
    },
    /// The route exists but not with this method.
    #[error("{method} is not allowed on {path}; allowed: {allowed}")]
    MethodNotAllowed {
        /// The request method.
        method: Method,
        /// The request path, without the base path.
        path: String,
        /// The methods the route accepts, comma-separated (also sent as `Allow`).
        allowed: &'static str,
    },
    /// The body is larger than the configured limit.
    #[error("request body is larger than the limit of {limit} bytes")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The body could not be read.
    #[error("cannot read the request body: {0}")]
    BodyRead(String),
    /// The body is not the JSON the route expects; the error names the path of the bad value.
    #[error("invalid JSON body: {0}")]
    InvalidJson(#[from] ModelError),
    /// A required query or body parameter is missing.
    #[error("missing required parameter `{0}`")]
    MissingParameter(&'static str),
    /// No App Connect session token (`Authorization: Bearer …` or `?jwtToken=`).
    #[error("{AUTHORIZE_CRM}")]
    MissingSession,
    /// The session token is invalid (bad signature, expired, wrong algorithm …). The user is
    /// told what App Connect tells them ([`AUTHORIZE_CRM`]); `error` adds the reason.
    #[error("{AUTHORIZE_CRM} (invalid JWT token: {0})")]
    InvalidSession(#[source] SessionError),
    /// The session token is valid but names a platform this server does not serve.
    #[error(
        "{AUTHORIZE_CRM} (the session is for platform `{0}`, which this server does not serve)"
    )]
    SessionPlatformNotServed(String),
    /// A JSON route got a body that is not declared `application/json` (`Content-Type` names
    /// the type received). A browser sends `text/plain` across sites without a preflight, so
    /// such a body is never read.
    #[error("send the body as application/json (Content-Type: {0})")]
    UnsupportedMediaType(String),
    /// The request is well-formed but cannot be served as asked (an API-key login for an
    /// OAuth platform …).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// No connector is registered for this platform.
    #[error("unknown platform `{0}`")]
    UnknownPlatform(String),
}

impl Rejection {
    /// The HTTP status of the answer.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Rejection::NotFound { .. } => StatusCode::NOT_FOUND,
            Rejection::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Rejection::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Rejection::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Rejection::BodyRead(_)
            | Rejection::InvalidJson(_)
            | Rejection::MissingParameter(_)
            | Rejection::MissingSession
            | Rejection::InvalidSession(_)
            | Rejection::SessionPlatformNotServed(_)
            | Rejection::InvalidRequest(_)
            | Rejection::UnknownPlatform(_) => StatusCode::BAD_REQUEST,
        }
    }

    /// The body of the answer (App Connect's `ErrorResponse`): `{ error, successful: false,
    /// returnMessage }`. A refused session shows the user App Connect's own instruction,
    /// [`AUTHORIZE_CRM`]; `error` says why.
    #[must_use]
    pub fn body(&self) -> ErrorBody {
        let text = self.to_string();
        let message = match self {
            Rejection::MissingSession
            | Rejection::InvalidSession(_)
            | Rejection::SessionPlatformNotServed(_) => AUTHORIZE_CRM.to_owned(),
            _ => text.clone(),
        };
        ErrorBody {
            error: Some(Value::String(text)),
            successful: Some(false),
            return_message: Some(ReturnMessage::warning(message).with_ttl(FAILURE_TTL)),
            ..ErrorBody::default()
        }
    }

    /// [`body`](Self::body) as JSON.
    #[must_use]
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self.body()).unwrap_or(Value::Null)
    }
}
