//! App Connect session tokens: the HS256 JWT (`{id, platform, iat, exp}`) the client sends as
//! `Authorization: Bearer <jwt>` on every route.
//!
//! Compatible with `@app-connect/core` (`lib/jwt.ts`): tokens it minted with
//! `APP_SERVER_SECRET_KEY` verify here and vice versa.
//!
//! Decisions (see also [`SessionKeys::verify`]):
//! * tokens are issued with HS256 only; HS256, HS384 and HS512 are accepted on verification,
//!   as core's `jsonwebtoken.verify` does for a string secret (all three need the secret, so
//!   accepting them is no weaker). `alg: none` and every public-key algorithm (RS*, PS*, ES*,
//!   EdDSA) are refused with [`SessionError::WrongAlgorithm`];
//! * `exp` and `nbf` are checked with no leeway (core uses none either);
//! * signatures are RustCrypto's `hmac` over `sha2`, compared in constant time; there is no
//!   RSA, elliptic-curve or Ed25519 code in the build (jsonwebtoken's `rust_crypto` backend
//!   compiles all of them, 42 crates, for an HMAC-only session; see docs/server.md);
//! * tokens without `exp` (legacy long-lived tokens) are accepted and never rotated;
//! * a numeric `id` is accepted and stringified (core does `.toString()`); a missing `platform`
//!   becomes `""` and [`SessionClaims::require_platform`] refuses it;
//! * the secret must be at least [`MIN_SECRET_LEN`] bytes ([`SessionKeys::new`]); an existing
//!   deployment with a shorter secret can keep its sessions with
//!   [`SessionKeys::new_allowing_short`].
//!
//! ```
//! use app_connect_sdk::server::session::SessionKeys;
//!
//! let keys = SessionKeys::new("a-long-random-server-secret-value")?;
//! let token = keys.issue("12345-pipedrive", "pipedrive")?;
//! let claims = keys.verify(token.expose())?;
//! assert_eq!(claims.id, "12345-pipedrive");
//! assert_eq!(claims.platform, "pipedrive");
//! // A fresh 14-day token is not due for rotation.
//! assert!(keys.rotate_if_due(&claims).is_none());
//! # Ok::<(), app_connect_sdk::server::session::SessionError>(())
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::Serialize;
use serde_json::Value;

use crate::models::Secret;

/// Default token lifetime: 14 days (core's `expiresIn: '2w'`).
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(1_209_600);

/// Default refresh window: a token is rotated when at most 7 days remain.
pub const DEFAULT_REFRESH_WINDOW: Duration = Duration::from_secs(604_800);

/// Shortest secret [`SessionKeys::new`] accepts, in bytes.
pub const MIN_SECRET_LEN: usize = 16;

/// Longest token [`SessionKeys::verify`] looks at, in bytes (a core token is about 200).
pub const MAX_TOKEN_LEN: usize = 8 * 1024;

/// The algorithms accepted on verification: the HMAC family, as core accepts for a string key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hmacs {
    Hs256,
    Hs384,
    Hs512,
}

impl Hmacs {
    /// The algorithm a header's `alg` names, if it is one of ours (case-sensitive, RFC 7518).
    fn from_name(name: &str) -> Option<Self> {
        match name {
            "HS256" => Some(Hmacs::Hs256),
            "HS384" => Some(Hmacs::Hs384),
            "HS512" => Some(Hmacs::Hs512),
            _ => None,
        }
    }

    /// Whether `signature` is the MAC of `message` under `key` (constant-time comparison).
    fn verify(self, key: &[u8], message: &[u8], signature: &[u8]) -> bool {
        match self {
            Hmacs::Hs256 => verify_mac::<Hmac<sha2::Sha256>>(key, message, signature),
            Hmacs::Hs384 => verify_mac::<Hmac<sha2::Sha384>>(key, message, signature),
            Hmacs::Hs512 => verify_mac::<Hmac<sha2::Sha512>>(key, message, signature),
        }
    }
}

/// `M` keyed with `key` over `message`; `None` only if `M` refused the key (HMAC takes any).
fn keyed<M: Mac + hmac::digest::KeyInit>(key: &[u8], message: &[u8]) -> Option<M> {
    let mut mac = <M as Mac>::new_from_slice(key).ok()?;
    mac.update(message);
    Some(mac)
}

