//! [`ConnectorError`]: what a connector returns when an interface fails.

use http::StatusCode;

use super::Interface;
use crate::models::ReturnMessage;

/// A boxed error that can cross threads: the source type of [`ConnectorError::Other`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The result type of every connector interface.
pub type Result<T, E = ConnectorError> = std::result::Result<T, E>;

/// Why a connector interface failed.
///
/// The runtime turns every variant into App Connect's answer in one place,
/// [`ConnectorError::reply`]: a CRM failure is an HTTP 200 with `successful: false` and a
/// `returnMessage` the user sees, a revoked session is an HTTP 401 with
/// `errorCode: "CRM_SESSION_REVOKED"`, and so on (see the [connector guide](crate::guides::connector_trait#errors)).
///
/// The enum is `#[non_exhaustive]`: match it with a catch-all arm.
///
/// Error texts are for logs and developers. They never reach the user except through
/// [`ConnectorError::User`] and [`ConnectorError::InvalidInput`], so a CRM response body or a
/// URL with a token inside an error's source is not shown to anyone.
///
/// # Examples
///
/// ```
/// use app_connect_sdk::connector::ConnectorError;
/// use app_connect_sdk::http::StatusCode;
///
/// // A CRM API answered 429: the user is told about the rate limit.
/// let err = ConnectorError::crm(StatusCode::TOO_MANY_REQUESTS, "deals endpoint throttled");
/// assert_eq!(err.crm_status(), Some(StatusCode::TOO_MANY_REQUESTS));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConnectorError {
    /// A call to the CRM's API failed; `status` is the CRM's HTTP status when there was one.
    ///
    /// 429 maps to App Connect's rate-limit message, 400–409 to its authorization message,
    /// anything else (and no status) to the operation's own message.
    #[error("CRM request failed{}: {message}", status.map(|s| format!(" with HTTP {}", s.as_u16())).unwrap_or_default())]
    Crm {
        /// The CRM's HTTP status, if the request got an answer.
        status: Option<StatusCode>,
        /// What failed, for logs. Not shown to the user.
        message: String,
        /// The underlying error (an HTTP client error, a decode error …).
        #[source]
        source: Option<BoxError>,
    },
    /// The user's CRM session is gone (refresh token revoked): the user must connect again.
    ///
    /// Answered with HTTP 401 and `errorCode: "CRM_SESSION_REVOKED"`.
    #[error("the CRM session was revoked; the user must connect again")]
    SessionRevoked,
    /// The connector does not implement this interface.
    #[error("`{0}` is not implemented by this connector")]
    NotImplemented(Interface),
    /// A handled failure with a message for the user, passed through as it is.
    #[error("{}", .0.message.as_deref().unwrap_or("connector returned a message"))]
    User(Box<ReturnMessage>),
    /// The request carried a value the connector cannot use (an unknown matter id …).
    ///
    /// The text is shown to the user, so it must not contain secrets.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// No signed-in user, or the stored user has no CRM credentials.
    #[error("user not found")]
    UserNotFound,
    /// Anything else. Shown to the user as the operation's generic failure message.
    #[error(transparent)]
    Other(BoxError),
}

impl ConnectorError {
    /// A CRM API failure with the CRM's HTTP status.
    #[must_use]
    pub fn crm(status: StatusCode, message: impl Into<String>) -> Self {
        Self::Crm {
            status: Some(status),
            message: message.into(),
            source: None,
        }
    }

    /// A CRM failure without an HTTP status (network error, timeout, bad response body).
    #[must_use]
    pub fn crm_unavailable(message: impl Into<String>) -> Self {
        Self::Crm {
            status: None,
            message: message.into(),
            source: None,
        }
    }

    /// A CRM failure caused by `source` (for example an HTTP client error).
    ///
    /// ```
    /// use app_connect_sdk::connector::ConnectorError;
    /// use app_connect_sdk::http::StatusCode;
    ///
    /// let io = std::io::Error::other("connection reset");
    /// let err = ConnectorError::crm_source(Some(StatusCode::BAD_GATEWAY), "create activity", io);
    /// assert!(std::error::Error::source(&err).is_some());
    /// ```
    #[must_use]
    pub fn crm_source(
        status: Option<StatusCode>,
        message: impl Into<String>,
        source: impl Into<BoxError>,
    ) -> Self {
        Self::Crm {
            status,
            message: message.into(),
            source: Some(source.into()),
        }
    }

    /// The interface is not implemented.
    #[must_use]
    pub fn not_implemented(interface: Interface) -> Self {
        Self::NotImplemented(interface)
    }

    /// Invalid input, with a message the user may see.
    #[must_use]
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::InvalidInput(message.into())
    }

    /// A handled failure: this message is shown to the user as it is.
    #[must_use]
    pub fn user(message: ReturnMessage) -> Self {
        Self::User(Box::new(message))
    }

    /// Wraps any other error.
    #[must_use]
    pub fn other(error: impl Into<BoxError>) -> Self {
        Self::Other(error.into())
    }

    /// The CRM's HTTP status, for [`ConnectorError::Crm`] with a status.
    #[must_use]
    pub fn crm_status(&self) -> Option<StatusCode> {
        match self {
            Self::Crm { status, .. } => *status,
            _ => None,
        }
    }
}

impl From<serde_json::Error> for ConnectorError {
    fn from(error: serde_json::Error) -> Self {
        Self::Other(Box::new(error))
    }
}
