//! [`ProxyConnector`]: the App Connect interfaces, each served by one configured request.

use std::fmt;

use async_trait::async_trait;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::config::{ConfigErrors, ConfigIssue, Operation, ProxyAuthType, ProxyConfig};
use super::engine::{self, response_context, text_if_truthy};
use super::template::{get_by_path, js_string, truthy};
use crate::compose::LogFormat;
use crate::connector::{
    ApiKeyConnector, CallDisposition, Connector, ConnectorError, ContactCreation, ContactSearch,
    Context, LicenseStatusCheck, MessageLogging, OAuthConnector, SignIn, UnAuthorize, UserList,
};
use crate::manifest::{
    ApiKeyPage, Auth as ManifestAuth, AuthField, Manifest, OAuth, Platform, ValidationErrors,
};
use crate::models::{
    Contact, CreateCallLogParams, CreateContactParams, CreateContactResult, CreateMessageLogParams,
    CrmId, CrmUser, FindContactParams, FindContactResult, FindContactWithNameParams, FlexibleDate,
    GetCallLogParams, GetCallLogResult, GetUserInfoParams, LicenseStatus, LogResult,
    MutationResult, OAuthInfo, OAuthInfoParams, PlatformUserInfo, ReturnMessage, Secret, StartTime,
    UpdateCallLogParams, UpdateCallLogResult, UpdateMessageLogParams, UpdateMessageLogResult,
    UpsertDispositionParams, UserInfoResult,
};

type Result<T> = std::result::Result<T, ConnectorError>;

/// The platform name of a config without `meta.name` (App Connect's proxy connector is
/// registered as `proxy`).
pub const DEFAULT_PLATFORM: &str = "proxy";

