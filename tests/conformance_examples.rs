//! The conformance kit (`app_connect_sdk::testing`) against the example connectors, and
//! against deliberately broken connectors, which must fail naming the step.
#![cfg(all(feature = "testing", feature = "tower", feature = "sqlite"))]
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

#[path = "../examples/mock_crm_server.rs"]
#[allow(dead_code)]
mod mock_crm_server;

use std::sync::Arc;

use app_connect_sdk::async_trait;
use app_connect_sdk::compose::LogFormat;
use app_connect_sdk::connector::{
    ApiKeyConnector, AuthValidation, CallDisposition, Connector, ContactCreation, ContactSearch,
    Context, MessageLogging, Result, SignIn, UserInfoRefresh,
};
use app_connect_sdk::models::{
    CreateCallLogParams, FindContactParams, FindContactResult, FindContactWithNameParams,
    GetCallLogParams, GetCallLogResult, GetUserInfoParams, LogResult, MutationResult,
    UpdateCallLogParams, UpdateCallLogResult, UpsertDispositionParams, UserInfoResult,
};
use app_connect_sdk::server::ConnectorServer;
use app_connect_sdk::server::session::SessionKeys;
use app_connect_sdk::testing::{Activity, Conformance, CrmActivities, Step};
use mock_crm_server::mock_crm::{DEMO_API_KEY, MockCrm, PLATFORM, manifest};

const SECRET: &str = "conformance-tests-secret-of-at-least-32-bytes";

/// The mock CRM's activities, as the kit reads them.
struct MockActivities(Arc<MockCrm>);

#[async_trait]
impl CrmActivities for MockActivities {
    async fn activities(&self) -> Vec<Activity> {
        (self.0.activities().iter())
            .map(|a| Activity::new(a.id(), a.body()))
            .collect()
    }

    async fn edit_body(&self, id: &str, body: String) -> bool {
        self.0.edit_body(id, body)
    }
}

/// The kit over `connector`, reading the mock CRM `crm` behind it.
fn kit(crm: &Arc<MockCrm>, connector: impl Connector) -> Conformance {
    let manifest = manifest("http://127.0.0.1:1").unwrap();
    let server = ConnectorServer::builder(SessionKeys::new(SECRET).unwrap())
        .connector(connector)
        .manifest(&manifest)
        .build()
        .unwrap();
    Conformance::new(server, PLATFORM, MockActivities(crm.clone()))
        .api_key(DEMO_API_KEY)
        .manifest(&manifest)
        .known_number("+14155550100")
        .extension_number("101")
}

#[tokio::test]
async fn conformance_mock_crm_server_passes_every_declared_step() {
    let crm = Arc::new(MockCrm::seeded());
    let report = kit(&crm, crm.clone())
        .run()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    for step in [
        Step::SignIn,
        Step::ContactMatch,
        Step::ContactNoMatch,
        Step::ExtensionLookup,
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
        Step::Logout,
    ] {
        assert!(report.ran(step), "{step} did not run:\n{report}");
    }
    // Not declared by the mock CRM: skipped, and said so.
    assert_eq!(
        report.skipped(),
        [Step::ContactSearch, Step::RefreshUserInfo],
        "{report}"
    );
    // Two calls and two message groups: four activities, the user's edit kept.
    let activities = crm.activities();
    assert_eq!(activities.len(), 4, "{activities:?}");
    assert!(
        activities
            .iter()
            .any(|a| a.body().contains("kit-user-edit"))
    );
}

/// What a broken connector gets wrong.
#[derive(Clone, Copy, Debug)]
enum Fault {
    /// `createCallLog` writes two activities per call.
    TwoActivities,
    /// `getCallLog` returns no body, so the update overwrites the user's edit.
    OverwritesBody,
    /// The matched contact's `additionalInfo` lacks the manifest's `deals` key.
    MissingBoundKey,
    /// Nothing: the mock CRM's connector, declaring the optional interfaces it lacks too.
    None,
}

/// The mock CRM's connector with one fault.
struct Broken {
    crm: Arc<MockCrm>,
    fault: Fault,
}

impl ApiKeyConnector for Broken {
    fn basic_auth(&self, api_key: &str) -> String {
        api_key.to_owned()
    }
}

