//! Scalars App Connect sends in more than one shape. Each type accepts every shape App Connect
//! uses, keeps the form it was given (a round trip writes it back unchanged), and offers a typed
//! accessor.

use std::fmt;

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A boolean that may arrive as `true`/`false` or as the strings `"true"`/`"false"`
/// (query-string flags such as `isExtension`).
///
/// Accepted strings (ASCII case-insensitive): `true`, `false`, `1`, `0`, and `""` (false).
///
/// ```
/// use app_connect_sdk::models::LenientBool;
/// let flag: LenientBool = serde_json::from_str(r#""true""#).unwrap();
/// assert!(flag.get());
/// assert_eq!(serde_json::to_string(&flag).unwrap(), r#""true""#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LenientBool {
    /// A JSON boolean.
    Bool(bool),
    /// A string form, kept verbatim (already validated).
    Text(String),
}

impl LenientBool {
    /// The boolean value.
    pub fn get(&self) -> bool {
        match self {
            LenientBool::Bool(b) => *b,
            LenientBool::Text(s) => parse_bool_text(s).unwrap_or(false),
        }
    }
}

fn parse_bool_text(s: &str) -> Option<bool> {
    let t = s.trim();
    if t.eq_ignore_ascii_case("true") || t == "1" {
        Some(true)
    } else if t.eq_ignore_ascii_case("false") || t == "0" || t.is_empty() {
        Some(false)
    } else {
        None
    }
}

impl Default for LenientBool {
    fn default() -> Self {
        LenientBool::Bool(false)
    }
}

impl From<bool> for LenientBool {
    fn from(value: bool) -> Self {
        LenientBool::Bool(value)
    }
}

impl From<LenientBool> for bool {
    fn from(value: LenientBool) -> Self {
        value.get()
    }
}

impl PartialEq<bool> for LenientBool {
    fn eq(&self, other: &bool) -> bool {
        self.get() == *other
    }
}

impl Serialize for LenientBool {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            LenientBool::Bool(b) => serializer.serialize_bool(*b),
            LenientBool::Text(s) => serializer.serialize_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for LenientBool {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = LenientBool;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean or the string \"true\"/\"false\"")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<LenientBool, E> {
                Ok(LenientBool::Bool(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<LenientBool, E> {
                match parse_bool_text(v) {
                    Some(_) => Ok(LenientBool::Text(v.to_owned())),
                    None => Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
                }
            }
        }
        deserializer.deserialize_any(V)
    }
}

fixed_schema!(LenientBool, "LenientBool", {
    "anyOf": [{ "type": "boolean" }, { "type": "string", "enum": ["true", "false", "1", "0", ""] }]
});

/// A call start time: an ISO-8601 string (browser client) or epoch milliseconds (server-side
/// logging). The form is kept; [`StartTime::to_utc`] gives the instant.
///
/// ```
/// use app_connect_sdk::models::StartTime;
/// let iso: StartTime = serde_json::from_str(r#""2026-06-24T02:30:00.000Z""#).unwrap();
/// let ms: StartTime = serde_json::from_str("1782268200000").unwrap();
/// assert_eq!(iso.to_utc(), ms.to_utc());
/// assert_eq!(serde_json::to_string(&ms).unwrap(), "1782268200000");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StartTime {
    /// A date-time string, kept verbatim (normally RFC 3339 / ISO-8601).
    Iso(String),
    /// Milliseconds since the Unix epoch.
    EpochMillis(i64),
}

impl StartTime {
    /// The instant in UTC; `None` when the string is not a recognisable date-time.
    ///
    /// This is the composer's parser ([`crate::compose::parse_start_time`]), so the date a
    /// body shows and this instant always agree. Strings are ISO 8601 as moment reads them: a
    /// date alone (`2024-01-15`, midnight), a space instead of `T`, fractions, and `Z`,
    /// `±hh:mm`, `±hhmm` or `±hh` offsets (no offset means UTC); a string of more than eight
    /// digits is epoch milliseconds.
    ///
    /// ```
    /// use app_connect_sdk::models::StartTime;
    /// let day = StartTime::from("2024-01-15").to_utc().unwrap();
    /// assert_eq!(day.to_rfc3339(), "2024-01-15T00:00:00+00:00");
    /// let india = StartTime::from("2024-01-15T10:30:00+0530").to_utc().unwrap();
    /// assert_eq!(india.to_rfc3339(), "2024-01-15T05:00:00+00:00");
    /// ```
    pub fn to_utc(&self) -> Option<DateTime<Utc>> {
        match self {
            StartTime::EpochMillis(ms) => crate::compose::start_time_from_millis(*ms),
            StartTime::Iso(s) => crate::compose::parse_start_time(s),
        }
    }

