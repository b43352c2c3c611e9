//! [`FakeOAuthProvider`]: the OAuth 2 provider the kit supplies for the sign-in step.
//!
//! A small HTTP/1.1 server on `127.0.0.1` (an OS-chosen port) over `tokio::net`, one request
//! per connection: `GET /authorize` redirects with a `code` and the `state`, `POST /token`
//! answers the `authorization_code` and `refresh_token` grants.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use base64::Engine as _;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::models::OAuthInfo;

const CLIENT_ID: &str = "kit-oauth-client";
const CLIENT_SECRET: &str = "kit-oauth-client-secret";
/// App Connect's own redirect page, the `redirectUri` its connectors send.
const REDIRECT_URI: &str = "https://ringcentral.github.io/ringcentral-embeddable/redirect.html";
/// The largest request head or body the provider reads.
const MAX_REQUEST: usize = 64 * 1024;
/// How long the provider waits for a whole request.
const READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// How many grants the provider has answered, by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Grants {
    /// Codes exchanged (`grant_type=authorization_code`) for tokens.
    pub authorization_code: usize,
    /// Refresh tokens exchanged (`grant_type=refresh_token`), each rotated.
    pub refresh_token: usize,
    /// Token requests refused (`invalid_grant`, `invalid_client`, …).
    pub refused: usize,
}

#[derive(Default)]
struct State {
    next: u64,
    /// Unused codes and the `redirect_uri` each was issued for.
    codes: HashMap<String, String>,
    access: HashSet<String>,
    /// Live refresh tokens and the access token issued with each.
    refresh: HashMap<String, String>,
    grants: Grants,
}

struct Shared {
    state: Mutex<State>,
    addr: SocketAddr,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Shared {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A fake OAuth 2 provider on loopback: point your connector's `getOauthInfo` at it (or return
/// [`oauth_info`](Self::oauth_info)) and give it to
/// [`Conformance::oauth`](super::Conformance::oauth); the sign-in step then authorizes, follows
/// the redirect to `GET /oauth-callback` and checks the code was exchanged here once.
///
/// It issues a fresh access and refresh token for each code (a code works once; a replayed or
/// unknown code gets `invalid_grant`), rotates both on a refresh (the old refresh token then
/// gets `invalid_grant`) and checks the client credentials (`Authorization: Basic`, or
/// `client_id` in the body). Your CRM fake asks
/// [`is_access_token`](Self::is_access_token) whether a bearer token is live. Clones share one
/// server, which stops when the last clone is dropped.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> std::io::Result<()> {
/// use app_connect_sdk::testing::FakeOAuthProvider;
///
/// let provider = FakeOAuthProvider::start().await?;
/// let redirect = provider.authorize("platform=acme").await?;
/// assert!(redirect.starts_with(provider.redirect_uri()));
/// assert!(redirect.contains("code=") && redirect.contains("state=platform%3Dacme"));
/// assert_eq!(provider.oauth_info().access_token_uri, provider.token_uri());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct FakeOAuthProvider {
    shared: Arc<Shared>,
}

impl fmt::Debug for FakeOAuthProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeOAuthProvider")
            .field("addr", &self.shared.addr)
            .field("grants", &self.grants())
            .finish_non_exhaustive()
    }
}

