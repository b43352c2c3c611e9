//! Contacts: what App Connect passes into logging interfaces, and what `findContact` returns.

use serde_json::Value;

use super::common::{CrmId, Extra};
use super::interface::FindContactParams;
use super::lenient::{FlexibleDate, LenientBool};
use super::return_message::ReturnMessage;
use super::submission::AdditionalSubmission;

open_enum! {
    /// A CRM entity type (`type` of a contact, `contactType` of requests). Open set: connectors
    /// define their own (`contact`, `Candidate`, …) in the manifest's `contactTypes`.
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// assert_eq!(ContactType::parse("Lead"), ContactType::Lead);
    /// assert_eq!(ContactType::parse("ClientCorporation").as_str(), "ClientCorporation");
    /// ```
    pub enum ContactType {
        /// `Contact`.
        Contact => "Contact",
        /// `Lead`.
        Lead => "Lead",
        /// `Candidate`.
        Candidate => "Candidate",
        /// `Person`.
        Person => "Person",
        /// `Company`.
        Company => "Company",
    }
}

wire_object! {
    "a contactInfo object";
    /// The contact App Connect passes *into* logging interfaces (`contactInfo`): built from the
    /// request (`contactId`, `contactType`, `contactName`) and the other party's number.
    ///
    /// ```
    /// use app_connect_sdk::models::ContactInfo;
    /// let c = ContactInfo::new("42", "+14155550100").with_name("Jane").with_type("Contact");
    /// assert_eq!(serde_json::to_string(&c).unwrap(),
    ///     r#"{"id":"42","phoneNumber":"+14155550100","type":"Contact","name":"Jane"}"#);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct ContactInfo {
        /// CRM contact id (a string from the request body).
        pub id: CrmId => req "id",
        /// The other party's phone number.
        pub phone_number: Option<String> => opt "phoneNumber",
        /// Contact type (`""` when the client sent none).
        pub contact_type: Option<String> => opt "type",
        /// Contact name (`""` when the client sent none).
        pub name: Option<String> => opt "name",
    }
}

impl ContactInfo {
    /// A contact reference with an id and a phone number.
    pub fn new(id: impl Into<CrmId>, phone_number: impl Into<String>) -> Self {
        ContactInfo {
            id: id.into(),
            phone_number: Some(phone_number.into()),
            ..Default::default()
        }
    }

    /// Sets the name.
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the type.
    #[must_use]
    pub fn with_type(mut self, contact_type: impl Into<String>) -> Self {
        self.contact_type = Some(contact_type.into());
        self
    }
}

wire_object! {
    "a contact option object";
    /// One option of a contact-dependent dropdown (`additionalInfo.<const>[]`).
    ///
    /// ```
    /// use app_connect_sdk::models::ContactOption;
    /// let o = ContactOption::new(7, "Big deal");
    /// assert_eq!(serde_json::to_string(&o).unwrap(), r#"{"const":7,"title":"Big deal"}"#);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct ContactOption {
        /// The value submitted when chosen (`const`).
        pub const_: CrmId => req "const",
        /// Label.
        pub title: Option<String> => opt "title",
        /// Secondary text.
        pub description: Option<String> => opt "description",
    }
}

impl ContactOption {
    /// An option with a value and a label.
    pub fn new(const_: impl Into<CrmId>, title: impl Into<String>) -> Self {
        ContactOption {
            const_: const_.into(),
            title: Some(title.into()),
            ..Default::default()
        }
    }

    /// Sets the description.
    #[must_use]
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

wire_object! {
    "a contact object";
    /// A matched CRM contact returned by `findContact` / `findContactWithName` / `createContact`
    /// (OpenAPI `ContactInfo`).
    ///
    /// ```
    /// use app_connect_sdk::models::{Contact, ContactOption};
    /// let c = Contact::new(101, "Jane Smith")
    ///     .with_phone("+14155550100")
    ///     .with_type("Contact")
    ///     .with_additional_info("deals", vec![ContactOption::new("d1", "Renewal")]);
    /// let json = serde_json::to_value(&c).unwrap();
    /// assert_eq!(json["additionalInfo"]["deals"][0]["const"], "d1");
    /// assert!(Contact::create_new_placeholder().is_new_contact());
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct Contact {
        /// CRM id (`"createNewContact"` for the placeholder).
        pub id: Option<CrmId> => opt "id",
        /// Display name.
        pub name: Option<String> => opt "name",
        /// Matched number.
        pub phone: Option<String> => opt "phone",
        /// Compatibility alias of `phone`.
        pub phone_number: Option<String> => opt "phoneNumber",
        /// Entity type (kept as the connector's string; see [`Contact::kind`]).
        pub contact_type: Option<String> => opt "type",
        /// Job title.
        pub title: Option<String> => opt "title",
        /// Company.
        pub company: Option<String> => opt "company",
        /// Email.
        pub email: Option<String> => opt "email",
        /// CRM record creation time (string or number).
        pub created_date: Option<FlexibleDate> => opt "createdDate",
        /// Last activity time (string or number).
        pub most_recent_activity_date: Option<FlexibleDate> => opt "mostRecentActivityDate",
        /// Contact-dependent field values keyed by manifest field `const` (option lists or scalars).
        pub additional_info: Option<Extra> => opt "additionalInfo",
        /// `true` only on the synthetic "Create new contact..." entry.
        pub is_new_contact: Option<bool> => opt "isNewContact",
    }
}

/// Id of the synthetic "Create new contact..." entry.
pub const CREATE_NEW_CONTACT_ID: &str = "createNewContact";

impl Contact {
    /// A contact with an id and a name.
    pub fn new(id: impl Into<CrmId>, name: impl Into<String>) -> Self {
        Contact {
            id: Some(id.into()),
            name: Some(name.into()),
            ..Default::default()
        }
    }

