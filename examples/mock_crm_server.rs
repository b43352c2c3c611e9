//! A complete App Connect connector server for an in-memory mock CRM.
//!
//! ```sh
//! cargo run --example mock_crm_server                       # http://127.0.0.1:6066
//! cargo run --example mock_crm_server -- --addr 127.0.0.1:0 # any free port
//! ```
//!
//! Sign in with the API key `demo-api-key`, then call the App Connect routes (`/contact`,
//! `/callLog`, `/messageLog`, …) as the App Connect client would; `GET /mock/activities`
//! shows every activity the connector wrote into the mock CRM. `docs/walkthrough.md` plays
//! one call with curl. The session secret is `APP_SERVER_SECRET_KEY` (a random one when unset).

use std::net::SocketAddr;
use std::sync::Arc;

use app_connect_sdk::manifest::Manifest;
use app_connect_sdk::server::ConnectorServer;
use app_connect_sdk::server::session::SessionKeys;
use axum::{Json, Router, extract::State, routing::get};

/// The mock CRM and its connector. It lives in its own module so that other examples can
/// reuse it (`#[path = "mock_crm_server.rs"] mod mock_crm_server;`).
pub mod mock_crm {
    use std::sync::{Mutex, MutexGuard, PoisonError};

    use app_connect_sdk::async_trait;
    use app_connect_sdk::compose::LogFormat;
    use app_connect_sdk::connector::{
        ApiKeyConnector, Auth, Connector, ConnectorError, ContactCreation, Context, MessageLogging,
        Result,
    };
    use app_connect_sdk::http::StatusCode;
    use app_connect_sdk::manifest::{
        AdditionalField, ApiKeyPage, Auth as ManifestAuth, AuthField, FieldKey, Manifest, Platform,
        ValidationErrors,
    };
    use app_connect_sdk::models::*;
    use serde::Serialize;

    /// The platform name: the manifest's key and the session tokens' `platform`.
    pub const PLATFORM: &str = "mockcrm";
    /// The only API key the mock CRM accepts.
    pub const DEMO_API_KEY: &str = "demo-api-key";
    /// The call-log field offering the contact's open deals. One definition serves the
    /// manifest's `const`, the contact's `additionalInfo` key and `additionalSubmission`.
    pub const DEALS: FieldKey = FieldKey::new("deals");

    // ----- The CRM's data -------------------------------------------------------------

    /// A CRM contact.
    #[derive(Debug, Clone)]
    pub struct CrmContact {
        /// CRM id.
        pub id: u64,
        /// Display name.
        pub name: String,
        /// E.164 phone number.
        pub phone: String,
    }

    /// A deal; open deals are offered in the call-log form.
    #[derive(Debug, Clone, Serialize)]
    pub struct Deal {
        /// CRM id.
        pub id: u64,
        /// The contact it belongs to.
        #[serde(skip)]
        pub contact_id: u64,
        /// Display name.
        pub name: String,
        /// Closed deals are not offered.
        #[serde(skip)]
        pub open: bool,
    }

    /// One activity written by the connector, as `GET /mock/activities` lists it.
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Activity {
        /// CRM id (the `logId` App Connect stores).
        pub id: u64,
        /// The contact it is logged against.
        pub contact_id: u64,
        /// `call` or `sms`.
        pub kind: &'static str,
        /// Subject line.
        pub subject: String,
        /// Body: text/html composed by the runtime for calls, one line per message for SMS.
        pub body: String,
        /// The deal selected in the call-log form.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub deal: Option<Deal>,
        /// RFC 3339 creation time.
        pub created_at: String,
        /// RFC 3339 time of the last change.
        pub updated_at: String,
    }

    #[derive(Debug)]
    struct Data {
        contacts: Vec<CrmContact>,
        deals: Vec<Deal>,
        activities: Vec<Activity>,
        next_id: u64,
    }

    /// The in-memory CRM. It is also the connector (`impl Connector for MockCrm`).
    #[derive(Debug)]
    pub struct MockCrm {
        data: Mutex<Data>,
    }

    fn now() -> String {
        chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }

