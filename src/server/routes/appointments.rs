//! The appointment routes (issue 12): `GET`/`POST /appointments`,
//! `PATCH /appointments/{appointmentId}` and `POST …/status`, `GET …/refresh`,
//! `POST …/confirm`, `POST …/cancel`.
//!
//! In App Connect's order: the session token first (400 [`AUTHORIZE_CRM`] without a valid
//! one), then the query or body, validated as core's schemas do (400 naming the JSON path of
//! what was wrong), then the signed-in user and the connector's interface. Its answer is
//! rebuilt into the route's contract shape, so nothing the connector adds beyond it reaches
//! the client; an answer that breaks the contract (success without the record the route
//! returns, failure without a message) becomes the interface's failure warning.
//!
//! [`AUTHORIZE_CRM`]: crate::server::AUTHORIZE_CRM

use http::{Response, StatusCode};
use serde_json::Value;

use crate::connector::{ConnectorError, Interface};
use crate::models::{
    Appointment, AppointmentContactReference, AppointmentListResponse, AppointmentPatchInput,
    AppointmentRange, AppointmentResponse, AppointmentStatusUpdateRequest, CreateAppointmentInput,
    CrmId, Extra, ModelError, ReturnMessage, from_json_value,
};
use crate::server::incoming::{Incoming, json_response};
use crate::server::signed_in::{Outcome, SignedIn};
use crate::server::{ConnectorServer, Rejection, observe};

/// `GET /appointments?startDate=&endDate=`: the connector's `listAppointments` over an
/// inclusive `YYYY-MM-DD` range (both or neither). 200 `{ successful: true, appointments }`
/// or `{ successful: false, returnMessage }`.
pub(super) async fn list(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    require_session(incoming)?;
    let range = date_range(incoming)?;
    act(server, incoming, "", Action::List(range)).await
}

/// `POST /appointments`: body `{ payload: { title, summary, startTimeUtc, durationMinutes,
/// contacts? } }` (or the deprecated bare payload); the connector's `createAppointment`.
/// 200 `{ successful: true, appointmentId, appointment?, returnMessage? }` or a failure.
pub(super) async fn create(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    require_session(incoming)?;
    let input = create_input(incoming)?;
    act(server, incoming, "", Action::Create(Box::new(input))).await
}

/// `PATCH /appointments/{appointmentId}`: body `{ patch: { … } }` (or the deprecated bare
/// patch); the connector's `updateAppointment`. 200 `{ successful: true, appointmentId,
/// appointment, returnMessage? }` or a failure.
pub(super) async fn update(server: &ConnectorServer, incoming: &Incoming<'_>, id: &str) -> Outcome {
    require_session(incoming)?;
    let patch = patch_input(incoming)?;
    act(server, incoming, id, Action::Update(Box::new(patch))).await
}

/// `POST /appointments/{appointmentId}/status`: body `{ status }`; the connector's
/// `updateAppointment` with the lower-cased status as the whole patch. Answers as `PATCH`.
pub(super) async fn status(server: &ConnectorServer, incoming: &Incoming<'_>, id: &str) -> Outcome {
    require_session(incoming)?;
    let status = status_input(incoming)?;
    let patch = AppointmentPatchInput {
        status: Some(status),
        ..AppointmentPatchInput::default()
    };
    act(server, incoming, id, Action::Update(Box::new(patch))).await
}

/// `GET /appointments/{appointmentId}/refresh`: the connector's `refreshAppointment`.
/// Answers as `PATCH`.
pub(super) async fn refresh(
    server: &ConnectorServer,
    incoming: &Incoming<'_>,
    id: &str,
) -> Outcome {
    require_session(incoming)?;
    act(server, incoming, id, Action::Refresh).await
}

