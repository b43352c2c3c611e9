//! Message logs: the body App Connect core builds for shared SMS conversations
//! (`composeSharedSMSLog`), with every name and text escaped for the target format.
//!
//! Ordinary SMS, voicemail and fax logs are built by each connector; only shared-SMS threads
//! are composed centrally. The body is built from scratch (there is no upsert).
//!
//! ```
//! use app_connect_sdk::compose::LogFormat;
//! use app_connect_sdk::compose::message::{SmsConversation, SmsEntity, compose_shared_sms_log};
//! use app_connect_sdk::compose::parse_start_time;
//!
//! let t = |s: &str| parse_start_time(s).unwrap();
//! let conversation = SmsConversation::new(t("2024-01-15T10:00:00Z"))
//!     .last_modified_time(t("2024-01-15T12:30:00Z"))
//!     .entity(SmsEntity::message("Inbound", t("2024-01-15T10:00:00Z"), "Hi <there>"))
//!     .entity(
//!         SmsEntity::message("Outbound", t("2024-01-15T10:05:00Z"), "Hello!").author("Alice"),
//!     );
//! let log = compose_shared_sms_log(&LogFormat::Html, &conversation, "Bob & Co", None);
//! assert_eq!(log.subject, "SMS conversation with Bob &amp; Co");
//! assert!(log.body.contains("<p><b>Bob &amp; Co</b> said on 2024-01-15 10:00 AM:<br>Hi &lt;there&gt;</p>"));
//! // Newest first.
//! assert!(log.body.find("Alice").unwrap() < log.body.find("Hi &lt;").unwrap());
//! ```

use chrono::{DateTime, FixedOffset, Utc};

use super::datetime::{OffsetMinutes, format_moment};
use super::format::LogFormat;

/// The owner of a shared conversation (`conversation.owner`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SmsOwner {
    /// The owner's name.
    pub name: Option<String>,
    /// RingCentral's extension type; `"Department"` marks a call queue.
    pub extension_type: Option<String>,
}

impl SmsOwner {
    /// An owner with this name.
    ///
    /// ```
    /// use app_connect_sdk::compose::LogFormat;
    /// use app_connect_sdk::compose::message::{SmsConversation, SmsOwner, compose_shared_sms_log};
    /// use app_connect_sdk::compose::parse_start_time;
    ///
    /// let owner = SmsOwner::new("Support").extension_type("Department");
    /// let started = parse_start_time("2024-01-15T10:00:00Z").unwrap();
    /// let conversation = SmsConversation::new(started).owner(owner);
    /// let log = compose_shared_sms_log(&LogFormat::PlainText, &conversation, "Bob", None);
    /// assert!(log.body.contains("Receiving call queue: Support\n"));
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            extension_type: None,
        }
    }
    /// Sets RingCentral's extension type (`"Department"` for a call queue).
    #[must_use]
    pub fn extension_type(mut self, extension_type: impl Into<String>) -> Self {
        self.extension_type = Some(extension_type.into());
        self
    }
}

/// What an entry of the thread is (`recordType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SmsRecordType {
    /// `AliveMessage`: a message to or from the customer.
    Message,
    /// `AliveNote`: an internal note.
    Note,
    /// `ThreadAssignedHint`: the thread was assigned to someone.
    Assignment,
    /// Anything else (`ThreadCreatedHint`, …): not written.
    Other,
}

impl SmsRecordType {
    /// Maps RingCentral's `recordType` string.
    ///
    /// ```
    /// use app_connect_sdk::compose::message::SmsRecordType;
    /// assert_eq!(SmsRecordType::parse("AliveNote"), SmsRecordType::Note);
    /// ```
    pub fn parse(s: &str) -> Self {
        match s {
            "AliveMessage" => Self::Message,
            "AliveNote" => Self::Note,
            "ThreadAssignedHint" => Self::Assignment,
            _ => Self::Other,
        }
    }
}

