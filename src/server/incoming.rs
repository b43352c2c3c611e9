//! [`Incoming`]: a request as the routes see it, and the responses they build.

use http::header::{CONTENT_TYPE, HeaderValue};
use http::{HeaderMap, Method, Response, StatusCode, request::Parts};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Rejection;
use super::session::{SessionClaims, SessionError, bearer_token};
use crate::models::from_json_slice;

/// A request: method, path below the base path, decoded query, headers and body.
pub(crate) struct Incoming<'a> {
    pub(crate) method: &'a Method,
    /// The path below the base path; `None` when the request is outside the base path.
    pub(crate) path: Option<&'a str>,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: &'a [u8],
    /// The session token, verified once per request: `None` without a token.
    pub(crate) session: Option<Result<SessionClaims, SessionError>>,
}

impl<'a> Incoming<'a> {
    pub(crate) fn new(parts: &'a Parts, body: &'a [u8], base_path: &str) -> Self {
        let full = parts.uri.path();
        let path = if base_path.is_empty() {
            Some(full)
        } else {
            full.strip_prefix(base_path)
                .filter(|rest| rest.is_empty() || rest.starts_with('/'))
                .map(|rest| if rest.is_empty() { "/" } else { rest })
        };
        let query = parts
            .uri
            .query()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        Incoming {
            method: &parts.method,
            path,
            headers: &parts.headers,
            query,
            body,
            session: None,
        }
    }

    /// The first value of a query parameter.
    pub(crate) fn query(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// A query parameter that must be present and non-empty.
    pub(crate) fn required_query(&self, key: &'static str) -> Result<&str, Rejection> {
        self.query(key)
            .filter(|v| !v.trim().is_empty())
            .ok_or(Rejection::MissingParameter(key))
    }

    /// A query flag App Connect sends as the string `"true"`.
    pub(crate) fn query_flag(&self, key: &str) -> bool {
        self.query(key)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    /// The session token: `Authorization: Bearer …`, else the legacy `?jwtToken=`.
    pub(crate) fn session_token(&self) -> Option<&str> {
        bearer_token(self.headers).or_else(|| self.query("jwtToken").filter(|t| !t.is_empty()))
    }

    /// The body as JSON of type `T`; errors name the path of the bad value. A body not
    /// declared `application/json` (or `…+json`) is refused with 415 before it is read.
    pub(crate) fn json<T: DeserializeOwned>(&self) -> Result<T, Rejection> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Err(Rejection::MissingParameter("request body"));
        }
        self.require_json_content_type()?;
        Ok(from_json_slice(self.body)?)
    }

    /// The body as JSON of type `T`, where each of `defaults`' keys that is absent or `null`
    /// at the top level gets the given value first (App Connect reads such a key as falsy
    /// and answers for it; the models require it).
    pub(crate) fn json_defaulting<T: DeserializeOwned>(
        &self,
        defaults: &[(&str, serde_json::Value)],
    ) -> Result<T, Rejection> {
        let mut value: serde_json::Value = self.json()?;
        if let Some(map) = value.as_object_mut() {
            for (key, default) in defaults {
                if map.get(*key).is_none_or(serde_json::Value::is_null) {
                    map.insert((*key).to_owned(), default.clone());
                }
            }
        }
        Ok(crate::models::from_json_value(value)?)
    }

    /// 415 unless `Content-Type` is `application/json` or `application/<x>+json`: core's
    /// body parser reads no other type, and a browser may send `text/plain` cross-site
    /// without a preflight.
    fn require_json_content_type(&self) -> Result<(), Rejection> {
        let declared = self.header("content-type").unwrap_or("");
        let essence = declared
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let is_json = essence == "application/json"
            || (essence.starts_with("application/") && essence.ends_with("+json"));
        if is_json {
            Ok(())
        } else if declared.is_empty() {
            Err(Rejection::UnsupportedMediaType("none".to_owned()))
        } else {
            Err(Rejection::UnsupportedMediaType(
                essence.chars().take(80).collect(),
            ))
        }
    }

    /// The request's headers as a connector may see them: without App Connect's session token
    /// (`Authorization`) and the user's RingCentral access token (`X-RC-Access-Token`).
    pub(crate) fn connector_headers(&self) -> HeaderMap {
        let mut headers = self.headers.clone();
        headers.remove(http::header::AUTHORIZATION);
        headers.remove("x-rc-access-token");
        headers
    }

    /// The query as a connector may see it: without the legacy `jwtToken` and `rcAccessToken`.
    pub(crate) fn connector_query(&self) -> impl Iterator<Item = &(String, String)> {
        self.query
            .iter()
            .filter(|(k, _)| k != "jwtToken" && k != "rcAccessToken")
    }

    /// A header value as text.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Whether the request declares (`Content-Length`) a body larger than `limit`: refused before
/// any of it is read, so an `Expect: 100-continue` client is never told to send it.
pub(crate) fn declares_too_large(headers: &HeaderMap, limit: usize) -> bool {
    headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .is_some_and(|declared| declared > u64::try_from(limit).unwrap_or(u64::MAX))
}

/// A JSON response.
pub(crate) fn json_response<T: Serialize + ?Sized>(
    status: StatusCode,
    value: &T,
) -> Response<Vec<u8>> {
    match serde_json::to_vec(value) {
        Ok(body) => with_body(status, "application/json", body),
        Err(_) => internal_error(),
    }
}

/// A plain-text response.
pub(crate) fn text_response(status: StatusCode, text: &str) -> Response<Vec<u8>> {
    with_body(
        status,
        "text/plain; charset=utf-8",
        text.as_bytes().to_vec(),
    )
}

/// The answer to a rejected request.
pub(crate) fn reject(rejection: &Rejection) -> Response<Vec<u8>> {
    let mut response = json_response(rejection.status(), &rejection.body());
    if let Rejection::MethodNotAllowed { allowed, .. } = rejection
        && let Ok(value) = HeaderValue::from_str(allowed)
    {
        response.headers_mut().insert(http::header::ALLOW, value);
    }
    response
}

/// The answer when the runtime itself failed (a panic outside connector code).
pub(crate) fn internal_error() -> Response<Vec<u8>> {
    let body = br#"{"error":"internal error","successful":false,"returnMessage":{"message":"Internal error","messageType":"error","ttl":5000}}"#;
    with_body(
        StatusCode::INTERNAL_SERVER_ERROR,
        "application/json",
        body.to_vec(),
    )
}

fn with_body(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response<Vec<u8>> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}
