//! Composer benchmarks: a fresh full call in each format, the public compatibility vectors from
//! JSON text to body, and updates of plain bodies of 1, 2, 4 and 16 MiB (~10,000 lines per MiB)
//! with only a new recording link and with the whole call again (both must stay linear).

use std::hint::black_box;

use app_connect_sdk::compose::jsonl::ComposeRequest;
use app_connect_sdk::compose::{
    ComposeInput, ComposeSettings, LogFormat, compose_call_log, parse_start_time,
    parse_timezone_offset,
};
use app_connect_sdk::models::{CallDirection, CallDuration, CallLeg, CallParty};
use criterion::{Criterion, criterion_group, criterion_main};

/// The owned data a full call borrows.
struct Call {
    from: CallParty,
    to: CallParty,
    legs: Vec<CallLeg>,
    duration: CallDuration,
    later: CallDuration,
}

fn party(number: Option<&str>, ext: Option<&str>, name: &str) -> CallParty {
    let mut p = CallParty::default();
    p.phone_number = number.map(str::to_owned);
    p.extension_number = ext.map(str::to_owned);
    p.name = Some(name.to_owned());
    p
}

fn call() -> Call {
    let mut first = CallLeg::default();
    first.direction = Some(CallDirection::Inbound);
    first.from = Some(CallParty::with_number("+14155550199"));
    first.to = Some(party(Some("+16505550100"), Some("101"), "Main IVR"));
    let mut second = CallLeg::default();
    second.direction = Some(CallDirection::Inbound);
    second.to = Some(party(None, Some("205"), "Support Queue"));
    second.duration = Some(CallDuration::Seconds(12));
    Call {
        from: party(Some("+14155550199"), None, "Bob Customer"),
        to: party(Some("+16505550100"), Some("101"), "Alice Agent"),
        legs: vec![first, second],
        duration: CallDuration::Seconds(185),
        later: CallDuration::Seconds(190),
    }
}

fn full_call(c: &Call) -> ComposeInput<'_> {
    let mut i = ComposeInput::new()
        .note("Customer wants a callback about invoice #123.")
        .session_id("4159227004")
        .direction(CallDirection::Inbound)
        .from(&c.from)
        .to(&c.to)
        .subject("Inbound call from Bob Customer")
        .contact_phone_number("+14155550199")
        .duration(&c.duration)
        .result("Call connected")
        .recording_link("https://media.example.com/recording/123")
        .voicemail_link("https://media.example.com/voicemail/456")
        .ai_note(
            "Summary:\nCustomer asked about invoice #123.\n\nNext steps:\n- Send updated quote\n",
        )
        .transcript("Alice: Hello, thanks for calling.\nBob: Hi, I have a billing question.")
        .ring_sense_transcript("Speaker 1 (00:00): Hello\nSpeaker 2 (00:03): Hi there\n")
        .ring_sense_summary("The customer called about billing.\nThe agent resolved the issue.\n")
        .ring_sense_ai_score("87")
        .ring_sense_bulleted_summary("- Billing question\n- Resolved on call\n")
        .ring_sense_link("https://ringsense.example.com/recordings/abc123")
        .legs(&c.legs);
    if let Some(t) = parse_start_time("2024-01-15T10:30:00Z") {
        i = i.start_time(t);
    }
    i
}

fn all_on() -> ComposeSettings {
    let mut s = ComposeSettings::default();
    s.add_call_session_id = true;
    s.add_ring_central_user_name = true;
    s.add_ring_central_number = true;
    s.add_call_log_contact_number = true;
    s
}

/// A transcript of `bytes` bytes in lines of ~105 bytes: 1 MiB is ~10,000 lines.
fn transcript(bytes: usize) -> String {
    let line = "Speaker 1 (00:00:00): the quick brown fox jumps over the lazy dog, again and again, and again today.\n";
    line.repeat(bytes / line.len() + 1)[..bytes].to_owned()
}

