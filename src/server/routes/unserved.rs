//! Interfaces whose routes this runtime does not serve yet, and the `/implementedInterfaces`
//! filter that keeps them from being advertised.

use http::Response;
use serde_json::Value;

use crate::connector::Interface;

/// Interfaces a connector may implement whose routes this build does not serve:
/// `/implementedInterfaces` reports them `false`; docs/server.md lists them. Without the
/// `oauth` feature: `/admin/userMapping` and `/admin/managedAuth/options` (they need the
/// RingCentral identity lookup) and `/oauth-callback`.
pub(crate) const UNSERVED: &[Interface] = &[
    #[cfg(not(feature = "oauth"))]
    Interface::GetUserList,
    #[cfg(not(feature = "oauth"))]
    Interface::GetManagedAuthOptions,
    // Without the `oauth` feature there is no `/oauth-callback`.
    #[cfg(not(feature = "oauth"))]
    Interface::GetOauthInfo,
];

/// Sets every [`UNSERVED`] key of an `/implementedInterfaces` answer to `false`.
pub(super) fn hide(mut response: Response<Vec<u8>>) -> Response<Vec<u8>> {
    if !response.status().is_success() {
        return response;
    }
    let Ok(Value::Object(mut map)) = serde_json::from_slice::<Value>(response.body()) else {
        return response;
    };
    for interface in UNSERVED {
        if let Some(value) = map.get_mut(interface.as_str()) {
            *value = Value::Bool(false);
        }
    }
    if let Ok(body) = serde_json::to_vec(&map) {
        *response.body_mut() = body;
    }
    response
}
