//! The sections of a call-log body, in App Connect's fixed order, and their rendered text.

use std::borrow::Cow;

use super::datetime::js_number;
use super::datetime::{OffsetMinutes, format_moment};
use super::duration::format_duration;
use super::escape::{escaped_len, escaped_matches, push_escaped, push_html_attribute};
use super::format::LogFormat;
use super::input::ComposeInput;
use super::settings::ComposeSettings;
use crate::models::{CallDirection, CallDuration, CallLeg, CallParty};

/// A section of the body, in step order (core's `composeCallLog` order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sec {
    Note,
    SessionId,
    UserName,
    Number,
    Subject,
    Contact,
    DateTime,
    Duration,
    Result,
    Recording,
    Voicemail,
    AiNote,
    Transcript,
    AceTranscript,
    AceSummary,
    Score,
    AceBullets,
    AceLink,
    Journey,
}

pub(crate) const SECTION_COUNT: usize = 19;

/// How a section is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The agent note at the top.
    Note,
    /// A one-line `label: value` field.
    Line,
    /// A multi-line block.
    Block,
}

impl Sec {
    pub(crate) const ALL: [Sec; SECTION_COUNT] = [
        Sec::Note,
        Sec::SessionId,
        Sec::UserName,
        Sec::Number,
        Sec::Subject,
        Sec::Contact,
        Sec::DateTime,
        Sec::Duration,
        Sec::Result,
        Sec::Recording,
        Sec::Voicemail,
        Sec::AiNote,
        Sec::Transcript,
        Sec::AceTranscript,
        Sec::AceSummary,
        Sec::Score,
        Sec::AceBullets,
        Sec::AceLink,
        Sec::Journey,
    ];

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    pub(crate) fn kind(self) -> Kind {
        match self {
            Sec::Note => Kind::Note,
            Sec::AiNote
            | Sec::Transcript
            | Sec::AceTranscript
            | Sec::AceSummary
            | Sec::AceBullets
            | Sec::Journey => Kind::Block,
            _ => Kind::Line,
        }
    }

    /// The label in plain text and markdown (HTML differs only for the date and contact).
    pub(crate) fn label(self) -> &'static str {
        match self {
            Sec::Note => "Note",
            Sec::SessionId => "Session Id",
            Sec::UserName => "RingCentral user name",
            Sec::Number => "RingCentral number and extension",
            Sec::Subject => "Summary",
            Sec::Contact => "Contact Number",
            Sec::DateTime => "Date/Time",
            Sec::Duration => "Duration",
            Sec::Result => "Result",
            Sec::Recording => "Call recording link",
            Sec::Voicemail => "Voicemail recording link",
            Sec::AiNote => "AI Note",
            Sec::Transcript => "Transcript",
            Sec::AceTranscript => "ACE transcript",
            Sec::AceSummary => "ACE summary",
            Sec::Score => "Call score",
            Sec::AceBullets => "ACE bulleted summary",
            Sec::AceLink => "ACE recording link",
            Sec::Journey => "Call journey",
        }
    }

    /// The section a `label` (ASCII case-insensitive) names in plain text and markdown.
    pub(crate) fn from_label(label: &[u8]) -> Option<Sec> {
        Sec::ALL[1..]
            .iter()
            .copied()
            .find(|s| s.label().as_bytes().eq_ignore_ascii_case(label))
    }

    /// The section an HTML `<b>label</b>` names (ASCII case-insensitive).
    pub(crate) fn from_html_label(label: &[u8]) -> Option<Sec> {
        if label.eq_ignore_ascii_case(b"Caller phone number")
            || label.eq_ignore_ascii_case(b"Recipient phone number")
        {
            return Some(Sec::Contact);
        }
        if label.eq_ignore_ascii_case(b"Contact Number") {
            return None;
        }
        Sec::from_label(label)
    }
}

/// How a value is escaped when written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Esc {
    /// Written as it is.
    None,
    /// HTML text (`&`, `<`, `>`).
    Text,
    /// HTML text with line breaks as `<br>`.
    Multiline,
}