#[async_trait]
impl Connector for Broken {
    fn platform(&self) -> &str {
        PLATFORM
    }
    fn auth(&self) -> SignIn<'_> {
        SignIn::ApiKey(self)
    }
    fn log_format(&self) -> LogFormat {
        self.crm.log_format()
    }
    async fn get_user_info(&self, cx: &Context, p: GetUserInfoParams) -> Result<UserInfoResult> {
        self.crm.get_user_info(cx, p).await
    }
    async fn find_contact(&self, cx: &Context, p: FindContactParams) -> Result<FindContactResult> {
        let mut found = self.crm.find_contact(cx, p).await?;
        if let Fault::MissingBoundKey = self.fault {
            for contact in &mut found.matched_contact_info {
                contact.additional_info = None;
            }
        }
        Ok(found)
    }
    async fn create_call_log(&self, cx: &Context, p: CreateCallLogParams) -> Result<LogResult> {
        if let Fault::TwoActivities = self.fault {
            self.crm.create_call_log(cx, p.clone()).await?;
        }
        self.crm.create_call_log(cx, p).await
    }
    async fn update_call_log(
        &self,
        cx: &Context,
        p: UpdateCallLogParams,
    ) -> Result<UpdateCallLogResult> {
        self.crm.update_call_log(cx, p).await
    }
    async fn get_call_log(&self, cx: &Context, p: GetCallLogParams) -> Result<GetCallLogResult> {
        let mut found = self.crm.get_call_log(cx, p).await?;
        if let Fault::OverwritesBody = self.fault
            && let Some(info) = found.call_log_info.as_mut()
        {
            info.full_body = None;
        }
        Ok(found)
    }
    fn contact_creation(&self) -> Option<&dyn ContactCreation> {
        self.crm.contact_creation()
    }
    fn message_logging(&self) -> Option<&dyn MessageLogging> {
        self.crm.message_logging()
    }
    fn contact_search(&self) -> Option<&dyn ContactSearch> {
        Some(self)
    }
    fn call_disposition(&self) -> Option<&dyn CallDisposition> {
        Some(self)
    }
    fn auth_validation(&self) -> Option<&dyn AuthValidation> {
        Some(self)
    }
    fn user_info_refresh(&self) -> Option<&dyn UserInfoRefresh> {
        Some(self)
    }
}

#[async_trait]
impl ContactSearch for Broken {
    async fn find_contact_with_name(
        &self,
        cx: &Context,
        p: FindContactWithNameParams,
    ) -> Result<FindContactResult> {
        let mut by_phone = FindContactParams::default();
        by_phone.phone_number = "+14155550100".into(); // the mock CRM's Ada Lovelace
        let mut found = self.find_contact(cx, by_phone).await?;
        found
            .matched_contact_info
            .retain(|c| c.name.as_deref() == Some(p.name.as_str()));
        Ok(found)
    }
}

#[async_trait]
impl CallDisposition for Broken {
    async fn upsert_call_disposition(
        &self,
        _: &Context,
        p: UpsertDispositionParams,
    ) -> Result<LogResult> {
        Ok(LogResult::logged(p.existing_call_log.third_party_log_id))
    }
}

#[async_trait]
impl AuthValidation for Broken {
    async fn auth_validation(&self, _: &Context) -> Result<MutationResult> {
        Ok(MutationResult::success())
    }
}

#[async_trait]
impl UserInfoRefresh for Broken {
    async fn refresh_user_info(&self, _: &Context) -> Result<MutationResult> {
        Ok(MutationResult::success())
    }
}

/// Runs the kit over the mock CRM's connector with `fault`; the failure.
async fn failure(fault: Fault) -> app_connect_sdk::testing::ConformanceError {
    let crm = Arc::new(MockCrm::seeded());
    let connector = Broken {
        crm: crm.clone(),
        fault,
    };
    match kit(&crm, connector).run().await {
        Ok(report) => panic!("{fault:?} passed:\n{report}"),
        Err(error) => error,
    }
}

#[tokio::test]
async fn conformance_runs_every_optional_step_a_connector_declares() {
    let crm = Arc::new(MockCrm::seeded());
    let connector = Broken {
        crm: crm.clone(),
        fault: Fault::None,
    };
    let report = (kit(&crm, connector).dispositions(serde_json::json!({ "outcome": "Done" })))
        .run()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.skipped(), [], "{report}");
    assert_eq!(report.steps.len(), Step::all().len());
}

#[tokio::test]
async fn conformance_fails_two_activities_per_call_at_the_first_call_log() {
    let error = failure(Fault::TwoActivities).await;
    assert_eq!(error.step, Step::LogAgainstNewContact, "{error}");
    let text = error.to_string();
    assert!(
        text.contains("`call log against the new contact`"),
        "{text}"
    );
    assert!(text.contains("one per logged call"), "{text}");
}

#[tokio::test]
async fn conformance_fails_an_update_that_overwrites_the_body() {
    let error = failure(Fault::OverwritesBody).await;
    assert_eq!(error.step, Step::UpdateCallLog, "{error}");
    let text = error.to_string();
    assert!(text.contains("user's edit"), "{text}");
    assert!(text.contains("PATCH /callLog"), "{text}");
}

