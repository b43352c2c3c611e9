//! Time zones, start times and moment-style date formats, rendered with chrono.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};

/// Offsets are kept in minutes internally, so moment's out-of-range offsets ("+25:00") still work.
pub(crate) type OffsetMinutes = i64;

fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// JavaScript `String.prototype.trim`.
pub(crate) fn js_trim(s: &str) -> &str {
    s.trim_matches(is_js_space)
}

/// JavaScript `Number(string)`: `None` stands for NaN.
pub(crate) fn js_number(s: &str) -> Option<f64> {
    let t = js_trim(s);
    if t.is_empty() {
        return Some(0.0);
    }
    let lower = t.to_ascii_lowercase();
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(digits) = lower.strip_prefix(prefix) {
            if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                return None;
            }
            return Some(u128::from_str_radix(digits, radix).ok()? as f64);
        }
    }
    match t {
        "Infinity" | "+Infinity" => return Some(f64::INFINITY),
        "-Infinity" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    // Rust accepts "inf"/"nan" spellings that JavaScript rejects: allow digits, signs, '.', 'e'.
    if !t
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
    {
        return None;
    }
    t.parse::<f64>().ok()
}

/// moment's `utcOffset(number)`: |n| < 16 means hours, otherwise minutes.
fn offset_from_number(n: f64) -> Option<OffsetMinutes> {
    if !n.is_finite() {
        return Some(0);
    }
    let minutes = if n.abs() < 16.0 { n * 60.0 } else { n };
    let m = minutes.round();
    if m.abs() > 100_000.0 {
        return None;
    }
    Some(m as OffsetMinutes)
}

/// moment's offset-string parse: the last `Z` / `±hh` / `±hh:mm` / `±hhmm` token wins.
fn offset_from_offset_string(s: &str) -> Option<OffsetMinutes> {
    let b = s.as_bytes();
    let mut last: Option<OffsetMinutes> = None;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'Z' | b'z' => {
                last = Some(0);
                i += 1;
            }
            b'+' | b'-'
                if i + 2 < b.len() && b[i + 1].is_ascii_digit() && b[i + 2].is_ascii_digit() =>
            {
                let sign = if b[i] == b'-' { -1 } else { 1 };
                let hours = OffsetMinutes::from((b[i + 1] - b'0') * 10 + (b[i + 2] - b'0'));
                let mut j = i + 3;
                let mut minutes = 0;
                let mm_at = if j < b.len() && b[j] == b':' {
                    j + 1
                } else {
                    j
                };
                if mm_at + 1 < b.len() && b[mm_at].is_ascii_digit() && b[mm_at + 1].is_ascii_digit()
                {
                    minutes = OffsetMinutes::from((b[mm_at] - b'0') * 10 + (b[mm_at + 1] - b'0'));
                    j = mm_at + 2;
                }
                last = Some(sign * (hours * 60 + minutes));
                i = j;
            }
            _ => i += 1,
        }
    }
    last
}

/// `h:mm` / `±h:mm` without moment's two-digit hour.
fn lenient_hh_mm(s: &str) -> Option<OffsetMinutes> {
    let t = js_trim(s);
    let (sign, rest) = match t.as_bytes().first()? {
        b'-' => (-1, &t[1..]),
        b'+' => (1, &t[1..]),
        _ => (1, t),
    };
    let (h, m) = rest.split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: OffsetMinutes = h.parse().ok()?;
    let m: OffsetMinutes = m.parse().ok()?;
    (m < 60).then_some(sign * (h * 60 + m))
}

/// Offset in minutes from App Connect's stored `timezoneOffset` string; `None` = UTC.
pub(crate) fn offset_minutes_from_str(s: &str) -> Option<OffsetMinutes> {
    if s.is_empty() {
        return None;
    }
    if s.contains(':') {
        // moment ignores "5:30" and "+5:30"; a user means +05:30.
        return offset_from_offset_string(s).or_else(|| lenient_hh_mm(s));
    }
    // "+0530" / "-0800": core reads 530 minutes (+08:50); a user means +05:30.
    let t = js_trim(s).as_bytes();
    if t.len() == 5 && matches!(t[0], b'+' | b'-') && t[1..].iter().all(u8::is_ascii_digit) {
        return offset_from_offset_string(js_trim(s));
    }
    match js_number(s) {
        Some(n) => offset_from_number(n),
        None => Some(0),
    }
}

