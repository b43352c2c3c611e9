//! Compose App Connect call-log bodies from JSON Lines.
//!
//! Reads one JSON object per line on stdin, with the parameter names of App Connect core's
//! `composeCallLog` (`logFormat`, `existingBody`, `callLog`, `contactInfo`,
//! `user` {`userSettings`, `timezoneOffset`}, `note`, `aiNote`, `transcript`, `recordingLink`,
//! `voicemailLink`, `subject`, `startTime`, `duration`, `result`, `ringSense*`), or such an
//! object wrapped as `{"params": {…}}`. Writes exactly one JSON line per input line:
//! `{"body": "…"}`, or `{"error": "…"}` for invalid input (processing continues).
//!
//! ```text
//! echo '{"logFormat":"text/plain","subject":"Hi","user":{}}' | cargo run --example compose
//! {"body":"- Summary: Hi\n"}
//! ```

use std::io::{self, BufRead, BufWriter, Write};

use app_connect_sdk::compose::jsonl::compose_line;

fn main() -> io::Result<()> {
    let stdin = io::stdin();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut buf = Vec::new();
    let mut input = stdin.lock();
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        let mut line = buf.as_slice();
        if let Some(rest) = line.strip_suffix(b"\n") {
            line = rest.strip_suffix(b"\r").unwrap_or(rest);
        }
        let result = match std::str::from_utf8(line) {
            Ok(text) => compose_line(text),
            Err(e) => serde_json::json!({ "error": format!("invalid UTF-8: {e}") }),
        };
        serde_json::to_writer(&mut out, &result)?;
        out.write_all(b"\n")?;
        // One answer per line as soon as it is ready, so a caller can stream requests.
        out.flush()?;
    }
    Ok(())
}
