//! manifest (work in progress).
