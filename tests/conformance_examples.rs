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

/// A connector signing in through the kit's own OAuth provider (`testing::FakeOAuthProvider`):
/// its `getOauthInfo` returns the provider's info and its CRM accepts the provider's tokens.
#[cfg(feature = "oauth")]
mod kit_oauth {
    use std::sync::{Arc, Mutex};

    use app_connect_sdk::async_trait;
    use app_connect_sdk::connector::{
        Connector, ConnectorError, Context, OAuthConnector, Result, SignIn,
    };
    use app_connect_sdk::models::{
        CallLogInfo, Contact, CreateCallLogParams, FindContactParams, FindContactResult,
        GetCallLogParams, GetCallLogResult, GetUserInfoParams, LogResult, OAuthInfo,
        OAuthInfoParams, PlatformUserInfo, UpdateCallLogParams, UpdateCallLogResult,
        UserInfoResult,
    };
    use app_connect_sdk::server::ConnectorServer;
    use app_connect_sdk::server::session::SessionKeys;
    use app_connect_sdk::testing::{
        Activity, Conformance, CrmActivities, FakeOAuthProvider, Grants, Step,
    };
    use serde_json::Value;

    const PLATFORM: &str = "kitoauth";

    /// The CRM: call bodies (ids from 1), reachable only with a live token of `provider`.
    struct OAuthCrm {
        /// The provider whose tokens the CRM accepts.
        provider: FakeOAuthProvider,
        /// What `getOauthInfo` returns (the provider's info, or a broken one).
        info: OAuthInfo,
        bodies: Mutex<Vec<String>>,
    }

    impl OAuthCrm {
        fn new(provider: &FakeOAuthProvider, info: OAuthInfo) -> Arc<Self> {
            Arc::new(OAuthCrm {
                provider: provider.clone(),
                info,
                bodies: Mutex::new(Vec::new()),
            })
        }

        fn authorized(&self, cx: &Context) -> Result<()> {
            let token = cx.auth_header().and_then(|h| h.strip_prefix("Bearer "));
            match token {
                Some(t) if self.provider.is_access_token(t) => Ok(()),
                _ => Err(ConnectorError::crm(
                    http::StatusCode::UNAUTHORIZED,
                    "not a live access token",
                )),
            }
        }

        fn bodies(&self) -> Vec<String> {
            self.bodies.lock().unwrap().clone()
        }
    }

    #[async_trait]
    impl OAuthConnector for OAuthCrm {
        async fn oauth_info(&self, _: &Context, _: OAuthInfoParams) -> Result<OAuthInfo> {
            Ok(self.info.clone())
        }
    }

    #[async_trait]
    impl Connector for OAuthCrm {
        fn platform(&self) -> &str {
            PLATFORM
        }

        fn auth(&self) -> SignIn<'_> {
            SignIn::OAuth(self)
        }

        async fn get_user_info(
            &self,
            cx: &Context,
            _: GetUserInfoParams,
        ) -> Result<UserInfoResult> {
            self.authorized(cx)?;
            Ok(UserInfoResult::success(PlatformUserInfo::new(
                "9-kitoauth",
                "Ada",
            )))
        }

        async fn find_contact(
            &self,
            cx: &Context,
            p: FindContactParams,
        ) -> Result<FindContactResult> {
            self.authorized(cx)?;
            let known = p.phone_number == "+14155550100";
            let found = known.then(|| Contact::new(1, "Ada Lovelace").with_phone("+14155550100"));
            Ok(FindContactResult::found(found.into_iter().collect()))
        }

        async fn create_call_log(&self, cx: &Context, p: CreateCallLogParams) -> Result<LogResult> {
            self.authorized(cx)?;
            let mut bodies = self.bodies.lock().unwrap();
            bodies.push(p.composed_log_details);
            Ok(LogResult::logged(bodies.len() as i64))
        }

        async fn update_call_log(
            &self,
            cx: &Context,
            p: UpdateCallLogParams,
        ) -> Result<UpdateCallLogResult> {
            self.authorized(cx)?;
            let id: usize = p.existing_call_log.third_party_log_id.parse().unwrap_or(0);
            if let Some(body) = self.bodies.lock().unwrap().get_mut(id.wrapping_sub(1)) {
                *body = p.composed_log_details;
            }
            Ok(UpdateCallLogResult::new())
        }

