//! The conformance run: the steps, the runner and its report.

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use http::{Method, Request};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::{Activity, ConformanceError, CrmActivities, FakeOAuthProvider, Grants};
use crate::manifest::{Manifest, Platform};
use crate::models::{
    ApiKeyLoginResponse, BasicMutationResponse, CallLogLookupResponse, CallLogMutationResponse,
    CallLogUpdateResponse, Contact, ContactMutationResponse, ContactSearchResponse,
    ImplementedInterfacesResponse, MessageLogResponse, Secret,
};
use crate::server::ConnectorServer;

/// The recording link the update step adds.
const RECORDING: &str =
    "https://ringcentral.github.io/ringcentral-embeddable/recording.html?id=kit-7201";
/// The text a CRM user adds to the logged call's body before the update.
const USER_EDIT: &str = "Edited in the CRM by a user: keep this line (kit-user-edit)";
const NOTE: &str = "kit-note: first note of the call";
const EDITED_NOTE: &str = "kit-note: edited note of the call";
const CALL_SESSION: &str = "kit-session-1";
const NEW_CONTACT_SESSION: &str = "kit-session-2";
const SMS: [&str; 5] = [
    "kit-sms-alpha",
    "kit-sms-bravo",
    "kit-sms-charlie",
    "kit-sms-delta",
    "kit-sms-echo",
];

/// One step of the checklist, in the order the kit runs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Step {
    /// `GET /implementedInterfaces` answers the capability map (and the manifest has the platform).
    Interfaces,
    /// `POST /apiKeyLogin` or `GET /oauth-callback` gives a session.
    SignIn,
    /// `GET /contact` for the known number finds a contact that feeds the manifest's fields.
    ContactMatch,
    /// `GET /contact` for an unknown number finds nothing real (a placeholder at most).
    ContactNoMatch,
    /// `GET /contact` for an extension number answers within the contract.
    ExtensionLookup,
    /// `GET /custom/contact/search` (`findContactWithName`) finds the known contact by name.
    ContactSearch,
    /// `POST /contact` (`createContact`) creates the placeholder contact for the unknown number.
    CreateContact,
    /// `POST /callLog` against the contact just created: one new activity.
    LogAgainstNewContact,
    /// `POST /callLog`: one new activity, with the note.
    CreateCallLog,
    /// The same `POST /callLog` again: refused, no second activity.
    DuplicateCallLog,
    /// `PATCH /callLog` with a recording link, an edited note and subject while a user edit sits
    /// in the CRM body: same activity, the edit survives.
    UpdateCallLog,
    /// `GET /callLog?requireDetails=true`: the same log id, with its details.
    ReadBack,
    /// `PUT /callDisposition` (`upsertCallDisposition`).
    Disposition,
    /// `POST /messageLog` with two messages of one conversation and day: one activity.
    MessageLog,
    /// `POST /messageLog` again with a new and an already logged message: appended, none twice.
    MessageAppend,
    /// `POST /messageLog` for a shared-SMS thread: one activity.
    SharedSms,
    /// `GET /authValidation` (the connector's `authValidation` when it has one; always run, as
    /// the App Connect client calls it for every user).
    AuthValidation,
    /// `POST /user/refreshInfo` (`refreshUserInfo`).
    RefreshUserInfo,
    /// `POST /unAuthorize`, after which the session is refused.
    Logout,
}

impl Step {
    /// Every step, in the order the kit runs them.
    ///
    /// ```
    /// use app_connect_sdk::testing::Step;
    /// assert_eq!(Step::all().first(), Some(&Step::Interfaces));
    /// assert_eq!(Step::all().last(), Some(&Step::Logout));
    /// ```
    #[must_use]
    pub fn all() -> &'static [Step] {
        &ALL
    }
}

/// Every step, in order (a slice through [`Step::all`], so a new step is not a breaking change).
const ALL: [Step; 19] = [
    Step::Interfaces,
    Step::SignIn,
    Step::ContactMatch,
    Step::ContactNoMatch,
    Step::ExtensionLookup,
    Step::ContactSearch,
    Step::CreateContact,
    Step::LogAgainstNewContact,
    Step::CreateCallLog,
    Step::DuplicateCallLog,
    Step::UpdateCallLog,
    Step::ReadBack,
    Step::Disposition,
    Step::MessageLog,
    Step::MessageAppend,
    Step::SharedSms,
    Step::AuthValidation,
    Step::RefreshUserInfo,
    Step::Logout,
];

impl Step {
    /// The step's name, as failures and the report print it.
    ///
    /// ```
    /// use app_connect_sdk::testing::Step;
    /// assert_eq!(Step::UpdateCallLog.as_str(), "update call log");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Interfaces => "implemented interfaces",
            Step::SignIn => "sign-in",
            Step::ContactMatch => "contact lookup: match",
            Step::ContactNoMatch => "contact lookup: no match",
            Step::ExtensionLookup => "contact lookup: extension number",
            Step::ContactSearch => "contact search by name",
            Step::CreateContact => "placeholder contact creation",
            Step::LogAgainstNewContact => "call log against the new contact",
            Step::CreateCallLog => "create call log",
            Step::DuplicateCallLog => "duplicate create",
            Step::UpdateCallLog => "update call log",
            Step::ReadBack => "read back with details",
            Step::Disposition => "call disposition",
            Step::MessageLog => "SMS log",
            Step::MessageAppend => "SMS append",
            Step::SharedSms => "shared SMS",
            Step::AuthValidation => "auth validation",
            Step::RefreshUserInfo => "refresh user info",
            Step::Logout => "logout",
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What happened to one step of a passing run.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StepOutcome {
    /// The step.
    pub step: Step,
    /// Whether it ran (and passed); `false` when skipped.
    pub ran: bool,
    /// Why it was skipped, or a remark on how it ran.
    pub note: String,
}

/// The outcome of a passing run: every step, ran or skipped with the reason.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Report {
    /// One entry per step, in order.
    pub steps: Vec<StepOutcome>,
}

