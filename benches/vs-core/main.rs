//! The Rust side of `benches/vs-core/run.sh`: times our composer on the inputs `core.js`
//! prepared (`cargo bench --bench vs_core -- <dir>`), and prints `name<TAB>nanoseconds`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use app_connect_sdk::compose::jsonl::ComposeRequest;

/// Nanoseconds per call of `f`: repeated for at least `min` and 3 calls.
fn time(mut f: impl FnMut(), min: Duration) -> f64 {
    f();
    let start = Instant::now();
    let mut n = 0u32;
    while n < 3 || start.elapsed() < min {
        f();
        n += 1;
    }
    start.elapsed().as_nanos() as f64 / f64::from(n)
}

fn main() {
    let Some(dir) = std::env::args().skip(1).find(|a| !a.starts_with("--")) else {
        eprintln!("usage: cargo bench --bench vs_core -- <dir prepared by core.js>");
        return;
    };
    let dir = std::path::Path::new(&dir);
    let Ok(params) = std::fs::read_to_string(dir.join("params.jsonl")) else {
        eprintln!("no params.jsonl in {}", dir.display());
        return;
    };
    let lines: Vec<&str> = params.lines().filter(|l| !l.is_empty()).collect();
    let all = || {
        for l in &lines {
            if let Ok(r) = ComposeRequest::from_json_str(black_box(l)) {
                black_box(r.compose());
            }
        }
    };
    let per = time(all, Duration::from_secs(3)) / lines.len() as f64;
    println!("per-compose\t{per}");
    // Where our per-compose time goes: reading the JSON, and composing a read request.
    let parse = || {
        for l in &lines {
            let _ = black_box(ComposeRequest::from_json_str(black_box(l)));
        }
    };
    let parse = time(parse, Duration::from_secs(1)) / lines.len() as f64;
    println!("ours-only: JSON text -> request\t{parse}");
    let requests: Vec<ComposeRequest<'_>> = lines
        .iter()
        .filter_map(|l| ComposeRequest::from_json_str(l).ok())
        .collect();
    if requests.len() != lines.len() {
        eprintln!(
            "{} of {} inputs were rejected",
            lines.len() - requests.len(),
            lines.len()
        );
    }
    let compose = || {
        for r in &requests {
            black_box(r.compose());
        }
    };
    let compose = time(compose, Duration::from_secs(1)) / requests.len() as f64;
    println!("ours-only: request -> body\t{compose}");
    for mib in [1, 2, 4, 16] {
        for kind in ["link", "full"] {
            let Ok(text) = std::fs::read_to_string(dir.join(format!("update-{mib}-{kind}.json")))
            else {
                continue;
            };
            let Ok(request) = ComposeRequest::from_json_str(&text) else {
                eprintln!("update-{mib}-{kind}.json does not parse");
                continue;
            };
            let ns = time(
                || {
                    black_box(request.compose());
                },
                Duration::from_secs(2),
            );
            println!("update-{mib}MiB-{kind}\t{ns}");
            if kind == "link" {
                // The floor any flat-string composer pays: one copy of the existing body.
                let body = request.existing_body.as_ref();
                let copy = time(
                    || {
                        black_box(black_box(body).to_owned());
                    },
                    Duration::from_secs(1),
                );
                println!("ours-only: copy of the {mib} MiB body\t{copy}");
            }
        }
    }
}
