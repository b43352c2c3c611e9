//! The route table: `(method, path)` to handler.

mod call_log;
mod contact;
mod login;
mod message_log;
mod meta;
// Session lifecycle, OAuth sign-in and dispositions (issue 11).
mod auth;
mod disposition;
#[cfg(feature = "oauth")]
mod oauth;
mod unserved;
// User settings and license status (issue 12).
mod settings;
// Appointments and release notes (issue 12).
mod appointments;
mod release_notes;
// Account data, the contact-match and call-note caches (issue 12).
mod account_data;
// Admin settings, user mapping, server-side logging settings (issue 12).
mod admin;
mod managed_auth;
mod user_mapping;

use http::Method;

use super::incoming::Incoming;
use super::signed_in::Outcome;
use super::{ConnectorServer, Rejection};

/// A route: its path and the methods it serves (also the `Allow` header of a 405).
struct Route {
    path: &'static str,
    allowed: &'static str,
}

/// Every route the runtime serves.
const ROUTES: &[Route] = &[
    Route {
        path: "/isAlive",
        allowed: "GET",
    },
    Route {
        path: "/implementedInterfaces",
        allowed: "GET",
    },
    Route {
        path: "/crmManifest",
        allowed: "GET",
    },
    Route {
        path: "/apiKeyLogin",
        allowed: "POST",
    },
    Route {
        path: "/contact",
        allowed: "GET, POST",
    },
    Route {
        path: "/custom/contact/search",
        allowed: "GET",
    },
    Route {
        path: "/callLog",
        allowed: "GET, POST, PATCH",
    },
    Route {
        path: "/messageLog",
        allowed: "POST",
    },
    #[cfg(feature = "oauth")]
    Route {
        path: "/oauth-callback",
        allowed: "GET",
    },
    Route {
        path: "/unAuthorize",
        allowed: "POST",
    },
    Route {
        path: "/authValidation",
        allowed: "GET",
    },
    Route {
        path: "/user/refreshInfo",
        allowed: "POST",
    },
    Route {
        path: "/hostname",
        allowed: "GET",
    },
    Route {
        path: "/userInfoHash",
        allowed: "GET",
    },
    Route {
        path: "/callDisposition",
        allowed: "PUT",
    },
    Route {
        path: "/user/settings",
        allowed: "GET, POST",
    },
    Route {
        path: "/licenseStatus",
        allowed: "GET",
    },
    Route {
        path: "/appointments",
        allowed: "GET, POST",
    },
    Route {
        path: "/releaseNotes",
        allowed: "GET",
    },
    Route {
        path: "/accountData",
        allowed: "GET",
    },
    Route {
        path: "/callLog/cacheNote",
        allowed: "POST",
    },
    Route {
        path: "/admin/settings",
        allowed: "GET, POST",
    },
    Route {
        path: "/user/preloadSettings",
        allowed: "GET",
    },
    Route {
        path: "/admin/userMapping",
        allowed: "POST",
    },
    Route {
        path: "/admin/reinitializeUserMapping",
        allowed: "POST",
    },
    Route {
        path: "/admin/serverLoggingSettings",
        allowed: "GET, POST",
    },
    Route {
        path: "/admin/managedAuth/options",
        allowed: "POST",
    },
];

/// A route with one path parameter: `{prefix}{parameter}{suffix}`, the parameter one
/// non-empty path segment.
struct ParamRoute {
    prefix: &'static str,
    suffix: &'static str,
    allowed: &'static str,
}

/// Every route with a path parameter (`/appointments/{appointmentId}/…`).
const PARAM_ROUTES: &[ParamRoute] = &[
    ParamRoute {
        prefix: "/appointments/",
        suffix: "",
        allowed: "PATCH",
    },
    ParamRoute {
        prefix: "/appointments/",
        suffix: "/status",
        allowed: "POST",
    },
    ParamRoute {
        prefix: "/appointments/",
        suffix: "/refresh",
        allowed: "GET",
    },
    ParamRoute {
        prefix: "/appointments/",
        suffix: "/confirm",
        allowed: "POST",
    },
    ParamRoute {
        prefix: "/appointments/",
        suffix: "/cancel",
        allowed: "POST",
    },
];

impl ParamRoute {
    /// The raw (still percent-encoded) parameter when `path` is this route.
    fn parameter<'p>(&self, path: &'p str) -> Option<&'p str> {
        let parameter = path.strip_prefix(self.prefix)?.strip_suffix(self.suffix)?;
        (!parameter.is_empty() && !parameter.contains('/')).then_some(parameter)
    }
}

/// A path segment percent-decoded, as Express decodes route parameters; 400 when it is not
/// valid percent-encoded UTF-8.
fn decode_segment(segment: &str) -> Result<String, Rejection> {
    let invalid = || {
        Rejection::InvalidRequest(format!(
            "the path segment `{segment}` is not valid percent-encoded UTF-8"
        ))
    };
    let mut bytes = Vec::with_capacity(segment.len());
    let mut rest = segment.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        if byte == b'%' {
            let hex = tail.get(..2).ok_or_else(invalid)?;
            let hex = std::str::from_utf8(hex).map_err(|_| invalid())?;
            bytes.push(u8::from_str_radix(hex, 16).map_err(|_| invalid())?);
            rest = &tail[2..];
        } else {
            bytes.push(byte);
            rest = tail;
        }
    }
    String::from_utf8(bytes).map_err(|_| invalid())
}

