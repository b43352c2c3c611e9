//! Interfaces whose routes this build does not serve; `GET /implementedInterfaces` never
//! advertises them.

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
