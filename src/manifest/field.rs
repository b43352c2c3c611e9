//! Form fields: [`AdditionalField`] and its options, defaults and rendering hints.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

open_enum! {
    /// The kind of a form field (`type`).
    ///
    /// ```
    /// use app_connect_sdk::manifest::FieldType;
    /// assert_eq!(FieldType::from("selection"), FieldType::Selection);
    /// assert_eq!(FieldType::InputField.as_str(), "inputField");
    /// ```
    pub enum FieldType {
        /// A dropdown.
        Selection => "selection",
        /// A text input.
        InputField => "inputField",
        /// A check box.
        Checkbox => "checkbox",
        /// A date picker.
        Date => "date",
        /// A text value (credential forms) or a text line.
        String => "string",
        /// A warning line (no value).
        Warning => "warning",
    }
}

/// A field of a form (`page.callLog|messageLog|newContact.additionalFields[]`, also the
/// server-side logging admin form).
///
/// Its `const` ([`AdditionalField::key`]) is the key under which the value travels: the
/// connector puts a dropdown's options in the matched contact's `additionalInfo[const]`
/// (when `contactDependent`) and reads the chosen value from `additionalSubmission[const]`.
/// Declare the key once as a [`FieldKey`](super::FieldKey) and use it on both sides.
///
/// ```
/// use app_connect_sdk::manifest::{AdditionalField, DefaultSettingValues, FieldKey, FieldType};
///
/// const MATTERS: FieldKey = FieldKey::new("matters");
/// const BILLABLE: FieldKey = FieldKey::new("billableStatus");
///
/// let matters = AdditionalField::dropdown(MATTERS, "Matter").contact_dependent();
/// let billable = AdditionalField::dropdown(BILLABLE, "Billable status")
///     .option("billable", "Billable")
///     .option("non-billable", "Non-billable")
///     .default_from_settings("clioOptions", DefaultSettingValues::new().calls("clioDefaultNonBillableTick"));
/// assert_eq!(matters.r#type, Some(FieldType::Selection));
/// assert_eq!(billable.options.as_ref().map(Vec::len), Some(2));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AdditionalField {
    /// The field's key (`const`): key in `additionalSubmission` and `additionalInfo`.
    #[serde(rename = "const")]
    pub key: String,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Field kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<FieldType>,
    /// Help text (for `warning` fields: the warning).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the user must fill it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Options come from the selected contact's `additionalInfo[const]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_dependent: Option<bool>,
    /// Options depend on the chosen contact type (the `newContact` form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_type_dependent: Option<bool>,
    /// Options are fetched when the form is shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamic_options: Option<bool>,
    /// Adds a "none" choice to the dropdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_none_option: Option<bool>,
    /// Lets the user type a value that is not an option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_custom_value: Option<bool>,
    /// Static options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<FieldOption>>,
    /// Initial value (e.g. `false` for a check box).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_value: Option<Value>,
    /// The settings section holding this field's defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_setting_id: Option<String>,
    /// Per log kind, the setting item holding the default value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_setting_values: Option<DefaultSettingValues>,
    /// Options come from this key of the connector's account data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_data_key: Option<String>,
    /// The property of that account data holding the options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_data_property: Option<String>,
    /// Per contact type (a `contactTypes[].value`), the property holding the options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_data_property_by_contact_type: Option<BTreeMap<String, String>>,
    /// Rendering hints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ui_schema: Option<UiSchema>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AdditionalField {
    /// A field of any kind with its key and label.
    ///
    /// ```
    /// use app_connect_sdk::manifest::{AdditionalField, FieldType};
    /// let f = AdditionalField::new("priority", FieldType::from("rating"), "Priority");
    /// assert_eq!(f.r#type.map(|t| t.to_string()).as_deref(), Some("rating"));
    /// ```
    #[must_use]
    pub fn new(key: impl Into<String>, r#type: FieldType, title: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            title: Some(title.into()),
            r#type: Some(r#type),
            ..Self::default()
        }
    }

    /// A dropdown (`selection`). Give it an option source: [`option`](Self::option),
    /// [`contact_dependent`](Self::contact_dependent), [`dynamic_options`](Self::dynamic_options),
    /// [`account_data`](Self::account_data), ….
    ///
    /// ```
    /// use app_connect_sdk::manifest::{AdditionalField, FieldKey};
    /// const DEALS: FieldKey = FieldKey::new("deals");
    /// let deals = AdditionalField::dropdown(DEALS, "Deal").contact_dependent();
    /// assert_eq!(deals.contact_dependent, Some(true));
    /// ```
    #[must_use]
    pub fn dropdown(key: impl Into<String>, title: impl Into<String>) -> Self {
        Self::new(key, FieldType::Selection, title)
    }

    /// A text input (`inputField`).
    ///
    /// ```
    /// use app_connect_sdk::manifest::{AdditionalField, FieldType};
    /// assert_eq!(AdditionalField::text("subject", "Subject").r#type, Some(FieldType::InputField));
    /// ```
    #[must_use]
    pub fn text(key: impl Into<String>, title: impl Into<String>) -> Self {
        Self::new(key, FieldType::InputField, title)
    }

    /// A check box (`checkbox`), unchecked by default.
    ///
    /// ```
    /// use app_connect_sdk::manifest::AdditionalField;
    /// let f = AdditionalField::checkbox("copyToComments", "Copy to comments");
    /// assert_eq!(f.default_value, Some(serde_json::json!(false)));
    /// ```
    #[must_use]
    pub fn checkbox(key: impl Into<String>, title: impl Into<String>) -> Self {
        Self::new(key, FieldType::Checkbox, title).with_default_value(false)
    }

    /// A date picker (`date`).
    ///
    /// ```
    /// use app_connect_sdk::manifest::{AdditionalField, FieldType};
    /// assert_eq!(AdditionalField::date("due", "Due").r#type, Some(FieldType::Date));
    /// ```
    #[must_use]
    pub fn date(key: impl Into<String>, title: impl Into<String>) -> Self {
        Self::new(key, FieldType::Date, title)
    }

    /// A warning line (`warning`) with its text.
    ///
    /// ```
    /// use app_connect_sdk::manifest::AdditionalField;
    /// let w = AdditionalField::warning("leadWarning", "Lead warning", "Deals win over leads");
    /// assert_eq!(w.description.as_deref(), Some("Deals win over leads"));
    /// ```
    #[must_use]
    pub fn warning(
        key: impl Into<String>,
        title: impl Into<String>,
        text: impl Into<String>,
    ) -> Self {
        Self::new(key, FieldType::Warning, title).with_description(text)
    }

    /// Whether this is a dropdown.
    #[must_use]
    pub fn is_selection(&self) -> bool {
        self.r#type == Some(FieldType::Selection)
    }

    /// Options come from the selected contact's `additionalInfo[key]`.
    #[must_use]
    pub fn contact_dependent(mut self) -> Self {
        self.contact_dependent = Some(true);
        self
    }

    /// Options depend on the contact type chosen in the `newContact` form.
    #[must_use]
    pub fn contact_type_dependent(mut self) -> Self {
        self.contact_type_dependent = Some(true);
        self
    }

    /// Options are fetched when the form is shown.
    #[must_use]
    pub fn dynamic_options(mut self) -> Self {
        self.dynamic_options = Some(true);
        self
    }

    /// The user must fill the field.
    #[must_use]
    pub fn required(mut self) -> Self {
        self.required = Some(true);
        self
    }

    /// Adds a "none" choice.
    #[must_use]
    pub fn include_none_option(mut self) -> Self {
        self.include_none_option = Some(true);
        self
    }

    /// Lets the user type a value that is not an option.
    #[must_use]
    pub fn allow_custom_value(mut self) -> Self {
        self.allow_custom_value = Some(true);
        self
    }

    /// Sets the help text.
    #[must_use]
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Appends a static option.
    #[must_use]
    pub fn option(mut self, value: impl Into<String>, title: impl Into<String>) -> Self {
        self.options
            .get_or_insert_with(Vec::new)
            .push(FieldOption::new(value, title));
        self
    }

    /// Sets the initial value.
    #[must_use]
    pub fn with_default_value(mut self, value: impl Into<Value>) -> Self {
        self.default_value = Some(value.into());
        self
    }

    /// Takes defaults from the settings section `section_id`, per log kind.
    #[must_use]
    pub fn default_from_settings(
        mut self,
        section_id: impl Into<String>,
        values: DefaultSettingValues,
    ) -> Self {
        self.default_setting_id = Some(section_id.into());
        self.default_setting_values = Some(values);
        self
    }

    /// Options come from `property` of the connector's account data `key`.
    ///
    /// ```
    /// use app_connect_sdk::manifest::AdditionalField;
    /// let f = AdditionalField::dropdown("noteActions", "Note action").account_data("crmData", "commentActionList");
    /// assert_eq!(f.account_data_key.as_deref(), Some("crmData"));
    /// ```
    #[must_use]
    pub fn account_data(mut self, key: impl Into<String>, property: impl Into<String>) -> Self {
        self.account_data_key = Some(key.into());
        self.account_data_property = Some(property.into());
        self
    }

    /// Options come from the connector's account data `key`, from a property chosen by the
    /// contact type (pairs of `contactTypes[].value` and property). Also marks the field
    /// `contactTypeDependent`.
    ///
    /// ```
    /// use app_connect_sdk::manifest::AdditionalField;
    /// let status = AdditionalField::dropdown("status", "Status")
    ///     .account_data_by_contact_type("crmData", [("Lead", "leadStatuses"), ("Contact", "contactStatuses")]);
    /// assert_eq!(status.contact_type_dependent, Some(true));
    /// ```
    #[must_use]
    pub fn account_data_by_contact_type<I, T, P>(
        mut self,
        key: impl Into<String>,
        by_type: I,
    ) -> Self
    where
        I: IntoIterator<Item = (T, P)>,
        T: Into<String>,
        P: Into<String>,
    {
        self.account_data_key = Some(key.into());
        self.contact_type_dependent = Some(true);
        self.account_data_property_by_contact_type = Some(
            by_type
                .into_iter()
                .map(|(t, p)| (t.into(), p.into()))
                .collect(),
        );
        self
    }

    /// Sets rendering hints.
    #[must_use]
    pub fn with_ui_schema(mut self, ui_schema: UiSchema) -> Self {
        self.ui_schema = Some(ui_schema);
        self
    }
}

