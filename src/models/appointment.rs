//! Appointments (calendar events) and their routes.

use serde::{Deserialize, Serialize};

use super::common::{CrmId, Extra};
use super::return_message::ReturnMessage;

wire_object! {
    "an attendee object";
    /// An appointment attendee (OpenAPI `AppointmentAttendee`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let a = AppointmentAttendee::new(601, "Alice Able");
    /// assert_eq!(serde_json::to_string(&a).unwrap(), r#"{"id":601,"name":"Alice Able"}"#);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct AppointmentAttendee {
        /// Attendee id (required).
        pub id: CrmId => req "id",
        /// Name.
        pub name: Option<String> => opt "name",
        /// Entity type.
        pub attendee_type: Option<String> => opt "type",
        /// Response status.
        pub status: Option<String> => opt "status",
        /// Email.
        pub email: Option<String> => opt "email",
    }
}

impl AppointmentAttendee {
    /// An attendee with an id and a name.
    pub fn new(id: impl Into<CrmId>, name: impl Into<String>) -> Self {
        AppointmentAttendee {
            id: id.into(),
            name: Some(name.into()),
            ..Default::default()
        }
    }
}

wire_object! {
    "an appointment object";
    /// An appointment (OpenAPI `IdentifiedAppointment`). Nullable fields that arrive as `null` are
    /// kept (in `extra`) and written back as `null`.
    ///
    /// ```
    /// use app_connect_sdk::models::Appointment;
    /// let a = Appointment::new("101").with_title("Candidate Screen")
    ///     .with_start("2026-07-20T15:00:00.000Z", 45);
    /// assert_eq!(serde_json::to_value(&a).unwrap()["durationMinutes"], 45);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct Appointment {
        /// Appointment id (required).
        pub id: CrmId => req "id",
        /// Id in the third-party calendar.
        pub third_party_appointment_id: Option<CrmId> => opt "thirdPartyAppointmentId",
        /// Title.
        pub title: Option<String> => opt "title",
        /// Description (canonical).
        pub description: Option<String> => opt "description",
        /// Summary (compatibility alias of description).
        pub summary: Option<String> => opt "summary",
        /// Participant name.
        pub participant_name: Option<String> => opt "participantName",
        /// Start (ISO-8601 with offset).
        pub start_time_utc: Option<String> => opt "startTimeUtc",
        /// Duration in minutes.
        pub duration_minutes: Option<serde_json::Number> => opt "durationMinutes",
        /// Status (`scheduled`, `cancelled`, `confirmed`, `tentative`, …).
        pub status: Option<String> => opt "status",
        /// Contact id.
        pub contact_id: Option<CrmId> => opt "contactId",
        /// Contact type.
        pub contact_type: Option<String> => opt "contactType",
        /// Attendees.
        pub attendees: Option<Vec<AppointmentAttendee>> => opt "attendees",
        /// Attendee ids.
        pub attendee_ids: Option<Vec<CrmId>> => opt "attendeeIds",
    }
}

impl Appointment {
    /// An appointment with an id.
    pub fn new(id: impl Into<CrmId>) -> Self {
        Appointment {
            id: id.into(),
            ..Default::default()
        }
    }

    /// Sets the title.
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Sets the start (ISO-8601 with offset) and the duration in minutes.
    #[must_use]
    pub fn with_start(mut self, start_time_utc: impl Into<String>, duration_minutes: u32) -> Self {
        self.start_time_utc = Some(start_time_utc.into());
        self.duration_minutes = Some(duration_minutes.into());
        self
    }

    /// Sets the status.
    #[must_use]
    pub fn with_status(mut self, status: impl Into<String>) -> Self {
        self.status = Some(status.into());
        self
    }
}

/// The date range of `listAppointments` (`YYYY-MM-DD`, inclusive).
///
/// ```
/// use app_connect_sdk::models::*;
/// let r = AppointmentRange::new("2026-07-01", "2026-07-31");
/// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"startDate":"2026-07-01","endDate":"2026-07-31"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct AppointmentRange {
    /// First day.
    pub start_date: String,
    /// Last day.
    pub end_date: String,
}

