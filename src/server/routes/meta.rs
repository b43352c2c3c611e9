//! `GET /isAlive`, `GET /implementedInterfaces`, `GET /crmManifest`.

use http::{Response, StatusCode};

use crate::connector::implemented_interfaces as interface_map;
use crate::server::incoming::{Incoming, json_response, text_response};
use crate::server::signed_in::Outcome;
use crate::server::{ConnectorServer, Rejection};

/// `GET /isAlive`: `200 OK` (text).
pub(super) fn is_alive() -> Response<Vec<u8>> {
    text_response(StatusCode::OK, "OK")
}

/// `GET /implementedInterfaces?platform=`: the connector's capability map.
pub(super) fn implemented_interfaces(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let platform = incoming.required_query("platform")?;
    let connector = server
        .connector(platform)
        .ok_or_else(|| Rejection::UnknownPlatform(platform.to_owned()))?;
    let mut map = interface_map(connector, server.inner().cache_call_note);
    // What this build does not serve is never advertised, whatever the connector implements.
    for interface in super::unserved::UNSERVED {
        if map.get(interface.as_str()).is_some() {
            map.set(interface.as_str(), false);
        }
    }
    Ok(json_response(StatusCode::OK, &map))
}

/// `GET /crmManifest?platformName=`: the configured manifest.
pub(super) fn crm_manifest(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let manifest = server.inner().manifest.as_ref().ok_or_else(|| {
        Rejection::InvalidRequest("this server has no manifest configured".to_owned())
    })?;
    if let Some(name) = incoming
        .query("platformName")
        .filter(|n| !n.is_empty() && *n != "default")
    {
        let known = manifest
            .get("platforms")
            .and_then(|p| p.get(name))
            .is_some();
        if !known {
            return Err(Rejection::UnknownPlatform(name.to_owned()));
        }
    }
    Ok(json_response(StatusCode::OK, manifest))
}
