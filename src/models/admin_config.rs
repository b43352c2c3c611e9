//! The admin configuration of a RingCentral account (`adminConfigs` in App Connect) and the
//! bodies and answers of the admin user-mapping routes.

use super::admin::CrmUser;
use super::common::CrmId;
use super::user::UserSettings;

wire_object! {
    "an admin configuration object";
    /// The admin configuration of one RingCentral account: the settings an admin imposes on
    /// (or offers to) every user of the account, and the CRM-user to RingCentral-extension
    /// mapping of server-side logging. Other keys (`customAdapter`, …) are kept in `extra`.
    ///
    /// ```
    /// use app_connect_sdk::models::{AdminConfig, UserMapping};
    /// let config: AdminConfig = serde_json::from_str(
    ///     r#"{"userSettings":{"autoLog":{"value":true,"customizable":false}},
    ///         "userMappings":[{"crmUserId":"7","rcExtensionId":["101"]}]}"#).unwrap();
    /// assert_eq!(config.user_settings.unwrap().bool_value("autoLog"), Some(true));
    /// assert_eq!(config.user_mappings.unwrap()[0], UserMapping::new("7", ["101"]));
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct AdminConfig {
        /// Account-level user settings (`customizable`, `isRemoved` decide how they merge with
        /// each user's own).
        pub user_settings: Option<UserSettings> => opt "userSettings",
        /// Which RingCentral extensions each CRM user is mapped to.
        pub user_mappings: Option<Vec<UserMapping>> => opt "userMappings",
    }
}

wire_object! {
    "a user mapping object";
    /// One CRM user and the RingCentral extension ids mapped to it.
    ///
    /// ```
    /// use app_connect_sdk::models::UserMapping;
    /// let m = UserMapping::new("crm-7", ["101", "102"]);
    /// assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"crmUserId":"crm-7","rcExtensionId":["101","102"]}"#);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct UserMapping {
        /// The CRM user id (as text).
        pub crm_user_id: String => req "crmUserId",
        /// The RingCentral extension ids (as text).
        pub rc_extension_id: Vec<String> => req "rcExtensionId",
    }
}

impl UserMapping {
    /// A mapping of `crm_user_id` to extension ids.
    pub fn new<I, S>(crm_user_id: impl Into<String>, rc_extension_ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        UserMapping {
            crm_user_id: crm_user_id.into(),
            rc_extension_id: rc_extension_ids.into_iter().map(Into::into).collect(),
            ..Default::default()
        }
    }
}

wire_object! {
    "a POST /admin/settings body";
    /// Body of `POST /admin/settings` (OpenAPI `AdminSettingsUpdateRequest`): the keys of
    /// `adminSettings` replace those of the stored configuration.
    ///
    /// ```
    /// use app_connect_sdk::models::AdminSettingsUpdateRequest;
    /// let r: AdminSettingsUpdateRequest = serde_json::from_str(
    ///     r#"{"adminSettings":{"userSettings":{"theme":{"value":"dark"}}}}"#).unwrap();
    /// assert!(r.admin_settings.user_settings.is_some());
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct AdminSettingsUpdateRequest {
        /// The submitted configuration.
        pub admin_settings: AdminConfig => req "adminSettings",
    }
}

wire_object! {
    "a RingCentral extension object";
    /// One RingCentral extension of the account, as the admin console sends it to
    /// `POST /admin/userMapping`.
    ///
    /// ```
    /// use app_connect_sdk::models::RcExtension;
    /// let e: RcExtension = serde_json::from_str(
    ///     r#"{"id":101,"firstName":"Ada","lastName":"Lovelace","extensionNumber":"101"}"#).unwrap();
    /// assert_eq!(e.display_name(), "Ada Lovelace");
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct RcExtension {
        /// The extension id.
        pub id: CrmId => req "id",
        /// The full name.
        pub name: Option<String> => opt "name",
        /// The first name.
        pub first_name: Option<String> => opt "firstName",
        /// The last name.
        pub last_name: Option<String> => opt "lastName",
        /// The extension number.
        pub extension_number: Option<CrmId> => opt "extensionNumber",
        /// The email.
        pub email: Option<String> => opt "email",
    }
}

