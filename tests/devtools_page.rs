//! `Devtools::handle` in process: the form preview of a manifest using every binding the page
//! renders (contact-dependent, contact-type-dependent, settings defaults), the problems shown
//! beside their fields, the session handling and the escaping of every value.
#![cfg(feature = "devtools")]

use app_connect_sdk::async_trait;
use app_connect_sdk::compose::LogFormat;
use app_connect_sdk::connector::{ApiKeyConnector, Connector, Context, Result, SignIn};
use app_connect_sdk::devtools::{ActivityView, CONTENT_SECURITY_POLICY, Devtools};
use app_connect_sdk::http::{Request, Response, StatusCode, header};
use app_connect_sdk::manifest::{
    AdditionalField, Auth, DefaultSettingValues, Manifest, Platform, SettingItem, SettingsSection,
};
use app_connect_sdk::models::*;
use app_connect_sdk::server::ConnectorServer;
use app_connect_sdk::server::session::SessionKeys;

const PLATFORM: &str = "acme";
/// A name full of markup: it must show as text everywhere.
const EVIL: &str = "<b onmouseover=\"x()\">Eve</b> & \"Co\"";

struct Acme;

impl ApiKeyConnector for Acme {
    fn basic_auth(&self, api_key: &str) -> String {
        api_key.to_owned()
    }
}

#[async_trait]
impl Connector for Acme {
    fn platform(&self) -> &str {
        PLATFORM
    }
    fn auth(&self) -> SignIn<'_> {
        SignIn::ApiKey(self)
    }
    async fn get_user_info(&self, cx: &Context, _: GetUserInfoParams) -> Result<UserInfoResult> {
        if cx.auth_header() != Some("Basic good-key") {
            let refused = ReturnMessage::warning("Bad key <script>");
            return Ok(UserInfoResult::failure(refused));
        }
        Ok(UserInfoResult::success(PlatformUserInfo::new(
            "1-acme", "Ada",
        )))
    }
    async fn find_contact(&self, _: &Context, _: FindContactParams) -> Result<FindContactResult> {
        let good = Contact::new(1, "Ada")
            .with_type("Contact")
            .with_additional_info("matters", vec![ContactOption::new(7, "Renewal & more")]);
        // The connector's typo: `matter` instead of `matters`; and an undeclared type.
        let typo = Contact::new(2, EVIL)
            .with_type("Partner")
            .with_additional_info("matter", vec![ContactOption::new(8, "Lost")]);
        Ok(FindContactResult::found(vec![good, typo]))
    }
    async fn create_call_log(&self, _: &Context, _: CreateCallLogParams) -> Result<LogResult> {
        Ok(LogResult::logged("activity-1"))
    }
    async fn update_call_log(
        &self,
        _: &Context,
        _: UpdateCallLogParams,
    ) -> Result<UpdateCallLogResult> {
        Ok(UpdateCallLogResult::default())
    }
    async fn get_call_log(&self, _: &Context, _: GetCallLogParams) -> Result<GetCallLogResult> {
        Ok(GetCallLogResult::default())
    }
}

fn manifest() -> Manifest {
    let section = SettingsSection::new("acmeOptions", "Acme options").item(
        SettingItem::option(
            "defaultCategory",
            "Default category",
            [("a", "Alpha"), ("b", "Beta")],
        )
        .with_default_value("b"),
    );
    let platform = Platform::builder(PLATFORM, Auth::api_key(Default::default()))
        .contact_type("Contact", "Contact")
        .contact_type("Lead", "Lead")
        .settings_section(section)
        .call_log_field(AdditionalField::dropdown("matters", "Matter").contact_dependent())
        // Points at a settings section that does not exist: the validator's problem.
        .call_log_field(
            AdditionalField::dropdown("billable", "Billable")
                .option("yes", "Yes")
                .default_from_settings("missing", DefaultSettingValues::new().calls("x")),
        )
        .message_log_field(
            AdditionalField::dropdown("category", "Category")
                .option("a", "Alpha")
                .option("b", "Beta")
                .default_from_settings(
                    "acmeOptions",
                    DefaultSettingValues::new().message("defaultCategory"),
                ),
        )
        .message_log_field(AdditionalField::checkbox("urgent", "Urgent").with_default_value(true))
        .new_contact_field(
            AdditionalField::dropdown("status", "Status").account_data_by_contact_type(
                "crmData",
                [("Lead", "leadStatuses"), ("Contact", "contactStatuses")],
            ),
        )
        .new_contact_field(AdditionalField::date("since", "Since"))
        .build();
    let mut manifest = Manifest::default();
    manifest.server_url = Some("https://acme.example.com".into());
    manifest.platforms.insert(platform);
    manifest
}

