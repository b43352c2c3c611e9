//! The JSON front end: core's `composeCallLog` parameters as JSON, one request per line.
//!
//! Each input is an object with core's parameter names (`logFormat`, `existingBody`, `callLog`,
//! `contactInfo`, `user` {`userSettings`, `timezoneOffset`}, `note`, `aiNote`, `transcript`,
//! `recordingLink`, `voicemailLink`, `subject`, `startTime`, `duration`, `result`,
//! `ringSenseTranscript`, `ringSenseSummary`, `ringSenseAIScore`, `ringSenseBulletedSummary`,
//! `ringSenseLink`). A line may also wrap that object as `{"params": {…}}` (the layout of App
//! Connect's reference vectors) or `{"input": {…}}`.
//!
//! ```
//! use app_connect_sdk::compose::jsonl::compose_line;
//! use serde_json::json;
//!
//! let out = compose_line(r#"{"logFormat":"text/markdown","subject":"Hi","user":{}}"#);
//! assert_eq!(out, json!({ "body": "**Summary**: Hi\n" }));
//! let bad = compose_line("not json");
//! assert!(bad["error"].as_str().unwrap().starts_with("invalid JSON"));
//! ```

use serde_json::{Map, Value, json};

use super::datetime::{
    OffsetMinutes, js_number, offset_minutes_from_str, parse_start_time, start_time_from_millis,
};
use super::duration::js_number_to_string;
use super::format::LogFormat;
use super::input::{CallDuration, CallLeg, ComposeInput, Party};
use super::settings::ComposeSettings;

/// Why a JSON request could not be composed. The message names the JSON path of the bad value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// The line is not valid JSON.
    #[error("invalid JSON: {0}")]
    Json(String),
    /// A value has a type the composer cannot use.
    #[error("{path}: {message}")]
    Invalid {
        /// Where the bad value is (e.g. `callLog.legs[1].to`).
        path: String,
        /// What is wrong with it.
        message: String,
    },
}

fn invalid(path: impl Into<String>, message: impl Into<String>) -> RequestError {
    RequestError::Invalid {
        path: path.into(),
        message: message.into(),
    }
}

/// A fully read compose request (what [`compose_line`] runs).
///
/// ```
/// use app_connect_sdk::compose::jsonl::ComposeRequest;
/// use serde_json::json;
///
/// let req = ComposeRequest::from_json(&json!({
///     "logFormat": "text/plain",
///     "duration": 61,
///     "user": { "timezoneOffset": "-300" }
/// })).unwrap();
/// assert_eq!(req.compose(), "- Duration: 1 minute, 1 second\n");
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ComposeRequest {
    /// The log format (`logFormat`, default `text/plain`).
    pub format: LogFormat,
    /// The call data.
    pub input: ComposeInput,
    /// The user's settings (`user.userSettings`).
    pub settings: ComposeSettings,
    /// The user's offset from UTC in minutes (`user.timezoneOffset`); `None` = UTC.
    pub offset_minutes: Option<i64>,
    /// The body to update (`existingBody`, empty when absent or `null`).
    pub existing_body: String,
}

fn obj<'a>(
    v: Option<&'a Value>,
    path: &str,
) -> Result<Option<&'a Map<String, Value>>, RequestError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(_) => Err(invalid(path, "expected an object")),
    }
}

/// A text value with JavaScript semantics: numbers print as JS does, falsy values are "absent".
fn text(v: Option<&Value>, path: &str) -> Result<Option<String>, RequestError> {
    match v {
        None | Some(Value::Null) | Some(Value::Bool(false)) => Ok(None),
        Some(Value::Bool(true)) => Ok(Some("true".to_owned())),
        Some(Value::String(s)) => Ok((!s.is_empty()).then(|| s.clone())),
        Some(Value::Number(n)) => Ok(n.as_f64().filter(|f| *f != 0.0).map(js_number_to_string)),
        Some(_) => Err(invalid(path, "expected a string")),
    }
}

fn party(v: Option<&Value>, path: &str) -> Result<Option<Party>, RequestError> {
    let Some(m) = obj(v, path)? else {
        return Ok(None);
    };
    Ok(Some(Party {
        phone_number: text(m.get("phoneNumber"), &format!("{path}.phoneNumber"))?,
        extension_number: text(m.get("extensionNumber"), &format!("{path}.extensionNumber"))?,
        name: text(m.get("name"), &format!("{path}.name"))?,
    }))
}

