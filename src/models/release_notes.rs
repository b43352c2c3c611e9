//! Release notes (`GET /releaseNotes`): notes by server version, then by section (`global` or
//! a connector's platform name).

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::common::ModelError;

/// One release note (OpenAPI `ReleaseNoteItem`): a category such as `New`, `Better` or `Fix`,
/// and its text. Both are non-empty; unknown keys are refused, as the contract says.
///
/// ```
/// use app_connect_sdk::models::ReleaseNoteItem;
/// let item: ReleaseNoteItem = serde_json::from_str(r#"{"type":"New","description":"Appointments"}"#).unwrap();
/// assert_eq!((item.note_type(), item.description()), ("New", "Appointments"));
/// assert!(serde_json::from_str::<ReleaseNoteItem>(r#"{"type":"","description":"x"}"#).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawItem")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReleaseNoteItem {
    #[serde(rename = "type")]
    note_type: String,
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct RawItem {
    #[serde(rename = "type")]
    note_type: String,
    description: String,
}

impl TryFrom<RawItem> for ReleaseNoteItem {
    type Error = String;

    fn try_from(raw: RawItem) -> Result<Self, String> {
        ReleaseNoteItem::new(raw.note_type, raw.description).map_err(|e| e.to_string())
    }
}

impl ReleaseNoteItem {
    /// A note of category `note_type` (`New`, `Better`, `Fix`, …).
    ///
    /// # Errors
    /// Either is empty (the error names `type` or `description`).
    pub fn new(
        note_type: impl Into<String>,
        description: impl Into<String>,
    ) -> Result<Self, ModelError> {
        let (note_type, description) = (note_type.into(), description.into());
        if note_type.trim().is_empty() {
            return Err(ModelError::new("type", "must not be empty"));
        }
        if description.trim().is_empty() {
            return Err(ModelError::new("description", "must not be empty"));
        }
        Ok(ReleaseNoteItem {
            note_type,
            description,
        })
    }

    /// The category (`New`, `Better`, `Fix`, …).
    #[must_use]
    pub fn note_type(&self) -> &str {
        &self.note_type
    }

    /// The text.
    #[must_use]
    pub fn description(&self) -> &str {
        &self.description
    }
}

/// The notes of one version (OpenAPI `ReleaseNoteSections`): lists keyed by `global` or a
/// platform name, in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReleaseNoteSections {
    sections: Vec<(String, Vec<ReleaseNoteItem>)>,
}

impl ReleaseNoteSections {
    /// The notes of `section` (`global` or a platform name).
    #[must_use]
    pub fn get(&self, section: &str) -> Option<&[ReleaseNoteItem]> {
        self.sections
            .iter()
            .find(|(name, _)| name == section)
            .map(|(_, items)| items.as_slice())
    }

    /// Every section with its notes, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[ReleaseNoteItem])> {
        self.sections
            .iter()
            .map(|(name, items)| (name.as_str(), items.as_slice()))
    }

    fn section_mut(&mut self, section: &str) -> &mut Vec<ReleaseNoteItem> {
        let at = match self.sections.iter().position(|(name, _)| name == section) {
            Some(at) => at,
            None => {
                self.sections.push((section.to_owned(), Vec::new()));
                self.sections.len() - 1
            }
        };
        &mut self.sections[at].1
    }
}

/// Release notes by server version (OpenAPI `ReleaseNotesResponse`), as `GET /releaseNotes`
/// serves them: `{ "<version>": { "global": [ … ], "<platform>": [ { type, description } ] } }`.
///
/// Give them to `ServerBuilder::release_notes`, built in code or read from JSON (errors name
/// the JSON path of the bad value). Versions and sections keep the order given.
///
/// ```
/// use app_connect_sdk::models::{ReleaseNotes, from_json_str};
///
/// let notes = ReleaseNotes::new()
///     .note("1.1.0", "mockcrm", "New", "Appointments from the calendar")?
///     .note("1.1.0", "mockcrm", "Fix", "Deal list order")?;
/// assert_eq!(notes.get("1.1.0").and_then(|v| v.get("mockcrm")).map(<[_]>::len), Some(2));
///
/// let read: ReleaseNotes = from_json_str(
///     r#"{"1.1.0":{"mockcrm":[{"type":"New","description":"Appointments from the calendar"},
///                            {"type":"Fix","description":"Deal list order"}]}}"#,
/// )?;
/// assert_eq!(read, notes);
///
/// let bad = from_json_str::<ReleaseNotes>(r#"{"1.1.0":{"mockcrm":[{"type":"New"}]}}"#).unwrap_err();
/// assert_eq!(bad.path, "1.1.0.mockcrm[0]");
/// # Ok::<(), app_connect_sdk::models::ModelError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReleaseNotes {
    versions: Vec<(String, ReleaseNoteSections)>,
}