/// Why a proxy connector could not be made, or its manifest not derived.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProxyError {
    /// The config is broken: every problem, with its JSON path.
    #[error(transparent)]
    Config(#[from] ConfigErrors),
    /// The HTTP client could not be built (TLS setup).
    #[error("cannot build the proxy connector's HTTP client")]
    HttpClient(#[source] reqwest::Error),
    /// The manifest derived from the config (or the config's `manifest`) does not validate.
    #[error("the proxy connector's manifest is invalid:\n{0}")]
    Manifest(#[from] ValidationErrors),
}

/// A connector that is only a config: each App Connect interface is one HTTP request to the
/// CRM, rendered from templates, whose answer is read through dot paths. It interprets the
/// config as App Connect core's proxy engine does; `docs/proxy.md` lists the differences.
///
/// It implements every capability whose operation the config declares (`createContact`,
/// `findContactWithName`, `upsertCallDisposition`, `createMessageLog`/`updateMessageLog`,
/// `getUserList`, `getLicenseStatus`) and always `unAuthorize`. The required interfaces without
/// an operation answer as core does (`findContact`: no match; logs: `Not supported`).
///
/// ```
/// use app_connect_sdk::connector::proxy::ProxyConnector;
/// use app_connect_sdk::connector::{implemented_interfaces, Connector};
///
/// let connector = ProxyConnector::from_json_str(r#"{
///     "meta": { "name": "acme", "logFormat": "text/html" },
///     "requestDefaults": { "baseUrl": "https://api.acme.test" },
///     "operations": { "createContact": { "method": "POST", "url": "/contacts" } }
/// }"#)?;
/// assert_eq!(connector.platform(), "acme");
/// let map = implemented_interfaces(&connector, false);
/// assert_eq!(map.get("createContact"), Some(true));
/// assert_eq!(map.get("createMessageLog"), Some(false));
/// # Ok::<(), app_connect_sdk::connector::proxy::ProxyError>(())
/// ```
pub struct ProxyConnector {
    config: ProxyConfig,
    platform: String,
    log_format: LogFormat,
    client: reqwest::Client,
}

impl fmt::Debug for ProxyConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyConnector")
            .field("platform", &self.platform)
            .field("log_format", &self.log_format)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl ProxyConnector {
    /// A connector for a config read with [`ProxyConfig::from_json_str`] (and perhaps changed
    /// with [`ProxyConfig::set_base_url`]).
    ///
    /// # Errors
    ///
    /// [`ProxyError::Config`] when the config's `manifest` cannot be read (with its path), or
    /// [`ProxyError::HttpClient`].
    pub fn from_config(config: ProxyConfig) -> std::result::Result<Self, ProxyError> {
        if let Some(manifest) = &config.manifest
            && let Err(e) = Manifest::from_json_value(Value::Object(manifest.clone()))
        {
            let path = e.path().unwrap_or(".").trim_start_matches('.');
            let path = if path.is_empty() {
                "manifest".to_owned()
            } else {
                format!("manifest.{path}")
            };
            let message = match &e {
                crate::manifest::ManifestParseError::InvalidValue { message, .. } => {
                    message.clone()
                }
                other => other.to_string(),
            };
            return Err(ConfigErrors::from_issues(vec![ConfigIssue { path, message }]).into());
        }
        let meta = config.meta.as_ref();
        let platform = meta
            .and_then(|m| m.name.as_deref())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(DEFAULT_PLATFORM)
            .to_owned();
        let log_format = meta
            .and_then(|m| m.log_format.as_deref())
            .map_or(LogFormat::PlainText, LogFormat::parse);
        let client = reqwest::Client::builder()
            .build()
            .map_err(ProxyError::HttpClient)?;
        Ok(ProxyConnector {
            config,
            platform,
            log_format,
            client,
        })
    }

    /// [`ProxyConfig::from_json_str`], then [`ProxyConnector::from_config`].
    ///
    /// # Errors
    ///
    /// As those two.
    pub fn from_json_str(text: &str) -> std::result::Result<Self, ProxyError> {
        Self::from_config(ProxyConfig::from_json_str(text)?)
    }

    /// The config.
    #[must_use]
    pub fn config(&self) -> &ProxyConfig {
        &self.config
    }

    /// The manifest to serve, pointing App Connect at `server_url`: the config's `manifest` as
    /// it is, else one derived from the config (one platform named `meta.name`, shown as
    /// `meta.displayName`, signing in with an API key, or OAuth with `auth.authUrl`,
    /// `auth.clientId`, `auth.redirectUri` and `auth.scope`; `useContactSearch` when
    /// `findContactWithName` is configured).
    ///
    /// # Errors
    ///
    /// [`ProxyError::Manifest`] with every problem of the manifest.
    pub fn manifest(&self, server_url: &str) -> std::result::Result<Manifest, ProxyError> {
        if let Some(given) = &self.config.manifest {
            let mut manifest =
                Manifest::from_json_value(Value::Object(given.clone())).map_err(|e| {
                    ConfigErrors::from_issues(vec![ConfigIssue {
                        path: "manifest".into(),
                        message: e.to_string(),
                    }])
                })?;
            manifest.server_url = Some(server_url.to_owned());
            manifest.validate()?;
            return Ok(manifest);
        }
        let display = self
            .config
            .meta
            .as_ref()
            .and_then(|m| m.display_name.clone())
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| self.platform.clone());
        let auth_config = self.config.auth.as_ref();
        let auth = match auth_config.and_then(|a| a.auth_type) {
            Some(ProxyAuthType::OAuth) => {
                let a = auth_config.cloned().unwrap_or_default();
                let mut oauth = OAuth::new(
                    a.auth_url.unwrap_or_default(),
                    a.client_id.unwrap_or_default(),
                );
                if let Some(uri) = a.redirect_uri {
                    oauth = oauth.with_redirect_uri(uri);
                }
                if let Some(scope) = a.scope {
                    oauth = oauth.with_scope(scope);
                }
                ManifestAuth::oauth(oauth)
            }
            _ => ManifestAuth::api_key(
                ApiKeyPage::new(display.clone())
                    .field(AuthField::new("apiKey", "API key").required()),
            ),
        };
        let platform = Platform::builder(self.platform.clone(), auth)
            .display_name(display)
            .use_contact_search(self.config.operations.find_contact_with_name.is_some());
        Ok(Manifest::builder()
            .server_url(server_url)
            .author(
                "app-connect-sdk proxy connector",
                "https://github.com/ringcentral",
            )
            .version(env!("CARGO_PKG_VERSION"))
            .platform(platform)
            .build()?)
    }

    /// Runs operation `name`: renders its request against `inputs` (plus `user`, `authHeader`,
    /// `apiKey`, `secretKey`), sends it and returns the answer's body.
    async fn perform(
        &self,
        cx: &Context,
        name: &str,
        op: &Operation,
        inputs: Map<String, Value>,
    ) -> Result<Value> {
        let user = cx.user_opt();
        let context = engine::context(&self.config, inputs, user, cx.auth_header());
        let prepared = engine::prepare(&self.config, name, op, &context)?;
        engine::send(&self.client, prepared, name, &self.platform, user).await
    }
}

/// A serialisable value as a JSON object (empty for anything else).
fn object_of(value: &impl Serialize) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

fn inputs(pairs: impl IntoIterator<Item = (&'static str, Option<Value>)>) -> Map<String, Value> {
    pairs
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
        .collect()
}

/// A mapped value as text (`None` for missing and `null`).
fn text(value: Option<&Value>) -> Option<String> {
    match value {
        None | Some(Value::Null) => None,
        other => Some(js_string(other)),
    }
}

fn crm_id(value: Option<&Value>) -> Option<CrmId> {
    match value? {
        Value::Null => None,
        Value::String(s) => Some(CrmId::Str(s.clone())),
        Value::Number(n) => Some(CrmId::Num(n.clone())),
        other => Some(CrmId::Str(js_string(Some(other)))),
    }
}

fn date(value: Option<&Value>) -> Option<FlexibleDate> {
    if !truthy(value) {
        return None;
    }
    match value? {
        Value::Number(n) => Some(FlexibleDate::Number(n.clone())),
        other => Some(FlexibleDate::Text(js_string(Some(other)))),
    }
}

/// A path of a mapping, where an empty one counts as absent.
fn path<'a>(configured: Option<&'a str>, default: &'a str) -> &'a str {
    configured.filter(|p| !p.is_empty()).unwrap_or(default)
}

/// `moment(t).utc().toISOString()`: `now` when absent, `null` when unreadable.
fn iso_time(start: Option<&StartTime>, plus_seconds: u64) -> Value {
    let instant = match start {
        None => Some(chrono::Utc::now()),
        Some(t) => t.to_utc(),
    };
    match instant {
        Some(t) => {
            let t = t + chrono::Duration::seconds(i64::try_from(plus_seconds).unwrap_or(0));
            Value::from(t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        }
        None => Value::Null,
    }
}

fn iso_text(text: Option<&str>) -> Value {
    iso_time(text.map(|t| StartTime::Iso(t.to_owned())).as_ref(), 0)
}

/// The five RingSense inputs, `""` when absent (App Connect's defaults).
fn ring_sense_defaults(map: &mut Map<String, Value>) {
    for key in [
        "ringSenseTranscript",
        "ringSenseSummary",
        "ringSenseAIScore",
        "ringSenseBulletedSummary",
        "ringSenseLink",
    ] {
        map.entry(key).or_insert_with(|| Value::from(""));
    }
}

fn message(kind: fn(String) -> ReturnMessage, text: &str, ttl: u32) -> ReturnMessage {
    kind(text.to_owned()).with_ttl(ttl)
}

fn not_supported() -> ReturnMessage {
    message(ReturnMessage::warning, "Not supported", 2000)
}

/// A list of contacts read through a `findContact`-style mapping.
fn map_contacts(name: &str, op: &Operation, body: Value) -> Result<Vec<Contact>> {
    let Some(map) = &op.response_mapping else {
        return Ok(Vec::new());
    };
    let cx = response_context(body);
    let list = get_by_path(&cx, Some(path(map.list_path.as_deref(), "body")));
    let items = match list {
        Some(Value::Array(items)) => items.as_slice(),
        other if !truthy(other) => &[],
        _ => {
            return Err(ConnectorError::crm_unavailable(format!(
                "proxy operation {name}: the answer at `listPath` is not a list"
            )));
        }
    };
    let item = map.item.clone().unwrap_or_default();
    let at = |it: &'_ Value, p: Option<&str>, default: &str| -> Option<Value> {
        get_by_path(it, Some(path(p, default))).cloned()
    };
    Ok(items
        .iter()
        .map(|it| {
            let field = |p: &Option<String>, default: &str| {
                text_if_truthy(at(it, p.as_deref(), default).as_ref())
            };
            Contact {
                id: crm_id(at(it, item.id_path.as_deref(), "id").as_ref()),
                name: Some(field(&item.name_path, "name").unwrap_or_default()),
                phone: field(&item.phone_path, "phone"),
                contact_type: Some(
                    field(&item.type_path, "type").unwrap_or_else(|| "Contact".to_owned()),
                ),
                title: Some(field(&item.title_path, "title").unwrap_or_default()),
                company: Some(field(&item.company_path, "company").unwrap_or_default()),
                created_date: date(
                    at(it, item.created_date_path.as_deref(), "createdDate").as_ref(),
                ),
                most_recent_activity_date: date(
                    at(
                        it,
                        item.most_recent_activity_date_path.as_deref(),
                        "mostRecentActivityDate",
                    )
                    .as_ref(),
                ),
                additional_info: match at(
                    it,
                    item.additional_info_path.as_deref(),
                    "additionalInfo",
                ) {
                    Some(Value::Object(info)) => Some(info),
                    _ => None,
                },
                ..Contact::default()
            }
        })
        .collect())
}

impl ApiKeyConnector for ProxyConnector {
    /// base64 of `"<api key>:"`, as App Connect's proxy connector encodes it.
    fn basic_auth(&self, api_key: &str) -> String {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(format!("{api_key}:"))
    }
}

#[async_trait]
impl OAuthConnector for ProxyConnector {
    async fn oauth_info(&self, _cx: &Context, params: OAuthInfoParams) -> Result<OAuthInfo> {
        let auth = self.config.auth.clone().unwrap_or_default();
        Ok(OAuthInfo {
            client_id: auth.client_id.unwrap_or_default(),
            client_secret: auth.client_secret.unwrap_or_default(),
            access_token_uri: (params.token_url.filter(|u| !u.is_empty()))
                .or(auth.token_url)
                .unwrap_or_default(),
            redirect_uri: auth.redirect_uri.unwrap_or_default(),
            ..OAuthInfo::default()
        })
    }
}

#[async_trait]
impl Connector for ProxyConnector {
    fn platform(&self) -> &str {
        &self.platform
    }

    fn auth(&self) -> SignIn<'_> {
        match self.config.auth.as_ref().and_then(|a| a.auth_type) {
            Some(ProxyAuthType::OAuth) => SignIn::OAuth(self),
            _ => SignIn::ApiKey(self),
        }
    }

    fn log_format(&self) -> LogFormat {
        self.log_format.clone()
    }

    async fn get_user_info(&self, cx: &Context, p: GetUserInfoParams) -> Result<UserInfoResult> {
        let Some(op) = &self.config.operations.get_user_info else {
            return Ok(UserInfoResult::failure(message(
                ReturnMessage::warning,
                "Could not load user information. The platform does not support getUserInfo operation.",
                1000,
            )));
        };
        let platform = p
            .platform
            .clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| self.platform.clone());
        let additional_info = Value::Object(p.additional_info.clone());
        let api_key = p.api_key.as_ref().map(|k| Value::from(k.expose()));
        let hostname = p.hostname.clone().map(Value::from);
        let request_inputs = inputs([
            ("additionalInfo", Some(additional_info.clone())),
            ("apiKey", api_key.clone()),
            ("hostname", hostname.clone()),
            ("platform", Some(Value::from(platform.clone()))),
        ]);
        let body = self.perform(cx, "getUserInfo", op, request_inputs).await?;
        let map = op.response_mapping.clone().unwrap_or_default();
        let mut response = inputs([
            ("additionalInfo", Some(additional_info)),
            ("apiKey", api_key),
            ("hostname", hostname),
            ("platform", Some(Value::from(platform.clone()))),
        ]);
        response.insert("body".into(), body);
        let response = Value::Object(response);
        let read = |p: &Option<String>| p.as_deref().and_then(|p| get_by_path(&response, Some(p)));

        let Some(raw_id) = text(read(&map.id_path)) else {
            return Ok(UserInfoResult::failure(message(
                ReturnMessage::warning,
                &format!("Could not read the user id from {platform}'s answer."),
                3000,
            )));
        };
        let name = match &map.name_path {
            Some(_) => text(read(&map.name_path)),
            None => Some(raw_id.clone()),
        };
        let mut info = PlatformUserInfo::new(format!("{raw_id}-{platform}"), "");
        info.name = name;
        info.timezone_name = text_if_truthy(read(&map.timezone_name_path));
        info.overriding_api_key =
            text_if_truthy(read(&map.overriding_api_key_path)).map(Secret::new);
        let mut extra = p.additional_info.clone();
        // Credentials stay out of the user's platformAdditionalInfo.
        extra.remove("password");
        extra.remove("apiKey");
        for (key, expr) in map.platform_additional_info_paths.iter().flatten() {
            match get_by_path(&response, Some(expr)) {
                Some(v) => {
                    extra.insert(key.clone(), v.clone());
                }
                None => {
                    extra.remove(key);
                }
            }
        }
        if !extra.is_empty() {
            info.platform_additional_info = Some(extra);
        }
        let welcome = format!("Connected to {platform}.");
        let text = map
            .message_path
            .as_ref()
            .and_then(|_| text_if_truthy(read(&map.message_path)))
            .unwrap_or(welcome);
        Ok(
            UserInfoResult::success(info).with_message(message(
                ReturnMessage::success,
                &text,
                1000,
            )),
        )
    }

    async fn find_contact(&self, cx: &Context, p: FindContactParams) -> Result<FindContactResult> {
        let Some(op) = &self.config.operations.find_contact else {
            return Ok(FindContactResult::not_found());
        };
        let request_inputs = inputs([
            ("phoneNumber", Some(Value::from(p.phone_number.clone()))),
            (
                "parsedPhoneNumber",
                Some(parsed_phone_number(&p.phone_number)),
            ),
            (
                "overridingFormat",
                p.overriding_format.clone().map(Value::from),
            ),
            ("isExtension", Some(Value::from(p.is_extension))),
        ]);
        let body = self.perform(cx, "findContact", op, request_inputs).await?;
        let found = map_contacts("findContact", op, body)?;
        let n = found.len();
        Ok(FindContactResult::found(found).with_message(message(
            ReturnMessage::success,
            &format!("Found {n} contacts"),
            3000,
        )))
    }

    async fn create_call_log(&self, cx: &Context, p: CreateCallLogParams) -> Result<LogResult> {
        let Some(op) = &self.config.operations.create_call_log else {
            return Ok(LogResult::failure(not_supported()));
        };
        let mut request_inputs = object_of(&p);
        let direction = p.call_log.direction.as_ref().map(|d| d.as_str().to_owned());
        let subject = p.call_log.custom_subject.clone().unwrap_or_else(|| {
            let direction = direction.clone().unwrap_or_default();
            let to_from = if direction == "Outbound" {
                "to"
            } else {
                "from"
            };
            let contact = p.contact_info.name.clone().unwrap_or_default();
            format!("{direction} Call {to_from} {contact}")
        });
        let seconds = p
            .call_log
            .duration
            .as_ref()
            .and_then(|d| d.seconds())
            .unwrap_or(0);
        request_inputs.insert("subject".into(), Value::from(subject));
        request_inputs.insert(
            "startTime".into(),
            iso_time(p.call_log.start_time.as_ref(), 0),
        );
        request_inputs.insert(
            "endTime".into(),
            iso_time(p.call_log.start_time.as_ref(), seconds),
        );
        ring_sense_defaults(&mut request_inputs);
        let body = self
            .perform(cx, "createCallLog", op, request_inputs)
            .await?;
        let log_id = op.response_mapping.as_ref().and_then(|map| {
            let cx = response_context(body);
            text_if_truthy(get_by_path(
                &cx,
                Some(path(map.id_path.as_deref(), "body.id")),
            ))
        });
        let result = LogResult {
            log_id: log_id.map(CrmId::from),
            ..LogResult::default()
        };
        Ok(result.with_message(message(ReturnMessage::success, "Call logged", 2000)))
    }

    async fn update_call_log(
        &self,
        cx: &Context,
        p: UpdateCallLogParams,
    ) -> Result<UpdateCallLogResult> {
        let Some(op) = &self.config.operations.update_call_log else {
            return Ok(UpdateCallLogResult::new().with_message(not_supported()));
        };
        let mut request_inputs = object_of(&p);
        let seconds = p.duration.as_ref().and_then(|d| d.seconds()).unwrap_or(0);
        request_inputs.insert(
            "thirdPartyLogId".into(),
            Value::from(p.existing_call_log.third_party_log_id.clone()),
        );
        request_inputs.insert("startTime".into(), iso_time(p.start_time.as_ref(), 0));
        request_inputs.insert("endTime".into(), iso_time(p.start_time.as_ref(), seconds));
        ring_sense_defaults(&mut request_inputs);
        self.perform(cx, "updateCallLog", op, request_inputs)
            .await?;
        Ok(UpdateCallLogResult::new().with_message(message(
            ReturnMessage::success,
            "Call log updated.",
            3000,
        )))
    }

    async fn get_call_log(&self, cx: &Context, p: GetCallLogParams) -> Result<GetCallLogResult> {
        let Some(op) = &self.config.operations.get_call_log else {
            return Ok(GetCallLogResult::not_found(not_supported()));
        };
        let request_inputs = inputs([
            ("thirdPartyLogId", Some(Value::from(p.call_log_id.clone()))),
            ("contactId", Some(Value::from(p.contact_id.clone()))),
        ]);
        let body = self.perform(cx, "getCallLog", op, request_inputs).await?;
        let map = op.response_mapping.clone().unwrap_or_default();
        let response = response_context(body.clone());
        let read = |p: &Option<String>, default: &str| {
            text(get_by_path(&response, Some(path(p.as_deref(), default))))
        };
        let info = crate::models::CallLogInfo {
            subject: read(&map.subject_path, "body.subject"),
            note: read(&map.note_path, "body.note"),
            full_body: read(&map.full_body_path, "body.note"),
            full_log_response: Some(body),
            ..crate::models::CallLogInfo::default()
        };
        Ok(GetCallLogResult::found(info).with_message(message(
            ReturnMessage::success,
            "Call log fetched.",
            3000,
        )))
    }

    fn contact_search(&self) -> Option<&dyn ContactSearch> {
        self.config
            .operations
            .find_contact_with_name
            .as_ref()
            .map(|_| self as &dyn ContactSearch)
    }

    fn contact_creation(&self) -> Option<&dyn ContactCreation> {
        self.config
            .operations
            .create_contact
            .as_ref()
            .map(|_| self as &dyn ContactCreation)
    }

    fn call_disposition(&self) -> Option<&dyn CallDisposition> {
        self.config
            .operations
            .upsert_call_disposition
            .as_ref()
            .map(|_| self as &dyn CallDisposition)
    }

    fn message_logging(&self) -> Option<&dyn MessageLogging> {
        let ops = &self.config.operations;
        (ops.create_message_log.is_some() || ops.update_message_log.is_some())
            .then_some(self as &dyn MessageLogging)
    }

    fn un_authorize(&self) -> Option<&dyn UnAuthorize> {
        Some(self)
    }

    fn user_list(&self) -> Option<&dyn UserList> {
        self.config
            .operations
            .get_user_list
            .as_ref()
            .map(|_| self as &dyn UserList)
    }

    fn license_status(&self) -> Option<&dyn LicenseStatusCheck> {
        self.config
            .operations
            .get_license_status
            .as_ref()
            .map(|_| self as &dyn LicenseStatusCheck)
    }
}

