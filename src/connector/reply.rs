//! The one place where a [`ConnectorError`] becomes App Connect's answer.

use http::StatusCode;
use serde_json::Value;

use super::{ConnectorError, Interface};
use crate::models::{ErrorBody, ReturnMessage};

/// The `errorCode` App Connect's client reads to drop a revoked CRM session.
pub const CRM_SESSION_REVOKED: &str = "CRM_SESSION_REVOKED";

/// How long App Connect shows its own failure messages, in milliseconds.
const MESSAGE_TTL_MS: u32 = 5000;

/// App Connect's answer to a failed interface call: an HTTP status and a JSON body.
///
/// Built by [`ConnectorError::reply`]; the server runtime sends it as it is.
///
/// # Examples
///
/// ```
/// use app_connect_sdk::connector::{ConnectorError, Interface};
/// use app_connect_sdk::http::StatusCode;
///
/// let reply = ConnectorError::crm(StatusCode::FORBIDDEN, "no scope")
///     .reply(Interface::CreateCallLog, "acmecrm");
/// assert_eq!(reply.status, StatusCode::OK);
/// assert_eq!(reply.return_message.message.as_deref(), Some("Authorization error"));
/// assert_eq!(reply.to_json()["successful"], false);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ErrorReply {
    /// The HTTP status: 200 for handled CRM failures (App Connect's convention), 401 for a
    /// revoked session.
    pub status: StatusCode,
    /// The message the App Connect client shows.
    pub return_message: ReturnMessage,
    /// `CRM_SESSION_REVOKED` for a revoked session.
    pub error_code: Option<&'static str>,
    /// The CRM status for analytics (`extraDataTracking.statusCode`): a number, or `"unknown"`.
    pub tracked_status: Value,
}

impl ErrorReply {
    /// A handled failure answered with HTTP 200: `{ successful: false, returnMessage }`.
    ///
    /// ```
    /// use app_connect_sdk::connector::ErrorReply;
    /// use app_connect_sdk::models::ReturnMessage;
    ///
    /// let reply = ErrorReply::warning(ReturnMessage::warning("User not found").with_ttl(5000));
    /// assert_eq!(reply.status, app_connect_sdk::http::StatusCode::OK);
    /// assert_eq!(reply.to_json()["returnMessage"]["message"], "User not found");
    /// ```
    #[must_use]
    pub fn warning(return_message: ReturnMessage) -> Self {
        ErrorReply {
            status: StatusCode::OK,
            return_message,
            error_code: None,
            tracked_status: Value::from("unknown"),
        }
    }

    /// The body: `{ successful: false, returnMessage, errorCode? }`.
    #[must_use]
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            successful: Some(false),
            return_message: Some(self.return_message.clone()),
            error_code: self.error_code.map(str::to_owned),
            ..ErrorBody::default()
        }
    }

    /// [`body`](Self::body) as JSON.
    #[must_use]
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self.body()).unwrap_or(Value::Null)
    }
}

impl ConnectorError {
    /// App Connect's answer to this error, raised by `interface` of the connector for
    /// `platform` (the platform name appears in the messages, as in App Connect core).
    ///
    /// | error | HTTP | returnMessage |
    /// |---|---|---|
    /// | [`Crm`](Self::Crm) with 429 | 200 | `Rate limit exceeded` |
    /// | [`Crm`](Self::Crm) with 400–409 | 200 | `Authorization error` |
    /// | [`Crm`](Self::Crm) otherwise, [`Other`](Self::Other) | 200 | the interface's own message (`Error creating call log`, …) |
    /// | [`SessionRevoked`](Self::SessionRevoked) | 401 | `User session expired. Please connect again.`, `errorCode: CRM_SESSION_REVOKED` |
    /// | [`NotImplemented`](Self::NotImplemented) | 200 | `<interface> is not supported by <platform>` |
    /// | [`User`](Self::User) | 200 | the connector's message as it is |
    /// | [`InvalidInput`](Self::InvalidInput) | 200 | the connector's text |
    /// | [`UserNotFound`](Self::UserNotFound) | 200 | `User not found` |
    ///
    /// The error's own text (which may quote a CRM response) never goes into the reply,
    /// except for `User` and `InvalidInput`, whose text is meant for the user.
    #[must_use]
    pub fn reply(&self, interface: Interface, platform: &str) -> ErrorReply {
        let status = self.crm_status();
        let tracked_status = status.map_or_else(|| Value::from("unknown"), |s| s.as_u16().into());
        let mut reply = ErrorReply {
            status: StatusCode::OK,
            return_message: ReturnMessage::default(),
            error_code: None,
            tracked_status,
        };
        reply.return_message = match self {
            ConnectorError::Crm {
                status: Some(s), ..
            } if s.as_u16() == 429 => warning_with_detail(
                "Rate limit exceeded",
                format!(
                    "You have exceeded the maximum number of requests allowed by {platform}. Please try again in the next minute. If the problem persists please contact support."
                ),
            ),
            ConnectorError::Crm {
                status: Some(s), ..
            } if (400..410).contains(&s.as_u16()) => warning_with_detail(
                "Authorization error",
                format!(
                    "It seems like there's something wrong with your authorization of {platform}. Please Logout and then Connect your {platform} account within this extension."
                ),
            ),
            ConnectorError::Crm { .. } | ConnectorError::Other(_) => {
                let (message, hint) = interface.failure_message(platform);
                warning_with_detail(&message, hint)
            }
            ConnectorError::SessionRevoked => {
                reply.status = StatusCode::UNAUTHORIZED;
                reply.error_code = Some(CRM_SESSION_REVOKED);
                ReturnMessage::warning("User session expired. Please connect again.")
                    .with_ttl(MESSAGE_TTL_MS)
            }
            ConnectorError::NotImplemented(i) => warning_with_detail(
                &format!("{i} is not supported by {platform}"),
                format!("The {platform} connector does not implement the `{i}` interface."),
            ),
            ConnectorError::User(message) => (**message).clone(),
            ConnectorError::InvalidInput(text) => {
                ReturnMessage::warning(text.clone()).with_ttl(MESSAGE_TTL_MS)
            }
            ConnectorError::UserNotFound => {
                ReturnMessage::warning("User not found").with_ttl(MESSAGE_TTL_MS)
            }
        };
        reply
    }
}

fn warning_with_detail(message: &str, detail: String) -> ReturnMessage {
    ReturnMessage::warning(message)
        .with_ttl(MESSAGE_TTL_MS)
        .with_detail("Details", [detail])
}