/// One entry of a shared thread (`conversation.entities[]`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SmsEntity {
    /// The kind of entry.
    pub record_type: SmsRecordType,
    /// When it was created.
    pub creation_time: Option<DateTime<Utc>>,
    /// `"Inbound"` for messages from the customer.
    pub direction: Option<String>,
    /// `author.name`.
    pub author_name: Option<String>,
    /// `from.name`.
    pub from_name: Option<String>,
    /// `initiator.name`.
    pub initiator_name: Option<String>,
    /// `assignee.name`.
    pub assignee_name: Option<String>,
    /// The text (`text`, else `subject` for messages, `body` for notes).
    pub text: Option<String>,
}

impl SmsEntity {
    fn new(record_type: SmsRecordType, time: DateTime<Utc>) -> Self {
        Self {
            record_type,
            creation_time: Some(time),
            direction: None,
            author_name: None,
            from_name: None,
            initiator_name: None,
            assignee_name: None,
            text: None,
        }
    }
    /// A message in the given direction.
    pub fn message(direction: &str, time: DateTime<Utc>, text: impl Into<String>) -> Self {
        let mut e = Self::new(SmsRecordType::Message, time);
        e.direction = Some(direction.to_owned());
        e.text = Some(text.into());
        e
    }
    /// An internal note by `author`.
    pub fn note(author: impl Into<String>, time: DateTime<Utc>, text: impl Into<String>) -> Self {
        let mut e = Self::new(SmsRecordType::Note, time);
        e.author_name = Some(author.into());
        e.text = Some(text.into());
        e
    }
    /// The thread was assigned to `assignee`.
    pub fn assignment(assignee: impl Into<String>, time: DateTime<Utc>) -> Self {
        let mut e = Self::new(SmsRecordType::Assignment, time);
        e.assignee_name = Some(assignee.into());
        e
    }
    /// Sets the author's name.
    #[must_use]
    pub fn author(mut self, name: impl Into<String>) -> Self {
        self.author_name = Some(name.into());
        self
    }
}

/// A shared SMS conversation (`conversation`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SmsConversation {
    /// When the conversation started (`creationTime`).
    pub creation_time: DateTime<Utc>,
    /// The latest `messages[].lastModifiedTime`; `None` shows "On-going".
    pub last_modified_time: Option<DateTime<Utc>>,
    /// The owner, if any.
    pub owner: Option<SmsOwner>,
    /// The entries, in any order (they are written newest first).
    pub entities: Vec<SmsEntity>,
}

impl SmsConversation {
    /// A conversation that started at `creation_time`.
    pub fn new(creation_time: DateTime<Utc>) -> Self {
        Self {
            creation_time,
            last_modified_time: None,
            owner: None,
            entities: Vec::new(),
        }
    }
    /// Sets the latest modification time (the later of the current one and `t`).
    #[must_use]
    pub fn last_modified_time(mut self, t: DateTime<Utc>) -> Self {
        self.last_modified_time = Some(self.last_modified_time.map_or(t, |c| c.max(t)));
        self
    }
    /// Sets the owner.
    #[must_use]
    pub fn owner(mut self, owner: SmsOwner) -> Self {
        self.owner = Some(owner);
        self
    }
    /// Adds an entry.
    #[must_use]
    pub fn entity(mut self, e: SmsEntity) -> Self {
        self.entities.push(e);
        self
    }

    /// The agents taking part, as the log's participant list shows them after the customer:
    /// each distinct author, sender, initiator and assignee name, in order of appearance.
    ///
    /// ```
    /// use app_connect_sdk::compose::message::{SmsConversation, SmsEntity};
    /// let t = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    /// let c = SmsConversation::new(t)
    ///     .entity(SmsEntity::message("Outbound", t, "Hi").author("Alice"))
    ///     .entity(SmsEntity::assignment("Bob", t))
    ///     .entity(SmsEntity::note("Alice", t, "VIP"));
    /// assert_eq!(c.participants(), ["Alice", "Bob"]);
    /// ```
    pub fn participants(&self) -> Vec<&str> {
        let mut agents: Vec<&str> = Vec::new();
        for e in &self.entities {
            for n in [
                &e.author_name,
                &e.from_name,
                &e.initiator_name,
                &e.assignee_name,
            ] {
                if let Some(n) = non_empty(n)
                    && !agents.contains(&n)
                {
                    agents.push(n);
                }
            }
        }
        agents
    }

