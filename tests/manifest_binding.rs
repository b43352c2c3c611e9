//! Platform::check_contact: contacts feed contact-dependent fields under the manifest's keys.

use app_connect_sdk::manifest::{AdditionalField, Auth, FieldKey, OAuth, Platform};
use app_connect_sdk::models::{Contact, ContactOption};
use serde_json::json;

const DEALS: FieldKey = FieldKey::new("deals");
const LOG_TIME: FieldKey = FieldKey::new("logTimeEntry");

fn platform() -> Platform {
    Platform::builder(
        "acme",
        Auth::oauth(OAuth::new("https://acme.example.com/auth", "client")),
    )
    .contact_type("Contact", "Contact")
    .contact_type("Lead", "Lead")
    .call_log_field(AdditionalField::dropdown(DEALS, "Deal").contact_dependent())
    .call_log_field(AdditionalField::checkbox(LOG_TIME, "Log time").contact_dependent())
    .build()
}

fn codes(contact: &Contact) -> Vec<(String, String)> {
    platform()
        .check_contact(contact)
        .iter()
        .map(|i| (i.code().to_owned(), i.path().to_owned()))
        .collect()
}

#[test]
fn a_well_formed_contact_has_no_issue() {
    let contact = Contact::new(1, "Ada")
        .with_type("Lead")
        .with_additional_info(DEALS, vec![ContactOption::new("d-1", "Renewal")])
        .with_additional_value(LOG_TIME, true);
    assert_eq!(codes(&contact), Vec::<(String, String)>::new());
}

#[test]
fn a_missing_key_is_reported_at_its_path() {
    let contact = Contact::new(1, "Ada").with_additional_value(LOG_TIME, true);
    assert_eq!(
        codes(&contact),
        [(
            "contact-missing-options".to_owned(),
            "additionalInfo.deals".to_owned()
        )]
    );
}

#[test]
fn options_that_are_not_const_title_pairs_are_reported() {
    for bad in [
        json!("d-1"),
        json!([{"id": 1, "name": "x"}]),
        json!([{"const": 1}]),
    ] {
        let contact = Contact::new(1, "Ada")
            .with_additional_value(DEALS, bad.clone())
            .with_additional_value(LOG_TIME, true);
        assert_eq!(
            codes(&contact),
            [(
                "contact-invalid-options".to_owned(),
                "additionalInfo.deals".to_owned()
            )],
            "{bad}"
        );
    }
}

#[test]
fn a_typo_in_a_key_is_both_missing_and_undeclared() {
    let contact = Contact::new(1, "Ada")
        .with_additional_info("deal", vec![ContactOption::new(1, "Renewal")])
        .with_additional_value(LOG_TIME, false);
    assert_eq!(
        codes(&contact),
        [
            (
                "contact-missing-options".to_owned(),
                "additionalInfo.deals".to_owned()
            ),
            (
                "contact-undeclared-key".to_owned(),
                "additionalInfo.deal".to_owned()
            ),
        ]
    );
}

#[test]
fn an_undeclared_contact_type_is_reported() {
    let contact = Contact::new(1, "Ada")
        .with_type("Candidate")
        .with_additional_info(DEALS, vec![])
        .with_additional_value(LOG_TIME, true);
    assert_eq!(
        codes(&contact),
        [("undeclared-contact-type".to_owned(), "type".to_owned())]
    );
}

#[test]
fn the_create_new_placeholder_is_not_checked() {
    assert!(
        platform()
            .check_contact(&Contact::create_new_placeholder())
            .is_empty()
    );
}
