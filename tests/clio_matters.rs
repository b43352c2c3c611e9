//! The clio_matters example connector: calls are linked to the selected matter.

#[allow(dead_code)]
#[path = "../examples/clio_matters.rs"]
mod clio_matters;

use app_connect_sdk::connector::{Connector, ConnectorError, Context};
use app_connect_sdk::models::{
    AdditionalSubmission, ContactInfo, CreateCallLogParams, FindContactParams,
};
use clio_matters::{BILLABLE_STATUS, LawFirmCrm, MATTERS, manifest};

fn call_params(contact_id: i64, submission: AdditionalSubmission) -> CreateCallLogParams {
    let mut params = CreateCallLogParams::default();
    params.contact_info = ContactInfo::new(contact_id, "+14155550100").with_name("Client");
    params.note = Some("note".into());
    params.additional_submission = submission;
    params
}

#[tokio::test]
async fn the_activity_is_linked_to_the_selected_matter() {
    let crm = LawFirmCrm::seeded();
    let cx = Context::builder().build();
    let result = crm
        .create_call_log(
            &cx,
            call_params(
                1,
                AdditionalSubmission::new()
                    .with(MATTERS, 102)
                    .with(BILLABLE_STATUS, "billable"),
            ),
        )
        .await
        .expect("logged");
    let activities = crm.activities();
    assert_eq!(activities.len(), 1);
    assert_eq!(activities[0].matter_id, Some(102));
    assert!(activities[0].billable);
    assert_eq!(
        result.log_id.map(|id| id.to_string()),
        Some(activities[0].id.to_string())
    );

    // A string id (as the App Connect client sends option values) works too, non-billable.
    crm.create_call_log(
        &cx,
        call_params(
            1,
            AdditionalSubmission::new()
                .with(MATTERS, "101")
                .with(BILLABLE_STATUS, "nonBillable"),
        ),
    )
    .await
    .expect("logged");
    let second = &crm.activities()[1];
    assert_eq!(second.matter_id, Some(101));
    assert!(!second.billable);
}

#[tokio::test]
async fn an_unknown_or_foreign_matter_is_a_clear_error() {
    let crm = LawFirmCrm::seeded();
    let cx = Context::builder().build();
    for bad in [
        serde_json::json!(99),
        serde_json::json!(201),
        serde_json::json!(103),
        serde_json::json!("not-a-number"),
    ] {
        let err = crm
            .create_call_log(
                &cx,
                call_params(1, AdditionalSubmission::new().with(MATTERS, bad.clone())),
            )
            .await
            .expect_err("refused");
        match &err {
            ConnectorError::InvalidInput(text) => {
                assert!(text.contains("not an open matter"), "{bad}: {text}");
            }
            other => panic!("{bad}: unexpected error {other:?}"),
        }
    }
    assert!(crm.activities().is_empty(), "nothing written on error");
}

#[tokio::test]
async fn a_contact_with_no_matters_still_logs() {
    let crm = LawFirmCrm::seeded();
    let cx = Context::builder().build();
    let found = crm
        .find_contact(&cx, FindContactParams::new("+14155550122"))
        .await
        .expect("found");
    let grace = &found.matched_contact_info[0];
    let matters = &grace.additional_info.as_ref().expect("additionalInfo")[MATTERS.as_str()];
    assert_eq!(matters, &serde_json::json!([]));

    crm.create_call_log(&cx, call_params(3, AdditionalSubmission::new()))
        .await
        .expect("logged without a matter");
    assert_eq!(crm.activities()[0].matter_id, None);
}

#[tokio::test]
async fn the_manifest_and_the_contacts_use_the_same_keys() {
    let manifest = manifest().expect("valid manifest");
    let form = manifest
        .platforms
        .get("lawfirm")
        .and_then(|p| p.page.as_ref())
        .and_then(|p| p.call_log.as_ref())
        .expect("call-log form");
    let crm = LawFirmCrm::seeded();
    let found = crm
        .find_contact(
            &Context::builder().build(),
            FindContactParams::new("+14155550100"),
        )
        .await
        .expect("found");
    let info = found.matched_contact_info[0]
        .additional_info
        .as_ref()
        .expect("additionalInfo");
    let dependent: Vec<&str> = form
        .additional_fields
        .iter()
        .filter(|f| f.contact_dependent == Some(true))
        .map(|f| f.key.as_str())
        .collect();
    assert_eq!(dependent, [MATTERS.as_str(), BILLABLE_STATUS.as_str()]);
    for key in dependent {
        assert!(info.contains_key(key), "contact lacks additionalInfo.{key}");
    }
    // The manifest's own binding check agrees, for every seeded contact.
    let platform = manifest.platforms.get("lawfirm").expect("platform");
    for phone in ["+14155550100", "+14155550111", "+14155550122"] {
        let found = crm
            .find_contact(&Context::builder().build(), FindContactParams::new(phone))
            .await
            .expect("found");
        for contact in &found.matched_contact_info {
            assert!(
                platform.check_contact(contact).is_empty(),
                "{phone}: {:?}",
                platform.check_contact(contact)
            );
        }
    }
    // Options carry `const` and `title`, as App Connect's dropdowns need.
    assert_eq!(info[MATTERS.as_str()][0]["const"], 101);
    assert_eq!(
        info[MATTERS.as_str()][0]["title"],
        "Lovelace v. Analytical Engines Ltd"
    );
}
