//! A law-firm CRM connector, in memory: calls are logged against a client's open *matter*.
//!
//! It shows App Connect's contact-dependent binding end to end:
//! - `find_contact` returns each contact's open matters in `additionalInfo.matters`, and a
//!   `billableStatus` option list;
//! - the manifest (built in code) declares the call-log fields bound to them, with `const`s
//!   taken from the same [`FieldKey`] definitions, so the two cannot disagree;
//! - `create_call_log` reads `additionalSubmission.matters` and links the activity to that
//!   matter, billable or not.
//!
//! Run it with `cargo run --example clio_matters`: it validates the manifest, plays one call
//! and prints what was written to the CRM.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use app_connect_sdk::async_trait;
use app_connect_sdk::connector::{
    ApiKeyConnector, Connector, ConnectorError, Context, Result, SignIn,
};
use app_connect_sdk::manifest::{
    AdditionalField, ApiKeyPage, Auth as ManifestAuth, AuthField, FieldKey, Manifest, Platform,
};
use app_connect_sdk::models::{
    CallLogInfo, Contact, ContactOption, CreateCallLogParams, CrmId, FindContactParams,
    FindContactResult, GetCallLogParams, GetCallLogResult, GetUserInfoParams, LogResult,
    PlatformUserInfo, ReturnMessage, UpdateCallLogParams, UpdateCallLogResult, UserInfoResult,
};

/// The call-log field holding the selected matter: one definition for the manifest's `const`
/// and the contact's `additionalInfo` key.
pub const MATTERS: FieldKey = FieldKey::new("matters");
/// The call-log field holding the billable status.
pub const BILLABLE_STATUS: FieldKey = FieldKey::new("billableStatus");

/// The billable status options, as `(const, title)`.
const BILLABLE_OPTIONS: [(&str, &str); 2] =
    [("billable", "Billable"), ("nonBillable", "Non-billable")];

/// A client of the firm.
#[derive(Debug, Clone)]
pub struct Client {
    /// CRM id.
    pub id: u64,
    /// Display name.
    pub name: String,
    /// E.164 phone number.
    pub phone: String,
}

/// A legal matter of a client.
#[derive(Debug, Clone)]
pub struct Matter {
    /// CRM id.
    pub id: u64,
    /// The client it belongs to.
    pub client_id: u64,
    /// Display name.
    pub name: String,
    /// Closed matters are not offered.
    pub open: bool,
}

/// An activity written by `create_call_log`.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    /// CRM id.
    pub id: u64,
    /// The client called.
    pub client_id: u64,
    /// The matter it is linked to, if one was selected.
    pub matter_id: Option<u64>,
    /// Whether the time is billable.
    pub billable: bool,
    /// Subject line.
    pub subject: String,
    /// Body.
    pub body: String,
}

/// The in-memory CRM and its connector.
#[derive(Debug)]
pub struct LawFirmCrm {
    clients: Vec<Client>,
    matters: Vec<Matter>,
    activities: Mutex<Vec<Activity>>,
    next_id: AtomicU64,
}

impl LawFirmCrm {
    /// A CRM seeded with three clients; Grace Hopper has no matters.
    #[must_use]
    pub fn seeded() -> Self {
        let client = |id, name: &str, phone: &str| Client {
            id,
            name: name.to_owned(),
            phone: phone.to_owned(),
        };
        let matter = |id, client_id, name: &str, open| Matter {
            id,
            client_id,
            name: name.to_owned(),
            open,
        };
        LawFirmCrm {
            clients: vec![
                client(1, "Ada Lovelace", "+14155550100"),
                client(2, "Charles Babbage", "+14155550111"),
                client(3, "Grace Hopper", "+14155550122"),
            ],
            matters: vec![
                matter(101, 1, "Lovelace v. Analytical Engines Ltd", true),
                matter(102, 1, "Lovelace estate planning", true),
                matter(103, 1, "Lovelace 1842 translation rights", false),
                matter(201, 2, "Babbage patent dispute", true),
            ],
            activities: Mutex::new(Vec::new()),
            next_id: AtomicU64::new(9000),
        }
    }