/// A static option of a dropdown (`options[]`): `{ const, title }`.
///
/// ```
/// use app_connect_sdk::manifest::FieldOption;
/// let o = FieldOption::new("billable", "Billable");
/// assert_eq!(o.value, "billable");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FieldOption {
    /// The value submitted (`const`).
    #[serde(rename = "const")]
    pub value: String,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Extra text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl FieldOption {
    /// An option with its value and label.
    #[must_use]
    pub fn new(value: impl Into<String>, title: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            title: Some(title.into()),
            ..Self::default()
        }
    }
}

/// Per log kind, the setting item that holds a field's default (`defaultSettingValues`).
///
/// ```
/// use app_connect_sdk::manifest::DefaultSettingValues;
/// let values = DefaultSettingValues::new().calls("defaultCategory").messages("defaultCategory");
/// let kinds: Vec<_> = values.entries().map(|(kind, id)| format!("{kind}={id}")).collect();
/// assert_eq!(kinds.len(), 5);
/// assert_eq!(kinds[0], "inboundCall=defaultCategory");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DefaultSettingValues {
    /// For inbound calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inbound_call: Option<DefaultSettingRef>,
    /// For outbound calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbound_call: Option<DefaultSettingRef>,
    /// For SMS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<DefaultSettingRef>,
    /// For voicemails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voicemail: Option<DefaultSettingRef>,
    /// For faxes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fax: Option<DefaultSettingRef>,
    /// Log kinds this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl DefaultSettingValues {
    /// No defaults yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Default for inbound calls from setting item `setting_id`.
    #[must_use]
    pub fn inbound_call(mut self, setting_id: impl Into<String>) -> Self {
        self.inbound_call = Some(DefaultSettingRef::new(setting_id));
        self
    }

    /// Default for outbound calls from setting item `setting_id`.
    #[must_use]
    pub fn outbound_call(mut self, setting_id: impl Into<String>) -> Self {
        self.outbound_call = Some(DefaultSettingRef::new(setting_id));
        self
    }

    /// Default for inbound and outbound calls from setting item `setting_id`.
    #[must_use]
    pub fn calls(self, setting_id: impl Into<String>) -> Self {
        let id = setting_id.into();
        self.inbound_call(id.clone()).outbound_call(id)
    }

    /// Default for SMS from setting item `setting_id`.
    #[must_use]
    pub fn message(mut self, setting_id: impl Into<String>) -> Self {
        self.message = Some(DefaultSettingRef::new(setting_id));
        self
    }

    /// Default for voicemails from setting item `setting_id`.
    #[must_use]
    pub fn voicemail(mut self, setting_id: impl Into<String>) -> Self {
        self.voicemail = Some(DefaultSettingRef::new(setting_id));
        self
    }

    /// Default for faxes from setting item `setting_id`.
    #[must_use]
    pub fn fax(mut self, setting_id: impl Into<String>) -> Self {
        self.fax = Some(DefaultSettingRef::new(setting_id));
        self
    }

    /// Default for SMS, voicemails and faxes from setting item `setting_id`.
    #[must_use]
    pub fn messages(self, setting_id: impl Into<String>) -> Self {
        let id = setting_id.into();
        self.message(id.clone()).voicemail(id.clone()).fax(id)
    }

    /// Every `(log kind, setting item id)` pair, known kinds first, then unknown kinds whose
    /// value has a string `settingId`.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        let known = [
            ("inboundCall", &self.inbound_call),
            ("outboundCall", &self.outbound_call),
            ("message", &self.message),
            ("voicemail", &self.voicemail),
            ("fax", &self.fax),
        ]
        .into_iter()
        .filter_map(|(kind, r)| r.as_ref().map(|r| (kind, r.setting_id.as_str())));
        let unknown = self.extra.iter().filter_map(|(kind, value)| {
            value
                .get("settingId")
                .and_then(Value::as_str)
                .map(|id| (kind.as_str(), id))
        });
        known.chain(unknown)
    }
}