    /// How many messages and notes the thread holds (the log's `Conversation (…)` heading).
    ///
    /// ```
    /// use app_connect_sdk::compose::message::{SmsConversation, SmsEntity};
    /// let t = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    /// let c = SmsConversation::new(t)
    ///     .entity(SmsEntity::message("Inbound", t, "Hi"))
    ///     .entity(SmsEntity::message("Outbound", t, "Hello"))
    ///     .entity(SmsEntity::note("Alice", t, "VIP"));
    /// let counts = c.entity_counts();
    /// assert_eq!((counts.messages, counts.notes), (2, 1));
    /// assert_eq!(counts.to_string(), "2 messages, 1 note");
    /// assert_eq!(SmsConversation::new(t).entity_counts().to_string(), "0 messages");
    /// ```
    pub fn entity_counts(&self) -> SmsEntityCounts {
        let count = |t: SmsRecordType| self.entities.iter().filter(|e| e.record_type == t).count();
        SmsEntityCounts {
            messages: count(SmsRecordType::Message),
            notes: count(SmsRecordType::Note),
        }
    }
}

/// The messages and notes of a shared thread; `Display` writes core's wording
/// (`2 messages, 1 note`, `0 messages` when there are none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct SmsEntityCounts {
    /// Messages (`AliveMessage`).
    pub messages: usize,
    /// Internal notes (`AliveNote`).
    pub notes: usize,
}

impl std::fmt::Display for SmsEntityCounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        match (self.messages, self.notes) {
            (0, 0) => f.write_str("0 messages"),
            (m, 0) => write!(f, "{m} message{}", plural(m)),
            (0, n) => write!(f, "{n} note{}", plural(n)),
            (m, n) => write!(f, "{m} message{}, {n} note{}", plural(m), plural(n)),
        }
    }
}

/// The subject and body of a shared-SMS log.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SharedSmsLog {
    /// `SMS conversation with «contact»` (bold in markdown).
    pub subject: String,
    /// The conversation summary, participants, owner, counts and entries.
    pub body: String,
}

fn md_escape_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Markdown text: raw HTML and line-leading block syntax (headings, rules, lists, quotes) are
/// neutralised; the rest stays readable (URLs keep their underscores).
fn md_escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start_matches([' ', '\t']);
        let indent = &line[..line.len() - trimmed.len()];
        out.push_str(indent);
        if trimmed.starts_with(['#', '-', '*', '+', '>', '=', '|', '`', '~']) {
            out.push('\\');
        }
        for c in trimmed.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' if out.ends_with('\\') => out.push('>'),
                '>' => out.push_str("&gt;"),
                _ => out.push(c),
            }
        }
    }
    out
}

fn html_escape_all(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#039;"),
            _ => out.push(c),
        }
    }
    out
}

struct Esc<'a>(&'a LogFormat);

impl Esc<'_> {
    fn name(&self, s: &str) -> String {
        match self.0 {
            LogFormat::Html => html_escape_all(s),
            LogFormat::Markdown => md_escape_inline(s),
            _ => s.to_owned(),
        }
    }
    fn text(&self, s: &str) -> String {
        match self.0 {
            LogFormat::Html => html_escape_all(s)
                .replace("\r\n", "<br>")
                .replace(['\r', '\n'], "<br>"),
            LogFormat::Markdown => md_escape_text(s),
            _ => s.to_owned(),
        }
    }
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.is_empty())
}

