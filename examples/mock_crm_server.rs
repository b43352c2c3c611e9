//! A complete App Connect connector server for an in-memory mock CRM.
//!
//! ```sh
//! cargo run --example mock_crm_server                       # http://127.0.0.1:6066
//! cargo run --example mock_crm_server -- --addr 127.0.0.1:0 # any free port
//! cargo run --example mock_crm_server -- --data /tmp/crm.db # state in another file
//! ```
//!
//! Sign in with the API key `demo-api-key`, then call the App Connect routes (`/contact`,
//! `/callLog`, `/messageLog`, …) as the App Connect client would; `GET /mock/activities`
//! shows every activity the connector wrote into the mock CRM. The README's walk-through plays
//! one call with curl. The session secret is `APP_SERVER_SECRET_KEY` (a random one when unset).
//!
//! State persists: `--data PATH` (default `mock-crm.db` in the working directory) is one SQLite
//! file holding the runtime's users and linkage and the mock CRM's own records, so a restart
//! with the same `APP_SERVER_SECRET_KEY` keeps sessions, logged calls and activities. The
//! credentials in it are sealed with a key kept beside it in `PATH.key` (created on first run,
//! owner-only). With `--database-url postgres://…` (feature `postgres`) the runtime's state
//! goes to PostgreSQL instead; the mock CRM's records stay in `--data`.
//!
//! The admin routes (`/admin/settings`, `/admin/userMapping` over the mock CRM's two users,
//! `/admin/serverLoggingSettings`) hash RingCentral ids with `HASH_KEY` (a fixed demo key when
//! unset) and validate RingCentral tokens against `RINGCENTRAL_API` (the public API when unset;
//! feature `oauth`).
//!
//! Built with `--features devtools`, it also serves the developer page at `/devtools/`: the
//! forms App Connect shows for a looked-up contact, and the activities as the CRM shows them.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use app_connect_sdk::server::session::SessionKeys;
use app_connect_sdk::server::store::{SqliteStore, StoreKey};
use app_connect_sdk::server::{ConnectorServer, ServerBuilder};
use axum::{Json, Router, extract::State, routing::get};

/// The mock CRM and its connector. It lives in its own module so that other examples can
/// reuse it (`#[path = "mock_crm_server.rs"] mod mock_crm_server;`).
pub mod mock_crm {
    use std::sync::{Mutex, MutexGuard, PoisonError};

    use app_connect_sdk::async_trait;
    use app_connect_sdk::compose::LogFormat;
    use app_connect_sdk::connector::{
        AccountData, ApiKeyConnector, CallDisposition, Connector, ConnectorError, ContactCreation,
        Context, LicenseStatusCheck, MessageLogging, Result, SignIn, UnAuthorize,
    };
    use app_connect_sdk::connector::{AppointmentStatusActions, Appointments};
    use app_connect_sdk::connector::{ServerLoggingSettings, UserList};
    use app_connect_sdk::http::StatusCode;
    use app_connect_sdk::manifest::{
        AdditionalField, ApiKeyPage, Auth as ManifestAuth, AuthField, FieldKey, Manifest, Platform,
        ValidationErrors,
    };
    use app_connect_sdk::models::*;
    use serde::{Deserialize, Serialize};

    /// The platform name: the manifest's key and the session tokens' `platform`.
    pub const PLATFORM: &str = "mockcrm";
    /// The only API key the mock CRM accepts.
    pub const DEMO_API_KEY: &str = "demo-api-key";
    /// The call-log field offering the contact's open deals. One definition serves the
    /// manifest's `const`, the contact's `additionalInfo` key and `additionalSubmission`.
    pub const DEALS: FieldKey = FieldKey::new("deals");
    /// The call-log field offering the CRM's activity types, from its account data.
    pub const ACTIVITY_TYPE: FieldKey = FieldKey::new("activityType");
    /// The account data key (`GET /accountData?keys=crmData`) holding the activity types.
    pub const CRM_DATA: &str = "crmData";
    /// The RingCentral account the demo puts its users in (see `post_save_user_info`).
    pub const DEMO_RC_ACCOUNT: &str = "demo-rc-account";

    // ----- The CRM's data -------------------------------------------------------------

    /// A contact of the CRM.
    #[derive(Debug, Clone, Serialize, Deserialize)]
    struct CrmContact {
        id: u64,
        name: String,
        phone: String, // E.164
    }

    /// A deal of a contact; its open deals are offered in the call-log form.
    #[derive(Debug, Clone, Serialize, Deserialize)]
    pub struct Deal {
        id: u64,
        name: String,
        #[serde(skip)]
        contact_id: u64,
        #[serde(skip)]
        open: bool,
    }

    /// One activity the connector wrote, as `GET /mock/activities` lists it.
    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Activity {
        id: u64, // the `logId` App Connect stores
        contact_id: u64,
        kind: String, // "call" or "sms"
        subject: String,
        body: String, // calls: the text/html body the runtime composed; SMS: one line per message
        #[serde(skip_serializing_if = "Option::is_none")]
        deal: Option<Deal>, // the deal selected in the call-log form
        #[serde(default, skip_serializing_if = "Extra::is_empty")]
        dispositions: Extra, // set by PUT /callDisposition
        #[serde(default, skip_serializing_if = "Option::is_none")]
        activity_type: Option<String>, // the title of the activity type picked in the form
        created_at: String, // RFC 3339
        updated_at: String,
    }

