//! A developer page (feature `devtools`): the forms App Connect will show for a contact, and
//! what the connector wrote into the CRM.
//!
//! [`Devtools`] answers plain `http` requests, like [`ConnectorServer`] does, and runs every
//! connector call through the runtime in process (`/apiKeyLogin`, `/contact`, `/callLog`), so the
//! page sees exactly what the App Connect client would. Mount it under a path ending in `/`
//! (`/devtools/`): its links and forms are relative.
//!
//! - **Sign-in**: the API key form calls `/apiKeyLogin`; a pasted session token works too. The
//!   session is kept in an `HttpOnly`, `SameSite=Strict` cookie; an `Authorization: Bearer`
//!   header is accepted as well.
//! - **Form preview**: a phone number runs findContact; for the chosen contact the call-log,
//!   message-log and new-contact forms are rendered field by field (by type), with
//!   contact-dependent dropdowns filled from the contact's `additionalInfo`, contact-type
//!   dependent fields per contact type, defaults from `defaultValue` and `defaultSettingId`, and
//!   every problem [`Platform::check_contact`] and [`Manifest::issues`] report beside the field
//!   it concerns. The call-log form logs a call through `POST /callLog`.
//! - **Activities**: what [`Devtools::activities`] lists, rendered as a CRM shows it: HTML
//!   bodies in a sandboxed `<iframe srcdoc>` (no scripts), plain and markdown bodies as text.
//!
//! Every value is HTML-escaped; the page carries no script at all and a strict
//! `Content-Security-Policy` (`default-src 'none'`), and loads nothing but its own stylesheet.
//!
//! ```no_run
//! # async fn demo(server: app_connect_sdk::server::ConnectorServer, manifest: app_connect_sdk::manifest::Manifest) {
//! use app_connect_sdk::compose::LogFormat;
//! use app_connect_sdk::devtools::{ActivityView, Devtools};
//!
//! let devtools = Devtools::new(server, manifest, "mockcrm")
//!     .activities(|| vec![ActivityView::new("Call with Ada", "<p>Hello</p>", LogFormat::Html)]);
//! let request = app_connect_sdk::http::Request::get("/devtools/").body(Vec::new()).unwrap();
//! let page = devtools.handle(request).await;
//! assert_eq!(page.status(), 200);
//! # }
//! ```
//!
//! [`Platform::check_contact`]: crate::manifest::Platform::check_contact
//! [`Manifest::issues`]: crate::manifest::Manifest::issues

mod render;

use std::fmt;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use http::{HeaderValue, Method, Request, Response, StatusCode, header};
use serde_json::{Map, Value, json};

use crate::compose::LogFormat;
use crate::manifest::{FieldType, Manifest};
use crate::models::Contact;
use crate::server::ConnectorServer;

/// The cookie holding the page's session token.
pub const SESSION_COOKIE: &str = "app_connect_devtools_session";

/// The page's `Content-Security-Policy`: nothing runs, nothing loads but the stylesheet, forms
/// post only to the server itself. Framed documents (`srcdoc`) inherit it.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The phone number of the calls the page logs (the "own" side of the call).
const OWN_NUMBER: &str = "+16505550199";

/// One activity of the CRM as the page shows it.
///
/// ```
/// use app_connect_sdk::compose::LogFormat;
/// use app_connect_sdk::devtools::ActivityView;
/// let a = ActivityView::new("Call with Ada", "<li>Note</li>", LogFormat::Html)
///     .with_detail("Deal", "Analytical Engine programs");
/// assert_eq!(a.details.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ActivityView {
    /// The activity's subject.
    pub subject: String,
    /// The body as stored in the CRM.
    pub body: String,
    /// How the CRM renders the body: [`LogFormat::Html`] in a sandboxed frame, anything else
    /// as text.
    pub format: LogFormat,
    /// Other columns (`label`, `value`), shown beside the subject.
    pub details: Vec<(String, String)>,
}

impl ActivityView {
    /// An activity with its subject, body and body format.
    #[must_use]
    pub fn new(subject: impl Into<String>, body: impl Into<String>, format: LogFormat) -> Self {
        Self {
            subject: subject.into(),
            body: body.into(),
            format,
            details: Vec::new(),
        }
    }

    /// Adds a column.
    #[must_use]
    pub fn with_detail(mut self, label: impl Into<String>, value: impl Into<String>) -> Self {
        self.details.push((label.into(), value.into()));
        self
    }
}

type ActivitySource = Arc<dyn Fn() -> Vec<ActivityView> + Send + Sync>;

/// The developer page of one platform; see the [module documentation](self).
///
/// Cheap to clone.
#[derive(Clone)]
pub struct Devtools {
    server: ConnectorServer,
    manifest: Arc<Manifest>,
    platform: String,
    activities: Option<ActivitySource>,
}

