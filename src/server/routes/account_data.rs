//! `GET /accountData?keys=a,b&forceRefresh=true`: connector-declared account data, cached per
//! (platform, RingCentral account, key) as App Connect core's `getAccountDataByKeys`.

use http::StatusCode;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::connector::{AccountData, ConnectorError, Interface};
use crate::models::{BasicMutationResponse, ReturnMessage};
use crate::server::incoming::{Incoming, json_response};
use crate::server::routes::{FAILURE_TTL, database_failed};
use crate::server::signed_in::{Outcome, SignedIn, call_connector};
use crate::server::{ConnectorServer, Rejection};

/// The 200 answer: `{ successful: true, data: { <key>: value } }`.
#[derive(Serialize)]
struct AccountDataReply {
    successful: bool,
    data: Map<String, Value>,
}

/// The request's keys, trimmed, empty ones dropped.
fn requested_keys(incoming: &Incoming<'_>) -> Vec<String> {
    incoming
        .query("keys")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(super) async fn get(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    // Core checks the session token before the keys, and the keys before the user.
    let keys = requested_keys(incoming);
    if keys.is_empty() && matches!(incoming.session, Some(Ok(_))) {
        return Err(Rejection::MissingParameter("keys"));
    }
    let session = match server.sign_in(incoming).await {
        Ok(session) => session,
        Err(outcome) => return outcome,
    };
    let source = session.connector.account_data();
    let declared = source
        .map(AccountData::account_data_keys)
        .unwrap_or_default();
    let unknown: Vec<&str> = keys
        .iter()
        .filter(|k| !declared.contains(k))
        .map(String::as_str)
        .collect();
    let Some(source) = source.filter(|_| unknown.is_empty()) else {
        let message = ReturnMessage::warning(format!(
            "Unknown account data key(s): {}",
            unknown.join(", ")
        ))
        .with_ttl(FAILURE_TTL);
        return Ok(json_response(
            StatusCode::BAD_REQUEST,
            &BasicMutationResponse::failure(message),
        ));
    };
    let force_refresh = incoming.query_flag("forceRefresh");
    let mut data = Map::new();
    for key in keys {
        let value = match fetch(&session, source, &key, force_refresh).await {
            Ok(value) => value,
            Err(failure) => return failure,
        };
        data.insert(key, value);
    }
    Ok(json_response(
        StatusCode::OK,
        &AccountDataReply {
            successful: true,
            data,
        },
    ))
}

/// One key through the account cache: cached when fresh, else fetched (a stale value is
/// served when the fetch fails); the error is the complete answer.
async fn fetch(
    session: &SignedIn,
    source: &dyn AccountData,
    key: &str,
    force_refresh: bool,
) -> Result<Value, Outcome> {
    let cx = &session.cx;
    let mut refused = None;
    let fetched = cx
        .account_data()
        .get_or_fetch(key, source.account_data_ttl(key), force_refresh, async {
            call_connector(
                &session.platform,
                Interface::AccountData,
                source.fetch_account_data(cx, key),
            )
            .await
            .map_err(|response| {
                let revoked = response.status() == StatusCode::UNAUTHORIZED;
                refused = Some(response);
                if revoked {
                    ConnectorError::SessionRevoked
                } else {
                    ConnectorError::other("the account data fetch failed")
                }
            })
        })
        .await;
    let error = match fetched {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    Err(match refused {
        // A revoked CRM session: 401 `CRM_SESSION_REVOKED`, as every route answers it.
        Some(response) if response.status() == StatusCode::UNAUTHORIZED => Ok(response),
        // The connector failed and nothing was cached: core answers 400 `{ error }`.
        Some(_) => Err(Rejection::InvalidRequest(format!(
            "account data `{key}` could not be fetched from {}",
            session.platform
        ))),
        None => match error {
            // No rcAccountId: account data is kept per RingCentral account.
            ConnectorError::InvalidInput(text) => Err(Rejection::InvalidRequest(text)),
            _ => Ok(database_failed()),
        },
    })
}
