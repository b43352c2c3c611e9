//! Admin and server-side-logging models: CRM user list, license status, managed-auth options.

use super::common::{CrmId, Extra};

wire_object! {
    "a CRM user object";
    /// One CRM user returned by `getUserList` (for mapping RingCentral extensions to CRM users).
    ///
    /// ```
    /// use app_connect_sdk::models::CrmUser;
    /// let u = CrmUser::new(17, "Ada Lovelace").with_email("ada@example.com");
    /// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"id":17,"name":"Ada Lovelace","email":"ada@example.com"}"#);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct CrmUser {
        /// CRM user id.
        pub id: CrmId => req "id",
        /// Display name (matched to RingCentral names).
        pub name: Option<String> => opt "name",
        /// Email (matched exactly to RingCentral emails).
        pub email: Option<String> => opt "email",
    }
}

impl CrmUser {
    /// A user with an id and a name.
    pub fn new(id: impl Into<CrmId>, name: impl Into<String>) -> Self {
        CrmUser {
            id: id.into(),
            name: Some(name.into()),
            ..Default::default()
        }
    }

    /// Sets the email.
    #[must_use]
    pub fn with_email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }
}

wire_object! {
    "a license status object";
    /// Result of `getLicenseStatus`, returned verbatim to `GET /licenseStatus`.
    ///
    /// ```
    /// use app_connect_sdk::models::LicenseStatus;
    /// let s = LicenseStatus::valid("Basic");
    /// assert!(s.is_license_valid);
    /// assert_eq!(serde_json::to_value(&s).unwrap()["licenseStatus"], "Basic");
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct LicenseStatus {
        /// Whether the license is valid.
        pub is_license_valid: bool => req "isLicenseValid",
        /// Short status.
        pub license_status: String => dft "licenseStatus",
        /// Description (markdown-style links allowed).
        pub license_status_description: String => dft "licenseStatusDescription",
    }
}

impl LicenseStatus {
    /// A valid license with a status text.
    pub fn valid(status: impl Into<String>) -> Self {
        LicenseStatus {
            is_license_valid: true,
            license_status: status.into(),
            ..Default::default()
        }
    }

    /// An invalid license with a status and a description.
    pub fn invalid(status: impl Into<String>, description: impl Into<String>) -> Self {
        LicenseStatus {
            is_license_valid: false,
            license_status: status.into(),
            license_status_description: description.into(),
            extra: Extra::new(),
        }
    }
}

wire_object! {
    "a managed-auth option";
    /// One option of a managed-auth dropdown (`getManagedAuthOptions`, OpenAPI `ManagedAuthOption`).
    /// `value` may be a string or a number (App Connect stringifies it).
    ///
    /// ```
    /// use app_connect_sdk::models::ManagedAuthOption;
    /// let o = ManagedAuthOption::new("user-101", "Ada Lovelace");
    /// assert_eq!(serde_json::to_string(&o).unwrap(), r#"{"value":"user-101","label":"Ada Lovelace"}"#);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct ManagedAuthOption {
        /// Value.
        pub value: CrmId => req "value",
        /// Label.
        pub label: String => req "label",
    }
}

impl ManagedAuthOption {
    /// An option.
    pub fn new(value: impl Into<CrmId>, label: impl Into<String>) -> Self {
        ManagedAuthOption {
            value: value.into(),
            label: label.into(),
            extra: Extra::new(),
        }
    }
}

wire_object! {
    "a managed-auth options request";
    /// Body of `POST /admin/managedAuth/options` (OpenAPI `ManagedAuthOptionsRequest`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r: ManagedAuthOptionsRequest = serde_json::from_str(r#"{"fieldConst":"userId","accountValues":{"companyId":"c-1"}}"#).unwrap();
    /// assert_eq!(r.field_const, "userId");
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct ManagedAuthOptionsRequest {
        /// The auth field whose options are wanted.
        pub field_const: String => req "fieldConst",
        /// Account-scoped managed values.
        pub account_values: Option<Extra> => opt "accountValues",
    }
}
