//! `Connector` for `Arc<T>` and `Box<T>`, so `Arc<dyn Connector>` is a connector.

use std::sync::Arc;

use async_trait::async_trait;

use super::{
    Appointments, AuthValidation, CallDisposition, Connector, ContactCreation, ContactSearch,
    Context, LicenseStatusCheck, ManagedAuthOptions, MessageLogging, Result, ServerLoggingSettings,
    SignIn, UnAuthorize, UserInfoRefresh, UserList,
};
use crate::compose::LogFormat;
use crate::models::{
    CreateCallLogParams, FindContactParams, FindContactResult, GetCallLogParams, GetCallLogResult,
    GetUserInfoParams, LogResult, MutationResult, PlatformUserInfo, UpdateCallLogParams,
    UpdateCallLogResult, UserInfoResult, UserSettings,
};

macro_rules! forward_connector {
    ($wrapper:ident) => {
        #[async_trait]
        impl<T: Connector + ?Sized> Connector for $wrapper<T> {
            fn platform(&self) -> &str {
                (**self).platform()
            }
            fn auth(&self) -> SignIn<'_> {
                (**self).auth()
            }
            fn log_format(&self) -> LogFormat {
                (**self).log_format()
            }
            async fn get_user_info(
                &self,
                cx: &Context,
                params: GetUserInfoParams,
            ) -> Result<UserInfoResult> {
                (**self).get_user_info(cx, params).await
            }
            async fn find_contact(
                &self,
                cx: &Context,
                params: FindContactParams,
            ) -> Result<FindContactResult> {
                (**self).find_contact(cx, params).await
            }
            async fn create_call_log(
                &self,
                cx: &Context,
                params: CreateCallLogParams,
            ) -> Result<LogResult> {
                (**self).create_call_log(cx, params).await
            }
            async fn update_call_log(
                &self,
                cx: &Context,
                params: UpdateCallLogParams,
            ) -> Result<UpdateCallLogResult> {
                (**self).update_call_log(cx, params).await
            }
            async fn get_call_log(
                &self,
                cx: &Context,
                params: GetCallLogParams,
            ) -> Result<GetCallLogResult> {
                (**self).get_call_log(cx, params).await
            }
            async fn post_save_user_info(
                &self,
                cx: &Context,
                info: PlatformUserInfo,
            ) -> Result<PlatformUserInfo> {
                (**self).post_save_user_info(cx, info).await
            }
            async fn on_update_user_settings(
                &self,
                cx: &Context,
                submitted: &UserSettings,
                merged: &UserSettings,
            ) -> Result<MutationResult> {
                (**self)
                    .on_update_user_settings(cx, submitted, merged)
                    .await
            }
            fn contact_search(&self) -> Option<&dyn ContactSearch> {
                (**self).contact_search()
            }
            fn contact_creation(&self) -> Option<&dyn ContactCreation> {
                (**self).contact_creation()
            }
            fn call_disposition(&self) -> Option<&dyn CallDisposition> {
                (**self).call_disposition()
            }
            fn message_logging(&self) -> Option<&dyn MessageLogging> {
                (**self).message_logging()
            }
            fn un_authorize(&self) -> Option<&dyn UnAuthorize> {
                (**self).un_authorize()
            }
            fn user_info_refresh(&self) -> Option<&dyn UserInfoRefresh> {
                (**self).user_info_refresh()
            }
            fn auth_validation(&self) -> Option<&dyn AuthValidation> {
                (**self).auth_validation()
            }
            fn user_list(&self) -> Option<&dyn UserList> {
                (**self).user_list()
            }
            fn license_status(&self) -> Option<&dyn LicenseStatusCheck> {
                (**self).license_status()
            }
            fn managed_auth_options(&self) -> Option<&dyn ManagedAuthOptions> {
                (**self).managed_auth_options()
            }
            fn server_logging_settings(&self) -> Option<&dyn ServerLoggingSettings> {
                (**self).server_logging_settings()
            }
            fn appointments(&self) -> Option<&dyn Appointments> {
                (**self).appointments()
            }
        }
    };
}

forward_connector!(Arc);
forward_connector!(Box);