fn devtools() -> Devtools {
    let keys = SessionKeys::new("devtools-page-test-secret-of-32-bytes-or-more").expect("keys");
    let server = ConnectorServer::builder(keys)
        .connector(Acme)
        .build()
        .expect("server");
    Devtools::new(server, manifest(), PLATFORM).activities(|| {
        vec![
            ActivityView::new(
                "Call <i>1</i>",
                "<p>Hi</p><script>x()</script>",
                LogFormat::Html,
            )
            .with_detail("Deal", "<u>big</u>"),
            ActivityView::new("SMS", "**bold** <em>not html</em>", LogFormat::Markdown),
        ]
    })
}

fn text(response: Response<Vec<u8>>) -> String {
    String::from_utf8(response.into_body()).expect("UTF-8")
}

fn form(path: &str, body: &str, cookie: Option<&str>) -> Request<Vec<u8>> {
    let mut request =
        Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(body.as_bytes().to_vec()).expect("request")
}

/// Signs in through the page; the `name=value` of the session cookie.
async fn sign_in(devtools: &Devtools) -> String {
    let response = devtools
        .handle(form("/devtools/signin", "apiKey=good-key", None))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ASCII cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    cookie.split(';').next().expect("name=value").to_owned()
}

async fn page(devtools: &Devtools, query: &str, cookie: &str) -> String {
    let request = Request::get(format!("/devtools/{query}"))
        .header(header::COOKIE, cookie)
        .body(Vec::new())
        .expect("request");
    let response = devtools.handle(request).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_SECURITY_POLICY],
        CONTENT_SECURITY_POLICY
    );
    text(response)
}

/// The `<div class="field" data-const="key">…</div>` blocks of one form section.
fn field<'a>(html: &'a str, form: &str, key: &str) -> &'a str {
    let section = html
        .split(&format!("<section id=\"{form}\">"))
        .nth(1)
        .unwrap_or_else(|| panic!("no {form} section"));
    let section = section.split("</section>").next().unwrap_or_default();
    let start = section
        .find(&format!("data-const=\"{key}\""))
        .unwrap_or_else(|| panic!("no field {key} in {form}"));
    let rest = &section[start..];
    &rest[..rest.find("<div class=\"field\"").unwrap_or(rest.len())]
}

#[tokio::test]
async fn devtools_page_refuses_a_bad_key_with_the_message_escaped() {
    let devtools = devtools();
    let response = devtools
        .handle(form("/devtools/signin", "apiKey=bad", None))
        .await;
    assert!(response.headers().get(header::SET_COOKIE).is_none());
    let location = response.headers()[header::LOCATION]
        .to_str()
        .expect("ASCII");
    assert_eq!(location, "./?notice=Bad+key+%3Cscript%3E");
    let html = page(&devtools, "?notice=Bad+key+%3Cscript%3E", "x=y").await;
    assert!(html.contains("<p class=\"notice\" id=\"notice\">Bad key &lt;script&gt;</p>"));
    // Not signed in: no lookup runs.
    let html = page(&devtools, "?phone=%2B1", "x=y").await;
    assert!(!html.contains("id=\"contacts\""), "{html}");
}

