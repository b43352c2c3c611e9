//! server (work in progress).

pub mod session;
