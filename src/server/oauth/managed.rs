//! Admin-managed OAuth: an RingCentral account admin's own OAuth client for a CRM.

use async_trait::async_trait;

use crate::models::OAuthInfo;
use crate::server::store::StoreError;

/// Where admin-managed OAuth clients live (App Connect's `managed-oauth-account` account
/// data): per RingCentral account and platform, the admin's `clientId`, `clientSecret`,
/// `accessTokenUri`, `redirectUri`, scopes and hostname.
///
/// Hand one to [`ServerBuilder::managed_oauth`](crate::server::ServerBuilder::managed_oauth).
/// When the OAuth callback carries `rcAccountId` and this source has an entry, it replaces the
/// connector's `getOauthInfo` for the code exchange; token refreshes of users with that
/// `rcAccountId` use it too (core asks the connector again there, which cannot know the admin's
/// secret).
///
/// ```
/// use app_connect_sdk::models::OAuthInfo;
/// use app_connect_sdk::server::ManagedOAuth;
/// use app_connect_sdk::server::store::StoreError;
///
/// struct OneAccount(OAuthInfo);
///
/// #[app_connect_sdk::async_trait]
/// impl ManagedOAuth for OneAccount {
///     async fn managed_oauth_info(
///         &self,
///         platform: &str,
///         rc_account_id: &str,
///     ) -> Result<Option<OAuthInfo>, StoreError> {
///         Ok((platform == "acme" && rc_account_id == "acc-1").then(|| self.0.clone()))
///     }
/// }
/// ```
#[async_trait]
pub trait ManagedOAuth: Send + Sync + 'static {
    /// The admin-managed OAuth client of `platform` for this RingCentral account, if any.
    async fn managed_oauth_info(
        &self,
        platform: &str,
        rc_account_id: &str,
    ) -> Result<Option<OAuthInfo>, StoreError>;
}
