//! Parse and validate in one step: [`Manifest::check_json_str`] and [`ManifestError`].

use super::parse::ManifestParseError;
use super::top::Manifest;
use super::validate::ValidationErrors;

/// Why a manifest text was rejected: it could not be read, or it was read but has problems.
///
/// ```
/// use app_connect_sdk::manifest::{Manifest, ManifestError};
/// let err = Manifest::check_json_str(r#"{ "serverUrl": "x", "platforms": {} }"#).unwrap_err();
/// assert!(matches!(err, ManifestError::Invalid(_)));
/// assert_eq!(err.problems(), ["serverUrl: `x` does not parse (relative URL without a base) [invalid-url]", "platforms: declares no platform; App Connect needs at least one [missing-value]"]);
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ManifestError {
    /// Not JSON, or a value of the wrong shape.
    #[error(transparent)]
    Parse(#[from] ManifestParseError),
    /// Read fine, but [`Manifest::validate`] found problems.
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
}

impl ManifestError {
    /// One line per problem, each starting with its JSON path (or position, for a syntax error).
    #[must_use]
    pub fn problems(&self) -> Vec<String> {
        match self {
            Self::Parse(e) => vec![e.to_string()],
            Self::Invalid(errors) => errors.issues().iter().map(ToString::to_string).collect(),
        }
    }
}

impl Manifest {
    /// Reads a manifest from JSON text and validates it: what a CI check of a hand-written
    /// manifest needs (see `examples/manifest.rs`).
    ///
    /// ```
    /// use app_connect_sdk::manifest::Manifest;
    /// let text = r#"{ "serverUrl": "https://acme-connector.example.com", "platforms": {
    ///     "acme": { "name": "acme", "auth": { "type": "oauth", "oauth": { "authUrl": "https://acme.example.com/authorize", "clientId": "id" } } } } }"#;
    /// let manifest = Manifest::check_json_str(text)?;
    /// assert_eq!(manifest.platforms.len(), 1);
    /// # Ok::<(), app_connect_sdk::manifest::ManifestError>(())
    /// ```
    pub fn check_json_str(text: &str) -> Result<Self, ManifestError> {
        let manifest = Self::from_json_str(text)?;
        manifest.validate()?;
        Ok(manifest)
    }
}
