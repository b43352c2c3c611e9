//! Issue 10's scale-out acceptance on PostgreSQL: three `ConnectorServer`s, each with its own
//! in-process locks and its own pool, share one database. Skips without
//! `APP_CONNECT_TEST_POSTGRES_URL` (fails without it in CI).
#![cfg(feature = "postgres")]
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

mod common;
mod store_support;
mod support;

use std::sync::Arc;
use std::time::Duration;

use app_connect_sdk::http::{Method, Request, StatusCode};
use app_connect_sdk::models::{Secret, User};
use app_connect_sdk::server::ConnectorServer;
use app_connect_sdk::server::store::{
    CallIdentity, CallLogStore, MessageLogStore, PostgresStore, UserStore,
};
use serde_json::Value;
use support::{Crm, GOOD_KEY, Options, PLATFORM, USER_ID, create_call_body, message_body};

struct Cluster {
    servers: Vec<ConnectorServer>,
    crm: Arc<Crm>,
    store: PostgresStore,
    token: String,
}

async fn cluster(options: Options) -> Option<Cluster> {
    let url = store_support::postgres_url()?;
    let schema = store_support::unique("scale_out");
    let crm = Arc::new(Crm::new(options));
    let mut servers = Vec::new();
    let mut first = None;
    for _ in 0..3 {
        // A pool of its own per server, as separate processes would have.
        let store = PostgresStore::connect_in_schema(&url, &schema, &store_support::key())
            .await
            .unwrap();
        first.get_or_insert_with(|| store.clone());
        servers.push(
            ConnectorServer::builder(support::keys())
                .connector_arc(crm.clone())
                .stores(store)
                .build()
                .unwrap(),
        );
    }
    let store = first.unwrap();
    let mut user = User::new(USER_ID, PLATFORM);
    user.access_token = Secret::new(GOOD_KEY.to_owned());
    store.put_user(user).await.unwrap();
    let token = support::keys()
        .issue(USER_ID, PLATFORM)
        .unwrap()
        .expose()
        .to_owned();
    Some(Cluster {
        servers,
        crm,
        store,
        token,
    })
}

async fn post(server: ConnectorServer, token: String, path: &str, body: Value) -> support::Answer {
    let request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(body.to_string().into_bytes())
        .unwrap();
    support::answer(server.handle(request).await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_hundred_creates_across_three_servers_make_one_activity() {
    let Some(c) = cluster(Options {
        create_delay: Some(Duration::from_millis(30)),
        ..Options::default()
    })
    .await
    else {
        return;
    };
    let tasks: Vec<_> = (0..100)
        .map(|i| {
            let server = c.servers[i % 3].clone();
            let token = c.token.clone();
            tokio::spawn(async move {
                post(server, token, "/callLog", create_call_body("s-scale")).await
            })
        })
        .collect();
    let (mut successes, mut existing) = (0, 0);
    for task in tasks {
        let answer = task.await.unwrap();
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        if answer.json()["successful"] == true {
            successes += 1;
        } else {
            assert_eq!(answer.message(), "Existing log for session s-scale");
            existing += 1;
        }
    }
    assert_eq!((successes, existing), (1, 99));
    assert_eq!(c.crm.count("createCallLog"), 1);
    let row = c
        .store
        .find_call_log(PLATFORM, "s-scale", &CallIdentity::default())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.third_party_log_id, "1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_fifty_message_logs_across_three_servers_log_each_message_once() {
    let Some(c) = cluster(Options::default()).await else {
        return;
    };
    // Request i carries messages i and i+1: every message arrives twice, on different servers.
    let tasks: Vec<_> = (0..50)
        .map(|i| {
            let server = c.servers[i % 3].clone();
            let token = c.token.clone();
            tokio::spawn(async move {
                let (a, b) = (format!("m{i}"), format!("m{}", (i + 1) % 50));
                let body = message_body("conv-scale", &[a.as_str(), b.as_str()], 1);
                post(server, token, "/messageLog", body).await
            })
        })
        .collect();
    for task in tasks {
        let answer = task.await.unwrap();
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        assert_eq!(answer.json()["successful"], true, "{}", answer.text);
    }
    assert_eq!(c.crm.count("createMessageLog"), 1);
    assert_eq!(c.crm.count("updateMessageLog"), 49);
    let mut logged = Vec::new();
    for (_, params) in c.crm.calls() {
        if let Some(id) = params["message"]["id"].as_str() {
            logged.push(id.to_owned());
        }
    }
    logged.sort();
    let mut expected: Vec<String> = (0..50).map(|i| format!("m{i}")).collect();
    expected.sort();
    assert_eq!(logged, expected, "each message exactly once");
    for i in 0..50 {
        assert!(
            c.store
                .get_message_log(PLATFORM, &format!("m{i}"))
                .await
                .unwrap()
                .is_some()
        );
    }
}