fn verify_mac<M: Mac + hmac::digest::KeyInit>(key: &[u8], message: &[u8], tag: &[u8]) -> bool {
    keyed::<M>(key, message).is_some_and(|mac| mac.verify_slice(tag).is_ok())
}

/// The HS256 signature of `message` (the only algorithm tokens are issued with).
fn sign_hs256(key: &[u8], message: &[u8]) -> Result<Vec<u8>, SessionError> {
    keyed::<Hmac<sha2::Sha256>>(key, message)
        .map(|mac| mac.finalize().into_bytes().to_vec())
        .ok_or_else(|| SessionError::Sign("the HMAC key was refused".to_owned()))
}

/// The header of every issued token (core's `jsonwebtoken.sign` writes the same).
const ISSUED_HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// Why a session secret or token was refused. Messages never contain the secret or the token.
///
/// ```
/// use app_connect_sdk::server::session::{SessionError, SessionKeys};
/// let keys = SessionKeys::new("a-long-random-server-secret-value")?;
/// assert!(matches!(keys.verify("not-a-jwt"), Err(SessionError::Malformed)));
/// # Ok::<(), SessionError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SessionError {
    /// The environment variable holding the secret is not set or empty.
    #[error("session secret environment variable `{var}` is not set or empty")]
    MissingSecret {
        /// The variable's name.
        var: String,
    },
    /// The environment variable holding the secret is not valid UTF-8.
    #[error("session secret environment variable `{var}` is not valid UTF-8")]
    SecretNotUnicode {
        /// The variable's name.
        var: String,
    },
    /// The secret is empty or shorter than [`MIN_SECRET_LEN`] bytes.
    #[error("the session secret is too weak: it must be at least {MIN_SECRET_LEN} bytes long")]
    WeakSecret,
    /// The token is not a JWT (not three base64url segments of JSON, too long, whitespace, …).
    #[error("the session token is malformed")]
    Malformed,
    /// The signature does not match (forged, or signed with another secret).
    #[error("the session token signature is invalid")]
    BadSignature,
    /// `exp` is in the past.
    #[error("the session token has expired")]
    Expired,
    /// `nbf` is in the future.
    #[error("the session token is not valid yet")]
    NotYetValid,
    /// A required claim (`id`; `platform` for routes that need it) is missing or empty.
    #[error("the session token has no `{0}` claim")]
    MissingClaim(&'static str),
    /// A claim has the wrong type (`exp`/`nbf` not a non-negative number, `platform` not a string).
    #[error("the session token claim `{0}` has an invalid value")]
    InvalidClaim(&'static str),
    /// The header names an algorithm other than HS256/HS384/HS512 (`none`, RS256, …).
    #[error("the session token uses a refused signing algorithm")]
    WrongAlgorithm,
    /// Signing failed.
    #[error("could not sign the session token: {0}")]
    Sign(String),
}

/// The claims of a verified session token.
///
/// ```
/// use app_connect_sdk::server::session::SessionClaims;
/// let claims = SessionClaims::new("u1", "");
/// assert!(claims.require_platform().is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SessionClaims {
    /// The App Connect user id (primary key of the user row); never empty after verification.
    pub id: String,
    /// The connector (platform) name; `""` when the token carries none.
    pub platform: String,
    /// Issued-at, seconds since the epoch (`None` when absent or not a number).
    pub iat: Option<i64>,
    /// Expiry, seconds since the epoch (`None` for legacy tokens without expiry).
    pub exp: Option<i64>,
}

impl SessionClaims {
    /// Claims with an id and a platform, without `iat`/`exp`.
    pub fn new(id: impl Into<String>, platform: impl Into<String>) -> Self {
        SessionClaims {
            id: id.into(),
            platform: platform.into(),
            iat: None,
            exp: None,
        }
    }

    /// The platform, or [`SessionError::MissingClaim`]`("platform")` when it is empty.
    ///
    /// ```
    /// use app_connect_sdk::server::session::SessionClaims;
    /// assert_eq!(SessionClaims::new("u1", "testCRM").require_platform().ok(), Some("testCRM"));
    /// ```
    pub fn require_platform(&self) -> Result<&str, SessionError> {
        if self.platform.is_empty() {
            Err(SessionError::MissingClaim("platform"))
        } else {
            Ok(&self.platform)
        }
    }
}

