//! The page's HTML. Every value goes through `text` or `attr` (html-escape).

use std::fmt::Write as _;

use serde_json::Value;

use super::ActivityView;
use crate::compose::LogFormat;
use crate::manifest::{AdditionalField, FieldType, Manifest, Platform, ValidationIssue};
use crate::models::Contact;

/// The stylesheet (`style.css`), the page's only other resource.
pub(super) const STYLE: &str = "\
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;max-width:70rem;color:#222}\
h1{font-size:1.3rem}h2{font-size:1.1rem;border-bottom:1px solid #ccc}\
section{margin-bottom:1.5rem}fieldset{margin:.5rem 0}\
.field{display:grid;grid-template-columns:12rem 20rem 1fr;gap:.5rem;align-items:start;margin:.3rem 0}\
.hint{color:#555;font-size:12px}.issues{color:#a00;margin:0;padding-left:1rem;font-size:12px}\
.notice{background:#eef;padding:.5rem}.warning{color:#a60}\
.activity{border:1px solid #ccc;padding:.5rem;margin:.5rem 0}\
.activity iframe{width:100%;height:14rem;border:1px solid #ddd;background:#fff}\
.activity pre{white-space:pre-wrap;background:#f7f7f7;padding:.5rem}\
.contacts a{margin-right:1rem}.chosen{font-weight:bold}";

/// A lookup's result.
pub(super) struct LookupView<'a> {
    pub phone: &'a str,
    pub contacts: &'a [Contact],
    pub message: Option<&'a str>,
}

/// Everything the page shows.
pub(super) struct PageInput<'a> {
    pub manifest: &'a Manifest,
    pub platform: &'a str,
    pub signed_in: bool,
    pub lookup: Option<LookupView<'a>>,
    pub chosen: Option<&'a str>,
    pub notice: Option<&'a str>,
    pub activities: Option<&'a [ActivityView]>,
}

fn text(s: &str) -> std::borrow::Cow<'_, str> {
    html_escape::encode_text(s)
}

fn attr(s: &str) -> std::borrow::Cow<'_, str> {
    html_escape::encode_double_quoted_attribute(s)
}

/// A JSON scalar as the text a form shows (`"x"` → `x`).
fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The forms whose fields are previewed, with the settings log kind of their defaults.
const FORMS: [(&str, &str, &str); 3] = [
    ("callLog", "Call log", "outboundCall"),
    ("messageLog", "Message log", "message"),
    ("newContact", "New contact", ""),
];

/// What a field is rendered for.
struct FieldCtx<'a> {
    platform: &'a Platform,
    form: &'a str,
    log_kind: &'a str,
    contact: Option<&'a Contact>,
    contact_type: Option<&'a str>,
    manifest_issues: &'a [ValidationIssue],
    contact_issues: &'a [ValidationIssue],
    /// Form controls are disabled (a preview, not submitted).
    preview: bool,
}

pub(super) fn page(input: &PageInput<'_>) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let platform = input.manifest.platforms.get(input.platform);
    let title = platform
        .and_then(|p| p.display_name.as_deref())
        .unwrap_or(input.platform);
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>App Connect devtools: {}</title><link rel=\"stylesheet\" href=\"style.css\">\
         </head><body><h1>App Connect devtools: {} (<code>{}</code>)</h1>",
        text(title),
        text(title),
        text(input.platform)
    );
    if let Some(notice) = input.notice {
        let _ = write!(
            out,
            "<p class=\"notice\" id=\"notice\">{}</p>",
            text(notice)
        );
    }
    let manifest_issues = input.manifest.issues();
    let general: Vec<&ValidationIssue> = (manifest_issues.iter())
        .filter(|i| {
            !FORMS
                .iter()
                .any(|(form, ..)| field_index(i.path(), form).is_some())
        })
        .collect();
    if !general.is_empty() {
        out.push_str("<section id=\"manifest\"><h2>Manifest problems</h2><ul class=\"issues\">");
        for issue in general {
            issue_item(&mut out, issue);
        }
        out.push_str("</ul></section>");
    }
    let Some(platform) = platform else {
        let _ = write!(
            out,
            "<p class=\"issues\">The manifest has no platform <code>{}</code>.</p></body></html>",
            text(input.platform)
        );
        return out;
    };
    sign_in(&mut out, input.signed_in);
    lookup_form(&mut out, input);
    if let Some(lookup) = &input.lookup {
        forms(
            &mut out,
            platform,
            lookup,
            input.chosen,
            &manifest_issues,
            input.platform,
        );
    }
    if let Some(activities) = input.activities {
        activity_list(&mut out, activities);
    }
    out.push_str("</body></html>");
    out
}

