//! What the runtime hands the composer, from the typed route bodies, as App Connect's handlers
//! do (server-api §4): on create the full call record, on update the fields the PATCH carries.

use std::borrow::Cow;

use serde_json::Value;

use crate::compose::{self, ComposeInput, ComposeSettings, LogFormat};
use crate::models::{CreateCallLogRequest, StartTime, TimezoneOffset, UpdateCallLogRequest, User};

/// Composes a body in the connector's format, with the user's settings and timezone.
pub(crate) fn compose_body(
    format: &LogFormat,
    user: &User,
    input: &ComposeInput<'_>,
    existing_body: &str,
) -> String {
    if !format.is_composed() {
        return String::new();
    }
    let settings = compose_settings(user);
    let offset = user
        .timezone_offset
        .as_ref()
        .and_then(TimezoneOffset::to_fixed_offset);
    compose::compose_call_log(format, input, &settings, offset, existing_body)
}

/// The user's composition switches. Only each setting's `value` is read, so only that is
/// copied (not the whole settings document, with options and labels, on every request).
fn compose_settings(user: &User) -> ComposeSettings {
    if user.user_settings.is_empty() {
        return ComposeSettings::default();
    }
    let values: serde_json::Map<String, Value> = user
        .user_settings
        .iter()
        .filter_map(|(key, setting)| {
            let value = setting.value.as_ref()?;
            Some((key.to_owned(), serde_json::json!({ "value": value })))
        })
        .collect();
    ComposeSettings::from_user_settings(&Value::Object(values))
}

/// Copies the fields both route bodies carry under the same names: the agent note and the AI
/// and RingSense artefacts.
macro_rules! copy_artefacts {
    ($input:ident, $request:ident) => {
        $input.note = non_empty($request.note.as_deref());
        $input.ai_note = non_empty($request.ai_note.as_deref());
        $input.transcript = non_empty($request.transcript.as_deref());
        $input.ring_sense_transcript = non_empty($request.ring_sense_transcript.as_deref());
        $input.ring_sense_summary = non_empty($request.ring_sense_summary.as_deref());
        $input.ring_sense_ai_score = $request.ring_sense_ai_score.as_ref().and_then(score);
        $input.ring_sense_bulleted_summary =
            non_empty($request.ring_sense_bulleted_summary.as_deref());
        $input.ring_sense_link = non_empty($request.ring_sense_link.as_deref());
    };
}

/// The composer's input for `POST /callLog`: a view of the request, nothing copied.
pub(crate) fn create_input<'a>(
    request: &'a CreateCallLogRequest,
    contact_phone: Option<&'a str>,
) -> ComposeInput<'a> {
    let call = &request.log_info;
    let mut input = ComposeInput::new();
    input.session_id = non_empty(Some(call.session_id.as_str()));
    input.direction = call.direction.clone();
    input.from = call.from.as_ref();
    input.to = call.to.as_ref();
    input.subject = non_empty(call.custom_subject.as_deref());
    input.contact_phone_number = non_empty(contact_phone);
    input.start_time = call.start_time.as_ref().and_then(StartTime::to_utc);
    input.duration = call.duration.as_ref();
    input.result = call.result.as_ref().map(|r| r.as_str());
    input.recording_link = non_empty(call.recording.as_ref().and_then(|r| r.link.as_deref()));
    input.voicemail_link = non_empty(
        request
            .voicemail_link
            .as_deref()
            .or_else(|| call.voicemail.as_ref().and_then(|v| v.link.as_deref())),
    );
    copy_artefacts!(input, request);
    input.legs = call.legs.as_deref().unwrap_or_default();
    input
}

/// The composer's input for `PATCH /callLog`: a view of the request, nothing copied.
pub(crate) fn update_input<'a>(
    request: &'a UpdateCallLogRequest,
    session_id: &'a str,
) -> ComposeInput<'a> {
    let mut input = ComposeInput::new();
    input.session_id = non_empty(Some(session_id));
    input.direction = request.direction.clone();
    input.from = request.from.as_ref();
    input.to = request.to.as_ref();
    input.subject = non_empty(request.subject.as_deref());
    input.start_time = request.start_time.as_ref().and_then(StartTime::to_utc);
    input.duration = request.duration.as_ref();
    input.result = request.result.as_ref().map(|r| r.as_str());
    input.recording_link = non_empty(request.recording_link.as_deref());
    input.voicemail_link = non_empty(request.voicemail_link.as_deref());
    copy_artefacts!(input, request);
    input.legs = request.legs.as_deref().unwrap_or_default();
    input
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.is_empty())
}

/// `ringSenseAIScore` as text: numbers and strings as they are, `0` and empty as absent,
/// anything else as JSON.
fn score(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::Null | Value::Bool(false) => None,
        Value::Number(n) if n.as_f64() == Some(0.0) => None,
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        Value::String(s) => non_empty(Some(s)).map(Cow::Borrowed),
        other => Some(Cow::Owned(other.to_string())),
    }
}