#[tokio::test]
async fn conformance_fails_a_contact_missing_a_bound_key() {
    let error = failure(Fault::MissingBoundKey).await;
    assert_eq!(error.step, Step::ContactMatch, "{error}");
    let text = error.to_string();
    assert!(text.contains("additionalInfo.deals"), "{text}");
    assert!(text.contains("GET /contact?phoneNumber="), "{text}");
    assert!(
        !text.contains(DEMO_API_KEY),
        "no secret in a failure: {text}"
    );
}

/// The clio_matters example (no CRM-side edits: the update runs without a user edit).
#[path = "../examples/clio_matters.rs"]
#[allow(dead_code)]
mod clio_matters;

#[cfg(feature = "oauth")]
#[path = "../examples/oauth_crm.rs"]
#[allow(dead_code)]
mod oauth_crm;

mod clio {
    use std::sync::Arc;

    use super::clio_matters::{LawFirmCrm, manifest};
    use app_connect_sdk::async_trait;
    use app_connect_sdk::server::ConnectorServer;
    use app_connect_sdk::server::session::SessionKeys;
    use app_connect_sdk::testing::{Activity, Conformance, CrmActivities, Step};
    use serde_json::json;

    struct Activities(Arc<LawFirmCrm>);

    #[async_trait]
    impl CrmActivities for Activities {
        async fn activities(&self) -> Vec<Activity> {
            (self.0.activities().iter())
                .map(|a| Activity::new(a.id, a.body.clone()))
                .collect()
        }
    }

    #[tokio::test]
    async fn conformance_clio_matters_passes_every_declared_step() {
        let crm = Arc::new(LawFirmCrm::seeded());
        let manifest = manifest().unwrap();
        let server = ConnectorServer::builder(SessionKeys::new(super::SECRET).unwrap())
            .connector(crm.clone())
            .manifest(&manifest)
            .build()
            .unwrap();
        let report = Conformance::new(server, "lawfirm", Activities(crm.clone()))
            .api_key("any-key")
            .manifest(&manifest)
            .additional_submission(json!({ "matters": 101, "billableStatus": "billable" }))
            .run()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        for step in [
            Step::ContactMatch,
            Step::CreateCallLog,
            Step::UpdateCallLog,
            Step::ReadBack,
        ] {
            assert!(report.ran(step), "{step}:\n{report}");
        }
        let activities = crm.activities();
        assert_eq!(activities.len(), 1, "{activities:?}");
        assert_eq!(activities[0].matter_id, Some(101));
    }
}

/// The oauth_crm example: sign-in through its fake OAuth provider's redirect.
#[cfg(feature = "oauth")]
mod oauth {
    use super::oauth_crm::crm::{AcmeOAuth, CLIENT_ID, FakeCrm, PLATFORM, REDIRECT_URI};
    use app_connect_sdk::async_trait;
    use app_connect_sdk::server::ConnectorServer;
    use app_connect_sdk::server::session::SessionKeys;
    use app_connect_sdk::testing::{Activity, Conformance, CrmActivities, Step};

    struct Activities(FakeCrm);

    #[async_trait]
    impl CrmActivities for Activities {
        async fn activities(&self) -> Vec<Activity> {
            (self.0.state().calls.iter())
                .map(|(id, subject)| Activity::new(id, subject.clone()))
                .collect()
        }
    }

    /// The redirect the fake provider sends back after the user approves.
    async fn callback_uri(fake: &FakeCrm) -> String {
        let state: String =
            url::form_urlencoded::byte_serialize(format!("platform={PLATFORM}").as_bytes())
                .collect();
        let authorize = format!(
            "{}/oauth/authorize?client_id={CLIENT_ID}&redirect_uri={REDIRECT_URI}&state={state}",
            fake.base
        );
        let browser = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let redirect = browser.get(authorize).send().await.unwrap();
        redirect.headers()["location"].to_str().unwrap().to_owned()
    }

    #[tokio::test]
    async fn conformance_oauth_crm_signs_in_logs_once_and_logs_out() {
        let fake = FakeCrm::start().await.unwrap();
        let server = ConnectorServer::builder(SessionKeys::new(super::SECRET).unwrap())
            .connector(AcmeOAuth::new(&fake.base))
            .build()
            .unwrap();
        let report = Conformance::new(server, PLATFORM, Activities(fake.clone()))
            .oauth_callback(callback_uri(&fake).await)
            // Its updateCallLog and getCallLog are stubs ("not needed by the walk-through").
            .skip(Step::UpdateCallLog)
            .skip(Step::ReadBack)
            .run()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        for step in [
            Step::SignIn,
            Step::CreateCallLog,
            Step::DuplicateCallLog,
            Step::Logout,
        ] {
            assert!(report.ran(step), "{step}:\n{report}");
        }
        assert_eq!(fake.state().calls.len(), 1, "one activity for the call");
    }
}