        async fn get_call_log(
            &self,
            cx: &Context,
            p: GetCallLogParams,
        ) -> Result<GetCallLogResult> {
            self.authorized(cx)?;
            let id: usize = p.call_log_id.parse().unwrap_or(0);
            let body = self.bodies().get(id.wrapping_sub(1)).cloned();
            Ok(GetCallLogResult::found(
                CallLogInfo::new("Call").with_full_body(body.unwrap_or_default()),
            ))
        }
    }

    struct Activities(Arc<OAuthCrm>);

    #[async_trait]
    impl CrmActivities for Activities {
        async fn activities(&self) -> Vec<Activity> {
            (self.0.bodies().into_iter().zip(1..))
                .map(|(body, id)| Activity::new(id, body))
                .collect()
        }

        async fn edit_body(&self, id: &str, body: String) -> bool {
            let id: usize = id.parse().unwrap_or(0);
            match self.0.bodies.lock().unwrap().get_mut(id.wrapping_sub(1)) {
                Some(old) => {
                    *old = body;
                    true
                }
                None => false,
            }
        }
    }

    fn kit(crm: &Arc<OAuthCrm>, provider: &FakeOAuthProvider) -> Conformance {
        let server = ConnectorServer::builder(SessionKeys::new(super::SECRET).unwrap())
            .connector(crm.clone())
            .build()
            .unwrap();
        Conformance::new(server, PLATFORM, Activities(crm.clone())).oauth(provider)
    }

    #[tokio::test]
    async fn conformance_kit_oauth_provider_signs_the_connector_in() {
        let provider = FakeOAuthProvider::start().await.unwrap();
        let crm = OAuthCrm::new(&provider, provider.oauth_info());
        let report = kit(&crm, &provider)
            .run()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        for step in [
            Step::SignIn,
            Step::ContactMatch,
            Step::CreateCallLog,
            Step::DuplicateCallLog,
            Step::UpdateCallLog,
            Step::ReadBack,
            Step::Logout,
        ] {
            assert!(report.ran(step), "{step}:\n{report}");
        }
        assert!(
            report.to_string().contains("kit's OAuth provider"),
            "{report}"
        );
        // One code exchanged; the kit's replay of the redirect refused.
        let grants = provider.grants();
        assert_eq!(grants.authorization_code, 1, "{grants:?}");
        assert_eq!(grants.refused, 1, "{grants:?}");
        let bodies = crm.bodies();
        assert_eq!(bodies.len(), 1, "one activity for the call: {bodies:?}");
        assert!(bodies[0].contains("kit-user-edit"), "{}", bodies[0]);
    }

    #[tokio::test]
    async fn conformance_kit_oauth_fails_sign_in_when_get_oauth_info_points_elsewhere() {
        let kit_provider = FakeOAuthProvider::start().await.unwrap();
        let elsewhere = FakeOAuthProvider::start().await.unwrap();
        // The connector exchanges codes at another provider than the one that issued them.
        let crm = OAuthCrm::new(&elsewhere, elsewhere.oauth_info());
        let error = kit(&crm, &kit_provider).run().await.unwrap_err();
        assert_eq!(error.step, Step::SignIn, "{error}");
        let text = error.to_string();
        assert!(text.contains("GET /oauth-callback?callbackUri="), "{text}");
        assert!(text.contains("0 exchanges seen"), "{text}");
        assert!(text.contains(&kit_provider.token_uri()), "{text}");
        assert_eq!(kit_provider.grants(), Grants::default());
        assert_eq!(elsewhere.grants().refused, 1, "{:?}", elsewhere.grants());
        assert!(crm.bodies().is_empty());
    }

    /// Sends a form to the token endpoint with the client's Basic credentials.
    async fn token(
        provider: &FakeOAuthProvider,
        secret: &str,
        form: &[(&str, &str)],
    ) -> (u16, Value) {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let response = reqwest::Client::new()
            .post(provider.token_uri())
            .basic_auth(provider.client_id(), Some(secret))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    fn code_of(redirect: &str) -> String {
        let url = url::Url::parse(redirect).unwrap();
        let code = url.query_pairs().find(|(k, _)| k == "code").unwrap().1;
        code.into_owned()
    }

    #[tokio::test]
    async fn conformance_oauth_provider_exchanges_codes_once_and_rotates_refresh_tokens() {
        let provider = FakeOAuthProvider::start().await.unwrap();
        let secret = provider.client_secret().to_owned();
        let redirect = provider.authorize("platform=kitoauth").await.unwrap();
        assert!(redirect.starts_with(provider.redirect_uri()), "{redirect}");
        assert!(
            redirect.ends_with("&state=platform%3Dkitoauth"),
            "{redirect}"
        );
        let code = code_of(&redirect);
        let grant = [
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", provider.redirect_uri()),
        ];

        // A wrong client secret is refused before the code is looked at.
        let (status, body) = token(&provider, "wrong-secret", &grant).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (401, Some("invalid_client"))
        );

        let (status, first) = token(&provider, &secret, &grant).await;
        assert_eq!(status, 200, "{first}");
        let access = first["access_token"].as_str().unwrap().to_owned();
        let refresh = first["refresh_token"].as_str().unwrap().to_owned();
        assert!(provider.is_access_token(&access));

        // The same code again: invalid_grant.
        let (status, body) = token(&provider, &secret, &grant).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_grant"))
        );

        // A refresh rotates both tokens; the old pair stops working.
        let renew = [
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh.as_str()),
        ];
        let (status, second) = token(&provider, &secret, &renew).await;
        assert_eq!(status, 200, "{second}");
        let new_access = second["access_token"].as_str().unwrap();
        assert_ne!(new_access, access);
        assert_ne!(second["refresh_token"].as_str().unwrap(), refresh);
        assert!(provider.is_access_token(new_access));
        assert!(!provider.is_access_token(&access));
        let (status, body) = token(&provider, &secret, &renew).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_grant"))
        );

        // A code used with another redirect_uri than it was issued for.
        let other = code_of(&provider.authorize("platform=kitoauth").await.unwrap());
        let wrong_redirect = [
            ("grant_type", "authorization_code"),
            ("code", other.as_str()),
            ("redirect_uri", "https://elsewhere.test/cb"),
        ];
        let (status, body) = token(&provider, &secret, &wrong_redirect).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_grant"))
        );

        let grants = provider.grants();
        assert_eq!(
            (
                grants.authorization_code,
                grants.refresh_token,
                grants.refused
            ),
            (1, 1, 4),
            "{grants:?}"
        );
    }

    #[tokio::test]
    async fn conformance_oauth_provider_refuses_an_unknown_client_and_path() {
        let provider = FakeOAuthProvider::start().await.unwrap();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let unknown = format!(
            "{}?client_id=someone-else&redirect_uri=https%3A%2F%2Fx.test%2F&state=s",
            provider.authorize_uri()
        );
        let response = http.get(unknown).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 400);
        assert!(response.headers().get("location").is_none());
        let missing = http
            .get(format!("{}/nothing-here", provider.token_uri()))
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status().as_u16(), 404);
        assert_eq!(provider.grants(), Grants::default());
    }
}
