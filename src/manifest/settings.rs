//! User and admin settings: [`SettingsSection`], [`SettingItem`], [`AdminSetting`].

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

open_enum! {
    /// The kind of a setting (`settings[].type`, `items[].type`).
    ///
    /// ```
    /// use app_connect_sdk::manifest::SettingItemType;
    /// assert_eq!(SettingItemType::from("boolean"), SettingItemType::Boolean);
    /// assert_eq!(SettingItemType::Option.as_str(), "option");
    /// ```
    pub enum SettingItemType {
        /// A group of settings (with `items`).
        Section => "section",
        /// A text input.
        InputField => "inputField",
        /// A switch.
        Boolean => "boolean",
        /// A choice among `options` (or several, with `multiple`).
        Option => "option",
        /// A warning line (`value` is the text).
        Warning => "warning",
    }
}

/// A group of settings (`settings[]`), shown as one section of the settings page.
///
/// Connectors read a setting's value from `user.userSettings[<item id>].value`: the item id, not
/// the section id. A form field names the section in `defaultSettingId` and the items in
/// `defaultSettingValues`.
///
/// ```
/// use app_connect_sdk::manifest::{SettingItem, SettingsSection};
/// let section = SettingsSection::new("acmeOptions", "Acme options")
///     .item(SettingItem::boolean("acmeTimeEntries", "Create time entries", true))
///     .item(SettingItem::input("acmeExtraPhoneField", "Extra phone field"));
/// let ids: Vec<_> = section.all_items().map(|i| i.id.as_str()).collect();
/// assert_eq!(ids, ["acmeTimeEntries", "acmeExtraPhoneField"]);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SettingsSection {
    /// Section id (what `defaultSettingId` names).
    pub id: String,
    /// `section`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<SettingItemType>,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether users see it (default `true`); `false` keeps it admin-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_to_users: Option<bool>,
    /// The settings; items of type `section` nest further items.
    #[serde(default)]
    pub items: Vec<SettingItem>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl SettingsSection {
    /// An empty section.
    #[must_use]
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            r#type: Some(SettingItemType::Section),
            name: Some(name.into()),
            ..Self::default()
        }
    }

    /// Appends a setting.
    #[must_use]
    pub fn item(mut self, item: SettingItem) -> Self {
        self.items.push(item);
        self
    }

    /// Every item of this section, nested ones included, depth first.
    pub fn all_items(&self) -> impl Iterator<Item = &SettingItem> {
        let mut stack: Vec<&SettingItem> = self.items.iter().rev().collect();
        std::iter::from_fn(move || {
            let item = stack.pop()?;
            if let Some(children) = &item.items {
                stack.extend(children.iter().rev());
            }
            Some(item)
        })
    }
}

/// One setting (`settings[].items[]`).
///
/// ```
/// use app_connect_sdk::manifest::{SettingItem, SettingOption};
/// let billable = SettingItem::option("defaultBillable", "Default billable status", [("billable", "Billable"), ("non-billable", "Non-billable")])
///     .with_default_value("billable");
/// assert_eq!(billable.options.map(|o| o.len()), Some(2));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SettingItem {
    /// Key in `user.userSettings`, usable as `{id}` in page URL templates.
    pub id: String,
    /// Setting kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<SettingItemType>,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Help text shown under the input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helper: Option<String>,
    /// Placeholder of an input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Initial value: string, boolean, number or list of option ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_value: Option<Value>,
    /// The text of a `warning`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Choices of an `option`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<SettingOption>>,
    /// Several choices allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiple: Option<bool>,
    /// Several choices rendered as check boxes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkbox: Option<bool>,
    /// Whether a value is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Options are written by the connector into `userSettings[id].options`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamic_options: Option<bool>,
    /// Nested settings, for items of type `section`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<SettingItem>>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl SettingItem {
    fn of(id: impl Into<String>, r#type: SettingItemType, name: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            r#type: Some(r#type),
            name: Some(name.into()),
            ..Self::default()
        }
    }

    /// A text input, empty by default.
    #[must_use]
    pub fn input(id: impl Into<String>, name: impl Into<String>) -> Self {
        Self::of(id, SettingItemType::InputField, name).with_default_value("")
    }

    /// A switch.
    #[must_use]
    pub fn boolean(id: impl Into<String>, name: impl Into<String>, default: bool) -> Self {
        Self::of(id, SettingItemType::Boolean, name).with_default_value(default)
    }

    /// A choice among `(id, label)` pairs.
    #[must_use]
    pub fn option<I, V, L>(id: impl Into<String>, name: impl Into<String>, options: I) -> Self
    where
        I: IntoIterator<Item = (V, L)>,
        V: Into<String>,
        L: Into<String>,
    {
        Self {
            options: Some(
                options
                    .into_iter()
                    .map(|(v, l)| SettingOption::new(v, l))
                    .collect(),
            ),
            ..Self::of(id, SettingItemType::Option, name)
        }
    }

    /// A warning line.
    #[must_use]
    pub fn warning(
        id: impl Into<String>,
        name: impl Into<String>,
        text: impl Into<String>,
    ) -> Self {
        Self {
            value: Some(text.into()),
            ..Self::of(id, SettingItemType::Warning, name)
        }
    }

    /// A nested section.
    ///
    /// ```
    /// use app_connect_sdk::manifest::{SettingItem, SettingsSection};
    /// let s = SettingsSection::new("acme", "Acme")
    ///     .item(SettingItem::section("sms", "SMS", [SettingItem::boolean("smsTimeTracking", "Track SMS time", false)]));
    /// assert_eq!(s.all_items().count(), 2);
    /// ```
    #[must_use]
    pub fn section(
        id: impl Into<String>,
        name: impl Into<String>,
        items: impl IntoIterator<Item = SettingItem>,
    ) -> Self {
        Self {
            items: Some(items.into_iter().collect()),
            ..Self::of(id, SettingItemType::Section, name)
        }
    }

    /// Sets the initial value.
    #[must_use]
    pub fn with_default_value(mut self, value: impl Into<Value>) -> Self {
        self.default_value = Some(value.into());
        self
    }

    /// Sets the help text.
    #[must_use]
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Options are written by the connector at run time.
    #[must_use]
    pub fn dynamic_options(mut self) -> Self {
        self.dynamic_options = Some(true);
        self.options.get_or_insert_with(Vec::new);
        self
    }

    /// Whether users choose among options here (static or dynamic).
    #[must_use]
    pub fn has_options(&self) -> bool {
        self.dynamic_options == Some(true) || self.options.as_ref().is_some_and(|o| !o.is_empty())
    }
}

