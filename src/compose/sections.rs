//! The sections of a call-log body, in App Connect's fixed order, and their rendered text.

use super::datetime::{OffsetMinutes, format_moment};
use super::duration::{format_duration, js_number_to_string};
use super::escape::{push_html_attribute, push_html_multiline, push_html_text};
use super::format::LogFormat;
use super::input::{CallLeg, ComposeInput, Party};
use super::settings::ComposeSettings;

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

/// What one step writes: the text over a found section, and the text when it is absent.
#[derive(Debug, Clone)]
pub(crate) struct Update {
    /// Replaces the section's span when the section is found.
    pub(crate) repl: String,
    /// Added (appended; the note is prepended) when the section is absent.
    pub(crate) insert: String,
    /// The RingCentral user name: only a "(pending...)" value is overwritten.
    pub(crate) pending_only: bool,
}

/// The steps to run, indexed by [`Sec::index`].
pub(crate) type Plan = [Option<Update>; SECTION_COUNT];

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.is_empty())
}

fn trim_trailing_lf(s: &str) -> &str {
    s.trim_end_matches('\n')
}

fn party_info(p: Option<&Party>) -> String {
    let Some(p) = p else {
        return String::new();
    };
    let phone = non_empty(&p.phone_number);
    let ext = non_empty(&p.extension_number);
    let number = match (phone, ext) {
        (Some(ph), Some(e)) => format!("{ph}, ext {e}"),
        (Some(ph), None) => ph.to_owned(),
        (None, Some(e)) => format!("ext {e}"),
        (None, None) => return String::new(),
    };
    match non_empty(&p.name) {
        Some(n) => format!("{n}, {number}"),
        None => number,
    }
}

