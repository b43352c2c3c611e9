//! Property tests of the composer over random notes, subjects, links, settings and bodies in
//! all three formats: idempotence, foreign text kept, HTML escaping, no growth on updates.

use app_connect_sdk::compose::{
    ComposeInput, ComposeSettings, LogFormat, compose_call_log, parse_start_time,
    parse_timezone_offset,
};
use app_connect_sdk::models::{CallDirection, CallDuration, CallLeg, CallParty};
use chrono::{DateTime, Utc};
use proptest::prelude::*;

fn formats() -> impl Strategy<Value = LogFormat> {
    prop_oneof![
        Just(LogFormat::PlainText),
        Just(LogFormat::Html),
        Just(LogFormat::Markdown)
    ]
}

/// Pieces that stress the scanners: section look-alikes, markers, `$` patterns, HTML, unicode.
const TRICKY: &[&str] = &[
    "- Summary: ",
    "- Note: ",
    "--- END",
    "--- JOURNEY END",
    "## Call details",
    "### AI Note",
    "**Result**: ",
    "<b>Call details</b>",
    "</div>",
    "<li>",
    "$&",
    "$'",
    "$`",
    "$1",
    "$$",
    "<script>",
    "\"",
    "&amp;",
    "- Duration: 1-2",
    "\u{2028}",
    "\r\n",
    "\r",
    "é",
    "😀",
    "# H",
    "<b>Summary</b>: ",
];

fn plain_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9 ,.!?]{1,12}",
        1 => Just("\n".to_owned()),
        1 => Just("-".to_owned()),
        1 => Just(":".to_owned()),
    ]
}

fn tricky_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => plain_piece(),
        1 => proptest::sample::select(TRICKY).prop_map(str::to_owned),
    ]
}

fn text_from(piece: BoxedStrategy<String>) -> impl Strategy<Value = Option<String>> {
    proptest::option::weighted(
        0.7,
        proptest::collection::vec(piece, 1..6).prop_map(|v| v.concat()),
    )
}

fn link() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![
        "https://media\\.example\\.com/[a-z0-9]{1,8}(\\?a=1&b=\"x\")?".prop_map(|s| s),
        Just("pending".to_owned()),
        Just("javascript:alert(1)".to_owned()),
    ])
}

/// Owned call data for the strategies; [`AsInput::view`] lends it to the composer.
#[derive(Debug, Clone, Default)]
struct Call {
    note: Option<String>,
    session_id: Option<String>,
    direction: Option<CallDirection>,
    from: Option<CallParty>,
    to: Option<CallParty>,
    subject: Option<String>,
    contact_phone_number: Option<String>,
    start_time: Option<DateTime<Utc>>,
    duration: Option<CallDuration>,
    result: Option<String>,
    recording_link: Option<String>,
    voicemail_link: Option<String>,
    ai_note: Option<String>,
    transcript: Option<String>,
    ring_sense_transcript: Option<String>,
    ring_sense_summary: Option<String>,
    ring_sense_ai_score: Option<String>,
    ring_sense_bulleted_summary: Option<String>,
    ring_sense_link: Option<String>,
    legs: Vec<CallLeg>,
}

trait AsInput {
    fn view(&self) -> ComposeInput<'_>;
}

impl AsInput for ComposeInput<'_> {
    fn view(&self) -> ComposeInput<'_> {
        self.clone()
    }
}

impl AsInput for Call {
    fn view(&self) -> ComposeInput<'_> {
        let mut i = ComposeInput::new();
        i.note = self.note.as_deref();
        i.session_id = self.session_id.as_deref();
        i.direction = self.direction.clone();
        i.from = self.from.as_ref();
        i.to = self.to.as_ref();
        i.subject = self.subject.as_deref();
        i.contact_phone_number = self.contact_phone_number.as_deref();
        i.start_time = self.start_time;
        i.duration = self.duration.as_ref();
        i.result = self.result.as_deref();
        i.recording_link = self.recording_link.as_deref();
        i.voicemail_link = self.voicemail_link.as_deref();
        i.ai_note = self.ai_note.as_deref();
        i.transcript = self.transcript.as_deref();
        i.ring_sense_transcript = self.ring_sense_transcript.as_deref();
        i.ring_sense_summary = self.ring_sense_summary.as_deref();
        i.ring_sense_ai_score = self.ring_sense_ai_score.as_deref().map(Into::into);
        i.ring_sense_bulleted_summary = self.ring_sense_bulleted_summary.as_deref();
        i.ring_sense_link = self.ring_sense_link.as_deref();
        i.legs = &self.legs;
        i
    }
}

