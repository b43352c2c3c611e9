//! Start times and offsets at the edge of chrono's range: the composer never panics on them,
//! it writes the time in UTC instead.

use app_connect_sdk::compose::jsonl::{ComposeRequest, compose_line};
use app_connect_sdk::compose::message::{SmsConversation, compose_shared_sms_log};
use app_connect_sdk::compose::{ComposeInput, ComposeSettings, LogFormat, compose_call_log};
use chrono::{DateTime, FixedOffset, Utc};
use serde_json::json;

fn plain(input: &ComposeInput<'_>, tz: Option<FixedOffset>) -> String {
    compose_call_log(
        &LogFormat::PlainText,
        input,
        &ComposeSettings::default(),
        tz,
        "",
    )
}

#[test]
fn an_offset_past_the_last_representable_time_writes_utc() {
    let last = ComposeInput::new().start_time(DateTime::<Utc>::MAX_UTC);
    let utc = plain(&last, None);
    assert!(utc.starts_with("- Date/Time: "), "{utc}");
    assert_eq!(plain(&last, FixedOffset::east_opt(3600)), utc);

    let first = ComposeInput::new().start_time(DateTime::<Utc>::MIN_UTC);
    assert_eq!(
        plain(&first, FixedOffset::west_opt(3600)),
        plain(&first, None)
    );
}

#[test]
fn a_json_line_at_the_edge_of_time_gives_a_body() {
    let millis = DateTime::<Utc>::MAX_UTC.timestamp_millis();
    let shifted = compose_line(&format!(
        r#"{{"startTime":{millis},"user":{{"timezoneOffset":"+01:00"}}}}"#
    ));
    let utc = compose_line(&format!(r#"{{"startTime":{millis},"user":{{}}}}"#));
    assert!(utc["body"].as_str().is_some_and(|b| !b.is_empty()), "{utc}");
    assert_eq!(shifted, utc);
}

#[test]
fn an_out_of_range_offset_in_a_request_is_ignored() {
    let params = json!({
        "startTime": "2024-01-15T10:30:00Z",
        "user": {}
    });
    let mut request = ComposeRequest::from_json(&params).expect("a valid request");
    let utc = request.compose();
    assert_eq!(utc, "- Date/Time: 2024-01-15 10:30:00 AM\n");
    for minutes in [i64::MAX, i64::MIN] {
        request.offset_minutes = Some(minutes);
        assert_eq!(request.compose(), utc, "offset {minutes}");
    }
}

#[test]
fn a_shared_sms_log_at_the_edge_of_time_is_composed() {
    let conversation = SmsConversation::new(DateTime::<Utc>::MAX_UTC);
    let shifted = compose_shared_sms_log(
        &LogFormat::PlainText,
        &conversation,
        "Bob",
        FixedOffset::east_opt(3600),
    );
    let utc = compose_shared_sms_log(&LogFormat::PlainText, &conversation, "Bob", None);
    assert_eq!(shifted, utc);
    assert!(utc.body.starts_with("Conversation summary\nStarted: "));
}