    /// The instant as epoch milliseconds, when it can be determined.
    pub fn epoch_millis(&self) -> Option<i64> {
        match self {
            StartTime::EpochMillis(ms) => Some(*ms),
            StartTime::Iso(_) => self.to_utc().map(|t| t.timestamp_millis()),
        }
    }
}

impl Default for StartTime {
    fn default() -> Self {
        StartTime::Iso(String::new())
    }
}

impl From<DateTime<Utc>> for StartTime {
    fn from(value: DateTime<Utc>) -> Self {
        StartTime::Iso(value.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
    }
}

impl From<i64> for StartTime {
    fn from(value: i64) -> Self {
        StartTime::EpochMillis(value)
    }
}

impl From<&str> for StartTime {
    fn from(value: &str) -> Self {
        StartTime::Iso(value.to_owned())
    }
}

impl Serialize for StartTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            StartTime::Iso(s) => serializer.serialize_str(s),
            StartTime::EpochMillis(ms) => serializer.serialize_i64(*ms),
        }
    }
}

impl<'de> Deserialize<'de> for StartTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = StartTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO-8601 date-time string or epoch milliseconds")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<StartTime, E> {
                Ok(StartTime::Iso(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<StartTime, E> {
                Ok(StartTime::Iso(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<StartTime, E> {
                Ok(StartTime::EpochMillis(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<StartTime, E> {
                i64::try_from(v)
                    .map(StartTime::EpochMillis)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
            }
        }
        deserializer.deserialize_any(V)
    }
}

fixed_schema!(StartTime, "StartTime", {
    "oneOf": [{ "type": "string", "format": "date-time" }, { "type": "integer", "format": "int64", "minimum": 0 }]
});

/// A call duration: whole seconds, or the literal `"pending"` (server-side logging creates the
/// record before the call ends). A numeric string (`"125"`) is accepted and kept as a string.
///
/// ```
/// use app_connect_sdk::models::CallDuration;
/// let d: CallDuration = serde_json::from_str("125").unwrap();
/// assert_eq!(d.seconds(), Some(125));
/// let p: CallDuration = serde_json::from_str(r#""pending""#).unwrap();
/// assert!(p.is_pending());
/// assert_eq!(p.seconds(), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CallDuration {
    /// A number of seconds.
    Seconds(u64),
    /// The literal `"pending"`.
    Pending,
    /// A string holding a number of seconds (`"125"`), kept verbatim.
    Text(String),
}

impl CallDuration {
    /// The duration in seconds; `None` while pending.
    pub fn seconds(&self) -> Option<u64> {
        match self {
            CallDuration::Seconds(s) => Some(*s),
            CallDuration::Pending => None,
            CallDuration::Text(t) => t.trim().parse().ok(),
        }
    }

    /// Whether the duration is still `"pending"`.
    pub fn is_pending(&self) -> bool {
        matches!(self, CallDuration::Pending)
    }
}

impl Default for CallDuration {
    fn default() -> Self {
        CallDuration::Seconds(0)
    }
}

impl From<u64> for CallDuration {
    fn from(value: u64) -> Self {
        CallDuration::Seconds(value)
    }
}

impl Serialize for CallDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            CallDuration::Seconds(s) => serializer.serialize_u64(*s),
            CallDuration::Pending => serializer.serialize_str("pending"),
            CallDuration::Text(t) => serializer.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for CallDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = CallDuration;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a non-negative number of seconds or \"pending\"")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<CallDuration, E> {
                Ok(CallDuration::Seconds(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<CallDuration, E> {
                u64::try_from(v)
                    .map(CallDuration::Seconds)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<CallDuration, E> {
                if v == "pending" {
                    Ok(CallDuration::Pending)
                } else if v.trim().parse::<u64>().is_ok() {
                    Ok(CallDuration::Text(v.to_owned()))
                } else {
                    Err(E::invalid_value(serde::de::Unexpected::Str(v), &self))
                }
            }
        }
        deserializer.deserialize_any(V)
    }
}

fixed_schema!(CallDuration, "CallDuration", {
    "oneOf": [{ "type": "integer", "format": "int64", "minimum": 0 }, { "type": "string", "enum": ["pending"] }]
});

/// A user's UTC offset as the CRM reported it: hours (`-7`, `"5.5"`), minutes (`"-300"`), or an
/// offset string (`"+05:30"`). App Connect stores it as a string; the raw form is kept.
///
/// [`TimezoneOffset::minutes`] follows App Connect's rule: `±HH:MM` is an offset string;
/// otherwise the value is a number, taken as hours when `|x| < 16`, else as minutes, and text
/// that is not a number means UTC.
///
/// ```
/// use app_connect_sdk::models::TimezoneOffset;
/// assert_eq!(TimezoneOffset::from("+05:30").minutes(), 330);
/// assert_eq!(TimezoneOffset::from("-300").minutes(), -300);
/// assert_eq!(TimezoneOffset::from("-7").minutes(), -420);
/// assert_eq!(TimezoneOffset::from(2).minutes(), 120);
/// assert_eq!(TimezoneOffset::from("GMT-05:00").minutes(), -300);
/// assert_eq!(TimezoneOffset::from("UTC").minutes(), 0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TimezoneOffset {
    /// A JSON number.
    Number(serde_json::Number),
    /// A string, kept verbatim.
    Text(String),
}

impl TimezoneOffset {
    /// The offset as App Connect's composer reads it: `±HH:MM` (or text containing one), a
    /// number of hours when `|x| < 16`, else of minutes; text that is not a number means UTC.
    /// `None` means "no offset" (a `0`, or an offset beyond what a `FixedOffset` holds).
    ///
    /// This is the parser of [`crate::compose`], so a body composed for this user matches
    /// App Connect's.
    pub fn to_fixed_offset(&self) -> Option<chrono::FixedOffset> {
        match self {
            TimezoneOffset::Number(n) => crate::compose::timezone_offset_from_number(n.as_f64()?),
            TimezoneOffset::Text(s) => crate::compose::parse_timezone_offset(s),
        }
    }

    /// The offset in minutes east of UTC (see [`to_fixed_offset`](Self::to_fixed_offset));
    /// `0` for UTC, which is also what App Connect's composer uses for a value it cannot
    /// place (text that is not an offset, more than 24 hours).
    pub fn minutes(&self) -> i32 {
        self.to_fixed_offset()
            .map_or(0, |o| o.local_minus_utc() / 60)
    }
}

impl Default for TimezoneOffset {
    fn default() -> Self {
        TimezoneOffset::Text(String::new())
    }
}

impl From<&str> for TimezoneOffset {
    fn from(value: &str) -> Self {
        TimezoneOffset::Text(value.to_owned())
    }
}

impl From<String> for TimezoneOffset {
    fn from(value: String) -> Self {
        TimezoneOffset::Text(value)
    }
}

impl From<i64> for TimezoneOffset {
    fn from(value: i64) -> Self {
        TimezoneOffset::Number(value.into())
    }
}

impl From<i32> for TimezoneOffset {
    fn from(value: i32) -> Self {
        TimezoneOffset::Number(i64::from(value).into())
    }
}

impl fmt::Display for TimezoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimezoneOffset::Number(n) => fmt::Display::fmt(n, f),
            TimezoneOffset::Text(s) => f.write_str(s),
        }
    }
}