fn leg(from: CallParty, to: CallParty, seconds: u64) -> CallLeg {
    let mut l = CallLeg::default();
    l.direction = Some(CallDirection::Inbound);
    l.from = Some(from);
    l.to = Some(to);
    l.duration = Some(CallDuration::Seconds(seconds));
    l
}

fn party() -> impl Strategy<Value = CallParty> {
    (
        proptest::option::of("\\+1[0-9]{10}"),
        proptest::option::of("[0-9]{3}"),
        proptest::option::of("[A-Z][a-z]{2,6}( [A-Z][a-z]{2,6})?"),
    )
        .prop_map(|(p, e, n)| {
            let mut party = CallParty::default();
            party.phone_number = p;
            party.extension_number = e;
            party.name = n;
            party
        })
}

fn input(tricky: bool) -> impl Strategy<Value = Call> {
    let piece = if tricky {
        tricky_piece().boxed()
    } else {
        plain_piece().boxed()
    };
    let t = move || text_from(piece.clone());
    (
        (t(), t(), t(), t(), t(), t()),
        (link(), link(), link()),
        (
            proptest::option::of(0u32..100_000),
            proptest::option::of(0i64..2_000_000_000_000),
            proptest::option::of(prop_oneof![Just("Inbound"), Just("Outbound")]),
            party(),
            party(),
            proptest::collection::vec((party(), party(), 0u32..300), 0..3),
        ),
        (t(), t(), proptest::option::of("[0-9]{1,3}")),
    )
        .prop_map(
            |(
                (note, subject, result, ai, transcript, summary),
                (rec, vm, rs_link),
                (duration, start, direction, from, to, legs),
                (rs_transcript, bullets, score),
            )| {
                Call {
                    note,
                    subject,
                    result,
                    ai_note: ai,
                    transcript,
                    ring_sense_summary: summary,
                    recording_link: rec,
                    voicemail_link: vm,
                    ring_sense_link: rs_link,
                    duration: duration.map(|d| CallDuration::Seconds(d.into())),
                    start_time: start.and_then(app_connect_sdk::compose::start_time_from_millis),
                    direction: direction.map(CallDirection::parse),
                    contact_phone_number: from.phone_number.clone(),
                    from: Some(from),
                    to: Some(to),
                    session_id: Some("4159227004".to_owned()),
                    ring_sense_transcript: rs_transcript,
                    ring_sense_bulleted_summary: bullets,
                    ring_sense_ai_score: score,
                    legs: legs
                        .into_iter()
                        .map(|(f, t, d)| leg(f, t, d.into()))
                        .collect(),
                }
            },
        )
}

fn settings() -> impl Strategy<Value = ComposeSettings> {
    (
        proptest::collection::vec(any::<bool>(), 18),
        prop_oneof![
            Just("YYYY-MM-DD hh:mm:ss A"),
            Just("LLLL"),
            Just("[On] dddd Do MMMM, HH:mm Z"),
            Just("X")
        ],
    )
        .prop_map(|(b, fmt)| {
            let mut s = ComposeSettings::default();
            let flags = [
                &mut s.add_call_log_note,
                &mut s.add_call_session_id,
                &mut s.add_ring_central_user_name,
                &mut s.add_ring_central_number,
                &mut s.add_call_log_subject,
                &mut s.add_call_log_contact_number,
                &mut s.add_call_log_date_time,
                &mut s.add_call_log_duration,
                &mut s.add_call_log_result,
                &mut s.add_call_log_recording,
                &mut s.add_call_log_ai_note,
                &mut s.add_call_log_transcript,
                &mut s.add_call_log_ring_sense_recording_transcript,
                &mut s.add_call_log_ring_sense_recording_summary,
                &mut s.add_call_log_ring_sense_recording_ai_score,
                &mut s.add_call_log_ring_sense_recording_bulleted_summary,
                &mut s.add_call_log_ring_sense_recording_link,
                &mut s.add_call_log_legs,
            ];
            for (flag, v) in flags.into_iter().zip(b) {
                *flag = v;
            }
            s.log_date_format = fmt.to_owned();
            s
        })
}

