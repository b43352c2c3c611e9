//! Finding the sections of a text/html body (`<li><b>Label</b>: …</li>` items, `<div>` blocks).

use super::datetime::js_trim;
use super::scan::{find_ci, starts_ci};
use super::sections::{Kind, Plan, Sec};
use super::upsert::{Loc, Locs, all_found, new_locs};

fn is_js_space_byte(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// `<b>label</b>` at `at`: the label's byte range and the position after `</b>`.
fn bold_label(b: &[u8], at: usize) -> Option<(usize, usize, usize)> {
    if !starts_ci(b, at, b"<b>") {
        return None;
    }
    let start = at + 3;
    let limit = (start + 44).min(b.len());
    let close = start + memchr::memchr(b'<', &b[start..limit])?;
    if !starts_ci(b, close, b"</b>") {
        return None;
    }
    Some((start, close, close + 4))
}

/// A section starting at `p` (which holds `<`): the section, where its span starts and where
/// the content after the label starts.
fn section_at(b: &[u8], p: usize) -> Option<(Sec, usize, usize)> {
    if starts_ci(b, p, b"<div>") {
        let (s, e, after) = bold_label(b, p + 5)?;
        let sec = Sec::from_html_label(&b[s..e])?;
        if sec.kind() != Kind::Block || !starts_ci(b, after, b"<br>") {
            return None;
        }
        return Some((sec, p, after + 4));
    }
    let (bold, start) = if starts_ci(b, p, b"<li>") {
        (p + 4, p)
    } else {
        (p, p)
    };
    let (s, e, after) = bold_label(b, bold)?;
    let label = &b[s..e];
    if bold == p && label.eq_ignore_ascii_case(b"Agent notes") {
        return Some((Sec::Note, start, after));
    }
    let sec = Sec::from_html_label(label)?;
    if sec.kind() != Kind::Line || b.get(after) != Some(&b':') {
        return None;
    }
    let mut v = after + 1;
    while v < b.len() && is_js_space_byte(b[v]) {
        v += 1;
    }
    // U+00A0 as UTF-8 also counts as whitespace after the colon.
    while b.get(v..v + 2) == Some(&[0xC2, 0xA0]) {
        v += 2;
    }
    Some((sec, start, v))
}

/// Whether an item's `</li>` ending at `e` closes it: what follows (after whitespace) is the
/// end of the body, another item, a list or block boundary, or one of our sections.
fn closes_item(b: &[u8], e: usize) -> bool {
    let mut k = e;
    while k < b.len() && is_js_space_byte(b[k]) {
        k += 1;
    }
    k >= b.len()
        || ["<li", "<ul", "<ol", "<div", "<br", "<p"]
            .iter()
            .any(|t| starts_ci(b, k, t.as_bytes()))
        || (starts_ci(b, k, b"</") && !starts_ci(b, k, b"</li>"))
        || section_at(b, k).is_some()
}

/// A list item's value: an `<a …>…</a>` element or text up to the next `<` (values we write are
/// escaped, so they hold no `<`); then an optional `</li>` (whitespace before it allowed).
/// Core writes values raw, so a value of a body core wrote may hold markup, even `</li>`: the
/// item then runs to the `</li>` that closes it (one followed by another item, a boundary or
/// the end), or to the last `</li>` before the next item. Returns (value end, span end).
fn item_end(b: &[u8], v: usize) -> (usize, usize) {
    let mut value_end = v;
    if starts_ci(b, v, b"<a") {
        if let Some(close) = find_ci(b, v, b"</a>") {
            value_end = close + 4;
        }
    } else {
        value_end = memchr::memchr(b'<', &b[v..]).map_or(b.len(), |p| v + p);
    }
    let mut k = value_end;
    while k < b.len() && is_js_space_byte(b[k]) {
        k += 1;
    }
    let simple = if starts_ci(b, k, b"</li>") {
        (value_end, k + 5)
    } else {
        (value_end, value_end)
    };
    if simple.1 >= b.len() || (simple.1 > value_end && closes_item(b, simple.1)) {
        return simple;
    }
    // Raw markup in the value: look for the `</li>` that closes the item.
    let mut last = (simple.1 > value_end).then_some(simple);
    let mut k = if simple.1 > value_end {
        simple.1
    } else {
        value_end
    };
    while let Some(off) = b.get(k..).and_then(|t| memchr::memchr(b'<', t)) {
        let p = k + off;
        if starts_ci(b, p, b"</li>") {
            if closes_item(b, p + 5) {
                return (p, p + 5);
            }
            last = Some((p, p + 5));
        } else if ["<li", "<ul", "</ul", "<ol", "</ol", "<div"]
            .iter()
            .any(|t| starts_ci(b, p, t.as_bytes()))
            || section_at(b, p).is_some()
        {
            break;
        }
        k = p + 1;
    }
    last.unwrap_or(simple)
}

/// A block ends at its first `</div>`, as core's matcher finds it (core writes the content
/// raw, so `<li>`/`<b>` markup inside it is the block's own); a block that the next block
/// interrupts first has lost its end (`None`).
fn block_end(b: &[u8], content: usize) -> Option<usize> {
    let mut k = content;
    while let Some(off) = b.get(k..).and_then(|t| memchr::memchr(b'<', t)) {
        let p = k + off;
        if starts_ci(b, p, b"</div>") {
            return Some(p + 6);
        }
        if starts_ci(b, p, b"<div>") && section_at(b, p).is_some() {
            return None;
        }
        k = p + 1;
    }
    None
}

/// The note ends after the last `Call details</b>` before the first list item or block.
fn note_end(b: &[u8], content: usize) -> Option<usize> {
    let mut limit = b.len();
    let mut k = content;
    while let Some(off) = b.get(k..).and_then(|t| memchr::memchr(b'<', t)) {
        let p = k + off;
        if let Some((sec, _, _)) = section_at(b, p)
            && sec != Sec::Note
        {
            limit = p;
            break;
        }
        k = p + 1;
    }
    let region = &b[..limit];
    let mut found = None;
    let mut from = content;
    while let Some(p) = find_ci(region, from, b"Call details</b>") {
        found = Some(p + 16);
        from = p + 1;
    }
    found
}

/// Where HTML recording and voicemail items are inserted: before the first `</ul>` that is
/// not inside one of our sections (a span being rewritten, or a block's text, which core
/// writes raw and which may hold a list of its own).
pub(crate) fn ul_insert_point(b: &[u8], rewritten: &[std::ops::Range<usize>]) -> Option<usize> {
    let mut i = 0;
    while let Some(off) = b.get(i..).and_then(|t| memchr::memchr(b'<', t)) {
        let p = i + off;
        if let Some(r) = rewritten.iter().find(|r| r.contains(&p)) {
            i = r.end.max(p + 1);
            continue;
        }
        if starts_ci(b, p, b"</ul>") {
            return Some(p);
        }
        if let Some((sec, _, content)) = section_at(b, p)
            && sec.kind() == Kind::Block
        {
            i = block_end(b, content).unwrap_or(content).max(p + 1);
            continue;
        }
        i = p + 1;
    }
    None
}

/// Finds every planned section's span (first occurrence).
pub(crate) fn locate(body: &str, plan: &Plan<'_>) -> Locs {
    let b = body.as_bytes();
    let mut locs = new_locs();
    let mut i = 0;
    while let Some(off) = b.get(i..).and_then(|t| memchr::memchr(b'<', t)) {
        if all_found(plan, &locs) {
            break;
        }
        let p = i + off;
        let Some((sec, start, content)) = section_at(b, p) else {
            i = p + 1;
            continue;
        };
        let idx = sec.index();
        let update = plan[idx]
            .as_ref()
            .filter(|_| matches!(locs[idx], Loc::Absent));
        let exact = update.and_then(|u| u.matches_at(b, start));
        let end = match sec.kind() {
            Kind::Line => {
                let (value_end, fallback) = item_end(b, content);
                if let Some(u) = update {
                    locs[idx] =
                        if u.pending_only && js_trim(&body[content..value_end]) != "(pending...)" {
                            Loc::Keep
                        } else {
                            Loc::Found(start..exact.unwrap_or(fallback))
                        };
                }
                exact.unwrap_or(fallback)
            }
            Kind::Note => {
                // Without the "Call details" header only `<b>Agent notes</b>` (and a `<br>`) is ours.
                let found = exact.or_else(|| note_end(b, content));
                let end = found.unwrap_or_else(|| {
                    if starts_ci(b, content, b"<br>") {
                        content + 4
                    } else {
                        content
                    }
                });
                if update.is_some() {
                    locs[idx] = if found.is_none() && end > content {
                        Loc::FoundUseInsert(start..end)
                    } else {
                        Loc::Found(start..end)
                    };
                }
                end
            }
            Kind::Block => {
                let end = exact.or_else(|| block_end(b, content)).unwrap_or(content);
                if update.is_some() {
                    locs[idx] = Loc::Found(start..end);
                }
                end
            }
        };
        i = end.max(p + 1);
    }
    locs
}
