//! The `mock_crm_server` and `axum_server` examples, driven over real loopback TCP.
//!
//! The examples are built once per test binary (through the `cargo` running this test, with
//! this test's features, so nothing is rebuilt), spawned on `127.0.0.1:0`, and talked to with
//! hyper's HTTP/1.1 client. Every request has a timeout; the child is killed on drop.
#![cfg(all(feature = "tower", feature = "sqlite"))]

mod store_support;

use std::collections::HashMap;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use bytes::Bytes;
use http::{Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(10);
const RECORDING: &str =
    "https://ringcentral.github.io/ringcentral-embeddable/recording.html?id=7201234008";
const SESSION_ID: &str = "25106342008";

/// Builds both examples once; their executables by name.
fn example(name: &str) -> PathBuf {
    static BUILT: OnceLock<HashMap<String, PathBuf>> = OnceLock::new();
    let built = BUILT.get_or_init(|| {
        let mut features = Vec::new();
        if cfg!(feature = "schema") {
            features.push("schema");
        }
        features.push("tower");
        features.push("sqlite");
        if cfg!(feature = "postgres") {
            features.push("postgres");
        }
        let output = Command::new(env!("CARGO"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["build", "--quiet", "--message-format=json"])
            .args(["--example", "mock_crm_server", "--example", "axum_server"])
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
            .filter_map(|msg| {
                let name = msg["target"]["name"].as_str()?.to_owned();
                Some((name, PathBuf::from(msg["executable"].as_str()?)))
            })
            .collect()
    });
    built
        .get(name)
        .cloned()
        .unwrap_or_else(|| panic!("cargo reports no executable for {name}"))
}

/// A running example, killed when dropped (also when a test panics).
struct Running {
    child: Child,
    url: String,
    stderr: Option<JoinHandle<String>>,
    /// The temporary `--data` directory of a mock CRM started without one (removed after the
    /// child is killed).
    _data: Option<store_support::TempDir>,
}

impl Running {
    /// Spawns `name --addr 127.0.0.1:0` and waits for the `… listening on http://…` line;
    /// the mock CRM gets a fresh temporary `--data` file, never the default in the checkout.
    fn spawn(name: &str, secret: Option<&str>) -> Running {
        if name == "mock_crm_server" {
            let dir = store_support::TempDir::new();
            let data = dir.file("mock-crm.db");
            let mut running =
                Self::spawn_with(name, secret, &[OsStr::new("--data"), data.as_os_str()]);
            running._data = Some(dir);
            return running;
        }
        Self::spawn_with(name, secret, &[])
    }

    /// Like [`spawn`](Self::spawn), with extra arguments.
    fn spawn_with(name: &str, secret: Option<&str>, extra: &[&OsStr]) -> Running {
        Self::spawn_env(name, secret, extra, &[])
    }

    /// Like [`spawn_with`](Self::spawn_with), with extra environment variables.
    fn spawn_env(
        name: &str,
        secret: Option<&str>,
        extra: &[&OsStr],
        env: &[(&str, &str)],
    ) -> Running {
        let mut command = Command::new(example(name));
        command
            .args(["--addr", "127.0.0.1:0"])
            .args(extra)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        match secret {
            Some(secret) => command.env("APP_SERVER_SECRET_KEY", secret),
            None => command.env_remove("APP_SERVER_SECRET_KEY"),
        };
        let mut child = command.spawn().expect("spawn the example");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut stderr = child.stderr.take().expect("piped stderr");
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut running = Running {
            child,
            url: String::new(),
            stderr: Some(stderr),
            _data: None,
        };
        let line = rx
            .recv_timeout(TIMEOUT)
            .expect("the example prints its URL");
        let url = line
            .split_once("listening on ")
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        running.url = url.to_owned();
        running
    }

    /// Stops the example and returns what it wrote to stderr.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.stderr
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default()
    }

    /// One HTTP/1.1 request on a fresh connection; the status and the body (JSON when it is).
    async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        tokio::time::timeout(TIMEOUT, self.call_inner(method.clone(), path, token, body))
            .await
            .unwrap_or_else(|_| panic!("{method} {path} timed out"))
    }

    async fn call_inner(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let authority = self.url.trim_start_matches("http://");
        let stream = tokio::net::TcpStream::connect(authority)
            .await
            .expect("connect");
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .expect("handshake");
        tokio::spawn(connection);
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header("host", authority);
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let bytes = match body {
            Some(body) => {
                request = request.header("content-type", "application/json");
                Bytes::from(body.to_string())
            }
            None => Bytes::new(),
        };
        let response = sender
            .send_request(request.body(Full::new(bytes)).expect("request"))
            .await
            .expect("response");
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        let value = serde_json::from_slice(&body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
        (status, value)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn call_log_request() -> Value {
    json!({
        "logInfo": {
            "id": "Y3s2nWvbZpq4zUA",
            "sessionId": SESSION_ID,
            "telephonySessionId": "s-a7c5e1f2b3d4e5f6a7b8c9d0e1f2a3b4",
            "startTime": "2026-06-24T15:04:05.123Z",
            "duration": 317,
            "direction": "Inbound",
            "result": "Call connected",
            "from": { "phoneNumber": "+14155550100", "name": "Ada Lovelace" },
            "to": { "phoneNumber": "+16505550199", "extensionNumber": "101" }
        },
        "contactId": 1,
        "contactType": "Contact",
        "contactName": "Ada Lovelace",
        "note": "Ada wants the Bernoulli program reviewed before Friday.",
        "additionalSubmission": { "deals": 102 },
        "extensionNumber": "101"
    })
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[tokio::test]
async fn the_walkthrough_over_loopback() {
    let server = Running::spawn("mock_crm_server", None);
    let post = Method::POST;

    // Sign-in: the demo key works, any other key is refused with a clear message.
    let (status, refused) = server
        .call(
            post.clone(),
            "/apiKeyLogin",
            None,
            Some(json!({"platform": "mockcrm", "apiKey": "not-the-key"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    let message = refused["returnMessage"]["message"].as_str().unwrap_or("");
    assert!(message.contains("Invalid API key"), "{refused}");
    assert!(refused.get("jwtToken").is_none());
    let (status, login) = server
        .call(
            post.clone(),
            "/apiKeyLogin",
            None,
            Some(json!({"platform": "mockcrm", "apiKey": "demo-api-key"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{login}");
    let token = login["jwtToken"].as_str().expect("jwtToken").to_owned();
    let token = Some(token.as_str());
    // Without a session there is no data (HTTP 400, as App Connect answers).
    let (status, anonymous) = server
        .call(
            Method::GET,
            "/contact?phoneNumber=%2B14155550100",
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{anonymous}");
    assert!(anonymous.get("contact").is_none(), "{anonymous}");

    // Contact lookup: Ada, with her open deals (not the closed one) as form options.
    let (status, found) = server
        .call(
            Method::GET,
            "/contact?phoneNumber=%2B14155550100",
            token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(found["successful"], true, "{found}");
    let ada = &found["contact"][0];
    assert_eq!(
        (ada["id"].clone(), ada["name"].clone()),
        (json!(1), json!("Ada Lovelace"))
    );
    let deals: Vec<&Value> = ada["additionalInfo"]["deals"]
        .as_array()
        .expect("deals options")
        .iter()
        .map(|d| &d["const"])
        .collect();
    assert_eq!(deals, [&json!(101), &json!(102)]);

    // The manifest names the bound URL and the same field key.
    let (status, manifest) = server.call(Method::GET, "/crmManifest", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(manifest["serverUrl"], server.url.as_str());
    let fields = &manifest["platforms"]["mockcrm"]["page"]["callLog"]["additionalFields"];
    assert_eq!(fields[0]["const"], "deals");
    assert_eq!(fields[0]["contactDependent"], true);

    // Log the call: once. The second POST reports the existing log.
    let (status, logged) = server
        .call(post.clone(), "/callLog", token, Some(call_log_request()))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(logged["successful"], true, "{logged}");
    let log_id = logged["logId"].to_string().trim_matches('"').to_owned();
    let (_, again) = server
        .call(post.clone(), "/callLog", token, Some(call_log_request()))
        .await;
    assert_eq!(again["successful"], false, "{again}");
    let message = again["returnMessage"]["message"].as_str().unwrap_or("");
    assert!(message.contains("Existing log"), "{again}");

    // Add the recording, twice: the body carries the link once.
    let patch =
        json!({"sessionId": SESSION_ID, "extensionNumber": "101", "recordingLink": RECORDING});
    for _ in 0..2 {
        let (status, updated) = server
            .call(Method::PATCH, "/callLog", token, Some(patch.clone()))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(updated["successful"], true, "{updated}");
    }

    // Read it back through App Connect's lookup.
    let path = format!("/callLog?sessionIds={SESSION_ID}&requireDetails=true");
    let (status, lookup) = server.call(Method::GET, &path, token, None).await;
    assert_eq!(status, StatusCode::OK);
    let entry = &lookup["logs"][0];
    assert_eq!(entry["matched"], true, "{lookup}");
    assert_eq!(entry["logId"].to_string().trim_matches('"'), log_id);
    let full_body = entry["logData"]["fullBody"].as_str().expect("fullBody");
    assert_eq!(count(full_body, RECORDING), 1, "{full_body}");
    assert_eq!(count(full_body, "Bernoulli program reviewed"), 1);

    // What was written to the CRM: one call activity for Ada, linked to the deal.
    let (status, activities) = server
        .call(Method::GET, "/mock/activities", None, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let activities = activities.as_array().expect("a JSON array");
    assert_eq!(activities.len(), 1, "{activities:?}");
    let call = &activities[0];
    assert_eq!(call["id"].to_string(), log_id);
    assert_eq!(
        (call["kind"].clone(), call["contactId"].clone()),
        (json!("call"), json!(1))
    );
    assert_eq!(call["deal"]["id"], 102);
    assert_eq!(call["body"], full_body);

    let stderr = server.stop();
    assert!(stderr.contains("random session secret"), "{stderr}");
}

#[tokio::test]
async fn contacts_and_messages_are_written_to_the_mock_crm() {
    let server = Running::spawn("mock_crm_server", None);
    let (_, login) = server
        .call(
            Method::POST,
            "/apiKeyLogin",
            None,
            Some(json!({"platform": "mockcrm", "apiKey": "demo-api-key"})),
        )
        .await;
    let token = login["jwtToken"].as_str().map(str::to_owned);
    let token = token.as_deref();

    // An unknown number: create the contact, then it is found.
    let body = json!({"phoneNumber": "+14155550199", "newContactName": "Alan Turing"});
    let (status, created) = server
        .call(Method::POST, "/contact", token, Some(body))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(created["successful"], true, "{created}");
    let turing = created["contact"]["id"].clone();
    let (_, found) = server
        .call(
            Method::GET,
            "/contact?phoneNumber=%2B14155550199",
            token,
            None,
        )
        .await;
    assert_eq!(found["contact"][0]["id"], turing, "{found}");
    assert_eq!(found["contact"][0]["name"], "Alan Turing");

    // Two SMS of one conversation and day: one activity, both lines, oldest first.
    let message = |id: u64, text: &str, time: &str| {
        json!({"id": id, "type": "SMS", "direction": "Inbound", "subject": text,
               "creationTime": time, "from": {"phoneNumber": "+14155550100", "name": "Ada Lovelace"}})
    };
    let sms = |messages: Vec<Value>| {
        json!({
            "logInfo": {
                "conversationId": 7230881002008_u64,
                "conversationLogId": "7230881002008-2026-06-24",
                "messages": messages,
                "correspondents": [{"phoneNumber": "+14155550100", "name": "Ada Lovelace", "id": 1}]
            },
            "contactId": 1,
            "contactName": "Ada Lovelace"
        })
    };
    let first = message(
        1,
        "Can we move the call to 3pm?",
        "2026-06-24T16:01:12.000Z",
    );
    let second = message(2, "Thanks!", "2026-06-24T16:05:00.000Z");
    for body in [sms(vec![first.clone()]), sms(vec![second, first])] {
        let (status, logged) = server
            .call(Method::POST, "/messageLog", token, Some(body))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(logged["successful"], true, "{logged}");
    }
    let (_, activities) = server
        .call(Method::GET, "/mock/activities", None, None)
        .await;
    let activities = activities.as_array().expect("a JSON array");
    assert_eq!(activities.len(), 1, "{activities:?}");
    assert_eq!(activities[0]["kind"], "sms");
    let body = activities[0]["body"].as_str().unwrap_or("");
    let (a, b) = (body.find("3pm?"), body.find("Thanks!"));
    assert!(a.is_some() && b.is_some() && a < b, "{body}");
    assert_eq!(count(body, "3pm?"), 1, "{body}");
}

#[tokio::test]
async fn axum_server_serves_its_own_routes_and_the_connector_under_crm() {
    let secret = "a-test-secret-that-is-long-enough-0123456789";
    let server = Running::spawn("axum_server", Some(secret));
    let (status, health) = server.call(Method::GET, "/health", None, None).await;
    assert_eq!((status, &health["status"]), (StatusCode::OK, &json!("ok")));
    let (status, alive) = server.call(Method::GET, "/crm/isAlive", None, None).await;
    assert_eq!((status, alive), (StatusCode::OK, json!("OK")));
    let (_, manifest) = server
        .call(Method::GET, "/crm/crmManifest", None, None)
        .await;
    assert_eq!(manifest["serverUrl"], format!("{}/crm", server.url));
    let (status, _) = server.call(Method::GET, "/isAlive", None, None).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the connector lives under /crm only"
    );
    let stderr = server.stop();
    assert!(
        !stderr.contains(secret) && !stderr.contains("random"),
        "{stderr}"
    );
}

/// Signs in with the demo key and logs the call of [`call_log_request`]: the session token and
/// the CRM log id.
async fn sign_in_and_log_the_call(server: &Running) -> (String, String) {
    let (_, login) = server
        .call(
            Method::POST,
            "/apiKeyLogin",
            None,
            Some(json!({"platform": "mockcrm", "apiKey": "demo-api-key"})),
        )
        .await;
    let token = login["jwtToken"].as_str().expect("jwtToken").to_owned();
    let (_, logged) = server
        .call(
            Method::POST,
            "/callLog",
            Some(&token),
            Some(call_log_request()),
        )
        .await;
    assert_eq!(logged["successful"], true, "{logged}");
    let log_id = logged["logId"].to_string().trim_matches('"').to_owned();
    (token, log_id)
}

/// Issue 10's restart acceptance: log a call, stop the example, start it again on the same
/// `--data` file and secret: the old session token works, the call is still matched, the
/// recording PATCH updates the same activity, a repeated POST answers "Existing log", and the
/// mock CRM holds exactly one activity.
#[tokio::test]
async fn a_restart_on_the_same_data_file_keeps_sessions_linkage_and_activities() {
    let secret = "a-restart-test-secret-that-is-long-enough-42";
    let dir = store_support::TempDir::new();
    let data = dir.file("state.db");
    let args = [OsStr::new("--data"), data.as_os_str()];

    let first = Running::spawn_with("mock_crm_server", Some(secret), &args);
    let (token, log_id) = sign_in_and_log_the_call(&first).await;
    first.stop();

    let second = Running::spawn_with("mock_crm_server", Some(secret), &args);
    let token = Some(token.as_str());
    let path = format!("/callLog?sessionIds={SESSION_ID}&extensionNumber=101");
    let (status, lookup) = second.call(Method::GET, &path, token, None).await;
    assert_eq!(status, StatusCode::OK, "{lookup}");
    assert_eq!(lookup["logs"][0]["matched"], true, "{lookup}");
    assert_eq!(
        lookup["logs"][0]["logId"].to_string().trim_matches('"'),
        log_id
    );

    let patch =
        json!({"sessionId": SESSION_ID, "extensionNumber": "101", "recordingLink": RECORDING});
    let (_, updated) = second
        .call(Method::PATCH, "/callLog", token, Some(patch))
        .await;
    assert_eq!(updated["successful"], true, "{updated}");
    assert_eq!(updated["logId"].to_string().trim_matches('"'), log_id);

    let (_, again) = second
        .call(Method::POST, "/callLog", token, Some(call_log_request()))
        .await;
    assert_eq!(again["successful"], false, "{again}");
    assert_eq!(
        again["returnMessage"]["message"],
        format!("Existing log for session {SESSION_ID}")
    );

    let (_, activities) = second
        .call(Method::GET, "/mock/activities", None, None)
        .await;
    let activities = activities.as_array().expect("a JSON array");
    assert_eq!(activities.len(), 1, "{activities:?}");
    assert_eq!(activities[0]["id"].to_string(), log_id);
    let body = activities[0]["body"].as_str().unwrap_or_default();
    assert_eq!(count(body, RECORDING), 1, "{body}");
    second.stop();

    // The key file sits beside the data file; the API key is in none of the database files.
    assert!(dir.file("state.db.key").is_file());
    for entry in std::fs::read_dir(&dir.0).expect("the data directory") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "key") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("a database file");
        assert!(
            !bytes.windows(12).any(|w| w == b"demo-api-key"),
            "{}",
            path.display()
        );
    }
}

/// `--database-url`: the runtime's state goes to PostgreSQL (a schema of its own here, named
/// through the URL's `options`) and survives a restart; the linkage row is in the database.
#[cfg(feature = "postgres")]
#[tokio::test]
async fn postgres_database_url_keeps_the_runtime_state_in_postgresql() {
    let Some(url) = store_support::postgres_url() else {
        return;
    };
    let schema = store_support::unique("example");
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .expect("connect to PostgreSQL");
    tokio::spawn(connection);
    client
        .batch_execute(&format!("CREATE SCHEMA {schema}"))
        .await
        .expect("create the schema");
    let separator = if url.contains('?') { '&' } else { '?' };
    let database_url = format!("{url}{separator}options=-c%20search_path%3D{schema}");

    let secret = "a-postgres-example-secret-that-is-long-enough";
    let dir = store_support::TempDir::new();
    let data = dir.file("crm.db");
    let args = [
        OsStr::new("--data"),
        data.as_os_str(),
        OsStr::new("--database-url"),
        OsStr::new(&database_url),
    ];
    let first = Running::spawn_with("mock_crm_server", Some(secret), &args);
    let (token, _) = sign_in_and_log_the_call(&first).await;
    first.stop();

    let second = Running::spawn_with("mock_crm_server", Some(secret), &args);
    let path = format!("/callLog?sessionIds={SESSION_ID}&extensionNumber=101");
    let (_, lookup) = second.call(Method::GET, &path, Some(&token), None).await;
    assert_eq!(lookup["logs"][0]["matched"], true, "{lookup}");
    second.stop();

    let rows: i64 = client
        .query_one(&format!("SELECT count(*) FROM {schema}.call_logs"), &[])
        .await
        .expect("count the linkage rows")
        .get(0);
    assert_eq!(rows, 1);
}

/// The capabilities the runtime's other routes need: dispositions written to the activity,
/// the license status, settings kept across requests, and logout signing the session out.
#[tokio::test]
async fn routes_dispositions_license_settings_and_logout_on_the_mock_crm() {
    let server = Running::spawn("mock_crm_server", None);
    let (token, log_id) = sign_in_and_log_the_call(&server).await;
    let token = Some(token.as_str());

    let body = json!({"sessionId": SESSION_ID, "extensionNumber": "101",
                      "dispositions": {"outcome": "Follow-up"}});
    let (status, set) = server
        .call(Method::PUT, "/callDisposition", token, Some(body))
        .await;
    assert_eq!(status, StatusCode::OK, "{set}");
    assert_eq!(set["successful"], true, "{set}");
    let (_, details) = server
        .call(
            Method::GET,
            &format!("/callLog?sessionIds={SESSION_ID}&extensionNumber=101&requireDetails=true"),
            token,
            None,
        )
        .await;
    assert_eq!(
        details["logs"][0]["logId"].to_string().trim_matches('"'),
        log_id
    );
    assert_eq!(
        details["logs"][0]["logData"]["dispositions"]["outcome"], "Follow-up",
        "{details}"
    );

    let (status, license) = server
        .call(Method::GET, "/licenseStatus", token, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{license}");
    assert_eq!(license["isLicenseValid"], true);
    assert_eq!(license["licenseStatus"], "Demo");

    let body = json!({"userSettings": {"autoLogCalls": {"value": true}}});
    let (status, saved) = server
        .call(Method::POST, "/user/settings", token, Some(body))
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(
        saved["userSettings"]["autoLogCalls"]["value"], true,
        "{saved}"
    );
    let (_, settings) = server
        .call(Method::GET, "/user/settings", token, None)
        .await;
    assert_eq!(settings["autoLogCalls"]["value"], true, "{settings}");

    let (status, out) = server.call(Method::POST, "/unAuthorize", token, None).await;
    assert_eq!(status, StatusCode::OK, "{out}");
    assert_eq!(out["message"], "Logged out of the mock CRM", "{out}");
    let (_, after) = server
        .call(
            Method::GET,
            "/contact?phoneNumber=%2B14155550100",
            token,
            None,
        )
        .await;
    assert_eq!(after["successful"], false, "{after}");
}

/// The appointment routes over the mock CRM's calendar (issue 12): list, create, a status
/// change, a date-range list, cancel and an unknown id.
#[tokio::test]
async fn appointments_on_the_mock_crm_calendar() {
    let server = Running::spawn("mock_crm_server", None);
    let (token, _) = sign_in_and_log_the_call(&server).await;
    let token = Some(token.as_str());

    let (status, interfaces) = server
        .call(
            Method::GET,
            "/implementedInterfaces?platform=mockcrm",
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{interfaces}");
    for name in ["listAppointments", "createAppointment", "cancelAppointment"] {
        assert_eq!(interfaces[name], true, "{name}: {interfaces}");
    }

    let (status, listed) = server.call(Method::GET, "/appointments", token, None).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(
        listed["appointments"][0]["title"], "Renewal review",
        "{listed}"
    );

    let body = json!({"payload": {"title": "Follow-up on the deal", "summary": "Pricing",
                       "startTimeUtc": "2026-12-10T16:00:00.000Z", "durationMinutes": 20,
                       "contacts": [1]}});
    let (status, created) = server
        .call(Method::POST, "/appointments", token, Some(body))
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    assert_eq!(created["successful"], true, "{created}");
    assert_eq!(created["appointment"]["contactId"], "1", "{created}");
    let id = created["appointmentId"]
        .as_str()
        .expect("appointmentId")
        .to_owned();

    let (status, moved) = server
        .call(
            Method::POST,
            &format!("/appointments/{id}/status"),
            token,
            Some(json!({"status": "Tentative"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["appointment"]["status"], "tentative", "{moved}");

    let (_, december) = server
        .call(
            Method::GET,
            "/appointments?startDate=2026-12-09&endDate=2026-12-31",
            token,
            None,
        )
        .await;
    let ids: Vec<&str> = (december["appointments"].as_array().into_iter().flatten())
        .filter_map(|a| a["id"].as_str())
        .collect();
    assert_eq!(ids, [id.as_str()], "{december}");

    let (status, cancelled) = server
        .call(
            Method::POST,
            &format!("/appointments/{id}/cancel"),
            token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{cancelled}");
    assert_eq!(
        cancelled["returnMessage"]["message"],
        "Appointment cancelled"
    );
    let (_, refreshed) = server
        .call(
            Method::GET,
            &format!("/appointments/{id}/refresh"),
            token,
            None,
        )
        .await;
    assert_eq!(
        refreshed["appointment"]["status"], "cancelled",
        "{refreshed}"
    );

    let (status, missing) = server
        .call(Method::GET, "/appointments/4242/refresh", token, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{missing}");
    assert_eq!(missing["successful"], false, "{missing}");
    assert_eq!(
        missing["returnMessage"]["message"],
        "Appointment 4242 not found in Mock CRM"
    );
}

/// The admin routes on the mock CRM (issue 12): server-side logging settings written and read
/// back through its `ServerLoggingSettings`, account settings preloaded by `rcAccountId`. The
/// example is built here without the `oauth` feature, so RingCentral tokens cannot be
/// validated: `getUserList` is not advertised and a token-only admin route says why.
#[tokio::test]
async fn admin_routes_on_the_mock_crm() {
    let server = Running::spawn("mock_crm_server", None);
    let (token, _) = sign_in_and_log_the_call(&server).await;
    let token = Some(token.as_str());

    let (status, empty) = server
        .call(Method::GET, "/admin/serverLoggingSettings", token, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{empty}");
    assert_eq!(empty, json!({}));
    let body = json!({"additionalFieldValues": {"activityType": "call"}});
    let (status, saved) = server
        .call(
            Method::POST,
            "/admin/serverLoggingSettings",
            token,
            Some(body),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["successful"], true, "{saved}");
    assert_eq!(
        saved["returnMessage"]["message"],
        "Server logging settings saved"
    );
    let (_, read) = server
        .call(Method::GET, "/admin/serverLoggingSettings", token, None)
        .await;
    assert_eq!(read, json!({"activityType": "call"}));

    let (status, preload) = server
        .call(
            Method::GET,
            "/user/preloadSettings?rcAccountId=unknown",
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{preload}");
    assert_eq!(preload, json!({}));

    let (_, interfaces) = server
        .call(
            Method::GET,
            "/implementedInterfaces?platform=mockcrm",
            None,
            None,
        )
        .await;
    assert_eq!(interfaces["getUserList"], false, "{interfaces}");
    let (status, refused) = server
        .call(
            Method::GET,
            "/admin/settings?rcAccessToken=rc-token-1",
            token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert!(
        refused["error"]
            .as_str()
            .unwrap_or_default()
            .contains("oauth"),
        "{refused}"
    );
}

// ---------------------------------------------------------------- the hardened hosts (issue 13)

/// Writes `sent` on a fresh connection, then reads until the server closes it (or `TIMEOUT`);
/// what arrived and how long it took.
async fn raw_exchange(url: &str, sent: &[u8]) -> (String, Duration) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(url.trim_start_matches("http://"))
        .await
        .expect("connect");
    let started = std::time::Instant::now();
    stream.write_all(sent).await.expect("write");
    let mut received = Vec::new();
    let read = tokio::time::timeout(TIMEOUT, stream.read_to_end(&mut received)).await;
    assert!(
        read.is_ok(),
        "the server held the connection open for {TIMEOUT:?}"
    );
    (
        String::from_utf8_lossy(&received).into_owned(),
        started.elapsed(),
    )
}

fn hardened_axum(env: &[(&str, &str)]) -> Running {
    Running::spawn_env(
        "axum_server",
        Some("a-test-secret-that-is-long-enough-0123456789"),
        &[],
        env,
    )
}

#[tokio::test]
async fn a_half_sent_request_header_is_timed_out() {
    let server = hardened_axum(&[("APP_HOST_HEADER_TIMEOUT_MS", "300")]);
    let (received, took) =
        raw_exchange(&server.url, b"GET /crm/isAlive HTTP/1.1\r\nHost: x\r\n").await;
    assert!(took >= Duration::from_millis(250), "closed after {took:?}");
    assert!(
        received.is_empty() || received.starts_with("HTTP/1.1 408"),
        "{received}"
    );
    // The server still serves.
    let (status, alive) = server.call(Method::GET, "/crm/isAlive", None, None).await;
    assert_eq!((status, alive), (StatusCode::OK, json!("OK")));
}

#[tokio::test]
async fn a_half_sent_request_body_is_timed_out() {
    let server = hardened_axum(&[("APP_HOST_BODY_TIMEOUT_MS", "300")]);
    let sent = b"POST /crm/callLog HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"logInfo\":";
    let (received, took) = raw_exchange(&server.url, sent).await;
    assert!(
        took >= Duration::from_millis(250),
        "answered after {took:?}"
    );
    assert!(received.starts_with("HTTP/1.1 400"), "{received}");
    assert!(
        received.contains("cannot read the request body"),
        "{received}"
    );
}

#[tokio::test]
async fn a_declared_oversized_body_gets_413_before_100_continue() {
    let server = hardened_axum(&[]);
    let sent = b"POST /crm/callLog HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000000000\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n";
    let (received, took) = raw_exchange(&server.url, sent).await;
    assert!(received.starts_with("HTTP/1.1 413"), "{received}");
    assert!(!received.contains("100 Continue"), "{received}");
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[tokio::test]
async fn mock_crm_server_answers_cors_preflights_and_exposes_the_refreshed_token() {
    let server = Running::spawn(
        "mock_crm_server",
        Some("a-test-secret-that-is-long-enough-0123456789"),
    );
    let preflight = b"OPTIONS /contact?phoneNumber=1 HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example.com\r\nAccess-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: authorization\r\nConnection: close\r\n\r\n";
    let (received, _) = raw_exchange(&server.url, preflight).await;
    let lower = received.to_ascii_lowercase();
    assert!(received.starts_with("HTTP/1.1 200"), "{received}");
    assert!(
        lower.contains("access-control-allow-origin: *"),
        "{received}"
    );
    assert!(
        lower.contains("access-control-allow-headers: *"),
        "{received}"
    );

    let get = b"GET /isAlive HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example.com\r\nConnection: close\r\n\r\n";
    let (received, _) = raw_exchange(&server.url, get).await;
    let lower = received.to_ascii_lowercase();
    assert!(received.starts_with("HTTP/1.1 200"), "{received}");
    assert!(
        lower.contains("access-control-expose-headers: x-refreshed-jwt-token"),
        "{received}"
    );
}

// ---------------------------------------------------------------- account data (issue 12)

/// The manifest's activity-type field reads `GET /accountData?keys=crmData`; the connector
/// resolves the picked type through the runtime's account data cache.
#[tokio::test]
async fn account_data_fills_the_activity_type_field_and_the_connector_reads_it_through_the_runtime()
{
    let server = Running::spawn("mock_crm_server", None);
    let (_, manifest) = server
        .call(Method::GET, "/crmManifest?platformName=mockcrm", None, None)
        .await;
    let fields = &manifest["platforms"]["mockcrm"]["page"]["callLog"]["additionalFields"];
    let field = fields
        .as_array()
        .and_then(|f| f.iter().find(|f| f["const"] == "activityType"))
        .unwrap_or_else(|| panic!("no activityType field: {fields}"));
    assert_eq!(field["accountDataKey"], "crmData", "{field}");
    assert_eq!(field["accountDataProperty"], "activityTypes", "{field}");

    let (_, login) = server
        .call(
            Method::POST,
            "/apiKeyLogin",
            None,
            Some(json!({"platform": "mockcrm", "apiKey": "demo-api-key"})),
        )
        .await;
    let token = login["jwtToken"].as_str().expect("jwtToken").to_owned();
    let token = Some(token.as_str());
    let (status, data) = server
        .call(Method::GET, "/accountData?keys=crmData", token, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{data}");
    assert_eq!(data["successful"], true, "{data}");
    let types = &data["data"]["crmData"]["activityTypes"];
    assert_eq!(
        types[1],
        json!({"const": "meeting", "title": "Meeting"}),
        "{data}"
    );
    let (status, unknown) = server
        .call(Method::GET, "/accountData?keys=crmData,deals", token, None)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{unknown}");
    assert_eq!(
        unknown["returnMessage"]["message"],
        "Unknown account data key(s): deals"
    );

    let mut body = call_log_request();
    body["additionalSubmission"]["activityType"] = json!("meeting");
    let (_, logged) = server
        .call(Method::POST, "/callLog", token, Some(body))
        .await;
    assert_eq!(logged["successful"], true, "{logged}");
    let (_, activities) = server
        .call(Method::GET, "/mock/activities", None, None)
        .await;
    assert_eq!(activities[0]["activityType"], "Meeting", "{activities}");
}