    impl Activity {
        /// The CRM id (the `logId`).
        #[must_use]
        pub fn id(&self) -> u64 {
            self.id
        }

        /// The body.
        #[must_use]
        pub fn body(&self) -> &str {
            &self.body
        }
    }

    /// An appointment of the CRM's calendar (`GET /appointments` lists them).
    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct CalendarEntry {
        id: u64,
        title: String,
        summary: String,
        start_time_utc: String, // ISO-8601 with offset, as App Connect sends it
        duration_minutes: u32,
        status: String, // scheduled, confirmed, tentative or cancelled
        contact_ids: Vec<u64>,
    }

    #[derive(Debug)]
    struct Data {
        contacts: Vec<CrmContact>,
        deals: Vec<Deal>,
        activities: Vec<Activity>,
        next_id: u64,
        appointments: Vec<CalendarEntry>,
        /// How many times the account data was fetched (not saved).
        account_data_fetches: u64,
        /// Server-side logging's additional field values (not persisted).
        server_logging: Extra,
    }

    /// What is saved of the CRM after each change (its deals are fixed).
    #[derive(Serialize, Deserialize)]
    struct Snapshot {
        contacts: Vec<CrmContact>,
        activities: Vec<Activity>,
        next_id: u64,
        #[serde(default)] // snapshots written before appointments have none
        appointments: Vec<CalendarEntry>,
    }

    /// Where the CRM's records are saved after each change (`None`: memory only).
    type Saver = Box<dyn Fn(&str) + Send + Sync>;

    /// The in-memory CRM. It is also the connector (`impl Connector for MockCrm`).
    pub struct MockCrm {
        data: Mutex<Data>,
        saver: Option<Saver>,
    }