impl Report {
    /// Whether `step` ran (and passed).
    #[must_use]
    pub fn ran(&self, step: Step) -> bool {
        self.steps.iter().any(|s| s.step == step && s.ran)
    }

    /// The steps that were skipped.
    #[must_use]
    pub fn skipped(&self) -> Vec<Step> {
        self.steps
            .iter()
            .filter(|s| !s.ran)
            .map(|s| s.step)
            .collect()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in &self.steps {
            let mark = if s.ran { "ok  " } else { "skip" };
            write!(f, "{mark} {}", s.step)?;
            if !s.note.is_empty() {
                write!(f, " ({})", s.note)?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

#[derive(Clone)]
enum SignInWith {
    None,
    ApiKey {
        key: Secret,
        additional_info: Option<Value>,
    },
    OAuth {
        callback_uri: String,
    },
    Provider(FakeOAuthProvider),
}

/// The conformance run over one connector of a [`ConnectorServer`].
///
/// Give it the server, the platform and the CRM's [`CrmActivities`]; say how to sign in
/// ([`api_key`](Self::api_key) or [`oauth_callback`](Self::oauth_callback)) and which number the
/// CRM knows ([`known_number`](Self::known_number)); then [`run`](Self::run). The whole example
/// is in the [testing guide](crate::guides::testing).
#[must_use]
pub struct Conformance {
    server: ConnectorServer,
    platform: String,
    crm: Arc<dyn CrmActivities>,
    manifest: Option<Manifest>,
    sign_in: SignInWith,
    hostname: Option<String>,
    known_number: String,
    unknown_number: String,
    extension_number: Option<String>,
    new_contact_name: String,
    additional_submission: Option<Value>,
    dispositions: Value,
    skip: Vec<Step>,
}

impl fmt::Debug for Conformance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Conformance")
            .field("platform", &self.platform)
            .field("known_number", &self.known_number)
            .field("unknown_number", &self.unknown_number)
            .field("skip", &self.skip)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl<T: CrmActivities + ?Sized> CrmActivities for Arc<T> {
    async fn activities(&self) -> Vec<Activity> {
        (**self).activities().await
    }

    async fn edit_body(&self, id: &str, body: String) -> bool {
        (**self).edit_body(id, body).await
    }
}

impl Conformance {
    /// A run against `platform` of `server`, reading the CRM through `crm`.
    pub fn new(
        server: ConnectorServer,
        platform: impl Into<String>,
        crm: impl CrmActivities + 'static,
    ) -> Self {
        Conformance {
            server,
            platform: platform.into(),
            crm: Arc::new(crm),
            manifest: None,
            sign_in: SignInWith::None,
            hostname: None,
            known_number: "+14155550100".into(),
            unknown_number: "+14155550987".into(),
            extension_number: None,
            new_contact_name: "Kit Placeholder Contact".into(),
            additional_submission: None,
            dispositions: json!({}),
            skip: Vec::new(),
        }
    }

    /// Signs in with `POST /apiKeyLogin` and this API key.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.sign_in = SignInWith::ApiKey {
            key: Secret::new(key),
            additional_info: None,
        };
        self
    }

    /// The `additionalInfo` of the API-key sign-in (the manifest's auth fields).
    pub fn login_info(mut self, info: Value) -> Self {
        if let SignInWith::ApiKey {
            additional_info, ..
        } = &mut self.sign_in
        {
            *additional_info = Some(info);
        }
        self
    }

    /// Signs in with `GET /oauth-callback?callbackUri=…`: the redirect your fake OAuth provider
    /// sent back (with `code` and `state=platform=…`).
    pub fn oauth_callback(mut self, callback_uri: impl Into<String>) -> Self {
        self.sign_in = SignInWith::OAuth {
            callback_uri: callback_uri.into(),
        };
        self
    }

    /// Signs in through the kit's own [`FakeOAuthProvider`]: the sign-in step authorizes there
    /// (`state=platform=…`), sends the redirect to `GET /oauth-callback`, and checks that the
    /// code was exchanged at the provider exactly once and that replaying the redirect signs
    /// nobody in. Your connector's `getOauthInfo` returns
    /// [`provider.oauth_info()`](FakeOAuthProvider::oauth_info) (or points its
    /// `accessTokenUri` at [`token_uri`](FakeOAuthProvider::token_uri)); the server needs
    /// the `oauth` feature.
    pub fn oauth(mut self, provider: &FakeOAuthProvider) -> Self {
        self.sign_in = SignInWith::Provider(provider.clone());
        self
    }

    /// The CRM hostname the user signs in with.
    pub fn hostname(mut self, hostname: impl Into<String>) -> Self {
        self.hostname = Some(hostname.into());
        self
    }

    /// The manifest: every matched or created contact is checked with
    /// [`Platform::check_contact`], and the platform must be in it.
    pub fn manifest(mut self, manifest: &Manifest) -> Self {
        self.manifest = Some(manifest.clone());
        self
    }

    /// A phone number the CRM has a contact for (default `+14155550100`).
    pub fn known_number(mut self, phone: impl Into<String>) -> Self {
        self.known_number = phone.into();
        self
    }

    /// A phone number the CRM has no contact for (default `+14155550987`).
    pub fn unknown_number(mut self, phone: impl Into<String>) -> Self {
        self.unknown_number = phone.into();
        self
    }

    /// An extension number to look up (the extension step is skipped without one); the call
    /// logs carry it as their `extensionNumber`.
    pub fn extension_number(mut self, extension: impl Into<String>) -> Self {
        self.extension_number = Some(extension.into());
        self
    }

    /// The name of the contact the creation step creates.
    pub fn new_contact_name(mut self, name: impl Into<String>) -> Self {
        self.new_contact_name = name.into();
        self
    }

    /// The `additionalSubmission` of the logs (values of the manifest's additional fields).
    pub fn additional_submission(mut self, submission: Value) -> Self {
        self.additional_submission = Some(submission);
        self
    }

    /// The `dispositions` of the disposition step (default `{}`).
    pub fn dispositions(mut self, dispositions: Value) -> Self {
        self.dispositions = dispositions;
        self
    }

    /// Skips `step` (it is reported as skipped, "by the test").
    pub fn skip(mut self, step: Step) -> Self {
        self.skip.push(step);
        self
    }

    /// Runs every step; the first failure is returned, naming its step.
    ///
    /// # Errors
    ///
    /// A [`ConformanceError`] with the step, the request, the response and what was expected.
    pub async fn run(&self) -> std::result::Result<Report, ConformanceError> {
        let mut runner = Runner {
            kit: self,
            token: None,
            interfaces: ImplementedInterfacesResponse::new(),
            platform: None,
            expected_activities: self.crm.activities().await.len(),
            report: Report::default(),
            contact: None,
            new_contact: None,
            log_id: None,
        };
        runner.all().await?;
        Ok(runner.report)
    }
}

/// One request and its answer, for failure reports.
struct Exchange {
    request: String,
    status: u16,
    body: Value,
}

impl Exchange {
    /// The failure of `step` at this exchange: its request and response beside `expected`.
    fn fail(&self, step: Step, expected: impl Into<String>) -> ConformanceError {
        fail(step, &self.request, &self.response(), expected)
    }

    fn response(&self) -> String {
        format!("{} {}", self.status, redact(&self.body))
    }
}

struct Runner<'a> {
    kit: &'a Conformance,
    token: Option<Secret>,
    interfaces: ImplementedInterfacesResponse,
    platform: Option<Platform>,
    expected_activities: usize,
    report: Report,
    /// The contact matched for the known number (`id`, `name`, `type`).
    contact: Option<Contact>,
    /// The contact the creation step created.
    new_contact: Option<Contact>,
    log_id: Option<String>,
}

type StepResult = std::result::Result<String, ConformanceError>;

fn fail(
    step: Step,
    request: &str,
    response: &str,
    expected: impl Into<String>,
) -> ConformanceError {
    ConformanceError {
        step,
        request: request.to_owned(),
        response: response.to_owned(),
        expected: expected.into(),
    }
}

/// Values of these keys never appear in a failure.
const SECRET_KEYS: [&str; 6] = [
    "apiKey",
    "jwtToken",
    "accessToken",
    "refreshToken",
    "access_token",
    "refresh_token",
];

fn redact(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = if SECRET_KEYS.contains(&k.as_str()) {
                        json!("[redacted]")
                    } else {
                        redact(v)
                    };
                    (k.clone(), v)
                })
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact).collect()),
        other => other.clone(),
    }
}

fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

impl Runner<'_> {
    async fn all(&mut self) -> std::result::Result<(), ConformanceError> {
        for &step in Step::all() {
            if self.kit.skip.contains(&step) {
                self.skipped(step, "skipped by the test");
                continue;
            }
            if let Some(reason) = self.not_declared(step) {
                self.skipped(step, reason);
                continue;
            }
            let note = self.step(step).await?;
            if step != Step::Interfaces {
                self.check_activity_count(step).await?;
            }
            self.report.steps.push(StepOutcome {
                step,
                ran: true,
                note,
            });
        }
        Ok(())
    }

    fn skipped(&mut self, step: Step, note: impl Into<String>) {
        self.report.steps.push(StepOutcome {
            step,
            ran: false,
            note: note.into(),
        });
    }

    /// Why `step` does not apply to this connector, if it does not.
    fn not_declared(&self, step: Step) -> Option<String> {
        let needs = |interface: &str| {
            (!self.interfaces.is_implemented(interface))
                .then(|| format!("`{interface}` is not declared"))
        };
        match step {
            Step::ExtensionLookup if self.kit.extension_number.is_none() => {
                Some("no extension number given".into())
            }
            Step::ContactSearch => needs("findContactWithName"),
            Step::CreateContact => needs("createContact"),
            Step::LogAgainstNewContact => needs("createContact"),
            Step::Disposition => needs("upsertCallDisposition"),
            Step::MessageLog | Step::MessageAppend | Step::SharedSms => needs("createMessageLog"),
            Step::RefreshUserInfo => needs("refreshUserInfo"),
            Step::UpdateCallLog | Step::ReadBack if self.log_id.is_none() => {
                Some("no call was logged".into())
            }
            _ => None,
        }
    }

    async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> Exchange {
        let shown = match body {
            Some(body) => format!("{method} {path} {}", redact(body)),
            None => format!("{method} {path}"),
        };
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = &self.token {
            request = request.header("authorization", format!("Bearer {}", token.expose()));
        }
        if body.is_some() {
            request = request.header("content-type", "application/json");
        }
        let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        let response = match request.body(bytes) {
            Ok(request) => self.kit.server.handle(request).await,
            Err(error) => {
                return Exchange {
                    request: shown,
                    status: 0,
                    body: json!(format!("the request could not be built: {error}")),
                };
            }
        };
        let status = response.status().as_u16();
        let body = response.into_body();
        let body = serde_json::from_slice(&body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
        Exchange {
            request: shown,
            status,
            body,
        }
    }

    /// A 200 answer that parses as `T` (the contract's response type).
    fn answer<T: DeserializeOwned>(
        &self,
        step: Step,
        exchange: &Exchange,
        contract: &str,
    ) -> std::result::Result<T, ConformanceError> {
        if exchange.status != 200 {
            return Err(exchange.fail(step, format!("HTTP 200 with a {contract}")));
        }
        serde_path_to_error::deserialize(&exchange.body).map_err(|error| {
            exchange.fail(
                step,
                format!(
                    "a valid {contract}; at `{}`: {}",
                    error.path(),
                    error.inner()
                ),
            )
        })
    }

    fn check_contacts(
        &self,
        step: Step,
        exchange: &Exchange,
        contacts: &[&Contact],
    ) -> std::result::Result<(), ConformanceError> {
        let Some(platform) = &self.platform else {
            return Ok(());
        };
        for (index, contact) in contacts.iter().enumerate() {
            let issues = platform.check_contact(contact);
            if !issues.is_empty() {
                let issues: Vec<String> = issues.iter().map(ToString::to_string).collect();
                return Err(exchange.fail(
                    step,
                    format!(
                        "contact {index} feeds the manifest's contact-dependent fields; {}",
                        issues.join("; ")
                    ),
                ));
            }
        }
        Ok(())
    }

    async fn check_activity_count(&self, step: Step) -> std::result::Result<(), ConformanceError> {
        let activities = self.kit.crm.activities().await;
        if activities.len() == self.expected_activities {
            return Ok(());
        }
        Err(fail(
            step,
            "(the CRM's activities after the step)",
            &format!("{} activities: {activities:?}", activities.len()),
            format!(
                "{} activities: one per logged call and per message group",
                self.expected_activities
            ),
        ))
    }

    async fn activity(&self, id: &str) -> Option<Activity> {
        self.kit
            .crm
            .activities()
            .await
            .into_iter()
            .find(|a| a.id == id)
    }

    async fn step(&mut self, step: Step) -> StepResult {
        match step {
            Step::Interfaces => self.interfaces().await,
            Step::SignIn => self.sign_in().await,
            Step::ContactMatch => self.contact_match().await,
            Step::ContactNoMatch => self.contact_no_match().await,
            Step::ExtensionLookup => self.extension_lookup().await,
            Step::ContactSearch => self.contact_search().await,
            Step::CreateContact => self.create_contact().await,
            Step::LogAgainstNewContact => self.log_against_new_contact().await,
            Step::CreateCallLog => self.create_call_log().await,
            Step::DuplicateCallLog => self.duplicate_call_log().await,
            Step::UpdateCallLog => self.update_call_log().await,
            Step::ReadBack => self.read_back().await,
            Step::Disposition => self.disposition().await,
            Step::MessageLog => self.message_log().await,
            Step::MessageAppend => self.message_append().await,
            Step::SharedSms => self.shared_sms().await,
            Step::AuthValidation => self.auth_validation().await,
            Step::RefreshUserInfo => self.refresh_user_info().await,
            Step::Logout => self.logout().await,
        }
    }

    async fn interfaces(&mut self) -> StepResult {
        let step = Step::Interfaces;
        let path = format!(
            "/implementedInterfaces?platform={}",
            encode(&self.kit.platform)
        );
        let exchange = self.send(Method::GET, &path, None).await;
        self.interfaces = self.answer(step, &exchange, "capability map")?;
        if let Some(manifest) = &self.kit.manifest {
            match manifest.platforms.get(&self.kit.platform) {
                Some(platform) => self.platform = Some(platform.clone()),
                None => {
                    return Err(fail(
                        step,
                        "(the manifest given to the kit)",
                        "(no such platform)",
                        format!("the manifest has the platform `{}`", self.kit.platform),
                    ));
                }
            }
        }
        let declared: Vec<&str> = self
            .interfaces
            .iter()
            .filter(|(_, on)| *on)
            .map(|(name, _)| name)
            .collect();
        Ok(format!("declared: {}", declared.join(", ")))
    }

    async fn sign_in(&mut self) -> StepResult {
        let step = Step::SignIn;
        let exchange = match &self.kit.sign_in {
            SignInWith::None => {
                return Err(fail(
                    step,
                    "(none)",
                    "(none)",
                    "a sign-in method: `Conformance::api_key`, `Conformance::oauth` or \
                     `Conformance::oauth_callback`",
                ));
            }
            SignInWith::ApiKey {
                key,
                additional_info,
            } => {
                let mut body = json!({ "platform": self.kit.platform, "apiKey": key.expose() });
                if let Some(hostname) = &self.kit.hostname {
                    body["hostname"] = json!(hostname);
                }
                if let Some(info) = additional_info {
                    body["additionalInfo"] = info.clone();
                }
                self.send(Method::POST, "/apiKeyLogin", Some(&body)).await
            }
            SignInWith::OAuth { callback_uri } => self.oauth_callback(callback_uri).await,
            SignInWith::Provider(provider) => return self.provider_sign_in(provider).await,
        };
        self.signed_in(&exchange)
    }

    async fn oauth_callback(&self, callback_uri: &str) -> Exchange {
        let mut path = format!("/oauth-callback?callbackUri={}", encode(callback_uri));
        if let Some(hostname) = &self.kit.hostname {
            path.push_str(&format!("&hostname={}", encode(hostname)));
        }
        self.send(Method::GET, &path, None).await
    }

    /// Authorize at the kit's provider, the callback, one code exchange, and a replay refused.
    async fn provider_sign_in(&mut self, provider: &FakeOAuthProvider) -> StepResult {
        let step = Step::SignIn;
        let mut state = url::form_urlencoded::Serializer::new(String::new());
        state.append_pair("platform", &self.kit.platform);
        if let Some(hostname) = &self.kit.hostname {
            state.append_pair("hostname", hostname);
        }
        let authorize = format!("GET {}", provider.authorize_uri());
        let callback_uri = match provider.authorize(&state.finish()).await {
            Ok(uri) => uri,
            Err(e) => {
                return Err(fail(
                    step,
                    &authorize,
                    &e.to_string(),
                    "the kit's provider to redirect with a code",
                ));
            }
        };
        let before = provider.grants();
        let exchange = self.oauth_callback(&callback_uri).await;
        let exchanged = |after: Grants| {
            format!(
                "the code exchanged once at the kit's provider ({} exchanges seen): \
                 `getOauthInfo` returns `FakeOAuthProvider::oauth_info()` or its \
                 accessTokenUri is {}",
                after.authorization_code - before.authorization_code,
                provider.token_uri()
            )
        };
        let note = match self.signed_in(&exchange) {
            Ok(note) => note,
            Err(mut error) => {
                let after = provider.grants();
                if after.authorization_code == before.authorization_code {
                    error.expected = format!("{}; {}", error.expected, exchanged(after));
                }
                return Err(error);
            }
        };
        let after = provider.grants();
        if after.authorization_code != before.authorization_code + 1 {
            return Err(exchange.fail(step, exchanged(after)));
        }
        let replay = self.oauth_callback(&callback_uri).await;
        let replay_token = replay.body.get("jwtToken").and_then(Value::as_str);
        if replay_token.is_some_and(|t| !t.is_empty()) || provider.grants().refused <= after.refused
        {
            return Err(replay.fail(
                step,
                "a replayed redirect (its code already used) refused by the provider \
                 (`invalid_grant`) and no jwtToken",
            ));
        }
        Ok(
            format!("{note}; through the kit's OAuth provider, replay refused")
                .trim_start_matches("; ")
                .to_owned(),
        )
    }

    fn signed_in(&mut self, exchange: &Exchange) -> StepResult {
        let step = Step::SignIn;
        let login: ApiKeyLoginResponse = self.answer(step, exchange, "sign-in response")?;
        if login.jwt_token.expose().is_empty() {
            return Err(exchange.fail(step, "a non-empty jwtToken"));
        }
        self.token = Some(login.jwt_token);
        Ok(login
            .name
            .map(|n| format!("signed in as {n}"))
            .unwrap_or_default())
    }

    async fn lookup(
        &self,
        step: Step,
        phone: &str,
    ) -> std::result::Result<(Exchange, ContactSearchResponse), ConformanceError> {
        let path = format!("/contact?phoneNumber={}", encode(phone));
        let exchange = self.send(Method::GET, &path, None).await;
        let found: ContactSearchResponse = self.answer(step, &exchange, "ContactSearchResponse")?;
        Ok((exchange, found))
    }

    async fn contact_match(&mut self) -> StepResult {
        let step = Step::ContactMatch;
        let (exchange, found) = self.lookup(step, &self.kit.known_number).await?;
        let real: Vec<&Contact> = found
            .contact
            .iter()
            .flatten()
            .filter(|c| !c.is_new_contact())
            .collect();
        if !found.successful || real.is_empty() {
            return Err(exchange.fail(
                step,
                format!(
                    "`successful: true` and a contact for {}",
                    self.kit.known_number
                ),
            ));
        }
        self.check_contacts(step, &exchange, &real)?;
        let note = format!("{} contact(s)", real.len());
        self.contact = real.first().map(|c| (*c).clone());
        Ok(note)
    }

    async fn contact_no_match(&mut self) -> StepResult {
        let step = Step::ContactNoMatch;
        let (exchange, found) = self.lookup(step, &self.kit.unknown_number).await?;
        let contacts = found.contact.unwrap_or_default();
        if contacts.iter().any(|c| !c.is_new_contact()) {
            return Err(exchange.fail(
                step,
                format!(
                    "no contact for {} other than the \"create new contact\" placeholder",
                    self.kit.unknown_number
                ),
            ));
        }
        Ok(if contacts.is_empty() {
            "no contact".into()
        } else {
            "the placeholder only".into()
        })
    }

    async fn extension_lookup(&mut self) -> StepResult {
        let step = Step::ExtensionLookup;
        let extension = self.kit.extension_number.clone().unwrap_or_default();
        let (exchange, found) = self.lookup(step, &extension).await?;
        let real: Vec<&Contact> = found
            .contact
            .iter()
            .flatten()
            .filter(|c| !c.is_new_contact())
            .collect();
        self.check_contacts(step, &exchange, &real)?;
        Ok(format!("{} contact(s)", real.len()))
    }

    async fn contact_search(&mut self) -> StepResult {
        let step = Step::ContactSearch;
        let Some(name) = self.contact.as_ref().and_then(|c| c.name.clone()) else {
            return Ok("no named contact to search for".into());
        };
        let path = format!("/custom/contact/search?name={}", encode(&name));
        let exchange = self.send(Method::GET, &path, None).await;
        let found: ContactSearchResponse = self.answer(step, &exchange, "ContactSearchResponse")?;
        let real: Vec<&Contact> = found
            .contact
            .iter()
            .flatten()
            .filter(|c| !c.is_new_contact())
            .collect();
        if !found.successful || real.is_empty() {
            return Err(exchange.fail(
                step,
                format!("`successful: true` and a contact named {name:?}"),
            ));
        }
        self.check_contacts(step, &exchange, &real)?;
        Ok(format!("{} contact(s)", real.len()))
    }

    async fn create_contact(&mut self) -> StepResult {
        let step = Step::CreateContact;
        let body = json!({
            "phoneNumber": self.kit.unknown_number,
            "newContactName": self.kit.new_contact_name,
        });
        let exchange = self.send(Method::POST, "/contact", Some(&body)).await;
        let created: ContactMutationResponse =
            self.answer(step, &exchange, "ContactMutationResponse")?;
        let Some(contact) = created.contact.filter(|_| created.successful) else {
            return Err(exchange.fail(step, "`successful: true` and the created contact"));
        };
        // The contact is in the CRM now: the lookup finds it, feeding the manifest's fields.
        let (exchange, found) = self.lookup(step, &self.kit.unknown_number).await?;
        let real: Vec<&Contact> = found
            .contact
            .iter()
            .flatten()
            .filter(|c| !c.is_new_contact())
            .collect();
        if !real.iter().any(|c| c.id == contact.id) {
            return Err(exchange.fail(
                step,
                format!(
                    "the created contact {:?} to be found afterwards",
                    contact.id
                ),
            ));
        }
        self.check_contacts(step, &exchange, &real)?;
        self.new_contact = Some(contact);
        Ok(String::new())
    }
}

