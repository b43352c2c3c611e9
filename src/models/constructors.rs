//! Constructors for the `#[non_exhaustive]` input types, so code outside the crate (a
//! connector's tests, a client, a proxy) builds them without `Default` plus field assignment.
//! Each takes what the type cannot do without; `with_*` setters add the common options.

use serde_json::Value;

use super::*;

impl CreateContactParams {
    /// Input of `createContact`: the new contact's number and name.
    ///
    /// ```
    /// use app_connect_sdk::models::CreateContactParams;
    /// let p = CreateContactParams::new("+14155550100", "Jane Smith").with_type("Lead");
    /// assert_eq!(p.new_contact_type.as_deref(), Some("Lead"));
    /// ```
    pub fn new(phone_number: impl Into<String>, new_contact_name: impl Into<String>) -> Self {
        CreateContactParams {
            phone_number: phone_number.into(),
            new_contact_name: new_contact_name.into(),
            ..Default::default()
        }
    }

    /// Sets the contact type (a manifest `contactTypes[].value`).
    #[must_use]
    pub fn with_type(mut self, contact_type: impl Into<String>) -> Self {
        self.new_contact_type = Some(contact_type.into());
        self
    }

    /// Sets the values of `page.newContact.additionalFields`.
    #[must_use]
    pub fn with_additional_submission(mut self, submission: AdditionalSubmission) -> Self {
        self.additional_submission = submission;
        self
    }
}

impl CreateCallLogParams {
    /// Input of `createCallLog`: the contact to log against and the call.
    ///
    /// ```
    /// use app_connect_sdk::models::{CallLog, ContactInfo, CreateCallLogParams};
    /// let p = CreateCallLogParams::new(ContactInfo::new("42", "+14155550100"), CallLog::new("987"))
    ///     .with_note("Wants a quote")
    ///     .with_composed_log_details("Call with Jane");
    /// assert_eq!(p.note.as_deref(), Some("Wants a quote"));
    /// ```
    pub fn new(contact_info: ContactInfo, call_log: CallLog) -> Self {
        CreateCallLogParams {
            contact_info,
            call_log,
            ..Default::default()
        }
    }

    /// Sets the agent note.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Sets the composed log body.
    #[must_use]
    pub fn with_composed_log_details(mut self, body: impl Into<String>) -> Self {
        self.composed_log_details = body.into();
        self
    }

    /// Sets the values of the manifest's additional fields.
    #[must_use]
    pub fn with_additional_submission(mut self, submission: AdditionalSubmission) -> Self {
        self.additional_submission = submission;
        self
    }
}

impl ExistingCallLog {
    /// The linkage row of a logged call: its session id and the CRM log id.
    ///
    /// ```
    /// use app_connect_sdk::models::ExistingCallLog;
    /// let row = ExistingCallLog::new("987", "42").with_contact_id("7");
    /// assert_eq!((row.session_id.as_str(), row.third_party_log_id.as_str()), ("987", "42"));
    /// ```
    pub fn new(session_id: impl Into<String>, third_party_log_id: impl Into<String>) -> Self {
        ExistingCallLog {
            session_id: session_id.into(),
            third_party_log_id: third_party_log_id.into(),
            ..Default::default()
        }
    }

    /// Sets the local id (telephony session id or RC record id).
    #[must_use]
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = id.into();
        self
    }

    /// Sets the CRM contact id.
    #[must_use]
    pub fn with_contact_id(mut self, contact_id: impl Into<String>) -> Self {
        self.contact_id = contact_id.into();
        self
    }
}

impl UpdateCallLogParams {
    /// Input of `updateCallLog` for the logged call `existing_call_log`.
    ///
    /// ```
    /// use app_connect_sdk::models::{ExistingCallLog, UpdateCallLogParams};
    /// let p = UpdateCallLogParams::new(ExistingCallLog::new("987", "42"))
    ///     .with_recording_link("https://example.com/rec/1");
    /// assert_eq!(p.existing_call_log.third_party_log_id, "42");
    /// ```
    pub fn new(existing_call_log: ExistingCallLog) -> Self {
        UpdateCallLogParams {
            existing_call_log,
            ..Default::default()
        }
    }