impl fmt::Debug for Devtools {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Devtools")
            .field("platform", &self.platform)
            .field("activities", &self.activities.is_some())
            .finish_non_exhaustive()
    }
}

/// What the page was asked (query or form fields).
#[derive(Debug, Default)]
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(bytes: &[u8]) -> Self {
        Self(url::form_urlencoded::parse(bytes).into_owned().collect())
    }

    fn get(&self, key: &str) -> Option<&str> {
        (self.0.iter())
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.trim().is_empty())
    }
}

/// What a lookup found, for the page.
#[derive(Debug, Default)]
struct Lookup {
    phone: String,
    contacts: Vec<Contact>,
    message: Option<String>,
}

impl Devtools {
    /// The page for `platform` of `manifest`, calling the connectors of `server`.
    #[must_use]
    pub fn new(server: ConnectorServer, manifest: Manifest, platform: impl Into<String>) -> Self {
        Self {
            server,
            manifest: Arc::new(manifest),
            platform: platform.into(),
            activities: None,
        }
    }

    /// Where the page reads the CRM's activities from (called on every page view).
    #[must_use]
    pub fn activities(
        mut self,
        source: impl Fn() -> Vec<ActivityView> + Send + Sync + 'static,
    ) -> Self {
        self.activities = Some(Arc::new(source));
        self
    }

    /// Answers one request. The last path segment chooses: `` (the page, `GET`),
    /// `style.css`, `signin` and `call` (`POST`, form-encoded). Never fails: every problem is
    /// shown on the page.
    pub async fn handle<B: AsRef<[u8]>>(&self, request: Request<B>) -> Response<Vec<u8>> {
        let (parts, body) = request.into_parts();
        let path = parts.uri.path();
        let last = path.rsplit('/').next().unwrap_or_default();
        let query = Params::parse(parts.uri.query().unwrap_or_default().as_bytes());
        let session = session_token(&parts.headers);
        match (&parts.method, last) {
            (&Method::GET, "") => self.page(session.as_deref(), &query).await,
            (&Method::GET, "style.css") => respond(
                StatusCode::OK,
                "text/css; charset=utf-8",
                render::STYLE.as_bytes().to_vec(),
            ),
            (&Method::POST, "signin") => self.sign_in(&Params::parse(body.as_ref())).await,
            (&Method::POST, "call") => {
                self.log_call(session.as_deref(), &Params::parse(body.as_ref()))
                    .await
            }
            (&Method::GET | &Method::POST, _) => respond(
                StatusCode::NOT_FOUND,
                "text/plain; charset=utf-8",
                b"no such devtools page".to_vec(),
            ),
            _ => respond(
                StatusCode::METHOD_NOT_ALLOWED,
                "text/plain; charset=utf-8",
                b"method not allowed".to_vec(),
            ),
        }
    }

