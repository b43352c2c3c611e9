//! connector (work in progress).