impl AppointmentRange {
    /// A range.
    pub fn new(start_date: impl Into<String>, end_date: impl Into<String>) -> Self {
        AppointmentRange {
            start_date: start_date.into(),
            end_date: end_date.into(),
        }
    }
}

/// A contact reference of an appointment: a bare id or `{ id, type?, contactType? }`
/// (OpenAPI `AppointmentContactReference`).
///
/// ```
/// use app_connect_sdk::models::*;
/// let refs: Vec<AppointmentContactReference> = serde_json::from_str(r#"["501", 502, {"id":"503","type":"Contact"}]"#).unwrap();
/// assert_eq!(refs[1].id(), "502");
/// assert_eq!(refs[2].id(), "503");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum AppointmentContactReference {
    /// A bare id.
    Id(CrmId),
    /// An object reference.
    Object(AppointmentContactObject),
}

impl AppointmentContactReference {
    /// The contact id, whichever form.
    pub fn id(&self) -> &CrmId {
        match self {
            AppointmentContactReference::Id(id) => id,
            AppointmentContactReference::Object(o) => &o.id,
        }
    }
}

impl Serialize for AppointmentContactReference {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            AppointmentContactReference::Id(id) => id.serialize(serializer),
            AppointmentContactReference::Object(o) => o.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for AppointmentContactReference {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = AppointmentContactReference;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a contact id or a { id, type } object")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(AppointmentContactReference::Id(CrmId::from(v)))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(AppointmentContactReference::Id(CrmId::from(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(AppointmentContactReference::Id(CrmId::from(v)))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                AppointmentContactObject::deserialize(serde::de::value::MapAccessDeserializer::new(
                    map,
                ))
                .map(AppointmentContactReference::Object)
            }
        }
        deserializer.deserialize_any(V)
    }
}

fixed_schema!(AppointmentContactReference, "AppointmentContactReference", {
    "anyOf": [{ "type": "string" }, { "type": "integer" }, { "type": "object" }]
});

wire_object! {
    "a contact reference object";
    /// Object form of an [`AppointmentContactReference`].
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r: AppointmentContactReference = serde_json::from_str(r#"{"id":"503","type":"Contact"}"#).unwrap();
    /// let AppointmentContactReference::Object(o) = r else { panic!("object form") };
    /// assert_eq!(o.contact_kind.as_deref(), Some("Contact"));
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct AppointmentContactObject {
        /// Contact id.
        pub id: CrmId => req "id",
        /// Entity type.
        pub contact_kind: Option<String> => opt "type",
        /// Contact type.
        pub contact_type: Option<String> => opt "contactType",
    }
}

wire_object! {
    "an appointment create input";
    /// Input of `createAppointment` (OpenAPI `AppointmentCreateInput`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let i: CreateAppointmentInput = serde_json::from_str(
    ///     r#"{"title":"Strategy Call","summary":"Plan","startTimeUtc":"2026-07-20T19:00:00.000Z","durationMinutes":30}"#).unwrap();
    /// assert_eq!(i.duration_minutes, 30);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct CreateAppointmentInput {
        /// Title (non-empty).
        pub title: String => req "title",
        /// Summary.
        pub summary: String => req "summary",
        /// Start (ISO-8601 with offset).
        pub start_time_utc: String => req "startTimeUtc",
        /// Duration in minutes (> 0).
        pub duration_minutes: u32 => req "durationMinutes",
        /// Contacts.
        pub contacts: Option<Vec<AppointmentContactReference>> => opt "contacts",
    }
}

