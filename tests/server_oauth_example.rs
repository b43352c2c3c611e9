//! Runs `examples/oauth_crm.rs`'s walk-through in process: authorize → callback → log a call
//! → refresh → logout, against its fake OAuth CRM on loopback.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

#[path = "../examples/oauth_crm.rs"]
#[allow(dead_code)]
mod oauth_crm;

#[tokio::test]
async fn oauth_example_walks_sign_in_logging_refresh_and_logout() {
    let walk = oauth_crm::walk().await.unwrap();
    let step = |name: &str| {
        walk.steps
            .iter()
            .find(|(step, _, _)| *step == name)
            .unwrap_or_else(|| panic!("no step {name}: {:?}", walk.steps))
            .clone()
    };
    let (_, status, body) = step("oauth-callback");
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("jwtToken") && body.contains("Ada Lovelace"),
        "{body}"
    );
    for name in ["log a call", "log after expiry"] {
        let (_, status, body) = step(name);
        assert_eq!(status, 200, "{name}: {body}");
        assert!(body.contains(r#""successful":true"#), "{name}: {body}");
    }
    assert_eq!(
        walk.refresh_grants, 1,
        "the expired token was refreshed once"
    );
    let (_, status, body) = step("unAuthorize");
    assert_eq!(
        (status, body.contains("Logged out of Acme")),
        (200, true),
        "{body}"
    );
    let (_, status, body) = step("log after logout");
    assert!(
        status == 400 || body.contains("User not found"),
        "{status} {body}"
    );
    assert_eq!(
        walk.calls, 2,
        "two calls reached the CRM, none after logout"
    );
}
