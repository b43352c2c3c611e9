//! The user settings that gate each section of the body.

use serde_json::Value;

/// The default `logDateFormat` (moment syntax), used when the setting is absent, `null` or empty.
pub const DEFAULT_LOG_DATE_FORMAT: &str = "YYYY-MM-DD hh:mm:ss A";

/// Which sections the composer writes, and how it formats the date.
///
/// Every field starts at App Connect core's default ([`ComposeSettings::default`]): sections are on
/// except the session id, the RingCentral user name and number, and the contact number.
/// A section that is off is neither added nor updated; an existing one stays as it is.
///
/// ```
/// use app_connect_sdk::compose::ComposeSettings;
/// use serde_json::json;
///
/// let s = ComposeSettings::from_user_settings(&json!({
///     "addCallSessionId": { "value": true },
///     "addCallLogNote": { "value": false },
///     "logDateFormat": { "value": "MM/DD/YYYY hh:mm A" }
/// }));
/// assert!(s.add_call_session_id && !s.add_call_log_note && s.add_call_log_subject);
/// assert_eq!(s.log_date_format, "MM/DD/YYYY hh:mm A");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ComposeSettings {
    /// `addCallLogNote` (default on): the agent note.
    pub add_call_log_note: bool,
    /// `addCallSessionId` (default off): the RingCentral session id.
    pub add_call_session_id: bool,
    /// `addRingCentralUserName` (default off): the agent's RingCentral name.
    pub add_ring_central_user_name: bool,
    /// `addRingCentralNumber` (default off): the agent's number and extension.
    pub add_ring_central_number: bool,
    /// `addCallLogSubject` (default on): the subject, labelled "Summary".
    pub add_call_log_subject: bool,
    /// `addCallLogContactNumber` (default off): the other party's number.
    pub add_call_log_contact_number: bool,
    /// `addCallLogDateTime` (default on): the call's start date and time.
    pub add_call_log_date_time: bool,
    /// `addCallLogDuration` (default on): the call's duration.
    pub add_call_log_duration: bool,
    /// `addCallLogResult` (default on): the call's result.
    pub add_call_log_result: bool,
    /// `addCallLogRecording` (default on): the call recording and voicemail links.
    pub add_call_log_recording: bool,
    /// `addCallLogAiNote` (default on): the AI note.
    pub add_call_log_ai_note: bool,
    /// `addCallLogTranscript` (default on): the transcript.
    pub add_call_log_transcript: bool,
    /// `addCallLogRingSenseRecordingTranscript` (default on): the ACE (RingSense) transcript.
    pub add_call_log_ring_sense_recording_transcript: bool,
    /// `addCallLogRingSenseRecordingSummary` (default on): the ACE summary.
    pub add_call_log_ring_sense_recording_summary: bool,
    /// `addCallLogRingSenseRecordingAIScore` (default on): the ACE call score.
    pub add_call_log_ring_sense_recording_ai_score: bool,
    /// `addCallLogRingSenseRecordingBulletedSummary` (default on): the ACE bulleted summary.
    pub add_call_log_ring_sense_recording_bulleted_summary: bool,
    /// `addCallLogRingSenseRecordingLink` (default on): the ACE recording link.
    pub add_call_log_ring_sense_recording_link: bool,
    /// `addCallLogLegs` (default on): the call journey.
    pub add_call_log_legs: bool,
    /// `logDateFormat` (default [`DEFAULT_LOG_DATE_FORMAT`]): a moment format string.
    pub log_date_format: String,
}

impl Default for ComposeSettings {
    fn default() -> Self {
        Self {
            add_call_log_note: true,
            add_call_session_id: false,
            add_ring_central_user_name: false,
            add_ring_central_number: false,
            add_call_log_subject: true,
            add_call_log_contact_number: false,
            add_call_log_date_time: true,
            add_call_log_duration: true,
            add_call_log_result: true,
            add_call_log_recording: true,
            add_call_log_ai_note: true,
            add_call_log_transcript: true,
            add_call_log_ring_sense_recording_transcript: true,
            add_call_log_ring_sense_recording_summary: true,
            add_call_log_ring_sense_recording_ai_score: true,
            add_call_log_ring_sense_recording_bulleted_summary: true,
            add_call_log_ring_sense_recording_link: true,
            add_call_log_legs: true,
            log_date_format: DEFAULT_LOG_DATE_FORMAT.to_owned(),
        }
    }
}