fn to_fixed(m: OffsetMinutes) -> Option<FixedOffset> {
    FixedOffset::east_opt(i32::try_from(m.checked_mul(60)?).ok()?)
}

/// Parses a time-zone offset in the forms App Connect stores, as core's composer reads them.
///
/// * `"+05:30"`, `"-08:00"`, `"GMT-05:00"` (anything with a colon): the last `±hh:mm`/`±hhmm`/`±hh`
///   or `Z` in the text;
/// * a number as text (`"-300"`, `"-7"`, `"5.5"`, `"+05"`): hours when its magnitude is below 16,
///   otherwise minutes (`"-300"` is −05:00, `"-7"` is −07:00);
/// * `"Z"`, `"UTC"` and other non-numbers: UTC.
///
/// * `"+0530"` and `"5:30"` read as +05:30 (core reads 530 minutes and ignores the latter).
///
/// Returns `None` for an empty string, for text with a colon but no offset, and for offsets
/// outside ±24 hours; the composer then writes times in UTC.
///
/// ```
/// use app_connect_sdk::compose::parse_timezone_offset;
/// assert_eq!(parse_timezone_offset("+05:30").unwrap().local_minus_utc(), 5 * 3600 + 1800);
/// assert_eq!(parse_timezone_offset("-300").unwrap().local_minus_utc(), -5 * 3600);
/// assert_eq!(parse_timezone_offset("-7").unwrap().local_minus_utc(), -7 * 3600);
/// assert_eq!(parse_timezone_offset("UTC").unwrap().local_minus_utc(), 0);
/// assert_eq!(parse_timezone_offset(""), None);
/// ```
pub fn parse_timezone_offset(s: &str) -> Option<FixedOffset> {
    offset_minutes_from_str(s).and_then(to_fixed)
}

/// Like [`parse_timezone_offset`], for an offset stored as a JSON number (`-300`, `5.5`, `330`).
/// `0` means "no offset" (UTC) and returns `None`, as in core.
///
/// ```
/// use app_connect_sdk::compose::timezone_offset_from_number;
/// assert_eq!(timezone_offset_from_number(330.0).unwrap().local_minus_utc(), 330 * 60);
/// assert_eq!(timezone_offset_from_number(-5.0).unwrap().local_minus_utc(), -5 * 3600);
/// ```
pub fn timezone_offset_from_number(n: f64) -> Option<FixedOffset> {
    if n == 0.0 || n.is_nan() {
        return None;
    }
    offset_from_number(n).and_then(to_fixed)
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let s = b.get(at..at + n)?;
    let mut v = 0u32;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// ISO 8601 as moment accepts it; a string without an offset is read as UTC.
fn parse_iso(s: &str) -> Option<DateTime<Utc>> {
    let s = js_trim(s);
    let b = s.as_bytes();
    let year = digits(b, 0, 4)? as i32;
    let (month, day, mut i) = if b.get(4) == Some(&b'-') {
        let m = digits(b, 5, 2)?;
        if b.get(7) == Some(&b'-') {
            (m, digits(b, 8, 2)?, 10)
        } else {
            (m, 1, 7)
        }
    } else {
        (digits(b, 4, 2)?, digits(b, 6, 2)?, 8)
    };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let (mut h, mut mi, mut sec, mut nanos) = (0, 0, 0, 0u32);
    let mut offset: OffsetMinutes = 0;
    if i < b.len() && (b[i] == b'T' || b[i] == b't' || b[i] == b' ') {
        i += 1;
        h = digits(b, i, 2)?;
        i += 2;
        if b.get(i) == Some(&b':') {
            mi = digits(b, i + 1, 2)?;
            i += 3;
            if b.get(i) == Some(&b':') {
                sec = digits(b, i + 1, 2)?;
                i += 3;
                if matches!(b.get(i), Some(b'.') | Some(b',')) {
                    i += 1;
                    let start = i;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                    if i == start {
                        return None;
                    }
                    let frac = &s[start..i.min(start + 9)];
                    let scale = 10u32.pow(9 - u32::try_from(frac.len()).ok()?);
                    nanos = frac.parse::<u32>().ok()? * scale;
                }
            }
        } else if let Some(m2) = digits(b, i, 2) {
            mi = m2;
            i += 2;
            if let Some(s2) = digits(b, i, 2) {
                sec = s2;
                i += 2;
            }
        }
        // An optional space before the offset, as moment allows.
        if b.get(i) == Some(&b' ') {
            i += 1;
        }
        match b.get(i) {
            None => {}
            Some(b'Z') | Some(b'z') if i + 1 == b.len() => i += 1,
            Some(&c) if c == b'+' || c == b'-' => {
                let sign = if c == b'-' { -1 } else { 1 };
                let oh = OffsetMinutes::from(digits(b, i + 1, 2)?);
                let mut j = i + 3;
                if b.get(j) == Some(&b':') {
                    j += 1;
                }
                let om = match digits(b, j, 2) {
                    Some(v) => {
                        j += 2;
                        OffsetMinutes::from(v)
                    }
                    None => 0,
                };
                offset = sign * (oh * 60 + om);
                i = j;
            }
            _ => return None,
        }
    }
    if i != b.len() {
        return None;
    }
    let (h, extra_day) = if h == 24 && mi == 0 && sec == 0 && nanos == 0 {
        (0, 1)
    } else {
        (h, 0)
    };
    let time = NaiveTime::from_hms_nano_opt(h, mi, sec, nanos)?;
    let naive = NaiveDateTime::new(date, time) + chrono::Duration::days(extra_day)
        - chrono::Duration::minutes(offset);
    Some(naive.and_utc())
}

/// Parses a call start time as App Connect sends it: an ISO 8601 string (`2024-01-15T10:30:00Z`,
/// `2024-01-15T10:30:00+05:30`, `2024-01-15 10:30`, `2024-01-15`; without an offset it is read
/// as UTC), or epoch milliseconds as text. Returns `None` for anything else.
///
/// ```
/// use app_connect_sdk::compose::parse_start_time;
/// let t = parse_start_time("2024-01-15T10:30:00+05:30").unwrap();
/// assert_eq!(t.to_rfc3339(), "2024-01-15T05:00:00+00:00");
/// assert_eq!(parse_start_time("1705314600000"), parse_start_time("2024-01-15T10:30:00Z"));
/// assert_eq!(parse_start_time("yesterday"), None);
/// ```
pub fn parse_start_time(s: &str) -> Option<DateTime<Utc>> {
    let t = js_trim(s);
    if !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit()) && t.len() > 8 {
        return t.parse::<i64>().ok().and_then(start_time_from_millis);
    }
    parse_iso(t)
}