/// `POST /appointments/{appointmentId}/confirm`: the connector's `confirmAppointment`.
/// 200 `{ successful: true, appointmentId, appointment }`, or `{ …, returnMessage }` when
/// the connector returns no record, or a failure.
pub(super) async fn confirm(
    server: &ConnectorServer,
    incoming: &Incoming<'_>,
    id: &str,
) -> Outcome {
    require_session(incoming)?;
    act(server, incoming, id, Action::Confirm).await
}

/// `POST /appointments/{appointmentId}/cancel`: the connector's `cancelAppointment`.
/// Answers as `confirm`.
pub(super) async fn cancel(server: &ConnectorServer, incoming: &Incoming<'_>, id: &str) -> Outcome {
    require_session(incoming)?;
    act(server, incoming, id, Action::Cancel).await
}

/// What a route asks of the connector, with its validated input.
enum Action {
    List(Option<AppointmentRange>),
    Create(Box<CreateAppointmentInput>),
    Update(Box<AppointmentPatchInput>),
    Refresh,
    Confirm,
    Cancel,
}

impl Action {
    fn interface(&self) -> Interface {
        match self {
            Action::List(_) => Interface::ListAppointments,
            Action::Create(_) => Interface::CreateAppointment,
            Action::Update(_) => Interface::UpdateAppointment,
            Action::Refresh => Interface::RefreshAppointment,
            Action::Confirm => Interface::ConfirmAppointment,
            Action::Cancel => Interface::CancelAppointment,
        }
    }
}

/// Signs in, runs `action` (on appointment `id` for the routes that have one) and answers in
/// the route's shape.
async fn act(
    server: &ConnectorServer,
    incoming: &Incoming<'_>,
    id: &str,
    action: Action,
) -> Outcome {
    let interface = action.interface();
    let signed = match server.sign_in(incoming).await {
        Ok(signed) => signed,
        Err(answer) => return answer,
    };
    let Some(calendar) = signed.connector.appointments() else {
        return Ok(not_implemented(&signed, interface));
    };
    let (cx, s) = (&signed.cx, &signed);
    let answer = match action {
        Action::List(range) => s
            .call(interface, calendar.list_appointments(cx, range))
            .await
            .map(|result| list_answer(s, result)),
        Action::Create(input) => s
            .call(interface, calendar.create_appointment(cx, *input))
            .await
            .map(|result| created_answer(s, result)),
        Action::Update(patch) => s
            .call(interface, calendar.update_appointment(cx, id, *patch))
            .await
            .map(|result| record_answer(s, interface, id, result)),
        Action::Refresh => s
            .call(interface, calendar.refresh_appointment(cx, id))
            .await
            .map(|result| record_answer(s, interface, id, result)),
        Action::Confirm | Action::Cancel => {
            let Some(actions) = calendar.status_actions() else {
                return Ok(not_implemented(s, interface));
            };
            let future = match interface {
                Interface::ConfirmAppointment => actions.confirm_appointment(cx, id),
                _ => actions.cancel_appointment(cx, id),
            };
            s.call(interface, future)
                .await
                .map(|result| action_answer(s, interface, id, result))
        }
    };
    // A connector error is already App Connect's answer.
    Ok(answer.unwrap_or_else(|response| response))
}

/// App Connect's answer when the connector does not implement `interface`.
fn not_implemented(signed: &SignedIn, interface: Interface) -> Response<Vec<u8>> {
    signed.refuse(interface, &ConnectorError::not_implemented(interface))
}

/// Core checks the token before it reads the body: a request without a valid session is told
/// to authorize whatever its body holds.
fn require_session(incoming: &Incoming<'_>) -> Result<(), Rejection> {
    match &incoming.session {
        None => Err(Rejection::MissingSession),
        Some(Err(error)) => Err(Rejection::InvalidSession(error.clone())),
        Some(Ok(_)) => Ok(()),
    }
}

// ----- Answers ------------------------------------------------------------------------