/// What one step writes. The replacement (over a found section) is `head + value + tail`; the
/// insert (when the section is absent) is `ins_head + value + ins_tail`. The value is borrowed
/// from the input where possible, so a multi-megabyte transcript is never copied to plan.
#[derive(Debug, Clone)]
pub(crate) struct Update<'a> {
    head: &'static str,
    value: Cow<'a, str>,
    /// How `value` is escaped when written (HTML text and blocks are escaped on the fly).
    esc: Esc,
    /// The written length of `value`.
    value_len: usize,
    tail: &'static str,
    ins_head: &'static str,
    ins_tail: &'static str,
    /// The RingCentral user name: only a "(pending...)" value is overwritten.
    pub(crate) pending_only: bool,
}

impl Update<'_> {
    /// The length of the replacement text.
    pub(crate) fn repl_len(&self) -> usize {
        self.head.len() + self.value_len + self.tail.len()
    }

    /// The length of the insert text.
    pub(crate) fn insert_len(&self) -> usize {
        self.ins_head.len() + self.value_len + self.ins_tail.len()
    }

    /// If `b[at..]` starts with the replacement text, where it ends.
    pub(crate) fn matches_at(&self, b: &[u8], at: usize) -> Option<usize> {
        if !b.get(at..)?.starts_with(self.head.as_bytes()) {
            return None;
        }
        let mut k = at + self.head.len();
        k = match self.esc {
            Esc::None => {
                if !b.get(k..)?.starts_with(self.value.as_bytes()) {
                    return None;
                }
                k + self.value.len()
            }
            Esc::Text => escaped_matches(b, k, &self.value, false)?,
            Esc::Multiline => escaped_matches(b, k, &self.value, true)?,
        };
        b.get(k..)?
            .starts_with(self.tail.as_bytes())
            .then_some(k + self.tail.len())
    }

    fn write_value(&self, out: &mut String) {
        match self.esc {
            Esc::None => out.push_str(&self.value),
            Esc::Text => push_escaped(out, &self.value, false),
            Esc::Multiline => push_escaped(out, &self.value, true),
        }
    }

    /// Whether the replacement text ends with a line break.
    pub(crate) fn repl_ends_with_newline(&self) -> bool {
        let value = if self.esc == Esc::Multiline {
            ""
        } else {
            self.value.as_ref()
        };
        [self.tail, value, self.head]
            .into_iter()
            .find(|p| !p.is_empty())
            .is_some_and(|p| p.ends_with('\n'))
    }

    /// Whether the insert text starts with a line break.
    pub(crate) fn insert_starts_with_newline(&self) -> bool {
        let value = if self.esc == Esc::Multiline {
            ""
        } else {
            self.value.as_ref()
        };
        [self.ins_head, value, self.ins_tail]
            .into_iter()
            .find(|p| !p.is_empty())
            .is_some_and(|p| p.starts_with('\n'))
    }

    pub(crate) fn write_repl(&self, out: &mut String) {
        out.push_str(self.head);
        self.write_value(out);
        out.push_str(self.tail);
    }

    pub(crate) fn write_insert(&self, out: &mut String) {
        out.push_str(self.ins_head);
        self.write_value(out);
        out.push_str(self.ins_tail);
    }
}

/// The steps to run, indexed by [`Sec::index`].
pub(crate) type Plan<'a> = [Option<Update<'a>>; SECTION_COUNT];

fn non_empty(v: Option<&str>) -> Option<&str> {
    v.filter(|s| !s.is_empty())
}

fn trim_trailing_lf(s: &str) -> &str {
    s.trim_end_matches('\n')
}

fn party_info(p: Option<&CallParty>) -> String {
    let Some(p) = p else {
        return String::new();
    };
    let phone = non_empty(p.phone_number.as_deref());
    let ext = non_empty(p.extension_number.as_deref());
    let number = match (phone, ext) {
        (Some(ph), Some(e)) => format!("{ph}, ext {e}"),
        (Some(ph), None) => ph.to_owned(),
        (None, Some(e)) => format!("ext {e}"),
        (None, None) => return String::new(),
    };
    match non_empty(p.name.as_deref()) {
        Some(n) => format!("{n}, {number}"),
        None => number,
    }
}