/// The body of a `POST /callLog` for `session` with `contact`, from `phone`.
fn call_log_body(kit: &Conformance, session: &str, contact: &Contact, phone: &str) -> Value {
    let extension = kit.extension_number.clone().unwrap_or_else(|| "101".into());
    let mut body = json!({
        "logInfo": {
            "id": format!("{session}-call"),
            "sessionId": session,
            "telephonySessionId": format!("s-{session}"),
            "startTime": "2026-06-24T15:04:05.123Z",
            "duration": 317,
            "direction": "Inbound",
            "result": "Call connected",
            "from": { "phoneNumber": phone, "name": contact.name },
            "to": { "phoneNumber": "+16505550199", "extensionNumber": extension }
        },
        "contactId": contact.id,
        "contactName": contact.name,
        "note": NOTE,
        "extensionNumber": extension,
    });
    if let Some(kind) = &contact.contact_type {
        body["contactType"] = json!(kind);
    }
    if let Some(submission) = &kit.additional_submission {
        body["additionalSubmission"] = submission.clone();
    }
    body
}

/// The body of a `POST /messageLog` for `contact` with `messages` (index into [`SMS`]).
fn message_log_body(
    kit: &Conformance,
    contact: &Contact,
    conversation: &str,
    messages: &[usize],
) -> Value {
    let messages: Vec<Value> = messages
        .iter()
        .map(|&i| {
            json!({
                "id": format!("{conversation}-m{i}"),
                "type": "SMS",
                "direction": "Inbound",
                "subject": SMS[i],
                "creationTime": format!("2026-06-24T16:0{i}:00.000Z"),
                "from": { "phoneNumber": kit.known_number, "name": contact.name },
                "to": [{ "phoneNumber": "+16505550199" }]
            })
        })
        .collect();
    let mut body = json!({
        "logInfo": {
            "conversationId": conversation,
            "conversationLogId": format!("{conversation}-2026-06-24"),
            "type": "SMS",
            "creationTime": "2026-06-24T16:00:00.000Z",
            "messages": messages,
            "correspondents": [{ "phoneNumber": kit.known_number, "name": contact.name }]
        },
        "contactId": contact.id,
        "contactName": contact.name,
    });
    if let Some(kind) = &contact.contact_type {
        body["contactType"] = json!(kind);
    }
    if let Some(submission) = &kit.additional_submission {
        body["additionalSubmission"] = submission.clone();
    }
    body
}