fn list_answer(signed: &SignedIn, result: AppointmentListResponse) -> Response<Vec<u8>> {
    let interface = Interface::ListAppointments;
    if !result.successful {
        return failure(signed, interface, result.return_message);
    }
    let Some(appointments) = result.appointments else {
        return broken(signed, interface, "successful without appointments");
    };
    if let Some(i) = appointments.iter().position(|a| !identified(a)) {
        return broken(
            signed,
            interface,
            &format!("appointments[{i}] without an id"),
        );
    }
    json_response(StatusCode::OK, &AppointmentListResponse::new(appointments))
}

fn created_answer(signed: &SignedIn, result: AppointmentResponse) -> Response<Vec<u8>> {
    let interface = Interface::CreateAppointment;
    if !result.successful {
        return failure(signed, interface, result.return_message);
    }
    let Some(id) = result
        .appointment_id
        .filter(|id| !id.as_str().trim().is_empty())
    else {
        return broken(signed, interface, "successful without an appointmentId");
    };
    if result.appointment.as_ref().is_some_and(|a| !identified(a)) {
        return broken(signed, interface, "an appointment without an id");
    }
    success(id, result.appointment, result.return_message)
}

/// Update, status and refresh: the current record is required.
fn record_answer(
    signed: &SignedIn,
    interface: Interface,
    id: &str,
    result: AppointmentResponse,
) -> Response<Vec<u8>> {
    if !result.successful {
        return failure(signed, interface, result.return_message);
    }
    let Some(appointment) = result.appointment.filter(identified) else {
        return broken(
            signed,
            interface,
            "successful without an appointment with an id",
        );
    };
    success(CrmId::from(id), Some(appointment), result.return_message)
}

/// Confirm and cancel: the current record, or else the connector's message (core sends one
/// or the other).
fn action_answer(
    signed: &SignedIn,
    interface: Interface,
    id: &str,
    result: AppointmentResponse,
) -> Response<Vec<u8>> {
    if !result.successful {
        return failure(signed, interface, result.return_message);
    }
    let (appointment, return_message) = match (result.appointment, result.return_message) {
        (Some(appointment), _) if identified(&appointment) => (Some(appointment), None),
        (Some(_), _) => return broken(signed, interface, "an appointment without an id"),
        (None, Some(message)) => (None, Some(message)),
        (None, None) => {
            return broken(
                signed,
                interface,
                "successful without an appointment or a returnMessage",
            );
        }
    };
    success(CrmId::from(id), appointment, return_message)
}

/// `{ successful: true, appointmentId, appointment?, returnMessage? }`: only what the contract
/// names, whatever else the connector returned.
fn success(
    appointment_id: CrmId,
    appointment: Option<Appointment>,
    return_message: Option<ReturnMessage>,
) -> Response<Vec<u8>> {
    let answer = AppointmentResponse {
        successful: true,
        appointment_id: Some(appointment_id),
        appointment,
        return_message,
        extra: Extra::new(),
    };
    json_response(StatusCode::OK, &answer)
}

/// `{ successful: false, returnMessage }`, which every appointment route answers with 200.
fn failure(
    signed: &SignedIn,
    interface: Interface,
    message: Option<ReturnMessage>,
) -> Response<Vec<u8>> {
    match message {
        Some(message) => json_response(StatusCode::OK, &AppointmentResponse::failure(message)),
        None => broken(
            signed,
            interface,
            "successful: false without a returnMessage",
        ),
    }
}

/// A connector answer the route cannot send (core's response schema would refuse it): logged
/// as the connector's failure and answered with the interface's failure warning.
fn broken(signed: &SignedIn, interface: Interface, what: &str) -> Response<Vec<u8>> {
    let error = ConnectorError::other(format!("{interface} answered {what}"));
    observe::connector_failed(&signed.platform, interface, &error);
    signed.refuse(interface, &error)
}

fn identified(appointment: &Appointment) -> bool {
    !appointment.id.as_str().trim().is_empty()
}

