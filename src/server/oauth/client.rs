//! The OAuth 2 token requests: authorization-code exchange and refresh-token grant.
//!
//! As App Connect's client (client-oauth2) sends them: a form-encoded POST to the connector's
//! `accessTokenUri`, client credentials as `Authorization: Basic base64(id:secret)` (or
//! `client_id` in the body when there is no secret), `getOverridingOAuthOption` headers,
//! query and body merged over the defaults.

use std::sync::OnceLock;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::models::{OAuthInfo, OverridingOAuthOption, Secret};

/// How long one token request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The tokens a grant answered, plus the raw response (`data` of `getUserInfo`).
pub(crate) struct TokenSet {
    pub(crate) access_token: Secret,
    pub(crate) refresh_token: Option<Secret>,
    pub(crate) expires: Option<DateTime<Utc>>,
    pub(crate) data: Value,
}

/// Why a grant failed. Never carries a token or the client secret.
#[derive(Debug)]
pub(crate) enum GrantError {
    /// The provider answered `invalid_grant`: the code or refresh token is dead.
    InvalidGrant(Option<String>),
    /// The provider refused for another reason (`invalid_client`, a 4xx without code, a
    /// response without `access_token`); retrying will not help.
    Refused(String),
    /// Network failure, timeout or a 5xx: worth retrying.
    Transient(String),
}

impl GrantError {
    /// Human-readable reason for a `returnMessage`.
    pub(crate) fn reason(&self) -> String {
        match self {
            GrantError::InvalidGrant(Some(d)) => format!("invalid_grant: {d}"),
            GrantError::InvalidGrant(None) => "invalid_grant".to_owned(),
            GrantError::Refused(r) | GrantError::Transient(r) => r.clone(),
        }
    }
}

fn client() -> Result<&'static reqwest::Client, GrantError> {
    static CLIENT: OnceLock<Option<reqwest::Client>> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            // No idle pool: token requests are rare (one per user and token lifetime), and a
            // pooled connection would belong to the Tokio runtime that opened it.
            reqwest::Client::builder()
                .timeout(REQUEST_TIMEOUT)
                .pool_max_idle_per_host(0)
                .build()
                .ok()
        })
        .as_ref()
        .ok_or_else(|| GrantError::Transient("cannot build the HTTP client".to_owned()))
}

/// Exchanges an authorization `code` (authorization-code grant).
pub(crate) async fn exchange_code(
    info: &OAuthInfo,
    code: &str,
    overriding: Option<&OverridingOAuthOption>,
) -> Result<TokenSet, GrantError> {
    let form = vec![
        ("code".to_owned(), code.to_owned()),
        ("grant_type".to_owned(), "authorization_code".to_owned()),
        ("redirect_uri".to_owned(), info.redirect_uri.clone()),
    ];
    token_request(info, form, overriding, None).await
}

/// Refresh-token grant. A response without `refresh_token` keeps `refresh_token` (client-oauth2
/// merges the old token data).
pub(crate) async fn refresh(
    info: &OAuthInfo,
    refresh_token: &Secret,
) -> Result<TokenSet, GrantError> {
    let form = vec![
        (
            "refresh_token".to_owned(),
            refresh_token.expose().to_owned(),
        ),
        ("grant_type".to_owned(), "refresh_token".to_owned()),
    ];
    token_request(info, form, None, Some(refresh_token)).await
}