    /// Calls a runtime route in process; the status and the JSON answer (or the text as a
    /// JSON string).
    async fn call(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if body.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        let bytes = body.map(Value::to_string).unwrap_or_default().into_bytes();
        let Ok(request) = request.body(bytes) else {
            return (
                StatusCode::BAD_REQUEST,
                json!("the request could not be built"),
            );
        };
        let response = self.server.handle(request).await;
        let status = response.status();
        let body = response.into_body();
        let value = serde_json::from_slice(&body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
        (status, value)
    }

    async fn page(&self, session: Option<&str>, query: &Params) -> Response<Vec<u8>> {
        let mut lookup = None;
        if let (Some(token), Some(phone)) = (session, query.get("phone")) {
            lookup = Some(self.find_contact(token, phone.trim()).await);
        }
        let activities = self.activities.as_ref().map(|source| source());
        let html = render::page(&render::PageInput {
            manifest: &self.manifest,
            platform: &self.platform,
            signed_in: session.is_some(),
            lookup: lookup.as_ref().map(|l| render::LookupView {
                phone: &l.phone,
                contacts: &l.contacts,
                message: l.message.as_deref(),
            }),
            chosen: query.get("contact"),
            notice: query.get("notice"),
            activities: activities.as_deref(),
        });
        respond(
            StatusCode::OK,
            "text/html; charset=utf-8",
            html.into_bytes(),
        )
    }

    async fn find_contact(&self, token: &str, phone: &str) -> Lookup {
        let uri = format!(
            "/contact?phoneNumber={}",
            url::form_urlencoded::byte_serialize(phone.as_bytes()).collect::<String>()
        );
        let (status, answer) = self.call(Method::GET, &uri, Some(token), None).await;
        let mut lookup = Lookup {
            phone: phone.to_owned(),
            ..Lookup::default()
        };
        lookup.message = answer
            .pointer("/returnMessage/message")
            .and_then(Value::as_str)
            .map(str::to_owned);
        match answer.get("contact").cloned() {
            Some(contacts) => match serde_json::from_value::<Vec<Contact>>(contacts) {
                Ok(contacts) => lookup.contacts = contacts,
                Err(e) => lookup.message = Some(format!("`contact` is not a contact list: {e}")),
            },
            None if lookup.message.is_none() => {
                lookup.message = Some(format!("GET /contact answered {status}: {answer}"));
            }
            None => {}
        }
        lookup
    }

    async fn sign_in(&self, form: &Params) -> Response<Vec<u8>> {
        let token = if let Some(token) = form.get("jwtToken") {
            Ok(token.trim().to_owned())
        } else {
            let mut login = json!({ "platform": self.platform, "apiKey": form.get("apiKey").unwrap_or_default() });
            if let Some(hostname) = form.get("hostname") {
                login["hostname"] = json!(hostname);
            }
            let (_, answer) = self
                .call(Method::POST, "/apiKeyLogin", None, Some(&login))
                .await;
            match answer.get("jwtToken").and_then(Value::as_str) {
                Some(token) => Ok(token.to_owned()),
                None => Err(answer
                    .pointer("/returnMessage/message")
                    .and_then(Value::as_str)
                    .unwrap_or("the sign-in was refused")
                    .to_owned()),
            }
        };
        match token {
            Ok(token) => {
                let mut response = redirect("./?notice=Signed%20in");
                let cookie = format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict");
                if let Ok(value) = HeaderValue::from_str(&cookie) {
                    response.headers_mut().insert(header::SET_COOKIE, value);
                }
                response
            }
            Err(message) => redirect(&format!("./?notice={}", encode(&message))),
        }
    }

    async fn log_call(&self, session: Option<&str>, form: &Params) -> Response<Vec<u8>> {
        let phone = form.get("phone").unwrap_or_default();
        let contact = form.get("contact").unwrap_or_default();
        let back = |notice: &str| {
            redirect(&format!(
                "./?phone={}&contact={}&notice={}#activities",
                encode(phone),
                encode(contact),
                encode(notice)
            ))
        };
        let Some(token) = session else {
            return back("Sign in first");
        };
        let platform = self.manifest.platforms.get(&self.platform);
        let fields = platform
            .and_then(|p| p.page.as_ref())
            .and_then(|p| p.call_log.as_ref())
            .map(|f| f.additional_fields.as_slice())
            .unwrap_or_default();
        let mut submission = Map::new();
        for field in fields {
            let value = match field.r#type.as_ref() {
                Some(t) if *t == FieldType::Checkbox => json!(form.get(&field.key).is_some()),
                _ => match form.get(&field.key) {
                    Some(v) => json!(v),
                    None => continue,
                },
            };
            submission.insert(field.key.clone(), value);
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let session_id = format!("devtools-{}", now.as_nanos());
        let start = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let mut log_info = json!({
            "id": session_id,
            "sessionId": session_id,
            "startTime": start,
            "duration": 60,
            "direction": "Outbound",
            "result": "Call connected",
            "from": { "phoneNumber": OWN_NUMBER },
            "to": { "phoneNumber": phone },
        });
        if let Some(subject) = form.get("subject") {
            log_info["customSubject"] = json!(subject);
        }
        let request = json!({
            "logInfo": log_info,
            "contactId": contact,
            "contactType": form.get("contactType").unwrap_or_default(),
            "contactName": form.get("contactName").unwrap_or_default(),
            "note": form.get("note").unwrap_or_default(),
            "additionalSubmission": submission,
        });
        let (status, answer) = self
            .call(Method::POST, "/callLog", Some(token), Some(&request))
            .await;
        let logged = answer.get("successful").and_then(Value::as_bool) == Some(true);
        let message = answer
            .pointer("/returnMessage/message")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let notice = match (logged, message) {
            (true, Some(m)) => format!("{m} (log id {})", answer["logId"]),
            (true, None) => format!("Call logged (log id {})", answer["logId"]),
            (false, Some(m)) => format!("Not logged: {m}"),
            (false, None) => format!("Not logged: POST /callLog answered {status}"),
        };
        back(&notice)
    }
}

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The session token from the cookie, else from `Authorization: Bearer`.
fn session_token(headers: &http::HeaderMap) -> Option<String> {
    let from_cookie = (headers.get_all(header::COOKIE).iter())
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned());
    from_cookie
        .or_else(|| {
            let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
            value.strip_prefix("Bearer ").map(str::to_owned)
        })
        .filter(|t| !t.is_empty())
}

fn respond(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response<Vec<u8>> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

fn redirect(location: &str) -> Response<Vec<u8>> {
    let mut response = respond(
        StatusCode::SEE_OTHER,
        "text/plain; charset=utf-8",
        Vec::new(),
    );
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}
