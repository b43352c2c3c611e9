//! Composer benchmarks: a fresh full call in each format, and updates of bodies that hold a
//! 1 MB and a 4 MB transcript (the update must stay linear in the body size).

use std::hint::black_box;

use app_connect_sdk::compose::jsonl::ComposeRequest;
use app_connect_sdk::compose::{
    CallLeg, ComposeInput, ComposeSettings, LogFormat, Party, compose_call_log, parse_start_time,
    parse_timezone_offset,
};
use criterion::{Criterion, criterion_group, criterion_main};

fn full_call() -> ComposeInput {
    let mut i = ComposeInput::new()
        .note("Customer wants a callback about invoice #123.")
        .session_id("4159227004")
        .direction("Inbound")
        .from(
            Party::new()
                .phone_number("+14155550199")
                .name("Bob Customer"),
        )
        .to(Party::new()
            .phone_number("+16505550100")
            .extension_number("101")
            .name("Alice Agent"))
        .subject("Inbound call from Bob Customer")
        .contact_phone_number("+14155550199")
        .duration(185)
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
        .legs(vec![
            CallLeg::new("Inbound")
                .from(Party::new().phone_number("+14155550199"))
                .to(Party::new()
                    .phone_number("+16505550100")
                    .extension_number("101")
                    .name("Main IVR")),
            CallLeg::new("Inbound")
                .to(Party::new().extension_number("205").name("Support Queue"))
                .duration(12.0),
        ]);
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

fn transcript(bytes: usize) -> String {
    let line =
        "Speaker 1 (00:00:00): the quick brown fox jumps over the lazy dog, again and again.\n";
    line.repeat(bytes / line.len() + 1)[..bytes].to_owned()
}

fn fresh(c: &mut Criterion) {
    let input = full_call();
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

/// The recording and final call data arrive for a log whose body already holds a big
/// transcript: the transcript is passed again (as core's update does) and must be found intact.
fn update_large(c: &mut Criterion) {
    let settings = all_on();
    let tz = parse_timezone_offset("-05:00");
    for (mb, format, name) in [
        (1, LogFormat::PlainText, "plain"),
        (4, LogFormat::PlainText, "plain"),
        (1, LogFormat::Html, "html"),
        (4, LogFormat::Html, "html"),
        (1, LogFormat::Markdown, "markdown"),
        (4, LogFormat::Markdown, "markdown"),
    ] {
        let text = transcript(mb << 20);
        let created = full_call().transcript(text.clone());
        let body = compose_call_log(&format, &created, &settings, tz, "");
        let update = full_call()
            .transcript(text)
            .duration(190)
            .result("Call ended")
            .recording_link("https://media.example.com/recording/999");
        c.bench_function(&format!("compose/update_{mb}mb_transcript/{name}"), |b| {
            b.iter(|| {
                compose_call_log(&format, black_box(&update), &settings, tz, black_box(&body))
            })
        });
    }
}

/// Every public compatibility vector of App Connect core (parsed beforehand), composed once:
/// the same workload as core's "about 9 µs per compose averaged over its vectors".
fn compat_vectors(c: &mut Criterion) {
    let path = std::env::var_os("APP_CONNECT_REFERENCE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
        .join("vectors/composer-compat-public.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: {} not found", path.display());
        return;
    };
    let requests: Vec<ComposeRequest> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| ComposeRequest::from_json(&v["params"]).ok())
        .collect();
    let n = requests.len();
    c.bench_function(&format!("compose/compat_vectors_all_{n}"), |b| {
        b.iter(|| {
            for r in &requests {
                black_box(r.compose());
            }
        })
    });
}

/// The transcript itself changes (a new version arrives): the old block is found by scanning
/// to its end marker, still linear.
fn update_changed(c: &mut Criterion) {
    let settings = all_on();
    let tz = parse_timezone_offset("-05:00");
    for (format, name) in [
        (LogFormat::PlainText, "plain"),
        (LogFormat::Html, "html"),
        (LogFormat::Markdown, "markdown"),
    ] {
        let body = compose_call_log(
            &format,
            &full_call().transcript(transcript(1 << 20)),
            &settings,
            tz,
            "",
        );
        let update = full_call().transcript(transcript((1 << 20) - 10));
        c.bench_function(
            &format!("compose/update_1mb_changed_transcript/{name}"),
            |b| {
                b.iter(|| {
                    compose_call_log(&format, black_box(&update), &settings, tz, black_box(&body))
                })
            },
        );
    }
}

criterion_group!(benches, fresh, update_large, update_changed, compat_vectors);
criterion_main!(benches);