fn journey_text(legs: &[CallLeg]) -> String {
    let mut lines = Vec::with_capacity(legs.len());
    for (i, leg) in legs.iter().enumerate() {
        let outbound = leg.direction == Some(CallDirection::Outbound);
        if i == 0 {
            if outbound {
                lines.push(format!("Made call from {}", party_info(leg.from.as_ref())));
            } else {
                lines.push(format!("Received call at {}", party_info(leg.to.as_ref())));
            }
            continue;
        }
        let party = if outbound && leg.leg_type.as_deref() != Some("PstnToSip") {
            leg.from.as_ref()
        } else {
            leg.to.as_ref()
        };
        let mut line = format!("Transferred to {}", party_info(party));
        if let Some(d) = &leg.duration {
            // Core prints the value as JavaScript does and compares it with 1.
            let (text, n): (Cow<'_, str>, f64) = match d {
                CallDuration::Seconds(s) => (s.to_string().into(), *s as f64),
                CallDuration::Pending => ("pending".into(), f64::NAN),
                CallDuration::Text(t) => (t.as_str().into(), js_number(t).unwrap_or(f64::NAN)),
            };
            let unit = if n > 1.0 { "seconds" } else { "second" };
            line.push_str(&format!(", duration: {text} {unit}"));
        }
        lines.push(line);
    }
    lines.join("\n")
}

fn html_anchor(link: &str) -> String {
    let mut s = String::with_capacity(link.len() + 40);
    s.push_str("<a target=\"_blank\" href=\"");
    push_html_attribute(&mut s, link);
    s.push_str("\">open</a>");
    s
}

/// Builds the plan: one [`Update`] per section that has a value and whose setting is on.
pub(crate) fn plan<'a>(
    format: &LogFormat,
    input: &'a ComposeInput<'a>,
    settings: &ComposeSettings,
    offset: Option<OffsetMinutes>,
) -> Plan<'a> {
    let mut plan: Plan<'_> = Default::default();
    let html = matches!(format, LogFormat::Html);
    let inbound = input.direction == Some(CallDirection::Inbound);
    let agent = if inbound { input.to } else { input.from };
    let mut put = |sec: Sec, value: Option<Cow<'a, str>>, on: bool| {
        if !on {
            return;
        }
        if let Some(v) = value {
            plan[sec.index()] = Some(render(format, sec, v, input));
        }
    };
    let s = settings;
    put(
        Sec::Note,
        non_empty(input.note).map(Cow::Borrowed),
        s.add_call_log_note,
    );
    put(
        Sec::SessionId,
        non_empty(input.session_id).map(Cow::Borrowed),
        s.add_call_session_id,
    );
    put(
        Sec::UserName,
        agent
            .and_then(|p| non_empty(p.name.as_deref()))
            .map(Cow::Borrowed),
        s.add_ring_central_user_name,
    );
    put(
        Sec::Number,
        agent.and_then(|p| {
            let phone = non_empty(p.phone_number.as_deref())?;
            let ext = p.extension_number.as_deref().unwrap_or("");
            Some(Cow::Owned(format!("{phone} {ext}")))
        }),
        s.add_ring_central_number,
    );
    put(
        Sec::Subject,
        non_empty(input.subject).map(Cow::Borrowed),
        s.add_call_log_subject,
    );
    put(
        Sec::Contact,
        non_empty(input.contact_phone_number).map(Cow::Borrowed),
        s.add_call_log_contact_number,
    );
    put(
        Sec::DateTime,
        input
            .start_time
            .map(|t| Cow::Owned(format_moment(&s.log_date_format, t, offset))),
        s.add_call_log_date_time,
    );
    put(
        Sec::Duration,
        input.duration.map(|d| Cow::Owned(format_duration(d))),
        s.add_call_log_duration,
    );
    put(
        Sec::Result,
        non_empty(input.result).map(Cow::Borrowed),
        s.add_call_log_result,
    );
    put(
        Sec::Recording,
        non_empty(input.recording_link).map(Cow::Borrowed),
        s.add_call_log_recording,
    );
    put(
        Sec::Voicemail,
        non_empty(input.voicemail_link).map(Cow::Borrowed),
        s.add_call_log_recording,
    );
    put(
        Sec::AiNote,
        non_empty(input.ai_note).map(|v| Cow::Borrowed(trim_trailing_lf(v))),
        s.add_call_log_ai_note,
    );
    put(
        Sec::Transcript,
        non_empty(input.transcript).map(Cow::Borrowed),
        s.add_call_log_transcript,
    );
    put(
        Sec::AceTranscript,
        non_empty(input.ring_sense_transcript).map(|v| Cow::Borrowed(trim_trailing_lf(v))),
        s.add_call_log_ring_sense_recording_transcript,
    );
    let trim_html = |v: &'a str| -> Cow<'a, str> {
        if html {
            Cow::Borrowed(trim_trailing_lf(v))
        } else {
            Cow::Borrowed(v)
        }
    };
    put(
        Sec::AceSummary,
        non_empty(input.ring_sense_summary).map(trim_html),
        s.add_call_log_ring_sense_recording_summary,
    );
    put(
        Sec::Score,
        non_empty(input.ring_sense_ai_score.as_deref()).map(Cow::Borrowed),
        s.add_call_log_ring_sense_recording_ai_score,
    );
    put(
        Sec::AceBullets,
        non_empty(input.ring_sense_bulleted_summary).map(trim_html),
        s.add_call_log_ring_sense_recording_bulleted_summary,
    );
    put(
        Sec::AceLink,
        non_empty(input.ring_sense_link).map(Cow::Borrowed),
        s.add_call_log_ring_sense_recording_link,
    );
    put(
        Sec::Journey,
        (!input.legs.is_empty()).then(|| Cow::Owned(journey_text(input.legs))),
        s.add_call_log_legs,
    );
    plan
}

