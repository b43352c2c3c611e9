//! The optional capabilities: one small trait per group of App Connect interfaces.
//!
//! A connector declares a capability by implementing its trait and returning `Some(self)`
//! from the matching accessor of [`Connector`](super::Connector) (for example
//! [`Connector::contact_creation`](super::Connector::contact_creation)).

use async_trait::async_trait;

use super::{Context, Result};
use crate::models::{
    AppointmentListResponse, AppointmentPatchInput, AppointmentRange, AppointmentResponse,
    CreateAppointmentInput, CreateContactParams, CreateContactResult, CreateMessageLogParams,
    CrmUser, Extra, FindContactResult, FindContactWithNameParams, LicenseStatus, LogResult,
    ManagedAuthOption, MutationResult, UpdateMessageLogParams, UpdateMessageLogResult,
    UpsertDispositionParams,
};

/// `findContactWithName`: search contacts by name (manifest `page.useContactSearch`).
#[async_trait]
pub trait ContactSearch: Send + Sync {
    /// The contacts whose name matches `params.name`.
    async fn find_contact_with_name(
        &self,
        cx: &Context,
        params: FindContactWithNameParams,
    ) -> Result<FindContactResult>;
}

/// `createContact`: create a contact for an unknown number.
#[async_trait]
pub trait ContactCreation: Send + Sync {
    /// Creates the contact and returns it.
    async fn create_contact(
        &self,
        cx: &Context,
        params: CreateContactParams,
    ) -> Result<CreateContactResult>;
}

/// `upsertCallDisposition`: set dispositions (manifest fields keyed by `const`) on a logged
/// call.
#[async_trait]
pub trait CallDisposition: Send + Sync {
    /// Sets the dispositions; a result without `log_id` reports nothing was set.
    async fn upsert_call_disposition(
        &self,
        cx: &Context,
        params: UpsertDispositionParams,
    ) -> Result<LogResult>;
}

/// `createMessageLog` and `updateMessageLog`: SMS, MMS, fax and voicemail logging.
///
/// The runtime groups messages per conversation and day: the first new message of a group
/// creates the activity, later ones are appended to it.
#[async_trait]
pub trait MessageLogging: Send + Sync {
    /// Writes the activity for the first message of a group (or a shared-SMS thread).
    async fn create_message_log(
        &self,
        cx: &Context,
        params: CreateMessageLogParams,
    ) -> Result<LogResult>;

    /// Appends a later message to the group's activity.
    async fn update_message_log(
        &self,
        cx: &Context,
        params: UpdateMessageLogParams,
    ) -> Result<UpdateMessageLogResult>;
}

/// `unAuthorize`: log the user out, revoking CRM credentials where the CRM allows it.
///
/// Clear the tokens with `cx.save_user` (keeps the user's settings) or forget the user with
/// `cx.delete_user`.
#[async_trait]
pub trait UnAuthorize: Send + Sync {
    /// Logs the signed-in user out.
    async fn un_authorize(&self, cx: &Context) -> Result<MutationResult>;
}

/// `refreshUserInfo`: resync the signed-in user from the CRM after login.
#[async_trait]
pub trait UserInfoRefresh: Send + Sync {
    /// Refreshes the user; persist changes with `cx.save_user`.
    async fn refresh_user_info(&self, cx: &Context) -> Result<MutationResult>;
}

/// `authValidation`: check that the CRM session still works.
#[async_trait]
pub trait AuthValidation: Send + Sync {
    /// `successful: false` tells App Connect the user must connect again.
    async fn auth_validation(&self, cx: &Context) -> Result<MutationResult>;
}

/// `getUserList`: the CRM's users, for server-side logging's user mapping.
#[async_trait]
pub trait UserList: Send + Sync {
    /// Every CRM user (`id`, `name`, `email`).
    async fn get_user_list(&self, cx: &Context) -> Result<Vec<CrmUser>>;
}

/// `getLicenseStatus`.
#[async_trait]
pub trait LicenseStatusCheck: Send + Sync {
    /// The signed-in user's license status.
    async fn get_license_status(&self, cx: &Context) -> Result<LicenseStatus>;
}

/// `getManagedAuthOptions`: the options of an admin-managed auth field.
///
/// Called before any CRM user exists: `cx` has no user and no auth header.
#[async_trait]
pub trait ManagedAuthOptions: Send + Sync {
    /// The options of the field `field_const`, given the account's managed values.
    async fn get_managed_auth_options(
        &self,
        cx: &Context,
        field_const: &str,
        account_values: &Extra,
    ) -> Result<Vec<ManagedAuthOption>>;
}