wire_object! {
    "an appointment patch";
    /// Input of `updateAppointment` (OpenAPI `AppointmentPatchInput`): any subset of the fields,
    /// or `{ status }` from the status route.
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let p: AppointmentPatchInput = serde_json::from_str(r#"{"status":"tentative"}"#).unwrap();
    /// assert_eq!(p.status.as_deref(), Some("tentative"));
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct AppointmentPatchInput {
        /// Title.
        pub title: Option<String> => opt "title",
        /// Summary.
        pub summary: Option<String> => opt "summary",
        /// Contacts.
        pub contacts: Option<Vec<AppointmentContactReference>> => opt "contacts",
        /// Start (ISO-8601 with offset).
        pub start_time_utc: Option<String> => opt "startTimeUtc",
        /// Legacy start.
        pub start_time: Option<String> => opt "startTime",
        /// Duration in minutes.
        pub duration_minutes: Option<u32> => opt "durationMinutes",
        /// Status (lower-cased by App Connect).
        pub status: Option<String> => opt "status",
    }
}

/// Body of `POST /appointments` (OpenAPI `AppointmentCreateRequest`): `{ payload }`, or the
/// deprecated bare input.
///
/// ```
/// use app_connect_sdk::models::*;
/// let r: AppointmentCreateRequest = serde_json::from_str(
///     r#"{"payload":{"title":"Call","summary":"","startTimeUtc":"2026-07-20T19:00:00Z","durationMinutes":30}}"#).unwrap();
/// assert!(matches!(r, AppointmentCreateRequest::Wrapped { .. }));
/// assert_eq!(r.input().title, "Call");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum AppointmentCreateRequest {
    /// `{ "payload": { … } }`.
    Wrapped {
        /// The input.
        payload: CreateAppointmentInput,
    },
    /// Deprecated: the input itself.
    Legacy(CreateAppointmentInput),
}

impl AppointmentCreateRequest {
    /// The input, whichever form.
    pub fn input(&self) -> &CreateAppointmentInput {
        match self {
            AppointmentCreateRequest::Wrapped { payload } => payload,
            AppointmentCreateRequest::Legacy(input) => input,
        }
    }
}

/// Body of `PATCH /appointments/{id}` (OpenAPI `AppointmentPatchRequest`): `{ patch }`, or the
/// deprecated bare patch.
///
/// ```
/// use app_connect_sdk::models::*;
/// let r: AppointmentPatchRequest = serde_json::from_str(r#"{"patch":{"title":"Updated"}}"#).unwrap();
/// assert_eq!(r.patch().title.as_deref(), Some("Updated"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum AppointmentPatchRequest {
    /// `{ "patch": { … } }`.
    Wrapped {
        /// The patch.
        patch: AppointmentPatchInput,
    },
    /// Deprecated: the patch itself.
    Legacy(AppointmentPatchInput),
}

impl AppointmentPatchRequest {
    /// The patch, whichever form.
    pub fn patch(&self) -> &AppointmentPatchInput {
        match self {
            AppointmentPatchRequest::Wrapped { patch } => patch,
            AppointmentPatchRequest::Legacy(p) => p,
        }
    }
}

macro_rules! wrapped_or_legacy {
    ($ty:ident, $inner:ty, $key:ident, $wire:literal) => {
        impl Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                match self {
                    $ty::Wrapped { $key } => {
                        let mut map = serializer.serialize_map(Some(1))?;
                        map.serialize_entry($wire, $key)?;
                        map.end()
                    }
                    $ty::Legacy(inner) => inner.serialize(serializer),
                }
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let mut object = Extra::deserialize(deserializer)?;
                if object.len() == 1 && object.contains_key($wire) {
                    let inner = object.remove($wire).unwrap_or_default();
                    <$inner>::deserialize(inner)
                        .map(|$key| $ty::Wrapped { $key })
                        .map_err(|e| serde::de::Error::custom(format!("{}: {e}", $wire)))
                } else {
                    <$inner>::deserialize(serde_json::Value::Object(object))
                        .map($ty::Legacy)
                        .map_err(serde::de::Error::custom)
                }
            }
        }

        fixed_schema!($ty, stringify!($ty), { "type": "object" });
    };
}

wrapped_or_legacy!(
    AppointmentCreateRequest,
    CreateAppointmentInput,
    payload,
    "payload"
);
wrapped_or_legacy!(
    AppointmentPatchRequest,
    AppointmentPatchInput,
    patch,
    "patch"
);

wire_object! {
    "an appointment status body";
    /// Body of `POST /appointments/{id}/status` (OpenAPI `AppointmentStatusUpdateRequest`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r: AppointmentStatusUpdateRequest = serde_json::from_str(r#"{"status":"tentative"}"#).unwrap();
    /// assert_eq!(r.status, "tentative");
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct AppointmentStatusUpdateRequest {
        /// New status.
        pub status: String => req "status",
    }
}

