//! Fuzzes the call-log composer with arbitrary existing bodies and field values.
//!
//! Checks that composing never panics, and that composing again with the same data over the
//! output changes nothing: always in HTML (values are escaped), and in plain text and markdown
//! whenever no value carries section syntax on a line of its own (a documented limitation).
#![no_main]

use app_connect_sdk::compose::{
    ComposeInput, ComposeSettings, LogFormat, compose_call_log, jsonl, parse_start_time,
    parse_timezone_offset,
};
use app_connect_sdk::models::{CallDirection, CallDuration, CallLeg, CallParty};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

/// Section look-alikes, so the fuzzer reaches the scanners' interesting paths quickly.
const DICT: &[&str] = &[
    "- Note: ", "- Summary: ", "- Date/Time: ", "- Result: ", "- AI Note:\n", "--- END", "\n",
    "- Call journey:\n", "--- JOURNEY END", "## Agent notes\n", "## Call details", "### AI Note\n",
    "### Transcript\n", "**Summary**: ", "**Call score**: ", "<b>Agent notes</b><br>", "<b>Call details</b>",
    "<li><b>Summary</b>: ", "</li>", "<div><b>AI Note</b><br>", "</div>", "</ul>", "<a href=\"x\">open</a>",
    "(pending...)", "$&", "\r\n", "\u{2028}", "é", "<", "&", "- RingCentral user name: ",
];

fn text(u: &mut Unstructured<'_>) -> Result<String> {
    let mut s = String::new();
    for _ in 0..u.int_in_range(0..=6)? {
        if u.arbitrary()? {
            s.push_str(u.choose(DICT)?);
        } else {
            s.push_str(u.arbitrary::<&str>()?);
        }
    }
    Ok(s)
}

fn opt(u: &mut Unstructured<'_>) -> Result<Option<String>> {
    Ok(if u.arbitrary()? { Some(text(u)?) } else { None })
}

fn party(u: &mut Unstructured<'_>) -> Result<CallParty> {
    let mut p = CallParty::default();
    p.phone_number = opt(u)?;
    p.extension_number = opt(u)?;
    p.name = opt(u)?;
    Ok(p)
}

/// Whether a value holds text that reads as our own section syntax in plain text or markdown.
fn has_section_syntax(i: &ComposeInput<'_>) -> bool {
    let mut values: Vec<&str> = [
        &i.note, &i.session_id, &i.subject, &i.contact_phone_number, &i.result, &i.recording_link,
        &i.voicemail_link, &i.ai_note, &i.transcript, &i.ring_sense_transcript,
        &i.ring_sense_summary, &i.ring_sense_bulleted_summary, &i.ring_sense_link,
    ]
    .into_iter()
    .flatten()
    .copied()
    .collect();
    values.extend(i.ring_sense_ai_score.as_deref());
    for p in i.from.into_iter().chain(i.to).chain(i.legs.iter().flat_map(|l| l.from.iter().chain(l.to.iter()))) {
        values.extend([&p.name, &p.phone_number, &p.extension_number].into_iter().flatten().map(String::as_str));
    }
    values.iter().any(|v| {
        ["\n- ", "\n#", "\n**", "--- ", "\r", "\u{2028}", "\u{2029}"].iter().any(|m| v.contains(m))
            || v.starts_with("- ")
            || v.starts_with('#')
            || v.starts_with("**")
    })
}

fn run(u: &mut Unstructured<'_>) -> Result<()> {
    let format = match u.int_in_range(0..=3)? {
        0 => LogFormat::PlainText,
        1 => LogFormat::Html,
        2 => LogFormat::Markdown,
        _ => LogFormat::Other("custom".into()),
    };
    // The owned values the input borrows.
    let texts: Vec<Option<String>> = (0..17).map(|_| opt(u)).collect::<Result<_>>()?;
    let direction = if u.arbitrary()? { CallDirection::Inbound } else { CallDirection::parse(&text(u)?) };
    let (from, to) = (party(u)?, party(u)?);
    let start = parse_start_time(&text(u)?).or_else(|| parse_start_time("2024-01-15T10:30:00Z"));
    let duration = if u.arbitrary()? { CallDuration::Seconds(u.arbitrary()?) } else { CallDuration::Text(text(u)?) };
    let mut legs = Vec::new();
    for _ in 0..u.int_in_range(0..=2)? {
        let mut leg = CallLeg::default();
        leg.direction = Some(if u.arbitrary()? { CallDirection::Inbound } else { CallDirection::Outbound });
        leg.from = Some(party(u)?);
        leg.to = Some(party(u)?);
        leg.duration = if u.arbitrary()? { Some(CallDuration::Seconds(u.arbitrary()?)) } else { None };
        legs.push(leg);
    }
    let t = |k: usize| texts[k].as_deref();
    let mut i = ComposeInput::new();
    i.note = t(0);
    i.session_id = t(1);
    i.direction = Some(direction);
    i.from = Some(&from);
    i.to = Some(&to);
    i.subject = t(2);
    i.contact_phone_number = t(3);
    i.start_time = start;
    i.duration = Some(&duration);
    i.result = t(4);
    i.recording_link = t(5);
    i.voicemail_link = t(6);
    i.ai_note = t(7);
    i.transcript = t(8);
    i.ring_sense_transcript = t(9);
    i.ring_sense_summary = t(10);
    i.ring_sense_ai_score = t(11).map(Into::into);
    i.ring_sense_bulleted_summary = t(12);
    i.ring_sense_link = t(13);
    i.legs = &legs;
    let mut s = ComposeSettings::default();
    s.add_call_session_id = u.arbitrary()?;
    s.add_ring_central_user_name = u.arbitrary()?;
    s.add_ring_central_number = u.arbitrary()?;
    s.add_call_log_contact_number = u.arbitrary()?;
    s.add_call_log_note = u.arbitrary()?;
    s.log_date_format = text(u)?;
    let tz = parse_timezone_offset(&text(u)?);
    let existing = text(u)?;

    let out = compose_call_log(&format, &i, &s, tz, &existing);
    let again = compose_call_log(&format, &i, &s, tz, &out);
    if format == LogFormat::Html || !has_section_syntax(&i) {
        assert_eq!(again, out, "not idempotent; existing body {existing:?}");
    }

    // The JSON front end never panics either.
    let _ = jsonl::compose_line(&existing);
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
