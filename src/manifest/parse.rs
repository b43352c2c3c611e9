//! Reading a manifest: [`Manifest::from_json_str`] and [`ManifestParseError`].

use std::fmt;

use serde_json::Value;

use super::top::Manifest;

/// A position in the manifest's text (1-based).
///
/// ```
/// use app_connect_sdk::manifest::TextPosition;
/// assert_eq!(TextPosition { line: 3, column: 7 }.to_string(), "line 3, column 7");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextPosition {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

impl fmt::Display for TextPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// Why a manifest could not be read.
///
/// ```
/// use app_connect_sdk::manifest::{Manifest, ManifestParseError};
/// let err = Manifest::from_json_str(r#"{ "platforms": { "acme": { "name": 7 } } }"#).unwrap_err();
/// match &err {
///     ManifestParseError::InvalidValue { path, .. } => assert_eq!(path, "platforms.acme.name"),
///     other => panic!("unexpected {other}"),
/// }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ManifestParseError {
    /// The text is not JSON (or ends early).
    #[error("not valid JSON: {message} at {position}")]
    Syntax {
        /// What is wrong.
        message: String,
        /// Where.
        position: TextPosition,
    },
    /// The JSON is fine but a value has the wrong shape or a required key is missing.
    #[error("{path}: {message}{}", position.map(|p| format!(" (at {p})")).unwrap_or_default())]
    InvalidValue {
        /// JSON path of the bad value, e.g. `platforms.clio.page.callLog.additionalFields[0].contactDependent`
        /// (`.` for the root).
        path: String,
        /// What is wrong.
        message: String,
        /// Where in the text, when read from text.
        position: Option<TextPosition>,
    },
}

impl ManifestParseError {
    /// JSON path of the bad value, for [`ManifestParseError::InvalidValue`].
    #[must_use]
    pub fn path(&self) -> Option<&str> {
        match self {
            Self::InvalidValue { path, .. } => Some(path),
            Self::Syntax { .. } => None,
        }
    }

    fn from_path_error(
        err: serde_path_to_error::Error<serde_json::Error>,
        from_text: bool,
    ) -> Self {
        let path = err.path().to_string();
        let inner = err.into_inner();
        let position = (from_text && inner.line() > 0).then(|| TextPosition {
            line: inner.line(),
            column: inner.column(),
        });
        let message = message_without_position(&inner);
        match inner.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof if from_text => {
                Self::Syntax {
                    message,
                    position: position.unwrap_or(TextPosition { line: 0, column: 0 }),
                }
            }
            _ => Self::InvalidValue {
                path,
                message,
                position,
            },
        }
    }
}

/// serde_json's message without its " at line L column C" suffix (we report the position apart).
fn message_without_position(err: &serde_json::Error) -> String {
    let full = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    full.strip_suffix(&suffix).unwrap_or(&full).to_owned()
}

impl Manifest {
    /// Reads a manifest from JSON text. Errors name the JSON path of a bad value, and the
    /// line and column of a syntax error.
    ///
    /// ```
    /// use app_connect_sdk::manifest::{Manifest, ManifestParseError};
    ///
    /// let err = Manifest::from_json_str("{ \"platforms\": { ").unwrap_err();
    /// assert!(matches!(err, ManifestParseError::Syntax { .. }));
    ///
    /// let err = Manifest::from_json_str(r#"{ "platforms": { "acme": { "name": "acme", "auth": { "type": "oauth" }, "canOpenLogPage": "yes" } } }"#).unwrap_err();
    /// assert_eq!(err.path(), Some("platforms.acme.canOpenLogPage"));
    /// ```
    pub fn from_json_str(text: &str) -> Result<Self, ManifestParseError> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let manifest = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|e| ManifestParseError::from_path_error(e, true))?;
        deserializer.end().map_err(|e| ManifestParseError::Syntax {
            message: message_without_position(&e),
            position: TextPosition {
                line: e.line(),
                column: e.column(),
            },
        })?;
        Ok(manifest)
    }

    /// Reads a manifest from a JSON value. Errors name the JSON path of a bad value.
    ///
    /// ```
    /// use app_connect_sdk::manifest::Manifest;
    /// let manifest = Manifest::from_json_value(serde_json::json!({ "platforms": {} }))?;
    /// assert!(manifest.platforms.is_empty());
    /// # Ok::<(), app_connect_sdk::manifest::ManifestParseError>(())
    /// ```
    pub fn from_json_value(value: Value) -> Result<Self, ManifestParseError> {
        serde_path_to_error::deserialize(value)
            .map_err(|e| ManifestParseError::from_path_error(e, false))
    }

    /// The manifest as JSON, in this crate's key order, unknown keys last.
    ///
    /// ```
    /// use app_connect_sdk::manifest::Manifest;
    /// let manifest = Manifest::from_json_str(r#"{ "version": "1.0.0", "platforms": {} }"#)?;
    /// assert_eq!(manifest.to_json_value(), serde_json::json!({ "platforms": {}, "version": "1.0.0" }));
    /// # Ok::<(), app_connect_sdk::manifest::ManifestParseError>(())
    /// ```
    #[must_use]
    pub fn to_json_value(&self) -> Value {
        // Serialising these types cannot fail: every map key is a string.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// The manifest as pretty-printed JSON text (two-space indent).
    ///
    /// ```
    /// use app_connect_sdk::manifest::Manifest;
    /// let manifest = Manifest::from_json_str(r#"{ "platforms": {} }"#)?;
    /// assert_eq!(manifest.to_json_pretty(), "{\n  \"platforms\": {}\n}");
    /// # Ok::<(), app_connect_sdk::manifest::ManifestParseError>(())
    /// ```
    #[must_use]
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