impl ReleaseNotes {
    /// No notes (`GET /releaseNotes` answers `{}`, as App Connect does without any).
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a note to `section` (`global` or a platform name) of `version`.
    ///
    /// # Errors
    /// `version` or `section` is empty, or the note's `type` or `description` is; the error
    /// names the JSON path.
    pub fn note(
        mut self,
        version: &str,
        section: &str,
        note_type: &str,
        description: &str,
    ) -> Result<Self, ModelError> {
        if version.trim().is_empty() {
            return Err(ModelError::new("", "a version must not be empty"));
        }
        if section.trim().is_empty() {
            return Err(ModelError::new(version, "a section must not be empty"));
        }
        let items = self.version_mut(version).section_mut(section);
        let item = ReleaseNoteItem::new(note_type, description).map_err(|e| {
            let at = items.len();
            ModelError::new(format!("{version}.{section}[{at}].{}", e.path), e.message)
        })?;
        items.push(item);
        Ok(self)
    }

    /// The notes of `version`.
    #[must_use]
    pub fn get(&self, version: &str) -> Option<&ReleaseNoteSections> {
        self.versions
            .iter()
            .find(|(name, _)| name == version)
            .map(|(_, sections)| sections)
    }

    /// Every version with its sections, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ReleaseNoteSections)> {
        self.versions
            .iter()
            .map(|(name, sections)| (name.as_str(), sections))
    }

    /// True without any version.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.versions.is_empty()
    }

    /// Every version with a `global` section (empty when none was given), which App Connect
    /// always sends.
    #[cfg(feature = "server")]
    pub(crate) fn with_global_sections(mut self) -> Self {
        for (_, sections) in &mut self.versions {
            if sections.get("global").is_none() {
                sections
                    .sections
                    .insert(0, ("global".to_owned(), Vec::new()));
            }
        }
        self
    }

    fn version_mut(&mut self, version: &str) -> &mut ReleaseNoteSections {
        let at = match self.versions.iter().position(|(name, _)| name == version) {
            Some(at) => at,
            None => {
                self.versions
                    .push((version.to_owned(), ReleaseNoteSections::default()));
                self.versions.len() - 1
            }
        };
        &mut self.versions[at].1
    }
}

/// Serialises `(key, value)` pairs as a JSON object, in order.
fn serialize_pairs<S: Serializer, V: Serialize>(
    pairs: &[(String, V)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(pairs.len()))?;
    for (key, value) in pairs {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

/// Reads a JSON object into `(key, value)` pairs, in order (a repeated key: the last wins).
struct Pairs<V>(&'static str, std::marker::PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for Pairs<V> {
    type Value = Vec<(String, V)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut pairs: Vec<(String, V)> = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, V>()? {
            pairs.retain(|(k, _)| *k != key);
            pairs.push((key, value));
        }
        Ok(pairs)
    }
}

impl Serialize for ReleaseNoteSections {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_pairs(&self.sections, serializer)
    }
}

impl<'de> Deserialize<'de> for ReleaseNoteSections {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let expecting = "an object of release-note lists keyed by section";
        deserializer
            .deserialize_map(Pairs(expecting, std::marker::PhantomData))
            .map(|sections| ReleaseNoteSections { sections })
    }
}

impl Serialize for ReleaseNotes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_pairs(&self.versions, serializer)
    }
}

impl<'de> Deserialize<'de> for ReleaseNotes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let expecting = "an object of release-note sections keyed by version";
        deserializer
            .deserialize_map(Pairs(expecting, std::marker::PhantomData))
            .map(|versions| ReleaseNotes { versions })
    }
}