    /// The synthetic entry `{ id: "createNewContact", name: "Create new contact...", isNewContact: true }`
    /// connectors append so the user can create a contact.
    pub fn create_new_placeholder() -> Self {
        Contact {
            id: Some(CrmId::from(CREATE_NEW_CONTACT_ID)),
            name: Some("Create new contact...".to_owned()),
            is_new_contact: Some(true),
            ..Default::default()
        }
    }

    /// Whether this is the "Create new contact..." placeholder.
    pub fn is_new_contact(&self) -> bool {
        self.is_new_contact == Some(true)
    }

    /// The type as a [`ContactType`].
    pub fn kind(&self) -> Option<ContactType> {
        self.contact_type.as_deref().map(ContactType::parse)
    }

    /// Sets `phone`.
    #[must_use]
    pub fn with_phone(mut self, phone: impl Into<String>) -> Self {
        self.phone = Some(phone.into());
        self
    }

    /// Sets `type`.
    #[must_use]
    pub fn with_type(mut self, contact_type: impl Into<String>) -> Self {
        self.contact_type = Some(contact_type.into());
        self
    }

    /// Sets `title`.
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Sets `company`.
    #[must_use]
    pub fn with_company(mut self, company: impl Into<String>) -> Self {
        self.company = Some(company.into());
        self
    }

    /// Sets `email`.
    #[must_use]
    pub fn with_email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// Sets `createdDate`.
    #[must_use]
    pub fn with_created_date(mut self, date: impl Into<FlexibleDate>) -> Self {
        self.created_date = Some(date.into());
        self
    }

    /// Sets `mostRecentActivityDate`.
    #[must_use]
    pub fn with_most_recent_activity_date(mut self, date: impl Into<FlexibleDate>) -> Self {
        self.most_recent_activity_date = Some(date.into());
        self
    }

    /// Adds a contact-dependent option list under `additionalInfo.<key>`.
    #[must_use]
    pub fn with_additional_info(
        mut self,
        key: impl Into<String>,
        options: Vec<ContactOption>,
    ) -> Self {
        let value = serde_json::to_value(options).unwrap_or(Value::Array(Vec::new()));
        self.additional_info
            .get_or_insert_with(Extra::new)
            .insert(key.into(), value);
        self
    }

    /// Adds a scalar under `additionalInfo.<key>` (e.g. a checkbox default).
    #[must_use]
    pub fn with_additional_value(
        mut self,
        key: impl Into<String>,
        value: impl Into<Value>,
    ) -> Self {
        self.additional_info
            .get_or_insert_with(Extra::new)
            .insert(key.into(), value.into());
        self
    }
}

wire_object! {
    "a POST /contact body";
    /// Body of `POST /contact` (OpenAPI `CreateContactRequest`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r: CreateContactRequest = serde_json::from_str(r#"{"phoneNumber":"+14155550100","newContactName":"Jane","newContactType":"Lead"}"#).unwrap();
    /// assert_eq!(r.new_contact_type.as_deref(), Some("Lead"));
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct CreateContactRequest {
        /// Number of the new contact.
        pub phone_number: String => req "phoneNumber",
        /// Name of the new contact.
        pub new_contact_name: String => req "newContactName",
        /// Type (a manifest `contactTypes[].value`).
        pub new_contact_type: Option<String> => opt "newContactType",
        /// Values of `page.newContact.additionalFields`.
        pub additional_submission: Option<AdditionalSubmission> => opt "additionalSubmission",
    }
}

wire_object! {
    "a contact search response";
    /// Response of `GET /contact` and `GET /custom/contact/search` (OpenAPI `ContactSearchResponse`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r = ContactSearchResponse::found(vec![Contact::new(1, "Jane")]);
    /// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"successful":true,"contact":[{"id":1,"name":"Jane"}]}"#);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct ContactSearchResponse {
        /// Whether the search ran.
        pub successful: bool => req "successful",
        /// Message for the user.
        pub return_message: Option<ReturnMessage> => opt "returnMessage",
        /// Matched contacts.
        pub contact: Option<Vec<Contact>> => opt "contact",
    }
}

