//! The upsert: find every section once, then write the new body in one pass.

use std::ops::Range;

use super::format::LogFormat;
use super::sections::{Plan, SECTION_COUNT, Sec, Update};

/// Where a planned section was found in the existing body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Loc {
    /// Not in the body: it is inserted.
    Absent,
    /// In the body at this span: the span is replaced.
    Found(Range<usize>),
    /// In the body at this span, which lacks its closing part: replaced with the insert text.
    FoundUseInsert(Range<usize>),
    /// In the body at this span, with a label App Connect core glued on right after it:
    /// replaced, then a line break, so the glued section starts its own line again.
    FoundUnglue(Range<usize>),
    /// In the body, and kept as it is (a RingCentral user name that is not "(pending...)").
    Keep,
}

pub(crate) type Locs = [Loc; SECTION_COUNT];

pub(crate) fn new_locs() -> Locs {
    std::array::from_fn(|_| Loc::Absent)
}

/// Whether every planned section has been found: the scanners stop there, since only the
/// first occurrence of a section counts and the rest of the body is copied as it is (a
/// recording link found above a 16 MiB transcript does not scan the transcript).
pub(crate) fn all_found(plan: &Plan<'_>, locs: &Locs) -> bool {
    plan.iter()
        .zip(locs.iter())
        .all(|(u, l)| u.is_none() || !matches!(l, Loc::Absent))
}

/// Applies the plan to `body`, given where each section was found.
pub(crate) fn build(format: &LogFormat, body: &str, plan: &Plan<'_>, locs: &Locs) -> String {
    let html = matches!(format, LogFormat::Html);
    // Replacements, in body order.
    // (span, update, write the insert text, then a line break)
    let mut spans: Vec<(Range<usize>, &Update<'_>, bool, bool)> = Vec::with_capacity(SECTION_COUNT);
    for (update, loc) in plan.iter().zip(locs.iter()) {
        let Some(u) = update else { continue };
        match loc {
            Loc::Found(r) => spans.push((r.clone(), u, false, false)),
            Loc::FoundUseInsert(r) => spans.push((r.clone(), u, true, false)),
            Loc::FoundUnglue(r) => spans.push((r.clone(), u, false, true)),
            Loc::Absent | Loc::Keep => {}
        }
    }
    spans.sort_by_key(|(r, _, _, _)| r.start);

    // The exact output size, so a multi-megabyte body is written into one right-sized buffer.
    let mut size = body.len() + 32;
    for (r, u, use_insert, _) in &spans {
        size = size.saturating_sub(r.len())
            + if *use_insert {
                u.insert_len()
            } else {
                u.repl_len()
            };
    }
    for (u, loc) in plan.iter().zip(locs.iter()) {
        if let (Some(u), Loc::Absent) = (u, loc) {
            size += u.insert_len() + 16;
        }
    }
    let mut out = String::with_capacity(size);

    let absent = |sec: Sec| {
        plan[sec.index()]
            .as_ref()
            .filter(|_| locs[sec.index()] == Loc::Absent)
    };

    // HTML recording and voicemail items go before the first `</ul>` outside our sections.
    let mut ul_items: Vec<&Update<'_>> = Vec::new();
    if html {
        for sec in [Sec::Recording, Sec::Voicemail] {
            if let Some(u) = absent(sec) {
                ul_items.push(u);
            }
        }
    }
    let ul_pos = if ul_items.is_empty() {
        None
    } else {
        let rewritten: Vec<Range<usize>> = spans.iter().map(|(r, _, _, _)| r.clone()).collect();
        super::html::ul_insert_point(body.as_bytes(), &rewritten)
    };

    // The agent note goes first.
    if let Some(u) = absent(Sec::Note) {
        u.write_insert(&mut out);
        if matches!(format, LogFormat::Markdown) && !body.starts_with("## Call details") {
            out.push_str("## Call details\n");
        }
    }

    let mut pos = 0;
    let copy = |out: &mut String, from: usize, to: usize| {
        if let Some(p) = ul_pos
            && from <= p
            && p < to
        {
            out.push_str(&body[from..p]);
            for item in &ul_items {
                item.write_insert(out);
            }
            out.push_str(&body[p..to]);
        } else {
            out.push_str(&body[from..to]);
        }
    };
    for (r, u, use_insert, unglue) in &spans {
        if r.start < pos {
            continue; // overlapping spans cannot happen; be safe anyway
        }
        copy(&mut out, pos, r.start);
        if *use_insert {
            u.write_insert(&mut out);
        } else {
            u.write_repl(&mut out);
        }
        if *unglue {
            out.push('\n');
        }
        pos = r.end;
    }
    copy(&mut out, pos, body.len());

    // Everything else that is new goes at the end, in step order.
    for sec in Sec::ALL {
        if sec == Sec::Note {
            continue;
        }
        let Some(u) = absent(sec) else { continue };
        if html && ul_pos.is_some() && matches!(sec, Sec::Recording | Sec::Voicemail) {
            continue;
        }
        if !html && !out.is_empty() && !out.ends_with('\n') && !u.insert_starts_with_newline() {
            out.push('\n');
        }
        u.write_insert(&mut out);
    }
    out
}