    /// Every activity written so far.
    #[must_use]
    pub fn activities(&self) -> Vec<Activity> {
        self.activities
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn open_matters(&self, client_id: u64) -> impl Iterator<Item = &Matter> {
        self.matters
            .iter()
            .filter(move |m| m.client_id == client_id && m.open)
    }
}

/// The manifest of this connector, built in code from the same [`FieldKey`]s.
///
/// # Errors
///
/// Every validation problem, if the manifest is broken.
pub fn manifest() -> std::result::Result<Manifest, app_connect_sdk::manifest::ValidationErrors> {
    let billable = BILLABLE_OPTIONS.iter().fold(
        AdditionalField::dropdown(BILLABLE_STATUS, "Billable status"),
        |field, (value, title)| field.option(*value, *title),
    );
    Manifest::builder()
        .server_url("http://127.0.0.1:6066")
        .author("app-connect-sdk examples", "https://github.com/")
        .version("0.1.0")
        .platform(
            Platform::builder(
                "lawfirm",
                ManifestAuth::api_key(
                    ApiKeyPage::new("Law Firm CRM")
                        .field(AuthField::new("apiKey", "API key").required()),
                ),
            )
            .display_name("Law Firm CRM")
            .contact_page_url("https://crm.example.com/clients/{contactId}")
            .log_page_url("https://crm.example.com/activities/{logId}")
            .call_log_field(AdditionalField::dropdown(MATTERS, "Matter").contact_dependent())
            .call_log_field(billable.contact_dependent()),
        )
        .build()
}

impl ApiKeyConnector for LawFirmCrm {
    fn basic_auth(&self, api_key: &str) -> String {
        api_key.to_owned()
    }
}

#[async_trait]
impl Connector for LawFirmCrm {
    fn platform(&self) -> &str {
        "lawfirm"
    }

    fn auth(&self) -> SignIn<'_> {
        SignIn::ApiKey(self)
    }

    async fn get_user_info(&self, _: &Context, _: GetUserInfoParams) -> Result<UserInfoResult> {
        Ok(UserInfoResult::success(PlatformUserInfo::new(
            "1-lawfirm",
            "Front desk",
        )))
    }

    async fn find_contact(
        &self,
        _: &Context,
        params: FindContactParams,
    ) -> Result<FindContactResult> {
        let billable: Vec<ContactOption> = BILLABLE_OPTIONS
            .iter()
            .map(|(value, title)| ContactOption::new(*value, *title))
            .collect();
        let contacts = self
            .clients
            .iter()
            .filter(|c| c.phone == params.phone_number)
            .map(|c| {
                let matters = self
                    .open_matters(c.id)
                    .map(|m| ContactOption::new(m.id as i64, m.name.clone()))
                    .collect();
                Contact::new(c.id as i64, c.name.clone())
                    .with_phone(c.phone.clone())
                    .with_type("Contact")
                    .with_additional_info(MATTERS, matters)
                    .with_additional_info(BILLABLE_STATUS, billable.clone())
            })
            .collect();
        Ok(FindContactResult::found(contacts))
    }

    async fn create_call_log(&self, _: &Context, params: CreateCallLogParams) -> Result<LogResult> {
        let client_id = crm_number(&params.contact_info.id)
            .filter(|id| self.clients.iter().any(|c| c.id == *id))
            .ok_or_else(|| {
                ConnectorError::invalid_input(format!(
                    "Client {} does not exist",
                    params.contact_info.id
                ))
            })?;
        let submission = &params.additional_submission;
        let matter_id = match submission.get_id(MATTERS.as_str()) {
            None => None,
            Some(id) => {
                let matter = crm_number(&id)
                    .and_then(|n| self.open_matters(client_id).find(|m| m.id == n))
                    .ok_or_else(|| {
                        ConnectorError::invalid_input(format!(
                            "Matter {id} is not an open matter of this client"
                        ))
                    })?;
                Some(matter.id)
            }
        };
        let billable = submission.get_str(BILLABLE_STATUS.as_str()) != Some("nonBillable");
        let subject = params.call_log.custom_subject.clone().unwrap_or_else(|| {
            format!(
                "Call with {}",
                params.contact_info.name.as_deref().unwrap_or("client")
            )
        });
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let body = if params.composed_log_details.is_empty() {
            params.note.clone().unwrap_or_default()
        } else {
            params.composed_log_details.clone()
        };
        self.activities
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(Activity {
                id,
                client_id,
                matter_id,
                billable,
                subject,
                body,
            });
        Ok(LogResult::logged(id as i64)
            .with_message(ReturnMessage::success("Call logged").with_ttl(2000)))
    }