wire_object! {
    "a contact creation response";
    /// Response of `POST /contact` (OpenAPI `ContactMutationResponse`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r = ContactMutationResponse::created(Contact::new("501", "Jane"));
    /// assert_eq!(serde_json::to_value(&r).unwrap()["contact"]["id"], "501");
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct ContactMutationResponse {
        /// Whether the contact was created.
        pub successful: bool => req "successful",
        /// Message for the user.
        pub return_message: Option<ReturnMessage> => opt "returnMessage",
        /// The created contact.
        pub contact: Option<Contact> => opt "contact",
    }
}

wire_object! {
    "a GET /contact query";
    /// Query of `GET /contact` (`phoneNumber`, `overridingFormat`, `isExtension`,
    /// `isForceRefreshAccountData`). Flags arrive as query strings (`"true"`), hence [`LenientBool`].
    ///
    /// ```
    /// use app_connect_sdk::models::{from_json_value, ContactSearchQuery};
    /// let q: ContactSearchQuery = from_json_value(serde_json::json!({
    ///     "phoneNumber": "+14155550100", "isExtension": "false", "isForceRefreshAccountData": "true"
    /// })).unwrap();
    /// let params = q.to_params();
    /// assert!(!params.is_extension && params.is_force_refresh_account_data);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct ContactSearchQuery {
        /// Number to look up.
        pub phone_number: String => req "phoneNumber",
        /// Comma-separated formats.
        pub overriding_format: Option<String> => opt "overridingFormat",
        /// Whether the number is an extension number.
        pub is_extension: Option<LenientBool> => opt "isExtension",
        /// Bypass App Connect's contact cache.
        pub is_force_refresh_account_data: Option<LenientBool> => opt "isForceRefreshAccountData",
    }
}

impl ContactSearchQuery {
    /// The `findContact` input. Like App Connect, a leading space in the number (a `+` that the
    /// query string decoded to a space) is turned back into `+`.
    pub fn to_params(&self) -> FindContactParams {
        let phone_number = match self.phone_number.strip_prefix(' ') {
            Some(rest) => format!("+{rest}"),
            None => self.phone_number.clone(),
        };
        let mut params = FindContactParams::new(phone_number);
        params.overriding_format = self.overriding_format.clone();
        params.is_extension = self.is_extension.as_ref().is_some_and(LenientBool::get);
        params.is_force_refresh_account_data = self
            .is_force_refresh_account_data
            .as_ref()
            .is_some_and(LenientBool::get);
        params
    }
}

impl ContactSearchResponse {
    /// A successful search with these contacts.
    pub fn found(contacts: Vec<Contact>) -> Self {
        ContactSearchResponse {
            successful: true,
            contact: Some(contacts),
            ..Default::default()
        }
    }

    /// A failure with a message.
    pub fn failure(message: ReturnMessage) -> Self {
        ContactSearchResponse {
            return_message: Some(message),
            ..Default::default()
        }
    }

    /// Sets the message.
    #[must_use]
    pub fn with_message(mut self, message: ReturnMessage) -> Self {
        self.return_message = Some(message);
        self
    }
}

impl ContactMutationResponse {
    /// A created contact.
    pub fn created(contact: Contact) -> Self {
        ContactMutationResponse {
            successful: true,
            contact: Some(contact),
            ..Default::default()
        }
    }

    /// A failure with a message.
    pub fn failure(message: ReturnMessage) -> Self {
        ContactMutationResponse {
            return_message: Some(message),
            ..Default::default()
        }
    }

    /// Sets the message.
    #[must_use]
    pub fn with_message(mut self, message: ReturnMessage) -> Self {
        self.return_message = Some(message);
        self
    }
}

impl CreateContactRequest {
    /// A request with a number and a name.
    pub fn new(phone_number: impl Into<String>, new_contact_name: impl Into<String>) -> Self {
        CreateContactRequest {
            phone_number: phone_number.into(),
            new_contact_name: new_contact_name.into(),
            ..Default::default()
        }
    }
}
