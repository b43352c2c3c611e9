//! `returnMessage`: the toast App Connect shows the user.

use super::common::{CrmId, Extra};

open_enum! {
    /// `messageType` of a [`ReturnMessage`]. Open: unknown values are kept in `Other`.
    ///
    /// ```
    /// use app_connect_sdk::models::MessageType;
    /// assert_eq!(MessageType::parse("danger"), MessageType::Danger);
    /// assert_eq!(MessageType::parse("brandNew").as_str(), "brandNew");
    /// ```
    pub enum MessageType {
        /// `success`.
        Success => "success",
        /// `info`.
        Info => "info",
        /// `warning` (what App Connect uses for most failures).
        Warning => "warning",
        /// `danger` (legacy; App Connect uses it for OAuth `failMessage`).
        Danger => "danger",
        /// `error`.
        Error => "error",
    }
}

wire_object! {
    "a returnMessage object";
    /// A user-facing message (`returnMessage`): text, severity, display time and optional details.
    ///
    /// ```
    /// use app_connect_sdk::models::{ReturnMessage, MessageType};
    /// let msg = ReturnMessage::warning("Contact not found")
    ///     .with_ttl(5000)
    ///     .with_detail("Details", ["No contact has the number +14155550100."]);
    /// let json = serde_json::to_value(&msg).unwrap();
    /// assert_eq!(json["messageType"], "warning");
    /// assert_eq!(json["details"][0]["items"][0]["type"], "text");
    /// assert_eq!(msg.message_type, Some(MessageType::Warning));
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct ReturnMessage {
        /// The text shown to the user.
        pub message: Option<String> => opt "message",
        /// Severity (`success`, `info`, `warning`, `danger`, `error`, or other).
        pub message_type: Option<MessageType> => opt "messageType",
        /// How long the toast stays, in milliseconds.
        pub ttl: Option<u32> => opt "ttl",
        /// Expandable detail sections.
        pub details: Option<Vec<MessageDetail>> => opt "details",
    }
}

impl ReturnMessage {
    /// A message with the given severity.
    pub fn new(message_type: MessageType, message: impl Into<String>) -> Self {
        ReturnMessage {
            message: Some(message.into()),
            message_type: Some(message_type),
            ..Default::default()
        }
    }

    /// A `success` message.
    pub fn success(message: impl Into<String>) -> Self {
        Self::new(MessageType::Success, message)
    }

    /// An `info` message.
    pub fn info(message: impl Into<String>) -> Self {
        Self::new(MessageType::Info, message)
    }

    /// A `warning` message.
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(MessageType::Warning, message)
    }

    /// An `error` message.
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(MessageType::Error, message)
    }

    /// Sets the display time in milliseconds.
    #[must_use]
    pub fn with_ttl(mut self, ttl_ms: u32) -> Self {
        self.ttl = Some(ttl_ms);
        self
    }

    /// Appends a detail section whose items are text lines (ids `"1"`, `"2"`, … as connectors
    /// send them).
    #[must_use]
    pub fn with_detail<I, L>(mut self, title: impl Into<String>, lines: I) -> Self
    where
        I: IntoIterator<Item = L>,
        L: Into<String>,
    {
        let items = lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| MessageDetailItem::text(CrmId::from((i + 1).to_string()), line))
            .collect();
        self.details
            .get_or_insert_with(Vec::new)
            .push(MessageDetail {
                title: Some(title.into()),
                items: Some(items),
                extra: Extra::new(),
            });
        self
    }

    /// Whether the severity is `warning`, `danger` or `error`.
    pub fn is_problem(&self) -> bool {
        matches!(
            self.message_type,
            Some(MessageType::Warning | MessageType::Danger | MessageType::Error)
        )
    }
}

