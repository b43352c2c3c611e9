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

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Value, json};

use super::datetime::{
    OffsetMinutes, js_number, offset_minutes_from_str, parse_start_time, start_time_from_millis,
};
use super::duration::js_number_to_string;
use super::format::LogFormat;
use super::input::ComposeInput;
use super::settings::ComposeSettings;
use crate::models::{CallDirection, CallDuration, CallLeg, CallParty};

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

/// A fully read compose request (what [`compose_line`] runs), borrowing the texts of the JSON
/// it was read from wherever they hold no escapes.
///
/// The JSON is deserialised straight into this typed request, with no `serde_json::Value` in
/// between; a type error is reported with the JSON path of the bad value.
///
/// ```
/// use app_connect_sdk::compose::jsonl::ComposeRequest;
///
/// let text = r#"{"logFormat": "text/plain", "duration": 61, "user": {"timezoneOffset": "-300"}}"#;
/// let req = ComposeRequest::from_json_str(text).unwrap();
/// assert_eq!(req.compose(), "- Duration: 1 minute, 1 second\n");
/// assert_eq!(req.offset_minutes, Some(-300));
/// ```
#[non_exhaustive]
pub struct ComposeRequest<'a> {
    /// The log format (`logFormat`, default `text/plain`).
    pub format: LogFormat,
    /// The user's settings (`user.userSettings`).
    pub settings: ComposeSettings,
    /// The user's offset from UTC in minutes (`user.timezoneOffset`); `None` = UTC.
    pub offset_minutes: Option<i64>,
    /// The body to update (`existingBody`, empty when absent or `null`).
    pub existing_body: Cow<'a, str>,
    fields: Fields<'a>,
}

/// The call data of a request, owned by it; [`ComposeRequest::input`] lends it out.
#[derive(Default)]
struct Fields<'a> {
    note: Option<Cow<'a, str>>,
    session_id: Option<Cow<'a, str>>,
    direction: Option<CallDirection>,
    from: Option<CallParty>,
    to: Option<CallParty>,
    subject: Option<Cow<'a, str>>,
    contact_phone_number: Option<Cow<'a, str>>,
    start_time: Option<DateTime<Utc>>,
    duration: Option<CallDuration>,
    result: Option<Cow<'a, str>>,
    recording_link: Option<Cow<'a, str>>,
    voicemail_link: Option<Cow<'a, str>>,
    ai_note: Option<Cow<'a, str>>,
    transcript: Option<Cow<'a, str>>,
    ring_sense_transcript: Option<Cow<'a, str>>,
    ring_sense_summary: Option<Cow<'a, str>>,
    ring_sense_ai_score: Option<Cow<'a, str>>,
    ring_sense_bulleted_summary: Option<Cow<'a, str>>,
    ring_sense_link: Option<Cow<'a, str>>,
    legs: Vec<CallLeg>,
}

impl std::fmt::Debug for ComposeRequest<'_> {
    /// Shown through [`ComposeInput`]'s `Debug`, which hides link tokens.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ComposeRequest")
            .field("format", &self.format)
            .field("settings", &self.settings)
            .field("offset_minutes", &self.offset_minutes)
            .field("existing_body_len", &self.existing_body.len())
            .field("input", &self.input())
            .finish()
    }
}

// ---- the typed wire shape of core's `composeCallLog` parameters ----

/// A text with JavaScript semantics: numbers print as JS does, falsy values are "absent".
#[derive(Default)]
struct JsText<'a>(Option<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for JsText<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Ok(JsText(match Scalar::deserialize(d)? {
            Scalar::Null | Scalar::Bool(false) => None,
            Scalar::Bool(true) => Some(Cow::Borrowed("true")),
            n @ (Scalar::Number(_) | Scalar::Whole(_)) => n
                .as_f64()
                .filter(|f| *f != 0.0)
                .map(|f| Cow::Owned(js_number_to_string(f))),
            Scalar::Text(s) => (!s.is_empty()).then_some(s),
            Scalar::Compound => return Err(de::Error::custom("expected a string")),
        }))
    }
}