    impl std::fmt::Debug for MockCrm {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("MockCrm")
                .field("data", &self.data)
                .field("persisted", &self.saver.is_some())
                .finish()
        }
    }

    fn now() -> String {
        chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }

    impl MockCrm {
        /// A CRM with three contacts; Ada Lovelace (`+14155550100`) has two open deals.
        #[must_use]
        pub fn seeded() -> Self {
            let contacts = [
                (1, "Ada Lovelace", "+14155550100"),
                (2, "Charles Babbage", "+14155550111"),
                (3, "Grace Hopper", "+14155550122"),
            ];
            let deals = [
                (101, 1, "Analytical Engine programs", true),
                (102, 1, "Bernoulli numbers note G", true),
                (103, 1, "1843 translation", false),
                (201, 2, "Difference Engine No. 2", true),
            ];
            let data = Data {
                contacts: (contacts.iter())
                    .map(|&(id, name, phone)| CrmContact {
                        id,
                        name: name.into(),
                        phone: phone.into(),
                    })
                    .collect(),
                deals: (deals.iter())
                    .map(|&(id, contact_id, name, open)| Deal {
                        id,
                        name: name.into(),
                        contact_id,
                        open,
                    })
                    .collect(),
                activities: Vec::new(),
                next_id: 1000,
                appointments: vec![CalendarEntry {
                    id: 900,
                    title: "Renewal review".into(),
                    summary: "Walk through the Analytical Engine programs".into(),
                    start_time_utc: "2026-12-08T15:00:00.000Z".into(),
                    duration_minutes: 30,
                    status: "scheduled".into(),
                    contact_ids: vec![1],
                }],
                account_data_fetches: 0,
                server_logging: Extra::new(),
            };
            MockCrm {
                data: Mutex::new(data),
                saver: None,
            }
        }

        /// The seeded CRM with the records of a previous run (`saved`, as written by `save`)
        /// restored, calling `save` with a JSON snapshot after each change.
        ///
        /// # Errors
        /// `saved` is not a snapshot.
        pub fn persisted(
            saved: Option<&str>,
            save: impl Fn(&str) + Send + Sync + 'static,
        ) -> std::result::Result<Self, String> {
            let mut crm = Self::seeded();
            if let Some(saved) = saved {
                let snapshot: Snapshot = serde_json::from_str(saved)
                    .map_err(|e| format!("the saved mock CRM records are unreadable: {e}"))?;
                let data = crm.data.get_mut().unwrap_or_else(PoisonError::into_inner);
                data.contacts = snapshot.contacts;
                data.activities = snapshot.activities;
                data.next_id = snapshot.next_id;
                if !snapshot.appointments.is_empty() {
                    data.appointments = snapshot.appointments;
                }
            }
            crm.saver = Some(Box::new(save));
            Ok(crm)
        }

        /// Saves the records (under the data lock, so saves keep the order of changes).
        fn save(&self, data: &Data) {
            if let Some(saver) = &self.saver {
                let snapshot = Snapshot {
                    contacts: data.contacts.clone(),
                    activities: data.activities.clone(),
                    next_id: data.next_id,
                    appointments: data.appointments.clone(),
                };
                if let Ok(json) = serde_json::to_string(&snapshot) {
                    saver(&json);
                }
            }
        }

        /// Every activity written so far, oldest first.
        #[must_use]
        pub fn activities(&self) -> Vec<Activity> {
            self.lock().activities.clone()
        }

        /// Replaces the body of activity `id`, as a CRM user editing it would; `false` when
        /// there is no such activity.
        pub fn edit_body(&self, id: &str, body: String) -> bool {
            let mut data = self.lock();
            let Ok(activity) = data.activity(id) else {
                return false;
            };
            activity.body = body;
            activity.updated_at = now();
            self.save(&data);
            true
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

        fn open_deal(&self, contact: &CrmContact, id: &CrmId) -> Result<Deal> {
            (self.deals.iter())
                .find(|d| d.contact_id == contact.id && d.open && d.id.to_string() == id.as_str())
                .cloned()
                .ok_or_else(|| {
                    let name = &contact.name;
                    ConnectorError::invalid_input(format!(
                        "Deal {id} is not an open deal of {name}"
                    ))
                })
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

    /// The manifest, built in code and validated (`Err` lists every problem); `server_url`
    /// is where the server listens.
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
                    .call_log_field(AdditionalField::dropdown(DEALS, "Deal").contact_dependent())
                    .call_log_field(
                        AdditionalField::dropdown(ACTIVITY_TYPE, "Activity type")
                            .account_data(CRM_DATA, "activityTypes"),
                    ),
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

        fn auth(&self) -> SignIn<'_> {
            SignIn::ApiKey(self)
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

        async fn create_call_log(&self, cx: &Context, p: CreateCallLogParams) -> Result<LogResult> {
            check_key(cx)?;
            let activity_type = match p.additional_submission.get_id(ACTIVITY_TYPE.as_str()) {
                Some(picked) => self.activity_type_title(cx, &picked.to_string()).await?,
                None => None,
            };
            let mut data = self.lock();
            let contact = data.contact(&p.contact_info.id)?.clone();
            // The deal the user picked in the form, under the same key the contact offered it.
            let deal = match p.additional_submission.get_id(DEALS.as_str()) {
                Some(id) => Some(data.open_deal(&contact, &id)?),
                None => None,
            };
            let subject = (p.call_log.custom_subject.clone())
                .unwrap_or_else(|| format!("Call with {}", contact.name));
            let id = data.id();
            data.activities.push(Activity {
                id,
                contact_id: contact.id,
                kind: "call".into(),
                subject,
                body: p.composed_log_details, // the text/html body the runtime composed
                deal,
                dispositions: Extra::new(),
                activity_type,
                created_at: now(),
                updated_at: now(),
            });
            self.save(&data);
            Ok(LogResult::logged(id as i64)
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
            self.save(&data);
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
            let mut info =
                CallLogInfo::new(activity.subject.clone()).with_full_body(activity.body.clone());
            if !activity.dispositions.is_empty() {
                info.dispositions = Some(activity.dispositions.clone());
            }
            Ok(GetCallLogResult::found(info))
        }

        fn contact_creation(&self) -> Option<&dyn ContactCreation> {
            Some(self)
        }

        fn message_logging(&self) -> Option<&dyn MessageLogging> {
            Some(self)
        }

        fn call_disposition(&self) -> Option<&dyn CallDisposition> {
            Some(self)
        }

        fn un_authorize(&self) -> Option<&dyn UnAuthorize> {
            Some(self)
        }

        fn license_status(&self) -> Option<&dyn LicenseStatusCheck> {
            Some(self)
        }

        fn appointments(&self) -> Option<&dyn Appointments> {
            Some(self)
        }

        fn account_data(&self) -> Option<&dyn AccountData> {
            Some(self)
        }

        fn user_list(&self) -> Option<&dyn UserList> {
            Some(self)
        }

        fn server_logging_settings(&self) -> Option<&dyn ServerLoggingSettings> {
            Some(self)
        }

        /// Puts the user in the demo's RingCentral account: account data and contact matches
        /// are cached per RingCentral account, and this demo signs in without a RingCentral
        /// token (App Connect core takes the account from the token the client sends).
        async fn post_save_user_info(
            &self,
            cx: &Context,
            info: PlatformUserInfo,
        ) -> Result<PlatformUserInfo> {
            let mut user = cx.user()?.clone();
            if user.rc_account_id.is_none() {
                user.rc_account_id = Some(DEMO_RC_ACCOUNT.to_owned());
                cx.save_user(user).await?;
            }
            Ok(info)
        }
    }

    // ----- Capabilities: dispositions, logout and license status ------------------------

    #[async_trait]
    impl CallDisposition for MockCrm {
        async fn upsert_call_disposition(
            &self,
            cx: &Context,
            p: UpsertDispositionParams,
        ) -> Result<LogResult> {
            check_key(cx)?;
            let mut data = self.lock();
            let id = p.existing_call_log.third_party_log_id.clone();
            let activity = data.activity(&id)?;
            activity.dispositions.extend(p.dispositions);
            activity.updated_at = now();
            self.save(&data);
            Ok(LogResult::logged(id)
                .with_message(ReturnMessage::success("Disposition updated").with_ttl(2000)))
        }
    }

    #[async_trait]
    impl UnAuthorize for MockCrm {
        async fn un_authorize(&self, _: &Context) -> Result<MutationResult> {
            // An API key has no session to revoke in the CRM; the runtime forgets the key.
            Ok(MutationResult::success()
                .with_message(ReturnMessage::success("Logged out of the mock CRM").with_ttl(1000)))
        }
    }

    #[async_trait]
    impl LicenseStatusCheck for MockCrm {
        async fn get_license_status(&self, cx: &Context) -> Result<LicenseStatus> {
            check_key(cx)?;
            Ok(LicenseStatus::valid("Demo"))
        }
    }

    // ----- Capabilities: appointments ---------------------------------------------------

    /// The statuses the mock calendar knows (`POST /appointments/{id}/status`).
    const STATUSES: [&str; 4] = ["scheduled", "confirmed", "tentative", "cancelled"];

    impl CalendarEntry {
        fn to_appointment(&self) -> Appointment {
            let mut appointment = Appointment::new(self.id.to_string())
                .with_title(self.title.clone())
                .with_start(self.start_time_utc.clone(), self.duration_minutes)
                .with_status(self.status.clone());
            appointment.third_party_appointment_id = Some(self.id.to_string().into());
            appointment.description = Some(self.summary.clone());
            appointment.contact_id = self.contact_ids.first().map(|id| id.to_string().into());
            appointment.contact_type = appointment.contact_id.as_ref().map(|_| "Contact".into());
            appointment
        }
    }

    fn appointment_not_found(id: &str) -> AppointmentResponse {
        AppointmentResponse::failure(
            ReturnMessage::warning(format!("Appointment {id} not found in Mock CRM"))
                .with_ttl(5000),
        )
    }

    impl Data {
        fn contact_ids(
            &self,
            contacts: Option<&[AppointmentContactReference]>,
        ) -> Result<Vec<u64>> {
            (contacts.unwrap_or_default().iter())
                .map(|c| self.contact(c.id()).map(|contact| contact.id))
                .collect()
        }

        fn appointment(&mut self, id: &str) -> Option<&mut CalendarEntry> {
            self.appointments
                .iter_mut()
                .find(|a| a.id.to_string() == id)
        }
    }

    #[async_trait]
    impl Appointments for MockCrm {
        async fn list_appointments(
            &self,
            cx: &Context,
            range: Option<AppointmentRange>,
        ) -> Result<AppointmentListResponse> {
            check_key(cx)?;
            let data = self.lock();
            let listed = (data.appointments.iter())
                .filter(|a| {
                    let day = a.start_time_utc.get(..10).unwrap_or_default();
                    range
                        .as_ref()
                        .is_none_or(|r| r.start_date.as_str() <= day && day <= r.end_date.as_str())
                })
                .map(CalendarEntry::to_appointment)
                .collect();
            Ok(AppointmentListResponse::new(listed))
        }

        async fn create_appointment(
            &self,
            cx: &Context,
            input: CreateAppointmentInput,
        ) -> Result<AppointmentResponse> {
            check_key(cx)?;
            let mut data = self.lock();
            let contact_ids = data.contact_ids(input.contacts.as_deref())?;
            let id = data.id();
            let entry = CalendarEntry {
                id,
                title: input.title,
                summary: input.summary,
                start_time_utc: input.start_time_utc,
                duration_minutes: input.duration_minutes,
                status: "scheduled".into(),
                contact_ids,
            };
            let appointment = entry.to_appointment();
            data.appointments.push(entry);
            self.save(&data);
            Ok(AppointmentResponse::created(id.to_string()).with_appointment(appointment))
        }

        async fn update_appointment(
            &self,
            cx: &Context,
            id: &str,
            patch: AppointmentPatchInput,
        ) -> Result<AppointmentResponse> {
            check_key(cx)?;
            let mut data = self.lock();
            if let Some(status) = &patch.status
                && !STATUSES.contains(&status.as_str())
            {
                let refused = format!("Mock CRM appointments cannot be {status}");
                return Ok(AppointmentResponse::failure(
                    ReturnMessage::warning(refused).with_ttl(5000),
                ));
            }
            let contact_ids = match &patch.contacts {
                Some(contacts) => Some(data.contact_ids(Some(contacts))?),
                None => None,
            };
            let Some(entry) = data.appointment(id) else {
                return Ok(appointment_not_found(id));
            };
            if let Some(title) = patch.title {
                entry.title = title;
            }
            if let Some(summary) = patch.summary {
                entry.summary = summary;
            }
            if let Some(start) = patch.start_time_utc.or(patch.start_time) {
                entry.start_time_utc = start;
            }
            if let Some(minutes) = patch.duration_minutes {
                entry.duration_minutes = minutes;
            }
            if let Some(status) = patch.status {
                entry.status = status;
            }
            if let Some(contact_ids) = contact_ids {
                entry.contact_ids = contact_ids;
            }
            let appointment = entry.to_appointment();
            self.save(&data);
            Ok(AppointmentResponse::record(appointment))
        }

        async fn refresh_appointment(&self, cx: &Context, id: &str) -> Result<AppointmentResponse> {
            check_key(cx)?;
            match self.lock().appointment(id) {
                Some(entry) => Ok(AppointmentResponse::record(entry.to_appointment())),
                None => Ok(appointment_not_found(id)),
            }
        }

        fn status_actions(&self) -> Option<&dyn AppointmentStatusActions> {
            Some(self)
        }
    }

    impl MockCrm {
        /// Sets the status of appointment `id`; its record, or `None` when there is none.
        fn set_status(&self, id: &str, status: &str) -> Option<Appointment> {
            let mut data = self.lock();
            let entry = data.appointment(id)?;
            entry.status = status.to_owned();
            let appointment = entry.to_appointment();
            self.save(&data);
            Some(appointment)
        }
    }

    #[async_trait]
    impl AppointmentStatusActions for MockCrm {
        /// Answers with the confirmed record.
        async fn confirm_appointment(&self, cx: &Context, id: &str) -> Result<AppointmentResponse> {
            check_key(cx)?;
            Ok(match self.set_status(id, "confirmed") {
                Some(appointment) => AppointmentResponse::record(appointment),
                None => appointment_not_found(id),
            })
        }

        /// Answers with a message only, as CRMs that return no record do.
        async fn cancel_appointment(&self, cx: &Context, id: &str) -> Result<AppointmentResponse> {
            check_key(cx)?;
            Ok(match self.set_status(id, "cancelled") {
                Some(_) => AppointmentResponse::done(
                    ReturnMessage::success("Appointment cancelled").with_ttl(2000),
                ),
                None => appointment_not_found(id),
            })
        }
    }

    // ----- Capability: account data -----------------------------------------------------

    /// The CRM's account-level data, as one `GET /accountData` key: its activity types.
    fn crm_data() -> serde_json::Value {
        serde_json::json!({
            "activityTypes": [
                { "const": "call", "title": "Phone call" },
                { "const": "meeting", "title": "Meeting" },
                { "const": "follow-up", "title": "Follow-up" },
            ]
        })
    }

    #[async_trait]
    impl AccountData for MockCrm {
        fn account_data_keys(&self) -> Vec<String> {
            vec![CRM_DATA.to_owned()]
        }

        async fn fetch_account_data(&self, cx: &Context, key: &str) -> Result<serde_json::Value> {
            check_key(cx)?;
            if key != CRM_DATA {
                return Err(ConnectorError::invalid_input(format!(
                    "no account data `{key}`"
                )));
            }
            self.lock().account_data_fetches += 1;
            Ok(crm_data())
        }
    }

    impl MockCrm {
        /// The title of the activity type `picked`, read through the runtime's account data
        /// cache (fetched from the CRM at most once a day per RingCentral account) rather
        /// than a cache of the connector's own.
        async fn activity_type_title(&self, cx: &Context, picked: &str) -> Result<Option<String>> {
            let data = cx
                .account_data()
                .get_or_fetch(
                    CRM_DATA,
                    self.account_data_ttl(CRM_DATA),
                    false,
                    self.fetch_account_data(cx, CRM_DATA),
                )
                .await?;
            let types = data["activityTypes"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let title = types
                .iter()
                .find(|t| t["const"] == picked)
                .and_then(|t| t["title"].as_str())
                .ok_or_else(|| {
                    ConnectorError::invalid_input(format!("unknown activity type `{picked}`"))
                })?;
            Ok(Some(title.to_owned()))
        }

        /// How many times the CRM was asked for its account data (the runtime caches it).
        #[must_use]
        pub fn account_data_fetches(&self) -> u64 {
            self.lock().account_data_fetches
        }
    }

    // ----- Capabilities: the user list and server-side logging settings -----------------

    /// The CRM's users, for the admin's user mapping (`POST /admin/userMapping`).
    pub const CRM_USERS: [(u64, &str, &str); 2] = [
        (1, "Ada Admin", "ada.admin@mockcrm.example"),
        (2, "Alan Agent", "alan.agent@mockcrm.example"),
    ];

    #[async_trait]
    impl UserList for MockCrm {
        async fn get_user_list(&self, cx: &Context) -> Result<Vec<CrmUser>> {
            check_key(cx)?;
            Ok((CRM_USERS.iter())
                .map(|&(id, name, email)| CrmUser::new(id as i64, name).with_email(email))
                .collect())
        }
    }

    #[async_trait]
    impl ServerLoggingSettings for MockCrm {
        async fn get_server_logging_settings(&self, cx: &Context) -> Result<Extra> {
            check_key(cx)?;
            Ok(self.lock().server_logging.clone())
        }

        async fn update_server_logging_settings(
            &self,
            cx: &Context,
            values: Extra,
        ) -> Result<MutationResult> {
            check_key(cx)?;
            self.lock().server_logging.extend(values);
            Ok(MutationResult::success().with_message(
                ReturnMessage::success("Server logging settings saved").with_ttl(2000),
            ))
        }
    }

    // ----- The developer page's view of the activities (feature `devtools`) -------------

    #[cfg(feature = "devtools")]
    impl MockCrm {
        /// Every activity as the devtools page shows it: call bodies are the text/html the
        /// runtime composed, SMS bodies plain text.
        #[must_use]
        pub fn devtools_activities(&self) -> Vec<app_connect_sdk::devtools::ActivityView> {
            use app_connect_sdk::devtools::ActivityView;
            (self.activities().into_iter())
                .map(|a| {
                    let format = match a.kind.as_str() {
                        "call" => LogFormat::Html,
                        _ => LogFormat::PlainText,
                    };
                    let view = ActivityView::new(a.subject, a.body, format)
                        .with_detail("Kind", a.kind)
                        .with_detail("Log id", a.id.to_string())
                        .with_detail("Contact id", a.contact_id.to_string())
                        .with_detail("Updated", a.updated_at);
                    match a.deal {
                        Some(deal) => view.with_detail("Deal", deal.name),
                        None => view,
                    }
                })
                .collect()
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
            self.save(&data);
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
        ) -> Result<LogResult> {
            check_key(cx)?;
            let mut data = self.lock();
            let contact = data.contact(&p.contact_info.id)?.clone();
            let id = data.id();
            data.activities.push(Activity {
                id,
                contact_id: contact.id,
                kind: "sms".into(),
                subject: format!("SMS conversation with {}", contact.name),
                // A shared-SMS thread arrives composed whole; a single message as itself.
                body: match &p.shared_sms_log_content {
                    Some(shared) => shared.body.clone(),
                    None => message_line(p.message.as_ref()),
                },
                deal: None,
                dispositions: Extra::new(),
                activity_type: None,
                created_at: now(),
                updated_at: now(),
            });
            self.save(&data);
            Ok(LogResult::logged(id as i64))
        }

        async fn update_message_log(
            &self,
            cx: &Context,
            p: UpdateMessageLogParams,
        ) -> Result<UpdateMessageLogResult> {
            check_key(cx)?;
            let mut data = self.lock();
            let activity = data.activity(&p.existing_message_log.third_party_log_id)?;
            match &p.shared_sms_log_content {
                Some(shared) => activity.body.clone_from(&shared.body), // the recomposed thread
                None => activity.body.push_str(&message_line(p.message.as_ref())),
            }
            activity.updated_at = now();
            self.save(&data);
            Ok(UpdateMessageLogResult::new())
        }
    }
}

// ----- The server ---------------------------------------------------------------------

/// `GET /mock/activities`: what App Connect would have written into the CRM (read-only).
async fn activities(State(crm): State<Arc<mock_crm::MockCrm>>) -> Json<Vec<mock_crm::Activity>> {
    Json(crm.activities())
}

/// The session keys from `APP_SERVER_SECRET_KEY`, or random ones for this run. Errors name
/// the variable, never its value.
pub fn session_keys() -> Result<SessionKeys, String> {
    if std::env::var_os("APP_SERVER_SECRET_KEY").is_some() {
        return SessionKeys::from_env("APP_SERVER_SECRET_KEY")
            .map_err(|e| format!("APP_SERVER_SECRET_KEY: {e}"));
    }
    eprintln!("APP_SERVER_SECRET_KEY is not set: using a random session secret for this run");
    SessionKeys::new(random_secret()).map_err(|e| e.to_string())
}

/// 64 hex digits. std's `RandomState` is seeded from the OS random source (128 random bits,
/// plenty for a secret that lives as long as this process).
fn random_secret() -> String {
    use std::hash::{BuildHasher, Hasher};
    let state = std::collections::hash_map::RandomState::new();
    let word = |i| {
        let mut hasher = state.build_hasher();
        hasher.write_u64(i);
        format!("{:016x}", hasher.finish())
    };
    (0..4).map(word).collect()
}

/// The address given as `--addr HOST:PORT`, else `default`.
pub fn parse_addr(default: &str) -> Result<SocketAddr, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let addr = match args.as_slice() {
        [] => default,
        [flag, addr] if flag == "--addr" => addr.as_str(),
        _ => return Err("usage: [--addr HOST:PORT] (for example --addr 127.0.0.1:0)".into()),
    };
    addr.parse()
        .map_err(|e| format!("bad --addr `{addr}`: {e}"))
}

/// The command line: `[--addr HOST:PORT] [--data PATH] [--database-url postgres://…]`.
struct Args {
    addr: SocketAddr,
    data: PathBuf,
    database_url: Option<String>,
}

const USAGE: &str = "usage: [--addr HOST:PORT] [--data PATH] [--database-url postgres://…]";

fn parse_args() -> Result<Args, String> {
    let mut addr = "127.0.0.1:6066".to_owned();
    let mut data = PathBuf::from("mock-crm.db");
    let mut database_url = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("{flag} needs a value; {USAGE}"))?;
        match flag.as_str() {
            "--addr" => addr = value,
            "--data" => data = PathBuf::from(value),
            "--database-url" => database_url = Some(value),
            _ => return Err(format!("unknown argument `{flag}`; {USAGE}")),
        }
    }
    let addr = addr
        .parse()
        .map_err(|e| format!("bad --addr `{addr}`: {e}"))?;
    Ok(Args {
        addr,
        data,
        database_url,
    })
}

