//! Updating bodies shaped exactly as App Connect core writes them: core inserts user markup raw
//! (no escaping) and appends without a line break, and our update must still rewrite each
//! section whole, leaving no fragment of the old value and never adding a second copy.

use app_connect_sdk::compose::jsonl::compose_value;
use serde_json::{Value, json};

fn compose(mut params: Value) -> String {
    if params.get("user").is_none() {
        params["user"] = json!({});
    }
    match compose_value(&params) {
        Ok(body) => body,
        Err(e) => panic!("{params}: {e}"),
    }
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// Composing the same data again over the result changes nothing.
fn assert_stable(mut params: Value, body: &str) {
    params["existingBody"] = json!(body);
    assert_eq!(compose(params), body, "not idempotent");
}

#[test]
fn markdown_note_with_headings_of_its_own_is_rewritten_whole() {
    // Core's fresh body for a note holding markdown headings (it writes the note raw).
    for old_note in [
        "Recap\n### Transcript\nDraft of what was said",
        "Recap\n**Summary**: my own summary\nmore",
        "# Plan\n## Next steps\n### AI Note\n- call back",
        "Recap\n### Call journey\nIVR then queue\n### ACE summary\nx",
    ] {
        let body = format!(
            "## Agent notes\n{old_note}\n\n## Call details\n**Summary**: Call with Bob\n**Result**: Call connected\n"
        );
        let params =
            json!({"logFormat": "text/markdown", "existingBody": body, "note": "New note"});
        let out = compose(params.clone());
        assert_eq!(
            out,
            "## Agent notes\nNew note\n\n## Call details\n**Summary**: Call with Bob\n**Result**: Call connected\n",
            "old note {old_note:?}"
        );
        assert_stable(params, &out);
    }
}

#[test]
fn markdown_note_update_keeps_the_sections_that_follow_the_header() {
    let body = "## Agent notes\nRecap\n### Transcript\nmine\n\n## Call details\n**Summary**: S\n### Transcript\nreal transcript\n";
    let out = compose(json!({
        "logFormat": "text/markdown", "existingBody": body,
        "note": "Changed", "transcript": "new transcript",
    }));
    assert_eq!(
        out,
        "## Agent notes\nChanged\n\n## Call details\n**Summary**: S\n### Transcript\nnew transcript\n"
    );
}

#[test]
fn html_ai_note_with_raw_markup_is_rewritten_whole() {
    // Core writes the AI note raw, line breaks as <br>; AI notes often carry <b>/<li> markup.
    for old_ai in [
        "<b>Summary</b>: billing question<br><ul><li>Call back</li><li><b>Owner</b>: Alice</li></ul>",
        "<li><b>Result</b>: resolved</li><b>Next</b> steps",
        "Points:<br><li>one</li><li>two</li>",
    ] {
        let body = format!(
            "<b>Agent notes</b><br>n<br><br><b>Call details</b><br><li><b>Summary</b>: s</li>\
             <div><b>AI Note</b><br>{old_ai}</div><br><li><b>Call score</b>: 80</li>"
        );
        let params =
            json!({"logFormat": "text/html", "existingBody": body, "aiNote": "New AI note"});
        let out = compose(params.clone());
        assert_eq!(
            out,
            "<b>Agent notes</b><br>n<br><br><b>Call details</b><br><li><b>Summary</b>: s</li>\
             <div><b>AI Note</b><br>New AI note</div><br><li><b>Call score</b>: 80</li>",
            "old AI note {old_ai:?}"
        );
        assert_stable(params, &out);
    }
}

#[test]
fn html_blocks_with_raw_markup_do_not_hide_the_sections_after_them() {
    let body =
        "<div><b>Transcript</b><br>A: <b>Result</b>: fake</div><br><li><b>Result</b>: Missed</li>";
    let out = compose(
        json!({"logFormat": "text/html", "existingBody": body, "result": "Call connected"}),
    );
    assert_eq!(
        out,
        "<div><b>Transcript</b><br>A: <b>Result</b>: fake</div><br><li><b>Result</b>: Call connected</li>"
    );
}

#[test]
fn html_summary_with_raw_closing_tags_is_rewritten_whole() {
    for old_subject in [
        "a</li>b",
        "Re: <b>Deal</b> follow-up",
        "x</li><i>y</i> z",
        "<a href=\"https://crm.example.com/1\">ticket</a></li>tail",
    ] {
        let body = format!(
            "<li><b>Summary</b>: {old_subject}</li><li><b>Date/time</b>: 2024-01-15 10:30:00 AM</li>"
        );
        let params =
            json!({"logFormat": "text/html", "existingBody": body, "subject": "New subject"});
        let out = compose(params.clone());
        assert_eq!(
            out,
            "<li><b>Summary</b>: New subject</li><li><b>Date/time</b>: 2024-01-15 10:30:00 AM</li>",
            "old subject {old_subject:?}"
        );
        assert_stable(params, &out);
    }
    // Pretty-printed, with a list around it and the item last.
    let body = "<ul>\n<li><b>Summary</b>: a</li>b</li>\n</ul>";
    let out = compose(json!({"logFormat": "text/html", "existingBody": body, "subject": "N"}));
    assert_eq!(out, "<ul>\n<li><b>Summary</b>: N</li>\n</ul>");
}

#[test]
fn html_item_without_its_end_tag_still_stops_at_the_next_item() {
    let body = "<li><b>Summary</b>: old<li><b>Result</b>: Missed</li>";
    let out = compose(json!({"logFormat": "text/html", "existingBody": body, "subject": "N"}));
    assert_eq!(
        out,
        "<li><b>Summary</b>: N</li><li><b>Result</b>: Missed</li>"
    );
}

fn legs() -> Value {
    json!([
        {"direction": "Inbound", "from": {"phoneNumber": "+14155550199"},
         "to": {"phoneNumber": "+16505550100", "name": "Main IVR"}},
        {"direction": "Inbound", "to": {"extensionNumber": "205", "name": "Queue"}, "duration": 12}
    ])
}

#[test]
fn plain_glued_label_is_found() {
    // The CRM dropped the body's final line break; core then appended the journey glued on.
    let body = "- Note: n\n- Summary: s\n- Contact Number: +16579991394- Call journey:\n\
                Received call at Main IVR, +16505550100\n--- JOURNEY END\n";
    let params =
        json!({"logFormat": "text/plain", "existingBody": body, "callLog": {"legs": legs()}});
    let out = compose(params.clone());
    assert_eq!(
        out,
        "- Note: n\n- Summary: s\n- Contact Number: +16579991394- Call journey:\n\
         Received call at Main IVR, +16505550100\n\
         Transferred to Queue, ext 205, duration: 12 seconds\n--- JOURNEY END\n"
    );
    assert_eq!(count(&out, "- Call journey:"), 1);
    assert_stable(params, &out);

    // The field the label is glued onto is its own field: rewriting it puts the journey back
    // on a line of its own.
    let params = json!({
        "logFormat": "text/plain", "existingBody": body,
        "contactInfo": {"phoneNumber": "+16579990000"},
        "user": {"userSettings": {"addCallLogContactNumber": {"value": true}}},
    });
    let out = compose(params.clone());
    assert!(
        out.contains("- Contact Number: +16579990000\n- Call journey:\nReceived"),
        "{out}"
    );
    assert_eq!(count(&out, "- Contact Number:"), 1);
    assert_eq!(count(&out, "- Call journey:"), 1);
    assert_stable(params, &out);
}

#[test]
fn plain_labels_glued_after_fields_and_end_markers_are_found() {
    let body = "- Summary: s\n- Duration: 5 seconds- Result: Missed\n\n- AI Note:\nold\n--- END- Call journey:\nold journey\n--- JOURNEY END";
    let out = compose(json!({
        "logFormat": "text/plain", "existingBody": body,
        "result": "Call connected", "aiNote": "new", "callLog": {"legs": legs()},
    }));
    assert_eq!(
        out,
        "- Summary: s\n- Duration: 5 seconds- Result: Call connected\n\n- AI Note:\nnew\n--- END- Call journey:\n\
         Received call at Main IVR, +16505550100\n\
         Transferred to Queue, ext 205, duration: 12 seconds\n--- JOURNEY END"
    );
}

#[test]
fn plain_values_that_merely_contain_a_label_are_not_split() {
    // A space before the dash: the user's text, not core gluing a section on.
    let body = "- Summary: Call - Result: pending\n- Result: Missed\n";
    let out = compose(json!({"logFormat": "text/plain", "existingBody": body, "result": "Busy"}));
    assert_eq!(out, "- Summary: Call - Result: pending\n- Result: Busy\n");
}

#[test]
fn a_new_value_ending_in_a_space_before_a_glued_label_is_stable() {
    // Found by the fuzz target: a rewritten value ending in a space must not take the glued
    // label into its line, now or on later updates.
    let body = "- Result: old- Call journey:\nx\n--- JOURNEY END\n";
    let params = json!({"logFormat": "text/plain", "existingBody": body, "result": "Busy "});
    let out = compose(params.clone());
    assert_eq!(
        out,
        "- Result: Busy \n- Call journey:\nx\n--- JOURNEY END\n"
    );
    assert_stable(params, &out);
    let later =
        compose(json!({"logFormat": "text/plain", "existingBody": out, "result": "Missed"}));
    assert_eq!(
        later,
        "- Result: Missed\n- Call journey:\nx\n--- JOURNEY END\n"
    );
    // A body core glued where the value is unchanged is left as it is.
    let same = compose(json!({"logFormat": "text/plain", "existingBody": body, "result": "old"}));
    assert_eq!(same, body);
}

#[test]
fn html_recording_items_skip_lists_inside_blocks() {
    // Found by the fuzz target: the list inside a raw AI note is the note's, not the body's.
    let ai = "<div><b>AI Note</b><br>Points:<ul><li>one</li></ul></div><br>";
    let params = json!({
        "logFormat": "text/html", "existingBody": ai,
        "recordingLink": "https://media.example.com/rec/1",
    });
    let out = compose(params.clone());
    assert_eq!(
        out,
        format!(
            "{ai}<li><b>Call recording link</b>: \
             <a target=\"_blank\" href=\"https://media.example.com/rec/1\">open</a></li>"
        )
    );
    assert_stable(params, &out);

    // A list of the body's own after the block still takes the item.
    let body = format!("{ai}<ul><li><b>Summary</b>: s</li></ul>");
    let out = compose(json!({
        "logFormat": "text/html", "existingBody": body, "voicemailLink": "pending",
    }));
    assert_eq!(
        out,
        format!(
            "{ai}<ul><li><b>Summary</b>: s</li>\
             <li><b>Voicemail recording link</b>: (pending...)</li></ul>"
        )
    );
}
