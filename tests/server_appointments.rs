//! The appointment routes (issue 12): `GET`/`POST /appointments`,
//! `PATCH /appointments/{appointmentId}`, `POST …/status`, `GET …/refresh`, `POST …/confirm`
//! and `POST …/cancel` — success, failure (no session, connector failure, unknown id, bad body
//! naming the JSON path) and status codes, every JSON answer checked against the contract.

mod common;
mod support;

use std::sync::{Arc, Mutex, PoisonError};

use app_connect_sdk::connector::{
    ApiKeyConnector, AppointmentStatusActions, Appointments, Connector, ConnectorError, Context,
    Result, SignIn,
};
use app_connect_sdk::http::{self, Method, Request, StatusCode};
use app_connect_sdk::models::*;
use app_connect_sdk::server::store::{MemoryStore, UserStore};
use app_connect_sdk::server::{AUTHORIZE_CRM, ConnectorServer};
use async_trait::async_trait;
use serde_json::{Value, json};
use support::{Answer, GOOD_KEY, PLATFORM, USER_ID, answer, assert_contract, keys, log_capture};

const GET: Method = Method::GET;
const POST: Method = Method::POST;
const PATCH: Method = Method::PATCH;

/// What the calendar does when called.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
enum Mode {
    #[default]
    Normal,
    /// `ConnectorError::crm(status, …)`.
    CrmError(u16),
    Panic,
    Revoked,
    /// Success without what the route returns (no list, id or record).
    Broken,
    /// `successful: false` without a message.
    Silent,
}

