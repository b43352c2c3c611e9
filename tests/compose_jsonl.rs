//! The JSON Lines front end, in-process and through the `compose` example binary.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use app_connect_sdk::compose::jsonl::{RequestError, compose_line, compose_value};
use serde_json::{Value, json};

#[test]
fn a_request_gives_a_body() {
    let out = compose_line(
        r#"{"logFormat":"text/plain","note":"N","subject":"S","duration":61,"startTime":"2024-01-15T10:30:00Z","user":{"timezoneOffset":"-05:00","userSettings":{"logDateFormat":{"value":"YYYY-MM-DD HH:mm Z"}}}}"#,
    );
    assert_eq!(
        out,
        json!({"body": "- Note: N\n- Summary: S\n- Date/Time: 2024-01-15 05:30 -05:00\n- Duration: 1 minute, 1 second\n"})
    );
}

#[test]
fn the_vector_layout_is_accepted() {
    let wrapped = compose_line(
        r#"{"name":"x","params":{"logFormat":"text/markdown","result":"Missed","user":{}},"expected":"?"}"#,
    );
    assert_eq!(wrapped, json!({"body": "**Result**: Missed\n"}));
}

#[test]
fn bad_input_names_what_is_wrong() {
    for (line, needle) in [
        ("{", "invalid JSON"),
        ("[1,2]", "expected an object"),
        (r#"{"logFormat":"text/plain"}"#, "user: required"),
        (r#"{"user":{},"note":{"a":1}}"#, "note: expected a string"),
        (r#"{"user":{},"logFormat":7}"#, "logFormat"),
        (
            r#"{"user":{},"callLog":{"legs":[{"direction":"Inbound","from":{}}]}}"#,
            "callLog.legs[0].to: required",
        ),
        (
            r#"{"user":{"userSettings":{"addRingCentralNumber":{"value":true}}}}"#,
            "callLog: required",
        ),
    ] {
        let out = compose_line(line);
        let err = out["error"].as_str().unwrap_or_default();
        assert!(err.contains(needle), "{line}: {out}");
        assert!(out.get("body").is_none());
    }
    assert!(matches!(
        compose_value(&json!({"user": {}, "existingBody": 5})),
        Err(RequestError::Invalid { ref path, .. }) if path == "existingBody"
    ));
}

#[test]
fn custom_formats_return_the_existing_body() {
    let out =
        compose_line(r#"{"logFormat":"custom","existingBody":"keep me","note":"N","user":{}}"#);
    assert_eq!(out, json!({"body": "keep me"}));
}

fn example_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    // target/<profile>/deps/<test> → target/<profile>/examples/compose
    let dir = exe
        .parent()
        .and_then(|d| d.parent())
        .map(|d| d.join("examples"))
        .unwrap_or_default();
    let bin = dir.join(format!("compose{}", std::env::consts::EXE_SUFFIX));
    if !bin.is_file() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--example", "compose"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building the compose example failed");
    }
    assert!(bin.is_file(), "{} not found", bin.display());
    bin
}

#[test]
fn the_example_answers_every_line_in_order() {
    let input = concat!(
        r#"{"logFormat":"text/html","note":"<i>hi</i>","user":{}}"#,
        "\n",
        "this is not json\n",
        "\n",
        r#"{"logFormat":"text/plain","recordingLink":"https://r/1","existingBody":"- Summary: S\n","user":{}}"#,
        "\r\n",
        r#"{"note":"no user"}"#,
        "\n",
        r#"{"params":{"logFormat":"text/markdown","subject":"M","user":{}}}"#,
    );
    let mut child = Command::new(example_binary())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("example starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("example runs");
    assert!(out.status.success());
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect();
    assert_eq!(lines.len(), 6, "{lines:?}");
    assert_eq!(
        lines[0],
        json!({"body": "<b>Agent notes</b><br>&lt;i&gt;hi&lt;/i&gt;<br><br><b>Call details</b><br>"})
    );
    assert!(lines[1]["error"].is_string());
    assert!(lines[2]["error"].is_string());
    assert_eq!(
        lines[3],
        json!({"body": "- Summary: S\n- Call recording link: https://r/1\n"})
    );
    assert!(
        lines[4]["error"]
            .as_str()
            .unwrap_or_default()
            .contains("user")
    );
    assert_eq!(lines[5], json!({"body": "**Summary**: M\n"}));
}
