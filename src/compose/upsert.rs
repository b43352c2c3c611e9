//! The upsert: find every section once, then write the new body in one pass.

use std::ops::Range;

use super::format::LogFormat;
use super::scan::find_ci;
use super::sections::{Plan, SECTION_COUNT, Sec};

/// Where a planned section was found in the existing body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Loc {
    /// Not in the body: it is inserted.
    Absent,
    /// In the body at this span: the span is replaced.
    Found(Range<usize>),
    /// In the body at this span, which lacks its closing part: replaced with the insert text.
    FoundUseInsert(Range<usize>),
    /// In the body, and kept as it is (a RingCentral user name that is not "(pending...)").
    Keep,
}

pub(crate) type Locs = [Loc; SECTION_COUNT];

pub(crate) fn new_locs() -> Locs {
    std::array::from_fn(|_| Loc::Absent)
}

/// Applies the plan to `body`, given where each section was found.
pub(crate) fn build(format: &LogFormat, body: &str, plan: &Plan, locs: &Locs) -> String {
    let html = matches!(format, LogFormat::Html);
    let extra: usize = plan
        .iter()
        .flatten()
        .map(|u| u.repl.len().max(u.insert.len()) + 32)
        .sum();
    let mut out = String::with_capacity(body.len() + extra);

    // Replacements, in body order.
    let mut spans: Vec<(Range<usize>, &str)> = Vec::with_capacity(SECTION_COUNT);
    for (update, loc) in plan.iter().zip(locs.iter()) {
        let Some(u) = update else { continue };
        match loc {
            Loc::Found(r) => spans.push((r.clone(), u.repl.as_str())),
            Loc::FoundUseInsert(r) => spans.push((r.clone(), u.insert.as_str())),
            Loc::Absent | Loc::Keep => {}
        }
    }
    spans.sort_by_key(|(r, _)| r.start);

    let absent = |sec: Sec| {
        plan[sec.index()]
            .as_ref()
            .filter(|_| locs[sec.index()] == Loc::Absent)
    };

    // HTML recording and voicemail items go before the first `</ul>` outside our sections.
    let mut ul_items: Vec<&str> = Vec::new();
    if html {
        for sec in [Sec::Recording, Sec::Voicemail] {
            if let Some(u) = absent(sec) {
                ul_items.push(u.insert.as_str());
            }
        }
    }
    let ul_pos = if ul_items.is_empty() {
        None
    } else {
        let b = body.as_bytes();
        let mut from = 0;
        loop {
            match find_ci(b, from, b"</ul>") {
                Some(p) => match spans.iter().find(|(r, _)| r.contains(&p)) {
                    Some((r, _)) => from = r.end,
                    None => break Some(p),
                },
                None => break None,
            }
        }
    };

    // The agent note goes first.
    if let Some(u) = absent(Sec::Note) {
        out.push_str(&u.insert);
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
                out.push_str(item);
            }
            out.push_str(&body[p..to]);
        } else {
            out.push_str(&body[from..to]);
        }
    };
    for (r, text) in &spans {
        if r.start < pos {
            continue; // overlapping spans cannot happen; be safe anyway
        }
        copy(&mut out, pos, r.start);
        out.push_str(text);
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
        if !html && !out.is_empty() && !out.ends_with('\n') && !u.insert.starts_with('\n') {
            out.push('\n');
        }
        out.push_str(&u.insert);
    }
    out
}
