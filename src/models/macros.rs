//! Internal macros that generate the wire (de)serialisation of the models.
//!
//! Why not `#[serde(flatten)]`? A flattened map makes serde buffer the whole object before the
//! fields are read, which erases the JSON path of a bad value (`serde_path_to_error` would then
//! report the error at the root). These macros read objects key by key instead, so errors keep
//! their full path (`logInfo.from.phoneNumber`), unknown keys land in `extra`, and a round trip
//! loses nothing.

/// Declares a wire struct and implements `Serialize`, `Deserialize`, `JsonSchema` (feature
/// `schema`) and `Debug` (unless `custom_debug`) for it. Each field is written once, with its
/// wire name and kind beside it; the macro adds the trailing `extra: Extra` field:
///
/// ```text
/// wire_object! {
///     "a call party object";            // serde's `expecting`; `, custom_debug` after it
///     /// docs, derives, #[non_exhaustive] …
///     pub struct CallParty {
///         /// E.164 phone number.
///         pub phone_number: Option<String> => opt "phoneNumber",
///     }
/// }
/// ```
///
/// The kind says how the field is read and written:
/// * `req`: required on the wire, always written;
/// * `opt`: an `Option<T>`; absent means `None`, `None` is omitted; an explicit `null` is kept in
///   `extra` (so it is written back as `null`);
/// * `nul`: an `Option<Option<T>>`; absent = `None`, `null` = `Some(None)`;
/// * `dft`: absent means `Default::default()`; always written;
/// * `ts`: an `Option<DateTime<Utc>>` like `opt`, written as JavaScript does
///   (`2026-06-24T16:00:00.000Z`).
///
/// The schema takes each property name from the same literal the (de)serialiser uses, and
/// `models::wire_check` tests, for every modelled type, that schema properties, wire names
/// and what serialisation writes are one set.
macro_rules! wire_object {
    (
        $expecting:literal $(, $custom:ident)?;
        $(#[$meta:meta])*
        pub struct $ty:ident {
            $(
                $(#[$fmeta:meta])*
                pub $field:ident : $fty:ty => $kind:ident $wire:literal,
            )*
        }
    ) => {
        $(#[$meta])*
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub struct $ty {
            $(
                $(#[$fmeta])*
                #[cfg_attr(feature = "schema", serde(rename = $wire))]
                pub $field: $fty,
            )*
            /// Keys this crate does not model, kept as they are and written back unchanged.
            #[cfg_attr(feature = "schema", serde(flatten))]
            pub extra: $crate::models::Extra,
        }

        wire_object!(@serde $ty, $expecting { $( $kind $field : $wire ),* });
        wire_object!(@debug $ty $(, $custom)? { $( $field )* });

        #[cfg(all(test, feature = "schema"))]
        impl $crate::models::macros::WireObject for $ty {
            const WIRE_NAMES: &'static [&'static str] = &[$( $wire ),*];
            fn extra(&self) -> &$crate::models::Extra {
                &self.extra
            }
        }
    };
    // Also implements `Debug`, with credential-like keys of `extra` redacted.
    (@debug $ty:ident { $( $field:ident )* }) => {
        impl ::std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($ty))
                    $( .field(stringify!($field), &self.$field) )*
                    .field("extra", &$crate::models::user::RedactedMap(&self.extra))
                    .finish()
            }
        }
    };
    // The type writes its own `Debug`.
    (@debug $ty:ident, custom_debug { $( $field:ident )* }) => {};
    (@serde $ty:ident, $expecting:literal { $( $kind:ident $field:ident : $wire:literal ),* $(,)? }) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(None)?;
                $( wire_object!(@ser $kind map self.$field, $wire); )*
                for (key, value) in &self.extra {
                    let shadowed = match key.as_str() {
                        $( $wire => wire_object!(@present $kind self.$field), )*
                        _ => false,
                    };
                    if !shadowed {
                        map.serialize_entry(key, value)?;
                    }
                }
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct WireVisitor;
                impl<'de> ::serde::de::Visitor<'de> for WireVisitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str($expecting)
                    }
                    #[allow(unused_mut)]
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut access: A) -> Result<$ty, A::Error> {
                        $( let mut $field = None; )*
                        let mut extra = $crate::models::Extra::new();
                        while let Some(key) = access.next_key::<String>()? {
                            match key.as_str() {
                                $( $wire => {
                                    if $field.is_some() {
                                        return Err(<A::Error as ::serde::de::Error>::duplicate_field($wire));
                                    }
                                    wire_object!(@de $kind access extra key $field);
                                } )*
                                _ => {
                                    let value: ::serde_json::Value = access.next_value()?;
                                    extra.insert(key, value);
                                }
                            }
                        }
                        Ok($ty {
                            $( $field: wire_object!(@finish $kind $field $wire A), )*
                            extra,
                        })
                    }
                }
                deserializer.deserialize_map(WireVisitor)
            }
        }
    };

    (@ser req $map:ident $value:expr, $wire:literal) => {
        $map.serialize_entry($wire, &$value)?;
    };
    (@ser opt $map:ident $value:expr, $wire:literal) => {
        if let Some(value) = &$value {
            $map.serialize_entry($wire, value)?;
        }
    };
    (@ser ts $map:ident $value:expr, $wire:literal) => {
        if let Some(value) = &$value {
            // JavaScript's Date#toJSON form: milliseconds and `Z`.
            $map.serialize_entry($wire, &value.to_rfc3339_opts(::chrono::SecondsFormat::Millis, true))?;
        }
    };
    (@ser dft $map:ident $value:expr, $wire:literal) => {
        $map.serialize_entry($wire, &$value)?;
    };
    (@ser nul $map:ident $value:expr, $wire:literal) => {
        if let Some(value) = &$value {
            $map.serialize_entry($wire, value)?;
        }
    };

    (@present req $value:expr) => { true };
    (@present opt $value:expr) => { $value.is_some() };
    (@present dft $value:expr) => { true };
    (@present ts $value:expr) => { $value.is_some() };
    (@present nul $value:expr) => { $value.is_some() };

    (@de req $access:ident $extra:ident $key:ident $field:ident) => {
        $field = Some($access.next_value()?);
    };
    (@de opt $access:ident $extra:ident $key:ident $field:ident) => {
        match $access.next_value()? {
            Some(value) => $field = Some(value),
            None => {
                $extra.insert($key, ::serde_json::Value::Null);
            }
        }
    };
    (@de ts $access:ident $extra:ident $key:ident $field:ident) => {
        wire_object!(@de opt $access $extra $key $field);
    };
    (@de dft $access:ident $extra:ident $key:ident $field:ident) => {
        $field = Some($access.next_value()?);
    };
    (@de nul $access:ident $extra:ident $key:ident $field:ident) => {
        $field = Some($access.next_value()?);
    };

    (@finish req $field:ident $wire:literal $a:ident) => {
        match $field {
            Some(value) => value,
            None => return Err(<$a::Error as ::serde::de::Error>::missing_field($wire)),
        }
    };
    (@finish opt $field:ident $wire:literal $a:ident) => { $field };
    (@finish nul $field:ident $wire:literal $a:ident) => { $field };
    (@finish dft $field:ident $wire:literal $a:ident) => { $field.unwrap_or_default() };
    (@finish ts $field:ident $wire:literal $a:ident) => { $field };
}

/// Implements `schemars::JsonSchema` with a fixed schema (feature `schema`).
macro_rules! fixed_schema {
    ($ty:ty, $name:expr, $($json:tt)+) => {
        #[cfg(feature = "schema")]
        impl ::schemars::JsonSchema for $ty {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                $name.into()
            }
            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!($($json)+)
            }
        }
    };
}

/// What `wire_object!` declares about a type, for the wire-name test (`models::wire_check`).
#[cfg(all(test, feature = "schema"))]
pub(crate) trait WireObject {
    /// The wire names of the modelled fields, in declaration order.
    const WIRE_NAMES: &'static [&'static str];
    /// The unknown keys.
    fn extra(&self) -> &crate::models::Extra;
}