    /// Sets the agent note.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Sets the recording link.
    #[must_use]
    pub fn with_recording_link(mut self, link: impl Into<String>) -> Self {
        self.recording_link = Some(link.into());
        self
    }

    /// Sets the composed log body.
    #[must_use]
    pub fn with_composed_log_details(mut self, body: impl Into<String>) -> Self {
        self.composed_log_details = body.into();
        self
    }
}

impl GetCallLogParams {
    /// Input of `getCallLog`: the local log id and the CRM log id.
    ///
    /// ```
    /// use app_connect_sdk::models::GetCallLogParams;
    /// let p = GetCallLogParams::new("s-1", "42").with_contact_id("7");
    /// assert_eq!(p.call_log_id, "42");
    /// ```
    pub fn new(telephony_session_id: impl Into<String>, call_log_id: impl Into<String>) -> Self {
        GetCallLogParams {
            telephony_session_id: telephony_session_id.into(),
            call_log_id: call_log_id.into(),
            contact_id: String::new(),
        }
    }

    /// Sets the stored CRM contact id.
    #[must_use]
    pub fn with_contact_id(mut self, contact_id: impl Into<String>) -> Self {
        self.contact_id = contact_id.into();
        self
    }
}

impl UpsertDispositionParams {
    /// Input of `upsertCallDisposition`: the logged call and the dispositions keyed by manifest
    /// field `const`.
    ///
    /// ```
    /// use app_connect_sdk::models::{ExistingCallLog, UpsertDispositionParams};
    /// let mut dispositions = serde_json::Map::new();
    /// dispositions.insert("deals".into(), "D-1".into());
    /// let p = UpsertDispositionParams::new(ExistingCallLog::new("987", "42"), dispositions);
    /// assert_eq!(p.dispositions["deals"], "D-1");
    /// ```
    pub fn new(existing_call_log: ExistingCallLog, dispositions: Extra) -> Self {
        UpsertDispositionParams {
            existing_call_log,
            dispositions,
        }
    }
}

impl ExistingMessageLog {
    /// The linkage row of a logged message: its local id and the CRM log id.
    ///
    /// ```
    /// use app_connect_sdk::models::ExistingMessageLog;
    /// let row = ExistingMessageLog::new("1724099032020", "n-9").with_conversation("c-1", "c-1-2026-06-24");
    /// assert_eq!(row.conversation_log_id, "c-1-2026-06-24");
    /// ```
    pub fn new(id: impl Into<String>, third_party_log_id: impl Into<String>) -> Self {
        ExistingMessageLog {
            id: id.into(),
            third_party_log_id: third_party_log_id.into(),
            ..Default::default()
        }
    }

    /// Sets the conversation id and the conversation log id (conversation + day).
    #[must_use]
    pub fn with_conversation(
        mut self,
        conversation_id: impl Into<String>,
        conversation_log_id: impl Into<String>,
    ) -> Self {
        self.conversation_id = conversation_id.into();
        self.conversation_log_id = conversation_log_id.into();
        self
    }
}

impl CreateMessageLogParams {
    /// Input of `createMessageLog` for one message.
    ///
    /// ```
    /// use app_connect_sdk::models::{ContactInfo, CreateMessageLogParams, RcMessage, RcMessageType};
    /// let p = CreateMessageLogParams::new(ContactInfo::new("42", "+14155550100"), RcMessage::new(1, RcMessageType::Sms));
    /// assert!(p.message.is_some() && p.shared_sms_log_content.is_none());
    /// ```
    pub fn new(contact_info: ContactInfo, message: RcMessage) -> Self {
        CreateMessageLogParams {
            contact_info,
            message: Some(message),
            ..Default::default()
        }
    }

    /// Input of `createMessageLog` for a shared-SMS thread.
    pub fn shared(contact_info: ContactInfo, content: SharedSmsLogContent) -> Self {
        CreateMessageLogParams {
            contact_info,
            shared_sms_log_content: Some(content),
            ..Default::default()
        }
    }
}