impl RcExtension {
    /// `name`, else `"<firstName> <lastName>"` (as App Connect shows it).
    pub fn display_name(&self) -> String {
        match self.name.as_deref().filter(|n| !n.is_empty()) {
            Some(name) => name.to_owned(),
            None => self.first_last(),
        }
    }

    /// `"<firstName> <lastName>"` of the names present (`""` without either).
    pub fn first_last(&self) -> String {
        let names = [self.first_name.as_deref(), self.last_name.as_deref()];
        names
            .into_iter()
            .flatten()
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

wire_object! {
    "a user mapping request";
    /// Body of `POST /admin/userMapping` and `POST /admin/reinitializeUserMapping`.
    ///
    /// ```
    /// use app_connect_sdk::models::UserMappingRequest;
    /// let r: UserMappingRequest = serde_json::from_str(r#"{"rcExtensionList":[{"id":"101"}]}"#).unwrap();
    /// assert_eq!(r.rc_extension_list.len(), 1);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct UserMappingRequest {
        /// The account's extensions.
        pub rc_extension_list: Vec<RcExtension> => dft "rcExtensionList",
    }
}

wire_object! {
    "a mapped RingCentral user";
    /// A RingCentral extension in a user-mapping answer.
    ///
    /// ```
    /// use app_connect_sdk::models::{RcExtension, RcUserMatch};
    /// let e: RcExtension = serde_json::from_str(r#"{"id":101,"name":"Ada"}"#).unwrap();
    /// let m = RcUserMatch::of(&e);
    /// assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"extensionId":101,"name":"Ada","extensionNumber":"","email":""}"#);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct RcUserMatch {
        /// The extension id, as the request sent it.
        pub extension_id: CrmId => req "extensionId",
        /// The extension's name (`"<first> <last>"` without one).
        pub name: String => req "name",
        /// The extension number (`""` when not sent).
        pub extension_number: CrmId => req "extensionNumber",
        /// The email (`""` when not sent).
        pub email: String => req "email",
    }
}

impl RcUserMatch {
    /// The answer entry of an extension.
    pub fn of(extension: &RcExtension) -> Self {
        RcUserMatch {
            extension_id: extension.id.clone(),
            name: extension.display_name(),
            extension_number: extension.extension_number.clone().unwrap_or_default(),
            email: extension.email.clone().unwrap_or_default(),
            ..Default::default()
        }
    }
}

wire_object! {
    "a user mapping entry";
    /// One entry of the `POST /admin/userMapping` answer: a CRM user and its extensions.
    ///
    /// ```
    /// use app_connect_sdk::models::{CrmUser, UserMappingEntry};
    /// let e = UserMappingEntry::new(CrmUser::new(7, "Ada"), Vec::new());
    /// assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"crmUser":{"id":7,"name":"Ada","email":""},"rcUser":[]}"#);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct UserMappingEntry {
        /// The CRM user (`name` and `email` are `""` when the CRM has none).
        pub crm_user: CrmUser => req "crmUser",
        /// The extensions mapped to it.
        pub rc_user: Vec<RcUserMatch> => req "rcUser",
    }
}

impl UserMappingEntry {
    /// An entry; the CRM user's missing name and email become `""`, as App Connect answers.
    pub fn new(crm_user: CrmUser, rc_user: Vec<RcUserMatch>) -> Self {
        let mut crm_user = crm_user;
        crm_user.name.get_or_insert_with(String::new);
        crm_user.email.get_or_insert_with(String::new);
        UserMappingEntry {
            crm_user,
            rc_user,
            ..Default::default()
        }
    }
}