/// `getServerLoggingSettings` and `updateServerLoggingSettings`.
#[async_trait]
pub trait ServerLoggingSettings: Send + Sync {
    /// The values of the manifest's `serverSideLogging.additionalFields`, keyed by `const`.
    async fn get_server_logging_settings(&self, cx: &Context) -> Result<Extra>;

    /// Stores new values of those fields.
    async fn update_server_logging_settings(
        &self,
        cx: &Context,
        values: Extra,
    ) -> Result<MutationResult>;
}

/// The appointment interfaces: list, create, update and refresh, with confirm and cancel
/// declared through [`status_actions`](Appointments::status_actions).
///
/// The runtime serves them at `/appointments` (see docs/server.md). It validates every body
/// as App Connect does before a method runs, so `input` and `patch` hold well-formed values.
/// A method answers success with what its route returns (`appointments`; `appointmentId`;
/// `appointment`) or `successful: false` with a `returnMessage` the user is shown; an error
/// becomes App Connect's "Error … appointment" warning (401 revokes the session).
///
/// ```
/// use app_connect_sdk::async_trait;
/// use app_connect_sdk::connector::{Appointments, Context, Result};
/// use app_connect_sdk::models::*;
///
/// struct Calendar;
///
/// #[async_trait]
/// impl Appointments for Calendar {
///     async fn list_appointments(&self, _: &Context, _: Option<AppointmentRange>) -> Result<AppointmentListResponse> {
///         Ok(AppointmentListResponse::new(vec![Appointment::new("101").with_title("Screen")]))
///     }
///     async fn create_appointment(&self, _: &Context, input: CreateAppointmentInput) -> Result<AppointmentResponse> {
///         Ok(AppointmentResponse::created("102").with_appointment(Appointment::new("102").with_title(input.title)))
///     }
///     async fn update_appointment(&self, _: &Context, id: &str, patch: AppointmentPatchInput) -> Result<AppointmentResponse> {
///         let mut appointment = Appointment::new(id);
///         appointment.title = patch.title;
///         Ok(AppointmentResponse::record(appointment))
///     }
///     async fn refresh_appointment(&self, _: &Context, id: &str) -> Result<AppointmentResponse> {
///         Ok(AppointmentResponse::failure(ReturnMessage::warning(format!("Appointment {id} not found"))))
///     }
/// }
/// ```
#[async_trait]
pub trait Appointments: Send + Sync {
    /// `listAppointments` in an inclusive date range (`None`: the connector's default range).
    /// Success: `appointments` (each with a non-empty `id`).
    async fn list_appointments(
        &self,
        cx: &Context,
        range: Option<AppointmentRange>,
    ) -> Result<AppointmentListResponse>;

    /// `createAppointment`. Success: the new `appointmentId`, optionally the `appointment`
    /// and a `returnMessage`.
    async fn create_appointment(
        &self,
        cx: &Context,
        input: CreateAppointmentInput,
    ) -> Result<AppointmentResponse>;

    /// `updateAppointment`: `patch` holds the fields to replace (title, summary, contacts,
    /// `startTimeUtc` or the legacy `startTime` with `durationMinutes`), or only a lower-cased
    /// `status` from `POST /appointments/{id}/status`. Success: the current `appointment`
    /// (the route supplies `appointmentId`).
    async fn update_appointment(
        &self,
        cx: &Context,
        appointment_id: &str,
        patch: AppointmentPatchInput,
    ) -> Result<AppointmentResponse>;

    /// `refreshAppointment`: re-read one appointment from the CRM. Success: the current
    /// `appointment`.
    async fn refresh_appointment(
        &self,
        cx: &Context,
        appointment_id: &str,
    ) -> Result<AppointmentResponse>;

    /// Declares `confirmAppointment` and `cancelAppointment`.
    fn status_actions(&self) -> Option<&dyn AppointmentStatusActions> {
        None
    }
}

/// `confirmAppointment` and `cancelAppointment`. Success: the current `appointment`, or a
/// `returnMessage` when the CRM returns no record.
#[async_trait]
pub trait AppointmentStatusActions: Send + Sync {
    /// Confirms an appointment.
    async fn confirm_appointment(
        &self,
        cx: &Context,
        appointment_id: &str,
    ) -> Result<AppointmentResponse>;

    /// Cancels an appointment.
    async fn cancel_appointment(
        &self,
        cx: &Context,
        appointment_id: &str,
    ) -> Result<AppointmentResponse>;
}