// ----- Requests -----------------------------------------------------------------------

/// `startDate` and `endDate`: both or neither, calendar dates, in order.
fn date_range(incoming: &Incoming<'_>) -> Result<Option<AppointmentRange>, Rejection> {
    let (start, end) = (incoming.query("startDate"), incoming.query("endDate"));
    if start.is_none() && end.is_none() {
        return Ok(None);
    }
    let invalid = |key: &str, message: &str| {
        Rejection::InvalidRequest(format!("Invalid appointment date range ({key}: {message})"))
    };
    let date = |key: &'static str, value: Option<&str>| match value {
        None => Err(invalid(key, "required with the other date")),
        Some(v) if !is_date(v) => Err(invalid(key, "must be a YYYY-MM-DD calendar date")),
        Some(v) => Ok(v.to_owned()),
    };
    let (start, end) = (date("startDate", start)?, date("endDate", end)?);
    if start > end {
        return Err(invalid("endDate", "startDate must be on or before endDate"));
    }
    Ok(Some(AppointmentRange::new(start, end)))
}

/// The body of `POST /appointments`.
fn create_input(incoming: &Incoming<'_>) -> Result<CreateAppointmentInput, Rejection> {
    wrapped_body(incoming, "payload", "create", check_create)
}

/// The body of `PATCH /appointments/{appointmentId}`.
fn patch_input(incoming: &Incoming<'_>) -> Result<AppointmentPatchInput, Rejection> {
    wrapped_body(incoming, "patch", "patch", check_patch)
}

/// The status of `POST /appointments/{appointmentId}/status`, trimmed and lower-cased.
fn status_input(incoming: &Incoming<'_>) -> Result<String, Rejection> {
    let refuse = refusal("status");
    let request: AppointmentStatusUpdateRequest =
        from_json_value(incoming.json()?).map_err(refuse)?;
    strict(&request.extra, "").map_err(refuse)?;
    let status = request.status.trim();
    if status.is_empty() {
        return Err(refuse(ModelError::new("status", "must not be empty")));
    }
    Ok(status.to_lowercase())
}

/// A body in the wrapped (`{ "<key>": … }`) or the bare form, read as `T` and checked by
/// `check` (given the path of the object).
fn wrapped_body<T: serde::de::DeserializeOwned>(
    incoming: &Incoming<'_>,
    key: &'static str,
    what: &'static str,
    check: fn(&T, &str) -> Result<(), ModelError>,
) -> Result<T, Rejection> {
    let refuse = refusal(what);
    let (at, value) = unwrap(incoming.json()?, key);
    let body: T = from_json_value(value).map_err(|e| refuse(under(at, e)))?;
    check(&body, at).map_err(refuse)?;
    Ok(body)
}

/// Core's 400 for a body its schema refuses: `Invalid appointment <what> request`, with the
/// path and the problem.
fn refusal(what: &'static str) -> impl Fn(ModelError) -> Rejection + Copy {
    move |e| Rejection::InvalidRequest(format!("Invalid appointment {what} request ({e})"))
}

/// `{ "<key>": inner }` is the canonical wrapped form: `("<key>", inner)`; anything else is
/// the deprecated bare form: `("", body)`.
fn unwrap(body: Value, key: &'static str) -> (&'static str, Value) {
    match body {
        Value::Object(mut map) if map.len() == 1 && map.contains_key(key) => {
            (key, map.remove(key).unwrap_or_default())
        }
        other => ("", other),
    }
}

fn join(at: &str, key: &str) -> String {
    match (at.is_empty(), key.is_empty()) {
        (true, _) => key.to_owned(),
        (false, true) => at.to_owned(),
        (false, false) if key.starts_with('[') => format!("{at}{key}"),
        (false, false) => format!("{at}.{key}"),
    }
}

/// `error` of a value found at `at`.
fn under(at: &str, error: ModelError) -> ModelError {
    if at.is_empty() {
        return error;
    }
    ModelError::new(join(at, &error.path), error.message)
}