impl FakeOAuthProvider {
    /// Binds `127.0.0.1` on an OS-chosen port and serves on the current tokio runtime.
    ///
    /// # Errors
    ///
    /// The bind failing.
    pub async fn start() -> io::Result<FakeOAuthProvider> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new_cyclic(|weak: &std::sync::Weak<Shared>| {
            let weak = weak.clone();
            let server = tokio::spawn(async move {
                while let Ok((stream, _)) = listener.accept().await {
                    let Some(shared) = weak.upgrade() else { break };
                    tokio::spawn(async move {
                        // A broken connection only ends that request.
                        let _ = serve(&shared, stream).await;
                    });
                }
            });
            Shared {
                state: Mutex::new(State::default()),
                addr,
                server,
            }
        });
        Ok(FakeOAuthProvider { shared })
    }

    /// The authorize page, `http://127.0.0.1:<port>/authorize`.
    pub fn authorize_uri(&self) -> String {
        format!("http://{}/authorize", self.shared.addr)
    }

    /// The token endpoint, `http://127.0.0.1:<port>/token`: your `accessTokenUri`.
    pub fn token_uri(&self) -> String {
        format!("http://{}/token", self.shared.addr)
    }

    /// The client id the provider accepts.
    pub fn client_id(&self) -> &str {
        CLIENT_ID
    }

    /// The client secret the provider accepts.
    pub fn client_secret(&self) -> &str {
        CLIENT_SECRET
    }

    /// The redirect URI the kit authorizes with (App Connect's redirect page).
    pub fn redirect_uri(&self) -> &str {
        REDIRECT_URI
    }

    /// What your connector's `getOauthInfo` returns to sign in here.
    pub fn oauth_info(&self) -> OAuthInfo {
        OAuthInfo::new(CLIENT_ID, CLIENT_SECRET, self.token_uri(), REDIRECT_URI)
    }

    /// The grants answered so far.
    pub fn grants(&self) -> Grants {
        self.state().grants
    }

    /// Whether `token` is an access token the provider issued and has not rotated away.
    pub fn is_access_token(&self, token: &str) -> bool {
        self.state().access.contains(token)
    }

    /// What a browser does: `GET` the authorize page with this `state` (the user approves) and
    /// return the redirect's `Location`, `redirect_uri?code=…&state=…`.
    ///
    /// # Errors
    ///
    /// The request failing, or an answer other than a redirect.
    pub async fn authorize(&self, state: &str) -> io::Result<String> {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("response_type", "code")
            .append_pair("client_id", CLIENT_ID)
            .append_pair("redirect_uri", REDIRECT_URI)
            .append_pair("state", state)
            .finish();
        let mut stream = TcpStream::connect(self.shared.addr).await?;
        let request = format!(
            "GET /authorize?{query} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.shared.addr
        );
        stream.write_all(request.as_bytes()).await?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await?;
        let answer = String::from_utf8_lossy(&answer);
        let head = answer.split("\r\n\r\n").next().unwrap_or_default();
        let location = head.lines().skip(1).find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("location")
                .then(|| value.trim().to_owned())
        });
        location
            .ok_or_else(|| io::Error::other(format!("the authorize page did not redirect: {head}")))
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.shared)
    }
}

fn lock(shared: &Shared) -> MutexGuard<'_, State> {
    // The state stays consistent under a panic elsewhere (every update is one statement).
    shared.state.lock().unwrap_or_else(|e| e.into_inner())
}

struct Request {
    method: String,
    path: String,
    query: String,
    authorization: Option<String>,
    body: Vec<u8>,
}

async fn serve(shared: &Shared, mut stream: TcpStream) -> io::Result<()> {
    // A client that stops sending mid-request gets a 400 instead of holding the task forever.
    let read = tokio::time::timeout(READ_TIMEOUT, read_request(&mut stream)).await;
    let (status, content_type, extra, body) = match read {
        Ok(read) => match read? {
            Some(request) => answer(shared, &request),
            None => (400, "text/plain", String::new(), "bad request".to_owned()),
        },
        Err(_) => (
            400,
            "text/plain",
            String::new(),
            "request timed out".to_owned(),
        ),
    };
    let reason = match status {
        200 => "OK",
        302 => "Found",
        401 => "Unauthorized",
        404 => "Not Found",
        _ => "Bad Request",
    };
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n{extra}\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

/// The request, or `None` when it is not HTTP/1.1 the provider understands.
async fn read_request(stream: &mut TcpStream) -> io::Result<Option<Request>> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        if buffer.len() > MAX_REQUEST {
            return Ok(None);
        }
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let (Some(method), Some(target)) = (first.next(), first.next()) else {
        return Ok(None);
    };
    let (mut length, mut authorization) = (0usize, None);
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if name.eq_ignore_ascii_case("content-length") {
            match value.trim().parse() {
                Ok(n) if n <= MAX_REQUEST => length = n,
                _ => return Ok(None),
            }
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            // Only `Content-Length` bodies (what reqwest and browsers send for a form).
            return Ok(None);
        } else if name.eq_ignore_ascii_case("authorization") {
            authorization = Some(value.trim().to_owned());
        }
    }
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(None);
        }
        body.extend_from_slice(&chunk[..read]);
    }
    body.truncate(length);
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    Ok(Some(Request {
        method: method.to_owned(),
        path: path.to_owned(),
        query: query.to_owned(),
        authorization,
        body,
    }))
}