/// A start time given as epoch milliseconds (a JSON number), as in `moment(number)`.
///
/// ```
/// use app_connect_sdk::compose::start_time_from_millis;
/// assert_eq!(start_time_from_millis(0).unwrap().to_rfc3339(), "1970-01-01T00:00:00+00:00");
/// ```
pub fn start_time_from_millis(ms: i64) -> Option<DateTime<Utc>> {
    DateTime::<Utc>::from_timestamp_millis(ms)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

fn ordinal(n: i64) -> String {
    let b = n % 10;
    let suffix = if (n % 100) / 10 == 1 {
        "th"
    } else {
        match b {
            1 => "st",
            2 => "nd",
            3 => "rd",
            _ => "th",
        }
    };
    format!("{n}{suffix}")
}

fn pad(out: &mut String, v: i64, width: usize) {
    use std::fmt::Write;
    if (0..10_000).contains(&v) && width <= 4 {
        // The common case (dates and times), without the formatting machinery.
        let digits = match v {
            0..=9 => 1,
            10..=99 => 2,
            100..=999 => 3,
            _ => 4,
        };
        for _ in digits..width {
            out.push('0');
        }
        let mut div = [1, 10, 100, 1000][digits - 1];
        while div > 0 {
            out.push(char::from(b'0' + ((v / div) % 10) as u8));
            div /= 10;
        }
        return;
    }
    if v < 0 {
        let _ = write!(out, "-{:0width$}", -v, width = width);
    } else {
        let _ = write!(out, "{v:0width$}");
    }
}

/// moment's locale week (en: weeks start on Sunday, the week holding January 1st is week 1).
fn locale_week(d: NaiveDate) -> (i32, u32) {
    fn first_week_offset(year: i32) -> i64 {
        // dow = 0, doy = 6 → fwd = 1
        let Some(jan1) = NaiveDate::from_ymd_opt(year, 1, 1) else {
            return 0;
        };
        let fwdlw = i64::from(jan1.weekday().num_days_from_sunday());
        -fwdlw
    }
    fn weeks_in_year(year: i32) -> i64 {
        let days = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
            366
        } else {
            365
        };
        (days - first_week_offset(year) + first_week_offset(year + 1)) / 7
    }
    let year = d.year();
    let doy = i64::from(d.ordinal());
    let week = (doy - first_week_offset(year) - 1).div_euclid(7) + 1;
    if week < 1 {
        let w = week + weeks_in_year(year - 1);
        (year - 1, w as u32)
    } else if week > weeks_in_year(year) {
        (year + 1, (week - weeks_in_year(year)) as u32)
    } else {
        (year, week as u32)
    }
}