fn issue_item(out: &mut String, issue: &ValidationIssue) {
    let _ = write!(
        out,
        "<li data-code=\"{}\"><code>{}</code>: {} [{}]</li>",
        attr(issue.code()),
        text(issue.path()),
        text(issue.message()),
        text(issue.code())
    );
}

/// `Some(i)` when `path` is inside `…page.<form>.additionalFields[i]`.
fn field_index(path: &str, form: &str) -> Option<usize> {
    let marker = format!(".page.{form}.additionalFields[");
    let start = path.find(&marker)? + marker.len();
    let rest = &path[start..];
    let end = rest.find(']')?;
    rest[..end].parse().ok()
}

fn sign_in(out: &mut String, signed_in: bool) {
    out.push_str("<section id=\"signin\"><h2>Session</h2>");
    if signed_in {
        out.push_str("<p>Signed in (the session cookie of this page).</p>");
    }
    out.push_str(
        "<form method=\"post\" action=\"signin\">\
         <label>API key <input name=\"apiKey\" type=\"password\" autocomplete=\"off\"></label> \
         <label>Hostname <input name=\"hostname\"></label> \
         <label>or a session token <input name=\"jwtToken\" autocomplete=\"off\"></label> \
         <button type=\"submit\" id=\"signin-submit\">Sign in</button></form></section>",
    );
}

fn lookup_form(out: &mut String, input: &PageInput<'_>) {
    let phone = input.lookup.as_ref().map(|l| l.phone).unwrap_or_default();
    let _ = write!(
        out,
        "<section id=\"lookup\"><h2>Contact lookup (findContact)</h2>\
         <form method=\"get\" action=\"./\"><label>Phone number \
         <input name=\"phone\" value=\"{}\" placeholder=\"+14155550100\"></label> \
         <button type=\"submit\" id=\"lookup-submit\">Look up</button></form>",
        attr(phone)
    );
    if !input.signed_in {
        out.push_str("<p class=\"warning\">Sign in first: the lookup runs with the session.</p>");
    }
    out.push_str("</section>");
}

fn contact_id(contact: &Contact) -> String {
    contact
        .id
        .as_ref()
        .map(|id| id.as_str().into_owned())
        .unwrap_or_default()
}

