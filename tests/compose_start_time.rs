//! One start-time parser: the models' `StartTime::to_utc` and the composer read every form the
//! same way, so the date a body shows is the instant the route body carried.

use app_connect_sdk::compose::jsonl::compose_value;
use app_connect_sdk::compose::{parse_start_time, start_time_from_millis};
use app_connect_sdk::models::StartTime;
use serde_json::json;

const FORMS: &[&str] = &[
    "2024-01-15",
    "2024-01-15T10:30:00Z",
    "2024-01-15T10:30:00.123Z",
    "2024-01-15 10:30:00",
    "2024-01-15T10:30",
    "2024-01-15T10:30:00+05:30",
    "2024-01-15T10:30:00+0530",
    "2024-01-15T10:30:00-08",
    "1705314600000",
    " 2024-01-15T10:30:00Z ",
    "not a date",
    "",
];

#[test]
fn models_and_composer_agree_on_every_form() {
    for s in FORMS {
        assert_eq!(StartTime::from(*s).to_utc(), parse_start_time(s), "{s:?}");
    }
    for ms in [0, 1_705_314_600_000, -1] {
        assert_eq!(
            StartTime::EpochMillis(ms).to_utc(),
            start_time_from_millis(ms)
        );
    }
}

#[test]
fn date_only_and_compact_offsets_give_an_instant() {
    let day = StartTime::from("2024-01-15")
        .to_utc()
        .map(|t| t.to_rfc3339());
    assert_eq!(day.as_deref(), Some("2024-01-15T00:00:00+00:00"));
    let india = StartTime::from("2024-01-15T10:30:00+0530")
        .to_utc()
        .map(|t| t.to_rfc3339());
    assert_eq!(india.as_deref(), Some("2024-01-15T05:00:00+00:00"));
    assert_eq!(StartTime::from("garbage").to_utc(), None);
}

#[test]
fn the_composed_date_is_the_models_instant() {
    let t = StartTime::from("2024-01-15T10:30:00+0530").to_utc();
    assert!(t.is_some());
    let body = compose_value(&json!({
        "logFormat": "text/plain",
        "startTime": "2024-01-15T10:30:00+0530",
        "user": {"userSettings": {"logDateFormat": {"value": "YYYY-MM-DDTHH:mm:ss[Z]"}}},
    }));
    assert_eq!(body.as_deref(), Ok("- Date/Time: 2024-01-15T05:00:00Z\n"));
}
