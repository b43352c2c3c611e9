//! `examples/proxy_server.rs`: a server from a config alone. The example is built once
//! (through the `cargo` running this test, with its features), run against a fake CRM on
//! loopback, signed in to over HTTP, and stopped; a broken config makes it exit with the paths.
#![cfg(all(feature = "proxy", feature = "tower", feature = "sqlite"))]

mod common;
mod proxy_support;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use base64::Engine as _;
use proxy_support::{FakeCrm, Reply};
use serde_json::{Value, json};

/// Builds the example with this test's features (so nothing is rebuilt) and returns its path.
fn example_binary() -> PathBuf {
    // The features this test was built with, so the library is not rebuilt for the example.
    let enabled = [
        ("schema", cfg!(feature = "schema")),
        ("oauth", cfg!(feature = "oauth")),
        ("postgres", cfg!(feature = "postgres")),
    ];
    let mut features = vec!["proxy", "tower", "sqlite"];
    features.extend(enabled.iter().filter(|(_, on)| *on).map(|(name, _)| *name));
    let output = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "build",
            "--quiet",
            "--example",
            "proxy_server",
            "--message-format=json",
        ])
        .args(["--no-default-features", "--features", &features.join(",")])
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|msg| msg["target"]["name"] == "proxy_server")
        .find_map(|msg| msg["executable"].as_str().map(PathBuf::from))
        .expect("cargo reports the example's executable")
}

/// Stops the example when the test ends, whatever happens.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn proxy_example_serves_a_connector_from_a_config_alone() {
    let Some(sample) = common::reference_file("reference/proxy-config-sample.json") else {
        return;
    };
    let binary = example_binary();
    let key = "example-key";
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(key)
    );
    let crm = FakeCrm::start(move |r| {
        if r.header("authorization") == Some(expected.as_str()) && r.path == "/authentication" {
            Reply::json(json!({ "user": { "username": "grace" }, "message": "Hello grace" }))
        } else {
            Reply::status(401, json!({}))
        }
    })
    .await;

    let mut child = Command::new(&binary)
        .args([
            "--config",
            &sample.to_string_lossy(),
            "--base-url",
            &crm.url,
        ])
        .args(["--addr", "127.0.0.1:0"])
        .env(
            "APP_SERVER_SECRET_KEY",
            "proxy-example-test-secret-of-32-bytes!",
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the example");
    let stdout = child.stdout.take().expect("stdout");
    let _running = Running(child);
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .expect("join")
    .expect("a line");
    let url = line
        .split_whitespace()
        .last()
        .filter(|u| u.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .to_owned();
    assert!(line.contains("`proxy`"), "{line}");

    let http = reqwest::Client::new();
    let alive = http
        .get(format!("{url}/isAlive"))
        .send()
        .await
        .expect("isAlive");
    assert_eq!(alive.status().as_u16(), 200);
    let login: Value = http
        .post(format!("{url}/apiKeyLogin"))
        .json(&json!({ "platform": "proxy", "apiKey": key }))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("JSON");
    assert_eq!(login["name"], "grace", "{login}");
    assert_eq!(login["returnMessage"]["message"], "Hello grace");
    assert!(login["jwtToken"].is_string());
    assert_eq!(crm.count(), 1);
}

#[test]
fn proxy_example_refuses_a_broken_config_with_its_paths() {
    let binary = example_binary();
    let dir = std::env::temp_dir().join(format!("proxy-example-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let config = dir.join("broken.json");
    std::fs::write(
        &config,
        r#"{ "auth": { "type": "token" }, "operations": { "findContact": { "method": "FETCH IT" } } }"#,
    )
    .expect("write config");
    let output = Command::new(&binary)
        .args(["--config", &config.to_string_lossy()])
        .output()
        .expect("run the example");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("auth.type"), "{stderr}");
    assert!(stderr.contains("the proxy config has"), "{stderr}");

    let output = Command::new(&binary).output().expect("run the example");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--config is required"));
}