impl UpdateMessageLogParams {
    /// Input of `updateMessageLog`: a later message appended to the logged activity.
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let p = UpdateMessageLogParams::new(
    ///     ContactInfo::new("42", "+14155550100"),
    ///     ExistingMessageLog::new("1724099032020", "n-9"),
    ///     RcMessage::new(2, RcMessageType::Sms),
    /// );
    /// assert_eq!(p.existing_message_log.third_party_log_id, "n-9");
    /// ```
    pub fn new(
        contact_info: ContactInfo,
        existing_message_log: ExistingMessageLog,
        message: RcMessage,
    ) -> Self {
        UpdateMessageLogParams {
            contact_info,
            existing_message_log,
            message: Some(message),
            ..Default::default()
        }
    }

    /// Input of `updateMessageLog` for a shared-SMS thread rewritten whole.
    pub fn shared(
        contact_info: ContactInfo,
        existing_message_log: ExistingMessageLog,
        content: SharedSmsLogContent,
    ) -> Self {
        UpdateMessageLogParams {
            contact_info,
            existing_message_log,
            shared_sms_log_content: Some(content),
            ..Default::default()
        }
    }
}

impl GetUserInfoParams {
    /// Input of `getUserInfo` after an API-key login.
    ///
    /// ```
    /// use app_connect_sdk::models::{GetUserInfoParams, Secret};
    /// let p = GetUserInfoParams::api_key(Secret::new("k-123")).with_hostname("acme.example.com");
    /// assert_eq!(p.api_key.as_ref().map(Secret::expose), Some("k-123"));
    /// assert!(!format!("{p:?}").contains("k-123"));
    /// ```
    pub fn api_key(api_key: Secret) -> Self {
        GetUserInfoParams {
            api_key: Some(api_key),
            ..Default::default()
        }
    }

    /// Input of `getUserInfo` after an OAuth callback: the raw token-endpoint response.
    pub fn oauth(token_response: Value) -> Self {
        GetUserInfoParams {
            data: Some(token_response),
            ..Default::default()
        }
    }

    /// Sets the resolved CRM hostname.
    #[must_use]
    pub fn with_hostname(mut self, hostname: impl Into<String>) -> Self {
        self.hostname = Some(hostname.into());
        self
    }

    /// Sets the platform name.
    #[must_use]
    pub fn with_platform(mut self, platform: impl Into<String>) -> Self {
        self.platform = Some(platform.into());
        self
    }

    /// Sets the values of the auth page fields.
    #[must_use]
    pub fn with_additional_info(mut self, additional_info: Extra) -> Self {
        self.additional_info = additional_info;
        self
    }
}

impl OAuthInfoParams {
    /// Input of `getOauthInfo` for a CRM host.
    ///
    /// ```
    /// use app_connect_sdk::models::OAuthInfoParams;
    /// let p = OAuthInfoParams::new("acme.example.com").with_token_url("https://acme.example.com/oauth/token");
    /// assert_eq!(p.hostname.as_deref(), Some("acme.example.com"));
    /// ```
    pub fn new(hostname: impl Into<String>) -> Self {
        OAuthInfoParams {
            hostname: Some(hostname.into()),
            ..Default::default()
        }
    }

    /// Sets the token URL (saved `platformAdditionalInfo.tokenUrl` or the callback's).
    #[must_use]
    pub fn with_token_url(mut self, token_url: impl Into<String>) -> Self {
        self.token_url = Some(token_url.into());
        self
    }
}

impl ApiKeyLoginRequest {
    /// A `POST /apiKeyLogin` body: the platform and the key.
    ///
    /// ```
    /// use app_connect_sdk::models::{ApiKeyLoginRequest, Secret};
    /// let body = ApiKeyLoginRequest::new("acme", Secret::new("k-1"));
    /// assert_eq!(serde_json::to_value(&body).unwrap()["apiKey"], "k-1");
    /// ```
    pub fn new(platform: impl Into<String>, api_key: Secret) -> Self {
        ApiKeyLoginRequest {
            platform: platform.into(),
            api_key: Some(api_key),
            ..Default::default()
        }
    }