macro_rules! line_heads {
    ($label:literal) => {
        (
            concat!("- ", $label, ": "),
            concat!("**", $label, "**: "),
            concat!("<li><b>", $label, "</b>: "),
        )
    };
}

/// The heads of a one-line field: (plain, markdown, HTML).
fn line_heads(sec: Sec, outbound: bool) -> (&'static str, &'static str, &'static str) {
    match sec {
        Sec::SessionId => line_heads!("Session Id"),
        Sec::UserName => line_heads!("RingCentral user name"),
        Sec::Number => line_heads!("RingCentral number and extension"),
        Sec::Subject => line_heads!("Summary"),
        Sec::Contact => {
            let (p, m, _) = line_heads!("Contact Number");
            let h = if outbound {
                "<li><b>Recipient phone number</b>: "
            } else {
                "<li><b>Caller phone number</b>: "
            };
            (p, m, h)
        }
        Sec::DateTime => {
            let (p, m, _) = line_heads!("Date/Time");
            (p, m, "<li><b>Date/time</b>: ")
        }
        Sec::Duration => line_heads!("Duration"),
        Sec::Result => line_heads!("Result"),
        Sec::Recording => line_heads!("Call recording link"),
        Sec::Voicemail => line_heads!("Voicemail recording link"),
        Sec::Score => line_heads!("Call score"),
        Sec::AceLink => line_heads!("ACE recording link"),
        _ => ("", "", ""),
    }
}

macro_rules! block_heads {
    ($label:literal) => {
        (
            concat!("- ", $label, ":\n"),
            concat!("\n- ", $label, ":\n"),
            concat!("### ", $label, "\n"),
            concat!("<div><b>", $label, "</b><br>"),
        )
    };
}