/// The server secret plus token lifetime and refresh window; issues, verifies and rotates
/// session tokens. `Debug` never shows the secret.
///
/// ```
/// use std::time::Duration;
/// use app_connect_sdk::server::session::SessionKeys;
///
/// let keys = SessionKeys::new("a-long-random-server-secret-value")?
///     .with_lifetime(Duration::from_secs(3600))
///     .with_refresh_window(Duration::from_secs(600));
/// assert!(!format!("{keys:?}").contains("a-long-random"));
/// # Ok::<(), app_connect_sdk::server::session::SessionError>(())
/// ```
#[derive(Clone)]
pub struct SessionKeys {
    secret: Arc<[u8]>,
    lifetime: Duration,
    refresh_window: Duration,
}

impl fmt::Debug for SessionKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionKeys")
            .field("secret", &format_args!("[redacted]"))
            .field("lifetime", &self.lifetime)
            .field("refresh_window", &self.refresh_window)
            .finish()
    }
}

#[derive(Serialize)]
struct IssuedClaims<'a> {
    id: &'a str,
    platform: &'a str,
    iat: i64,
    exp: i64,
}

impl SessionKeys {
    /// Keys from a secret of at least [`MIN_SECRET_LEN`] bytes (else [`SessionError::WeakSecret`]).
    ///
    /// ```
    /// use app_connect_sdk::server::session::{SessionError, SessionKeys};
    /// assert_eq!(SessionKeys::new("").unwrap_err(), SessionError::WeakSecret);
    /// assert_eq!(SessionKeys::new("short").unwrap_err(), SessionError::WeakSecret);
    /// assert!(SessionKeys::new("0123456789abcdef").is_ok());
    /// ```
    pub fn new(secret: impl AsRef<[u8]>) -> Result<Self, SessionError> {
        let secret = secret.as_ref();
        if secret.len() < MIN_SECRET_LEN {
            return Err(SessionError::WeakSecret);
        }
        Ok(Self::build(secret))
    }

    /// Keys from a secret of any non-empty length, for deployments whose existing
    /// `APP_SERVER_SECRET_KEY` is shorter than [`MIN_SECRET_LEN`] and whose users' sessions must
    /// stay valid. Prefer [`SessionKeys::new`] with a long random secret.
    ///
    /// ```
    /// use app_connect_sdk::server::session::{SessionError, SessionKeys};
    /// assert!(SessionKeys::new_allowing_short("short").is_ok());
    /// assert_eq!(SessionKeys::new_allowing_short("").unwrap_err(), SessionError::WeakSecret);
    /// ```
    pub fn new_allowing_short(secret: impl AsRef<[u8]>) -> Result<Self, SessionError> {
        let secret = secret.as_ref();
        if secret.is_empty() {
            return Err(SessionError::WeakSecret);
        }
        Ok(Self::build(secret))
    }

    /// Keys from an environment variable (core uses `APP_SERVER_SECRET_KEY`), with the rules of
    /// [`SessionKeys::new`]. Errors name the variable, never its value.
    ///
    /// ```
    /// use app_connect_sdk::server::session::{SessionError, SessionKeys};
    /// let err = SessionKeys::from_env("APP_CONNECT_DOC_UNSET_VARIABLE").unwrap_err();
    /// assert_eq!(err, SessionError::MissingSecret { var: "APP_CONNECT_DOC_UNSET_VARIABLE".into() });
    /// ```
    pub fn from_env(var: &str) -> Result<Self, SessionError> {
        let value = std::env::var_os(var).ok_or_else(|| SessionError::MissingSecret {
            var: var.to_owned(),
        })?;
        let value = value
            .into_string()
            .map_err(|_| SessionError::SecretNotUnicode {
                var: var.to_owned(),
            })?;
        if value.is_empty() {
            return Err(SessionError::MissingSecret {
                var: var.to_owned(),
            });
        }
        Self::new(value)
    }

    fn build(secret: &[u8]) -> Self {
        SessionKeys {
            secret: Arc::from(secret),
            lifetime: DEFAULT_LIFETIME,
            refresh_window: DEFAULT_REFRESH_WINDOW,
        }
    }