impl<'a> JsText<'a> {
    fn owned(self) -> Option<String> {
        self.0.map(Cow::into_owned)
    }
}

/// A string and nothing else (`logFormat`, `existingBody`); `null` is absent.
struct Str<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        string_only(d).map(|s| s.unwrap_or(Str(Cow::Borrowed(""))))
    }
}

/// A string, `null` (absent) or an error.
fn string_only<'de: 'a, 'a, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Str<'a>>, D::Error> {
    match Scalar::deserialize(d)? {
        Scalar::Null => Ok(None),
        Scalar::Text(s) => Ok(Some(Str(s))),
        _ => Err(de::Error::custom("expected a string")),
    }
}

/// Any JSON value, reduced to what a setting needs: `None` for `null`, else its JavaScript
/// truthiness and, for a string, its text.
struct SettingValue(Option<(bool, Option<String>)>);

impl<'de> Deserialize<'de> for SettingValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Ok(SettingValue(match Scalar::deserialize(d)? {
            Scalar::Null => None,
            Scalar::Bool(b) => Some((b, None)),
            Scalar::Whole(n) => Some((n != 0, None)),
            Scalar::Number(n) => Some((n != 0.0 && !n.is_nan(), None)),
            Scalar::Text(s) => Some((!s.is_empty(), Some(s.into_owned()))),
            Scalar::Compound => Some((true, None)),
        }))
    }
}

/// The visitor methods for every value that is not an object: they are ignored (consumed) and
/// give `$default`, as App Connect ignores a setting that is not an object.
macro_rules! anything_else_is {
    ($default:expr) => {
        fn visit_seq<A: SeqAccess<'de>>(
            self,
            mut s: A,
        ) -> std::result::Result<Self::Value, A::Error> {
            while s.next_element::<IgnoredAny>()?.is_some() {}
            Ok($default)
        }
        fn visit_unit<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
            Ok($default)
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<Self::Value, E> {
            Ok($default)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> std::result::Result<Self::Value, E> {
            Ok($default)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> std::result::Result<Self::Value, E> {
            Ok($default)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<Self::Value, E> {
            Ok($default)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> std::result::Result<Self::Value, E> {
            Ok($default)
        }
    };
}

/// One `userSettings` entry: only its `value` is read; anything but an object is ignored.
struct SettingEntry(Option<(bool, Option<String>)>);

impl<'de> Deserialize<'de> for SettingEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SettingEntry;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a setting object")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut m: A,
            ) -> std::result::Result<Self::Value, A::Error> {
                let mut value = None;
                while let Some(Str(key)) = m.next_key::<Str<'de>>()? {
                    if key == "value" {
                        value = m.next_value::<SettingValue>()?.0;
                    } else {
                        m.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(SettingEntry(value))
            }
            anything_else_is!(SettingEntry(None));
        }
        d.deserialize_any(V)
    }
}

/// `user.userSettings` read straight into [`ComposeSettings`]; anything but an object means
/// the defaults.
#[derive(Default)]
struct JsSettings(ComposeSettings);

impl<'de> Deserialize<'de> for JsSettings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = JsSettings;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of settings")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut m: A,
            ) -> std::result::Result<Self::Value, A::Error> {
                let mut s = ComposeSettings::default();
                while let Some(Str(key)) = m.next_key::<Str<'de>>()? {
                    if let SettingEntry(Some((truthy, text))) = m.next_value()? {
                        s.set_value(&key, truthy, text.as_deref());
                    }
                }
                Ok(JsSettings(s))
            }
            anything_else_is!(JsSettings::default());
        }
        d.deserialize_any(V)
    }
}

/// A value as JavaScript numbers or prints it: the pieces the offset, start-time and
/// duration readers share.
enum Scalar<'a> {
    Null,
    Bool(bool),
    Number(f64),
    /// A non-negative integer, kept exact.
    Whole(u64),
    Text(Cow<'a, str>),
    /// An object or an array (consumed).
    Compound,
}

