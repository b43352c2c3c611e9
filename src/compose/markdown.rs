//! Finding the sections of a text/markdown body (`**Label**: value` lines, `### Label` blocks).

use super::datetime::js_trim;
use super::scan::{at_line_break_or_end, line_end, line_value_end, next_line_start, next_md_line};
use super::sections::{Kind, Plan, SECTION_COUNT, Sec};
use super::upsert::{Loc, Locs, all_found, new_locs};

const NOTE_HEADER: &[u8] = b"## Agent notes";
const DETAILS_HEADER: &[u8] = b"## Call details";

/// The next line after the one holding `pos` that can hold a label or heading.
fn next_candidate(b: &[u8], pos: usize) -> usize {
    next_md_line(b, next_line_start(b, pos))
}

fn line_is(b: &[u8], i: usize, text: &[u8]) -> bool {
    b[i..].starts_with(text) && {
        let e = i + text.len();
        e == b.len() || b[e] == b'\n' || b[e] == b'\r'
    }
}

/// The section the line at `i` starts, and where its value starts.
pub(crate) fn label_at(b: &[u8], i: usize) -> Option<(Sec, usize)> {
    match b.get(i)? {
        b'#' => {
            if line_is(b, i, NOTE_HEADER) {
                return Some((Sec::Note, i + NOTE_HEADER.len()));
            }
            if b.get(i..i + 4) != Some(b"### ") {
                return None;
            }
            let start = i + 4;
            let mut end = line_end(b, start);
            if end > start && b[end - 1] == b'\r' {
                end -= 1;
            }
            if end - start > 40 {
                return None;
            }
            let sec = Sec::from_label(&b[start..end])?;
            (sec.kind() == Kind::Block).then_some((sec, end))
        }
        b'*' => {
            if b.get(i..i + 2) != Some(b"**") {
                return None;
            }
            let start = i + 2;
            let limit = (start + 40).min(b.len());
            let close = start + memchr::memmem::find(&b[start..limit], b"**:")?;
            let sec = Sec::from_label(&b[start..close])?;
            if sec.kind() != Kind::Line {
                return None;
            }
            let mut value = close + 3;
            if b.get(value) == Some(&b' ') {
                value += 1;
            }
            Some((sec, value))
        }
        _ => None,
    }
}

/// Where each section's label last starts a line (an earlier copy sits inside a note/block).
pub(crate) struct LastSeen(Option<[Option<usize>; SECTION_COUNT]>);

impl LastSeen {
    pub(crate) fn new() -> Self {
        Self(None)
    }

    fn is_last(&mut self, b: &[u8], sec: Sec, j: usize) -> bool {
        let table = self.0.get_or_insert_with(|| {
            let mut t = [None; SECTION_COUNT];
            let mut k = next_md_line(b, 0);
            while k < b.len() {
                if let Some((s, _)) = label_at(b, k) {
                    t[s.index()] = Some(k);
                }
                k = next_candidate(b, k);
            }
            t
        });
        table[sec.index()] == Some(j)
    }
}

/// A line that ends a block: one of our sections (its last copy), or any markdown heading.
fn boundary(b: &[u8], j: usize, last: &mut LastSeen) -> bool {
    let hashes = b[j..].iter().take_while(|&&c| c == b'#').count();
    if (1..=6).contains(&hashes) && matches!(b.get(j + hashes), None | Some(b' ' | b'\n' | b'\r')) {
        return true;
    }
    match label_at(b, j) {
        Some((sec, _)) => last.is_last(b, sec, j),
        None => false,
    }
}

fn body_end(b: &[u8], min: usize) -> usize {
    if b.last() == Some(&b'\n') && b.len() > min {
        b.len() - 1
    } else {
        b.len()
    }
}

fn block_fallback_end(b: &[u8], header_end: usize, last: &mut LastSeen) -> usize {
    let mut j = next_candidate(b, header_end);
    while j < b.len() {
        if boundary(b, j, last) {
            return j - 1;
        }
        j = next_candidate(b, j);
    }
    body_end(b, header_end)
}

/// The note runs to its `## Call details` header, found as core finds it: the first
/// `\n## Call details` after `## Agent notes` (so headings and section look-alikes in the note's
/// own text are the note's). A note that itself holds that header line runs on to the last
/// one before the first section after it. If the header is gone, the note runs to the first
/// section.
fn note_fallback_end(b: &[u8], header_end: usize, last: &mut LastSeen) -> usize {
    let Some(first) = b
        .get(header_end..)
        .and_then(|t| memchr::memmem::find(t, b"\n## Call details"))
        .map(|p| header_end + p + 1)
    else {
        let mut j = next_candidate(b, header_end);
        while j < b.len() {
            if let Some((sec, _)) = label_at(b, j)
                && (sec == Sec::Note || last.is_last(b, sec, j))
            {
                return j - 1;
            }
            j = next_candidate(b, j);
        }
        return body_end(b, header_end);
    };
    let mut details = first + DETAILS_HEADER.len();
    let mut j = next_candidate(b, first);
    while j < b.len() {
        if b[j..].starts_with(DETAILS_HEADER) {
            details = j + DETAILS_HEADER.len();
        } else if let Some((sec, _)) = label_at(b, j)
            && (sec == Sec::Note || last.is_last(b, sec, j))
        {
            return details;
        }
        j = next_candidate(b, j);
    }
    details
}

/// Finds every planned section's span (first occurrence at a line start).
pub(crate) fn locate(body: &str, plan: &Plan<'_>) -> Locs {
    let b = body.as_bytes();
    let mut locs = new_locs();
    let mut last = LastSeen::new();
    let mut i = next_md_line(b, 0);
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
            (at_line_break_or_end(b, end) || u.repl_ends_with_newline()).then_some(end)
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
                let end = exact.unwrap_or_else(|| note_fallback_end(b, value, &mut last));
                if update.is_some() {
                    locs[idx] = Loc::Found(i..end);
                }
                end
            }
            Kind::Block => {
                let end = exact.unwrap_or_else(|| block_fallback_end(b, value, &mut last));
                if update.is_some() {
                    locs[idx] = Loc::Found(i..end);
                }
                end
            }
        };
        // A span that ends with its own line break already stands at the next line.
        i = if end > i && b[end - 1] == b'\n' {
            next_md_line(b, end)
        } else {
            next_candidate(b, end.max(i))
        };
    }
    locs
}
