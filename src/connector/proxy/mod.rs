//! The declarative proxy connector (feature `proxy`): a CRM connector from a JSON config.
//!
//! App Connect offers two ways to connect a CRM: a code connector, and a *proxy connector* for
//! simple REST APIs, with one request per App Connect operation and JSON answers read through
//! dot paths. [`ProxyConnector`] is the second: it reads the config App Connect core's proxy
//! engine reads ([`ProxyConfig`]), refuses a broken one with the JSON path of every problem,
//! and implements [`Connector`](super::Connector) by sending each operation's rendered request
//! through reqwest (rustls).
//!
//! The config format, field by field, and every deliberate difference from core are in
//! `docs/proxy.md`; its JSON Schema is [`proxy_config_schema`] (committed as
//! `docs/proxy.schema.json`). `examples/proxy_server.rs` serves a connector from a config alone.
//!
//! ```
//! use app_connect_sdk::connector::proxy::{ProxyConfig, ProxyConnector};
//!
//! let mut config = ProxyConfig::from_json_str(r#"{
//!     "meta": { "name": "acme", "displayName": "Acme CRM", "logFormat": "text/plain" },
//!     "auth": { "type": "apiKey", "scheme": "Bearer", "credentialTemplate": "{{apiKey}}", "encode": "none" },
//!     "operations": {
//!         "getUserInfo": { "url": "/me", "responseMapping": { "idPath": "body.id", "namePath": "body.name" } },
//!         "findContact": { "url": "/contacts", "query": { "phone": "{{phoneNumber}}" },
//!                          "responseMapping": { "listPath": "body.contacts" } }
//!     }
//! }"#)?;
//! config.set_base_url("https://api.acme.test/v1")?;
//! let connector = ProxyConnector::from_config(config)?;
//! let manifest = connector.manifest("https://connector.example.com")?;
//! assert!(manifest.platforms.get("acme").is_some());
//! # Ok::<(), app_connect_sdk::connector::proxy::ProxyError>(())
//! ```

mod config;
mod connector;
mod engine;
mod template;

pub use config::{
    ConfigErrors, ConfigIssue, CredentialEncoding, ItemMapping, Operation, Operations, ProxyAuth,
    ProxyAuthType, ProxyConfig, ProxyMeta, RequestDefaults, ResponseMapping, proxy_config_schema,
};
pub use connector::{DEFAULT_PLATFORM, ProxyConnector, ProxyError};
pub use template::{get_by_path, join_url, render_deep, render_str};