impl<'de: 'a, 'a> Deserialize<'de> for Scalar<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Scalar<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
                Ok(Scalar::Null)
            }
            fn visit_none<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
                Ok(Scalar::Null)
            }
            fn visit_some<D: Deserializer<'de>>(
                self,
                d: D,
            ) -> std::result::Result<Self::Value, D::Error> {
                Scalar::deserialize(d)
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> std::result::Result<Self::Value, E> {
                Ok(Scalar::Bool(b))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> std::result::Result<Self::Value, E> {
                Ok(Scalar::Whole(n))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> std::result::Result<Self::Value, E> {
                Ok(u64::try_from(n).map_or(Scalar::Number(n as f64), Scalar::Whole))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> std::result::Result<Self::Value, E> {
                Ok(Scalar::Number(n))
            }
            fn visit_borrowed_str<E: de::Error>(
                self,
                s: &'de str,
            ) -> std::result::Result<Self::Value, E> {
                Ok(Scalar::Text(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<Self::Value, E> {
                Ok(Scalar::Text(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> std::result::Result<Self::Value, E> {
                Ok(Scalar::Text(Cow::Owned(s)))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut m: A,
            ) -> std::result::Result<Self::Value, A::Error> {
                while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Scalar::Compound)
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut s: A,
            ) -> std::result::Result<Self::Value, A::Error> {
                while s.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Scalar::Compound)
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

impl Scalar<'_> {
    fn as_f64(&self) -> Option<f64> {
        match self {
            Scalar::Number(n) => Some(*n),
            Scalar::Whole(n) => Some(*n as f64),
            _ => None,
        }
    }

    /// A number as a duration: whole seconds exactly, anything else as JavaScript prints it.
    fn number_duration(&self) -> Option<CallDuration> {
        match self {
            Scalar::Whole(n) => Some(CallDuration::Seconds(*n)),
            Scalar::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 1e15 => {
                Some(CallDuration::Seconds(*n as u64))
            }
            Scalar::Number(n) => Some(CallDuration::Text(js_number_to_string(*n))),
            _ => None,
        }
    }
}

/// `user.timezoneOffset`: a string or a number; `None` = UTC.
#[derive(Default)]
struct JsOffset(Option<OffsetMinutes>);

impl<'de> Deserialize<'de> for JsOffset {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let v = Scalar::deserialize(d)?;
        Ok(JsOffset(match &v {
            Scalar::Text(s) => offset_minutes_from_str(s),
            Scalar::Number(_) | Scalar::Whole(_) => match v.as_f64() {
                Some(f) if f != 0.0 => offset_minutes_from_str(&js_number_to_string(f)),
                _ => None,
            },
            _ => None,
        }))
    }
}

/// `startTime`: an ISO 8601 string or epoch milliseconds; falsy or unreadable is absent.
#[derive(Default)]
struct JsStart(Option<DateTime<Utc>>);

impl<'de> Deserialize<'de> for JsStart {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let v = Scalar::deserialize(d)?;
        Ok(JsStart(match &v {
            Scalar::Text(s) => parse_start_time(s),
            Scalar::Number(_) | Scalar::Whole(_) => v
                .as_f64()
                .filter(|f| *f != 0.0 && f.is_finite())
                .and_then(|f| start_time_from_millis(f.trunc() as i64)),
            Scalar::Compound => {
                return Err(de::Error::custom(
                    "expected an ISO 8601 string or epoch milliseconds",
                ));
            }
            Scalar::Null | Scalar::Bool(_) => None,
        }))
    }
}

/// `duration`: present means composed (core tests `!== undefined`), so `null` is 0 seconds.
fn present_duration<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<CallDuration>, D::Error> {
    let v = Scalar::deserialize(d)?;
    Ok(Some(match v {
        Scalar::Null => CallDuration::Seconds(0),
        Scalar::Bool(b) => CallDuration::Seconds(u64::from(b)),
        Scalar::Text(s) => CallDuration::Text(s.into_owned()),
        Scalar::Compound => return Err(de::Error::custom("expected a number of seconds")),
        n => n.number_duration().unwrap_or_default(),
    }))
}

/// A leg's `duration`: a number, or a string holding one; anything else is left out.
#[derive(Default)]
struct LegDuration(Option<CallDuration>);

impl<'de> Deserialize<'de> for LegDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let v = Scalar::deserialize(d)?;
        Ok(LegDuration(match v {
            Scalar::Text(s) if js_number(&s).is_some() => Some(CallDuration::Text(s.into_owned())),
            n => n.number_duration(),
        }))
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", expecting = "an object")]
struct JsParty<'a> {
    #[serde(borrow, default)]
    phone_number: JsText<'a>,
    #[serde(borrow, default)]
    extension_number: JsText<'a>,
    #[serde(borrow, default)]
    name: JsText<'a>,
}

impl JsParty<'_> {
    fn into_party(self) -> CallParty {
        CallParty {
            phone_number: self.phone_number.owned(),
            extension_number: self.extension_number.owned(),
            name: self.name.owned(),
            ..CallParty::default()
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", expecting = "an object")]
struct JsLeg<'a> {
    #[serde(borrow, default)]
    direction: JsText<'a>,
    #[serde(borrow, default)]
    leg_type: JsText<'a>,
    #[serde(default)]
    duration: LegDuration,
    #[serde(borrow, default)]
    from: Option<JsParty<'a>>,
    #[serde(borrow, default)]
    to: Option<JsParty<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", expecting = "an object")]
struct JsCallLog<'a> {
    #[serde(borrow, default)]
    session_id: JsText<'a>,
    #[serde(borrow, default)]
    direction: JsText<'a>,
    #[serde(default)]
    start_time: JsStart,
    #[serde(borrow, default)]
    from: Option<JsParty<'a>>,
    #[serde(borrow, default)]
    to: Option<JsParty<'a>>,
    #[serde(borrow, default)]
    legs: Option<Vec<JsLeg<'a>>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", expecting = "an object")]
struct JsContact<'a> {
    #[serde(borrow, default)]
    phone_number: JsText<'a>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", expecting = "an object")]
struct JsUser {
    #[serde(default)]
    user_settings: JsSettings,
    #[serde(default)]
    timezone_offset: JsOffset,
}

/// Core's `composeCallLog` parameters, as they arrive.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", expecting = "an object")]
struct Params<'a> {
    #[serde(borrow, default, deserialize_with = "string_only")]
    log_format: Option<Str<'a>>,
    #[serde(borrow, default, deserialize_with = "string_only")]
    existing_body: Option<Str<'a>>,
    #[serde(default)]
    user: Option<JsUser>,
    #[serde(borrow, default)]
    call_log: Option<JsCallLog<'a>>,
    #[serde(borrow, default)]
    contact_info: Option<JsContact<'a>>,
    #[serde(borrow, default)]
    note: JsText<'a>,
    #[serde(borrow, default)]
    subject: JsText<'a>,
    #[serde(borrow, default)]
    result: JsText<'a>,
    #[serde(borrow, default)]
    recording_link: JsText<'a>,
    #[serde(borrow, default)]
    voicemail_link: JsText<'a>,
    #[serde(borrow, default)]
    ai_note: JsText<'a>,
    #[serde(borrow, default)]
    transcript: JsText<'a>,
    #[serde(borrow, default)]
    ring_sense_transcript: JsText<'a>,
    #[serde(borrow, default)]
    ring_sense_summary: JsText<'a>,
    #[serde(borrow, default, rename = "ringSenseAIScore")]
    ring_sense_ai_score: JsText<'a>,
    #[serde(borrow, default)]
    ring_sense_bulleted_summary: JsText<'a>,
    #[serde(borrow, default)]
    ring_sense_link: JsText<'a>,
    #[serde(default)]
    start_time: JsStart,
    #[serde(default, deserialize_with = "present_duration")]
    duration: Option<CallDuration>,
    /// The vector layout: `{"name": …, "params": {…}, "expected": …}`.
    #[serde(borrow, default)]
    params: Option<Box<Params<'a>>>,
    /// Another wrapper some tools use: `{"input": {…}}`.
    #[serde(borrow, default)]
    input: Option<Box<Params<'a>>>,
}

/// A type error with its JSON path (`$` for the whole value), minus serde_json's position.
fn path_error(e: serde_path_to_error::Error<serde_json::Error>) -> RequestError {
    let path = e.path().to_string();
    let inner = e.into_inner();
    let mut message = inner.to_string();
    if inner.line() > 0 {
        let suffix = format!(" at line {} column {}", inner.line(), inner.column());
        if let Some(m) = message.strip_suffix(&suffix) {
            message = m.to_owned();
        }
    }
    let path = ["params.", "input."]
        .iter()
        .find_map(|p| path.strip_prefix(p))
        .map_or(path.as_str(), |p| p)
        .to_owned();
    if path == "." {
        return invalid("$", "expected an object");
    }
    invalid(path, message)
}

impl<'a> ComposeRequest<'a> {
    /// Reads core's `composeCallLog` parameters from JSON text (see the [module docs](self)),
    /// borrowing its strings.
    ///
    /// Differences from core, all deliberate: a missing `logFormat` or a `null` one means
    /// `text/plain`; a `null` `existingBody` means an empty body; an unparsable `startTime`
    /// falls back to `callLog.startTime`. `user` is required, as in core, and so is `callLog`
    /// when the RingCentral user name or number setting is on, and every leg's `from`/`to`
    /// that the call journey reads.
    pub fn from_json_str(text: &'a str) -> std::result::Result<Self, RequestError> {
        let first = text.trim_start().as_bytes().first();
        if first.is_some_and(|c| *c != b'{') && serde_json::from_str::<IgnoredAny>(text).is_ok() {
            return Err(invalid("$", "expected an object"));
        }
        match serde_json::from_str::<Params<'a>>(text) {
            Ok(p) => Self::resolve(p),
            Err(e) if e.is_data() => {
                let mut de = serde_json::Deserializer::from_str(text);
                match serde_path_to_error::deserialize::<_, Params<'a>>(&mut de) {
                    Err(e) => Err(path_error(e)),
                    Ok(_) => Err(RequestError::Json(e.to_string())),
                }
            }
            Err(e) => Err(RequestError::Json(e.to_string())),
        }
    }

    /// Reads core's `composeCallLog` parameters from a parsed JSON value (see
    /// [`from_json_str`](Self::from_json_str)).
    pub fn from_json(v: &'a Value) -> std::result::Result<Self, RequestError> {
        if !v.is_object() {
            return Err(invalid("$", "expected an object"));
        }
        match serde_path_to_error::deserialize::<_, Params<'a>>(v) {
            Ok(p) => Self::resolve(p),
            Err(e) => Err(path_error(e)),
        }
    }

    fn resolve(top: Params<'a>) -> std::result::Result<Self, RequestError> {
        let mut top = top;
        let p = match (
            top.log_format.is_none(),
            top.params.take(),
            top.input.take(),
        ) {
            (true, Some(p), _) | (true, None, Some(p)) => *p,
            _ => top,
        };
        let format = p
            .log_format
            .map_or(LogFormat::PlainText, |f| LogFormat::parse(&f.0));
        let user = p.user.ok_or_else(|| invalid("user", "required"))?;
        let settings = user.user_settings.0;
        if p.call_log.is_none()
            && (settings.add_ring_central_user_name || settings.add_ring_central_number)
        {
            return Err(invalid(
                "callLog",
                "required when addRingCentralUserName or addRingCentralNumber is on",
            ));
        }
        let call = p.call_log.unwrap_or_default();
        let mut legs = Vec::new();
        for (i, l) in call.legs.into_iter().flatten().enumerate() {
            let direction = l.direction.0.map(|d| CallDirection::parse(&d));
            let leg_type = l.leg_type.owned();
            let outbound = direction == Some(CallDirection::Outbound);
            let reads_from = outbound && (i == 0 || leg_type.as_deref() != Some("PstnToSip"));
            if settings.add_call_log_legs {
                match (reads_from, &l.from, &l.to) {
                    (true, None, _) => {
                        return Err(invalid(format!("callLog.legs[{i}].from"), "required"));
                    }
                    (false, _, None) => {
                        return Err(invalid(format!("callLog.legs[{i}].to"), "required"));
                    }
                    _ => {}
                }
            }
            legs.push(CallLeg {
                direction,
                leg_type,
                duration: l.duration.0,
                from: l.from.map(JsParty::into_party),
                to: l.to.map(JsParty::into_party),
                ..CallLeg::default()
            });
        }
        let fields = Fields {
            note: p.note.0,
            session_id: call.session_id.0,
            direction: call.direction.0.map(|d| CallDirection::parse(&d)),
            from: call.from.map(JsParty::into_party),
            to: call.to.map(JsParty::into_party),
            subject: p.subject.0,
            contact_phone_number: p.contact_info.and_then(|c| c.phone_number.0),
            start_time: p.start_time.0.or(call.start_time.0),
            duration: p.duration,
            result: p.result.0,
            recording_link: p.recording_link.0,
            voicemail_link: p.voicemail_link.0,
            ai_note: p.ai_note.0,
            transcript: p.transcript.0,
            ring_sense_transcript: p.ring_sense_transcript.0,
            ring_sense_summary: p.ring_sense_summary.0,
            ring_sense_ai_score: p.ring_sense_ai_score.0,
            ring_sense_bulleted_summary: p.ring_sense_bulleted_summary.0,
            ring_sense_link: p.ring_sense_link.0,
            legs,
        };
        Ok(Self {
            format,
            settings,
            offset_minutes: user.timezone_offset.0,
            existing_body: p.existing_body.map(|b| b.0).unwrap_or_default(),
            fields,
        })
    }

    /// The call data, as the composer's borrowed input.
    pub fn input(&self) -> ComposeInput<'_> {
        let f = &self.fields;
        let mut i = ComposeInput::new();
        i.note = f.note.as_deref();
        i.session_id = f.session_id.as_deref();
        i.direction = f.direction.clone();
        i.from = f.from.as_ref();
        i.to = f.to.as_ref();
        i.subject = f.subject.as_deref();
        i.contact_phone_number = f.contact_phone_number.as_deref();
        i.start_time = f.start_time;
        i.duration = f.duration.as_ref();
        i.result = f.result.as_deref();
        i.recording_link = f.recording_link.as_deref();
        i.voicemail_link = f.voicemail_link.as_deref();
        i.ai_note = f.ai_note.as_deref();
        i.transcript = f.transcript.as_deref();
        i.ring_sense_transcript = f.ring_sense_transcript.as_deref();
        i.ring_sense_summary = f.ring_sense_summary.as_deref();
        i.ring_sense_ai_score = f.ring_sense_ai_score.as_deref().map(Cow::Borrowed);
        i.ring_sense_bulleted_summary = f.ring_sense_bulleted_summary.as_deref();
        i.ring_sense_link = f.ring_sense_link.as_deref();
        i.legs = &f.legs;
        i
    }

    /// Composes the body (see [`compose_call_log`](super::compose_call_log)).
    pub fn compose(&self) -> String {
        super::compose_with_offset(
            &self.format,
            &self.input(),
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
pub fn compose_value(v: &Value) -> std::result::Result<String, RequestError> {
    Ok(ComposeRequest::from_json(v)?.compose())
}

/// Composes one line of JSON Lines input: `{"body": "…"}`, or `{"error": "…"}` for bad input.
/// Never panics.
pub fn compose_line(line: &str) -> Value {
    let result = ComposeRequest::from_json_str(line).map(|r| r.compose());
    match result {
        Ok(body) => json!({ "body": body }),
        Err(e) => json!({ "error": e.to_string() }),
    }
}