    /// Sets the lifetime of issued tokens (`exp - iat`; default [`DEFAULT_LIFETIME`], 14 days).
    ///
    /// ```
    /// # use app_connect_sdk::server::session::SessionKeys;
    /// let keys = SessionKeys::new("a-long-random-server-secret-value")?
    ///     .with_lifetime(std::time::Duration::from_secs(60));
    /// let claims = keys.verify(keys.issue("u1", "testCRM")?.expose())?;
    /// assert_eq!(claims.exp.zip(claims.iat).map(|(e, i)| e - i), Some(60));
    /// # Ok::<(), app_connect_sdk::server::session::SessionError>(())
    /// ```
    #[must_use]
    pub fn with_lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = lifetime;
        self
    }

    /// Sets the refresh window: [`SessionKeys::rotate_if_due`] mints a new token when
    /// `exp - now <= window` (default [`DEFAULT_REFRESH_WINDOW`], 7 days).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use app_connect_sdk::server::session::SessionKeys;
    /// let keys = SessionKeys::new("a-long-random-server-secret-value")?
    ///     .with_refresh_window(Duration::from_secs(15 * 86_400)); // longer than the lifetime
    /// let claims = keys.verify(keys.issue("u1", "testCRM")?.expose())?;
    /// assert!(keys.rotate_if_due(&claims).is_some());
    /// # Ok::<(), app_connect_sdk::server::session::SessionError>(())
    /// ```
    #[must_use]
    pub fn with_refresh_window(mut self, window: Duration) -> Self {
        self.refresh_window = window;
        self
    }

    /// The configured token lifetime.
    ///
    /// ```
    /// # use app_connect_sdk::server::session::{SessionKeys, DEFAULT_LIFETIME};
    /// assert_eq!(SessionKeys::new("a-long-random-server-secret-value")?.lifetime(), DEFAULT_LIFETIME);
    /// # Ok::<(), app_connect_sdk::server::session::SessionError>(())
    /// ```
    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    /// The configured refresh window.
    ///
    /// ```
    /// # use app_connect_sdk::server::session::{SessionKeys, DEFAULT_REFRESH_WINDOW};
    /// assert_eq!(SessionKeys::new("a-long-random-server-secret-value")?.refresh_window(), DEFAULT_REFRESH_WINDOW);
    /// # Ok::<(), app_connect_sdk::server::session::SessionError>(())
    /// ```
    pub fn refresh_window(&self) -> Duration {
        self.refresh_window
    }

    /// Issues an HS256 token with claims `{id, platform, iat, exp}` (`exp = iat + lifetime`).
    /// An empty `user_id` is refused ([`SessionError::MissingClaim`]`("id")`), since such a token
    /// would not verify.
    ///
    /// ```
    /// # use app_connect_sdk::server::session::SessionKeys;
    /// let keys = SessionKeys::new("a-long-random-server-secret-value")?;
    /// let token = keys.issue("u1", "testCRM")?;
    /// assert_eq!(token.expose().split('.').count(), 3);
    /// assert_eq!(format!("{token:?}"), "[redacted]");
    /// # Ok::<(), app_connect_sdk::server::session::SessionError>(())
    /// ```
    pub fn issue(&self, user_id: &str, platform: &str) -> Result<Secret, SessionError> {
        if user_id.is_empty() {
            return Err(SessionError::MissingClaim("id"));
        }
        let iat = now();
        let lifetime = i64::try_from(self.lifetime.as_secs()).unwrap_or(i64::MAX);
        let claims = IssuedClaims {
            id: user_id,
            platform,
            iat,
            exp: iat.saturating_add(lifetime),
        };
        let claims = serde_json::to_vec(&claims).map_err(|e| SessionError::Sign(e.to_string()))?;
        let mut token = URL_SAFE_NO_PAD.encode(ISSUED_HEADER);
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(claims, &mut token);
        let signature = sign_hs256(&self.secret, token.as_bytes())?;
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(signature, &mut token);
        Ok(Secret::new(token))
    }

    /// Verifies a token (the bare JWT, without `Bearer `; see [`bearer_token`]) and returns its
    /// claims.
    ///
    /// Checks, in order: shape (three base64url segments, at most [`MAX_TOKEN_LEN`] bytes, no
    /// whitespace) → [`SessionError::Malformed`]; header algorithm is HS256/HS384/HS512 →
    /// [`SessionError::WrongAlgorithm`]; signature → [`SessionError::BadSignature`]; `exp`
    /// (if present) → [`SessionError::Expired`]; `nbf` (if present) →
    /// [`SessionError::NotYetValid`]; a non-empty string or numeric `id` →
    /// [`SessionError::MissingClaim`]; `platform` a string or absent →
    /// [`SessionError::InvalidClaim`].
    ///
    /// ```
    /// use app_connect_sdk::server::session::{SessionError, SessionKeys};
    /// let keys = SessionKeys::new("a-long-random-server-secret-value")?;
    /// let other = SessionKeys::new("another-long-random-secret-value")?;
    /// let token = other.issue("u1", "testCRM")?;
    /// assert_eq!(keys.verify(token.expose()), Err(SessionError::BadSignature));
    /// assert_eq!(keys.verify(&format!("Bearer {}", token.expose())), Err(SessionError::Malformed));
    /// # Ok::<(), SessionError>(())
    /// ```
    pub fn verify(&self, token: &str) -> Result<SessionClaims, SessionError> {
        check_shape(token)?;
        let header_alg = header_algorithm(token)?;
        // Pinned: the header may only choose among the HMAC algorithms.
        let alg = Hmacs::from_name(&header_alg).ok_or(SessionError::WrongAlgorithm)?;
        let (message, signature) = token.rsplit_once('.').ok_or(SessionError::Malformed)?;
        let (header, payload) = message.split_once('.').ok_or(SessionError::Malformed)?;
        // Segments are unpadded base64url (RFC 7515), as jsonwebtoken reads them.
        let decode = |segment: &str| {
            URL_SAFE_NO_PAD
                .decode(segment)
                .map_err(|_| SessionError::Malformed)
        };
        decode(header)?;
        let signature = decode(signature)?;
        if !alg.verify(&self.secret, message.as_bytes(), &signature) {
            return Err(SessionError::BadSignature);
        }
        let claims: Value =
            serde_json::from_slice(&decode(payload)?).map_err(|_| SessionError::Malformed)?;
        if !claims.is_object() {
            return Err(SessionError::Malformed);
        }
        // Core sets no audience, issuer or subject and ignores them; so do we.
        let exp = numeric_date(&claims, "exp")?;
        let nbf = numeric_date(&claims, "nbf")?;
        let now = now();
        if exp.is_some_and(|exp| exp < now) {
            return Err(SessionError::Expired);
        }
        if nbf.is_some_and(|nbf| nbf > now) {
            return Err(SessionError::NotYetValid);
        }
        claims_from(claims)
    }

    /// A new token with the same `id`/`platform` when the claims expire within the refresh
    /// window (`exp - now <= window`); `None` for tokens without `exp` (legacy, never rotated),
    /// tokens with time left, or claims that cannot be re-issued (empty `id`).
    ///
    /// ```
    /// use app_connect_sdk::server::session::{SessionClaims, SessionKeys};
    /// let keys = SessionKeys::new("a-long-random-server-secret-value")?;
    /// let mut claims = SessionClaims::new("u1", "testCRM");
    /// assert!(keys.rotate_if_due(&claims).is_none()); // no exp: legacy token
    /// claims.exp = Some(chrono::Utc::now().timestamp() + 60);
    /// let fresh = keys.rotate_if_due(&claims).expect("due");
    /// assert_eq!(keys.verify(fresh.expose())?.id, "u1");
    /// # Ok::<(), app_connect_sdk::server::session::SessionError>(())
    /// ```
    pub fn rotate_if_due(&self, claims: &SessionClaims) -> Option<Secret> {
        let exp = claims.exp?;
        let window = i64::try_from(self.refresh_window.as_secs()).unwrap_or(i64::MAX);
        if exp.saturating_sub(now()) <= window {
            self.issue(&claims.id, &claims.platform).ok()
        } else {
            None
        }
    }
}

/// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive, surrounding
/// spaces trimmed); `None` when the header is absent, not `Bearer`, not text, or the token is
/// empty.
///
/// ```
/// use app_connect_sdk::http::{HeaderMap, HeaderValue, header::AUTHORIZATION};
/// use app_connect_sdk::server::session::bearer_token;
/// let mut headers = HeaderMap::new();
/// assert_eq!(bearer_token(&headers), None);
/// headers.insert(AUTHORIZATION, HeaderValue::from_static("bearer a.b.c"));
/// assert_eq!(bearer_token(&headers), Some("a.b.c"));
/// headers.insert(AUTHORIZATION, HeaderValue::from_static("Basic dXNlcjpwYXNz"));
/// assert_eq!(bearer_token(&headers), None);
/// ```
pub fn bearer_token(headers: &http::HeaderMap) -> Option<&str> {
    let value = headers.get(http::header::AUTHORIZATION)?.to_str().ok()?;
    let value = value.trim();
    let (scheme, token) = value.split_once([' ', '\t'])?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let token = token.trim();
    (!token.is_empty()).then_some(token)
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A registered time claim (`exp`, `nbf`) for validation: absent is `None`; a non-negative
/// integer, or a finite non-negative number rounded to whole seconds, is its value; anything
/// else (`null`, text, negative) is [`SessionError::InvalidClaim`].
fn numeric_date(claims: &Value, name: &'static str) -> Result<Option<i64>, SessionError> {
    let Some(value) = claims.get(name) else {
        return Ok(None);
    };
    let invalid = SessionError::InvalidClaim(name);
    let Value::Number(number) = value else {
        return Err(invalid);
    };
    if let Some(whole) = number.as_u64() {
        return Ok(Some(i64::try_from(whole).unwrap_or(i64::MAX)));
    }
    match number.as_f64() {
        Some(f) if number.as_i64().is_none() && f.is_finite() && f >= 0.0 => {
            // `as` saturates: a date past i64::MAX seconds is as far as it gets.
            Ok(Some(f.round() as i64))
        }
        _ => Err(invalid),
    }
}

/// Three non-empty-header base64url segments, bounded length, no whitespace.
fn check_shape(token: &str) -> Result<(), SessionError> {
    if token.is_empty() || token.len() > MAX_TOKEN_LEN {
        return Err(SessionError::Malformed);
    }
    if !token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'='))
    {
        return Err(SessionError::Malformed);
    }
    let segments: Vec<&str> = token.split('.').collect();
    if segments.len() != 3 || segments[0].is_empty() || segments[1].is_empty() {
        return Err(SessionError::Malformed);
    }
    Ok(())
}

