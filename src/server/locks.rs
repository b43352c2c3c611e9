//! Per-key async locks: serialise work on one call session / conversation log (server-api §3.7)
//! while other keys proceed. Entries exist only while someone holds or waits for a key.

// Used by the router (server/mod.rs), which is merged separately.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

/// A set of async mutexes keyed by string, created on demand and removed when the last holder
/// or waiter is gone. Cheap to clone (clones share the set).
#[derive(Debug, Default, Clone)]
pub(crate) struct KeyedLocks {
    map: Arc<Mutex<HashMap<String, Entry>>>,
}

#[derive(Debug)]
struct Entry {
    mutex: Arc<AsyncMutex<()>>,
    /// Holders plus waiters (tasks between `lock` registering and their guard / future drop).
    users: usize,
}

/// Holds a key's lock until dropped.
#[derive(Debug)]
pub(crate) struct KeyedGuard {
    // Field order matters: the mutex guard is released before the registration is removed.
    _guard: OwnedMutexGuard<()>,
    _registration: Registration,
}

/// One user of a key; dropping it (after the guard, or when a waiting `lock` future is
/// cancelled) unregisters and removes the entry when no one else uses it.
#[derive(Debug)]
struct Registration {
    locks: KeyedLocks,
    key: String,
}

impl Drop for Registration {
    fn drop(&mut self) {
        let mut map = self
            .locks
            .map
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(entry) = map.get_mut(&self.key) {
            entry.users = entry.users.saturating_sub(1);
            if entry.users == 0 {
                map.remove(&self.key);
            }
        }
    }
}

impl KeyedLocks {
    /// Waits for and takes the lock of `key`. Cancel-safe: dropping the future while it waits
    /// leaves no entry behind.
    pub(crate) async fn lock(&self, key: &str) -> KeyedGuard {
        let mutex = {
            let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
            let entry = map.entry(key.to_owned()).or_insert_with(|| Entry {
                mutex: Arc::new(AsyncMutex::new(())),
                users: 0,
            });
            entry.users += 1;
            Arc::clone(&entry.mutex)
        };
        let registration = Registration {
            locks: self.clone(),
            key: key.to_owned(),
        };
        let guard = mutex.lock_owned().await;
        KeyedGuard {
            _guard: guard,
            _registration: registration,
        }
    }

    /// Number of keys currently held or waited for.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.map
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Whether no key is held or waited for.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // test code: a panic is the failure report

    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn one_key_is_mutually_exclusive_under_100_tasks() {
        let locks = KeyedLocks::default();
        let inside = Arc::new(AtomicUsize::new(0));
        let max_inside = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..100 {
            let (locks, inside, max_inside, done) = (
                locks.clone(),
                inside.clone(),
                max_inside.clone(),
                done.clone(),
            );
            tasks.push(tokio::spawn(async move {
                let _guard = locks.lock("session-1").await;
                let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                max_inside.fetch_max(now, Ordering::SeqCst);
                tokio::task::yield_now().await;
                tokio::time::sleep(Duration::from_micros(50)).await;
                inside.fetch_sub(1, Ordering::SeqCst);
                done.fetch_add(1, Ordering::SeqCst);
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(done.load(Ordering::SeqCst), 100);
        assert_eq!(max_inside.load(Ordering::SeqCst), 1);
        assert!(locks.is_empty(), "{} entries left", locks.len());
    }

    #[tokio::test]
    async fn two_keys_are_independent() {
        let locks = KeyedLocks::default();
        let _a = locks.lock("a").await;
        // "b" is free although "a" is held.
        let b = tokio::time::timeout(Duration::from_secs(5), locks.lock("b")).await;
        assert!(b.is_ok(), "lock of another key must not wait");
        assert_eq!(locks.len(), 2);
        // "a" itself is not available while held.
        let again = tokio::time::timeout(Duration::from_millis(50), locks.lock("a")).await;
        assert!(again.is_err(), "second lock of a held key must wait");
    }

    #[tokio::test]
    async fn waiter_gets_the_lock_after_release() {
        let locks = KeyedLocks::default();
        let first = locks.lock("k").await;
        let other = locks.clone();
        let waiter = tokio::spawn(async move {
            let _g = other.lock("k").await;
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(
            !waiter.is_finished(),
            "waiter must block while the key is held"
        );
        drop(first);
        tokio::time::timeout(Duration::from_secs(5), waiter)
            .await
            .unwrap()
            .unwrap();
        assert!(locks.is_empty());
    }

    #[tokio::test]
    async fn entries_are_removed_after_use_and_after_cancelled_waits() {
        let locks = KeyedLocks::default();
        for i in 0..1000 {
            let _g = locks.lock(&format!("session-{i}")).await;
        }
        assert!(locks.is_empty(), "{} entries left", locks.len());

        // A waiter cancelled by a timeout leaves nothing behind once the holder releases.
        let held = locks.lock("k").await;
        let cancelled = tokio::time::timeout(Duration::from_millis(10), locks.lock("k")).await;
        assert!(cancelled.is_err());
        assert_eq!(locks.len(), 1);
        drop(held);
        assert!(locks.is_empty(), "{} entries left", locks.len());

        // A spawned waiter aborted while waiting: also clean.
        let held = locks.lock("k").await;
        let other = locks.clone();
        let waiter = tokio::spawn(async move {
            let _g = other.lock("k").await;
        });
        tokio::time::sleep(Duration::from_millis(10)).await;
        waiter.abort();
        let _ = waiter.await;
        drop(held);
        assert!(locks.is_empty(), "{} entries left", locks.len());
    }
}
