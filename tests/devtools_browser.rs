//! The `/devtools/` page of `mock_crm_server`, in a real headless Chromium.
//!
//! The example is built with this test's features and spawned on `127.0.0.1:0`; chromedriver
//! (also on port 0) drives Debian's Chromium through the W3C WebDriver HTTP API, spoken here
//! with a few reqwest calls. Without Chromium and chromedriver the tests fail when `CI` is set
//! (`.ci/run` installs them) and are skipped with one line elsewhere. Set `CHROMIUM` and
//! `CHROMEDRIVER` to use other executables. A screenshot is written to
//! `target/devtools/form.png`.
#![cfg(all(feature = "devtools", feature = "tower", feature = "sqlite"))]

mod store_support;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use base64::Engine as _;
use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(20);
const ADA: &str = "+14155550100";
/// The W3C WebDriver key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// A note and a subject whose markup would set the flag and the title if it ever ran.
const NOTE: &str = "Payload <img src=x onerror=\"window.__pwned=1;document.title='pwned'\"> and <script>window.__pwned=2;document.title='pwned'</script> end";
const SUBJECT: &str = "<script>window.__pwned=3;document.title='pwned'</script>Call with Ada";

/// The browser executables, or `None` (after one line) when absent outside CI.
fn browser() -> Option<(PathBuf, PathBuf)> {
    let find = |var: &str, default: &str| {
        let path = std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from);
        path.is_file().then_some(path)
    };
    match (
        find("CHROMIUM", "/usr/bin/chromium"),
        find("CHROMEDRIVER", "/usr/bin/chromedriver"),
    ) {
        (Some(chromium), Some(driver)) => Some((chromium, driver)),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but chromium or chromedriver is missing (apt-get install chromium chromium-driver)"
            );
            println!(
                "skipped: chromium or chromedriver not found (apt-get install chromium chromium-driver)"
            );
            None
        }
    }
}

/// The features this test was built with, so building the example rebuilds nothing.
fn features() -> String {
    let all = [
        ("schema", cfg!(feature = "schema")),
        ("tower", cfg!(feature = "tower")),
        ("oauth", cfg!(feature = "oauth")),
        ("sqlite", cfg!(feature = "sqlite")),
        ("proxy", cfg!(feature = "proxy")),
        ("postgres", cfg!(feature = "postgres")),
        ("devtools", cfg!(feature = "devtools")),
    ];
    let on: Vec<&str> = all.iter().filter(|(_, on)| *on).map(|(f, _)| *f).collect();
    on.join(",")
}

fn example() -> PathBuf {
    let output = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "--quiet", "--message-format=json"])
        .args(["--example", "mock_crm_server", "--no-default-features"])
        .args(["--features", &features()])
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
        .find(|msg| msg["target"]["name"] == "mock_crm_server")
        .and_then(|msg| msg["executable"].as_str().map(PathBuf::from))
        .expect("cargo reports the example's executable")
}

/// A child process killed on drop, and the first stdout line containing `marker`.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn(mut command: Command, marker: &'static str) -> (Process, String) {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn {command:?}: {e}"));
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.contains(marker) {
                let _ = tx.send(line);
            }
        }
    });
    let process = Process(child);
    let line = rx
        .recv_timeout(TIMEOUT)
        .unwrap_or_else(|_| panic!("{command:?} printed no line with {marker:?}"));
    (process, line)
}

/// The mock CRM server, a chromedriver and one browser session.
struct Browser {
    _server: Process,
    _driver: Process,
    _dirs: (store_support::TempDir, store_support::TempDir),
    http: reqwest::Client,
    session: String,
    url: String,
}