/// The `alg` string of the (unverified) header, so that `none` and public-key algorithms are
/// reported as [`SessionError::WrongAlgorithm`] rather than as a parse failure.
fn header_algorithm(token: &str) -> Result<String, SessionError> {
    let header = token.split('.').next().ok_or(SessionError::Malformed)?;
    let bytes = base64url_decode(header).ok_or(SessionError::Malformed)?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|_| SessionError::Malformed)?;
    match value.get("alg") {
        Some(Value::String(alg)) => Ok(alg.clone()),
        Some(_) | None => Err(SessionError::Malformed),
    }
}

/// Decodes unpadded (or `=`-padded) base64url.
fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for b in text.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    // A single leftover character (6 bits) cannot encode a byte.
    if bits >= 6 {
        return None;
    }
    Some(out)
}

fn claims_from(claims: Value) -> Result<SessionClaims, SessionError> {
    let Value::Object(map) = claims else {
        return Err(SessionError::Malformed);
    };
    let id = match map.get("id") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err(SessionError::MissingClaim("id")),
    };
    let platform = match map.get("platform") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(SessionError::InvalidClaim("platform")),
    };
    Ok(SessionClaims {
        id,
        platform,
        iat: map.get("iat").and_then(seconds),
        exp: map.get("exp").and_then(seconds),
    })
}