/// The part of a parsed phone number a template can use: `number.input`, and `number.e164`
/// when the input is one (`+` and 8 to 15 digits).
fn parsed_phone_number(phone: &str) -> Value {
    let digits = phone.strip_prefix('+').unwrap_or_default();
    let e164 = (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    let mut number = json!({ "input": phone });
    if e164 {
        number["e164"] = Value::from(phone);
    }
    json!({ "valid": e164, "number": number })
}

#[async_trait]
impl ContactSearch for ProxyConnector {
    async fn find_contact_with_name(
        &self,
        cx: &Context,
        p: FindContactWithNameParams,
    ) -> Result<FindContactResult> {
        let Some(op) = &self.config.operations.find_contact_with_name else {
            return Ok(FindContactResult::not_found());
        };
        let request_inputs = inputs([("name", Some(Value::from(p.name)))]);
        let body = self
            .perform(cx, "findContactWithName", op, request_inputs)
            .await?;
        let found = map_contacts("findContactWithName", op, body)?;
        let n = found.len();
        Ok(FindContactResult::found(found).with_message(message(
            ReturnMessage::success,
            &format!("Found {n} contacts"),
            3000,
        )))
    }
}

#[async_trait]
impl ContactCreation for ProxyConnector {
    async fn create_contact(
        &self,
        cx: &Context,
        p: CreateContactParams,
    ) -> Result<CreateContactResult> {
        let Some(op) = &self.config.operations.create_contact else {
            return Ok(CreateContactResult::failure(not_supported()));
        };
        let request_inputs = inputs([
            ("phoneNumber", Some(Value::from(p.phone_number.clone()))),
            (
                "newContactName",
                Some(Value::from(p.new_contact_name.clone())),
            ),
            (
                "newContactType",
                p.new_contact_type.clone().map(Value::from),
            ),
            (
                "additionalSubmission",
                Some(Value::Object(object_of(&p.additional_submission))),
            ),
        ]);
        let body = self
            .perform(cx, "createContact", op, request_inputs)
            .await?;
        let map = op.response_mapping.clone().unwrap_or_default();
        let response = response_context(body);
        let mut result = CreateContactResult::default();
        if map.id_path.as_deref().is_some_and(|p| !p.is_empty()) {
            let read = |p: &Option<String>, default: &str| {
                get_by_path(&response, Some(path(p.as_deref(), default)))
            };
            result.contact_info = Some(Contact {
                id: crm_id(read(&map.id_path, "body.id")),
                name: text(read(&map.name_path, "body.name")),
                contact_type: Some(
                    text_if_truthy(read(&map.type_path, "body.type"))
                        .unwrap_or_else(|| "Contact".to_owned()),
                ),
                ..Contact::default()
            });
        }
        Ok(result.with_message(message(ReturnMessage::success, "Contact created", 2000)))
    }
}

#[async_trait]
impl CallDisposition for ProxyConnector {
    async fn upsert_call_disposition(
        &self,
        cx: &Context,
        p: UpsertDispositionParams,
    ) -> Result<LogResult> {
        let Some(op) = &self.config.operations.upsert_call_disposition else {
            return Ok(LogResult::failure(not_supported()));
        };
        let log_id = p.existing_call_log.third_party_log_id.clone();
        let request_inputs = inputs([
            (
                "existingCallLog",
                Some(Value::Object(object_of(&p.existing_call_log))),
            ),
            ("dispositions", Some(Value::Object(p.dispositions.clone()))),
            ("thirdPartyLogId", Some(Value::from(log_id.clone()))),
        ]);
        self.perform(cx, "upsertCallDisposition", op, request_inputs)
            .await?;
        Ok(LogResult::logged(log_id).with_message(message(
            ReturnMessage::success,
            "Disposition updated",
            2000,
        )))
    }
}

#[async_trait]
impl MessageLogging for ProxyConnector {
    async fn create_message_log(
        &self,
        cx: &Context,
        p: CreateMessageLogParams,
    ) -> Result<LogResult> {
        let Some(op) = &self.config.operations.create_message_log else {
            return Ok(LogResult::failure(not_supported()));
        };
        let mut request_inputs = object_of(&p);
        let created = p.message.as_ref().and_then(|m| m.creation_time.as_deref());
        request_inputs.insert("creationTime".into(), iso_text(created));
        let body = self
            .perform(cx, "createMessageLog", op, request_inputs)
            .await?;
        let map = op.response_mapping.clone().unwrap_or_default();
        let response = response_context(body);
        let log_id = text_if_truthy(get_by_path(
            &response,
            Some(path(map.id_path.as_deref(), "body.id")),
        ));
        let result = LogResult {
            log_id: log_id.map(CrmId::from),
            ..LogResult::default()
        };
        Ok(result.with_message(message(ReturnMessage::success, "Message logged", 1000)))
    }

    async fn update_message_log(
        &self,
        cx: &Context,
        p: UpdateMessageLogParams,
    ) -> Result<UpdateMessageLogResult> {
        let Some(op) = &self.config.operations.update_message_log else {
            return Ok(UpdateMessageLogResult::new().with_message(not_supported()));
        };
        let mut request_inputs = object_of(&p);
        request_inputs.insert(
            "thirdPartyLogId".into(),
            Value::from(p.existing_message_log.third_party_log_id.clone()),
        );
        let created = p.message.as_ref().and_then(|m| m.creation_time.as_deref());
        request_inputs.insert("creationTime".into(), iso_text(created));
        self.perform(cx, "updateMessageLog", op, request_inputs)
            .await?;
        Ok(UpdateMessageLogResult::new().with_message(message(
            ReturnMessage::success,
            "Message log updated",
            3000,
        )))
    }
}

#[async_trait]
impl UnAuthorize for ProxyConnector {
    async fn un_authorize(&self, cx: &Context) -> Result<MutationResult> {
        let mut user = cx.user()?.clone();
        if let Some(op) = &self.config.operations.un_authorize {
            self.perform(cx, "unAuthorize", op, Map::new()).await?;
        }
        user.access_token = Secret::default();
        user.refresh_token = None;
        if cx.save_user(user).await.is_err() {
            return Ok(MutationResult::failure(message(
                ReturnMessage::warning,
                "Database operation failed",
                5000,
            )));
        }
        Ok(MutationResult::success().with_message(message(
            ReturnMessage::success,
            "Logged out",
            1000,
        )))
    }
}

#[async_trait]
impl UserList for ProxyConnector {
    async fn get_user_list(&self, cx: &Context) -> Result<Vec<CrmUser>> {
        let Some(op) = &self.config.operations.get_user_list else {
            return Ok(Vec::new());
        };
        let body = self.perform(cx, "getUserList", op, Map::new()).await?;
        let map = op.response_mapping.clone().unwrap_or_default();
        let response = response_context(body);
        let list = map
            .list_path
            .as_deref()
            .and_then(|p| get_by_path(&response, Some(p)));
        let items = match list {
            Some(Value::Array(items)) => items.as_slice(),
            _ => &[],
        };
        Ok(items
            .iter()
            .filter_map(|item| {
                let read = |p: &Option<String>, default: &str| {
                    get_by_path(item, Some(path(p.as_deref(), default)))
                };
                Some(CrmUser {
                    id: crm_id(read(&map.id_path, "id"))?,
                    name: text(read(&map.name_path, "name")),
                    email: text(read(&map.email_path, "email")),
                    ..CrmUser::default()
                })
            })
            .collect())
    }
}

#[async_trait]
impl LicenseStatusCheck for ProxyConnector {
    async fn get_license_status(&self, cx: &Context) -> Result<LicenseStatus> {
        let Some(op) = &self.config.operations.get_license_status else {
            return Ok(LicenseStatus {
                is_license_valid: true,
                license_status: "Basic".into(),
                ..LicenseStatus::default()
            });
        };
        let user_id = cx.user()?.id.clone();
        let request_inputs = inputs([
            ("userId", Some(Value::from(user_id))),
            ("platform", Some(Value::from(self.platform.clone()))),
        ]);
        let body = self
            .perform(cx, "getLicenseStatus", op, request_inputs)
            .await?;
        let map = op.response_mapping.clone().unwrap_or_default();
        let response = response_context(body);
        let read = |p: &Option<String>, default: &str| {
            get_by_path(&response, Some(path(p.as_deref(), default)))
        };
        Ok(LicenseStatus {
            is_license_valid: truthy(read(&map.is_license_valid_path, "body.isLicenseValid")),
            license_status: text(read(&map.license_status_path, "body.licenseStatus"))
                .unwrap_or_default(),
            license_status_description: text(read(
                &map.license_status_description_path,
                "body.licenseStatusDescription",
            ))
            .unwrap_or_default(),
            ..LicenseStatus::default()
        })
    }
}
