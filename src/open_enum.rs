//! `open_enum!`: string enums that keep values this crate does not know yet, shared by the
//! models and the manifest.

/// Declares an open string enum: known variants plus `Other(Unrecognized)` that keeps any other
/// value. [`Unrecognized`](crate::models::Unrecognized) can only be made by `parse`, so an
/// `Other` never holds a documented value and `==` agrees with the wire form.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// Any other value, kept verbatim so it is written back unchanged. Only
            /// [`parse`](Self::parse) (and `From`, `FromStr`, serde) build it, never with a
            /// documented value; read the string with [`as_str`](Self::as_str).
            Other($crate::models::Unrecognized),
        }

        impl $name {
            /// The wire string of this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Other(other) => other.as_str(),
                }
            }

            /// Parses a wire string; unknown strings become `Other` (never fails).
            pub fn parse(value: &str) -> Self {
                match value {
                    $( $wire => Self::$variant, )*
                    other => Self::Other($crate::models::Unrecognized::new(other.to_owned())),
                }
            }

            /// Whether this is a value the crate does not know (`Other`).
            pub fn is_other(&self) -> bool {
                matches!(self, Self::Other(_))
            }

            /// Whether this is one of the values App Connect documents (not `Other`).
            pub fn is_known(&self) -> bool {
                !self.is_other()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::parse(value)
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $( $wire => Self::$variant, )*
                    _ => Self::Other($crate::models::Unrecognized::new(value)),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::parse(value))
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct EnumVisitor;
                impl ::serde::de::Visitor<'_> for EnumVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a string (", stringify!($name), ")"))
                    }
                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        Ok($name::parse(value))
                    }
                    fn visit_string<E: ::serde::de::Error>(self, value: String) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                }
                deserializer.deserialize_str(EnumVisitor)
            }
        }

        #[cfg(feature = "schema")]
        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({
                    "description": concat!(
                        "Documented values:",
                        $( " `", $wire, "`", )*
                        ". Any other string is accepted and kept as is."
                    ),
                    "anyOf": [
                        { "enum": [ $( $wire ),* ] },
                        { "type": "string" }
                    ]
                })
            }
        }
    };
}

/// The payload of an open enum's `Other` variant: a wire string this crate does not know.
///
/// It has no public constructor: only an open enum's `parse` (and `From<&str>`,
/// `From<String>`, `FromStr`, serde) makes one, and only for a string that is not a documented
/// value. So `CallDirection::Other(..)` can never equal `CallDirection::Inbound`, and two
/// values compare equal exactly when they are written the same on the wire.
///
/// ```
/// use app_connect_sdk::models::CallDirection;
///
/// let sideways = CallDirection::parse("Sideways");
/// assert!(sideways.is_other());
/// if let CallDirection::Other(unknown) = &sideways {
///     assert_eq!(unknown.as_str(), "Sideways");
/// }
/// // A documented value always parses to its variant, whatever the way in.
/// assert_eq!(CallDirection::from(String::from("Inbound")), CallDirection::Inbound);
/// ```
///
/// Building one by hand does not compile:
///
/// ```compile_fail
/// use app_connect_sdk::models::{CallDirection, Unrecognized};
/// let fake = CallDirection::Other(Unrecognized("Inbound".to_owned()));
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Unrecognized(String);

impl Unrecognized {
    /// Wraps an unknown wire string; callers (the `open_enum!` parsers) have checked it is no
    /// documented value.
    pub(crate) fn new(value: String) -> Self {
        Self(value)
    }

    /// The string as it was on the wire.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Unrecognized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.0, f)
    }
}

impl std::fmt::Display for Unrecognized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Unrecognized {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