/// JavaScript truthiness of a JSON value (`false`, `0`, `""` and `null` are falsy).
pub(crate) fn js_truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

impl ComposeSettings {
    /// Reads App Connect's `user.userSettings` JSON (`{ "<key>": { "value": … } }`) the way core
    /// does: a missing or `null` `value` keeps the default; otherwise the value's JavaScript
    /// truthiness decides (`false`, `0` and `""` are off; `true`, `1` and any non-empty string,
    /// even `"false"`, are on). A `null` or non-object `userSettings` gives all defaults.
    ///
    /// ```
    /// use app_connect_sdk::compose::ComposeSettings;
    /// use serde_json::json;
    ///
    /// let s = ComposeSettings::from_user_settings(&json!({ "addCallLogResult": { "value": 0 } }));
    /// assert!(!s.add_call_log_result);
    /// assert_eq!(ComposeSettings::from_user_settings(&json!(null)), ComposeSettings::default());
    /// ```
    pub fn from_user_settings(user_settings: &Value) -> Self {
        let mut s = Self::default();
        let Some(map) = user_settings.as_object() else {
            return s;
        };
        for (key, entry) in map {
            match entry.get("value") {
                None | Some(Value::Null) => {}
                Some(v) => s.set_value(key, js_truthy(v), v.as_str()),
            }
        }
        s
    }
}

impl ComposeSettings {
    /// The switch a setting key names.
    fn flag_mut(&mut self, key: &str) -> Option<&mut bool> {
        Some(match key {
            "addCallLogNote" => &mut self.add_call_log_note,
            "addCallSessionId" => &mut self.add_call_session_id,
            "addRingCentralUserName" => &mut self.add_ring_central_user_name,
            "addRingCentralNumber" => &mut self.add_ring_central_number,
            "addCallLogSubject" => &mut self.add_call_log_subject,
            "addCallLogContactNumber" => &mut self.add_call_log_contact_number,
            "addCallLogDateTime" => &mut self.add_call_log_date_time,
            "addCallLogDuration" => &mut self.add_call_log_duration,
            "addCallLogResult" => &mut self.add_call_log_result,
            "addCallLogRecording" => &mut self.add_call_log_recording,
            "addCallLogAiNote" => &mut self.add_call_log_ai_note,
            "addCallLogTranscript" => &mut self.add_call_log_transcript,
            "addCallLogRingSenseRecordingTranscript" => {
                &mut self.add_call_log_ring_sense_recording_transcript
            }
            "addCallLogRingSenseRecordingSummary" => {
                &mut self.add_call_log_ring_sense_recording_summary
            }
            "addCallLogRingSenseRecordingAIScore" => {
                &mut self.add_call_log_ring_sense_recording_ai_score
            }
            "addCallLogRingSenseRecordingBulletedSummary" => {
                &mut self.add_call_log_ring_sense_recording_bulleted_summary
            }
            "addCallLogRingSenseRecordingLink" => &mut self.add_call_log_ring_sense_recording_link,
            "addCallLogLegs" => &mut self.add_call_log_legs,
            _ => return None,
        })
    }

    /// Applies one setting's non-null `value`: its JS truthiness for a switch, its text for
    /// `logDateFormat` (an empty one keeps the default). Unknown keys are ignored.
    pub(crate) fn set_value(&mut self, key: &str, truthy: bool, text: Option<&str>) {
        if key == "logDateFormat" {
            if let Some(f) = text.filter(|f| !f.is_empty()) {
                f.clone_into(&mut self.log_date_format);
            }
        } else if let Some(flag) = self.flag_mut(key) {
            *flag = truthy;
        }
    }
}