impl Serialize for TimezoneOffset {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            TimezoneOffset::Number(n) => n.serialize(serializer),
            TimezoneOffset::Text(s) => serializer.serialize_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for TimezoneOffset {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        NumberOrText::deserialize_with(deserializer, "a timezone offset (number or string)").map(
            |v| match v {
                NumberOrText::Number(n) => TimezoneOffset::Number(n),
                NumberOrText::Text(s) => TimezoneOffset::Text(s),
            },
        )
    }
}

fixed_schema!(TimezoneOffset, "TimezoneOffset", {
    "anyOf": [{ "type": "number" }, { "type": "string" }]
});

/// A CRM date that may be a string (ISO-8601 preferred) or a number (Bullhorn sends epoch
/// milliseconds): `createdDate`, `mostRecentActivityDate`. The form is kept.
///
/// ```
/// use app_connect_sdk::models::FlexibleDate;
/// let d: FlexibleDate = serde_json::from_str("1718000000000").unwrap();
/// assert_eq!(d.to_utc().unwrap().to_rfc3339(), "2024-06-10T06:13:20+00:00");
/// assert_eq!(serde_json::to_string(&d).unwrap(), "1718000000000");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FlexibleDate {
    /// A string date, kept verbatim.
    Text(String),
    /// A numeric timestamp, kept verbatim.
    Number(serde_json::Number),
}