fn fresh(c: &mut Criterion) {
    let data = call();
    let input = full_call(&data);
    let settings = all_on();
    let tz = parse_timezone_offset("-05:00");
    for (name, format) in [
        ("plain", LogFormat::PlainText),
        ("html", LogFormat::Html),
        ("markdown", LogFormat::Markdown),
    ] {
        c.bench_function(&format!("compose/fresh_full_call/{name}"), |b| {
            b.iter(|| compose_call_log(black_box(&format), black_box(&input), &settings, tz, ""))
        });
    }
}

/// The recording (alone) or the final call data (the whole call again, as App Connect's update
/// passes it) arrive for a log whose body already holds a big transcript.
fn update_large(c: &mut Criterion) {
    let settings = all_on();
    let tz = parse_timezone_offset("-05:00");
    let data = call();
    let cases: &[(usize, LogFormat, &str)] = &[
        (1, LogFormat::PlainText, "plain"),
        (2, LogFormat::PlainText, "plain"),
        (4, LogFormat::PlainText, "plain"),
        (16, LogFormat::PlainText, "plain"),
        (1, LogFormat::Html, "html"),
        (1, LogFormat::Markdown, "markdown"),
    ];
    for (mib, format, name) in cases {
        let text = transcript(mib << 20);
        let body = compose_call_log(
            format,
            &full_call(&data).transcript(&text),
            &settings,
            tz,
            "",
        );
        let link_only =
            ComposeInput::new().recording_link("https://media.example.com/recording/999");
        let full = full_call(&data)
            .transcript(&text)
            .duration(&data.later)
            .result("Call ended")
            .recording_link("https://media.example.com/recording/999");
        for (kind, update) in [("link_only", &link_only), ("full", &full)] {
            c.bench_function(&format!("compose/update_{mib}mib_{kind}/{name}"), |b| {
                b.iter(|| {
                    compose_call_log(format, black_box(update), &settings, tz, black_box(&body))
                })
            });
        }
    }
}

/// The transcript itself changes (a new version arrives): the old block is found by scanning
/// to its end marker, still linear.
fn update_changed(c: &mut Criterion) {
    let settings = all_on();
    let tz = parse_timezone_offset("-05:00");
    let data = call();
    let old = transcript(1 << 20);
    let new = transcript((1 << 20) - 10);
    for (format, name) in [
        (LogFormat::PlainText, "plain"),
        (LogFormat::Html, "html"),
        (LogFormat::Markdown, "markdown"),
    ] {
        let body = compose_call_log(
            &format,
            &full_call(&data).transcript(&old),
            &settings,
            tz,
            "",
        );
        let update = full_call(&data).transcript(&new);
        c.bench_function(
            &format!("compose/update_1mib_changed_transcript/{name}"),
            |b| {
                b.iter(|| {
                    compose_call_log(&format, black_box(&update), &settings, tz, black_box(&body))
                })
            },
        );
    }
}

/// Every public compatibility vector of App Connect core: from the JSON text of its
/// parameters to the body (what `benches/vs-core` compares with core), and the compose alone.
fn compat_vectors(c: &mut Criterion) {
    let path = std::env::var_os("APP_CONNECT_REFERENCE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
        .join("vectors/composer-compat-public.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: {} not found", path.display());
        return;
    };
    let params: Vec<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| v["params"].to_string())
        .collect();
    let n = params.len();
    c.bench_function(&format!("compose/compat_vectors_json_text_{n}"), |b| {
        b.iter(|| {
            for p in &params {
                if let Ok(r) = ComposeRequest::from_json_str(black_box(p)) {
                    black_box(r.compose());
                }
            }
        })
    });
    let requests: Vec<ComposeRequest<'_>> = params
        .iter()
        .filter_map(|p| ComposeRequest::from_json_str(p).ok())
        .collect();
    c.bench_function(&format!("compose/compat_vectors_compose_only_{n}"), |b| {
        b.iter(|| {
            for r in &requests {
                black_box(r.compose());
            }
        })
    });
}

criterion_group!(benches, fresh, update_large, update_changed, compat_vectors);
criterion_main!(benches);
