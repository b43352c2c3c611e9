//! `GET /contact`, `POST /contact`, `GET /custom/contact/search`.

use http::StatusCode;

use crate::connector::{ConnectorError, Interface};
use crate::models::{
    ContactMutationResponse, ContactSearchResponse, CreateContactParams, CreateContactRequest,
    FindContactParams, FindContactResult, FindContactWithNameParams, ReturnMessage,
};
use crate::server::ConnectorServer;
use crate::server::incoming::{Incoming, json_response};
use crate::server::routes::FAILURE_TTL;
use crate::server::signed_in::Outcome;

/// `GET /contact?phoneNumber=…`: the connector's matches, including a "create new contact"
/// placeholder it may add; App Connect's "Contact not found" warning when nothing real matched.
pub(super) async fn find(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let raw = incoming.required_query("phoneNumber")?;
    // A `+` that was not percent-encoded arrives as a space; App Connect turns the first one back.
    let phone_number = raw.replacen(' ', "+", 1);
    let session = match server.sign_in(incoming).await {
        Ok(session) => session,
        Err(outcome) => return outcome,
    };
    let mut params = FindContactParams::new(phone_number.clone());
    params.overriding_format = incoming.query("overridingFormat").map(str::to_owned);
    params.is_extension = incoming.query_flag("isExtension");
    params.is_force_refresh_account_data = incoming.query_flag("isForceRefreshAccountData");
    match session
        .call(
            Interface::FindContact,
            session.connector.find_contact(&session.cx, params),
        )
        .await
    {
        Ok(result) => matches_response(result, || {
            ReturnMessage::warning("Contact not found")
                .with_ttl(FAILURE_TTL)
                .with_detail(
                    "Details",
                    [format!(
                        "A contact with the phone number {phone_number} could not be found in your {} account.",
                        session.platform
                    )],
                )
        }),
        Err(response) => Ok(response),
    }
}

/// The answer to a contact lookup: the connector's matches, with `no_match` as the message
/// when the connector gave none and nothing real matched (App Connect's default warning).
fn matches_response(
    result: FindContactResult,
    no_match: impl FnOnce() -> ReturnMessage,
) -> Outcome {
    let message = match result.return_message {
        Some(message) => Some(message),
        None if !result.has_real_match() => Some(no_match()),
        None => None,
    };
    let mut response = ContactSearchResponse::found(result.matched_contact_info);
    response.successful = result.successful;
    response.return_message = message;
    Ok(json_response(StatusCode::OK, &response))
}

/// `GET /custom/contact/search?name=…`: `findContactWithName`.
pub(super) async fn search(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let name = incoming.required_query("name")?.to_owned();
    let session = match server.sign_in(incoming).await {
        Ok(session) => session,
        Err(outcome) => return outcome,
    };
    let interface = Interface::FindContactWithName;
    let Some(search) = session.connector.contact_search() else {
        return Ok(session.refuse(interface, &ConnectorError::not_implemented(interface)));
    };
    let params = FindContactWithNameParams::new(name.clone());
    match session
        .call(
            interface,
            search.find_contact_with_name(&session.cx, params),
        )
        .await
    {
        Ok(result) => matches_response(result, || {
            ReturnMessage::warning(format!("No contact found with name {name}"))
                .with_ttl(FAILURE_TTL)
        }),
        Err(response) => Ok(response),
    }
}

/// `POST /contact`: `createContact`.
pub(super) async fn create(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    // App Connect hands a missing name to the connector, whose message the user then sees.
    let request: CreateContactRequest =
        incoming.json_defaulting(&[("newContactName", serde_json::Value::from(""))])?;
    let session = match server.sign_in(incoming).await {
        Ok(session) => session,
        Err(outcome) => return outcome,
    };
    let interface = Interface::CreateContact;
    let params = CreateContactParams {
        phone_number: request.phone_number,
        new_contact_name: request.new_contact_name,
        new_contact_type: request.new_contact_type,
        additional_submission: request.additional_submission.unwrap_or_default(),
        ..CreateContactParams::default()
    };
    let Some(creation) = session.connector.contact_creation() else {
        return Ok(session.refuse(interface, &ConnectorError::not_implemented(interface)));
    };
    let result = match session
        .call(interface, creation.create_contact(&session.cx, params))
        .await
    {
        Ok(result) => result,
        Err(response) => return Ok(response),
    };
    let mut response = match result.contact_info {
        Some(contact) => ContactMutationResponse::created(contact),
        None => ContactMutationResponse::default(),
    };
    response.return_message = result.return_message;
    Ok(json_response(StatusCode::OK, &response))
}
