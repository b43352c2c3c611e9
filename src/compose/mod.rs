//! compose (work in progress).
