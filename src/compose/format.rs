//! The log formats App Connect composes bodies in.

use std::fmt;

/// The format of a CRM activity body, as App Connect names it (`LOG_DETAILS_FORMAT_TYPE`).
///
/// The three known formats are composed centrally; any other value (for example `"custom"`,
/// what the proxy connector returns by default) means "no central composition": the connector
/// builds its own body, and [`compose_call_log`](crate::compose::compose_call_log) returns the
/// existing body unchanged.
///
/// ```
/// use app_connect_sdk::compose::LogFormat;
///
/// assert_eq!(LogFormat::parse("text/html"), LogFormat::Html);
/// assert_eq!(LogFormat::Markdown.as_str(), "text/markdown");
/// assert!(!LogFormat::parse("custom").is_composed());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum LogFormat {
    /// `text/plain`: one `- Label: value` line per field (App Connect's default).
    #[default]
    PlainText,
    /// `text/html`: `<li><b>Label</b>: value</li>` items and `<div>` blocks, values escaped.
    Html,
    /// `text/markdown`: `**Label**: value` lines and `### Label` blocks.
    Markdown,
    /// Any other format string (kept verbatim): no central composition.
    Other(String),
}

impl LogFormat {
    /// App Connect's name for plain text.
    pub const PLAIN_TEXT: &'static str = "text/plain";
    /// App Connect's name for HTML.
    pub const HTML: &'static str = "text/html";
    /// App Connect's name for markdown.
    pub const MARKDOWN: &'static str = "text/markdown";

    /// Maps App Connect's format string to a `LogFormat` (exact, case-sensitive, as core does).
    ///
    /// ```
    /// use app_connect_sdk::compose::LogFormat;
    /// assert_eq!(LogFormat::parse("text/plain"), LogFormat::PlainText);
    /// assert_eq!(LogFormat::parse("TEXT/HTML"), LogFormat::Other("TEXT/HTML".into()));
    /// ```
    pub fn parse(s: &str) -> Self {
        match s {
            Self::PLAIN_TEXT => Self::PlainText,
            Self::HTML => Self::Html,
            Self::MARKDOWN => Self::Markdown,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The format string App Connect uses for this format.
    ///
    /// ```
    /// use app_connect_sdk::compose::LogFormat;
    /// assert_eq!(LogFormat::Html.as_str(), "text/html");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            Self::PlainText => Self::PLAIN_TEXT,
            Self::Html => Self::HTML,
            Self::Markdown => Self::MARKDOWN,
            Self::Other(s) => s,
        }
    }

    /// Whether App Connect composes bodies centrally for this format (the three known ones).
    ///
    /// ```
    /// use app_connect_sdk::compose::LogFormat;
    /// assert!(LogFormat::Markdown.is_composed());
    /// assert!(!LogFormat::Other("custom".into()).is_composed());
    /// ```
    pub fn is_composed(&self) -> bool {
        !matches!(self, Self::Other(_))
    }
}

impl fmt::Display for LogFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for LogFormat {
    fn from(s: &str) -> Self {
        Self::parse(s)
    }
}

impl serde::Serialize for LogFormat {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for LogFormat {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Ok(Self::parse(&s))
    }
}
