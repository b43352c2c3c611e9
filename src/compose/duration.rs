//! Duration wording ("1 hour, 2 minutes, 5 seconds"), as core's `util.secondsToHoursMinutesSeconds`.

use super::datetime::js_number;
use crate::models::CallDuration;

/// A number as JavaScript prints it (`12345`, `99.5`, `-0` as `0`).
pub(crate) fn js_number_to_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".to_owned();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if n == 0.0 {
        return "0".to_owned();
    }
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        // Exact in an i64 (|n| < 2^53): integer printing, not float formatting.
        return (n as i64).to_string();
    }
    if n.fract() == 0.0 && n.abs() < 1e21 {
        return format!("{n:.0}");
    }
    format!("{n}")
}

/// Writes a duration the way App Connect does: hours (no days), minutes and seconds, each left out
/// when zero, joined with ", "; "0 seconds" when nothing is left (also for negative values).
/// A text that is not a number (`"pending"`) is written as it is, as core does.
pub(crate) fn format_duration(d: &CallDuration) -> String {
    match duration_number(d) {
        Ok(v) => format_seconds(v),
        Err(text) => text.to_owned(),
    }
}

/// The duration as the number JavaScript reads from it, or the text when it is not one.
pub(crate) fn duration_number(d: &CallDuration) -> std::result::Result<f64, &str> {
    match d {
        CallDuration::Seconds(s) => Ok(*s as f64),
        CallDuration::Pending => Err("pending"),
        CallDuration::Text(t) => js_number(t).ok_or(t.as_str()),
    }
}

fn format_seconds(v: f64) -> String {
    if !v.is_finite() {
        return "0 seconds".to_owned();
    }
    // Fractions of a second are rounded (core prints float artefacts such as "1.2999999999999972").
    let v = v.round();
    let h = (v / 3600.0).floor();
    let m = ((v % 3600.0) / 60.0).floor();
    let s = v % 60.0;
    let mut out = String::with_capacity(32);
    let mut part = |n: f64, one: &str, many: &str| {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(&js_number_to_string(n));
        out.push(' ');
        out.push_str(if n == 1.0 { one } else { many });
    };
    if h > 0.0 {
        part(h, "hour", "hours");
    }
    if m > 0.0 {
        part(m, "minute", "minutes");
    }
    if s > 0.0 {
        part(s, "second", "seconds");
    }
    if out.is_empty() {
        "0 seconds".to_owned()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(v: f64) -> String {
        format_seconds(v)
    }

    #[test]
    fn table() {
        assert_eq!(f(0.0), "0 seconds");
        assert_eq!(f(-5.0), "0 seconds");
        assert_eq!(f(1.0), "1 second");
        assert_eq!(f(61.0), "1 minute, 1 second");
        assert_eq!(f(3601.0), "1 hour, 1 second");
        assert_eq!(f(86400.0), "24 hours");
        assert_eq!(f(999_999.0), "277 hours, 46 minutes, 39 seconds");
        assert_eq!(f(61.25), "1 minute, 1 second");
        assert_eq!(f(61.5), "1 minute, 2 seconds");
        assert_eq!(js_number_to_string(99.5), "99.5");
        assert_eq!(
            format_duration(&CallDuration::Seconds(61)),
            "1 minute, 1 second"
        );
        assert_eq!(
            format_duration(&CallDuration::Text("1e3".into())),
            "16 minutes, 40 seconds"
        );
        assert_eq!(format_duration(&CallDuration::Text("abc".into())), "abc");
        assert_eq!(format_duration(&CallDuration::Pending), "pending");
    }
}