fn journey_text(legs: &[CallLeg]) -> String {
    let mut lines = Vec::with_capacity(legs.len());
    for (i, leg) in legs.iter().enumerate() {
        let outbound = leg.direction.as_deref() == Some("Outbound");
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
        if let Some(d) = leg.duration {
            let unit = if d > 1.0 { "seconds" } else { "second" };
            line.push_str(&format!(", duration: {} {unit}", js_number_to_string(d)));
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
pub(crate) fn plan(
    format: &LogFormat,
    input: &ComposeInput,
    settings: &ComposeSettings,
    offset: Option<OffsetMinutes>,
) -> Plan {
    let mut plan: Plan = Default::default();
    let html = matches!(format, LogFormat::Html);
    let inbound = input.direction.as_deref() == Some("Inbound");
    let agent = if inbound {
        input.to.as_ref()
    } else {
        input.from.as_ref()
    };
    let mut put = |sec: Sec, value: Option<String>, on: bool| {
        if !on {
            return;
        }
        if let Some(v) = value {
            plan[sec.index()] = Some(render(format, sec, &v, input));
        }
    };
    let s = settings;
    put(
        Sec::Note,
        non_empty(&input.note).map(str::to_owned),
        s.add_call_log_note,
    );
    put(
        Sec::SessionId,
        non_empty(&input.session_id).map(str::to_owned),
        s.add_call_session_id,
    );
    put(
        Sec::UserName,
        agent.and_then(|p| non_empty(&p.name)).map(str::to_owned),
        s.add_ring_central_user_name,
    );
    put(
        Sec::Number,
        agent.and_then(|p| {
            let phone = non_empty(&p.phone_number)?;
            let ext = p.extension_number.as_deref().unwrap_or("");
            Some(format!("{phone} {ext}"))
        }),
        s.add_ring_central_number,
    );
    put(
        Sec::Subject,
        non_empty(&input.subject).map(str::to_owned),
        s.add_call_log_subject,
    );
    put(
        Sec::Contact,
        non_empty(&input.contact_phone_number).map(str::to_owned),
        s.add_call_log_contact_number,
    );
    put(
        Sec::DateTime,
        input
            .start_time
            .map(|t| format_moment(&s.log_date_format, t, offset)),
        s.add_call_log_date_time,
    );
    put(
        Sec::Duration,
        input.duration.as_ref().map(format_duration),
        s.add_call_log_duration,
    );
    put(
        Sec::Result,
        non_empty(&input.result).map(str::to_owned),
        s.add_call_log_result,
    );
    put(
        Sec::Recording,
        non_empty(&input.recording_link).map(str::to_owned),
        s.add_call_log_recording,
    );
    put(
        Sec::Voicemail,
        non_empty(&input.voicemail_link).map(str::to_owned),
        s.add_call_log_recording,
    );
    put(
        Sec::AiNote,
        non_empty(&input.ai_note).map(|v| trim_trailing_lf(v).to_owned()),
        s.add_call_log_ai_note,
    );
    put(
        Sec::Transcript,
        non_empty(&input.transcript).map(str::to_owned),
        s.add_call_log_transcript,
    );
    put(
        Sec::AceTranscript,
        non_empty(&input.ring_sense_transcript).map(|v| trim_trailing_lf(v).to_owned()),
        s.add_call_log_ring_sense_recording_transcript,
    );
    let trim_html = |v: &str| {
        if html {
            trim_trailing_lf(v).to_owned()
        } else {
            v.to_owned()
        }
    };
    put(
        Sec::AceSummary,
        non_empty(&input.ring_sense_summary).map(trim_html),
        s.add_call_log_ring_sense_recording_summary,
    );
    put(
        Sec::Score,
        non_empty(&input.ring_sense_ai_score).map(str::to_owned),
        s.add_call_log_ring_sense_recording_ai_score,
    );
    put(
        Sec::AceBullets,
        non_empty(&input.ring_sense_bulleted_summary).map(trim_html),
        s.add_call_log_ring_sense_recording_bulleted_summary,
    );
    put(
        Sec::AceLink,
        non_empty(&input.ring_sense_link).map(str::to_owned),
        s.add_call_log_ring_sense_recording_link,
    );
    put(
        Sec::Journey,
        (!input.legs.is_empty()).then(|| journey_text(&input.legs)),
        s.add_call_log_legs,
    );
    plan
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
fn render(format: &LogFormat, sec: Sec, v: &str, input: &ComposeInput) -> Update {
    let label = sec.label();
    let single;
    let v = if sec.kind() == Kind::Line && !matches!(format, LogFormat::Html) {
        single = one_line(v);
        single.as_ref()
    } else {
        v
    };
    let (repl, insert) = match format {
        LogFormat::Html => {
            let mut r = String::with_capacity(v.len() + 48);
            match sec.kind() {
                Kind::Note => {
                    r.push_str("<b>Agent notes</b><br>");
                    push_html_text(&mut r, v);
                    r.push_str("<br><br><b>Call details</b>");
                    let i = format!("{r}<br>");
                    (r, i)
                }
                Kind::Line => {
                    let html_label = match sec {
                        Sec::DateTime => "Date/time",
                        Sec::Contact if input.direction.as_deref() == Some("Outbound") => {
                            "Recipient phone number"
                        }
                        Sec::Contact => "Caller phone number",
                        _ => label,
                    };
                    r.push_str("<li><b>");
                    r.push_str(html_label);
                    r.push_str("</b>: ");
                    match sec {
                        Sec::Recording | Sec::Voicemail if !v.starts_with("http") => {
                            r.push_str("(pending...)")
                        }
                        Sec::Recording | Sec::Voicemail | Sec::AceLink if v.starts_with("http") => {
                            r.push_str(&html_anchor(v))
                        }
                        _ => push_html_text(&mut r, v),
                    }
                    r.push_str("</li>");
                    let i = r.clone();
                    (r, i)
                }
                Kind::Block => {
                    r.push_str("<div><b>");
                    r.push_str(label);
                    r.push_str("</b><br>");
                    push_html_multiline(&mut r, v);
                    r.push_str("</div>");
                    let i = if matches!(sec, Sec::AiNote | Sec::Transcript) {
                        format!("{r}<br>")
                    } else {
                        r.clone()
                    };
                    (r, i)
                }
            }
        }
        LogFormat::Markdown => match sec.kind() {
            Kind::Note => {
                let r = format!("## Agent notes\n{v}\n\n## Call details");
                let i = format!("## Agent notes\n{v}\n\n");
                (r, i)
            }
            Kind::Line => {
                let r = format!("**{label}**: {v}");
                let i = format!("{r}\n");
                (r, i)
            }
            Kind::Block => {
                let r = format!("### {label}\n{v}");
                let i = format!("{r}\n");
                (r, i)
            }
        },
        _ => match sec.kind() {
            Kind::Note => {
                let r = format!("- Note: {v}");
                let i = format!("{r}\n");
                (r, i)
            }
            Kind::Line => {
                let r = format!("- {label}: {v}");
                let i = format!("{r}\n");
                (r, i)
            }
            Kind::Block => {
                let marker = if sec == Sec::Journey {
                    "--- JOURNEY END"
                } else {
                    "--- END"
                };
                let r = format!("- {label}:\n{v}\n{marker}");
                let i = if sec == Sec::Journey {
                    format!("{r}\n")
                } else {
                    format!("\n{r}\n")
                };
                (r, i)
            }
        },
    };
    Update {
        repl,
        insert,
        pending_only: sec == Sec::UserName,
    }
}