/// Core's request schemas are strict: an unknown key, or `null` for an optional one, is
/// refused (the models keep both in `extra`).
fn strict(extra: &Extra, at: &str) -> Result<(), ModelError> {
    match extra.iter().next() {
        None => Ok(()),
        Some((key, Value::Null)) => Err(ModelError::new(join(at, key), "must not be null")),
        Some((key, _)) => Err(ModelError::new(join(at, key), "unknown field")),
    }
}

fn check_create(input: &CreateAppointmentInput, at: &str) -> Result<(), ModelError> {
    strict(&input.extra, at)?;
    if input.title.trim().is_empty() {
        return Err(ModelError::new(join(at, "title"), "must not be empty"));
    }
    check_start(&input.start_time_utc, &join(at, "startTimeUtc"))?;
    check_duration(input.duration_minutes, at)?;
    check_contacts(input.contacts.as_deref(), at)
}

fn check_patch(patch: &AppointmentPatchInput, at: &str) -> Result<(), ModelError> {
    strict(&patch.extra, at)?;
    if patch.status.is_some() {
        return Err(ModelError::new(
            join(at, "status"),
            "unknown field (a status is set with POST /appointments/{appointmentId}/status)",
        ));
    }
    if patch.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(ModelError::new(join(at, "title"), "must not be empty"));
    }
    check_contacts(patch.contacts.as_deref(), at)?;
    let start = match (&patch.start_time_utc, &patch.start_time) {
        (Some(_), Some(_)) => {
            return Err(ModelError::new(
                join(at, "startTime"),
                "cannot be sent with startTimeUtc",
            ));
        }
        (Some(start), None) => Some((start, "startTimeUtc")),
        (None, Some(start)) => Some((start, "startTime")),
        (None, None) => None,
    };
    match (start, patch.duration_minutes) {
        (Some((start, key)), Some(minutes)) => {
            check_start(start, &join(at, key))?;
            check_duration(minutes, at)
        }
        (Some((_, key)), None) => Err(ModelError::new(
            join(at, "durationMinutes"),
            format!("required with {key}"),
        )),
        (None, Some(_)) => Err(ModelError::new(
            join(at, "durationMinutes"),
            "needs startTimeUtc",
        )),
        (None, None)
            if patch.title.is_none() && patch.summary.is_none() && patch.contacts.is_none() =>
        {
            Err(ModelError::new(
                at,
                "at least one appointment field must be supplied",
            ))
        }
        (None, None) => Ok(()),
    }
}

fn check_start(start: &str, path: &str) -> Result<(), ModelError> {
    if is_date_time(start) {
        Ok(())
    } else {
        Err(ModelError::new(
            path,
            "must be an ISO-8601 date-time with an offset (2026-07-20T19:00:00.000Z)",
        ))
    }
}

fn check_duration(minutes: u32, at: &str) -> Result<(), ModelError> {
    if minutes == 0 {
        return Err(ModelError::new(
            join(at, "durationMinutes"),
            "must be a positive number of minutes",
        ));
    }
    Ok(())
}

/// Each contact is a positive id (digits or an integer) or a strict `{ id, type?,
/// contactType? }`.
fn check_contacts(
    contacts: Option<&[AppointmentContactReference]>,
    at: &str,
) -> Result<(), ModelError> {
    for (i, contact) in contacts.unwrap_or_default().iter().enumerate() {
        let path = join(at, &format!("contacts[{i}]"));
        let (id, id_path) = match contact {
            AppointmentContactReference::Id(id) => (id, path),
            AppointmentContactReference::Object(object) => {
                strict(&object.extra, &path)?;
                (&object.id, join(&path, "id"))
            }
        };
        if !positive_id(id) {
            return Err(ModelError::new(id_path, "must be a positive contact id"));
        }
    }
    Ok(())
}

