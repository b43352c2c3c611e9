//! Check an App Connect manifest in CI, or print its JSON Schema.
//!
//! ```text
//! cargo run --example manifest -- check path/to/manifest.json
//! cargo run --example manifest -- schema > manifest.schema.json
//! ```
//!
//! `check` prints the manifest normalised as JSON on stdout and exits 0 when it is valid;
//! otherwise it prints every problem with its JSON path on stderr and exits 1. A missing file
//! or bad usage exits 2.

use std::process::ExitCode;

use app_connect_sdk::manifest::Manifest;

const USAGE: &str = "usage: manifest check FILE | manifest schema";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["check", file] => check(file),
        ["schema"] => schema(),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn check(file: &str) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{file}: cannot read: {e}");
            return ExitCode::from(2);
        }
    };
    match Manifest::check_json_str(&text) {
        Ok(manifest) => {
            println!("{}", manifest.to_json_pretty());
            ExitCode::SUCCESS
        }
        Err(e) => {
            let problems = e.problems();
            for problem in &problems {
                eprintln!("{file}: {problem}");
            }
            let n = problems.len();
            eprintln!("{file}: {n} problem{}", if n == 1 { "" } else { "s" });
            ExitCode::from(1)
        }
    }
}

#[cfg(feature = "schema")]
fn schema() -> ExitCode {
    match serde_json::to_string_pretty(&app_connect_sdk::manifest::manifest_schema()) {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot print the schema: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(not(feature = "schema"))]
fn schema() -> ExitCode {
    eprintln!("this build has no JSON Schema: enable the `schema` feature");
    ExitCode::from(2)
}
