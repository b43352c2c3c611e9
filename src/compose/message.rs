//! Shared SMS (todo)