/// JavaScript's largest exact integer, the contract's bound on a numeric id.
const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

fn positive_id(id: &CrmId) -> bool {
    match id {
        CrmId::Str(s) => {
            s.starts_with(|c: char| ('1'..='9').contains(&c))
                && s.bytes().all(|b| b.is_ascii_digit())
        }
        CrmId::Num(n) => n
            .as_u64()
            .is_some_and(|v| (1..=MAX_SAFE_INTEGER).contains(&v)),
    }
}

/// `YYYY-MM-DD`, a real calendar date.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// Two digits, at most `max`.
fn two_digits(text: &str, max: u8) -> bool {
    text.len() == 2
        && text.bytes().all(|b| b.is_ascii_digit())
        && text.parse::<u8>().is_ok_and(|n| n <= max)
}

/// `HH:MM`.
fn hours_minutes(text: &str) -> bool {
    text.split_once(':')
        .is_some_and(|(h, m)| two_digits(h, 23) && two_digits(m, 59))
}

/// `YYYY-MM-DDTHH:MM[:SS[.fraction]]` then `Z` or `±HH:MM`, as core's `iso.datetime({ offset:
/// true })` and the contract's pattern accept.
fn is_date_time(text: &str) -> bool {
    let Some((date, time)) = text.split_once('T') else {
        return false;
    };
    let (clock, offset_ok) = if let Some(clock) = time.strip_suffix('Z') {
        (clock, true)
    } else if let Some(at) = time.rfind(['+', '-']) {
        (&time[..at], hours_minutes(&time[at + 1..]))
    } else {
        return false;
    };
    let (Some(hm), Some(rest)) = (clock.get(..5), clock.get(5..)) else {
        return false;
    };
    let seconds_ok = rest.is_empty()
        || rest.strip_prefix(':').is_some_and(|seconds| {
            let (whole, fraction) = match seconds.split_once('.') {
                Some((whole, fraction)) => (whole, Some(fraction)),
                None => (seconds, None),
            };
            two_digits(whole, 59)
                && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
        });
    is_date(date) && offset_ok && hours_minutes(hm) && seconds_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_date_times_are_checked_as_core_checks_them() {
        assert!(is_date("2026-07-01"));
        assert!(is_date("2028-02-29"));
        assert!(!is_date("2026-02-29"));
        assert!(!is_date("2026-7-01"));
        assert!(!is_date("2026-13-01"));
        for good in [
            "2026-07-20T19:00:00.000Z",
            "2026-07-20T19:00Z",
            "2026-07-20T19:00:59+05:30",
            "2026-07-20T19:00:00.123456-08:00",
        ] {
            assert!(is_date_time(good), "{good}");
        }
        for bad in [
            "2026-07-20T19:00:00",
            "2026-07-20 19:00:00Z",
            "2026-07-20T24:00:00Z",
            "2026-07-20T19:00:00.Z",
            "2026-07-20T19:00:00+5:30",
            "2026-02-30T19:00:00Z",
            "tomorrow",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
    }

    #[test]
    fn contact_ids_must_be_positive() {
        assert!(positive_id(&CrmId::from("501")));
        assert!(positive_id(&CrmId::from(7_i64)));
        assert!(!positive_id(&CrmId::from("0501")));
        assert!(!positive_id(&CrmId::from("abc")));
        assert!(!positive_id(&CrmId::from(0_i64)));
        assert!(!positive_id(&CrmId::from(-3_i64)));
        assert!(!positive_id(&CrmId::from(MAX_SAFE_INTEGER + 1)));
    }

    #[test]
    fn paths_join_under_the_wrapper() {
        assert_eq!(join("payload", "title"), "payload.title");
        assert_eq!(join("", "title"), "title");
        assert_eq!(join("payload", ""), "payload");
        assert_eq!(join("payload.contacts", "[0]"), "payload.contacts[0]");
    }
}