fn expand_locale(token: &str) -> Option<&'static str> {
    Some(match token {
        "LTS" => "h:mm:ss A",
        "LT" => "h:mm A",
        "L" => "MM/DD/YYYY",
        "LL" => "MMMM D, YYYY",
        "LLL" => "MMMM D, YYYY h:mm A",
        "LLLL" => "dddd, MMMM D, YYYY h:mm A",
        "l" => "M/D/YYYY",
        "ll" => "MMM D, YYYY",
        "lll" => "MMM D, YYYY h:mm A",
        "llll" => "ddd, MMM D, YYYY h:mm A",
        _ => return None,
    })
}

/// Tokens in moment's matching order (longest first within a family).
const TOKENS: &[&str] = &[
    "LTS",
    "LT",
    "LLLL",
    "LLL",
    "LL",
    "L",
    "llll",
    "lll",
    "ll",
    "l",
    "Hmmss",
    "Hmm",
    "hmmss",
    "hmm",
    "Mo",
    "MMMM",
    "MMM",
    "MM",
    "M",
    "Do",
    "DDDo",
    "DDDD",
    "DDD",
    "DD",
    "D",
    "dddd",
    "ddd",
    "dd",
    "do",
    "d",
    "wo",
    "ww",
    "w",
    "Wo",
    "WW",
    "W",
    "Qo",
    "Q",
    "YYYYYY",
    "YYYYY",
    "YYYY",
    "YY",
    "Y",
    "gggg",
    "gg",
    "GGGG",
    "GG",
    "e",
    "E",
    "a",
    "A",
    "hh",
    "h",
    "HH",
    "H",
    "kk",
    "k",
    "mm",
    "m",
    "ss",
    "s",
    "SSSSSSSSS",
    "SSSSSSSS",
    "SSSSSSS",
    "SSSSSS",
    "SSSSS",
    "SSSS",
    "SSS",
    "SS",
    "S",
    "x",
    "X",
    "zz",
    "z",
    "ZZ",
    "Z",
];

/// Formats `utc` shifted by `offset` minutes with a moment format string (English locale).
pub(crate) fn format_moment(
    format: &str,
    utc: DateTime<Utc>,
    offset: Option<OffsetMinutes>,
) -> String {
    let off = offset.unwrap_or(0);
    // An offset that would leave chrono's range (year ±262143, or an absurd
    // `ComposeRequest::offset_minutes`) is ignored: the time is written in UTC, never a panic.
    let shifted = chrono::TimeDelta::try_minutes(off)
        .and_then(|delta| utc.naive_utc().checked_add_signed(delta));
    let (local, off) = match shifted {
        Some(local) => (local, off),
        None => (utc.naive_utc(), 0),
    };
    let mut out = String::with_capacity(format.len() + 16);
    format_into(&mut out, format, &local, utc, off, 0);
    out
}

fn format_into(
    out: &mut String,
    format: &str,
    t: &NaiveDateTime,
    utc: DateTime<Utc>,
    off: OffsetMinutes,
    depth: u8,
) {
    let mut rest = format;
    while let Some(c) = rest.chars().next() {
        if c == '[' {
            if let Some(end) = rest[1..].find(']') {
                // moment: `\[[^\[]*\]` — no '[' inside.
                let inner = &rest[1..1 + end];
                if !inner.contains('[') {
                    out.push_str(inner);
                    rest = &rest[end + 2..];
                    continue;
                }
            }
            out.push('[');
            rest = &rest[1..];
            continue;
        }
        if c == '\\' {
            let mut it = rest[1..].chars();
            match it.next() {
                Some(n) => {
                    out.push(n);
                    rest = &rest[1 + n.len_utf8()..];
                }
                None => rest = "",
            }
            continue;
        }
        let first = rest.as_bytes()[0];
        // Every token starts with an ASCII letter: separators skip the table.
        let Some(tok) = TOKENS
            .iter()
            .filter(|_| first.is_ascii_alphabetic())
            .find(|tok| tok.as_bytes()[0] == first && rest.starts_with(**tok))
        else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        };
        rest = &rest[tok.len()..];
        if let Some(expanded) = expand_locale(tok) {
            if depth < 2 {
                format_into(out, expanded, t, utc, off, depth + 1);
            }
            continue;
        }
        token(out, tok, t, utc, off);
    }
}

