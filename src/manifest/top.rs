//! The manifest's root: [`Manifest`], [`Author`] and the [`Platforms`] map.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;

use super::platform::Platform;

/// An App Connect manifest: the JSON file that tells App Connect where a connector's server
/// lives and how each CRM platform it serves logs in, looks and behaves.
///
/// Parse one with [`Manifest::from_json_str`], check it with [`Manifest::validate`], or write
/// one with [`Manifest::builder`]. Unknown keys are kept in `extra` on every node, so a manifest
/// round-trips without loss.
///
/// ```
/// use app_connect_sdk::manifest::Manifest;
///
/// let manifest = Manifest::from_json_str(r#"{
///     "serverUrl": "https://acme-connector.example.com",
///     "platforms": {
///         "acme": { "name": "acme", "auth": { "type": "apiKey", "apiKey": { "page": { "title": "Acme", "content": [] } } } }
///     }
/// }"#)?;
/// assert_eq!(manifest.platforms.get("acme").map(|p| p.name.as_str()), Some("acme"));
/// assert!(manifest.validate().is_ok());
/// # Ok::<(), app_connect_sdk::manifest::ManifestParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Manifest {
    /// Base URL of the connector server, without a trailing slash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_url: Option<String>,
    /// Default redirect page for OAuth (RingCentral Embeddable's `redirect.html`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
    /// Who publishes the connector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<Author>,
    /// The CRM platforms this server serves, keyed by [`Platform::name`].
    pub platforms: Platforms,
    /// Version of the manifest, e.g. `"1.6.38"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The publisher of a manifest (`author`).
///
/// ```
/// use app_connect_sdk::manifest::Author;
/// let author = Author::new("Acme Labs").with_website_url("https://acme.example.com");
/// assert_eq!(author.website_url.as_deref(), Some("https://acme.example.com"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Author {
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Web site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website_url: Option<String>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Author {
    /// An author with a name.
    #[must_use]
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            ..Self::default()
        }
    }

    /// Sets the web site.
    #[must_use]
    pub fn with_website_url(mut self, url: impl Into<String>) -> Self {
        self.website_url = Some(url.into());
        self
    }
}

/// The `platforms` object: platform key → [`Platform`], in the order written.
///
/// A JSON object whose keys keep their order; a key written twice is a parse error instead of
/// silently keeping the last one.
///
/// ```
/// use app_connect_sdk::manifest::{Auth, OAuth, Platform, Platforms};
///
/// let mut platforms = Platforms::default();
/// platforms.insert(Platform::new("acme", Auth::oauth(OAuth::new("https://acme.example.com/oauth/authorize", "id"))));
/// assert_eq!(platforms.len(), 1);
/// assert!(platforms.get("acme").is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Platforms(Vec<(String, Platform)>);

impl Platforms {
    /// The platform under `key`.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Platform> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, p)| p)
    }

    /// The platform under `key`, mutably.
    #[must_use]
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Platform> {
        self.0.iter_mut().find(|(k, _)| k == key).map(|(_, p)| p)
    }

    /// Adds `platform` under its own name, replacing (in place) a platform of the same key.
    /// Returns the replaced platform.
    pub fn insert(&mut self, platform: Platform) -> Option<Platform> {
        let key = platform.name.clone();
        self.insert_with_key(key, platform)
    }

    /// Adds `platform` under `key` (which App Connect expects to equal the platform's name),
    /// replacing (in place) a platform of the same key. Returns the replaced platform.
    pub fn insert_with_key(
        &mut self,
        key: impl Into<String>,
        platform: Platform,
    ) -> Option<Platform> {
        let key = key.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, slot)) => Some(std::mem::replace(slot, platform)),
            None => {
                self.0.push((key, platform));
                None
            }
        }
    }

    /// Platforms with their keys, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Platform)> {
        self.0.iter().map(|(k, p)| (k.as_str(), p))
    }

    /// Platforms with their keys, mutably, in order.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&str, &mut Platform)> {
        self.0.iter_mut().map(|(k, p)| (k.as_str(), p))
    }

    /// The platform keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// Number of platforms.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no platform.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<Platform> for Platforms {
    fn from_iter<I: IntoIterator<Item = Platform>>(iter: I) -> Self {
        let mut platforms = Self::default();
        for platform in iter {
            platforms.insert(platform);
        }
        platforms
    }
}

impl Serialize for Platforms {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, platform) in &self.0 {
            map.serialize_entry(key, platform)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Platforms {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PlatformsVisitor;

        impl<'de> Visitor<'de> for PlatformsVisitor {
            type Value = Platforms;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of platforms keyed by platform name")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Platforms, A::Error> {
                let mut platforms: Vec<(String, Platform)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if platforms.iter().any(|(k, _)| *k == key) {
                        return Err(serde::de::Error::custom(format_args!(
                            "platform `{key}` is declared twice"
                        )));
                    }
                    let platform = map.next_value::<Platform>()?;
                    platforms.push((key, platform));
                }
                Ok(Platforms(platforms))
            }
        }

        deserializer.deserialize_map(PlatformsVisitor)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Platforms {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Platforms".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let platform = generator.subschema_for::<Platform>();
        schemars::json_schema!({
            "description": "The CRM platforms this server serves, keyed by platform name.",
            "type": "object",
            "additionalProperties": platform
        })
    }
}