/// A NumericDate as whole seconds (fractions are truncated; non-numbers give `None`).
fn seconds(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && f.abs() < 9.0e15)
                .map(|f| f.trunc() as i64)
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "a-long-random-server-secret-value";

    fn keys() -> SessionKeys {
        SessionKeys::new(SECRET).expect("long enough")
    }

    /// A token over `claims` signed with `alg` by jsonwebtoken (an independent implementation).
    fn signed_elsewhere(claims: &Value, alg: jsonwebtoken::Algorithm) -> String {
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(alg),
            claims,
            &jsonwebtoken::EncodingKey::from_secret(SECRET.as_bytes()),
        )
        .expect("jsonwebtoken signs")
    }

    #[test]
    fn issued_tokens_verify_with_jsonwebtoken_pinned_to_hs256() {
        let token = keys().issue("u1", "testCRM").expect("issued");
        let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
        validation.validate_aud = false;
        let data = jsonwebtoken::decode::<Value>(
            token.expose(),
            &jsonwebtoken::DecodingKey::from_secret(SECRET.as_bytes()),
            &validation,
        )
        .expect("jsonwebtoken accepts our token");
        assert_eq!(data.claims["id"], "u1");
        assert_eq!(data.header.typ.as_deref(), Some("JWT"));
    }

    #[test]
    fn every_hmac_algorithm_of_another_implementation_verifies_and_a_changed_byte_does_not() {
        let claims = serde_json::json!({ "id": "u1", "platform": "p", "exp": now() + 60 });
        for alg in [
            jsonwebtoken::Algorithm::HS256,
            jsonwebtoken::Algorithm::HS384,
            jsonwebtoken::Algorithm::HS512,
        ] {
            let token = signed_elsewhere(&claims, alg);
            assert_eq!(
                keys().verify(&token).map(|c| c.id),
                Ok("u1".into()),
                "{alg:?}"
            );
            // The signature's first character changed: still base64url, no longer the MAC.
            let (message, signature) = token.rsplit_once('.').expect("three segments");
            let first = if signature.starts_with('A') { 'B' } else { 'A' };
            let forged = format!("{message}.{first}{}", &signature[1..]);
            assert_eq!(
                keys().verify(&forged),
                Err(SessionError::BadSignature),
                "{alg:?}"
            );
            // A truncated signature is refused too, not compared as a prefix.
            let mut tag = URL_SAFE_NO_PAD.decode(signature).expect("base64url");
            tag.truncate(tag.len() - 3);
            let short = format!("{message}.{}", URL_SAFE_NO_PAD.encode(tag));
            assert_eq!(
                keys().verify(&short),
                Err(SessionError::BadSignature),
                "{alg:?}"
            );
        }
    }

    #[test]
    fn time_claims_follow_jsonwebtoken() {
        let verify = |claims: Value| {
            keys().verify(&signed_elsewhere(&claims, jsonwebtoken::Algorithm::HS256))
        };
        let now = now();
        // A fractional exp is rounded; an exp of this very second is still valid.
        assert!(verify(serde_json::json!({ "id": "u", "exp": now as f64 + 30.4 })).is_ok());
        assert!(verify(serde_json::json!({ "id": "u", "exp": now + 1 })).is_ok());
        assert_eq!(
            verify(serde_json::json!({ "id": "u", "exp": now - 1 })),
            Err(SessionError::Expired)
        );
        for bad in [
            Value::Null,
            serde_json::json!(-5),
            serde_json::json!("soon"),
        ] {
            assert_eq!(
                verify(serde_json::json!({ "id": "u", "exp": bad })),
                Err(SessionError::InvalidClaim("exp"))
            );
        }
        assert_eq!(
            verify(serde_json::json!({ "id": "u", "nbf": now + 60 })),
            Err(SessionError::NotYetValid)
        );
        assert_eq!(
            verify(serde_json::json!({ "id": "u", "nbf": "later" })),
            Err(SessionError::InvalidClaim("nbf"))
        );
        assert!(verify(serde_json::json!({ "id": "u", "nbf": now - 60, "exp": u64::MAX })).is_ok());
    }

    #[test]
    fn padded_segments_are_malformed_as_in_jsonwebtoken() {
        let token = keys().issue("u1", "testCRM").expect("issued");
        let (message, signature) = token.expose().rsplit_once('.').expect("three segments");
        let padded = format!("{message}.{signature}=");
        assert_eq!(keys().verify(&padded), Err(SessionError::Malformed));
    }

    #[test]
    fn base64url_round_trips_known_values() {
        assert_eq!(
            base64url_decode("eyJhbGciOiJub25lIn0").as_deref(),
            Some(&br#"{"alg":"none"}"#[..])
        );
        assert_eq!(base64url_decode("").as_deref(), Some(&b""[..]));
        assert_eq!(base64url_decode("QQ==").as_deref(), Some(&b"A"[..]));
        assert_eq!(base64url_decode("Q"), None);
        assert_eq!(base64url_decode("a+b/"), None);
    }
}