/// Whether a value holds text that reads as our own section syntax on a line of its own in
/// plain text or markdown: the documented limit (docs/composer.md, "Known limits") under
/// which an *update* is not guaranteed to be idempotent. The fuzz target uses the same rule.
fn has_section_syntax(i: &Call) -> bool {
    let mut values: Vec<&str> = [
        &i.note,
        &i.session_id,
        &i.subject,
        &i.contact_phone_number,
        &i.result,
        &i.recording_link,
        &i.voicemail_link,
        &i.ai_note,
        &i.transcript,
        &i.ring_sense_transcript,
        &i.ring_sense_summary,
        &i.ring_sense_ai_score,
        &i.ring_sense_bulleted_summary,
        &i.ring_sense_link,
    ]
    .into_iter()
    .flatten()
    .map(String::as_str)
    .collect();
    let parties = i
        .from
        .iter()
        .chain(i.to.iter())
        .chain(i.legs.iter().flat_map(|l| l.from.iter().chain(l.to.iter())));
    for p in parties {
        values.extend(
            [&p.name, &p.phone_number, &p.extension_number]
                .into_iter()
                .flatten()
                .map(String::as_str),
        );
    }
    values.iter().any(|v| {
        ["\n- ", "\n#", "\n**", "--- ", "\r", "\u{2028}", "\u{2029}"]
            .iter()
            .any(|m| v.contains(m))
            || v.starts_with("- ")
            || v.starts_with('#')
            || v.starts_with("**")
    })
}

fn compose(f: &LogFormat, i: &impl AsInput, s: &ComposeSettings, body: &str) -> String {
    compose_call_log(f, &i.view(), s, parse_timezone_offset("-05:00"), body)
}

/// Foreign text the composer must never touch, shaped so it cannot be read as a section.
fn foreign(f: &LogFormat) -> impl Strategy<Value = (String, String)> + use<> {
    let f = f.clone();
    (
        "[a-z]{3,8}( [a-z]{2,8}){0,4}",
        "[a-z]{3,8}( [a-z]{2,8}){0,4}",
    )
        .prop_map(move |(a, b)| match f {
            LogFormat::Html => (format!("<p>Foreign {a}</p>"), format!("<p>Tail {b}</p>")),
            LogFormat::Markdown => (format!("Foreign {a}\n\n"), format!("# Tail\n{b}\n")),
            _ => (format!("Foreign {a}\n"), format!("Tail {b}\n")),
        })
}