wire_object! {
    "a returnMessage detail object";
    /// One detail section of a [`ReturnMessage`].
    ///
    /// ```
    /// use app_connect_sdk::models::{MessageDetail, MessageDetailItem};
    /// let d = MessageDetail::new("Why", vec![MessageDetailItem::text(1, "Rate limited")]);
    /// assert_eq!(serde_json::to_string(&d).unwrap(),
    ///     r#"{"title":"Why","items":[{"id":1,"type":"text","text":"Rate limited"}]}"#);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct MessageDetail {
        /// Section title.
        pub title: Option<String> => opt "title",
        /// Section lines.
        pub items: Option<Vec<MessageDetailItem>> => opt "items",
    }
}

impl MessageDetail {
    /// A section with a title and items.
    pub fn new(title: impl Into<String>, items: Vec<MessageDetailItem>) -> Self {
        MessageDetail {
            title: Some(title.into()),
            items: Some(items),
            extra: Extra::new(),
        }
    }
}

wire_object! {
    "a returnMessage detail item";
    /// One line of a [`MessageDetail`]: `{ id, type: "text", text }`.
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let item: MessageDetailItem = serde_json::from_str(r#"{"id":1,"type":"text","text":"Rate limited"}"#).unwrap();
    /// assert_eq!(item.text.as_deref(), Some("Rate limited"));
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct MessageDetailItem {
        /// Item id (connectors use `"1"`, App Connect numbers).
        pub id: Option<CrmId> => opt "id",
        /// Item type; `"text"` in practice.
        pub item_type: Option<String> => opt "type",
        /// The line text.
        pub text: Option<String> => opt "text",
    }
}

impl MessageDetailItem {
    /// A `type: "text"` item.
    ///
    /// ```
    /// use app_connect_sdk::models::MessageDetailItem;
    /// let item = MessageDetailItem::text("1", "Hello");
    /// assert_eq!(item.item_type.as_deref(), Some("text"));
    /// ```
    pub fn text(id: impl Into<CrmId>, text: impl Into<String>) -> Self {
        MessageDetailItem {
            id: Some(id.into()),
            item_type: Some("text".to_owned()),
            text: Some(text.into()),
            extra: Extra::new(),
        }
    }
}

/// A `returnMessage` that may be a full object or, on a few legacy routes, a plain string
/// (`POST /callLog/cacheNote` answers `"Note cache saved"`).
///
/// ```
/// use app_connect_sdk::models::ReturnMessageOrText;
/// let t: ReturnMessageOrText = serde_json::from_str(r#""Note cache saved""#).unwrap();
/// assert_eq!(t.text(), Some("Note cache saved"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum ReturnMessageOrText {
    /// The usual object form.
    Message(ReturnMessage),
    /// A bare string.
    Text(String),
}

impl ReturnMessageOrText {
    /// The message text, whichever form.
    pub fn text(&self) -> Option<&str> {
        match self {
            ReturnMessageOrText::Message(m) => m.message.as_deref(),
            ReturnMessageOrText::Text(t) => Some(t),
        }
    }
}

impl Default for ReturnMessageOrText {
    fn default() -> Self {
        ReturnMessageOrText::Message(ReturnMessage::default())
    }
}

impl From<ReturnMessage> for ReturnMessageOrText {
    fn from(value: ReturnMessage) -> Self {
        ReturnMessageOrText::Message(value)
    }
}

impl serde::Serialize for ReturnMessageOrText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ReturnMessageOrText::Message(m) => m.serialize(serializer),
            ReturnMessageOrText::Text(t) => serializer.serialize_str(t),
        }
    }
}

impl<'de> serde::Deserialize<'de> for ReturnMessageOrText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ReturnMessageOrText;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a returnMessage object or string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(ReturnMessageOrText::Text(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                use serde::Deserialize as _;
                ReturnMessage::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(ReturnMessageOrText::Message)
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ReturnMessageOrText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ReturnMessageOrText".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let object = generator.subschema_for::<ReturnMessage>();
        schemars::json_schema!({ "anyOf": [object, { "type": "string" }] })
    }
}