impl FlexibleDate {
    /// Best-effort instant. Numbers are read as Unix seconds, milliseconds, microseconds or
    /// nanoseconds by magnitude (as App Connect's client does); strings as ISO-8601 / RFC 3339,
    /// `YYYY-MM-DD`, or a number in a string.
    pub fn to_utc(&self) -> Option<DateTime<Utc>> {
        match self {
            FlexibleDate::Number(n) => epoch_by_magnitude(n.as_f64()?),
            FlexibleDate::Text(s) => {
                let t = s.trim();
                if let Ok(n) = t.parse::<f64>() {
                    return epoch_by_magnitude(n);
                }
                crate::compose::parse_start_time(t)
            }
        }
    }
}

fn epoch_by_magnitude(n: f64) -> Option<DateTime<Utc>> {
    if !n.is_finite() || n < 0.0 {
        return None;
    }
    let millis = if n < 1e11 {
        n * 1e3
    } else if n < 1e14 {
        n
    } else if n < 1e17 {
        n / 1e3
    } else {
        n / 1e6
    };
    if millis > 1e15 {
        return None;
    }
    // Bounded above, so the cast cannot saturate.
    Utc.timestamp_millis_opt(millis.round() as i64).single()
}

impl Default for FlexibleDate {
    fn default() -> Self {
        FlexibleDate::Text(String::new())
    }
}

impl From<&str> for FlexibleDate {
    fn from(value: &str) -> Self {
        FlexibleDate::Text(value.to_owned())
    }
}

impl From<i64> for FlexibleDate {
    fn from(value: i64) -> Self {
        FlexibleDate::Number(value.into())
    }
}

impl From<DateTime<Utc>> for FlexibleDate {
    fn from(value: DateTime<Utc>) -> Self {
        FlexibleDate::Text(value.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
    }
}

impl Serialize for FlexibleDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FlexibleDate::Number(n) => n.serialize(serializer),
            FlexibleDate::Text(s) => serializer.serialize_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for FlexibleDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        NumberOrText::deserialize_with(deserializer, "a date (string or number)").map(|v| match v {
            NumberOrText::Number(n) => FlexibleDate::Number(n),
            NumberOrText::Text(s) => FlexibleDate::Text(s),
        })
    }
}

fixed_schema!(FlexibleDate, "FlexibleDate", {
    "anyOf": [{ "type": "string" }, { "type": "number" }]
});

enum NumberOrText {
    Number(serde_json::Number),
    Text(String),
}

impl NumberOrText {
    fn deserialize_with<'de, D: Deserializer<'de>>(
        deserializer: D,
        expecting: &'static str,
    ) -> Result<Self, D::Error> {
        struct V(&'static str);
        impl serde::de::Visitor<'_> for V {
            type Value = NumberOrText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<NumberOrText, E> {
                Ok(NumberOrText::Text(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<NumberOrText, E> {
                Ok(NumberOrText::Text(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<NumberOrText, E> {
                Ok(NumberOrText::Number(v.into()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<NumberOrText, E> {
                Ok(NumberOrText::Number(v.into()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<NumberOrText, E> {
                serde_json::Number::from_f64(v)
                    .map(NumberOrText::Number)
                    .ok_or_else(|| E::custom("expected a finite number"))
            }
        }
        deserializer.deserialize_any(V(expecting))
    }
}