    /// Sets the CRM hostname.
    #[must_use]
    pub fn with_hostname(mut self, hostname: impl Into<String>) -> Self {
        self.hostname = Some(hostname.into());
        self
    }

    /// Sets the values of the auth page's other fields.
    #[must_use]
    pub fn with_additional_info(mut self, additional_info: Extra) -> Self {
        self.additional_info = Some(additional_info);
        self
    }
}

impl ContactSearchQuery {
    /// A `GET /contact` query for a phone number.
    ///
    /// ```
    /// use app_connect_sdk::models::ContactSearchQuery;
    /// assert_eq!(ContactSearchQuery::new("+14155550100").phone_number, "+14155550100");
    /// ```
    pub fn new(phone_number: impl Into<String>) -> Self {
        ContactSearchQuery {
            phone_number: phone_number.into(),
            ..Default::default()
        }
    }
}

impl CallDispositionRequest {
    /// A `PUT /callDisposition` body: the session and the dispositions keyed by field `const`.
    ///
    /// ```
    /// use app_connect_sdk::models::CallDispositionRequest;
    /// let mut dispositions = serde_json::Map::new();
    /// dispositions.insert("deals".into(), "D-1".into());
    /// let body = CallDispositionRequest::new("987", dispositions);
    /// assert_eq!(serde_json::to_value(&body).unwrap()["dispositions"]["deals"], "D-1");
    /// ```
    pub fn new(session_id: impl Into<String>, dispositions: Extra) -> Self {
        CallDispositionRequest {
            session_id: session_id.into(),
            dispositions: Some(dispositions),
            ..Default::default()
        }
    }
}

impl CallNoteCacheRequest {
    /// A `POST /callLog/cacheNote` body.
    ///
    /// ```
    /// use app_connect_sdk::models::CallNoteCacheRequest;
    /// assert_eq!(CallNoteCacheRequest::new("987", "Call back Friday").note, "Call back Friday");
    /// ```
    pub fn new(session_id: impl Into<String>, note: impl Into<String>) -> Self {
        CallNoteCacheRequest {
            session_id: session_id.into(),
            note: note.into(),
            extra: Extra::new(),
        }
    }
}

impl UserSettingsUpdateRequest {
    /// A `POST /user/settings` body with the settings to merge.
    ///
    /// ```
    /// use app_connect_sdk::models::{UserSettings, UserSettingsUpdateRequest};
    /// let body = UserSettingsUpdateRequest::new(UserSettings::new()).removing(["oldKey"]);
    /// assert_eq!(body.setting_keys_to_remove.as_deref(), Some(&["oldKey".to_owned()][..]));
    /// ```
    pub fn new(user_settings: UserSettings) -> Self {
        UserSettingsUpdateRequest {
            user_settings: Some(user_settings),
            ..Default::default()
        }
    }

    /// Also removes these setting keys.
    #[must_use]
    pub fn removing<S: Into<String>>(mut self, keys: impl IntoIterator<Item = S>) -> Self {
        self.setting_keys_to_remove = Some(keys.into_iter().map(Into::into).collect());
        self
    }
}

impl UserSettingsEnvelope {
    /// `{ userSettings }`.
    pub fn new(user_settings: UserSettings) -> Self {
        UserSettingsEnvelope {
            user_settings: Some(user_settings),
            ..Default::default()
        }
    }
}

impl ManagedAuthOptionsRequest {
    /// A managed-auth options request for the field `field_const`.
    ///
    /// ```
    /// use app_connect_sdk::models::ManagedAuthOptionsRequest;
    /// assert_eq!(ManagedAuthOptionsRequest::new("region").field_const, "region");
    /// ```
    pub fn new(field_const: impl Into<String>) -> Self {
        ManagedAuthOptionsRequest {
            field_const: field_const.into(),
            ..Default::default()
        }
    }

