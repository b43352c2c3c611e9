//! Runtime overhead of the connector server with a no-op connector: routing, JSON, session
//! check, user load, store and response, without any CRM work.
//!
//! Run: `cargo bench --bench server -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};

use app_connect_sdk::async_trait;
use app_connect_sdk::connector::{ApiKeyConnector, Connector, Context, Result, SignIn};
use app_connect_sdk::http::{Request, header};
use app_connect_sdk::models::{
    CallLogInfo, Contact, CreateCallLogParams, FindContactParams, FindContactResult,
    GetCallLogParams, GetCallLogResult, GetUserInfoParams, LogResult, PlatformUserInfo, Secret,
    UpdateCallLogParams, UpdateCallLogResult, User, UserInfoResult,
};
use app_connect_sdk::server::ConnectorServer;
use app_connect_sdk::server::session::SessionKeys;
use app_connect_sdk::server::store::{
    AdminStore, CacheStore, CallLogStore, MemoryStore, MessageLogStore, UserStore,
};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use serde_json::json;

/// A connector that does no CRM work at all.
struct Noop {
    next: AtomicU64,
}

impl ApiKeyConnector for Noop {
    fn basic_auth(&self, api_key: &str) -> String {
        api_key.to_owned()
    }
}

#[async_trait]
impl Connector for Noop {
    fn platform(&self) -> &str {
        "bench"
    }

    fn auth(&self) -> SignIn<'_> {
        SignIn::ApiKey(self)
    }

    async fn get_user_info(&self, _: &Context, _: GetUserInfoParams) -> Result<UserInfoResult> {
        Ok(UserInfoResult::success(PlatformUserInfo::new(
            "u1", "Bench",
        )))
    }

    async fn find_contact(&self, _: &Context, p: FindContactParams) -> Result<FindContactResult> {
        Ok(FindContactResult::found(vec![
            Contact::new(42, "Ada Lovelace").with_phone(p.phone_number),
        ]))
    }

    async fn create_call_log(&self, _: &Context, _: CreateCallLogParams) -> Result<LogResult> {
        Ok(LogResult::logged(
            self.next.fetch_add(1, Ordering::Relaxed) as i64
        ))
    }

    async fn update_call_log(
        &self,
        _: &Context,
        _: UpdateCallLogParams,
    ) -> Result<UpdateCallLogResult> {
        Ok(UpdateCallLogResult::new())
    }

    async fn get_call_log(&self, _: &Context, _: GetCallLogParams) -> Result<GetCallLogResult> {
        Ok(GetCallLogResult::found(CallLogInfo::default()))
    }
}

fn create_body(session_id: &str) -> Vec<u8> {
    json!({
        "logInfo": {
            "id": format!("call-{session_id}"),
            "sessionId": session_id,
            "telephonySessionId": format!("tel-{session_id}"),
            "direction": "Inbound",
            "startTime": 1_700_000_000_000_i64,
            "duration": 65,
            "result": "Call connected",
            "from": { "phoneNumber": "+14155550100", "name": "Ada Lovelace" },
            "to": { "phoneNumber": "+14155550199", "extensionNumber": "101", "name": "Agent" }
        },
        "contactId": 42,
        "contactType": "Contact",
        "contactName": "Ada Lovelace",
        "note": "Discussed the renewal."
    })
    .to_string()
    .into_bytes()
}

/// A server over `stores` with the bench user signed in; its `Authorization` header.
fn server_over<S>(runtime: &tokio::runtime::Runtime, stores: S) -> (ConnectorServer, String)
where
    S: UserStore + CallLogStore + MessageLogStore + CacheStore + AdminStore + Clone,
{
    let keys = SessionKeys::new("bench-secret-of-at-least-32-bytes!!").expect("keys");
    let server = ConnectorServer::builder(keys.clone())
        .connector(Noop {
            next: AtomicU64::new(1),
        })
        .stores(stores.clone())
        .build()
        .expect("server");
    let mut user = User::new("u1-bench", "bench");
    user.access_token = Secret::new("key".to_owned());
    runtime
        .block_on(stores.put_user(user))
        .expect("user stored");
    let bearer = format!(
        "Bearer {}",
        keys.issue("u1-bench", "bench").expect("token").expose()
    );
    (server, bearer)
}

/// `POST /callLog` with a fresh session per iteration (a second create would be refused).
fn bench_post(
    c: &mut Criterion,
    name: &str,
    runtime: &tokio::runtime::Runtime,
    server: &ConnectorServer,
    bearer: &str,
) {
    // Sessions unique across runs too: a database store keeps the previous run's rows.
    let run = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let counter = AtomicU64::new(0);
    c.bench_function(name, |b| {
        b.iter_batched(
            || {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                Request::post("/callLog")
                    .header(header::AUTHORIZATION, bearer)
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(create_body(&format!("bench-session-{run}-{n}")))
                    .expect("request")
            },
            |request| {
                let response = runtime.block_on(server.handle(request));
                assert_eq!(response.status(), 200);
                black_box(response)
            },
            BatchSize::SmallInput,
        );
    });
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (server, bearer) = server_over(&runtime, MemoryStore::new());
    bench_post(
        c,
        "server POST /callLog (no-op connector)",
        &runtime,
        &server,
        &bearer,
    );

    c.bench_function("server GET /contact (no-op connector)", |b| {
        b.iter_batched(
            || {
                Request::get("/contact?phoneNumber=%2B14155550100")
                    .header(header::AUTHORIZATION, bearer.as_str())
                    .body(Vec::new())
                    .expect("request")
            },
            |request| black_box(runtime.block_on(server.handle(request))),
            BatchSize::SmallInput,
        );
    });

    #[cfg(feature = "sqlite")]
    {
        use app_connect_sdk::server::store::{SqliteStore, StoreKey};
        let dir = std::env::temp_dir().join(format!("server-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("bench directory");
        let store = SqliteStore::open(dir.join("bench.db"), &StoreKey::from_bytes([7; 32]))
            .expect("sqlite store");
        let (server, bearer) = server_over(&runtime, store);
        bench_post(
            c,
            "server POST /callLog (no-op connector, SqliteStore)",
            &runtime,
            &server,
            &bearer,
        );
        drop(server);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(feature = "postgres")]
    match std::env::var("APP_CONNECT_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => {
            use app_connect_sdk::server::store::{PostgresStore, StoreKey};
            let schema = format!("bench_{}", std::process::id());
            let store = runtime
                .block_on(PostgresStore::connect_in_schema(
                    &url,
                    &schema,
                    &StoreKey::from_bytes([7; 32]),
                ))
                .expect("postgres store");
            let (server, bearer) = server_over(&runtime, store);
            bench_post(
                c,
                "server POST /callLog (no-op connector, PostgresStore)",
                &runtime,
                &server,
                &bearer,
            );
        }
        _ => println!("skipped: PostgresStore bench (set APP_CONNECT_TEST_POSTGRES_URL)"),
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