wire_object! {
    "an appointment list response";
    /// Response of `GET /appointments` (OpenAPI `AppointmentListResponse`): success with
    /// `appointments`, or failure with `returnMessage`.
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r: AppointmentListResponse = serde_json::from_str(r#"{"successful":true,"appointments":[{"id":"101"}]}"#).unwrap();
    /// assert_eq!(r.appointments.unwrap()[0].id, "101");
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct AppointmentListResponse {
        /// Whether the list was loaded.
        pub successful: bool => req "successful",
        /// The appointments (on success).
        pub appointments: Option<Vec<Appointment>> => opt "appointments",
        /// Message (required on failure).
        pub return_message: Option<ReturnMessage> => opt "returnMessage",
    }
}

wire_object! {
    "an appointment response";
    /// Response of the appointment create / update / status / refresh / confirm / cancel routes
    /// (OpenAPI `AppointmentCreateResponse`, `AppointmentRecordResponse`,
    /// `AppointmentActionResponse`, `AppointmentFailureResponse`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r = AppointmentResponse::failure(ReturnMessage::warning("Appointment not found"));
    /// assert_eq!(serde_json::to_value(&r).unwrap()["successful"], false);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct AppointmentResponse {
        /// Whether the action succeeded.
        pub successful: bool => req "successful",
        /// Appointment id (on success).
        pub appointment_id: Option<CrmId> => opt "appointmentId",
        /// The appointment.
        pub appointment: Option<Appointment> => opt "appointment",
        /// Message (required on failure).
        pub return_message: Option<ReturnMessage> => opt "returnMessage",
    }
}

impl AppointmentResponse {
    /// A failure with a message.
    pub fn failure(message: ReturnMessage) -> Self {
        AppointmentResponse {
            successful: false,
            return_message: Some(message),
            ..Default::default()
        }
    }
}

impl AppointmentResponse {
    /// Success of `createAppointment`: the id of the new appointment.
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r = AppointmentResponse::created("777");
    /// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"successful":true,"appointmentId":"777"}"#);
    /// ```
    pub fn created(appointment_id: impl Into<CrmId>) -> Self {
        AppointmentResponse {
            successful: true,
            appointment_id: Some(appointment_id.into()),
            ..Default::default()
        }
    }

    /// Success with the current record (`updateAppointment`, `refreshAppointment`,
    /// `confirmAppointment`, `cancelAppointment`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r = AppointmentResponse::record(Appointment::new("333").with_status("confirmed"));
    /// assert_eq!(serde_json::to_value(&r).unwrap()["appointment"]["status"], "confirmed");
    /// ```
    pub fn record(appointment: Appointment) -> Self {
        AppointmentResponse {
            successful: true,
            appointment: Some(appointment),
            ..Default::default()
        }
    }

    /// Success of `confirmAppointment` / `cancelAppointment` when the CRM returns no record:
    /// the message the user is shown.
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r = AppointmentResponse::done(ReturnMessage::success("Appointment cancelled"));
    /// assert!(r.successful && r.appointment.is_none());
    /// ```
    pub fn done(message: ReturnMessage) -> Self {
        AppointmentResponse {
            successful: true,
            return_message: Some(message),
            ..Default::default()
        }
    }

    /// Sets the appointment.
    #[must_use]
    pub fn with_appointment(mut self, appointment: Appointment) -> Self {
        self.appointment = Some(appointment);
        self
    }

    /// Sets the message.
    #[must_use]
    pub fn with_message(mut self, message: ReturnMessage) -> Self {
        self.return_message = Some(message);
        self
    }
}

impl AppointmentListResponse {
    /// `{ successful: false, returnMessage }`: the list could not be loaded.
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r = AppointmentListResponse::failure(ReturnMessage::warning("Calendar unavailable"));
    /// assert!(!r.successful && r.appointments.is_none());
    /// ```
    pub fn failure(message: ReturnMessage) -> Self {
        AppointmentListResponse {
            successful: false,
            return_message: Some(message),
            ..Default::default()
        }
    }
}
