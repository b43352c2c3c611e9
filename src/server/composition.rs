//! What the runtime hands the composer, from the typed route bodies, as App Connect's handlers
//! do (server-api §4): on create the full call record, on update the fields the PATCH carries.

use serde_json::Value;

use crate::compose::{self, ComposeInput, ComposeSettings, LogFormat, Party};
use crate::models::{
    CallDuration, CallLeg, CallParty, CreateCallLogRequest, TimezoneOffset, UpdateCallLogRequest,
    User,
};

/// Composes a body in the connector's format, with the user's settings and timezone.
pub(crate) fn compose_body(
    format: &LogFormat,
    user: &User,
    input: &ComposeInput,
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

/// The composer's input for `POST /callLog`.
pub(crate) fn create_input(
    request: &CreateCallLogRequest,
    contact_phone: Option<&str>,
) -> ComposeInput {
    let call = &request.log_info;
    let mut input = ComposeInput::new();
    input.session_id = non_empty(Some(call.session_id.as_str()));
    input.direction = call.direction.as_ref().map(|d| d.as_str().to_owned());
    input.from = call.from.as_ref().map(party);
    input.to = call.to.as_ref().map(party);
    input.subject = non_empty(call.custom_subject.as_deref());
    input.contact_phone_number = non_empty(contact_phone);
    input.start_time = call.start_time.as_ref().and_then(|t| t.to_utc());
    input.duration = call.duration.as_ref().map(duration);
    input.result = call.result.as_ref().map(|r| r.as_str().to_owned());
    input.recording_link = non_empty(call.recording.as_ref().and_then(|r| r.link.as_deref()));
    input.voicemail_link = non_empty(
        request
            .voicemail_link
            .as_deref()
            .or_else(|| call.voicemail.as_ref().and_then(|v| v.link.as_deref())),
    );
    copy_artefacts!(input, request);
    input.legs = call.legs.iter().flatten().map(leg).collect();
    input
}

/// The composer's input for `PATCH /callLog`.
pub(crate) fn update_input(request: &UpdateCallLogRequest, session_id: &str) -> ComposeInput {
    let mut input = ComposeInput::new();
    input.session_id = non_empty(Some(session_id));
    input.direction = request.direction.as_ref().map(|d| d.as_str().to_owned());
    input.from = request.from.as_ref().map(party);
    input.to = request.to.as_ref().map(party);
    input.subject = non_empty(request.subject.as_deref());
    input.start_time = request.start_time.as_ref().and_then(|t| t.to_utc());
    input.duration = request.duration.as_ref().map(duration);
    input.result = request.result.as_ref().map(|r| r.as_str().to_owned());
    input.recording_link = non_empty(request.recording_link.as_deref());
    input.voicemail_link = non_empty(request.voicemail_link.as_deref());
    copy_artefacts!(input, request);
    input.legs = request.legs.iter().flatten().map(leg).collect();
    input
}

fn non_empty(value: Option<&str>) -> Option<String> {
    value.filter(|v| !v.is_empty()).map(str::to_owned)
}

fn party(p: &CallParty) -> Party {
    let mut party = Party::new();
    party.phone_number = p.phone_number.clone();
    party.extension_number = p.extension_number.clone();
    party.name = p.name.clone();
    party
}

fn duration(d: &CallDuration) -> compose::CallDuration {
    match d {
        CallDuration::Seconds(s) => compose::CallDuration::Seconds(*s as f64),
        CallDuration::Text(text) => text.trim().parse::<f64>().map_or_else(
            |_| compose::CallDuration::Text(text.clone()),
            compose::CallDuration::Seconds,
        ),
        CallDuration::Pending => compose::CallDuration::Text("pending".to_owned()),
    }
}

fn leg(l: &CallLeg) -> compose::CallLeg {
    let mut leg = compose::CallLeg::new(
        l.direction
            .as_ref()
            .map(|d| d.as_str().to_owned())
            .unwrap_or_default(),
    );
    leg.leg_type = l.leg_type.clone();
    leg.duration = l
        .duration
        .as_ref()
        .and_then(CallDuration::seconds)
        .map(|s| s as f64);
    leg.from = l.from.as_ref().map(party);
    leg.to = l.to.as_ref().map(party);
    leg
}

/// `ringSenseAIScore` as text: numbers and strings as they are, `0` and empty as absent,
/// anything else as JSON.
fn score(value: &Value) -> Option<String> {
    match value {
        Value::Null | Value::Bool(false) => None,
        Value::Number(n) if n.as_f64() == Some(0.0) => None,
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => non_empty(Some(s)),
        other => Some(other.to_string()),
    }
}