fn start_time(
    v: Option<&Value>,
    path: &str,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, RequestError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(n
            .as_f64()
            .filter(|f| *f != 0.0 && f.is_finite())
            .and_then(|f| start_time_from_millis(f.trunc() as i64))),
        Some(Value::String(s)) => Ok(parse_start_time(s)),
        Some(Value::Bool(_)) => Ok(None),
        Some(_) => Err(invalid(
            path,
            "expected an ISO 8601 string or epoch milliseconds",
        )),
    }
}

fn duration(v: Option<&Value>) -> Result<Option<CallDuration>, RequestError> {
    Ok(match v {
        None => None,
        // Core only checks `duration !== undefined`: null counts as 0 seconds.
        Some(Value::Null) => Some(CallDuration::Seconds(0.0)),
        Some(Value::Bool(b)) => Some(CallDuration::Seconds(if *b { 1.0 } else { 0.0 })),
        Some(Value::Number(n)) => n.as_f64().map(CallDuration::Seconds),
        Some(Value::String(s)) => Some(match js_number(s) {
            Some(n) => CallDuration::Seconds(n),
            None => CallDuration::Text(s.clone()),
        }),
        Some(_) => return Err(invalid("duration", "expected a number of seconds")),
    })
}

fn offset(v: Option<&Value>) -> Option<OffsetMinutes> {
    match v {
        Some(Value::String(s)) => offset_minutes_from_str(s),
        Some(Value::Number(n)) => {
            let f = n.as_f64()?;
            if f == 0.0 {
                return None;
            }
            offset_minutes_from_str(&js_number_to_string(f))
        }
        _ => None,
    }
}

impl ComposeRequest {
    /// Reads core's `composeCallLog` parameters (see the [module docs](self)).
    ///
    /// Differences from core, all deliberate: a missing `logFormat` or a `null` one means
    /// `text/plain`; a `null` `existingBody` means an empty body; an unparsable `startTime` falls back to `callLog.startTime`.
    /// `user` is required, as in core, and so is `callLog` when the RingCentral user name or
    /// number setting is on, and every leg's `from`/`to` that the call journey reads.
    pub fn from_json(v: &Value) -> Result<Self, RequestError> {
        let Value::Object(top) = v else {
            return Err(invalid("$", "expected an object"));
        };
        let p = match (top.get("params"), top.get("input")) {
            (Some(Value::Object(m)), _) if !top.contains_key("logFormat") => m,
            (_, Some(Value::Object(m))) if !top.contains_key("logFormat") => m,
            _ => top,
        };
        let format = match p.get("logFormat") {
            None | Some(Value::Null) => LogFormat::PlainText,
            Some(Value::String(s)) => LogFormat::parse(s),
            Some(_) => return Err(invalid("logFormat", "expected a string")),
        };
        let existing_body = match p.get("existingBody") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(_) => return Err(invalid("existingBody", "expected a string")),
        };
        let user = obj(p.get("user"), "user")?.ok_or_else(|| invalid("user", "required"))?;
        let settings =
            ComposeSettings::from_user_settings(user.get("userSettings").unwrap_or(&Value::Null));
        let offset_minutes = offset(user.get("timezoneOffset"));

        let call = obj(p.get("callLog"), "callLog")?;
        if call.is_none()
            && (settings.add_ring_central_user_name || settings.add_ring_central_number)
        {
            return Err(invalid(
                "callLog",
                "required when addRingCentralUserName or addRingCentralNumber is on",
            ));
        }
        let empty = Map::new();
        let call = call.unwrap_or(&empty);
        let contact = obj(p.get("contactInfo"), "contactInfo")?.unwrap_or(&empty);