fn token(out: &mut String, tok: &str, t: &NaiveDateTime, utc: DateTime<Utc>, off: OffsetMinutes) {
    let d = t.date();
    let year = i64::from(d.year());
    let month = i64::from(d.month());
    let day = i64::from(d.day());
    let hour = i64::from(t.hour());
    let h12 = if hour % 12 == 0 { 12 } else { hour % 12 };
    let minute = i64::from(t.minute());
    let second = i64::from(t.second());
    let millis = i64::from(t.nanosecond() / 1_000_000);
    let wd = i64::from(d.weekday().num_days_from_sunday());
    match tok {
        "YYYY" => {
            if year <= 9999 {
                pad(out, year, 4)
            } else {
                out.push('+');
                pad(out, year, 4)
            }
        }
        "Y" => {
            if year <= 9999 {
                pad(out, year, 4)
            } else {
                out.push_str(&format!("+{year}"))
            }
        }
        "YYYYY" => pad(out, year, 5),
        "YYYYYY" => {
            out.push(if year < 0 { '-' } else { '+' });
            pad(out, year.abs(), 6)
        }
        "YY" => pad(out, year.rem_euclid(100), 2),
        "M" => pad(out, month, 1),
        "MM" => pad(out, month, 2),
        "Mo" => out.push_str(&ordinal(month)),
        "MMM" => out.push_str(&MONTHS[(month - 1) as usize][..3]),
        "MMMM" => out.push_str(MONTHS[(month - 1) as usize]),
        "D" => pad(out, day, 1),
        "DD" => pad(out, day, 2),
        "Do" => out.push_str(&ordinal(day)),
        "DDD" => pad(out, i64::from(d.ordinal()), 1),
        "DDDD" => pad(out, i64::from(d.ordinal()), 3),
        "DDDo" => out.push_str(&ordinal(i64::from(d.ordinal()))),
        "d" | "e" => pad(out, wd, 1),
        "do" => out.push_str(&ordinal(wd)),
        "dd" => out.push_str(&DAYS[wd as usize][..2]),
        "ddd" => out.push_str(&DAYS[wd as usize][..3]),
        "dddd" => out.push_str(DAYS[wd as usize]),
        "E" => pad(out, i64::from(d.weekday().number_from_monday()), 1),
        "w" | "ww" | "wo" | "gggg" | "gg" => {
            let (wy, w) = locale_week(d);
            match tok {
                "w" => pad(out, i64::from(w), 1),
                "ww" => pad(out, i64::from(w), 2),
                "wo" => out.push_str(&ordinal(i64::from(w))),
                "gg" => pad(out, i64::from(wy).rem_euclid(100), 2),
                _ => pad(out, i64::from(wy), 4),
            }
        }
        "W" | "WW" | "Wo" | "GGGG" | "GG" => {
            let iw = d.iso_week();
            match tok {
                "W" => pad(out, i64::from(iw.week()), 1),
                "WW" => pad(out, i64::from(iw.week()), 2),
                "Wo" => out.push_str(&ordinal(i64::from(iw.week()))),
                "GG" => pad(out, i64::from(iw.year()).rem_euclid(100), 2),
                _ => pad(out, i64::from(iw.year()), 4),
            }
        }
        "Q" => pad(out, (month - 1) / 3 + 1, 1),
        "Qo" => out.push_str(&ordinal((month - 1) / 3 + 1)),
        "a" => out.push_str(if hour > 11 { "pm" } else { "am" }),
        "A" => out.push_str(if hour > 11 { "PM" } else { "AM" }),
        "H" => pad(out, hour, 1),
        "HH" => pad(out, hour, 2),
        "h" => pad(out, h12, 1),
        "hh" => pad(out, h12, 2),
        "k" => pad(out, if hour == 0 { 24 } else { hour }, 1),
        "kk" => pad(out, if hour == 0 { 24 } else { hour }, 2),
        "m" => pad(out, minute, 1),
        "mm" => pad(out, minute, 2),
        "s" => pad(out, second, 1),
        "ss" => pad(out, second, 2),
        "Hmm" | "Hmmss" | "hmm" | "hmmss" => {
            pad(out, if tok.starts_with('H') { hour } else { h12 }, 1);
            pad(out, minute, 2);
            if tok.ends_with("ss") {
                pad(out, second, 2);
            }
        }
        "x" => out.push_str(&utc.timestamp_millis().to_string()),
        "X" => out.push_str(&utc.timestamp().to_string()),
        "z" => out.push_str(&zone_name(off, false)),
        "zz" => out.push_str(&zone_name(off, true)),
        "Z" | "ZZ" => {
            out.push(if off < 0 { '-' } else { '+' });
            pad(out, off.abs() / 60, 2);
            if tok == "Z" {
                out.push(':');
            }
            pad(out, off.abs() % 60, 2);
        }
        s if s.starts_with('S') => {
            // Fractional seconds: S = tenths, SS = hundredths, SSS = ms, more digits pad with 0.
            let n = s.len();
            let v = if n <= 3 {
                millis / 10i64.pow(3 - n as u32)
            } else {
                millis * 10i64.pow(n as u32 - 3)
            };
            pad(out, v, n)
        }
        _ => out.push_str(tok),
    }
}