impl Runner<'_> {
    fn known_contact(&self, step: Step) -> std::result::Result<Contact, ConformanceError> {
        self.contact.clone().ok_or_else(|| {
            fail(
                step,
                "(none)",
                "(no contact was matched)",
                "the contact lookup step to find a contact for the known number",
            )
        })
    }

    /// Logs `body`'s call: one new activity whose id is the answer's `logId`.
    async fn log_call(
        &mut self,
        step: Step,
        body: &Value,
    ) -> std::result::Result<String, ConformanceError> {
        let exchange = self.send(Method::POST, "/callLog", Some(body)).await;
        let logged: CallLogMutationResponse =
            self.answer(step, &exchange, "CallLogMutationResponse")?;
        let Some(log_id) = logged.log_id.filter(|_| logged.successful) else {
            return Err(exchange.fail(step, "`successful: true` and the CRM activity's `logId`"));
        };
        let log_id = log_id.to_string();
        self.expected_activities += 1;
        if self.activity(&log_id).await.is_none() {
            let activities = self.kit.crm.activities().await;
            return Err(fail(
                step,
                &exchange.request,
                &format!("{}; the CRM holds {activities:?}", exchange.response()),
                format!("the CRM to hold the activity {log_id}"),
            ));
        }
        Ok(log_id)
    }

    async fn log_against_new_contact(&mut self) -> StepResult {
        let step = Step::LogAgainstNewContact;
        let Some(contact) = self.new_contact.clone() else {
            return Ok("no contact was created".into());
        };
        let body = call_log_body(
            self.kit,
            NEW_CONTACT_SESSION,
            &contact,
            &self.kit.unknown_number,
        );
        let id = self.log_call(step, &body).await?;
        Ok(format!("activity {id}"))
    }

    async fn create_call_log(&mut self) -> StepResult {
        let step = Step::CreateCallLog;
        let contact = self.known_contact(step)?;
        let body = call_log_body(self.kit, CALL_SESSION, &contact, &self.kit.known_number);
        let id = self.log_call(step, &body).await?;
        self.log_id = Some(id.clone());
        Ok(format!("activity {id}"))
    }

    async fn duplicate_call_log(&mut self) -> StepResult {
        let step = Step::DuplicateCallLog;
        let contact = self.known_contact(step)?;
        let body = call_log_body(self.kit, CALL_SESSION, &contact, &self.kit.known_number);
        let exchange = self.send(Method::POST, "/callLog", Some(&body)).await;
        let again: CallLogMutationResponse =
            self.answer(step, &exchange, "CallLogMutationResponse")?;
        if again.successful {
            return Err(exchange.fail(
                step,
                "`successful: false` (\"Existing log for session …\") and no second activity",
            ));
        }
        Ok(String::new())
    }

    async fn update_call_log(&mut self) -> StepResult {
        let step = Step::UpdateCallLog;
        let log_id = self.log_id.clone().unwrap_or_default();
        let before = self
            .activity(&log_id)
            .await
            .map(|a| a.body)
            .unwrap_or_default();
        let edited = format!("{before}\n{USER_EDIT}\n");
        let user_edit = self.kit.crm.edit_body(&log_id, edited).await;
        let extension = self
            .kit
            .extension_number
            .clone()
            .unwrap_or_else(|| "101".into());
        let body = json!({
            "sessionId": CALL_SESSION,
            "extensionNumber": extension,
            "recordingLink": RECORDING,
            "note": EDITED_NOTE,
            "subject": "kit-subject: edited subject",
        });
        let exchange = self.send(Method::PATCH, "/callLog", Some(&body)).await;
        let updated: CallLogUpdateResponse =
            self.answer(step, &exchange, "CallLogUpdateResponse")?;
        let failure = |expected: String, held: &str| {
            fail(
                step,
                &exchange.request,
                &format!(
                    "{}; the CRM activity {log_id} holds {held:?}",
                    exchange.response()
                ),
                expected,
            )
        };
        if !updated.successful {
            return Err(failure("`successful: true`".into(), &before));
        }
        let Some(after) = self.activity(&log_id).await else {
            return Err(failure(
                format!("the activity {log_id} to stay in the CRM"),
                "",
            ));
        };
        if user_edit && !after.body.contains(USER_EDIT) {
            return Err(failure(
                "the user's edit in the CRM body to survive the update".into(),
                &after.body,
            ));
        }
        if !after.body.contains(RECORDING) {
            return Err(failure(
                "the recording link in the body".into(),
                &after.body,
            ));
        }
        if !after.body.contains(EDITED_NOTE) {
            return Err(failure("the edited note in the body".into(), &after.body));
        }
        Ok(if user_edit {
            "with a user edit".into()
        } else {
            "without a user edit (the CRM cannot edit bodies)".into()
        })
    }

    async fn read_back(&mut self) -> StepResult {
        let step = Step::ReadBack;
        let log_id = self.log_id.clone().unwrap_or_default();
        let path = format!("/callLog?sessionIds={CALL_SESSION}&requireDetails=true");
        let exchange = self.send(Method::GET, &path, None).await;
        let lookup: CallLogLookupResponse =
            self.answer(step, &exchange, "CallLogLookupResponse")?;
        let entry = lookup.logs.iter().find(|l| l.session_id == CALL_SESSION);
        let ok = entry.is_some_and(|e| {
            e.matched
                && e.log_id.as_ref().map(ToString::to_string).as_deref() == Some(log_id.as_str())
                && e.log_data.is_some()
        });
        if !lookup.successful || !ok {
            return Err(exchange.fail(
                step,
                format!("`{CALL_SESSION}` matched to log {log_id}, with its `logData`"),
            ));
        }
        Ok(String::new())
    }

    async fn disposition(&mut self) -> StepResult {
        let step = Step::Disposition;
        let extension = self
            .kit
            .extension_number
            .clone()
            .unwrap_or_else(|| "101".into());
        let body = json!({
            "sessionId": CALL_SESSION,
            "extensionNumber": extension,
            "dispositions": self.kit.dispositions,
        });
        let exchange = self
            .send(Method::PUT, "/callDisposition", Some(&body))
            .await;
        let answer: BasicMutationResponse =
            self.answer(step, &exchange, "BasicMutationResponse")?;
        if !answer.successful {
            return Err(exchange.fail(step, "`successful: true`"));
        }
        Ok(String::new())
    }

    /// Posts `body` to `/messageLog`; the activities the CRM holds afterwards.
    async fn log_messages(
        &self,
        step: Step,
        body: &Value,
    ) -> std::result::Result<(Exchange, Vec<Activity>), ConformanceError> {
        let exchange = self.send(Method::POST, "/messageLog", Some(body)).await;
        let answer: MessageLogResponse = self.answer(step, &exchange, "MessageLogResponse")?;
        if !answer.successful {
            return Err(exchange.fail(step, "`successful: true`"));
        }
        Ok((exchange, self.kit.crm.activities().await))
    }

    /// One activity (new or not) holding each of `texts` exactly once.
    fn message_activity(
        &self,
        step: Step,
        exchange: &Exchange,
        activities: &[Activity],
        texts: &[&str],
    ) -> std::result::Result<String, ConformanceError> {
        let holder = activities.iter().find(|a| a.body.contains(texts[0]));
        match holder {
            Some(a) if texts.iter().all(|t| a.body.matches(t).count() == 1) => Ok(a.id.clone()),
            _ => Err(fail(
                step,
                &exchange.request,
                &format!("{}; the CRM holds {activities:?}", exchange.response()),
                format!("one activity holding each of {texts:?} exactly once"),
            )),
        }
    }

    async fn message_log(&mut self) -> StepResult {
        let step = Step::MessageLog;
        let contact = self.known_contact(step)?;
        let body = message_log_body(self.kit, &contact, "kit-conversation-1", &[0, 1]);
        let (exchange, activities) = self.log_messages(step, &body).await?;
        self.expected_activities += 1;
        let id = self.message_activity(step, &exchange, &activities, &[SMS[0], SMS[1]])?;
        Ok(format!("activity {id}"))
    }

    async fn message_append(&mut self) -> StepResult {
        let step = Step::MessageAppend;
        let contact = self.known_contact(step)?;
        let body = message_log_body(self.kit, &contact, "kit-conversation-1", &[2, 0]);
        let (exchange, activities) = self.log_messages(step, &body).await?;
        let id = self.message_activity(step, &exchange, &activities, &[SMS[0], SMS[1], SMS[2]])?;
        Ok(format!("activity {id}"))
    }

    async fn shared_sms(&mut self) -> StepResult {
        let step = Step::SharedSms;
        let contact = self.known_contact(step)?;
        // A shared thread is composed whole from its entries; a later post rewrites it.
        let entry = |i: usize| {
            json!({ "recordType": "AliveMessage", "creationTime": format!("2026-06-24T16:0{i}:00Z"),
                    "direction": "Inbound", "text": SMS[i] })
        };
        let mut body = message_log_body(self.kit, &contact, "kit-conversation-2", &[3]);
        body["logInfo"]["owner"] =
            json!({ "name": "Kit shared queue", "extensionType": "Department" });
        body["logInfo"]["entities"] = json!([entry(3)]);
        let (exchange, activities) = self.log_messages(step, &body).await?;
        self.expected_activities += 1;
        let id = self.message_activity(step, &exchange, &activities, &[SMS[3]])?;
        self.check_activity_count(step).await?;
        body["logInfo"]["entities"] = json!([entry(3), entry(4)]);
        let (exchange, activities) = self.log_messages(step, &body).await?;
        let again = self.message_activity(step, &exchange, &activities, &[SMS[3], SMS[4]])?;
        if again != id {
            return Err(fail(
                step,
                &exchange.request,
                &format!("{}; the CRM holds {activities:?}", exchange.response()),
                format!("the thread rewritten in its activity {id}"),
            ));
        }
        Ok(format!("activity {id}"))
    }

    async fn auth_validation(&mut self) -> StepResult {
        self.answers_successfully(Step::AuthValidation, Method::GET, "/authValidation")
            .await
    }

    async fn refresh_user_info(&mut self) -> StepResult {
        self.answers_successfully(Step::RefreshUserInfo, Method::POST, "/user/refreshInfo")
            .await
    }

    /// `path` answers 200 `{ successful: true }` for the signed-in user.
    async fn answers_successfully(&self, step: Step, method: Method, path: &str) -> StepResult {
        let exchange = self.send(method, path, None).await;
        let answer: BasicMutationResponse =
            self.answer(step, &exchange, "BasicMutationResponse")?;
        if !answer.successful {
            return Err(exchange.fail(step, "`successful: true` for a fresh session"));
        }
        Ok(String::new())
    }

    async fn logout(&mut self) -> StepResult {
        let step = Step::Logout;
        let exchange = self.send(Method::POST, "/unAuthorize", None).await;
        if exchange.status != 200 {
            return Err(exchange.fail(step, "HTTP 200"));
        }
        let (after, _) = match self.lookup(step, &self.kit.known_number).await {
            // A refusal (not 200, or not a search response) is what is expected.
            Err(_) => return Ok(String::new()),
            Ok(found) => found,
        };
        let path = after.request.clone();
        let refused = after.body.get("successful") == Some(&json!(false));
        if !refused {
            return Err(fail(
                step,
                &path,
                &after.response(),
                "the session to be refused after `POST /unAuthorize`",
            ));
        }
        Ok(String::new())
    }
}