/// The heads of a block: (plain, plain insert, markdown, HTML).
fn block_heads(sec: Sec) -> (&'static str, &'static str, &'static str, &'static str) {
    match sec {
        Sec::AiNote => block_heads!("AI Note"),
        Sec::Transcript => block_heads!("Transcript"),
        Sec::AceTranscript => block_heads!("ACE transcript"),
        Sec::AceSummary => block_heads!("ACE summary"),
        Sec::AceBullets => block_heads!("ACE bulleted summary"),
        Sec::Journey => block_heads!("Call journey"),
        _ => ("", "", "", ""),
    }
}

/// A one-line field stays on one line: each line break becomes a space (plain and markdown).
fn one_line(v: &str) -> std::borrow::Cow<'_, str> {
    if !v.contains(['\r', '\n', '\u{2028}', '\u{2029}']) {
        return v.into();
    }
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(' ');
            }
            '\n' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c => out.push(c),
        }
    }
    out.into()
}

/// The replacement and insert text of one section in one format.
fn render<'a>(
    format: &LogFormat,
    sec: Sec,
    v: Cow<'a, str>,
    input: &ComposeInput<'_>,
) -> Update<'a> {
    let v = if sec.kind() == Kind::Line && !matches!(format, LogFormat::Html) {
        match one_line(&v) {
            Cow::Borrowed(_) => v,
            Cow::Owned(o) => Cow::Owned(o),
        }
    } else {
        v
    };
    let part_esc = |head: &'static str,
                    value: Cow<'a, str>,
                    esc: Esc,
                    tail: &'static str,
                    ins_head: &'static str,
                    ins_tail: &'static str| {
        let value_len = match esc {
            Esc::None => value.len(),
            Esc::Text => escaped_len(&value, false),
            Esc::Multiline => escaped_len(&value, true),
        };
        Update {
            head,
            value,
            esc,
            value_len,
            tail,
            ins_head,
            ins_tail,
            pending_only: sec == Sec::UserName,
        }
    };
    let part = |head, value, tail, ins_head, ins_tail| {
        part_esc(head, value, Esc::None, tail, ins_head, ins_tail)
    };
    let outbound = input.direction == Some(CallDirection::Outbound);
    let (lp, lm, lh) = line_heads(sec, outbound);
    let (bp, bpi, bm, bh) = block_heads(sec);
    match format {
        LogFormat::Html => match sec.kind() {
            Kind::Note => {
                let head = "<b>Agent notes</b><br>";
                let tail = "<br><br><b>Call details</b>";
                part_esc(
                    head,
                    v,
                    Esc::Text,
                    tail,
                    head,
                    "<br><br><b>Call details</b><br>",
                )
            }
            Kind::Line => match sec {
                Sec::Recording | Sec::Voicemail if !v.starts_with("http") => {
                    part(lh, Cow::Borrowed("(pending...)"), "</li>", lh, "</li>")
                }
                Sec::Recording | Sec::Voicemail | Sec::AceLink if v.starts_with("http") => {
                    part(lh, Cow::Owned(html_anchor(&v)), "</li>", lh, "</li>")
                }
                _ => part_esc(lh, v, Esc::Text, "</li>", lh, "</li>"),
            },
            Kind::Block => {
                let ins_tail = if matches!(sec, Sec::AiNote | Sec::Transcript) {
                    "</div><br>"
                } else {
                    "</div>"
                };
                part_esc(bh, v, Esc::Multiline, "</div>", bh, ins_tail)
            }
        },
        LogFormat::Markdown => match sec.kind() {
            Kind::Note => {
                let head = "## Agent notes\n";
                part(head, v, "\n\n## Call details", head, "\n\n")
            }
            Kind::Line => part(lm, v, "", lm, "\n"),
            Kind::Block => part(bm, v, "", bm, "\n"),
        },
        _ => match sec.kind() {
            Kind::Note => part("- Note: ", v, "", "- Note: ", "\n"),
            Kind::Line => part(lp, v, "", lp, "\n"),
            Kind::Block if sec == Sec::Journey => {
                part(bp, v, "\n--- JOURNEY END", bp, "\n--- JOURNEY END\n")
            }
            Kind::Block => part(bp, v, "\n--- END", bpi, "\n--- END\n"),
        },
    }
}