#[tokio::test]
async fn devtools_page_previews_every_binding_with_its_problems() {
    let devtools = devtools();
    let cookie = sign_in(&devtools).await;
    let html = page(&devtools, "?phone=%2B14155550100", &cookie).await;

    // The first contact is chosen; its matters fill the contact-dependent dropdown.
    let matters = field(&html, "callLog", "matters");
    assert!(
        matters.contains("<option value=\"7\">Renewal &amp; more</option>"),
        "{matters}"
    );
    assert!(!matters.contains("class=\"issues\""), "{matters}");
    // The validator's problem sits beside the field it concerns.
    let billable = field(&html, "callLog", "billable");
    assert!(
        billable.contains("data-code=\"unknown-setting-section\""),
        "{billable}"
    );
    // The settings default for messages preselects Beta.
    let category = field(&html, "messageLog", "category");
    assert!(
        category.contains("<option value=\"b\" selected>Beta</option>"),
        "{category}"
    );
    assert!(
        category.contains("from settings acmeOptions › defaultCategory"),
        "{category}"
    );
    assert!(
        category.contains(" disabled"),
        "the message-log form is a preview"
    );
    let urgent = field(&html, "messageLog", "urgent");
    assert!(
        urgent.contains("type=\"checkbox\" checked disabled"),
        "{urgent}"
    );
    // The new-contact form once per contact type, with that type's account-data property.
    assert!(html.contains("<legend>Contact type: Lead</legend>"));
    assert!(html.contains("id=\"newContact-Lead-status\""));
    assert!(html.contains("<code>crmData.leadStatuses</code> for Lead"));
    assert!(html.contains("<code>crmData.contactStatuses</code> for Contact"));
    assert!(html.contains("id=\"newContact-Contact-since\" name=\"since\" type=\"date\""));

    // The second contact: the typo shows beside the dropdown, the rest at the contact.
    let html = page(&devtools, "?phone=%2B14155550100&contact=2", &cookie).await;
    let matters = field(&html, "callLog", "matters");
    assert!(
        matters.contains("data-code=\"contact-missing-options\""),
        "{matters}"
    );
    assert!(!matters.contains("<option"), "{matters}");
    let contact = html
        .split("id=\"contact-issues\"")
        .nth(1)
        .expect("contact issues");
    let contact = contact.split("</ul>").next().unwrap_or_default();
    assert!(
        contact.contains("data-code=\"contact-undeclared-key\""),
        "{contact}"
    );
    assert!(
        contact.contains("data-code=\"undeclared-contact-type\""),
        "{contact}"
    );
    // Every value escaped: the name as text and inside attributes.
    assert!(!html.contains("<b onmouseover"), "{html}");
    assert!(html.contains("&lt;b onmouseover=\"x()\"&gt;Eve&lt;/b&gt; &amp; \"Co\" (Partner)"));
    assert!(html.contains(
        "name=\"contactName\" value=\"&lt;b onmouseover=&quot;x()&quot;&gt;Eve&lt;/b&gt; &amp; &quot;Co&quot;\""
    ));
}

#[tokio::test]
async fn devtools_page_shows_html_in_a_sandbox_and_other_bodies_as_text() {
    let devtools = devtools();
    let html = page(&devtools, "", "x=y").await;
    assert!(html.contains("<h3 class=\"subject\">Call &lt;i&gt;1&lt;/i&gt;</h3>"));
    assert!(html.contains("Deal: &lt;u&gt;big&lt;/u&gt;"));
    assert!(html.contains(
        "<iframe sandbox=\"\" referrerpolicy=\"no-referrer\" title=\"activity body\" \
         srcdoc=\"&lt;p&gt;Hi&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;\"></iframe>"
    ));
    assert!(html.contains("<pre class=\"body\">**bold** &lt;em&gt;not html&lt;/em&gt;</pre>"));
    assert!(!html.contains("<script"), "the page carries no script");
    // The sign-in form shows instead of a lookup.
    assert!(html.contains("Sign in first"));
}

#[tokio::test]
async fn devtools_page_logs_a_call_through_the_runtime() {
    let devtools = devtools();
    let cookie = sign_in(&devtools).await;
    let body =
        "phone=%2B14155550100&contact=1&contactName=Ada&contactType=Contact&note=hi&matters=7";
    let response = devtools
        .handle(form("/devtools/call", body, Some(&cookie)))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()[header::LOCATION]
        .to_str()
        .expect("ASCII");
    assert_eq!(
        location,
        "./?phone=%2B14155550100&contact=1&notice=Call+logged+%28log+id+%22activity-1%22%29#activities"
    );
    // Without a session nothing is logged.
    let response = devtools.handle(form("/devtools/call", body, None)).await;
    let location = response.headers()[header::LOCATION]
        .to_str()
        .expect("ASCII");
    assert!(
        location.ends_with("notice=Sign+in+first#activities"),
        "{location}"
    );
    // Unknown pages and methods.
    let get = |path: &str| Request::get(path).body(Vec::new()).expect("request");
    assert_eq!(devtools.handle(get("/devtools/nope")).await.status(), 404);
    let css = devtools.handle(get("/devtools/style.css")).await;
    assert_eq!(
        css.headers()[header::CONTENT_TYPE],
        "text/css; charset=utf-8"
    );
    let delete = Request::delete("/devtools/")
        .body(Vec::new())
        .expect("request");
    assert_eq!(devtools.handle(delete).await.status(), 405);
}
