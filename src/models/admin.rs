//! Admin and server-side-logging models: CRM user list, license status, managed-auth options.

use super::common::{CrmId, Extra};

/// One CRM user returned by `getUserList` (for mapping RingCentral extensions to CRM users).
///
/// ```
/// use app_connect_sdk::models::CrmUser;
/// let u = CrmUser::new(17, "Ada Lovelace").with_email("ada@example.com");
/// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"id":17,"name":"Ada Lovelace","email":"ada@example.com"}"#);
/// ```
#[derive(Clone, Default, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", serde(rename_all = "camelCase"))]
#[non_exhaustive]
pub struct CrmUser {
    /// CRM user id.
    pub id: CrmId,
    /// Display name (matched to RingCentral names).
    pub name: Option<String>,
    /// Email (matched exactly to RingCentral emails).
    pub email: Option<String>,
    /// Other keys.
    #[cfg_attr(feature = "schema", serde(flatten))]
    pub extra: Extra,
}

wire_object!(CrmUser, "a CRM user object" {
    req id: "id",
    opt name: "name",
    opt email: "email",
});

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

/// Result of `getLicenseStatus`, returned verbatim to `GET /licenseStatus`.
///
/// ```
/// use app_connect_sdk::models::LicenseStatus;
/// let s = LicenseStatus::valid("Basic");
/// assert!(s.is_license_valid);
/// assert_eq!(serde_json::to_value(&s).unwrap()["licenseStatus"], "Basic");
/// ```
#[derive(Clone, Default, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", serde(rename_all = "camelCase"))]
#[non_exhaustive]
pub struct LicenseStatus {
    /// Whether the license is valid.
    pub is_license_valid: bool,
    /// Short status.
    pub license_status: String,
    /// Description (markdown-style links allowed).
    pub license_status_description: String,
    /// Other keys.
    #[cfg_attr(feature = "schema", serde(flatten))]
    pub extra: Extra,
}

wire_object!(LicenseStatus, "a license status object" {
    req is_license_valid: "isLicenseValid",
    dft license_status: "licenseStatus",
    dft license_status_description: "licenseStatusDescription",
});

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

/// One option of a managed-auth dropdown (`getManagedAuthOptions`, OpenAPI `ManagedAuthOption`).
/// `value` may be a string or a number (App Connect stringifies it).
///
/// ```
/// use app_connect_sdk::models::ManagedAuthOption;
/// let o = ManagedAuthOption::new("user-101", "Ada Lovelace");
/// assert_eq!(serde_json::to_string(&o).unwrap(), r#"{"value":"user-101","label":"Ada Lovelace"}"#);
/// ```
#[derive(Clone, Default, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", serde(rename_all = "camelCase"))]
#[non_exhaustive]
pub struct ManagedAuthOption {
    /// Value.
    pub value: CrmId,
    /// Label.
    pub label: String,
    /// Other keys.
    #[cfg_attr(feature = "schema", serde(flatten))]
    pub extra: Extra,
}

wire_object!(ManagedAuthOption, "a managed-auth option" {
    req value: "value",
    req label: "label",
});

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

/// Body of `POST /admin/managedAuth/options` (OpenAPI `ManagedAuthOptionsRequest`).
///
/// ```
/// use app_connect_sdk::models::*;
/// let r: ManagedAuthOptionsRequest = serde_json::from_str(r#"{"fieldConst":"userId","accountValues":{"companyId":"c-1"}}"#).unwrap();
/// assert_eq!(r.field_const, "userId");
/// ```
#[derive(Clone, Default, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", serde(rename_all = "camelCase"))]
#[non_exhaustive]
pub struct ManagedAuthOptionsRequest {
    /// The auth field whose options are wanted.
    pub field_const: String,
    /// Account-scoped managed values.
    pub account_values: Option<Extra>,
    /// Other keys.
    #[cfg_attr(feature = "schema", serde(flatten))]
    pub extra: Extra,
}

wire_object!(ManagedAuthOptionsRequest, "a managed-auth options request" {
    req field_const: "fieldConst",
    opt account_values: "accountValues",
});
