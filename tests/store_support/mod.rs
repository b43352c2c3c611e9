//! Backends for the store tests: a fresh SQLite file, a fresh PostgreSQL schema.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

static NEXT: AtomicU64 = AtomicU64::new(0);

/// A name no other test (or test process) uses.
pub fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{prefix}_{}_{}_{:x}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        nanos & 0xffff_ffff
    )
}

/// The key every test store is sealed with.
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub fn key() -> app_connect_sdk::server::store::StoreKey {
    app_connect_sdk::server::store::StoreKey::from_bytes([42; 32])
}

/// A path for a fresh SQLite file in the temporary directory (removed with its directory by
/// [`TempDir`]'s drop).
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> Self {
        let dir = std::env::temp_dir().join(unique("app_connect_store"));
        std::fs::create_dir_all(&dir).expect("temporary directory");
        TempDir(dir)
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `APP_CONNECT_TEST_POSTGRES_URL`, or `None` after one line when it is unset outside CI.
/// In CI (`CI` set, as `.ci/run` runs) a missing URL fails the test.
pub fn postgres_url() -> Option<String> {
    match std::env::var("APP_CONNECT_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but APP_CONNECT_TEST_POSTGRES_URL is not: .ci/run starts PostgreSQL and exports it"
            );
            println!("skipped: PostgreSQL test (set APP_CONNECT_TEST_POSTGRES_URL to run it)");
            None
        }
    }
}
