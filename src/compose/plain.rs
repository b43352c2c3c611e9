//! Finding the sections of a text/plain body (`- Label: value` lines, `--- END` blocks).

use super::datetime::js_trim;
use super::scan::{at_line_break_or_end, line_end, next_line_start};
use super::sections::{Kind, Plan, Sec};
use super::upsert::{Loc, Locs, new_locs};

/// The section whose label starts the line at `i`, and where its value starts.
pub(crate) fn label_at(b: &[u8], i: usize) -> Option<(Sec, usize)> {
    if b.get(i..i + 2) != Some(b"- ") {
        return None;
    }
    let start = i + 2;
    let limit = (start + 40).min(b.len());
    let colon = start
        + b[start..limit]
            .iter()
            .position(|&c| c == b':' || c == b'\n')?;
    if b[colon] != b':' {
        return None;
    }
    let label = &b[start..colon];
    let mut value = colon + 1;
    if label.eq_ignore_ascii_case(b"Note") || label.eq_ignore_ascii_case(b"Agent notes") {
        // Core requires the space after the note label.
        return (b.get(value) == Some(&b' ')).then_some((Sec::Note, value + 1));
    }
    let sec = Sec::from_label(label)?;
    if b.get(value) == Some(&b' ') {
        value += 1;
    }
    Some((sec, value))
}

/// `- Capitalised label:` (a foreign field line; it ends the agent note, as in core).
fn dash_capital_label(b: &[u8], i: usize) -> bool {
    if b.get(i..i + 2) != Some(b"- ") || !b.get(i + 2).is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    let limit = (i + 80).min(b.len());
    for &c in &b[i + 3..limit] {
        match c {
            b':' => return true,
            c if c.is_ascii_alphabetic() || c == b' ' || c == b'\t' || c == b'/' => {}
            _ => return false,
        }
    }
    false
}

/// End of a one-line value: the rest of the line (the date stops at `\r`, U+2028 and U+2029 too).
fn line_value_end(b: &[u8], sec: Sec, from: usize) -> usize {
    let end = line_end(b, from);
    if sec != Sec::DateTime {
        return end;
    }
    let line = &b[from..end];
    let mut k = 0;
    while k < line.len() {
        match line[k] {
            b'\r' => return from + k,
            0xE2 if line.get(k + 1) == Some(&0x80)
                && matches!(line.get(k + 2), Some(0xA8 | 0xA9)) =>
            {
                return from + k;
            }
            _ => k += 1,
        }
    }
    end
}

/// Where a body ends for a section that runs to the end (a final `\n` stays outside).
fn body_end(b: &[u8], min: usize) -> usize {
    if b.last() == Some(&b'\n') && b.len() > min {
        b.len() - 1
    } else {
        b.len()
    }
}

/// The agent note runs to the next section line or `- Capitalised label:` line.
fn note_fallback_end(b: &[u8], value: usize) -> usize {
    let mut j = next_line_start(b, value);
    while j < b.len() {
        if label_at(b, j).is_some() || dash_capital_label(b, j) {
            return j - 1;
        }
        j = next_line_start(b, j);
    }
    body_end(b, value)
}

/// A block runs to its end marker line; without one, to the next block or the end of the body.
fn block_fallback_end(b: &[u8], sec: Sec, header: usize) -> usize {
    let marker: &[u8] = if sec == Sec::Journey {
        b"--- JOURNEY END"
    } else {
        b"--- END"
    };
    let mut j = next_line_start(b, header);
    while j < b.len() {
        if b[j..].starts_with(marker) {
            return j + marker.len();
        }
        if let Some((other, _)) = label_at(b, j)
            && other.kind() == Kind::Block
        {
            return j - 1;
        }
        j = next_line_start(b, j);
    }
    body_end(b, header)
}

/// Finds every planned section's span (first occurrence at a line start).
pub(crate) fn locate(body: &str, plan: &Plan) -> Locs {
    let b = body.as_bytes();
    let mut locs = new_locs();
    let mut i = 0;
    while i < b.len() {
        let Some((sec, value)) = label_at(b, i) else {
            i = next_line_start(b, i);
            continue;
        };
        let idx = sec.index();
        let update = plan[idx]
            .as_ref()
            .filter(|_| matches!(locs[idx], Loc::Absent));
        let exact = update.and_then(|u| {
            let end = i + u.repl.len();
            let ok = b[i..].starts_with(u.repl.as_bytes())
                && (at_line_break_or_end(b, end) || (sec.kind() == Kind::Block && b[end] == b'\r'));
            ok.then_some(end)
        });
        let end = match sec.kind() {
            Kind::Line => {
                let fallback = line_value_end(b, sec, value);
                if let Some(u) = update {
                    locs[idx] =
                        if u.pending_only && js_trim(&body[value..fallback]) != "(pending...)" {
                            Loc::Keep
                        } else {
                            Loc::Found(i..exact.unwrap_or(fallback))
                        };
                }
                exact.unwrap_or(fallback)
            }
            Kind::Note => {
                if update.is_none() {
                    i = next_line_start(b, i);
                    continue;
                }
                let end = exact.unwrap_or_else(|| note_fallback_end(b, value));
                locs[idx] = Loc::Found(i..end);
                end
            }
            Kind::Block => {
                let end = exact.unwrap_or_else(|| block_fallback_end(b, sec, i));
                if update.is_some() {
                    locs[idx] = Loc::Found(i..end);
                }
                end
            }
        };
        i = next_line_start(b, end.max(i));
    }
    locs
}