        let mut legs = Vec::new();
        match call.get("legs") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let path = format!("callLog.legs[{i}]");
                    let Some(l) = obj(Some(item), &path)? else {
                        return Err(invalid(path, "expected an object"));
                    };
                    let direction = text(l.get("direction"), &format!("{path}.direction"))?;
                    let leg_type = text(l.get("legType"), &format!("{path}.legType"))?;
                    let from = party(l.get("from"), &format!("{path}.from"))?;
                    let to = party(l.get("to"), &format!("{path}.to"))?;
                    let outbound = direction.as_deref() == Some("Outbound");
                    let reads_from =
                        outbound && (i == 0 || leg_type.as_deref() != Some("PstnToSip"));
                    if settings.add_call_log_legs {
                        match (reads_from, &from, &to) {
                            (true, None, _) => {
                                return Err(invalid(format!("{path}.from"), "required"));
                            }
                            (false, _, None) => {
                                return Err(invalid(format!("{path}.to"), "required"));
                            }
                            _ => {}
                        }
                    }
                    let duration = match l.get("duration") {
                        Some(Value::Number(n)) => n.as_f64(),
                        Some(Value::String(s)) => js_number(s),
                        _ => None,
                    };
                    legs.push(CallLeg {
                        direction,
                        leg_type,
                        duration,
                        from,
                        to,
                    });
                }
            }
            Some(_) => return Err(invalid("callLog.legs", "expected an array")),
        }

        let start = match start_time(p.get("startTime"), "startTime")? {
            Some(t) => Some(t),
            None => start_time(call.get("startTime"), "callLog.startTime")?,
        };
        let score = match p.get("ringSenseAIScore") {
            Some(Value::Number(n)) if n.as_f64() == Some(0.0) => None,
            v => text(v, "ringSenseAIScore")?,
        };
        let input = ComposeInput {
            note: text(p.get("note"), "note")?,
            session_id: text(call.get("sessionId"), "callLog.sessionId")?,
            direction: text(call.get("direction"), "callLog.direction")?,
            from: party(call.get("from"), "callLog.from")?,
            to: party(call.get("to"), "callLog.to")?,
            subject: text(p.get("subject"), "subject")?,
            contact_phone_number: text(contact.get("phoneNumber"), "contactInfo.phoneNumber")?,
            start_time: start,
            duration: duration(p.get("duration"))?,
            result: text(p.get("result"), "result")?,
            recording_link: text(p.get("recordingLink"), "recordingLink")?,
            voicemail_link: text(p.get("voicemailLink"), "voicemailLink")?,
            ai_note: text(p.get("aiNote"), "aiNote")?,
            transcript: text(p.get("transcript"), "transcript")?,
            ring_sense_transcript: text(p.get("ringSenseTranscript"), "ringSenseTranscript")?,
            ring_sense_summary: text(p.get("ringSenseSummary"), "ringSenseSummary")?,
            ring_sense_ai_score: score,
            ring_sense_bulleted_summary: text(
                p.get("ringSenseBulletedSummary"),
                "ringSenseBulletedSummary",
            )?,
            ring_sense_link: text(p.get("ringSenseLink"), "ringSenseLink")?,
            legs,
        };
        Ok(Self {
            format,
            input,
            settings,
            offset_minutes,
            existing_body,
        })
    }

    /// Composes the body (see [`compose_call_log`](super::compose_call_log)).
    pub fn compose(&self) -> String {
        super::compose_with_offset(
            &self.format,
            &self.input,
            &self.settings,
            self.offset_minutes,
            &self.existing_body,
        )
    }
}

/// Composes one JSON value: `Ok(body)` or the reason it cannot be composed.
///
/// ```
/// use app_connect_sdk::compose::jsonl::compose_value;
/// use serde_json::json;
/// let body = compose_value(&json!({"logFormat": "text/html", "result": "Missed", "user": {}}));
/// assert_eq!(body.unwrap(), "<li><b>Result</b>: Missed</li>");
/// assert!(compose_value(&json!({"note": "no user"})).is_err());
/// ```
pub fn compose_value(v: &Value) -> Result<String, RequestError> {
    Ok(ComposeRequest::from_json(v)?.compose())
}

/// Composes one line of JSON Lines input: `{"body": "…"}`, or `{"error": "…"}` for bad input.
/// Never panics.
pub fn compose_line(line: &str) -> Value {
    let result = serde_json::from_str::<Value>(line)
        .map_err(|e| RequestError::Json(e.to_string()))
        .and_then(|v| compose_value(&v));
    match result {
        Ok(body) => json!({ "body": body }),
        Err(e) => json!({ "error": e.to_string() }),
    }
}