/// Composes the subject and body of a shared-SMS conversation log, as core does, escaped.
///
/// Differences from core (see docs/composer.md): names and texts are escaped in every format;
/// "Ended" is the latest modification time (core compares ISO strings with `0` and shows 1970);
/// the duration is whole days plus the remaining hours; entries are sorted newest first by
/// time (core keeps the input order for ISO times); the offset is read like the call log's.
pub fn compose_shared_sms_log(
    format: &LogFormat,
    conversation: &SmsConversation,
    contact_name: &str,
    timezone: Option<FixedOffset>,
) -> SharedSmsLog {
    let off: Option<OffsetMinutes> = timezone.map(|tz| i64::from(tz.local_minus_utc() / 60));
    let esc = Esc(format);
    let html = matches!(format, LogFormat::Html);
    let md = matches!(format, LogFormat::Markdown);
    let contact = esc.name(contact_name);
    let subject = if md {
        format!("**SMS conversation with {contact}**")
    } else {
        format!("SMS conversation with {contact}")
    };

    let when = |t: DateTime<Utc>| {
        format!(
            "{} at {}",
            format_moment("dddd, MMMM DD, YYYY", t, off),
            format_moment("hh:mm A", t, off)
        )
    };
    let started = when(conversation.creation_time);
    let (ended, duration) = match conversation.last_modified_time {
        Some(end) => {
            let hours = (end - conversation.creation_time).num_hours();
            (when(end), format!("{} d {} h", hours / 24, hours % 24))
        }
        None => ("On-going".to_owned(), "On-going".to_owned()),
    };

    // Participants: the customer, then each distinct agent name in order of appearance.
    let agents = conversation.participants();
    let counts = conversation.entity_counts().to_string();

    let mut entries: Vec<&SmsEntity> = conversation
        .entities
        .iter()
        .filter(|e| e.record_type != SmsRecordType::Other)
        .collect();
    // Newest first; entries without a time keep their order at the end.
    entries.sort_by(|a, b| match (a.creation_time, b.creation_time) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });

    let mut body = String::new();
    let (nl, rule) = if html {
        ("<br>", "<hr>")
    } else if md {
        ("\n", "---\n")
    } else {
        ("\n", "------------\n")
    };
    if html {
        body.push_str("<div><b>Conversation summary</b><br>");
    } else if md {
        body.push_str("## Conversation summary\n");
    } else {
        body.push_str("Conversation summary\n");
    }
    body.push_str(&format!("Started: {started}{nl}"));
    if conversation.last_modified_time.is_some() {
        body.push_str(&format!("Ended: {ended}{nl}"));
    } else {
        body.push_str(&format!("Ended: On-going at On-going{nl}"));
    }
    if html {
        body.push_str(&format!("Duration: {duration}<br></div><br>"));
        body.push_str("<div><b>Participants</b><ul>");
        body.push_str(&format!("<li>{contact} (customer)</li>"));
        for a in &agents {
            body.push_str(&format!("<li>{}</li>", esc.name(a)));
        }
        body.push_str("</ul></div>");
    } else {
        body.push_str(&format!("Duration: {duration} \n\n"));
        body.push_str(if md {
            "### Participants\n"
        } else {
            "Participants\n"
        });
        body.push_str(&format!("* {contact} (customer)\n"));
        for a in &agents {
            body.push_str(&format!("* {}\n", esc.name(a)));
        }
        body.push('\n');
    }
    if let Some(owner) = &conversation.owner {
        let name = owner.name.as_deref().unwrap_or("");
        let queue = owner.extension_type.as_deref() == Some("Department")
            || name.to_lowercase().contains("queue");
        let label = if queue {
            "Receiving call queue"
        } else {
            "Owner"
        };
        let name = esc.name(name);
        if html {
            body.push_str(&format!("<div>{label}: <b>{name}</b></div><br>"));
        } else if md {
            body.push_str(&format!("{label}: **{name}**\n\n"));
        } else {
            body.push_str(&format!("{label}: {name}\n\n"));
        }
    }
    if html {
        body.push_str(&format!(
            "<div><b>Conversation ({counts})</b></div><div>BEGIN</div><hr>"
        ));
    } else if md {
        body.push_str(&format!("### Conversation ({counts})\nBEGIN\n{rule}"));
    } else {
        body.push_str(&format!("Conversation ({counts})\nBEGIN\n{rule}"));
    }
    for e in entries {
        let time = e
            .creation_time
            .map(|t| format_moment("YYYY-MM-DD hh:mm A", t, off))
            .unwrap_or_default();
        let entry = match e.record_type {
            SmsRecordType::Message => {
                let sender = if e.direction.as_deref() == Some("Inbound") {
                    contact.clone()
                } else {
                    esc.name(
                        non_empty(&e.author_name)
                            .or(non_empty(&e.from_name))
                            .unwrap_or(""),
                    )
                };
                let text = esc.text(e.text.as_deref().unwrap_or(""));
                if html {
                    format!("<p><b>{sender}</b> said on {time}:<br>{text}</p>")
                } else if md {
                    format!("**{sender}** said on {time}:\n{text}\n\n")
                } else {
                    format!("{sender} said on {time}:\n{text}\n\n")
                }
            }
            SmsRecordType::Note => {
                let author = esc.name(
                    non_empty(&e.author_name)
                        .or(non_empty(&e.initiator_name))
                        .unwrap_or("Unknown"),
                );
                let text = esc.text(e.text.as_deref().unwrap_or(""));
                if html {
                    format!("<p><b>{author}</b> left a note on {time}:<br>{text}</p>")
                } else if md {
                    format!("**{author}** left a note on {time}:\n{text}\n\n")
                } else {
                    format!("{author} left a note on {time}:\n{text}\n\n")
                }
            }
            SmsRecordType::Assignment | SmsRecordType::Other => {
                let who = esc.name(non_empty(&e.assignee_name).unwrap_or("Unknown"));
                if html {
                    format!("<p><i>Conversation assigned to <b>{who}</b></i></p>")
                } else if md {
                    format!("*Conversation assigned to **{who}***\n\n")
                } else {
                    format!("Conversation assigned to {who}\n\n")
                }
            }
        };
        body.push_str(&entry);
    }
    if html {
        body.push_str("<hr><div>END</div>");
    } else {
        body.push_str(rule);
        body.push_str("END");
    }
    SharedSmsLog { subject, body }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::parse_start_time;

    fn t(s: &str) -> DateTime<Utc> {
        parse_start_time(s).unwrap_or_default()
    }

    fn sample() -> SmsConversation {
        SmsConversation::new(t("2024-01-15T10:00:00Z"))
            .last_modified_time(t("2024-01-16T12:30:00Z"))
            .owner(SmsOwner {
                name: Some("Support Queue".into()),
                extension_type: None,
            })
            .entity(SmsEntity::message(
                "Inbound",
                t("2024-01-15T10:00:00Z"),
                "# hi *there*",
            ))
            .entity(SmsEntity::note(
                "Al_ice",
                t("2024-01-15T11:00:00Z"),
                "call <back>",
            ))
            .entity(SmsEntity::assignment("Bob", t("2024-01-15T10:30:00Z")))
    }

    #[test]
    fn plain_layout() {
        let log = compose_shared_sms_log(&LogFormat::PlainText, &sample(), "Carol", None);
        assert_eq!(log.subject, "SMS conversation with Carol");
        assert_eq!(
            log.body,
            "Conversation summary\nStarted: Monday, January 15, 2024 at 10:00 AM\n\
             Ended: Tuesday, January 16, 2024 at 12:30 PM\nDuration: 1 d 2 h \n\n\
             Participants\n* Carol (customer)\n* Al_ice\n* Bob\n\n\
             Receiving call queue: Support Queue\n\nConversation (1 message, 1 note)\nBEGIN\n\
             ------------\nAl_ice left a note on 2024-01-15 11:00 AM:\ncall <back>\n\n\
             Conversation assigned to Bob\n\nCarol said on 2024-01-15 10:00 AM:\n# hi *there*\n\n\
             ------------\nEND"
        );
    }

    #[test]
    fn html_and_markdown_escape() {
        let h = compose_shared_sms_log(&LogFormat::Html, &sample(), "C'<x>", None);
        assert!(h.body.contains("<li>C&#039;&lt;x&gt; (customer)</li>"));
        assert!(h.body.contains("call &lt;back&gt;"));
        assert!(!h.body.contains("<x>"));
        let m = compose_shared_sms_log(&LogFormat::Markdown, &sample(), "C*", None);
        assert_eq!(m.subject, "**SMS conversation with C\\***");
        assert!(m.body.contains("**Al\\_ice** left a note"));
        assert!(m.body.contains("\n\\# hi *there*\n"));
        assert!(m.body.contains("call &lt;back&gt;"));
    }

    #[test]
    fn ongoing_without_modification_time() {
        let c = SmsConversation::new(t("2024-01-15T10:00:00Z"));
        let log = compose_shared_sms_log(&LogFormat::PlainText, &c, "X", None);
        assert!(
            log.body
                .contains("Ended: On-going at On-going\nDuration: On-going \n")
        );
        assert!(log.body.contains("Conversation (0 messages)"));
    }
}
