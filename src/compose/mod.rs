//! Log-body composer (temporary stub until the composer lands).

/// The body format of call logs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LogFormat {
    /// `text/plain`.
    PlainText,
    /// `text/html`.
    Html,
    /// `text/markdown`.
    Markdown,
}