fn config() -> ProptestConfig {
    ProptestConfig {
        // Modest by default (CI has 2 cores); `PROPTEST_CASES=5000` for a deeper run.
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(128),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Composing again with the same data over the output returns the output unchanged, for
    /// fresh bodies and for updates of bodies written with other data and settings.
    #[test]
    fn composing_is_idempotent(
        f in formats(),
        first in input(true),
        second in input(true),
        s1 in settings(),
        s2 in settings(),
    ) {
        let fresh = compose(&f, &second, &s2, "");
        prop_assert_eq!(&compose(&f, &second, &s2, &fresh), &fresh);
        // Updates over a body whose values read as our own sections are a documented limit.
        if f == LogFormat::Html || !(has_section_syntax(&first) || has_section_syntax(&second)) {
            let old = compose(&f, &first, &s1, "");
            let updated = compose(&f, &second, &s2, &old);
            prop_assert_eq!(&compose(&f, &second, &s2, &updated), &updated);
        }
    }

    /// Text around the composed sections survives an update byte for byte.
    #[test]
    fn foreign_text_is_kept(
        (f, (prefix, suffix)) in formats().prop_flat_map(|f| (Just(f.clone()), foreign(&f))),
        mut first in input(false),
        second in input(true),
        s2 in settings(),
    ) {
        // A result line keeps the tail away from a plain note (which runs to the next section).
        first.result = Some("Call connected".to_owned());
        let composed = compose(&f, &first, &ComposeSettings::default(), "");
        let body = format!("{prefix}{composed}{suffix}");
        let out = compose(&f, &second, &s2, &body);
        prop_assert!(out.contains(&prefix), "prefix lost: {:?}", out);
        prop_assert!(out.contains(&suffix), "suffix lost: {:?}", out);
        prop_assert_eq!(&compose(&f, &second, &s2, &out), &out);
    }

    /// In HTML every tag in the output is one the composer writes; user text never adds any.
    #[test]
    fn html_values_are_escaped(i in input(true), s in settings(), prior in input(true)) {
        let old = compose(&LogFormat::Html, &prior, &ComposeSettings::default(), "");
        for out in [compose(&LogFormat::Html, &i, &s, ""), compose(&LogFormat::Html, &i, &s, &old)] {
            let mut rest = out.as_str();
            while let Some(p) = rest.find('<') {
                rest = &rest[p..];
                let ok = ["<b>", "</b>", "<br>", "<li>", "</li>", "<div>", "</div>", "</a>"]
                    .iter()
                    .any(|t| rest.starts_with(t));
                let anchor = rest.starts_with("<a target=\"_blank\" href=\"") && {
                    let after = &rest[25..];
                    after.find('"').is_some_and(|q| after[q..].starts_with("\">open</a>"))
                };
                prop_assert!(ok || anchor, "unexpected markup at {:?} in {:?}", &rest[..rest.len().min(30)], out);
                rest = &rest[1..];
            }
        }
    }

    /// Running the same series of updates twice gives the same body: nothing accumulates.
    #[test]
    fn repeated_updates_do_not_grow(
        f in formats(),
        steps in proptest::collection::vec((input(false), settings()), 1..4),
    ) {
        let run = |start: &str| {
            steps
                .iter()
                .fold(start.to_owned(), |body, (i, s)| compose(&f, i, s, &body))
        };
        let once = run("");
        let twice = run(&once);
        prop_assert_eq!(&run(&twice), &twice);
        prop_assert_eq!(&twice, &once);
    }
}

/// `$` patterns are inserted literally, also when a section is rewritten.
#[test]
fn dollar_patterns_are_literal() {
    for f in [LogFormat::PlainText, LogFormat::Html, LogFormat::Markdown] {
        let s = ComposeSettings::default();
        let first = ComposeInput::new().note("old").subject("S").result("R");
        let body = compose(&f, &first, &s, "");
        let second = ComposeInput::new()
            .note("pay $& $` $' $1 $$ now")
            .result("$&");
        let out = compose(&f, &second, &s, &body);
        assert!(
            out.contains("pay $&amp; $` $' $1 $$ now") || out.contains("pay $& $` $' $1 $$ now")
        );
        assert_eq!(out.matches("S").count(), body.matches("S").count(), "{out}");
        assert_eq!(compose(&f, &second, &s, &out), out);
    }
}

/// Hyphenated values are found again (core appends a second plain `- Result:` line).
#[test]
fn hyphenated_values_are_replaced_in_place() {
    let s = ComposeSettings::default();
    let f = LogFormat::PlainText;
    let mut body = String::new();
    for r in [
        "Answered - Transferred",
        "Call connected",
        "Answered - Transferred",
    ] {
        body = compose(
            &f,
            &ComposeInput::new()
                .result(r)
                .contact_phone_number("+1-415-555-0111"),
            &s,
            &body,
        );
    }
    assert_eq!(body, "- Result: Answered - Transferred\n");
    let mut on = ComposeSettings::default();
    on.add_call_log_contact_number = true;
    let twice = (0..3).fold(String::new(), |b, _| {
        compose(
            &f,
            &ComposeInput::new().contact_phone_number("+1-415-555-0111"),
            &on,
            &b,
        )
    });
    assert_eq!(twice, "- Contact Number: +1-415-555-0111\n");
}

/// The RingCentral number is written with the agent's own extension.
#[test]
fn ringcentral_extension_is_the_agents_own() {
    let mut s = ComposeSettings::default();
    s.add_ring_central_number = true;
    let mut agent = CallParty::with_number("+16505550100");
    agent.extension_number = Some("101".to_owned());
    let mut customer = CallParty::with_number("+14155550199");
    customer.extension_number = Some("202".to_owned());
    let inbound = ComposeInput::new()
        .direction(CallDirection::Inbound)
        .from(&customer)
        .to(&agent);
    let outbound = ComposeInput::new()
        .direction(CallDirection::Outbound)
        .from(&agent)
        .to(&customer);
    for i in [inbound, outbound] {
        assert_eq!(
            compose(&LogFormat::PlainText, &i, &s, ""),
            "- RingCentral number and extension: +16505550100 101\n"
        );
    }
}

/// Markdown fields after a `###` block are not swallowed when the block is rewritten.
#[test]
fn markdown_blocks_stop_at_the_next_section() {
    let f = LogFormat::Markdown;
    let s = ComposeSettings::default();
    let first = ComposeInput::new()
        .ring_sense_summary("Summary one\n")
        .ring_sense_ai_score("87")
        .ring_sense_bulleted_summary("- a\n- b\n")
        .ring_sense_link("https://rs.example.com/1");
    let body = compose(&f, &first, &s, "");
    let second = ComposeInput::new()
        .ring_sense_summary("Summary two")
        .ring_sense_bulleted_summary("- c")
        .recording_link("https://rec.example.com/2");
    let out = compose(&f, &second, &s, &body);
    assert_eq!(
        out,
        "### ACE summary\nSummary two\n**Call score**: 87\n### ACE bulleted summary\n- c\n\
         **ACE recording link**: https://rs.example.com/1\n**Call recording link**: https://rec.example.com/2\n"
    );
    let third = compose(&f, &ComposeInput::new().transcript("T"), &s, &out);
    assert!(
        third.contains("**Call recording link**: https://rec.example.com/2\n### Transcript\nT\n")
    );
    let start = parse_start_time("2024-01-15T10:30:00Z");
    assert!(start.is_some());
}