/// The key sealing the stored credentials: `PATH.key` beside the data file, created with 64
/// random hex digits (owner-only) on first run. Kept apart from the session secret, so the
/// data stays readable when `APP_SERVER_SECRET_KEY` is unset (random) or rotated.
fn store_key(data: &Path) -> Result<StoreKey, String> {
    let mut name = data.as_os_str().to_owned();
    name.push(".key");
    let path = PathBuf::from(name);
    if let Ok(text) = std::fs::read_to_string(&path) {
        return StoreKey::from_hex(&text).map_err(|e| format!("{}: {e}", path.display()));
    }
    let hex = random_secret();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&path)
        .map_err(|e| format!("cannot create the store key {}: {e}", path.display()))?;
    std::io::Write::write_all(&mut file, hex.as_bytes())
        .map_err(|e| format!("cannot write the store key {}: {e}", path.display()))?;
    StoreKey::from_hex(&hex).map_err(|e| e.to_string())
}

/// The mock CRM, its records restored from and saved to the `mock_crm_records` table of the
/// data file (a connection of its own beside the store's; the file is in WAL mode).
fn persisted_crm(data: &Path) -> Result<mock_crm::MockCrm, String> {
    let failed = |e: rusqlite::Error| format!("{}: {e}", data.display());
    let conn = rusqlite::Connection::open(data).map_err(failed)?;
    conn.busy_timeout(Duration::from_secs(5)).map_err(failed)?;
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS mock_crm_records \
         (id INTEGER PRIMARY KEY CHECK (id = 1), snapshot TEXT NOT NULL)",
    )
    .map_err(failed)?;
    let saved: Option<String> = conn
        .query_row("SELECT snapshot FROM mock_crm_records", [], |row| {
            row.get(0)
        })
        .ok();
    let conn = Mutex::new(conn);
    mock_crm::MockCrm::persisted(saved.as_deref(), move |snapshot| {
        let conn = conn.lock().unwrap_or_else(PoisonError::into_inner);
        if let Err(e) = conn.execute(
            "INSERT INTO mock_crm_records (id, snapshot) VALUES (1, ?1) \
             ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot",
            [snapshot],
        ) {
            eprintln!("mock_crm_server: cannot save the mock CRM records: {e}");
        }
    })
}