fn forms(
    out: &mut String,
    platform: &Platform,
    lookup: &LookupView<'_>,
    chosen: Option<&str>,
    manifest_issues: &[ValidationIssue],
    name: &str,
) {
    out.push_str("<section id=\"contacts\"><h2>Matched contacts</h2>");
    if let Some(message) = lookup.message {
        let _ = write!(out, "<p class=\"notice\">{}</p>", text(message));
    }
    let real: Vec<&Contact> = lookup
        .contacts
        .iter()
        .filter(|c| !c.is_new_contact())
        .collect();
    let contact = chosen
        .and_then(|id| real.iter().find(|c| contact_id(c) == id))
        .or(real.first())
        .copied();
    out.push_str("<p class=\"contacts\">");
    for c in lookup.contacts {
        let id = contact_id(c);
        let label = c.name.as_deref().unwrap_or("(no name)");
        let class = if contact.is_some_and(|k| contact_id(k) == id) {
            " class=\"chosen\""
        } else {
            ""
        };
        let href = format!(
            "./?phone={}&contact={}",
            super::encode(lookup.phone),
            super::encode(&id)
        );
        let kind = c.contact_type.as_deref().unwrap_or("no type");
        let _ = write!(
            out,
            "<a{class} href=\"{}\">{} ({})</a>",
            attr(&href),
            text(label),
            text(kind)
        );
    }
    out.push_str("</p>");
    let contact_issues = contact
        .map(|c| platform.check_contact(c))
        .unwrap_or_default();
    let unplaced: Vec<&ValidationIssue> = (contact_issues.iter())
        .filter(|i| {
            !i.path().starts_with("additionalInfo.") || i.code() == "contact-undeclared-key"
        })
        .collect();
    if !unplaced.is_empty() {
        out.push_str("<ul class=\"issues\" id=\"contact-issues\">");
        for issue in unplaced {
            issue_item(out, issue);
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
    let page = platform.page.as_ref();
    for (form, label, log_kind) in FORMS {
        let fields = page.and_then(|p| match form {
            "callLog" => p.call_log.as_ref(),
            "messageLog" => p.message_log.as_ref(),
            _ => p.new_contact.as_ref(),
        });
        let fields = fields
            .map(|f| f.additional_fields.as_slice())
            .unwrap_or_default();
        let _ = write!(out, "<section id=\"{form}\"><h2>{label} form</h2>");
        let mut ctx = FieldCtx {
            platform,
            form,
            log_kind,
            contact: if form == "newContact" { None } else { contact },
            contact_type: None,
            manifest_issues,
            contact_issues: &contact_issues,
            preview: form != "callLog",
        };
        match form {
            "callLog" => match contact {
                Some(c) => call_log_form(out, &ctx, fields, c, lookup.phone),
                None => out.push_str("<p>No contact matched: nothing to log against.</p>"),
            },
            "newContact" => {
                let types = platform.contact_types.as_deref().unwrap_or_default();
                if types.is_empty() {
                    field_list(out, &ctx, fields);
                }
                for t in types {
                    let shown = t.display.as_deref().unwrap_or(&t.value);
                    let _ = write!(
                        out,
                        "<fieldset data-contact-type=\"{}\"><legend>Contact type: {}</legend>",
                        attr(&t.value),
                        text(shown)
                    );
                    ctx.contact_type = Some(&t.value);
                    field_list(out, &ctx, fields);
                    out.push_str("</fieldset>");
                }
            }
            _ => field_list(out, &ctx, fields),
        }
        if fields.is_empty() {
            let _ = write!(
                out,
                "<p class=\"hint\">The manifest declares no <code>page.{form}</code> fields for <code>{}</code>.</p>",
                text(name)
            );
        }
        out.push_str("</section>");
    }
}

fn call_log_form(
    out: &mut String,
    ctx: &FieldCtx<'_>,
    fields: &[AdditionalField],
    contact: &Contact,
    phone: &str,
) {
    let hidden = |out: &mut String, name: &str, value: &str| {
        let _ = write!(
            out,
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
            attr(value)
        );
    };
    out.push_str("<form method=\"post\" action=\"call\">");
    hidden(out, "phone", phone);
    hidden(out, "contact", &contact_id(contact));
    hidden(
        out,
        "contactName",
        contact.name.as_deref().unwrap_or_default(),
    );
    hidden(
        out,
        "contactType",
        contact.contact_type.as_deref().unwrap_or_default(),
    );
    out.push_str(
        "<div class=\"field\"><label for=\"callLog-subject\">Subject</label>\
         <input id=\"callLog-subject\" name=\"subject\"><span class=\"hint\">customSubject</span></div>\
         <div class=\"field\"><label for=\"callLog-note\">Note</label>\
         <textarea id=\"callLog-note\" name=\"note\" rows=\"3\"></textarea><span></span></div>",
    );
    field_list(out, ctx, fields);
    out.push_str(
        "<button type=\"submit\" id=\"log-call\">Log an outbound call (POST /callLog)</button></form>",
    );
}

fn field_list(out: &mut String, ctx: &FieldCtx<'_>, fields: &[AdditionalField]) {
    for (index, field) in fields.iter().enumerate() {
        render_field(out, ctx, index, field);
    }
}

/// The default App Connect preselects: `defaultValue`, else the user-settings default named by
/// `defaultSettingId` + `defaultSettingValues` for this form's log kind (with where it came from).
fn default_of(ctx: &FieldCtx<'_>, field: &AdditionalField) -> Option<(String, Option<String>)> {
    let from_settings = (|| {
        let section_id = field.default_setting_id.as_deref()?;
        let (_, setting_id) = (field.default_setting_values.as_ref()?.entries())
            .find(|(kind, _)| *kind == ctx.log_kind)?;
        let section = (ctx.platform.settings.iter().flatten()).find(|s| s.id == section_id)?;
        let item = section.all_items().find(|i| i.id == setting_id)?;
        let value = item.default_value.as_ref().map(scalar).unwrap_or_default();
        Some((value, Some(format!("{section_id} › {setting_id}"))))
    })();
    from_settings.or_else(|| field.default_value.as_ref().map(|v| (scalar(v), None)))
}

fn render_field(out: &mut String, ctx: &FieldCtx<'_>, index: usize, field: &AdditionalField) {
    let key = field.key.as_str();
    let id = match ctx.contact_type {
        Some(t) => format!("{}-{t}-{key}", ctx.form),
        None => format!("{}-{key}", ctx.form),
    };
    let label = field.title.as_deref().unwrap_or(key);
    let kind = field
        .r#type
        .as_ref()
        .map(FieldType::as_str)
        .unwrap_or("(no type)");
    let disabled = if ctx.preview { " disabled" } else { "" };
    let required = if field.required == Some(true) {
        " required"
    } else {
        ""
    };
    let default = default_of(ctx, field);
    let default_value = default
        .as_ref()
        .map(|(v, _)| v.as_str())
        .unwrap_or_default();
    let mut hints: Vec<String> = vec![format!("<code>{}</code> ({})", text(key), text(kind))];
    let _ = write!(
        out,
        "<div class=\"field\" data-const=\"{}\"><label for=\"{}\">{}{}</label>",
        attr(key),
        attr(&id),
        text(label),
        if required.is_empty() { "" } else { " *" }
    );
    let control = |out: &mut String, input_type: &str, value: &str| {
        let _ = write!(
            out,
            "<input id=\"{}\" name=\"{}\" type=\"{input_type}\" value=\"{}\"{disabled}{required}>",
            attr(&id),
            attr(key),
            attr(value)
        );
    };
    match field.r#type.as_ref() {
        Some(t) if *t == FieldType::Selection => {
            let _ = write!(
                out,
                "<select id=\"{}\" name=\"{}\"{disabled}{required}>",
                attr(&id),
                attr(key)
            );
            if field.include_none_option == Some(true) {
                out.push_str("<option value=\"\">None</option>");
            }
            let mut options: Vec<(String, String)> = Vec::new();
            if field.contact_dependent == Some(true) {
                hints.push("options from the contact's additionalInfo".into());
                let listed = ctx
                    .contact
                    .and_then(|c| c.additional_info.as_ref())
                    .and_then(|info| info.get(key))
                    .and_then(Value::as_array);
                for option in listed.into_iter().flatten() {
                    let value = option.get("const").map(scalar).unwrap_or_default();
                    let title = (option.get("title").and_then(Value::as_str))
                        .map_or_else(|| value.clone(), str::to_owned);
                    options.push((value, title));
                }
            } else if let (Some(by_type), Some(t)) = (
                field.account_data_property_by_contact_type.as_ref(),
                ctx.contact_type,
            ) {
                let data = field.account_data_key.as_deref().unwrap_or("?");
                match by_type.get(t) {
                    Some(property) => hints.push(format!(
                        "options from account data <code>{}.{}</code> for {}",
                        text(data),
                        text(property),
                        text(t)
                    )),
                    None => hints.push(format!("no account-data property for type {}", text(t))),
                }
            } else if let Some(data) = field.account_data_key.as_deref() {
                let property = field.account_data_property.as_deref().unwrap_or("?");
                hints.push(format!(
                    "options from account data <code>{}.{}</code>",
                    text(data),
                    text(property)
                ));
            } else if field.dynamic_options == Some(true) {
                hints.push("options fetched when the form is shown".into());
            }
            for option in field.options.iter().flatten() {
                let title = option.title.clone().unwrap_or_else(|| option.value.clone());
                options.push((option.value.clone(), title));
            }
            for (value, title) in &options {
                let selected = if !default_value.is_empty() && value == default_value {
                    " selected"
                } else {
                    ""
                };
                let _ = write!(
                    out,
                    "<option value=\"{}\"{selected}>{}</option>",
                    attr(value),
                    text(title)
                );
            }
            out.push_str("</select>");
            if field.contact_type_dependent == Some(true) {
                hints.push("depends on the contact type".into());
            }
        }
        Some(t) if *t == FieldType::Checkbox => {
            let checked = if default_value == "true" {
                " checked"
            } else {
                ""
            };
            let _ = write!(
                out,
                "<input id=\"{}\" name=\"{}\" type=\"checkbox\"{checked}{disabled}>",
                attr(&id),
                attr(key)
            );
        }
        Some(t) if *t == FieldType::Date => control(out, "date", default_value),
        Some(t) if *t == FieldType::Warning => {
            let _ = write!(
                out,
                "<p class=\"warning\" id=\"{}\">{}</p>",
                attr(&id),
                text(field.description.as_deref().unwrap_or_default())
            );
        }
        Some(t) if *t == FieldType::InputField || *t == FieldType::String => {
            control(out, "text", default_value);
        }
        _ => {
            control(out, "text", default_value);
            hints.push(format!(
                "App Connect may not render the type {}",
                text(kind)
            ));
        }
    }
    if let Some((value, source)) = &default {
        match source {
            Some(source) => hints.push(format!(
                "default {} from settings {}",
                text(value),
                text(source)
            )),
            None => hints.push(format!("default {}", text(value))),
        }
    }
    if let Some(description) = field.description.as_deref()
        && field.r#type.as_ref() != Some(&FieldType::Warning)
    {
        hints.push(text(description).into_owned());
    }
    let _ = write!(
        out,
        "<div><span class=\"hint\">{}</span>",
        hints.join(" · ")
    );
    let path = format!("additionalInfo.{key}");
    let beside: Vec<&ValidationIssue> = (ctx.manifest_issues.iter())
        .filter(|i| field_index(i.path(), ctx.form) == Some(index))
        .chain(
            (ctx.contact_issues.iter())
                .filter(|i| ctx.contact.is_some() && i.path() == path)
                .filter(|i| i.code() != "contact-undeclared-key"),
        )
        .collect();
    if !beside.is_empty() {
        out.push_str("<ul class=\"issues\">");
        for issue in beside {
            issue_item(out, issue);
        }
        out.push_str("</ul>");
    }
    out.push_str("</div></div>");
}

fn activity_list(out: &mut String, activities: &[ActivityView]) {
    let _ = write!(
        out,
        "<section id=\"activities\"><h2>Activities in the CRM ({})</h2>",
        activities.len()
    );
    for (n, activity) in activities.iter().enumerate().rev() {
        let _ = write!(
            out,
            "<div class=\"activity\" id=\"activity-{n}\"><h3 class=\"subject\">{}</h3>",
            text(&activity.subject)
        );
        if !activity.details.is_empty() {
            let details: Vec<String> = (activity.details.iter())
                .map(|(label, value)| format!("{}: {}", text(label), text(value)))
                .collect();
            let _ = write!(out, "<p class=\"hint\">{}</p>", details.join(" · "));
        }
        match activity.format {
            LogFormat::Html => {
                let _ = write!(
                    out,
                    "<iframe sandbox=\"\" referrerpolicy=\"no-referrer\" title=\"activity body\" srcdoc=\"{}\"></iframe>",
                    attr(&activity.body)
                );
            }
            _ => {
                let _ = write!(out, "<pre class=\"body\">{}</pre>", text(&activity.body));
            }
        }
        out.push_str("</div>");
    }
    out.push_str("</section>");
}
