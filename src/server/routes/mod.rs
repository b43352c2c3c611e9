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
        (&Method::GET, "/implementedInterfaces") => {
            meta::implemented_interfaces(server, incoming).map(unserved::hide)
        }
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
            None => Err(not_found(incoming)),
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
