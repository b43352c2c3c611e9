//! The call-log body composer: App Connect's CRM activity bodies, byte-compatible and safe.
//!
//! App Connect core composes the body of a CRM call activity (agent note, subject, date/time,
//! duration, result, recording and voicemail links, AI note, transcript, ACE/RingSense fields,
//! call journey) and later updates that same body in place when the recording, the final call
//! data or the AI artefacts arrive, keeping whatever the user edited in the CRM.
//! [`compose_call_log`] writes the same bodies, so a log created by App Connect's JavaScript
//! runtime can be updated by a Rust connector and the other way round, without core's defects:
//!
//! * values are escaped in `text/html` (core inserts raw HTML);
//! * values are inserted literally (core expands `$&`, `` $` ``, `$'`, `$1` …);
//! * composing again with the same data over the output returns the output unchanged;
//! * text the composer does not own is kept byte for byte, and markdown blocks stop at the next
//!   section or heading, so fields after them are never swallowed;
//! * repeated updates never grow the body, and values containing `-` are found again;
//! * the RingCentral extension is the agent's own.
//!
//! Every deliberate difference from core is listed in `docs/composer.md`.
//!
//! ```
//! use app_connect_sdk::compose::{
//!     ComposeInput, ComposeSettings, LogFormat, compose_call_log, parse_start_time,
//! };
//!
//! let settings = ComposeSettings::default();
//! let call = ComposeInput::new()
//!     .note("Wants a callback")
//!     .subject("Call with Bob")
//!     .start_time(parse_start_time("2024-01-15T10:30:00Z").unwrap())
//!     .duration(&app_connect_sdk::models::CallDuration::Seconds(185))
//!     .result("Call connected");
//! let body = compose_call_log(&LogFormat::PlainText, &call, &settings, None, "");
//! assert_eq!(
//!     body,
//!     "- Note: Wants a callback\n- Summary: Call with Bob\n- Date/Time: 2024-01-15 10:30:00 AM\n\
//!      - Duration: 3 minutes, 5 seconds\n- Result: Call connected\n"
//! );
//!
//! // Later the recording arrives; the user had added a line in the CRM meanwhile.
//! let edited = format!("{body}Customer prefers email.\n");
//! let later = ComposeInput::new().recording_link("https://media.example.com/rec/1");
//! let updated = compose_call_log(&LogFormat::PlainText, &later, &settings, None, &edited);
//! assert_eq!(
//!     updated,
//!     format!("{edited}- Call recording link: https://media.example.com/rec/1\n")
//! );
//! // Composing the same data again changes nothing.
//! assert_eq!(compose_call_log(&LogFormat::PlainText, &later, &settings, None, &updated), updated);
//! ```

// Builder setters consume `self`: dropping the result is always a mistake.

mod datetime;
mod duration;
mod escape;
mod format;
mod html;
mod input;
pub mod jsonl;
mod markdown;
pub mod message;
mod plain;
mod scan;
mod sections;
mod settings;
mod upsert;

use chrono::FixedOffset;

pub use datetime::{
    parse_start_time, parse_timezone_offset, start_time_from_millis, timezone_offset_from_number,
};
pub use format::LogFormat;
pub use input::ComposeInput;
pub use settings::{ComposeSettings, DEFAULT_LOG_DATE_FORMAT};
// JavaScript truthiness, also used by the admin settings merge.
pub(crate) use settings::js_truthy;

/// Composes a call-log body: writes `input` into `existing_body` (empty for a new log).
///
/// Each section whose value is present and whose setting is on is rewritten in place where it
/// already is, or added (the agent note at the top, everything else at the end, in App Connect's
/// order). Sections without a value, or whose setting is off, are left as they are; so is all
/// text the composer does not own. `timezone` is the user's offset (`None` = UTC), used for the
/// date/time with `settings.log_date_format`.
///
/// For [`LogFormat::Other`] (a connector's custom format) nothing is composed and the existing
/// body is returned unchanged. The function never panics.
///
/// ```
/// use app_connect_sdk::compose::{
///     ComposeInput, ComposeSettings, LogFormat, compose_call_log, parse_timezone_offset,
///     parse_start_time,
/// };
///
/// let input = ComposeInput::new()
///     .note("Tom & Jerry <3")
///     .start_time(parse_start_time("2024-01-15T10:30:00Z").unwrap());
/// let tz = parse_timezone_offset("-05:00");
/// let body = compose_call_log(&LogFormat::Html, &input, &ComposeSettings::default(), tz, "");
/// assert_eq!(
///     body,
///     "<b>Agent notes</b><br>Tom &amp; Jerry &lt;3<br><br><b>Call details</b><br>\
///      <li><b>Date/time</b>: 2024-01-15 05:30:00 AM</li>"
/// );
/// ```
pub fn compose_call_log(
    format: &LogFormat,
    input: &ComposeInput<'_>,
    settings: &ComposeSettings,
    timezone: Option<FixedOffset>,
    existing_body: &str,
) -> String {
    let offset = timezone.map(|tz| i64::from(tz.local_minus_utc() / 60));
    compose_with_offset(format, input, settings, offset, existing_body)
}

/// [`compose_call_log`] with the offset in minutes (moment allows offsets beyond ±24 hours).
pub(crate) fn compose_with_offset(
    format: &LogFormat,
    input: &ComposeInput<'_>,
    settings: &ComposeSettings,
    offset: Option<i64>,
    existing_body: &str,
) -> String {
    if !format.is_composed() {
        return existing_body.to_owned();
    }
    let plan = sections::plan(format, input, settings, offset);
    let locs = match format {
        LogFormat::Html => html::locate(existing_body, &plan),
        LogFormat::Markdown => markdown::locate(existing_body, &plan),
        _ => plain::locate(existing_body, &plan),
    };
    upsert::build(format, existing_body, &plan, &locs)
}