    async fn update_call_log(
        &self,
        _: &Context,
        params: UpdateCallLogParams,
    ) -> Result<UpdateCallLogResult> {
        let id: u64 = params
            .existing_call_log
            .third_party_log_id
            .parse()
            .map_err(|_| ConnectorError::invalid_input("Unknown activity id"))?;
        let mut activities = self
            .activities
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let activity = activities.iter_mut().find(|a| a.id == id).ok_or_else(|| {
            ConnectorError::invalid_input(format!("Activity {id} does not exist"))
        })?;
        if !params.composed_log_details.is_empty() {
            activity.body = params.composed_log_details;
        }
        if let Some(subject) = params.subject {
            activity.subject = subject;
        }
        Ok(UpdateCallLogResult::default())
    }

    async fn get_call_log(
        &self,
        _: &Context,
        params: GetCallLogParams,
    ) -> Result<GetCallLogResult> {
        let id: Option<u64> = params.call_log_id.parse().ok();
        let activities = self.activities();
        let activity = activities
            .iter()
            .find(|a| Some(a.id) == id)
            .ok_or_else(|| ConnectorError::invalid_input("Activity not found"))?;
        let mut info = CallLogInfo::default();
        info.subject = Some(activity.subject.clone());
        info.full_body = Some(activity.body.clone());
        Ok(GetCallLogResult::found(info))
    }
}

/// A CRM id as this CRM's numeric id.
fn crm_number(id: &CrmId) -> Option<u64> {
    id.to_string().parse().ok()
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    use app_connect_sdk::models::{
        AdditionalSubmission, CallLog, ContactInfo, CreateCallLogParams,
    };

    let manifest = manifest().map_err(|e| format!("the manifest is broken:\n{e}"))?;
    let crm = LawFirmCrm::seeded();
    let cx = Context::builder().platform(crm.platform()).build();

    println!("Manifest fields of the call-log form:");
    if let Some(form) = manifest
        .platforms
        .get("lawfirm")
        .and_then(|p| p.page.as_ref())
        .and_then(|p| p.call_log.as_ref())
    {
        for field in &form.additional_fields {
            println!(
                "  const={:<15} contactDependent={:?}",
                field.key, field.contact_dependent
            );
        }
    }

    // 1. The call rings: App Connect looks the caller up.
    let found = crm
        .find_contact(&cx, FindContactParams::new("+14155550100"))
        .await?;
    let contact = found
        .matched_contact_info
        .first()
        .ok_or("no contact found")?;
    let contact_id = contact.id.clone().ok_or("the contact has no id")?;
    let contact_name = contact.name.clone().unwrap_or_default();
    println!("\nCaller: {contact_name} (id {contact_id})");
    let matters = contact
        .additional_info
        .as_ref()
        .and_then(|info| info.get(MATTERS.as_str()))
        .cloned()
        .unwrap_or_default();
    println!("Open matters offered in the form: {matters}");

    // 2. The user picks the first matter, non-billable, and logs the call.
    let first_matter = matters
        .get(0)
        .and_then(|m| m.get("const"))
        .cloned()
        .ok_or("the contact has no matter")?;
    let mut params = CreateCallLogParams::default();
    params.contact_info = ContactInfo::new(contact_id, "+14155550100").with_name(contact_name);
    params.call_log = CallLog::default();
    params.note = Some("Discussed the settlement offer.".to_owned());
    params.additional_submission = AdditionalSubmission::new()
        .with(MATTERS, first_matter)
        .with(BILLABLE_STATUS, "nonBillable");
    let logged = crm.create_call_log(&cx, params.clone()).await?;
    let logged_id = logged.log_id.map(|id| id.to_string()).unwrap_or_default();
    println!("Logged: activity {logged_id}");

    // 3. A matter that is not the caller's is refused with a clear message.
    params.additional_submission = AdditionalSubmission::new().with(MATTERS, 201);
    match crm.create_call_log(&cx, params).await {
        Err(err) => println!("Refused as expected: {err}"),
        Ok(_) => println!("unexpected: a foreign matter was accepted"),
    }

    println!("\nWritten to the CRM:");
    for activity in crm.activities() {
        println!("  {activity:?}");
    }
    Ok(())
}
