#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]
// Library code never unwraps; tests may.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]
// Consuming setters are #[must_use], so a forgotten `build()` or assignment is a warning.
#![warn(clippy::return_self_not_must_use)]

#[macro_use]
mod open_enum;

pub mod compose;
pub mod connector;
pub mod manifest;
pub mod models;
pub mod prelude;
pub mod server;

#[doc(no_inline)]
pub use async_trait::async_trait;
#[doc(no_inline)]
pub use http;
#[doc(no_inline)]
pub use serde_json;