    impl MockCrm {
        /// A CRM with three contacts; Ada Lovelace (`+14155550100`) has two open deals.
        #[must_use]
        pub fn seeded() -> Self {
            let contact = |id, name: &str, phone: &str| CrmContact {
                id,
                name: name.into(),
                phone: phone.into(),
            };
            let deal = |id, contact_id, name: &str, open| Deal {
                id,
                contact_id,
                name: name.into(),
                open,
            };
            let data = Data {
                contacts: vec![
                    contact(1, "Ada Lovelace", "+14155550100"),
                    contact(2, "Charles Babbage", "+14155550111"),
                    contact(3, "Grace Hopper", "+14155550122"),
                ],
                deals: vec![
                    deal(101, 1, "Analytical Engine programs", true),
                    deal(102, 1, "Bernoulli numbers note G", true),
                    deal(103, 1, "1843 translation", false),
                    deal(201, 2, "Difference Engine No. 2", true),
                ],
                activities: Vec::new(),
                next_id: 1000,
            };
            MockCrm {
                data: Mutex::new(data),
            }
        }

        /// Every activity written so far, oldest first.
        #[must_use]
        pub fn activities(&self) -> Vec<Activity> {
            self.lock().activities.clone()
        }

        fn lock(&self) -> MutexGuard<'_, Data> {
            self.data.lock().unwrap_or_else(PoisonError::into_inner)
        }
    }

    impl Data {
        fn id(&mut self) -> u64 {
            self.next_id += 1;
            self.next_id
        }

        fn contact(&self, id: &CrmId) -> Result<&CrmContact> {
            self.contacts
                .iter()
                .find(|c| c.id.to_string() == id.as_str())
                .ok_or_else(|| ConnectorError::invalid_input(format!("Contact {id} not found")))
        }

        fn activity(&mut self, id: &str) -> Result<&mut Activity> {
            self.activities
                .iter_mut()
                .find(|a| a.id.to_string() == id)
                .ok_or_else(|| ConnectorError::invalid_input(format!("Activity {id} not found")))
        }
    }

    /// Every request must carry the demo key, as a real CRM API would check it.
    fn check_key(cx: &Context) -> Result<()> {
        match cx.auth_header() {
            Some(header) if header == format!("Basic {DEMO_API_KEY}") => Ok(()),
            _ => Err(ConnectorError::crm(StatusCode::UNAUTHORIZED, "bad API key")),
        }
    }

    // ----- The manifest ---------------------------------------------------------------

    /// The manifest, built in code and validated; `server_url` is where the server listens.
    ///
    /// # Errors
    ///
    /// Every validation problem, if the manifest is broken.
    pub fn manifest(server_url: &str) -> std::result::Result<Manifest, ValidationErrors> {
        let login = ApiKeyPage::new("Mock CRM")
            .with_warning("The mock CRM accepts the API key `demo-api-key`.")
            .field(AuthField::new("apiKey", "API key").required());
        Manifest::builder()
            .server_url(server_url)
            .author("app-connect-sdk examples", "https://github.com/")
            .version("0.1.0")
            .platform(
                Platform::builder(PLATFORM, ManifestAuth::api_key(login))
                    .display_name("Mock CRM")
                    .contact_page_url(format!(
                        "{server_url}/mock/activities#contact-{{contactId}}"
                    ))
                    .log_page_url(format!("{server_url}/mock/activities#{{logId}}"))
                    .call_log_field(AdditionalField::dropdown(DEALS, "Deal").contact_dependent()),
            )
            .build()
    }

    // ----- Sign-in, contacts and call logs ----------------------------------------------

    impl ApiKeyConnector for MockCrm {
        fn basic_auth(&self, api_key: &str) -> String {
            api_key.to_owned() // a real CRM would want base64("<key>:")
        }
    }

    #[async_trait]
    impl Connector for MockCrm {
        fn platform(&self) -> &str {
            PLATFORM
        }

        fn auth(&self) -> Auth<'_> {
            Auth::ApiKey(self)
        }

        /// The runtime composes text/html bodies and recomposes them over `fullBody` on updates.
        fn log_format(&self) -> LogFormat {
            LogFormat::Html
        }

        async fn get_user_info(
            &self,
            cx: &Context,
            _: GetUserInfoParams,
        ) -> Result<UserInfoResult> {
            if check_key(cx).is_err() {
                let refused = ReturnMessage::warning(
                    "Invalid API key: the mock CRM accepts only the demo key `demo-api-key`.",
                );
                return Ok(UserInfoResult::failure(refused.with_ttl(5000)));
            }
            let info = PlatformUserInfo::new("1-mockcrm", "Demo User");
            Ok(UserInfoResult::success(info)
                .with_message(ReturnMessage::success("Connected to Mock CRM").with_ttl(2000)))
        }

        async fn find_contact(
            &self,
            cx: &Context,
            p: FindContactParams,
        ) -> Result<FindContactResult> {
            check_key(cx)?;
            let data = self.lock();
            let mut found: Vec<Contact> = (data.contacts.iter())
                .filter(|c| c.phone == p.phone_number)
                .map(|c| {
                    let deals = (data.deals.iter())
                        .filter(|d| d.contact_id == c.id && d.open)
                        .map(|d| ContactOption::new(d.id as i64, d.name.clone()))
                        .collect();
                    Contact::new(c.id as i64, c.name.clone())
                        .with_phone(c.phone.clone())
                        .with_type("Contact")
                        .with_additional_info(DEALS, deals)
                })
                .collect();
            found.push(Contact::create_new_placeholder()); // offers "Create new contact…"
            Ok(FindContactResult::found(found))
        }

        async fn create_call_log(
            &self,
            cx: &Context,
            p: CreateCallLogParams,
        ) -> Result<CreateCallLogResult> {
            check_key(cx)?;
            let mut data = self.lock();
            let contact = data.contact(&p.contact_info.id)?.clone();
            let deal = match p.additional_submission.get_id(DEALS.as_str()) {
                None => None,
                Some(id) => Some(
                    (data.deals.iter())
                        .find(|d| {
                            d.contact_id == contact.id && d.open && d.id.to_string() == id.as_str()
                        })
                        .cloned()
                        .ok_or_else(|| {
                            ConnectorError::invalid_input(format!(
                                "Deal {id} is not an open deal of {}",
                                contact.name
                            ))
                        })?,
                ),
            };
            let direction = p
                .call_log
                .direction
                .as_ref()
                .map_or("Call".into(), |d| format!("{d:?} call"));
            let subject = (p.call_log.custom_subject.clone())
                .unwrap_or_else(|| format!("{direction} with {}", contact.name));
            let id = data.id();
            data.activities.push(Activity {
                id,
                contact_id: contact.id,
                kind: "call",
                subject,
                body: p.composed_log_details, // the text/html body the runtime composed
                deal,
                created_at: now(),
                updated_at: now(),
            });
            Ok(CreateCallLogResult::logged(id as i64)
                .with_message(ReturnMessage::success("Call logged").with_ttl(2000)))
        }

        async fn update_call_log(
            &self,
            cx: &Context,
            p: UpdateCallLogParams,
        ) -> Result<UpdateCallLogResult> {
            check_key(cx)?;
            let mut data = self.lock();
            let activity = data.activity(&p.existing_call_log.third_party_log_id)?;
            if !p.composed_log_details.is_empty() {
                activity.body = p.composed_log_details; // recomposed over get_call_log's fullBody
            }
            if let Some(subject) = p.subject.filter(|s| !s.is_empty()) {
                activity.subject = subject;
            }
            activity.updated_at = now();
            Ok(UpdateCallLogResult::new()
                .with_message(ReturnMessage::success("Call log updated").with_ttl(2000)))
        }

        async fn get_call_log(
            &self,
            cx: &Context,
            p: GetCallLogParams,
        ) -> Result<GetCallLogResult> {
            check_key(cx)?;
            let mut data = self.lock();
            let activity = data.activity(&p.call_log_id)?;
            let info =
                CallLogInfo::new(activity.subject.clone()).with_full_body(activity.body.clone());
            Ok(GetCallLogResult::found(info))
        }

        fn contact_creation(&self) -> Option<&dyn ContactCreation> {
            Some(self)
        }

        fn message_logging(&self) -> Option<&dyn MessageLogging> {
            Some(self)
        }
    }

    // ----- Capabilities: contact creation and message logging ---------------------------

    #[async_trait]
    impl ContactCreation for MockCrm {
        async fn create_contact(
            &self,
            cx: &Context,
            p: CreateContactParams,
        ) -> Result<CreateContactResult> {
            check_key(cx)?;
            let name = p.new_contact_name.trim();
            if name.is_empty() || p.phone_number.trim().is_empty() {
                return Err(ConnectorError::invalid_input(
                    "A new contact needs a name and a phone number",
                ));
            }
            let mut data = self.lock();
            let id = data.id();
            let contact = CrmContact {
                id,
                name: name.into(),
                phone: p.phone_number.clone(),
            };
            data.contacts.push(contact);
            let created = Contact::new(id as i64, name)
                .with_phone(p.phone_number)
                .with_type("Contact");
            Ok(CreateContactResult::created(created).with_message(
                ReturnMessage::success(format!("Contact {name} created")).with_ttl(2000),
            ))
        }
    }

    /// One line per message: `<time> <sender>: <text>`.
    fn message_line(message: Option<&RcMessage>) -> String {
        let Some(m) = message else {
            return String::new();
        };
        let from = m
            .from
            .as_ref()
            .and_then(|f| f.name.clone().or(f.phone_number.clone()));
        format!(
            "{} {}: {}\n",
            m.creation_time.as_deref().unwrap_or("-"),
            from.as_deref().unwrap_or("unknown"),
            m.subject.as_deref().unwrap_or_default()
        )
    }

    #[async_trait]
    impl MessageLogging for MockCrm {
        async fn create_message_log(
            &self,
            cx: &Context,
            p: CreateMessageLogParams,
        ) -> Result<CreateMessageLogResult> {
            check_key(cx)?;
            let mut data = self.lock();
            let contact = data.contact(&p.contact_info.id)?.clone();
            let id = data.id();
            data.activities.push(Activity {
                id,
                contact_id: contact.id,
                kind: "sms",
                subject: format!("SMS conversation with {}", contact.name),
                body: message_line(p.message.as_ref()),
                deal: None,
                created_at: now(),
                updated_at: now(),
            });
            Ok(CreateMessageLogResult::logged(id as i64))
        }

        async fn update_message_log(
            &self,
            cx: &Context,
            p: UpdateMessageLogParams,
        ) -> Result<UpdateMessageLogResult> {
            check_key(cx)?;
            let mut data = self.lock();
            let activity = data.activity(&p.existing_message_log.third_party_log_id)?;
            activity.body.push_str(&message_line(p.message.as_ref()));
            activity.updated_at = now();
            Ok(UpdateMessageLogResult::new())
        }
    }
}