/// Sends a request to the route of [`PARAM_ROUTES`] it matches, if any.
async fn dispatch_with_parameter(
    server: &ConnectorServer,
    incoming: &Incoming<'_>,
    path: &str,
) -> Option<Outcome> {
    let (route, raw) = PARAM_ROUTES
        .iter()
        .find_map(|route| route.parameter(path).map(|raw| (route, raw)))?;
    let id = match decode_segment(raw) {
        Ok(id) => id,
        Err(rejection) => return Some(Err(rejection)),
    };
    let outcome = match (incoming.method, route.suffix) {
        (&Method::PATCH, "") => appointments::update(server, incoming, &id).await,
        (&Method::POST, "/status") => appointments::status(server, incoming, &id).await,
        (&Method::GET, "/refresh") => appointments::refresh(server, incoming, &id).await,
        (&Method::POST, "/confirm") => appointments::confirm(server, incoming, &id).await,
        (&Method::POST, "/cancel") => appointments::cancel(server, incoming, &id).await,
        _ => Err(Rejection::MethodNotAllowed {
            method: incoming.method.clone(),
            path: path.to_owned(),
            allowed: route.allowed,
        }),
    };
    Some(outcome)
}

/// Sends a request to its handler.
pub(crate) async fn dispatch(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let method = incoming.method;
    let Some(path) = incoming.path else {
        return Err(not_found(incoming));
    };
    let path = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        path
    };
    match (method, path) {
        (&Method::GET | &Method::HEAD, "/isAlive") => Ok(meta::is_alive()),
        (&Method::GET, "/implementedInterfaces") => meta::implemented_interfaces(server, incoming),
        (&Method::GET, "/crmManifest") => meta::crm_manifest(server, incoming),
        (&Method::POST, "/apiKeyLogin") => login::api_key_login(server, incoming).await,
        (&Method::GET, "/contact") => contact::find(server, incoming).await,
        (&Method::POST, "/contact") => contact::create(server, incoming).await,
        (&Method::GET, "/custom/contact/search") => contact::search(server, incoming).await,
        (&Method::GET, "/callLog") => call_log::lookup(server, incoming).await,
        (&Method::POST, "/callLog") => call_log::create(server, incoming).await,
        (&Method::PATCH, "/callLog") => call_log::update(server, incoming).await,
        (&Method::POST, "/messageLog") => message_log::log(server, incoming).await,
        #[cfg(feature = "oauth")]
        (&Method::GET, "/oauth-callback") => oauth::callback(server, incoming).await,
        (&Method::POST, "/unAuthorize") => auth::un_authorize(server, incoming).await,
        (&Method::GET, "/authValidation") => auth::auth_validation(server, incoming).await,
        (&Method::POST, "/user/refreshInfo") => auth::refresh_info(server, incoming).await,
        (&Method::GET, "/hostname") => auth::hostname(server, incoming).await,
        (&Method::GET, "/userInfoHash") => auth::user_info_hash(server, incoming),
        (&Method::PUT, "/callDisposition") => disposition::upsert(server, incoming).await,
        (&Method::GET, "/user/settings") => settings::get(server, incoming).await,
        (&Method::POST, "/user/settings") => settings::update(server, incoming).await,
        (&Method::GET, "/licenseStatus") => settings::license_status(server, incoming).await,
        (&Method::GET, "/appointments") => appointments::list(server, incoming).await,
        (&Method::POST, "/appointments") => appointments::create(server, incoming).await,
        (&Method::GET, "/releaseNotes") => Ok(release_notes::get(server)),
        (&Method::GET, "/accountData") => account_data::get(server, incoming).await,
        (&Method::POST, "/callLog/cacheNote") => call_log::cache_note(server, incoming).await,
        (&Method::GET, "/admin/settings") => admin::get_settings(server, incoming).await,
        (&Method::POST, "/admin/settings") => admin::update_settings(server, incoming).await,
        (&Method::GET, "/user/preloadSettings") => admin::preload_settings(server, incoming).await,
        (&Method::POST, "/admin/userMapping") => admin::user_mapping(server, incoming).await,
        (&Method::POST, "/admin/reinitializeUserMapping") => {
            admin::reinitialize_user_mapping(server, incoming).await
        }
        (&Method::GET, "/admin/serverLoggingSettings") => {
            admin::get_server_logging(server, incoming).await
        }
        (&Method::POST, "/admin/serverLoggingSettings") => {
            admin::update_server_logging(server, incoming).await
        }
        (&Method::POST, "/admin/managedAuth/options") => {
            managed_auth::options(server, incoming).await
        }
        _ => match ROUTES.iter().find(|r| r.path == path) {
            Some(route) => Err(Rejection::MethodNotAllowed {
                method: method.clone(),
                path: path.to_owned(),
                allowed: route.allowed,
            }),
            None => match dispatch_with_parameter(server, incoming, path).await {
                Some(outcome) => outcome,
                None => Err(not_found(incoming)),
            },
        },
    }
}

fn not_found(incoming: &Incoming<'_>) -> Rejection {
    Rejection::NotFound {
        method: incoming.method.clone(),
        path: incoming.path.unwrap_or("").to_owned(),
    }
}

/// How long (ms) the client shows a warning about a request it need not repeat: an already
/// logged call, nothing to log, no log to update.
pub(crate) const NOTICE_TTL: u32 = 3000;
/// How long (ms) the client shows a failure: a store failure, an unknown contact.
pub(crate) const FAILURE_TTL: u32 = 5000;

/// App Connect's answer to a failed store operation; the store's error (which may name
/// internals) is not shown to the user.
pub(crate) fn database_failed() -> http::Response<Vec<u8>> {
    crate::server::signed_in::warning(DATABASE_FAILED, FAILURE_TTL)
}

/// The text of [`database_failed`], for the routes whose failure is a 400 `{ error }`.
pub(crate) const DATABASE_FAILED: &str = "Database operation failed";
