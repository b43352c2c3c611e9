//! [`Platform::check_contact`]: does a contact returned by `findContact` feed the platform's
//! forms the way the manifest says?
//!
//! A contact-dependent dropdown shows the options the matched contact carries under
//! `additionalInfo[<field const>]`. When the connector writes a different key, or something
//! other than `[{ const, title }]`, App Connect shows an empty dropdown and says nothing.
//! Run this check in a connector's tests, on the contacts its `find_contact` returns.

use serde_json::Value;

use super::{IssueKind, Platform, ValidationIssue};
use crate::models::Contact;

/// The forms whose fields a matched contact feeds (a new contact has no contact yet).
const CONTACT_FORMS: [&str; 2] = ["callLog", "messageLog"];

impl Platform {
    /// Every problem in how `contact` feeds this platform's call-log and message-log forms:
    ///
    /// - a contact-dependent dropdown whose key is missing from `additionalInfo`
    ///   (`contact-missing-options`), or whose value is not a list of `{ const, title }`
    ///   options (`contact-invalid-options`);
    /// - an `additionalInfo` key no form field declares (`contact-undeclared-key`);
    /// - a contact `type` missing from the platform's `contactTypes`
    ///   (`undeclared-contact-type`).
    ///
    /// The "Create new contact…" placeholder is not checked. Paths are relative to the
    /// contact (`additionalInfo.deals`).
    ///
    /// ```
    /// use app_connect_sdk::manifest::{AdditionalField, Auth, FieldKey, OAuth, Platform};
    /// use app_connect_sdk::models::{Contact, ContactOption};
    ///
    /// const DEALS: FieldKey = FieldKey::new("deals");
    /// let platform = Platform::builder("acme", Auth::oauth(OAuth::new("https://acme.example/auth", "id")))
    ///     .call_log_field(AdditionalField::dropdown(DEALS, "Deal").contact_dependent())
    ///     .build();
    ///
    /// let good = Contact::new(1, "Ada").with_additional_info(DEALS, vec![ContactOption::new(7, "Renewal")]);
    /// assert!(platform.check_contact(&good).is_empty());
    ///
    /// // A typo in the connector: "deal" instead of "deals".
    /// let typo = Contact::new(1, "Ada").with_additional_info("deal", vec![ContactOption::new(7, "Renewal")]);
    /// let codes: Vec<_> = platform.check_contact(&typo).iter().map(|i| i.code()).collect();
    /// assert_eq!(codes, ["contact-missing-options", "contact-undeclared-key"]);
    /// ```
    #[must_use]
    pub fn check_contact(&self, contact: &Contact) -> Vec<ValidationIssue> {
        let mut issues = Vec::new();
        if contact.is_new_contact() {
            return issues;
        }
        let info = contact.additional_info.as_ref();
        let fields = self
            .forms()
            .filter(|(form, _)| CONTACT_FORMS.contains(form))
            .flat_map(|(_, fields)| fields.iter());
        let mut declared: Vec<&str> = Vec::new();
        for field in fields {
            declared.push(field.key.as_str());
            if field.contact_dependent != Some(true) || !field.is_selection() {
                continue;
            }
            let key = field.key.clone();
            let path = format!("additionalInfo.{key}");
            match info.and_then(|i| i.get(&key)) {
                None => issues.push(ValidationIssue::new(
                    IssueKind::ContactMissingOptions { key: key.clone() },
                    path,
                    format!("the contact has no `additionalInfo.{key}`, so the contact-dependent field `{key}` shows no options"),
                )),
                Some(value) if !is_option_list(value) => issues.push(ValidationIssue::new(
                    IssueKind::ContactInvalidOptions { key: key.clone() },
                    path,
                    format!("`additionalInfo.{key}` must be a list of {{ \"const\", \"title\" }} options"),
                )),
                Some(_) => {}
            }
        }
        for key in info.into_iter().flat_map(|i| i.keys()) {
            if !declared.contains(&key.as_str()) {
                issues.push(ValidationIssue::new(
                    IssueKind::ContactUndeclaredKey { key: key.clone() },
                    format!("additionalInfo.{key}"),
                    format!(
                        "no call-log or message-log field has the const `{key}`; is it a typo?"
                    ),
                ));
            }
        }
        if let (Some(kind), Some(types)) =
            (contact.contact_type.as_deref(), self.contact_types.as_ref())
            && !types.iter().any(|t| t.value == kind)
        {
            issues.push(ValidationIssue::new(
                IssueKind::UndeclaredContactType {
                    value: kind.to_owned(),
                },
                "type",
                format!("contact type `{kind}` is not declared in the platform's contactTypes"),
            ));
        }
        issues
    }
}

fn is_option_list(value: &Value) -> bool {
    value.as_array().is_some_and(|options| {
        options.iter().all(|o| {
            o.get("const")
                .is_some_and(|c| c.is_string() || c.is_number())
                && o.get("title").is_some_and(Value::is_string)
        })
    })
}
