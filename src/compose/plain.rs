//! Finding the sections of a text/plain body (`- Label: value` lines, `--- END` blocks).

use super::datetime::js_trim;
use super::scan::{at_line_break_or_end, line_value_end, next_dash_line, next_line_start};
use super::sections::{Kind, Plan, SECTION_COUNT, Sec};
use super::upsert::{Loc, Locs, all_found, new_locs};

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

/// Whether a section label that core glued onto the end of the previous line (it appends
/// without a line break when the body does not end with one) starts at `at`: `- Label:` right
/// after a non-space character. A label after a space is the line's own text.
fn glued_at(b: &[u8], at: usize) -> bool {
    at > 0
        && at < b.len()
        && !b[at - 1].is_ascii_whitespace()
        && label_at(b, at).is_some_and(|(sec, _)| sec != Sec::Note)
}

/// Whether a section label (not the note) starts at `at`, whatever precedes it: after a
/// span whose text is exactly ours, what follows is the next section, not the value's text.
fn label_follows(b: &[u8], at: usize) -> bool {
    at < b.len() && label_at(b, at).is_some_and(|(sec, _)| sec != Sec::Note)
}

/// The first glued label inside `b[from..to]` (a one-line value), if any.
fn glued_in(b: &[u8], from: usize, to: usize) -> Option<usize> {
    memchr::memmem::find_iter(&b[from..to], b"- ")
        .map(|p| from + p)
        .find(|&p| glued_at(b, p))
}

/// The next line after the one holding `pos` that can hold a label or marker.
fn next_candidate(b: &[u8], pos: usize) -> usize {
    next_dash_line(b, next_line_start(b, pos))
}

/// Where a body ends for a section that runs to the end (a final `\n` stays outside).
fn body_end(b: &[u8], min: usize) -> usize {
    if b.last() == Some(&b'\n') && b.len() > min {
        b.len() - 1
    } else {
        b.len()
    }
}

/// Where each section's label last starts a line (sections appear once in a body we wrote, so
/// an earlier copy of a label sits inside a note or a block).
pub(crate) struct LastSeen(Option<[Option<usize>; SECTION_COUNT]>);

impl LastSeen {
    pub(crate) fn new() -> Self {
        Self(None)
    }

    /// Whether the line at `j`, which starts section `sec`, is that section's last occurrence.
    fn is_last(&mut self, b: &[u8], sec: Sec, j: usize) -> bool {
        let table = self.0.get_or_insert_with(|| {
            // Labels inside a block (up to its end marker) are the block's text, not sections.
            let mut t = [None; SECTION_COUNT];
            let mut k = next_dash_line(b, 0);
            while k < b.len() {
                if let Some((s, _)) = label_at(b, k) {
                    t[s.index()] = Some(k);
                    if s.kind() == Kind::Block
                        && let Some(end) = first_marker_end(b, s, k)
                    {
                        k = next_candidate(b, end);
                        continue;
                    }
                }
                k = next_candidate(b, k);
            }
            t
        });
        table[sec.index()] == Some(j)
    }
}

fn marker_for(sec: Sec) -> &'static [u8] {
    if sec == Sec::Journey {
        b"--- JOURNEY END"
    } else {
        b"--- END"
    }
}

/// The end of the block's first end-marker line, if one comes before the next block label.
fn first_marker_end(b: &[u8], sec: Sec, header: usize) -> Option<usize> {
    let marker = marker_for(sec);
    let mut j = next_candidate(b, header);
    while j < b.len() {
        if b[j..].starts_with(marker) {
            return Some(j + marker.len());
        }
        if label_at(b, j).is_some_and(|(s, _)| s.kind() == Kind::Block) {
            return None;
        }
        j = next_candidate(b, j);
    }
    None
}

/// The agent note runs to the next section line (the last copy of its label). Unlike core, a
/// `- Capitalised label:` line of the note's own text does not end it.
fn note_fallback_end(b: &[u8], value: usize, last: &mut LastSeen) -> usize {
    let mut j = next_candidate(b, value);
    while j < b.len() {
        if let Some((sec, _)) = label_at(b, j)
            && sec != Sec::Note
            && last.is_last(b, sec, j)
        {
            return j - 1;
        }
        j = next_candidate(b, j);
    }
    body_end(b, value)
}

/// A block runs to its last end-marker line before the next block. Without a marker (a body
/// someone edited), it runs to the next section line of any kind, or to the end of the body.
fn block_fallback_end(b: &[u8], sec: Sec, header: usize, last: &mut LastSeen) -> usize {
    let marker = marker_for(sec);
    let mut marker_end = None;
    let mut j = next_candidate(b, header);
    while j < b.len() {
        if b[j..].starts_with(marker) {
            marker_end = Some(j + marker.len());
        } else if let Some((other, _)) = label_at(b, j)
            && other.kind() == Kind::Block
            && last.is_last(b, other, j)
        {
            break;
        }
        j = next_candidate(b, j);
    }
    if let Some(end) = marker_end {
        return end;
    }
    let mut j = next_candidate(b, header);
    while j < b.len() {
        if label_at(b, j).is_some() {
            return j - 1;
        }
        j = next_candidate(b, j);
    }
    body_end(b, header)
}

/// Finds every planned section's span (first occurrence at a line start).
pub(crate) fn locate(body: &str, plan: &Plan<'_>) -> Locs {
    let b = body.as_bytes();
    let mut locs = new_locs();
    let mut last = LastSeen::new();
    let mut i = next_dash_line(b, 0);
    while i < b.len() {
        if all_found(plan, &locs) {
            break;
        }
        let Some((sec, value)) = label_at(b, i) else {
            i = next_candidate(b, i);
            continue;
        };
        let idx = sec.index();
        let update = plan[idx]
            .as_ref()
            .filter(|_| matches!(locs[idx], Loc::Absent));
        let exact = update.and_then(|u| {
            let end = u.matches_at(b, i)?;
            let ok = at_line_break_or_end(b, end)
                || label_follows(b, end)
                || u.repl_ends_with_newline()
                || (sec.kind() == Kind::Block && b[end] == b'\r');
            ok.then_some(end)
        });
        let end = match sec.kind() {
            Kind::Line => {
                let mut fallback = line_value_end(b, sec, value);
                let glued = glued_in(b, value, fallback);
                if let Some(g) = glued {
                    fallback = g;
                }
                if let Some(u) = update {
                    locs[idx] =
                        if u.pending_only && js_trim(&body[value..fallback]) != "(pending...)" {
                            Loc::Keep
                        } else if let Some(end) = exact {
                            Loc::Found(i..end)
                        } else if glued.is_some() {
                            Loc::FoundUnglue(i..fallback)
                        } else {
                            Loc::Found(i..fallback)
                        };
                }
                exact.unwrap_or(fallback)
            }
            Kind::Note => {
                if update.is_none() {
                    i = next_candidate(b, i);
                    continue;
                }
                let end = exact.unwrap_or_else(|| note_fallback_end(b, value, &mut last));
                locs[idx] = Loc::Found(i..end);
                end
            }
            Kind::Block => {
                let end = exact.unwrap_or_else(|| block_fallback_end(b, sec, i, &mut last));
                if update.is_some() {
                    locs[idx] = Loc::Found(i..end);
                }
                end
            }
        };
        // A span that ends with its own line break already stands at the next line; a label
        // glued onto its end starts the next section.
        i = if end > i && label_follows(b, end) {
            end
        } else if end > i && b[end - 1] == b'\n' {
            next_dash_line(b, end)
        } else {
            next_candidate(b, end.max(i))
        };
    }
    locs
}