/// A reference to a setting item (`{ settingId }`).
///
/// ```
/// use app_connect_sdk::manifest::DefaultSettingRef;
/// assert_eq!(DefaultSettingRef::new("defaultCategory").setting_id, "defaultCategory");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DefaultSettingRef {
    /// Id of a setting item (not a section).
    pub setting_id: String,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl DefaultSettingRef {
    /// A reference to setting item `setting_id`.
    #[must_use]
    pub fn new(setting_id: impl Into<String>) -> Self {
        Self {
            setting_id: setting_id.into(),
            extra: Map::new(),
        }
    }
}

/// Rendering hints (`uiSchema`, react-jsonschema-form style `ui:*` keys).
///
/// ```
/// use app_connect_sdk::manifest::UiSchema;
/// let json = serde_json::to_value(UiSchema::password()).unwrap();
/// assert_eq!(json, serde_json::json!({ "ui:widget": "password" }));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct UiSchema {
    /// `typography`, `button`, `admonition`, ….
    #[serde(rename = "ui:field", default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// `body2`, `contained`, ….
    #[serde(
        rename = "ui:variant",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub variant: Option<String>,
    /// Text alignment, e.g. `center`.
    #[serde(rename = "ui:align", default, skip_serializing_if = "Option::is_none")]
    pub align: Option<String>,
    /// Full-width rendering.
    #[serde(
        rename = "ui:fullWidth",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub full_width: Option<bool>,
    /// Input widget, e.g. `password`.
    #[serde(rename = "ui:widget", default, skip_serializing_if = "Option::is_none")]
    pub widget: Option<String>,
    /// Admonition severity, e.g. `warning`.
    #[serde(
        rename = "ui:severity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub severity: Option<String>,
    /// Keys this crate does not model, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UiSchema {
    /// A masked input (`ui:widget: password`).
    #[must_use]
    pub fn password() -> Self {
        Self {
            widget: Some("password".to_owned()),
            ..Self::default()
        }
    }
}