/// `z`/`zz`: "UTC" / "Coordinated Universal Time" at offset zero, otherwise "UTC±hh:mm"
/// (core prints "UTC" whatever the offset; see docs/composer.md).
fn zone_name(off: OffsetMinutes, long: bool) -> String {
    if off == 0 {
        return if long {
            "Coordinated Universal Time".to_owned()
        } else {
            "UTC".to_owned()
        };
    }
    let sign = if off < 0 { '-' } else { '+' };
    format!("UTC{sign}{:02}:{:02}", off.abs() / 60, off.abs() % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        parse_start_time(s).unwrap_or_default()
    }

    #[test]
    fn moment_examples() {
        let t = at("2024-01-15T10:30:00Z");
        let f = |fmt: &str, off: i64| format_moment(fmt, t, Some(off));
        assert_eq!(f("YYYY-MM-DD hh:mm:ss A", -300), "2024-01-15 05:30:00 AM");
        assert_eq!(f("LLL", -300), "January 15, 2024 5:30 AM");
        assert_eq!(
            f("dddd, MMMM Do YYYY, h:mm:ss a", -300),
            "Monday, January 15th 2024, 5:30:00 am"
        );
        assert_eq!(
            f("Q Qo W Wo w wo E e d DDD DDDD", -300),
            "1 1st 3 3rd 3 3rd 1 1 1 15 015"
        );
        assert_eq!(f("[at] HH:mm Z ZZ", 330), "at 16:00 +05:30 +0530");
        assert_eq!(f("X x", 0), "1705314600 1705314600000");
    }

    #[test]
    fn offsets() {
        assert_eq!(offset_minutes_from_str("+0530"), Some(330));
        assert_eq!(offset_minutes_from_str("-0800"), Some(-480));
        assert_eq!(offset_minutes_from_str("+5:30"), Some(330));
        assert_eq!(offset_minutes_from_str("GMT-05:00"), Some(-300));
        assert_eq!(offset_minutes_from_str("5:30"), Some(330));
        assert_eq!(offset_minutes_from_str("x:y"), None);
        assert_eq!(offset_minutes_from_str("+25:00"), Some(1500));
        assert_eq!(offset_minutes_from_str("15.9"), Some(954));
        assert_eq!(offset_minutes_from_str("16"), Some(16));
        assert_eq!(offset_minutes_from_str("abc"), Some(0));
    }

    #[test]
    fn start_times() {
        assert_eq!(at("2024-01-15").to_rfc3339(), "2024-01-15T00:00:00+00:00");
        assert_eq!(
            at("2024-01-15 10:30").to_rfc3339(),
            "2024-01-15T10:30:00+00:00"
        );
        assert_eq!(
            at("2024-07-04T16:45:30.999Z").timestamp_millis(),
            1_720_111_530_999
        );
        assert!(parse_start_time("2024-13-01").is_none());
    }
}
