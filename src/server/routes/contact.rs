//! `GET /contact`, `POST /contact`, `GET /custom/contact/search`.

use http::StatusCode;

use crate::connector::{CachedValue, ConnectorError, Interface};
use crate::models::{
    Contact, ContactMutationResponse, ContactSearchResponse, CreateContactParams,
    CreateContactRequest, FindContactParams, FindContactResult, FindContactWithNameParams,
    ReturnMessage, User,
};
use crate::server::incoming::{Incoming, json_response};
use crate::server::routes::FAILURE_TTL;
use crate::server::signed_in::{Outcome, SessionUser};
use crate::server::store::CacheStore;
use crate::server::{ConnectorServer, observe};

/// `GET /contact?phoneNumber=…`: the connector's matches, including a "create new contact"
/// placeholder it may add; App Connect's "Contact not found" warning when nothing real matched.
///
/// Matches are cached per RingCentral account (core's `contact-<phoneNumber>` account data
/// row): a cached match is answered without the CRM unless `isForceRefreshAccountData=true`,
/// which refetches and, when nothing real matches any more, drops the stale row.
pub(super) async fn find(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let raw = incoming.required_query("phoneNumber")?;
    // A `+` that was not percent-encoded arrives as a space; App Connect turns the first one back.
    let phone_number = raw.replacen(' ', "+", 1);
    let force_refresh = incoming.query_flag("isForceRefreshAccountData");
    let user = match server.session_user(incoming).await {
        Ok(user) => user,
        Err(outcome) => return outcome,
    };
    let cache = MatchCache::new(server, &user, &phone_number);
    let cached = cache.lookup().await;
    if let Some(contacts) = cached.clone().filter(|_| !force_refresh) {
        observe::notify_cached(&cache.platform, Interface::FindContact);
        return Ok(json_response(
            StatusCode::OK,
            &ContactSearchResponse::found(contacts),
        ));
    }
    let session = match server.sign_in_user(incoming, user).await {
        Ok(session) => session,
        Err(outcome) => return outcome,
    };
    let mut params = FindContactParams::new(phone_number.clone());
    params.overriding_format = incoming.query("overridingFormat").map(str::to_owned);
    params.is_extension = incoming.query_flag("isExtension");
    params.is_force_refresh_account_data = force_refresh;
    let result = match session
        .call(
            Interface::FindContact,
            session.connector.find_contact(&session.cx, params),
        )
        .await
    {
        Ok(result) => result,
        Err(response) => return Ok(response),
    };
    if result.has_real_match() {
        cache.store(&result.matched_contact_info).await;
    } else if force_refresh && cached.is_some() {
        cache.forget().await;
    }
    matches_response(result, || {
        ReturnMessage::warning("Contact not found")
            .with_ttl(FAILURE_TTL)
            .with_detail(
                "Details",
                [format!(
                    "A contact with the phone number {phone_number} could not be found in your {} account.",
                    session.platform
                )],
            )
    })
}

/// The contact-match row of one number in the account cache: (platform, the user's
/// `rcAccountId`, `contact-<phoneNumber>`), never expiring. A user without `rcAccountId` has
/// none. A failing cache store never fails the lookup: it is a miss, and writes are skipped
/// (the store wrapper logs the failure).
pub(super) struct MatchCache<'a> {
    caches: &'a dyn CacheStore,
    platform: String,
    account: Option<String>,
    key: String,
}

impl<'a> MatchCache<'a> {
    fn new(server: &'a ConnectorServer, user: &SessionUser, phone_number: &str) -> Self {
        Self::of(server, &user.platform, &user.user, phone_number)
    }

    /// The row of `phone_number` for `user`'s account on `platform`.
    pub(super) fn of(
        server: &'a ConnectorServer,
        platform: &str,
        user: &User,
        phone_number: &str,
    ) -> Self {
        MatchCache {
            caches: server.inner().caches.as_ref(),
            platform: platform.to_owned(),
            account: user.rc_account_id.clone().filter(|a| !a.is_empty()),
            key: format!("contact-{phone_number}"),
        }
    }

    /// The cached matches, if any (a store failure is a miss).
    pub(super) async fn lookup(&self) -> Option<Vec<Contact>> {
        let account = self.account.as_deref()?;
        let entry = self
            .caches
            .get_account_data(&self.platform, account, &self.key)
            .await
            .ok()??;
        // A row that no longer reads as contacts is a miss.
        serde_json::from_value(entry.value).ok()
    }

    async fn store(&self, contacts: &[Contact]) {
        let (Some(account), Ok(value)) = (&self.account, serde_json::to_value(contacts)) else {
            return;
        };
        let entry = CachedValue::new(value, None);
        let _ = self
            .caches
            .put_account_data(&self.platform, account, &self.key, entry)
            .await;
    }

    async fn forget(&self) {
        if let Some(account) = &self.account {
            let _ = self
                .caches
                .delete_account_data(&self.platform, account, &self.key)
                .await;
        }
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
