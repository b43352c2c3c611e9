//! Small byte-scanning helpers shared by the format scanners (all positions are byte offsets on
//! char boundaries: every needle starts with an ASCII byte).

use super::sections::Sec;

/// The position of the next `\n` at or after `from`, or `len`.
pub(crate) fn line_end(b: &[u8], from: usize) -> usize {
    match b.get(from..) {
        Some(tail) => memchr::memchr(b'\n', tail).map_or(b.len(), |p| from + p),
        None => b.len(),
    }
}

/// The start of the line after the one holding `pos` (`len` at the last line).
pub(crate) fn next_line_start(b: &[u8], pos: usize) -> usize {
    let e = line_end(b, pos);
    if e < b.len() { e + 1 } else { b.len() }
}

/// ASCII case-insensitive `starts_with` at `at`.
pub(crate) fn starts_ci(b: &[u8], at: usize, needle: &[u8]) -> bool {
    b.get(at..at + needle.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(needle))
}

/// First ASCII case-insensitive occurrence of `needle` (which starts with a non-letter) at or
/// after `from`.
pub(crate) fn find_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut i = from;
    while i < b.len() {
        let p = if first.is_ascii_alphabetic() {
            memchr::memchr2(
                first.to_ascii_lowercase(),
                first.to_ascii_uppercase(),
                &b[i..],
            )?
        } else {
            memchr::memchr(first, &b[i..])?
        };
        let at = i + p;
        if starts_ci(b, at, needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// Whether `at` is the end of the body or the start of a line break (`\n`).
pub(crate) fn at_line_break_or_end(b: &[u8], at: usize) -> bool {
    at >= b.len() || b[at] == b'\n'
}

/// End of a one-line value (plain text and markdown): the rest of the line (the date stops at `\r`, U+2028 and U+2029 too).
pub(crate) fn line_value_end(b: &[u8], sec: Sec, from: usize) -> usize {
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

/// The start of the first line at or after `from` that begins with `-`: in plain text only
/// such lines can hold a label or an end marker, so the scanners jump from one to the next
/// (one SIMD search over a multi-megabyte transcript instead of a step per line).
pub(crate) fn next_dash_line(b: &[u8], from: usize) -> usize {
    if from >= b.len() {
        return b.len();
    }
    if b[from] == b'-' && (from == 0 || b[from - 1] == b'\n') {
        return from;
    }
    memchr::memmem::find(&b[from..], b"\n-").map_or(b.len(), |p| from + p + 1)
}

/// The start of the first line at or after `from` that begins with `#` or `*` (the only lines
/// that can hold a markdown label or heading).
pub(crate) fn next_md_line(b: &[u8], from: usize) -> usize {
    let mut k = from;
    while k < b.len() {
        let Some(p) = memchr::memchr2(b'#', b'*', &b[k..]) else {
            return b.len();
        };
        let at = k + p;
        if at == 0 || b[at - 1] == b'\n' {
            return at;
        }
        k = at + 1;
    }
    b.len()
}