    /// Sets the account's managed values.
    #[must_use]
    pub fn with_account_values(mut self, values: Extra) -> Self {
        self.account_values = Some(values);
        self
    }
}

impl CreateAppointmentInput {
    /// Input of `createAppointment`.
    ///
    /// ```
    /// use app_connect_sdk::models::CreateAppointmentInput;
    /// let i = CreateAppointmentInput::new("Strategy Call", "2026-07-20T19:00:00.000Z", 30).with_summary("Plan");
    /// assert_eq!(i.duration_minutes, 30);
    /// ```
    pub fn new(
        title: impl Into<String>,
        start_time_utc: impl Into<String>,
        duration_minutes: u32,
    ) -> Self {
        CreateAppointmentInput {
            title: title.into(),
            start_time_utc: start_time_utc.into(),
            duration_minutes,
            ..Default::default()
        }
    }

    /// Sets the summary.
    #[must_use]
    pub fn with_summary(mut self, summary: impl Into<String>) -> Self {
        self.summary = summary.into();
        self
    }

    /// Sets the contacts.
    #[must_use]
    pub fn with_contacts(mut self, contacts: Vec<AppointmentContactReference>) -> Self {
        self.contacts = Some(contacts);
        self
    }
}

impl AppointmentPatchInput {
    /// An empty patch; set what changes.
    ///
    /// ```
    /// use app_connect_sdk::models::AppointmentPatchInput;
    /// let p = AppointmentPatchInput::new().with_title("Moved").with_duration_minutes(45);
    /// assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"title":"Moved","durationMinutes":45}"#);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the title.
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Sets the start (ISO-8601 with offset).
    #[must_use]
    pub fn with_start_time_utc(mut self, start: impl Into<String>) -> Self {
        self.start_time_utc = Some(start.into());
        self
    }

    /// Sets the duration in minutes.
    #[must_use]
    pub fn with_duration_minutes(mut self, minutes: u32) -> Self {
        self.duration_minutes = Some(minutes);
        self
    }
}

impl AppointmentStatusUpdateRequest {
    /// `{ status }`.
    ///
    /// ```
    /// use app_connect_sdk::models::AppointmentStatusUpdateRequest;
    /// assert_eq!(AppointmentStatusUpdateRequest::new("confirmed").status, "confirmed");
    /// ```
    pub fn new(status: impl Into<String>) -> Self {
        AppointmentStatusUpdateRequest {
            status: status.into(),
            extra: Extra::new(),
        }
    }
}

impl AppointmentContactObject {
    /// A contact reference by id.
    ///
    /// ```
    /// use app_connect_sdk::models::AppointmentContactObject;
    /// let c = AppointmentContactObject::new("c-1").with_type("Contact");
    /// assert_eq!(c.contact_type.as_deref(), Some("Contact"));
    /// ```
    pub fn new(id: impl Into<CrmId>) -> Self {
        AppointmentContactObject {
            id: id.into(),
            contact_kind: None,
            contact_type: None,
            extra: Extra::new(),
        }
    }

    /// Sets the contact type.
    #[must_use]
    pub fn with_type(mut self, contact_type: impl Into<String>) -> Self {
        self.contact_type = Some(contact_type.into());
        self
    }
}

impl AppointmentListResponse {
    /// `{ successful: true, appointments }`: what `listAppointments` returns.
    ///
    /// ```
    /// use app_connect_sdk::models::AppointmentListResponse;
    /// let r = AppointmentListResponse::new(Vec::new());
    /// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"successful":true,"appointments":[]}"#);
    /// ```
    pub fn new(appointments: Vec<Appointment>) -> Self {
        AppointmentListResponse {
            successful: true,
            appointments: Some(appointments),
            return_message: None,
            extra: Extra::new(),
        }
    }

