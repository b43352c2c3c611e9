//! [models]: crate::models
//! [connector]: crate::connector
//! [manifest]: crate::manifest
//! [compose]: crate::compose
//! [server]: crate::server
//! [guides]: crate::guides
//! [guide-connector-trait]: crate::guides::connector_trait
//! [guide-models]: crate::guides::models
//! [guide-manifest]: crate::guides::manifest
//! [guide-composer]: crate::guides::composer
//! [guide-server]: crate::guides::server
//! [guide-performance]: crate::guides::performance
#![cfg_attr(feature = "proxy", doc = "[guide-proxy]: crate::guides::proxy")]
#![cfg_attr(feature = "testing", doc = "[guide-testing]: crate::guides::testing")]
#![doc = include_str!("../README.md")]
// The front page is the README. The link definitions above come first, so on docs.rs the
// README's links are intra-doc links (checked by rustdoc); on GitHub and crates.io the
// README's own docs.rs URLs at its end apply. A new guide is one line in `src/guides.rs`.
#![cfg_attr(docsrs, feature(doc_cfg))]
// Library code never unwraps; tests may. (Lib-only, so not in Cargo.toml's `[lints.clippy]`,
// which would also apply to tests, examples and benches.)
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

#[macro_use]
mod open_enum;

pub mod compose;
pub mod connector;
#[cfg(feature = "devtools")]
#[cfg_attr(docsrs, doc(cfg(feature = "devtools")))]
pub mod devtools;
pub mod guides;
pub mod manifest;
pub mod models;
pub mod prelude;
#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;

#[doc(no_inline)]
pub use async_trait::async_trait;
/// The byte buffer inside `server::ResponseBody` (feature `tower`).
#[cfg(feature = "tower")]
#[doc(no_inline)]
pub use bytes;
/// The date-time crate of the public API (`DateTime<Utc>` fields such as `User::token_expiry`,
/// `StartTime::to_utc`, `TimezoneOffset::to_fixed_offset`), re-exported so a connector uses
/// the same version: `app_connect_sdk::chrono::{DateTime, Utc}`.
#[doc(no_inline)]
pub use chrono;
#[doc(no_inline)]
pub use http;
/// Body utilities of the `tower` service's response: `server::ResponseBody` is
/// `http_body_util::Full<bytes::Bytes>`; `http_body_util::BodyExt::collect` reads it.
#[cfg(feature = "tower")]
#[doc(no_inline)]
pub use http_body_util;
#[doc(no_inline)]
pub use serde_json;