// ----- The server ---------------------------------------------------------------------

/// `GET /mock/activities`: what App Connect would have written into the CRM (read-only).
async fn activities(State(crm): State<Arc<mock_crm::MockCrm>>) -> Json<Vec<mock_crm::Activity>> {
    Json(crm.activities())
}

/// The session keys from `APP_SERVER_SECRET_KEY`, or random ones for this run.
fn session_keys() -> Result<SessionKeys, Box<dyn std::error::Error>> {
    if std::env::var_os("APP_SERVER_SECRET_KEY").is_some() {
        return Ok(SessionKeys::from_env("APP_SERVER_SECRET_KEY")?);
    }
    eprintln!("APP_SERVER_SECRET_KEY is not set: using a random session secret for this run");
    Ok(SessionKeys::new(random_secret())?)
}

/// 64 hex digits from the OS random source (falls back to std's randomly seeded hasher).
fn random_secret() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::io::Read;
    let mut bytes = [0u8; 32];
    let from_os = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if from_os.is_err() {
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_usize(i);
            chunk.copy_from_slice(&hasher.finish().to_le_bytes());
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `--addr HOST:PORT` (default `127.0.0.1:6066`).
fn parse_addr() -> Result<SocketAddr, String> {
    let usage = "usage: mock_crm_server [--addr HOST:PORT]";
    let mut args = std::env::args().skip(1);
    let mut addr = "127.0.0.1:6066".to_owned();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--addr" => {
                addr = args
                    .next()
                    .ok_or(format!("--addr needs HOST:PORT\n{usage}"))?
            }
            other if other.starts_with("--addr=") => addr = other["--addr=".len()..].to_owned(),
            other => return Err(format!("unknown argument `{other}`\n{usage}")),
        }
    }
    addr.parse()
        .map_err(|e| format!("bad --addr `{addr}`: {e}\n{usage}"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = parse_addr()?;
    let keys = session_keys()?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let url = format!("http://{}", listener.local_addr()?);

    // The manifest points App Connect at the address actually bound.
    let manifest: Manifest =
        mock_crm::manifest(&url).map_err(|e| format!("the manifest is broken:\n{e}"))?;
    let crm = Arc::new(mock_crm::MockCrm::seeded());
    let server = ConnectorServer::builder(keys)
        .connector(crm.clone())
        .manifest(&manifest)
        .build()?;

    // Our own read-only route, and App Connect's routes (a tower service) for everything else.
    let app = Router::new()
        .route("/mock/activities", get(activities))
        .with_state(crm)
        .fallback_service(server);

    println!("mock CRM listening on {url}");
    axum::serve(listener, app).await?;
    Ok(())
}