async fn token_request(
    info: &OAuthInfo,
    mut form: Vec<(String, String)>,
    overriding: Option<&OverridingOAuthOption>,
    old_refresh: Option<&Secret>,
) -> Result<TokenSet, GrantError> {
    let mut url = url::Url::parse(&info.access_token_uri).map_err(|e| {
        GrantError::Refused(format!("the connector's accessTokenUri is not a URL: {e}"))
    })?;
    let mut headers: Vec<(String, String)> = vec![(
        "Accept".to_owned(),
        "application/json, application/x-www-form-urlencoded".to_owned(),
    )];
    if info.client_secret.is_empty() {
        form.push(("client_id".to_owned(), info.client_id.clone()));
    } else {
        let pair = format!("{}:{}", info.client_id, info.client_secret.expose());
        headers.push((
            "Authorization".to_owned(),
            format!("Basic {}", base64(pair.as_bytes())),
        ));
    }
    if let Some(option) = overriding {
        for (name, value) in option.headers.iter().flatten() {
            let value = text(value);
            headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            // An empty value removes the header (core connectors send `Authorization: ""`).
            if !value.is_empty() {
                headers.push((name.clone(), value));
            }
        }
        for (name, value) in option.query.iter().flatten() {
            url.query_pairs_mut().append_pair(name, &text(value));
        }
        if let Some(Value::Object(body)) = &option.body {
            for (name, value) in body {
                form.retain(|(n, _)| n != name);
                form.push((name.clone(), text(value)));
            }
        }
    }
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form.iter())
        .finish();
    let mut request = client()?
        .post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body);
    for (name, value) in &headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let response = request
        .send()
        .await
        .map_err(|e| GrantError::Transient(format!("token request failed: {}", e.without_url())))?;
    let status = response.status();
    let bytes = response.bytes().await.map_err(|e| {
        GrantError::Transient(format!("token response unreadable: {}", e.without_url()))
    })?;
    let data = parse_body(&bytes);
    if let Some(code) = data.get("error").and_then(Value::as_str) {
        let description = data
            .get("error_description")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if code.eq_ignore_ascii_case("invalid_grant") {
            return Err(GrantError::InvalidGrant(description));
        }
        let reason = match description {
            Some(d) => format!("{code}: {d}"),
            None => code.to_owned(),
        };
        return Err(
            if status.is_server_error() || code == "temporarily_unavailable" {
                GrantError::Transient(reason)
            } else {
                GrantError::Refused(reason)
            },
        );
    }
    if status.is_server_error() || status == reqwest::StatusCode::TOO_MANY_REQUESTS {
        return Err(GrantError::Transient(format!(
            "token endpoint answered {status}"
        )));
    }
    if !status.is_success() {
        return Err(GrantError::Refused(format!(
            "token endpoint answered {status}"
        )));
    }
    let access_token = data
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| GrantError::Refused("token response has no access_token".to_owned()))?;
    let refresh_token = data
        .get("refresh_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .map(|t| Secret::new(t.to_owned()))
        .or_else(|| old_refresh.cloned());
    let expires = data
        .get("expires_in")
        .and_then(seconds)
        .map(|s| Utc::now() + chrono::Duration::seconds(s));
    Ok(TokenSet {
        access_token: Secret::new(access_token.to_owned()),
        refresh_token,
        expires,
        data,
    })
}

/// JSON, else a form-encoded body, as an object (empty when neither).
fn parse_body(bytes: &[u8]) -> Value {
    if let Ok(value @ Value::Object(_)) = serde_json::from_slice::<Value>(bytes) {
        return value;
    }
    let map: Map<String, Value> = url::form_urlencoded::parse(bytes)
        .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
        .collect();
    Value::Object(map)
}

/// `expires_in` as whole seconds (a number or a numeric string).
fn seconds(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Standard base64 with padding (for the Basic credentials).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(b"client:secret"), "Y2xpZW50OnNlY3JldA==");
    }

    #[test]
    fn bodies_parse_as_json_or_form() {
        assert_eq!(
            parse_body(br#"{"error":"invalid_grant"}"#)["error"],
            "invalid_grant"
        );
        assert_eq!(
            parse_body(b"error=invalid_grant&x=1")["error"],
            "invalid_grant"
        );
        assert_eq!(seconds(&Value::from("3600")), Some(3600));
        assert_eq!(seconds(&Value::from(60)), Some(60));
    }
}