/// The runtime's stores: PostgreSQL with `--database-url`, else the SQLite data file.
async fn with_stores(
    builder: ServerBuilder,
    args: &Args,
    key: &StoreKey,
) -> Result<ServerBuilder, Box<dyn std::error::Error>> {
    match &args.database_url {
        None => Ok(builder.stores(SqliteStore::open(&args.data, key)?)),
        #[cfg(feature = "postgres")]
        Some(url) => {
            Ok(builder
                .stores(app_connect_sdk::server::store::PostgresStore::connect(url, key).await?))
        }
        #[cfg(not(feature = "postgres"))]
        Some(_) => Err("--database-url needs the example built with `--features postgres`".into()),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("mock_crm_server: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    host::install_tracing(); // RUST_LOG=app_connect_sdk=debug shows every rejection
    let args = parse_args()?;
    let keys = session_keys()?;
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    let url = format!("http://{}", listener.local_addr()?);

    // The manifest points App Connect at the address actually bound.
    let manifest = mock_crm::manifest(&url).map_err(|e| format!("the manifest is broken:\n{e}"))?;
    let key = store_key(&args.data)?;
    let builder = ConnectorServer::builder(keys);
    let builder = with_stores(builder, &args, &key).await?;
    let crm = Arc::new(persisted_crm(&args.data)?);
    let builder = builder
        .connector(crm.clone()) // an Arc<MockCrm> is a connector too
        .manifest(&manifest)
        // App Connect's HASH_KEY: hashes RingCentral ids (`/userInfoHash`, admin settings).
        .hash_key(std::env::var("HASH_KEY").unwrap_or_else(|_| "mock-crm-hash-key".to_owned()));
    // The RingCentral API that validates admin tokens (`RINGCENTRAL_API`, e.g. a sandbox).
    #[cfg(feature = "oauth")]
    let builder = match std::env::var("RINGCENTRAL_API") {
        Ok(url) => builder.ringcentral_api(url),
        Err(_) => builder,
    };
    let server = builder.build()?;

    #[cfg(feature = "devtools")]
    let devtools = devtools_page::devtools(&server, &manifest, &crm);

    // Our own read-only route; App Connect's routes (a tower service) answer everything else.
    // CORS: a browser client may call from any origin and read the rotated session token.
    let cors = tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_methods(tower_http::cors::Any)
        .allow_headers(tower_http::cors::Any)
        .expose_headers([axum::http::HeaderName::from_static(
            app_connect_sdk::server::REFRESHED_TOKEN_HEADER,
        )]);
    let app = Router::new()
        .route("/mock/activities", get(activities))
        .with_state(crm)
        .fallback_service(server)
        .layer(cors);

    #[cfg(feature = "devtools")]
    let app = devtools_page::mount(app, devtools);

    println!("mock CRM listening on {url}");
    // Header and body read timeouts, a connection limit; Ctrl-C finishes the requests in
    // flight, then stops.
    host::serve(listener, app, host::Limits::from_env()?).await?;
    Ok(())
}

// ----- The developer page (feature `devtools`) ------------------------------------------

/// `/devtools/`: the crate's developer page over this server, signed in with the demo key.
#[cfg(feature = "devtools")]
mod devtools_page {
    use std::sync::Arc;

    use app_connect_sdk::devtools::Devtools;
    use app_connect_sdk::manifest::Manifest;
    use app_connect_sdk::server::ConnectorServer;
    use axum::Router;
    use axum::extract::{Request, State};
    use axum::response::{IntoResponse, Redirect, Response};
    use axum::routing::{any, get};

    use super::mock_crm::{self, MockCrm};

    /// The page for the mock CRM's platform, listing its activities.
    pub fn devtools(server: &ConnectorServer, manifest: &Manifest, crm: &Arc<MockCrm>) -> Devtools {
        let crm = crm.clone();
        Devtools::new(server.clone(), manifest.clone(), mock_crm::PLATFORM)
            .activities(move || crm.devtools_activities())
    }

    /// `app` with `/devtools/…` routed to the page.
    pub fn mount(app: Router, devtools: Devtools) -> Router {
        let page = Router::new()
            .route(
                "/devtools",
                get(|| async { Redirect::permanent("/devtools/") }),
            )
            .route("/devtools/", any(handle))
            .route("/devtools/{*rest}", any(handle))
            .with_state(devtools);
        app.merge(page)
    }

    async fn handle(State(devtools): State<Devtools>, request: Request) -> Response {
        let (parts, body) = request.into_parts();
        let Ok(body) = axum::body::to_bytes(body, 1 << 20).await else {
            return (axum::http::StatusCode::PAYLOAD_TOO_LARGE, "form too large").into_response();
        };
        let answer = devtools
            .handle(axum::http::Request::from_parts(parts, body))
            .await;
        answer.map(axum::body::Body::from).into_response()
    }
}

// ----- The hardened host ----------------------------------------------------------------

/// How the example hosts serve: hyper's HTTP/1.1 server with a header read timeout, a
/// request-body read timeout, a connection limit and graceful Ctrl-C, instead of a bare
/// `axum::serve` (which holds half-sent requests open forever).
pub mod host {
    use std::sync::Arc;
    use std::time::Duration;

    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::server::graceful::GracefulShutdown;
    use hyper_util::service::TowerToHyperService;
    use tower_http::timeout::RequestBodyTimeoutLayer;

    /// The limits, from the environment (`APP_HOST_HEADER_TIMEOUT_MS`,
    /// `APP_HOST_BODY_TIMEOUT_MS`, `APP_HOST_MAX_CONNECTIONS`) or the defaults.
    #[derive(Debug, Clone, Copy)]
    pub struct Limits {
        /// Until the request's headers have arrived (default 10 s).
        pub header_read: Duration,
        /// Until the request's body has arrived (default 30 s).
        pub body_read: Duration,
        /// Connections served at once; more wait in the listen backlog (default 256).
        pub max_connections: usize,
    }

    impl Limits {
        /// The limits from the environment, else the defaults.
        pub fn from_env() -> Result<Self, String> {
            fn var(name: &str, default: u64) -> Result<u64, String> {
                match std::env::var(name) {
                    Ok(text) => text
                        .parse()
                        .map_err(|e| format!("{name}=`{text}` is not a number: {e}")),
                    Err(_) => Ok(default),
                }
            }
            Ok(Limits {
                header_read: Duration::from_millis(var("APP_HOST_HEADER_TIMEOUT_MS", 10_000)?),
                body_read: Duration::from_millis(var("APP_HOST_BODY_TIMEOUT_MS", 30_000)?),
                max_connections: usize::try_from(var("APP_HOST_MAX_CONNECTIONS", 256)?)
                    .map_err(|e| format!("APP_HOST_MAX_CONNECTIONS: {e}"))?,
            })
        }
    }

    /// Serves `app` on `listener` until Ctrl-C, then finishes the requests in flight.
    pub async fn serve(
        listener: tokio::net::TcpListener,
        app: axum::Router,
        limits: Limits,
    ) -> std::io::Result<()> {
        // A body that stops arriving fails the read; the connector server answers 400.
        let app = tower::ServiceBuilder::new()
            .layer(RequestBodyTimeoutLayer::new(limits.body_read))
            .service(app);
        let permits = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
        let graceful = GracefulShutdown::new();
        let shutdown = tokio::signal::ctrl_c();
        tokio::pin!(shutdown);
        loop {
            let permit = tokio::select! {
                permit = permits.clone().acquire_owned() => permit.map_err(std::io::Error::other)?,
                _ = &mut shutdown => break,
            };
            let stream = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => stream,
                    // Out of descriptors and the like: wait a little instead of spinning.
                    Err(error) => {
                        tracing::warn!(%error, "accept failed");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                },
                _ = &mut shutdown => break,
            };
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read)
                .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
            let connection = graceful.watch(connection);
            tokio::spawn(async move {
                let _permit = permit;
                if let Err(error) = connection.await {
                    tracing::debug!(%error, "connection ended with an error");
                }
            });
        }
        graceful.shutdown().await;
        Ok(())
    }

    /// Installs a `tracing` subscriber on stderr filtered by `RUST_LOG` (default `info`).
    pub fn install_tracing() {
        let filter = tracing_subscriber::EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .try_init();
    }
}
