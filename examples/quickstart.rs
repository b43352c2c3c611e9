//! Quickstart: parse the body App Connect's client sends to `POST /callLog`, read it through
//! typed accessors, see secrets redacted, and write it back unchanged.
//!
//! Run with `cargo run --example quickstart`.

use app_connect_sdk::models::{
    CallDuration, CallParty, CreateCallLogRequest, LogResult, ReturnMessage, StartTime,
    from_json_str,
};

/// A `POST /callLog` body as the App Connect browser client sends it.
const BODY: &str = r#"{
  "logInfo": {
    "id": "Y3s2nWvbZpq4zUA",
    "sessionId": "25106342008",
    "telephonySessionId": "s-a7c5e1f2b3d4e5f6",
    "direction": "Inbound",
    "type": "Voice",
    "result": "Accepted",
    "startTime": "2026-06-24T15:04:05.123Z",
    "duration": 317,
    "from": { "phoneNumber": "+14155550100", "name": "Jane Smith" },
    "to": { "phoneNumber": "+16505550199", "extensionNumber": "101", "name": "Ada Lovelace" },
    "recording": { "link": "https://ringcentral.github.io/ringcentral-embeddable/recording.html?id=7201234008" },
    "internalType": "LocalNumber"
  },
  "contactId": "00Q5g00000AbCdEFGH",
  "contactType": "Lead",
  "contactName": "Jane Smith",
  "note": "Discussed the 2026 renewal.",
  "additionalSubmission": {
    "deals": "D-7781",
    "logTimeEntry": "true",
    "isAssignedToUser": true,
    "adminAssignedUserToken": "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjQyIn0.c2lnbmF0dXJl"
  },
  "extensionNumber": "101"
}"#;

fn party(p: Option<&CallParty>) -> String {
    match p {
        Some(p) => format!(
            "{} ({})",
            p.name.as_deref().unwrap_or("unknown"),
            p.phone_number.as_deref().unwrap_or("no number")
        ),
        None => "-".to_owned(),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. Parse. A bad payload gives an error naming the JSON path of the bad value.
    let req: CreateCallLogRequest = from_json_str(BODY)?;
    let log = &req.log_info;

    // 2. Typed values.
    println!("== POST /callLog ==");
    println!("session        {}", log.session_id);
    println!(
        "direction      {}",
        log.direction.as_ref().map_or("-", |d| d.as_str())
    );
    println!("from           {}", party(log.from.as_ref()));
    println!("to             {}", party(log.to.as_ref()));
    println!("other party    {}", party(log.other_party()));
    let start = log.start_time.as_ref().and_then(StartTime::to_utc);
    println!(
        "start (UTC)    {}",
        start.map_or("-".to_owned(), |t| t.to_rfc3339())
    );
    let duration = log.duration.as_ref().and_then(CallDuration::seconds);
    println!(
        "duration       {}",
        duration.map_or("pending".to_owned(), |s| format!(
            "{}m {:02}s",
            s / 60,
            s % 60
        ))
    );
    println!(
        "result         {}",
        log.result.as_ref().map_or("-", |r| r.as_str())
    );
    println!("recording      {}", log.recording_link().unwrap_or("-"));
    println!(
        "contact        {} ({}) id={}",
        req.contact_name.as_deref().unwrap_or("-"),
        req.contact_type.as_deref().unwrap_or("-"),
        req.contact_id
    );
    println!("note           {}", req.note.as_deref().unwrap_or(""));
    if let Some(sub) = &req.additional_submission {
        println!(
            "deal           {}",
            sub.get_id("deals")
                .map_or("-".to_owned(), |id| id.to_string())
        );
        println!("log time entry {:?}", sub.get_bool("logTimeEntry"));
        println!("assigned       {}", sub.is_assigned_to_user());
    }
    println!(
        "unknown keys   logInfo.{:?}",
        log.extra.keys().collect::<Vec<_>>()
    );

    // 3. Debug output never shows credentials (here: adminAssignedUserToken).
    println!("\n== Debug of additionalSubmission (redacted) ==");
    println!("{:?}", req.additional_submission);

    // 4. Write it back: the same JSON, nothing lost or added.
    let back = serde_json::to_value(&req)?;
    let original: serde_json::Value = serde_json::from_str(BODY)?;
    println!("\n== Round trip ==");
    println!("identical JSON: {}", back == original);
    assert_eq!(back, original);

    // 5. What a connector would answer.
    let result = LogResult::logged("00T5g00000XyZ")
        .with_message(ReturnMessage::success("Call logged").with_ttl(2000));
    println!("\n== createCallLog result ==");
    println!("{}", serde_json::to_string_pretty(&result)?);

    // 6. Errors name the path.
    let bad = BODY.replace(r#""duration": 317"#, r#""duration": "soon""#);
    if let Err(e) = from_json_str::<CreateCallLogRequest>(&bad) {
        println!("\n== A bad payload ==\n{e}");
    }
    Ok(())
}
