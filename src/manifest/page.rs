//! The forms of a platform: [`Page`], [`Form`], [`Feedback`].

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::field::{AdditionalField, FieldOption, FieldType};

/// The forms App Connect shows for a platform (`page`).
///
/// ```
/// use app_connect_sdk::manifest::{AdditionalField, Form, Page};
/// let mut page = Page::default();
/// page.call_log = Some(Form::new([AdditionalField::dropdown("deals", "Deal").contact_dependent()]));
/// assert_eq!(page.call_log.map(|f| f.additional_fields.len()), Some(1));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Page {
    /// The call log form; values reach `createCallLog`/`updateCallLog` as `additionalSubmission`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_log: Option<Form>,
    /// The message log form; values reach `createMessageLog` as `additionalSubmission`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_log: Option<Form>,
    /// The new contact form; values reach `createContact` as `additionalSubmission`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_contact: Option<Form>,
    /// The feedback form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<Feedback>,
    /// Enables contact search by name (`findContactWithName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_contact_search: Option<bool>,
    /// Makes the client refresh contact lookups on the server every time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_contact_cache: Option<bool>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A form (`{ additionalFields }`).
///
/// ```
/// use app_connect_sdk::manifest::{AdditionalField, Form};
/// let form = Form::new([AdditionalField::text("subject", "Subject")]);
/// assert!(form.field("subject").is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Form {
    /// The fields, in display order.
    #[serde(default)]
    pub additional_fields: Vec<AdditionalField>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Form {
    /// A form with these fields.
    #[must_use]
    pub fn new(fields: impl IntoIterator<Item = AdditionalField>) -> Self {
        Self {
            additional_fields: fields.into_iter().collect(),
            extra: Map::new(),
        }
    }

    /// The first field whose key is `key` (a `&str` or a [`FieldKey`](super::FieldKey)).
    #[must_use]
    pub fn field(&self, key: impl AsRef<str>) -> Option<&AdditionalField> {
        let key = key.as_ref();
        self.additional_fields.iter().find(|f| f.key == key)
    }
}

/// The feedback form (`page.feedback`).
///
/// ```
/// use app_connect_sdk::manifest::{Feedback, FeedbackElement};
/// let feedback = Feedback::new("https://forms.example.com/?score={score}&text={feedback}")
///     .element(FeedbackElement::input("feedback", "Feedback").required());
/// assert_eq!(feedback.elements.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Feedback {
    /// Template of the form's URL: `{score}`, `{crmName}`, `{userName}`, `{userEmail}`,
    /// `{version}` and `{<element const>}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The elements, in display order.
    #[serde(default)]
    pub elements: Vec<FeedbackElement>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Feedback {
    /// A feedback form submitted to the URL template `url`.
    #[must_use]
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: Some(url.into()),
            ..Self::default()
        }
    }

    /// Appends an element.
    #[must_use]
    pub fn element(mut self, element: FeedbackElement) -> Self {
        self.elements.push(element);
        self
    }
}

/// An element of the feedback form (`page.feedback.elements[]`).
///
/// ```
/// use app_connect_sdk::manifest::FeedbackElement;
/// let score = FeedbackElement::selection("score", "Score", [("1", "1"), ("2", "2")]);
/// assert_eq!(score.selections.map(|s| s.len()), Some(2));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FeedbackElement {
    /// Key, usable as `{key}` in the feedback URL.
    #[serde(rename = "const")]
    pub key: String,
    /// Label (for `string` elements: the text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `string`, `selection` or `inputField`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<FieldType>,
    /// Bold text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bold: Option<bool>,
    /// Placeholder of an input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Whether the user must fill it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Choices of a `selection`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selections: Option<Vec<FieldOption>>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl FeedbackElement {
    fn of(key: impl Into<String>, r#type: FieldType, title: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            title: Some(title.into()),
            r#type: Some(r#type),
            ..Self::default()
        }
    }

    /// A line of text.
    #[must_use]
    pub fn text(key: impl Into<String>, text: impl Into<String>) -> Self {
        Self::of(key, FieldType::String, text)
    }

    /// A text input.
    #[must_use]
    pub fn input(key: impl Into<String>, title: impl Into<String>) -> Self {
        Self::of(key, FieldType::InputField, title)
    }

    /// A choice among `(value, label)` pairs.
    #[must_use]
    pub fn selection<I, V, T>(key: impl Into<String>, title: impl Into<String>, choices: I) -> Self
    where
        I: IntoIterator<Item = (V, T)>,
        V: Into<String>,
        T: Into<String>,
    {
        Self {
            selections: Some(
                choices
                    .into_iter()
                    .map(|(v, t)| FieldOption::new(v, t))
                    .collect(),
            ),
            ..Self::of(key, FieldType::Selection, title)
        }
    }

    /// The user must fill it.
    #[must_use]
    pub fn required(mut self) -> Self {
        self.required = Some(true);
        self
    }
}