/// An in-memory calendar connector that records what each interface received.
#[derive(Debug, Default)]
struct Calendar {
    entries: Mutex<Vec<Appointment>>,
    calls: Mutex<Vec<(&'static str, Value)>>,
    mode: Mutex<Mode>,
    /// Declares confirm and cancel.
    status_actions: bool,
    /// Declares the appointment interfaces at all.
    appointments: bool,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Calendar {
    fn new() -> Self {
        let entries = vec![
            Appointment::new("101")
                .with_title("Candidate Screen")
                .with_start("2026-07-20T15:00:00.000Z", 45)
                .with_status("scheduled"),
            Appointment::new("102")
                .with_title("Offer call")
                .with_start("2026-08-03T10:00:00.000Z", 30)
                .with_status("scheduled"),
        ];
        Calendar {
            entries: Mutex::new(entries),
            status_actions: true,
            appointments: true,
            ..Calendar::default()
        }
    }

    fn set_mode(&self, mode: Mode) {
        *lock(&self.mode) = mode;
    }

    fn calls_to(&self, interface: &str) -> Vec<Value> {
        lock(&self.calls)
            .iter()
            .filter(|(name, _)| *name == interface)
            .map(|(_, params)| params.clone())
            .collect()
    }

    fn total_calls(&self) -> usize {
        lock(&self.calls).len()
    }

    /// Records the call; the configured failure, or the mode to answer in.
    fn record(&self, interface: &'static str, params: Value) -> Result<Mode> {
        lock(&self.calls).push((interface, params));
        match *lock(&self.mode) {
            Mode::CrmError(status) => Err(ConnectorError::crm(
                StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                "calendar API failed",
            )),
            Mode::Panic => panic!("the calendar panics in {interface}"),
            Mode::Revoked => Err(ConnectorError::SessionRevoked),
            mode => Ok(mode),
        }
    }

    /// The answer for appointment `id` in `mode`, after `change` is applied to it.
    fn answer_for(
        &self,
        mode: Mode,
        id: &str,
        change: impl FnOnce(&mut Appointment),
    ) -> AppointmentResponse {
        let mut entries = lock(&self.entries);
        let Some(entry) = entries.iter_mut().find(|a| a.id == id) else {
            return AppointmentResponse::failure(
                ReturnMessage::warning(format!("Appointment {id} not found in the calendar"))
                    .with_ttl(5000),
            );
        };
        change(entry);
        match mode {
            Mode::Broken => AppointmentResponse::created(id),
            Mode::Silent => AppointmentResponse::default(),
            _ => {
                let mut answer = AppointmentResponse::record(entry.clone())
                    .with_message(ReturnMessage::success("Saved").with_ttl(2000));
                // The route answers with the id of the path and nothing beyond the contract.
                answer.appointment_id = Some("not-the-path-id".into());
                answer.extra.insert("internalToken".into(), json!("x"));
                answer
            }
        }
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

impl ApiKeyConnector for Calendar {
    fn basic_auth(&self, api_key: &str) -> String {
        format!("{api_key}:")
    }
}

#[async_trait]
impl Connector for Calendar {
    fn platform(&self) -> &str {
        PLATFORM
    }

    fn auth(&self) -> SignIn<'_> {
        SignIn::ApiKey(self)
    }

    async fn get_user_info(&self, _: &Context, _: GetUserInfoParams) -> Result<UserInfoResult> {
        Ok(UserInfoResult::success(PlatformUserInfo::new(
            "u1",
            "Test User",
        )))
    }

    async fn find_contact(&self, _: &Context, _: FindContactParams) -> Result<FindContactResult> {
        Ok(FindContactResult::found(Vec::new()))
    }

    async fn create_call_log(&self, _: &Context, _: CreateCallLogParams) -> Result<LogResult> {
        Ok(LogResult::logged(1))
    }

    async fn update_call_log(
        &self,
        _: &Context,
        _: UpdateCallLogParams,
    ) -> Result<UpdateCallLogResult> {
        Ok(UpdateCallLogResult::new())
    }

    async fn get_call_log(&self, _: &Context, _: GetCallLogParams) -> Result<GetCallLogResult> {
        Ok(GetCallLogResult::found(CallLogInfo::new("call")))
    }

    fn appointments(&self) -> Option<&dyn Appointments> {
        self.appointments.then_some(self as &dyn Appointments)
    }
}

#[async_trait]
impl Appointments for Calendar {
    async fn list_appointments(
        &self,
        cx: &Context,
        range: Option<AppointmentRange>,
    ) -> Result<AppointmentListResponse> {
        let seen = json!({ "range": to_json(&range), "authHeader": cx.auth_header() });
        let mode = self.record("listAppointments", seen)?;
        match mode {
            Mode::Broken => {
                let mut answer = AppointmentListResponse::new(Vec::new());
                answer.appointments = None;
                return Ok(answer);
            }
            Mode::Silent => {
                let mut answer = AppointmentListResponse::failure(ReturnMessage::warning("x"));
                answer.return_message = None;
                return Ok(answer);
            }
            _ => {}
        }
        let listed = lock(&self.entries)
            .iter()
            .filter(|a| {
                let day = a.start_time_utc.as_deref().unwrap_or_default();
                range.as_ref().is_none_or(|r| {
                    r.start_date.as_str() <= &day[..10] && &day[..10] <= r.end_date.as_str()
                })
            })
            .cloned()
            .collect();
        let mut answer = AppointmentListResponse::new(listed)
            .with_message(ReturnMessage::success("dropped by the route"));
        answer.extra.insert("internalToken".into(), json!("x"));
        Ok(answer)
    }

    async fn create_appointment(
        &self,
        _: &Context,
        input: CreateAppointmentInput,
    ) -> Result<AppointmentResponse> {
        let mode = self.record("createAppointment", to_json(&input))?;
        match mode {
            Mode::Broken => return Ok(AppointmentResponse::record(Appointment::new("777"))),
            Mode::Silent => return Ok(AppointmentResponse::default()),
            _ => {}
        }
        let appointment = Appointment::new("777")
            .with_title(input.title)
            .with_start(input.start_time_utc, input.duration_minutes)
            .with_status("scheduled");
        lock(&self.entries).push(appointment.clone());
        let mut answer = AppointmentResponse::created("777").with_appointment(appointment);
        answer.extra.insert("internalToken".into(), json!("x"));
        Ok(answer)
    }

    async fn update_appointment(
        &self,
        _: &Context,
        id: &str,
        patch: AppointmentPatchInput,
    ) -> Result<AppointmentResponse> {
        let mode = self.record(
            "updateAppointment",
            json!({ "id": id, "patch": to_json(&patch) }),
        )?;
        Ok(self.answer_for(mode, id, |entry| {
            if let Some(title) = patch.title {
                entry.title = Some(title);
            }
            if let Some(status) = patch.status {
                entry.status = Some(status);
            }
            if let Some(start) = patch.start_time_utc.or(patch.start_time) {
                entry.start_time_utc = Some(start);
            }
        }))
    }

    async fn refresh_appointment(&self, _: &Context, id: &str) -> Result<AppointmentResponse> {
        let mode = self.record("refreshAppointment", json!({ "id": id }))?;
        Ok(self.answer_for(mode, id, |_| {}))
    }

    fn status_actions(&self) -> Option<&dyn AppointmentStatusActions> {
        self.status_actions
            .then_some(self as &dyn AppointmentStatusActions)
    }
}

#[async_trait]
impl AppointmentStatusActions for Calendar {
    /// Answers with the record.
    async fn confirm_appointment(&self, _: &Context, id: &str) -> Result<AppointmentResponse> {
        let mode = self.record("confirmAppointment", json!({ "id": id }))?;
        Ok(self.answer_for(mode, id, |entry| {
            entry.status = Some("confirmed".into());
        }))
    }

    /// Answers with a message only (no record).
    async fn cancel_appointment(&self, _: &Context, id: &str) -> Result<AppointmentResponse> {
        let mode = self.record("cancelAppointment", json!({ "id": id }))?;
        let answer = self.answer_for(mode, id, |entry| {
            entry.status = Some("cancelled".into());
        });
        if mode == Mode::Normal && answer.successful {
            return Ok(AppointmentResponse::done(
                ReturnMessage::success("Appointment cancelled successfully.").with_ttl(5000),
            ));
        }
        if mode == Mode::Broken {
            return Ok(AppointmentResponse::created(id));
        }
        Ok(answer)
    }
}

/// A server over one [`Calendar`] with a signed-in user.
struct Harness {
    server: ConnectorServer,
    calendar: Arc<Calendar>,
    token: String,
}

async fn harness_with(calendar: Calendar) -> Harness {
    log_capture::install();
    let calendar = Arc::new(calendar);
    let store = MemoryStore::new();
    let keys = keys();
    let server = ConnectorServer::builder(keys.clone())
        .connector_arc(calendar.clone())
        .stores(store.clone())
        .build()
        .expect("server builds");
    let mut user = User::new(USER_ID, PLATFORM);
    user.access_token = Secret::new(GOOD_KEY.to_owned());
    store.put_user(user).await.expect("user stored");
    let token = keys
        .issue(USER_ID, PLATFORM)
        .expect("token issued")
        .expose()
        .to_owned();
    Harness {
        server,
        calendar,
        token,
    }
}

async fn harness() -> Harness {
    harness_with(Calendar::new()).await
}

impl Harness {
    async fn call(&self, method: Method, uri: &str, body: Option<Value>) -> Answer {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        self.send(method, uri, Some(&self.token), "application/json", body)
            .await
    }

    async fn send(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        content_type: &str,
        body: String,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            request = request.header(http::header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if !body.is_empty() {
            request = request.header(http::header::CONTENT_TYPE, content_type);
        }
        let request = request.body(body.into_bytes()).expect("request builds");
        answer(self.server.handle(request).await)
    }
}

/// The OpenAPI path of an appointment route.
const ONE: &str = "/appointments/{appointmentId}";

fn create_body() -> Value {
    json!({
        "payload": {
            "title": "Strategy Call",
            "summary": "Discuss case plan",
            "startTimeUtc": "2026-07-20T19:00:00.000Z",
            "durationMinutes": 30,
            "contacts": [{ "id": "501", "type": "Contact" }, 502]
        }
    })
}

/// A 400 whose `error` names `path`; the calendar was not called.
fn assert_refused(h: &Harness, a: &Answer, method: &str, route: &str, path: &str) {
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
    assert_contract(method, route, a);
    let error = a.json()["error"].as_str().unwrap_or_default().to_owned();
    assert!(error.contains(path), "`{path}` not named in {error}");
    assert_eq!(h.calendar.total_calls(), 0, "the connector was called");
}

// ----- GET /appointments ------------------------------------------------------------------

#[tokio::test]
async fn appointments_list_with_and_without_a_range() {
    let h = harness().await;
    let a = h.call(GET, "/appointments", None).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/appointments", &a);
    let listed = a.json();
    assert_eq!(listed["successful"], true);
    assert_eq!(listed["appointments"].as_array().map(Vec::len), Some(2));
    assert_eq!(listed["appointments"][0]["title"], "Candidate Screen");
    // Core answers `{ successful, appointments }` only.
    assert_eq!(listed.as_object().map(|o| o.len()), Some(2), "{listed}");
    let seen = h.calendar.calls_to("listAppointments");
    assert_eq!(seen[0]["range"], Value::Null);
    assert_eq!(seen[0]["authHeader"], "Basic good-key:");

    let a = h
        .call(
            GET,
            "/appointments?startDate=2026-08-01&endDate=2026-08-31&mineOnly=true&forceSync=true",
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/appointments", &a);
    assert_eq!(a.json()["appointments"][0]["id"], "102");
    assert_eq!(a.json()["appointments"].as_array().map(Vec::len), Some(1));
    let seen = h.calendar.calls_to("listAppointments");
    assert_eq!(
        seen[1]["range"],
        json!({ "startDate": "2026-08-01", "endDate": "2026-08-31" })
    );
}

#[tokio::test]
async fn appointments_list_refuses_a_bad_range_naming_the_parameter() {
    let h = harness().await;
    for (query, named) in [
        ("startDate=2026-08-01", "endDate"),
        ("endDate=2026-08-01", "startDate"),
        ("startDate=2026-02-30&endDate=2026-03-01", "startDate"),
        ("startDate=2026-08-01&endDate=08/31/2026", "endDate"),
        ("startDate=2026-09-01&endDate=2026-08-31", "endDate"),
    ] {
        let a = h.call(GET, &format!("/appointments?{query}"), None).await;
        assert_refused(&h, &a, "GET", "/appointments", named);
        assert!(
            a.text.contains("Invalid appointment date range"),
            "{}",
            a.text
        );
    }
}

#[tokio::test]
async fn appointments_need_a_valid_session_before_anything_else() {
    let h = harness().await;
    let forged = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6InUxIn0.c2lnbmF0dXJl";
    for (method, uri, route, body) in [
        ("GET", "/appointments?startDate=bad", "/appointments", ""),
        ("POST", "/appointments", "/appointments", "{\"payload\":{}}"),
        ("PATCH", "/appointments/101", ONE, "{}"),
        (
            "POST",
            "/appointments/101/status",
            "/appointments/{appointmentId}/status",
            "{}",
        ),
        (
            "GET",
            "/appointments/101/refresh",
            "/appointments/{appointmentId}/refresh",
            "",
        ),
        (
            "POST",
            "/appointments/101/confirm",
            "/appointments/{appointmentId}/confirm",
            "",
        ),
        (
            "POST",
            "/appointments/101/cancel",
            "/appointments/{appointmentId}/cancel",
            "",
        ),
    ] {
        for token in [None, Some(forged)] {
            let m = Method::from_bytes(method.as_bytes()).expect("method");
            let a = h
                .send(m, uri, token, "application/json", body.to_owned())
                .await;
            assert_eq!(
                a.status,
                StatusCode::BAD_REQUEST,
                "{method} {uri}: {}",
                a.text
            );
            assert_contract(method, route, &a);
            assert_eq!(a.message(), AUTHORIZE_CRM, "{method} {uri}");
            assert_eq!(a.json()["successful"], false);
        }
    }
    assert_eq!(h.calendar.total_calls(), 0);
}

#[tokio::test]
async fn appointments_answer_user_not_found_for_a_signed_out_user() {
    let h = harness().await;
    let stranger = keys()
        .issue("someone-else", PLATFORM)
        .expect("token")
        .expose()
        .to_owned();
    let a = h
        .send(GET, "/appointments", Some(&stranger), "", String::new())
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/appointments", &a);
    assert_eq!(a.message(), "User not found");
    assert_eq!(h.calendar.total_calls(), 0);
}

#[tokio::test]
async fn appointments_connector_failures_become_core_warnings() {
    let h = harness().await;
    let cases: [(Method, &str, &str, Option<Value>, &str); 6] = [
        (
            GET,
            "/appointments",
            "/appointments",
            None,
            "Error getting appointment",
        ),
        (
            POST,
            "/appointments",
            "/appointments",
            Some(create_body()),
            "Error creating appointment",
        ),
        (
            PATCH,
            "/appointments/101",
            ONE,
            Some(json!({"patch": {"title": "x"}})),
            "Error updating appointment",
        ),
        (
            GET,
            "/appointments/101/refresh",
            "/appointments/{appointmentId}/refresh",
            None,
            "Error getting appointment",
        ),
        (
            POST,
            "/appointments/101/confirm",
            "/appointments/{appointmentId}/confirm",
            None,
            "Error updating appointment",
        ),
        (
            POST,
            "/appointments/101/cancel",
            "/appointments/{appointmentId}/cancel",
            None,
            "Error updating appointment",
        ),
    ];
    for mode in [Mode::CrmError(500), Mode::Panic, Mode::Broken, Mode::Silent] {
        h.calendar.set_mode(mode);
        for (method, uri, route, body, message) in &cases {
            let a = h.call(method.clone(), uri, body.clone()).await;
            assert_eq!(
                a.status,
                StatusCode::OK,
                "{mode:?} {method} {uri}: {}",
                a.text
            );
            assert_contract(method.as_str(), route, &a);
            assert_eq!(a.json()["successful"], false, "{mode:?} {uri}");
            assert_eq!(a.message(), *message, "{mode:?} {method} {uri}: {}", a.text);
        }
    }
    // A CRM that refuses the credentials: core's authorization warning, still 200.
    h.calendar.set_mode(Mode::CrmError(401));
    let a = h.call(GET, "/appointments", None).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/appointments", &a);
    assert_eq!(a.message(), "Authorization error");
}

#[tokio::test]
async fn appointments_a_revoked_crm_session_is_401() {
    let h = harness().await;
    h.calendar.set_mode(Mode::Revoked);
    let a = h.call(GET, "/appointments/101/refresh", None).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}", a.text);
    assert_contract("GET", "/appointments/{appointmentId}/refresh", &a);
    assert_eq!(a.message(), "User session expired. Please connect again.");
}

// ----- POST /appointments -------------------------------------------------------------------

#[tokio::test]
async fn appointments_create_wrapped_and_legacy() {
    let h = harness().await;
    let a = h.call(POST, "/appointments", Some(create_body())).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/appointments", &a);
    let created = a.json();
    assert_eq!(created["successful"], true);
    assert_eq!(created["appointmentId"], "777");
    assert_eq!(created["appointment"]["title"], "Strategy Call");
    assert!(created.get("internalToken").is_none(), "{created}");
    let seen = h.calendar.calls_to("createAppointment");
    assert_eq!(
        seen[0]["contacts"],
        json!([{ "id": "501", "type": "Contact" }, 502])
    );
    assert_eq!(seen[0]["summary"], "Discuss case plan");

    let legacy = create_body()["payload"].clone();
    let a = h.call(POST, "/appointments", Some(legacy)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/appointments", &a);
    assert_eq!(a.json()["appointmentId"], "777");
    assert_eq!(h.calendar.calls_to("createAppointment").len(), 2);
}

#[tokio::test]
async fn appointments_create_refuses_a_bad_body_naming_the_json_path() {
    let h = harness().await;
    let with = |key: &str, value: Value| {
        let mut body = create_body();
        body["payload"][key] = value;
        body
    };
    let without = |key: &str| {
        let mut body = create_body();
        body["payload"].as_object_mut().map(|p| p.remove(key));
        body
    };
    let mut legacy_bad = create_body()["payload"].clone();
    legacy_bad["durationMinutes"] = json!(-5);
    for (body, path) in [
        (with("title", json!("   ")), "payload.title"),
        (
            with("startTimeUtc", json!("2026-07-20 19:00")),
            "payload.startTimeUtc",
        ),
        (
            with("startTimeUtc", json!("2026-07-20T19:00:00")),
            "payload.startTimeUtc",
        ),
        (with("durationMinutes", json!(0)), "payload.durationMinutes"),
        (
            with("durationMinutes", json!(1.5)),
            "payload.durationMinutes",
        ),
        (with("contacts", json!(["501", "0"])), "payload.contacts[1]"),
        (
            with("contacts", json!([{ "id": "x1" }])),
            "payload.contacts[0].id",
        ),
        (
            with("contacts", json!([{ "id": 5, "email": "a@b" }])),
            "payload.contacts[0].email",
        ),
        (with("color", json!("red")), "payload.color"),
        (with("title", Value::Null), "payload.title"),
        (without("summary"), "summary"),
        (json!({ "payload": "soon" }), "payload"),
        (legacy_bad, "durationMinutes"),
    ] {
        let a = h.call(POST, "/appointments", Some(body.clone())).await;
        assert_refused(&h, &a, "POST", "/appointments", path);
        assert!(
            a.text.contains("Invalid appointment create request"),
            "{}",
            a.text
        );
    }
    // Not JSON, no body, another content type.
    let a = h
        .send(
            POST,
            "/appointments",
            Some(&h.token),
            "application/json",
            "{".to_owned(),
        )
        .await;
    assert_refused(&h, &a, "POST", "/appointments", "");
    let a = h
        .send(POST, "/appointments", Some(&h.token), "", String::new())
        .await;
    assert_refused(&h, &a, "POST", "/appointments", "request body");
    let a = h
        .send(
            POST,
            "/appointments",
            Some(&h.token),
            "text/plain",
            create_body().to_string(),
        )
        .await;
    assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", a.text);
    assert_eq!(h.calendar.total_calls(), 0);
}

// ----- PATCH /appointments/{appointmentId} and POST …/status --------------------------------

#[tokio::test]
async fn appointments_patch_updates_and_answers_with_the_path_id() {
    let h = harness().await;
    let a = h
        .call(
            PATCH,
            "/appointments/101",
            Some(json!({ "patch": { "title": "Moved" } })),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("PATCH", ONE, &a);
    let updated = a.json();
    assert_eq!(updated["appointmentId"], "101");
    assert_eq!(updated["appointment"]["title"], "Moved");
    assert_eq!(updated["returnMessage"]["message"], "Saved");
    assert!(updated.get("internalToken").is_none(), "{updated}");
    let seen = h.calendar.calls_to("updateAppointment");
    assert_eq!(
        seen[0],
        json!({ "id": "101", "patch": { "title": "Moved" } })
    );

    // The deprecated bare form with the legacy start time and its duration.
    let legacy = json!({ "startTime": "2026-07-21T09:30:00+02:00", "durationMinutes": 15 });
    let a = h
        .call(PATCH, "/appointments/101", Some(legacy.clone()))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("PATCH", ONE, &a);
    assert_eq!(
        a.json()["appointment"]["startTimeUtc"],
        "2026-07-21T09:30:00+02:00"
    );
    assert_eq!(h.calendar.calls_to("updateAppointment")[1]["patch"], legacy);

    // A percent-encoded id reaches the connector decoded.
    let a = h
        .call(
            PATCH,
            "/appointments/a%2Fb%20c",
            Some(json!({ "patch": { "summary": "" } })),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("PATCH", ONE, &a);
    assert_eq!(a.message(), "Appointment a/b c not found in the calendar");
    assert_eq!(h.calendar.calls_to("updateAppointment")[2]["id"], "a/b c");
}

#[tokio::test]
async fn appointments_patch_of_an_unknown_id_is_the_connectors_failure() {
    let h = harness().await;
    let a = h
        .call(
            PATCH,
            "/appointments/999",
            Some(json!({ "patch": { "title": "x" } })),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("PATCH", ONE, &a);
    assert_eq!(
        a.json(),
        json!({
            "successful": false,
            "returnMessage": {
                "message": "Appointment 999 not found in the calendar",
                "messageType": "warning",
                "ttl": 5000
            }
        })
    );
}

#[tokio::test]
async fn appointments_patch_refuses_a_bad_body_naming_the_json_path() {
    let h = harness().await;
    for (body, path) in [
        (json!({ "patch": {} }), "patch"),
        (json!({}), "at least one appointment field"),
        (
            json!({ "patch": { "status": "confirmed" } }),
            "patch.status",
        ),
        (
            json!({ "patch": { "startTimeUtc": "2026-07-21T09:30:00Z" } }),
            "patch.durationMinutes",
        ),
        (
            json!({ "patch": { "durationMinutes": 15 } }),
            "patch.durationMinutes",
        ),
        (
            json!({ "patch": { "startTimeUtc": "2026-07-21T09:30:00Z", "startTime": "2026-07-21T09:30:00Z", "durationMinutes": 5 } }),
            "patch.startTime",
        ),
        (
            json!({ "patch": { "startTimeUtc": "09:30", "durationMinutes": 5 } }),
            "patch.startTimeUtc",
        ),
        (json!({ "patch": { "title": "" } }), "patch.title"),
        (
            json!({ "patch": { "contacts": [-1] } }),
            "patch.contacts[0]",
        ),
        (
            json!({ "patch": { "title": "x", "location": "HQ" } }),
            "patch.location",
        ),
        (json!({ "patch": { "title": 5 } }), "patch.title"),
    ] {
        let a = h.call(PATCH, "/appointments/101", Some(body)).await;
        assert_refused(&h, &a, "PATCH", ONE, path);
        assert!(
            a.text.contains("Invalid appointment patch request"),
            "{}",
            a.text
        );
    }
}

#[tokio::test]
async fn appointments_status_is_lower_cased_into_the_update() {
    let h = harness().await;
    let route = "/appointments/{appointmentId}/status";
    let a = h
        .call(
            POST,
            "/appointments/102/status",
            Some(json!({ "status": " TENTATIVE " })),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", route, &a);
    assert_eq!(a.json()["appointmentId"], "102");
    assert_eq!(a.json()["appointment"]["status"], "tentative");
    let seen = h.calendar.calls_to("updateAppointment");
    assert_eq!(
        seen[0],
        json!({ "id": "102", "patch": { "status": "tentative" } })
    );

    let a = h
        .call(
            POST,
            "/appointments/999/status",
            Some(json!({ "status": "confirmed" })),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", route, &a);
    assert_eq!(a.message(), "Appointment 999 not found in the calendar");

    let h = harness().await;
    for (body, path) in [
        (json!({ "status": "  " }), "status"),
        (json!({}), "status"),
        (json!({ "status": 3 }), "status"),
        (json!({ "status": "confirmed", "reason": "x" }), "reason"),
    ] {
        let a = h.call(POST, "/appointments/102/status", Some(body)).await;
        assert_refused(&h, &a, "POST", route, path);
        assert!(
            a.text.contains("Invalid appointment status request"),
            "{}",
            a.text
        );
    }
}

// ----- GET …/refresh, POST …/confirm, POST …/cancel -----------------------------------------

#[tokio::test]
async fn appointments_refresh_confirm_and_cancel() {
    let h = harness().await;
    let a = h.call(GET, "/appointments/101/refresh", None).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/appointments/{appointmentId}/refresh", &a);
    assert_eq!(a.json()["appointmentId"], "101");
    assert_eq!(a.json()["appointment"]["title"], "Candidate Screen");

    let a = h.call(GET, "/appointments/555/refresh", None).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/appointments/{appointmentId}/refresh", &a);
    assert_eq!(a.message(), "Appointment 555 not found in the calendar");

    // Confirm answers with the record (and, as core, without the connector's message).
    let a = h.call(POST, "/appointments/101/confirm", None).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/appointments/{appointmentId}/confirm", &a);
    let confirmed = a.json();
    assert_eq!(confirmed["appointmentId"], "101");
    assert_eq!(confirmed["appointment"]["status"], "confirmed");
    assert!(confirmed.get("returnMessage").is_none(), "{confirmed}");

    // Cancel answers with the connector's message only.
    let a = h.call(POST, "/appointments/102/cancel", None).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/appointments/{appointmentId}/cancel", &a);
    assert_eq!(
        a.json(),
        json!({
            "successful": true,
            "appointmentId": "102",
            "returnMessage": {
                "message": "Appointment cancelled successfully.",
                "messageType": "success",
                "ttl": 5000
            }
        })
    );
    let a = h.call(POST, "/appointments/404/cancel", None).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/appointments/{appointmentId}/cancel", &a);
    assert_eq!(a.message(), "Appointment 404 not found in the calendar");
    assert_eq!(h.calendar.calls_to("confirmAppointment").len(), 1);
    assert_eq!(h.calendar.calls_to("cancelAppointment").len(), 2);
}

// ----- Interfaces, methods and paths ----------------------------------------------------------

async fn interfaces(h: &Harness) -> Value {
    let a = h
        .call(
            GET,
            &format!("/implementedInterfaces?platform={PLATFORM}"),
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/implementedInterfaces", &a);
    a.json()
}

const SIX: [&str; 6] = [
    "listAppointments",
    "createAppointment",
    "updateAppointment",
    "refreshAppointment",
    "confirmAppointment",
    "cancelAppointment",
];

#[tokio::test]
async fn appointments_are_reported_as_the_connector_implements_them() {
    let h = harness().await;
    let map = interfaces(&h).await;
    for name in SIX {
        assert_eq!(map[name], true, "{name}: {map}");
    }

    let h = harness_with(Calendar {
        status_actions: false,
        ..Calendar::new()
    })
    .await;
    let map = interfaces(&h).await;
    for name in &SIX[..4] {
        assert_eq!(map[*name], true, "{name}: {map}");
    }
    for name in &SIX[4..] {
        assert_eq!(map[*name], false, "{name}: {map}");
    }
    // Not declared: the route answers core's not-implemented warning.
    let a = h.call(POST, "/appointments/101/confirm", None).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/appointments/{appointmentId}/confirm", &a);
    assert_eq!(
        a.message(),
        "confirmAppointment is not supported by testCRM"
    );

    let h = harness_with(Calendar {
        appointments: false,
        ..Calendar::new()
    })
    .await;
    let map = interfaces(&h).await;
    for name in SIX {
        assert_eq!(map[name], false, "{name}: {map}");
    }
    let a = h.call(GET, "/appointments", None).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/appointments", &a);
    assert_eq!(a.message(), "listAppointments is not supported by testCRM");
    assert_eq!(h.calendar.total_calls(), 0);
}

#[tokio::test]
async fn appointments_wrong_methods_are_405_and_unknown_paths_404() {
    let h = harness().await;
    for (method, uri, allowed) in [
        (Method::PUT, "/appointments", "GET, POST"),
        (Method::DELETE, "/appointments/101", "PATCH"),
        (Method::GET, "/appointments/101", "PATCH"),
        (Method::GET, "/appointments/101/status", "POST"),
        (Method::POST, "/appointments/101/refresh", "GET"),
        (Method::GET, "/appointments/101/confirm", "POST"),
        (Method::DELETE, "/appointments/101/cancel", "POST"),
    ] {
        let a = h.call(method.clone(), uri, None).await;
        assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
        assert_eq!(
            a.headers
                .get(http::header::ALLOW)
                .and_then(|v| v.to_str().ok()),
            Some(allowed),
            "{method} {uri}"
        );
    }
    for uri in [
        "/appointments/101/reschedule",
        "/appointments//status",
        "/appointments/101/status/extra",
    ] {
        let a = h.call(POST, uri, None).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{uri}: {}", a.text);
    }
    // An id that is not percent-encoded UTF-8.
    let a = h.call(GET, "/appointments/%FF/refresh", None).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
    assert_contract("GET", "/appointments/{appointmentId}/refresh", &a);
    assert_eq!(h.calendar.total_calls(), 0);
}
