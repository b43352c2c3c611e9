//! `POST /admin/userMapping` and `POST /admin/reinitializeUserMapping`: CRM users
//! (`getUserList`) matched to the account's RingCentral extensions.

use http::StatusCode;

use crate::connector::Interface;
use crate::models::{
    CrmUser, RcExtension, RcUserMatch, UserMapping, UserMappingEntry, UserMappingRequest,
};
use crate::server::ConnectorServer;
use crate::server::incoming::{Incoming, json_response};
use crate::server::routes::database_failed;
use crate::server::signed_in::Outcome;

/// Both routes: params → session and admin → connector → store → reply. `rebuild` drops the
/// stored mappings first (reinitialize).
pub(super) async fn map_users(
    server: &ConnectorServer,
    incoming: &Incoming<'_>,
    rebuild: bool,
) -> Outcome {
    let request: UserMappingRequest = incoming.json()?;
    let (platform, account) = match super::admin::admin_session(server, incoming).await {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let signed = match server.sign_in(incoming).await {
        Ok(signed) => signed,
        Err(answer) => return answer,
    };
    let Some(list) = signed.connector.user_list() else {
        return Ok(json_response(
            StatusCode::OK,
            &Vec::<UserMappingEntry>::new(),
        ));
    };
    let admin = &server.inner().admin;
    let mut config = match admin.get_admin_config(&platform, &account).await {
        Ok(stored) => stored.unwrap_or_default(),
        Err(_) => return Ok(database_failed()),
    };
    let crm_users = match signed
        .call(Interface::GetUserList, list.get_user_list(&signed.cx))
        .await
    {
        Ok(users) => users,
        Err(response) => return Ok(response),
    };
    let stored = if rebuild {
        None
    } else {
        config.user_mappings.take()
    };
    let (entries, mappings, changed) =
        resolve(&crm_users, &request.rc_extension_list, stored, rebuild);
    if changed {
        config.user_mappings = Some(mappings);
        if admin
            .put_admin_config(&platform, &account, config)
            .await
            .is_err()
        {
            return Ok(database_failed());
        }
    }
    Ok(json_response(StatusCode::OK, &entries))
}

/// The answer, the mappings to store and whether they changed. A CRM user with a stored
/// mapping gets its stored extensions; one without is matched to the first extension with its
/// email, its name or `"first last"`, and that match is added. The first mapping of an
/// account is always stored (even when empty), as core initialises it.
fn resolve(
    crm_users: &[CrmUser],
    extensions: &[RcExtension],
    stored: Option<Vec<UserMapping>>,
    rebuild: bool,
) -> (Vec<UserMappingEntry>, Vec<UserMapping>, bool) {
    let first = stored.is_none();
    let mut mappings = stored.unwrap_or_default();
    let kept = mappings.len();
    let mut entries = Vec::with_capacity(crm_users.len());
    for crm in crm_users {
        let id = crm.id.as_str();
        let rc_user = match mappings[..kept].iter().find(|m| m.crm_user_id == id) {
            Some(mapping) => extensions
                .iter()
                .filter(|e| mapping.rc_extension_id.iter().any(|x| *x == e.id.as_str()))
                .map(RcUserMatch::of)
                .collect(),
            None => match extensions.iter().find(|e| matches(e, crm)) {
                Some(extension) => {
                    mappings.push(UserMapping::new(
                        id.clone().into_owned(),
                        [extension.id.as_str().into_owned()],
                    ));
                    vec![RcUserMatch::of(extension)]
                }
                None => Vec::new(),
            },
        };
        entries.push(UserMappingEntry::new(crm.clone(), rc_user));
    }
    let changed = rebuild || first || mappings.len() > kept;
    (entries, mappings, changed)
}

/// Core's auto-match: equal email, equal name, or `"<first> <last>"` equal to the CRM name.
/// Unlike core, an absent email or name matches nothing (core matches two absent emails).
fn matches(extension: &RcExtension, crm: &CrmUser) -> bool {
    let same = |a: &Option<String>, b: &Option<String>| match (a, b) {
        (Some(a), Some(b)) => !a.is_empty() && a == b,
        _ => false,
    };
    same(&extension.email, &crm.email)
        || same(&extension.name, &crm.name)
        || same(&Some(extension.first_last()), &crm.name)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // test code: a panic is the failure report
    use super::*;

    fn extension(json: serde_json::Value) -> RcExtension {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn stored_mappings_win_and_new_matches_are_added() {
        let crm = vec![
            CrmUser::new(1, "Ada Lovelace").with_email("ada@example.com"),
            CrmUser::new(2, "Alan Turing"),
            CrmUser::new(3, "Nobody"),
        ];
        let exts = vec![
            extension(serde_json::json!({ "id": 101, "email": "ada@example.com" })),
            extension(serde_json::json!({ "id": 102, "firstName": "Alan", "lastName": "Turing" })),
            extension(serde_json::json!({ "id": 103, "name": "Grace" })),
        ];
        let stored = vec![UserMapping::new("1", ["103"])];
        let (entries, mappings, changed) = resolve(&crm, &exts, Some(stored), false);
        assert!(changed);
        assert_eq!(entries[0].rc_user[0].extension_id, "103");
        assert_eq!(entries[1].rc_user[0].name, "Alan Turing");
        assert!(entries[2].rc_user.is_empty());
        assert_eq!(
            mappings,
            vec![
                UserMapping::new("1", ["103"]),
                UserMapping::new("2", ["102"])
            ]
        );
        // Nothing new: nothing to store.
        let (_, _, changed) = resolve(&crm, &exts, Some(mappings), false);
        assert!(!changed);
        // Rebuild ignores the stored ones.
        let (entries, mappings, _) = resolve(&crm, &exts, None, true);
        assert_eq!(entries[0].rc_user[0].extension_id, "101");
        assert_eq!(mappings.len(), 2);
    }
}