    /// Sets the message.
    #[must_use]
    pub fn with_message(mut self, message: ReturnMessage) -> Self {
        self.return_message = Some(message);
        self
    }
}

impl MessageAttachment {
    /// An attachment of a type with its link.
    ///
    /// ```
    /// use app_connect_sdk::models::{AttachmentType, MessageAttachment};
    /// let a = MessageAttachment::new(AttachmentType::parse("MmsAttachment"), "https://example.com/a/1");
    /// assert_eq!(a.link.as_deref(), Some("https://example.com/a/1"));
    /// ```
    pub fn new(attachment_type: AttachmentType, link: impl Into<String>) -> Self {
        MessageAttachment {
            attachment_type: Some(attachment_type),
            link: Some(link.into()),
            ..Default::default()
        }
    }
}

impl MessageCorrespondent {
    /// A correspondent by phone number.
    ///
    /// ```
    /// use app_connect_sdk::models::MessageCorrespondent;
    /// assert_eq!(MessageCorrespondent::new("+14155550100").phone_number, "+14155550100");
    /// ```
    pub fn new(phone_number: impl Into<String>) -> Self {
        MessageCorrespondent {
            phone_number: phone_number.into(),
            ..Default::default()
        }
    }
}

impl MessageConversationLog {
    /// A conversation: its messages and correspondents.
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let c = MessageConversationLog::new(vec![RcMessage::new(1, RcMessageType::Sms)], vec![MessageCorrespondent::new("+14155550100")]);
    /// assert_eq!(c.messages.len(), 1);
    /// ```
    pub fn new(messages: Vec<RcMessage>, correspondents: Vec<MessageCorrespondent>) -> Self {
        MessageConversationLog {
            messages,
            correspondents,
            ..Default::default()
        }
    }
}

impl CallRecording {
    /// A recording with its link.
    ///
    /// ```
    /// use app_connect_sdk::models::CallRecording;
    /// assert_eq!(CallRecording::new("https://example.com/rec/1").link.as_deref(), Some("https://example.com/rec/1"));
    /// ```
    pub fn new(link: impl Into<String>) -> Self {
        CallRecording {
            link: Some(link.into()),
            ..Default::default()
        }
    }
}

impl Voicemail {
    /// A voicemail with its link.
    ///
    /// ```
    /// use app_connect_sdk::models::Voicemail;
    /// assert!(Voicemail::new("https://example.com/vm/1").link.is_some());
    /// ```
    pub fn new(link: impl Into<String>) -> Self {
        Voicemail {
            link: Some(link.into()),
            ..Default::default()
        }
    }
}

impl UserInfoHashResponse {
    /// `{ extensionId, accountId }` (hashed ids).
    ///
    /// ```
    /// use app_connect_sdk::models::UserInfoHashResponse;
    /// assert_eq!(UserInfoHashResponse::new("e", "a").account_id, "a");
    /// ```
    pub fn new(extension_id: impl Into<String>, account_id: impl Into<String>) -> Self {
        UserInfoHashResponse {
            extension_id: extension_id.into(),
            account_id: account_id.into(),
            extra: Extra::new(),
        }
    }
}

impl ApiKeyLoginResponse {
    /// A successful `POST /apiKeyLogin` answer: the session token.
    ///
    /// ```
    /// use app_connect_sdk::models::{ApiKeyLoginResponse, Secret};
    /// let r = ApiKeyLoginResponse::new(Secret::new("jwt")).with_name("Ada");
    /// assert_eq!(serde_json::to_value(&r).unwrap()["jwtToken"], "jwt");
    /// ```
    pub fn new(jwt_token: Secret) -> Self {
        ApiKeyLoginResponse {
            jwt_token,
            ..Default::default()
        }
    }

    /// Sets the user's display name.
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the message.
    #[must_use]
    pub fn with_message(mut self, message: ReturnMessage) -> Self {
        self.return_message = Some(message);
        self
    }
}

impl ErrorBody {
    /// An error object carrying a message for the user.
    ///
    /// ```
    /// use app_connect_sdk::models::{ErrorBody, ReturnMessage};
    /// let e = ErrorBody::new(ReturnMessage::warning("Session expired")).with_error_code("CRM_SESSION_REVOKED");
    /// assert_eq!(serde_json::to_value(&e).unwrap()["errorCode"], "CRM_SESSION_REVOKED");
    /// ```
    pub fn new(message: ReturnMessage) -> Self {
        ErrorBody {
            return_message: Some(message),
            ..Default::default()
        }
    }

    /// Sets `errorCode` (`CRM_SESSION_REVOKED`, …).
    #[must_use]
    pub fn with_error_code(mut self, code: impl Into<String>) -> Self {
        self.error_code = Some(code.into());
        self
    }
}