/// A choice of an `option` setting: `{ id, name }` in real manifests, a bare string in the docs.
///
/// ```
/// use app_connect_sdk::manifest::SettingOption;
/// let a: SettingOption = serde_json::from_str(r#"{ "id": "-12", "name": "(GMT -12:00)" }"#).unwrap();
/// let b: SettingOption = serde_json::from_str(r#""Option 1""#).unwrap();
/// assert_eq!(a.id(), "-12");
/// assert_eq!(b.id(), "Option 1");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
#[non_exhaustive]
pub enum SettingOption {
    /// `{ id, name, selected? }`.
    Choice(SettingChoice),
    /// A bare string: id and label at once.
    Text(String),
}

impl SettingOption {
    /// A `{ id, name }` choice.
    #[must_use]
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Self::Choice(SettingChoice {
            id: id.into(),
            name: Some(name.into()),
            selected: None,
            extra: Map::new(),
        })
    }

    /// The value stored when this choice is picked.
    #[must_use]
    pub fn id(&self) -> &str {
        match self {
            Self::Choice(choice) => &choice.id,
            Self::Text(text) => text,
        }
    }
}

impl<'de> Deserialize<'de> for SettingOption {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match Value::deserialize(deserializer)? {
            Value::String(text) => Ok(Self::Text(text)),
            value @ Value::Object(_) => {
                serde_json::from_value(value)
                    .map(Self::Choice)
                    .map_err(|e| {
                        D::Error::custom(format_args!("invalid option `{{ id, name }}`: {e}"))
                    })
            }
            other => Err(D::Error::custom(format_args!(
                "expected a string or an object `{{ id, name }}`, found {other}"
            ))),
        }
    }
}

/// A `{ id, name }` choice of an `option` setting.
///
/// ```
/// use app_connect_sdk::manifest::SettingChoice;
/// assert_eq!(SettingChoice::default().id, "");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SettingChoice {
    /// The value stored.
    pub id: String,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Pre-selection marker (`"selected"` in real manifests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<String>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An account-level admin setting (`adminSettings[]`, undocumented; Pipedrive).
///
/// ```
/// use app_connect_sdk::manifest::{AdminSetting, SettingItemType};
/// let s = AdminSetting::new("pipelineId", "Default pipeline")
///     .with_type(SettingItemType::parse("option"))
///     .with_account_data_key("pipelines");
/// assert_eq!(s.account_data_key.as_deref(), Some("pipelines"));
/// assert_eq!(serde_json::to_value(&s).unwrap()["name"], "Default pipeline");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AdminSetting {
    /// Setting id.
    pub id: String,
    /// Setting kind (`option`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<SettingItemType>,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Options come from this key of the connector's account data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_data_key: Option<String>,
    /// Initial value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_value: Option<Value>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AdminSetting {
    /// An admin setting with its id and label.
    #[must_use]
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        AdminSetting {
            id: id.into(),
            name: Some(name.into()),
            ..Default::default()
        }
    }

    /// Sets the kind (`option`, …).
    #[must_use]
    pub fn with_type(mut self, kind: SettingItemType) -> Self {
        self.r#type = Some(kind);
        self
    }

    /// Takes the options from this key of the connector's account data.
    #[must_use]
    pub fn with_account_data_key(mut self, key: impl Into<String>) -> Self {
        self.account_data_key = Some(key.into());
        self
    }

    /// Sets the initial value.
    #[must_use]
    pub fn with_default_value(mut self, value: impl Into<Value>) -> Self {
        self.default_value = Some(value.into());
        self
    }
}

impl SettingChoice {
    /// A choice: the value stored and its label.
    ///
    /// ```
    /// use app_connect_sdk::manifest::SettingChoice;
    /// assert_eq!(SettingChoice::new("billable", "Billable").name.as_deref(), Some("Billable"));
    /// ```
    #[must_use]
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        SettingChoice {
            id: id.into(),
            name: Some(name.into()),
            ..Default::default()
        }
    }
}