impl Browser {
    async fn start() -> Option<Browser> {
        let (chromium, driver) = browser()?;
        let data = store_support::TempDir::new();
        let mut command = Command::new(example());
        command
            .args(["--addr", "127.0.0.1:0", "--data"])
            .arg(data.file("mock-crm.db"))
            .env_remove("APP_SERVER_SECRET_KEY");
        let (server, line) = spawn(command, "listening on ");
        let url = line
            .split_once("listening on ")
            .map(|(_, url)| url.trim().to_owned())
            .expect("the URL");

        let mut command = Command::new(driver);
        command.arg("--port=0");
        let (driver, line) = spawn(command, "started successfully on port");
        let port = line
            .trim_end_matches('.')
            .rsplit(' ')
            .next()
            .and_then(|p| p.parse::<u16>().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));

        let profile = store_support::TempDir::new();
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,1400",
        ];
        let mut args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.0.display()));
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium, "args": args }
        }}});
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .no_proxy()
            .build()
            .expect("http client");
        let driver_url = format!("http://127.0.0.1:{port}");
        let answer: Value = http
            .post(format!("{driver_url}/session"))
            .json(&capabilities)
            .send()
            .await
            .expect("new session")
            .json()
            .await
            .expect("new session JSON");
        let session = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_owned();
        let browser = Browser {
            _server: server,
            _driver: driver,
            _dirs: (data, profile),
            http,
            session: format!("{driver_url}/session/{session}"),
            url,
        };
        // Finding an element waits for it (a click that submits a form does not wait for the
        // next page).
        browser
            .post("/timeouts", json!({ "implicit": 10_000 }))
            .await;
        Some(browser)
    }

    /// One WebDriver command; its `value` (panics on a WebDriver error).
    async fn command(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = self.http.request(method, format!("{}{path}", self.session));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let mut answer: Value = request
            .send()
            .await
            .expect("WebDriver request")
            .json()
            .await
            .expect("WebDriver JSON");
        assert!(
            answer["value"].get("error").is_none(),
            "WebDriver {path}: {answer}"
        );
        answer["value"].take()
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.command(reqwest::Method::POST, path, Some(body)).await
    }

    async fn get(&self, path: &str) -> Value {
        self.command(reqwest::Method::GET, path, None).await
    }

    async fn open(&self, path: &str) {
        let url = format!("{}{path}", self.url);
        self.post("/url", json!({ "url": url })).await;
    }

    async fn element(&self, css: &str) -> String {
        let found = self
            .post("/element", json!({ "using": "css selector", "value": css }))
            .await;
        found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {found}"))
            .to_owned()
    }

    async fn type_into(&self, css: &str, text: &str) {
        let id = self.element(css).await;
        self.post(&format!("/element/{id}/value"), json!({ "text": text }))
            .await;
    }

    async fn click(&self, css: &str) {
        let id = self.element(css).await;
        self.post(&format!("/element/{id}/click"), json!({})).await;
    }

    async fn script(&self, script: &str) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": [] }))
            .await
    }

    /// Signs in with the demo key and looks Ada up, through the page's own forms.
    async fn sign_in_and_look_up_ada(&self) {
        self.open("/devtools/").await;
        self.type_into("input[name=apiKey]", "demo-api-key").await;
        self.click("#signin-submit").await;
        let notice = self.get_text("#notice").await;
        assert_eq!(notice, "Signed in");
        self.type_into("input[name=phone]", ADA).await;
        self.click("#lookup-submit").await;
    }

    async fn get_text(&self, css: &str) -> String {
        let id = self.element(css).await;
        let text = self.get(&format!("/element/{id}/text")).await;
        text.as_str().expect("text").to_owned()
    }

    async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.get("/screenshot").await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().expect("base64 PNG"))
            .expect("a base64 PNG");
        assert!(png.starts_with(b"\x89PNG"), "not a PNG");
        let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"),
            PathBuf::from,
        );
        let dir = target.join("devtools");
        std::fs::create_dir_all(&dir).expect("create target/devtools");
        let path = dir.join(name);
        std::fs::write(&path, png).expect("write the screenshot");
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The driver is killed next; closing the session first lets Chromium exit cleanly.
        let session = self.session.clone();
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            if let Ok(runtime) = runtime {
                runtime.block_on(async {
                    let _ = reqwest::Client::new().delete(session).send().await;
                });
            }
        })
        .join();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn devtools_deal_dropdown_lists_adas_two_open_deals() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.sign_in_and_look_up_ada().await;
    let chosen = browser.get_text("#contacts .chosen").await;
    assert_eq!(chosen, "Ada Lovelace (Contact)");
    // The contactDependent "Deal" dropdown, filled from Ada's additionalInfo.deals.
    let options = browser
        .script(
            "return [...document.querySelectorAll('#callLog select[name=deals] option')]\
             .map(o => [o.value, o.textContent]);",
        )
        .await;
    assert_eq!(
        options,
        json!([
            ["101", "Analytical Engine programs"],
            ["102", "Bernoulli numbers note G"]
        ]),
        "the Deal dropdown lists Ada's open deals (not the closed 1843 translation)"
    );
    // No binding problem is reported beside the field for a correct connector.
    let issues = browser
        .script("return document.querySelectorAll('#callLog .issues li').length;")
        .await;
    assert_eq!(issues, json!(0));
    let path = browser.screenshot("form.png").await;
    println!("screenshot: {}", path.display());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn devtools_logged_markup_never_runs_and_shows_escaped() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.sign_in_and_look_up_ada().await;
    browser.type_into("#callLog-subject", SUBJECT).await;
    browser.type_into("#callLog-note", NOTE).await;
    browser
        .click("#callLog select[name=deals] option[value='102']")
        .await;
    browser.click("#log-call").await;
    let notice = browser.get_text("#notice").await;
    assert!(notice.starts_with("Call logged (log id "), "{notice}");

    // Nothing ran in the page: the flag is unset and the title is the page's own.
    let state = browser
        .script("return [typeof window.__pwned, document.title];")
        .await;
    assert_eq!(
        state,
        json!(["undefined", "App Connect devtools: Mock CRM"]),
        "a payload ran in the page"
    );
    // The subject shows as text, markup and all.
    let subject = browser.get_text("#activities .subject").await;
    assert_eq!(subject, SUBJECT);
    let deal = browser.get_text("#activities .hint").await;
    assert!(deal.contains("Deal: Bernoulli numbers note G"), "{deal}");
    // The HTML body is in a frame sandboxed without scripts, holding the composed body,
    // which carries the note escaped.
    let frame = browser
        .script(
            "const f = document.querySelector('#activities iframe');\
             return [f.getAttribute('sandbox'), f.hasAttribute('src'), f.getAttribute('srcdoc')];",
        )
        .await;
    assert_eq!(
        frame[0],
        json!(""),
        "the frame is sandboxed without allowances"
    );
    assert_eq!(frame[1], json!(false), "the frame loads nothing but srcdoc");
    let srcdoc = frame[2].as_str().expect("srcdoc");
    assert!(
        srcdoc.contains("&lt;script&gt;window.__pwned=2") && !srcdoc.contains("<script"),
        "{srcdoc}"
    );
    // Inside the frame: the note reads as text, and no payload ran there either.
    let frame_ref = browser.element("#activities iframe").await;
    browser
        .post("/frame", json!({ "id": { ELEMENT: frame_ref } }))
        .await;
    let body = browser.get_text("body").await;
    assert!(
        body.contains("<img src=x onerror=") && body.contains("<script>window.__pwned=2"),
        "{body}"
    );
    let images = browser
        .script("return [document.images.length, typeof window.__pwned];")
        .await;
    assert_eq!(
        images,
        json!([0, "undefined"]),
        "markup was parsed in the frame"
    );
    browser.post("/frame/parent", json!({})).await;
    let title = browser.get("/title").await;
    assert_eq!(title, json!("App Connect devtools: Mock CRM"));
    let path = browser.screenshot("activities.png").await;
    println!("screenshot: {}", path.display());
}
