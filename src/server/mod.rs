//! server (work in progress).

pub(crate) mod locks;
pub mod session;
pub mod store;