type Answer = (u16, &'static str, String, String);

fn answer(shared: &Shared, request: &Request) -> Answer {
    match (request.method.as_str(), request.path.as_str()) {
        ("GET", "/authorize") => authorize(shared, &pairs(request.query.as_bytes())),
        ("POST", "/token") => token(shared, request),
        _ => (404, "text/plain", String::new(), "not found".to_owned()),
    }
}

fn pairs(bytes: &[u8]) -> HashMap<String, String> {
    url::form_urlencoded::parse(bytes).into_owned().collect()
}

fn authorize(shared: &Shared, query: &HashMap<String, String>) -> Answer {
    let refuse = |why: &str| (400, "text/plain", String::new(), why.to_owned());
    if query.get("client_id").map(String::as_str) != Some(CLIENT_ID) {
        return refuse("unknown client_id");
    }
    let Some(redirect) = query.get("redirect_uri").filter(|r| !r.is_empty()) else {
        return refuse("redirect_uri is required");
    };
    let code = {
        let mut state = lock(shared);
        state.next += 1;
        let code = format!("kit-code-{}-{}", shared.addr.port(), state.next);
        state.codes.insert(code.clone(), redirect.clone());
        code
    };
    let mut back = url::form_urlencoded::Serializer::new(String::new());
    back.append_pair("code", &code);
    if let Some(state) = query.get("state") {
        back.append_pair("state", state);
    }
    let separator = if redirect.contains('?') { '&' } else { '?' };
    let location = format!("Location: {redirect}{separator}{}\r\n", back.finish());
    (302, "text/plain", location, String::new())
}

fn token(shared: &Shared, request: &Request) -> Answer {
    let form = pairs(&request.body);
    let mut state = lock(shared);
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    let client_ok = match &request.authorization {
        Some(header) => *header == expected,
        None => form.get("client_id").map(String::as_str) == Some(CLIENT_ID),
    };
    if !client_ok {
        return refused(
            &mut state,
            401,
            "invalid_client",
            "unknown client or wrong secret",
        );
    }
    match form.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            let code = form.get("code").map(String::as_str).unwrap_or_default();
            let Some(redirect) = state.codes.get(code).cloned() else {
                return refused(
                    &mut state,
                    400,
                    "invalid_grant",
                    "unknown or already used code",
                );
            };
            if form.get("redirect_uri") != Some(&redirect) {
                return refused(
                    &mut state,
                    400,
                    "invalid_grant",
                    "redirect_uri differs from the authorize one",
                );
            }
            state.codes.remove(code);
            state.grants.authorization_code += 1;
            issue(&mut state, shared.addr.port())
        }
        Some("refresh_token") => {
            let refresh = form.get("refresh_token").map(String::as_str);
            let Some(old_access) = refresh.and_then(|r| state.refresh.remove(r)) else {
                return refused(
                    &mut state,
                    400,
                    "invalid_grant",
                    "unknown or rotated refresh token",
                );
            };
            // Rotation: the old pair stops working.
            state.access.remove(&old_access);
            state.grants.refresh_token += 1;
            issue(&mut state, shared.addr.port())
        }
        _ => refused(
            &mut state,
            400,
            "unsupported_grant_type",
            "authorization_code or refresh_token",
        ),
    }
}

fn refused(state: &mut State, status: u16, error: &str, description: &str) -> Answer {
    state.grants.refused += 1;
    let body = json!({ "error": error, "error_description": description });
    (status, "application/json", String::new(), body.to_string())
}

fn issue(state: &mut State, port: u16) -> Answer {
    state.next += 1;
    let access = format!("kit-access-{port}-{}", state.next);
    let refresh = format!("kit-refresh-{port}-{}", state.next);
    state.access.insert(access.clone());
    state.refresh.insert(refresh.clone(), access.clone());
    let body: Value = json!({
        "access_token": access,
        "refresh_token": refresh,
        "token_type": "Bearer",
        "expires_in": 3600,
    });
    (200, "application/json", String::new(), body.to_string())
}
