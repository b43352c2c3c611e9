//! Reading a shared-SMS thread (`logInfo` of `POST /messageLog` with an `owner.name`) into the
//! composer's [`SmsConversation`], reading the fields App Connect core reads.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::compose::message::{SmsConversation, SmsEntity, SmsOwner, SmsRecordType};
use crate::compose::{parse_start_time, start_time_from_millis};
use crate::models::MessageConversationLog;

/// A time given as an ISO string or as epoch milliseconds.
fn time(value: Option<&Value>) -> Option<DateTime<Utc>> {
    match value? {
        Value::String(s) => parse_start_time(s),
        Value::Number(n) => start_time_from_millis(n.as_i64()?),
        _ => None,
    }
}

/// `value[key]` when it is a non-empty string.
fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key)?.as_str().filter(|s| !s.is_empty())
}

/// `value[key].name` when it is a non-empty string.
fn name(value: &Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(|v| text(v, "name"))
        .map(str::to_owned)
}

/// One thread entry, or `None` when it is not a JSON object. An unknown or missing
/// `recordType` is kept as [`SmsRecordType::Other`]: its names still count as participants,
/// as in core, but it is not written as an entry.
pub(crate) fn entity(value: &Value) -> Option<SmsEntity> {
    if !value.is_object() {
        return None;
    }
    let record_type = text(value, "recordType").map_or(SmsRecordType::Other, SmsRecordType::parse);
    // Core reads `text`, else `subject` for a message and `body` for a note.
    let fallback = match record_type {
        SmsRecordType::Message => text(value, "subject"),
        SmsRecordType::Note => text(value, "body"),
        _ => None,
    };
    Some(SmsEntity {
        record_type,
        creation_time: time(value.get("creationTime")),
        direction: text(value, "direction").map(str::to_owned),
        author_name: name(value, "author"),
        from_name: name(value, "from"),
        initiator_name: name(value, "initiator"),
        assignee_name: name(value, "assignee"),
        text: text(value, "text").or(fallback).map(str::to_owned),
    })
}

/// The thread as the composer takes it: `creationTime` of `logInfo` (else the earliest entry or
/// message time, else now), the latest `messages[].lastModifiedTime`, the owner, and every
/// readable entry of `entities`.
pub(crate) fn conversation(log_info: &MessageConversationLog) -> SmsConversation {
    let entities: Vec<SmsEntity> = log_info
        .entities
        .iter()
        .flatten()
        .filter_map(entity)
        .collect();
    let message_time = |t: &Option<String>| t.as_deref().and_then(parse_start_time);
    let created = time(log_info.extra.get("creationTime"))
        .or_else(|| {
            let entity_times = entities.iter().filter_map(|e| e.creation_time);
            let message_times = log_info
                .messages
                .iter()
                .filter_map(|m| message_time(&m.creation_time));
            entity_times.chain(message_times).min()
        })
        .unwrap_or_else(Utc::now);
    let mut conversation = SmsConversation::new(created);
    for modified in log_info
        .messages
        .iter()
        .filter_map(|m| message_time(&m.last_modified_time))
    {
        conversation = conversation.last_modified_time(modified);
    }
    if let Some(owner) = &log_info.owner {
        let owner_name = owner
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let mut sms_owner = SmsOwner::new(owner_name);
        if let Some(extension_type) = owner.get("extensionType").and_then(Value::as_str) {
            sms_owner = sms_owner.extension_type(extension_type);
        }
        conversation = conversation.owner(sms_owner);
    }
    conversation.entities = entities;
    conversation
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn entity_reads_the_fields_core_reads() {
        let e = entity(&json!({
            "recordType": "AliveNote",
            "creationTime": "2026-11-21T08:00:00Z",
            "initiator": { "name": "Grace" },
            "text": "",
            "body": "call back"
        }))
        .expect("an object");
        assert_eq!(e.record_type, SmsRecordType::Note);
        assert_eq!(e.initiator_name.as_deref(), Some("Grace"));
        assert_eq!(e.text.as_deref(), Some("call back"));
        assert_eq!(e.creation_time, parse_start_time("2026-11-21T08:00:00Z"));

        let m = entity(&json!({
            "recordType": "AliveMessage",
            "creationTime": 1_700_000_000_000_i64,
            "direction": "Outbound",
            "from": { "name": "Alan" },
            "author": { "name": 7 },
            "subject": "hi"
        }))
        .expect("an object");
        assert_eq!(m.direction.as_deref(), Some("Outbound"));
        assert_eq!(m.from_name.as_deref(), Some("Alan"));
        assert_eq!(m.author_name, None);
        assert_eq!(m.text.as_deref(), Some("hi"));
        assert_eq!(m.creation_time, start_time_from_millis(1_700_000_000_000));
    }

    #[test]
    fn unreadable_entities_are_skipped_and_unknown_kinds_kept_as_other() {
        assert!(entity(&json!("AliveMessage")).is_none());
        assert!(entity(&json!(null)).is_none());
        let e = entity(&json!({ "creationTime": "not a time", "assignee": { "name": "Bo" } }))
            .expect("an object");
        assert_eq!(e.record_type, SmsRecordType::Other);
        assert_eq!(e.creation_time, None);
        assert_eq!(e.assignee_name.as_deref(), Some("Bo"));
    }

    #[test]
    fn conversation_takes_times_owner_and_entities_from_log_info() {
        let log: MessageConversationLog = serde_json::from_value(json!({
            "creationTime": "2026-11-20T08:00:00Z",
            "messages": [
                { "id": "1", "type": "SMS", "lastModifiedTime": "2026-11-21T09:00:00Z" },
                { "id": "2", "type": "SMS", "lastModifiedTime": "2026-11-21T10:00:00Z" }
            ],
            "correspondents": [],
            "owner": { "name": "Support", "extensionType": "Department" },
            "entities": [
                { "recordType": "AliveMessage", "text": "a" },
                42,
                { "recordType": "ThreadAssignedHint", "assignee": { "name": "Bo" } }
            ]
        }))
        .expect("valid log info");
        let c = conversation(&log);
        assert_eq!(
            Some(c.creation_time),
            parse_start_time("2026-11-20T08:00:00Z")
        );
        assert_eq!(
            c.last_modified_time,
            parse_start_time("2026-11-21T10:00:00Z")
        );
        let owner = c.owner.expect("owner");
        assert_eq!(owner.name.as_deref(), Some("Support"));
        assert_eq!(owner.extension_type.as_deref(), Some("Department"));
        assert_eq!(c.entities.len(), 2);
        assert_eq!(c.entities[1].record_type, SmsRecordType::Assignment);
    }

    #[test]
    fn conversation_without_creation_time_starts_at_its_earliest_entry() {
        let log: MessageConversationLog = serde_json::from_value(json!({
            "messages": [{ "id": "1", "type": "SMS", "creationTime": "2026-11-21T09:00:00Z" }],
            "correspondents": [],
            "owner": { "name": "Ann" },
            "entities": [{ "recordType": "AliveNote", "creationTime": "2026-11-21T07:00:00Z" }]
        }))
        .expect("valid log info");
        let c = conversation(&log);
        assert_eq!(
            Some(c.creation_time),
            parse_start_time("2026-11-21T07:00:00Z")
        );
        assert_eq!(c.last_modified_time, None);
    }
}
