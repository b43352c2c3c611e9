//! [`FieldKey`]: one definition for a form field's key.

use std::fmt;

/// The key of a form field: the `const` of an `additionalFields` entry in the manifest, and the
/// key under which a connector puts that field's options into a contact's `additionalInfo` and
/// reads the chosen value back from `additionalSubmission`.
///
/// Declare each key once as a constant and use it on both sides, so the manifest and the
/// connector code cannot drift apart:
///
/// ```
/// use app_connect_sdk::manifest::{AdditionalField, FieldKey};
///
/// pub const MATTERS: FieldKey = FieldKey::new("matters");
///
/// // The manifest side: a dropdown whose options come from the selected contact.
/// let field = AdditionalField::dropdown(MATTERS, "Matter").contact_dependent();
/// assert_eq!(field.key, MATTERS);
///
/// // The connector side: the same key names the contact's `additionalInfo` entry.
/// let mut additional_info = serde_json::Map::new();
/// additional_info.insert(MATTERS.into(), serde_json::json!([{ "const": "m1", "title": "Smith v. Jones" }]));
/// assert!(additional_info.contains_key(MATTERS.as_str()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldKey(&'static str);

impl FieldKey {
    /// Makes a key; usable in `const` items.
    ///
    /// ```
    /// use app_connect_sdk::manifest::FieldKey;
    /// const DEALS: FieldKey = FieldKey::new("deals");
    /// assert_eq!(DEALS.as_str(), "deals");
    /// ```
    #[must_use]
    pub const fn new(key: &'static str) -> Self {
        Self(key)
    }

    /// The key as written in the manifest's `const`.
    ///
    /// ```
    /// use app_connect_sdk::manifest::FieldKey;
    /// assert_eq!(FieldKey::new("matters").as_str(), "matters");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for FieldKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl AsRef<str> for FieldKey {
    fn as_ref(&self) -> &str {
        self.0
    }
}

impl From<FieldKey> for String {
    fn from(key: FieldKey) -> Self {
        key.0.to_owned()
    }
}

impl From<FieldKey> for &'static str {
    fn from(key: FieldKey) -> Self {
        key.0
    }
}

impl PartialEq<str> for FieldKey {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for FieldKey {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for FieldKey {
    fn eq(&self, other: &String) -> bool {
        self.0 == other.as_str()
    }
}

impl PartialEq<FieldKey> for str {
    fn eq(&self, other: &FieldKey) -> bool {
        self == other.0
    }
}

impl PartialEq<FieldKey> for &str {
    fn eq(&self, other: &FieldKey) -> bool {
        *self == other.0
    }
}

impl PartialEq<FieldKey> for String {
    fn eq(&self, other: &FieldKey) -> bool {
        self.as_str() == other.0
    }
}

#[cfg(test)]
mod tests {
    use super::FieldKey;

    const MATTERS: FieldKey = FieldKey::new("matters");

    #[test]
    fn converts_and_compares_both_ways() {
        let owned: String = MATTERS.into();
        assert_eq!(owned, "matters");
        assert_eq!(owned, MATTERS);
        assert_eq!(MATTERS, owned);
        assert_eq!(MATTERS, *"matters");
        assert_ne!(MATTERS, "deals");
        assert_eq!(MATTERS.to_string(), "matters");
        assert_eq!(AsRef::<str>::as_ref(&MATTERS), "matters");
    }
}
