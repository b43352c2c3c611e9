//! Custom routes (issue 13 item 5): `ConnectorServer::authenticate` and `SignedIn::call` are
//! observed and traced like the built-in routes — the `Observer` sees the token refresh and
//! the route's connector calls, and they run in an `app_connect.request` span with the
//! route's path, platform and user pseudonym.
#![cfg(feature = "tracing")]

mod common;
mod support;

use std::sync::{Arc, Mutex, PoisonError};

use app_connect_sdk::connector::Interface;
use app_connect_sdk::http::{Request, StatusCode, header::AUTHORIZATION};
use app_connect_sdk::models::FindContactParams;
use app_connect_sdk::server::{CallOutcome, InterfaceCall, Observer};
use support::{Capture, Failure, Harness, KNOWN_PHONE, Options, PLATFORM, USER_ID};

/// One observed call: interface, outcome, CRM status.
type Seen = (String, CallOutcome, Option<u16>);

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Seen>>>);

impl Recorder {
    fn seen(&self) -> Vec<Seen> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Observer for Recorder {
    fn interface_called(&self, call: &InterfaceCall<'_>) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).push((
            call.interface.as_str().to_owned(),
            call.outcome,
            call.crm_status.map(|s| s.as_u16()),
        ));
    }
}

async fn harness(options: Options) -> (Harness, Recorder) {
    let recorder = Recorder::default();
    let observer = recorder.clone();
    let h = Harness::with(options, move |b| b.observer(observer)).await;
    (h, recorder)
}

/// A custom route: authenticate, then look the known number up through `SignedIn::call`;
/// the answer is the connector's contact count, or the runtime's reply to a failure.
async fn my_route(h: &Harness, token: Option<&str>) -> (StatusCode, String) {
    let mut request = Request::get("/my/report?format=short");
    if let Some(token) = token {
        request = request.header(AUTHORIZATION, format!("Bearer {token}"));
    }
    let (parts, ()) = request.body(()).expect("request builds").into_parts();
    let signed_in = match h.server.authenticate(&parts).await {
        Ok(signed_in) => signed_in,
        Err(answer) => {
            return (
                answer.status(),
                String::from_utf8_lossy(answer.body()).into(),
            );
        }
    };
    let (connector, cx) = (signed_in.connector(), signed_in.context());
    let found = signed_in
        .call(
            Interface::FindContact,
            connector.find_contact(cx, FindContactParams::new(KNOWN_PHONE)),
        )
        .await;
    match found {
        Ok(found) => (
            StatusCode::OK,
            format!("{} contacts", found.matched_contact_info.len()),
        ),
        Err(answer) => (
            answer.status(),
            String::from_utf8_lossy(answer.body()).into(),
        ),
    }
}

#[tokio::test]
async fn calls_of_a_custom_route_are_observed_and_traced_in_its_span() {
    let (h, recorder) = harness(Options::default()).await;
    let capture = Capture::default();
    let _guard = capture.install();

    let (status, body) = my_route(&h, Some(&h.token)).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "1 contacts"));
    assert_eq!(
        recorder.seen(),
        [("findContact".to_owned(), CallOutcome::Succeeded, None)]
    );

    // A CRM failure: observed with its status, logged with its source chain in the span of
    // the custom route, and answered as the built-in route would.
    h.crm.fail(
        "findContact",
        Failure::CrmSource(503, "GET /contacts failed", "upstream unavailable"),
    );
    let (status, body) = my_route(&h, Some(&h.token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Error finding contact"), "{body}");
    assert_eq!(
        recorder.seen().last(),
        Some(&("findContact".to_owned(), CallOutcome::Failed, Some(503)))
    );
    let text = capture.text().replace('"', "");
    let event = text
        .lines()
        .find(|l| l.contains("connector call failed"))
        .unwrap_or_else(|| panic!("no failure event in:\n{text}"));
    assert!(event.contains("WARN"), "{event}");
    assert!(event.contains("app_connect.request{"), "{event}");
    assert!(event.contains("route=/my/report"), "{event}");
    assert!(event.contains(&format!("platform={PLATFORM}")), "{event}");
    assert!(event.contains("interface=findContact"), "{event}");
    assert!(event.contains("user="), "{event}");
    assert!(
        !event.contains(USER_ID),
        "the user id itself is never logged: {event}"
    );
    assert!(
        event.contains("GET /contacts failed: upstream unavailable"),
        "{event}"
    );
    assert!(!event.contains("format=short"), "no query string: {event}");
}

#[tokio::test]
async fn a_refused_session_of_a_custom_route_is_logged_and_the_token_refresh_observed() {
    let (h, recorder) = harness(Options {
        oauth: true,
        ..Options::default()
    })
    .await;
    let capture = Capture::default();
    let _guard = capture.install();

    // The OAuth connector declares checkAndRefreshAccessToken: authenticate runs it.
    let (status, _) = my_route(&h, Some(&h.token)).await;
    assert_eq!(status, StatusCode::OK);
    let interfaces: Vec<String> = recorder.seen().into_iter().map(|(i, ..)| i).collect();
    assert_eq!(interfaces, ["checkAndRefreshAccessToken", "findContact"]);

    let (status, body) = my_route(&h, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let text = capture.text().replace('"', "");
    let rejected = text
        .lines()
        .find(|l| l.contains("request rejected"))
        .unwrap_or_else(|| panic!("no rejection event in:\n{text}"));
    assert!(rejected.contains("status=400"), "{rejected}");
    assert!(rejected.contains("route=/my/report"), "{rejected}");
    support::log_capture::assert_clean();
    assert!(
        !text.contains(&h.token),
        "the session token is never logged"
    );
}
