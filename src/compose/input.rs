//! The call data the composer writes into a body: a borrowed view of the models' call types.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::models::{CallDirection, CallDuration, CallLeg, CallParty};

/// Everything the composer may write, one field per section (core's `composeCallLog` params).
///
/// Every field is optional: `None` (or an empty string) means "not provided", and the body's
/// existing section, if any, is left as it is. Sections are written in App Connect's fixed order:
/// note, session id, RingCentral user name, RingCentral number, subject, contact number,
/// date/time, duration, result, recording link, voicemail link, AI note, transcript, the five
/// ACE (RingSense) fields, call journey.
///
/// The input borrows everything it writes: text as `&str`, the parties and legs as the models'
/// [`CallParty`] and [`CallLeg`], the duration as the models' [`CallDuration`], so composing
/// from a parsed route body copies nothing.
///
/// ```
/// use app_connect_sdk::compose::ComposeInput;
/// use app_connect_sdk::models::{CallDirection, CallDuration, CallParty};
///
/// let agent = CallParty::with_number("+16505550100").with_name("Alice Agent");
/// let duration = CallDuration::Seconds(185);
/// let input = ComposeInput::new()
///     .note("Customer wants a callback.")
///     .subject("Call with Bob")
///     .duration(&duration)
///     .result("Call connected")
///     .direction(CallDirection::Inbound)
///     .to(&agent);
/// assert_eq!(input.subject, Some("Call with Bob"));
/// ```
#[derive(Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ComposeInput<'a> {
    /// The agent note (`note`), written at the top of the body.
    pub note: Option<&'a str>,
    /// The RingCentral telephony session id (`callLog.sessionId`).
    pub session_id: Option<&'a str>,
    /// The call direction (`callLog.direction`): inbound makes `to` the agent, anything else
    /// makes `from` the agent.
    pub direction: Option<CallDirection>,
    /// The calling party (`callLog.from`).
    pub from: Option<&'a CallParty>,
    /// The called party (`callLog.to`).
    pub to: Option<&'a CallParty>,
    /// The subject (`subject`, core's `callLog.customSubject`), labelled "Summary".
    pub subject: Option<&'a str>,
    /// The other party's phone number (`contactInfo.phoneNumber`).
    pub contact_phone_number: Option<&'a str>,
    /// When the call started (`startTime`, else `callLog.startTime`); see
    /// [`parse_start_time`](crate::compose::parse_start_time).
    pub start_time: Option<DateTime<Utc>>,
    /// The call duration (`duration`).
    pub duration: Option<&'a CallDuration>,
    /// The call result (`result`), e.g. "Call connected".
    pub result: Option<&'a str>,
    /// The call recording link (`recordingLink`); in HTML a non-`http` value shows "(pending...)".
    pub recording_link: Option<&'a str>,
    /// The voicemail link (`voicemailLink`); same rules as the recording link.
    pub voicemail_link: Option<&'a str>,
    /// The AI note (`aiNote`); trailing newlines are trimmed.
    pub ai_note: Option<&'a str>,
    /// The transcript (`transcript`).
    pub transcript: Option<&'a str>,
    /// The ACE (RingSense) transcript (`ringSenseTranscript`); trailing newlines are trimmed.
    pub ring_sense_transcript: Option<&'a str>,
    /// The ACE summary (`ringSenseSummary`).
    pub ring_sense_summary: Option<&'a str>,
    /// The ACE call score (`ringSenseAIScore`), as text (a number 0 is "not provided").
    pub ring_sense_ai_score: Option<Cow<'a, str>>,
    /// The ACE bulleted summary (`ringSenseBulletedSummary`).
    pub ring_sense_bulleted_summary: Option<&'a str>,
    /// The ACE recording link (`ringSenseLink`).
    pub ring_sense_link: Option<&'a str>,
    /// The call journey (`callLog.legs`); empty means "not provided".
    pub legs: &'a [CallLeg],
}

macro_rules! setters {
    ($($(#[$m:meta])* $name:ident),* $(,)?) => {
        $(
            $(#[$m])*
            #[must_use]
            pub fn $name(mut self, v: &'a str) -> Self {
                self.$name = Some(v);
                self
            }
        )*
    };
}

impl<'a> ComposeInput<'a> {
    /// An input with nothing set.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        /// Sets the agent note.
        note,
        /// Sets the session id.
        session_id,
        /// Sets the subject.
        subject,
        /// Sets the contact's phone number.
        contact_phone_number,
        /// Sets the result.
        result,
        /// Sets the recording link.
        recording_link,
        /// Sets the voicemail link.
        voicemail_link,
        /// Sets the AI note.
        ai_note,
        /// Sets the transcript.
        transcript,
        /// Sets the ACE transcript.
        ring_sense_transcript,
        /// Sets the ACE summary.
        ring_sense_summary,
        /// Sets the ACE bulleted summary.
        ring_sense_bulleted_summary,
        /// Sets the ACE recording link.
        ring_sense_link,
    );

    /// Sets the call direction.
    #[must_use]
    pub fn direction(mut self, d: CallDirection) -> Self {
        self.direction = Some(d);
        self
    }
    /// Sets the ACE call score.
    #[must_use]
    pub fn ring_sense_ai_score(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.ring_sense_ai_score = Some(v.into());
        self
    }
    /// Sets the calling party.
    #[must_use]
    pub fn from(mut self, p: &'a CallParty) -> Self {
        self.from = Some(p);
        self
    }
    /// Sets the called party.
    #[must_use]
    pub fn to(mut self, p: &'a CallParty) -> Self {
        self.to = Some(p);
        self
    }
    /// Sets the start time (see [`StartTime::to_utc`](crate::models::StartTime::to_utc)).
    #[must_use]
    pub fn start_time(mut self, t: DateTime<Utc>) -> Self {
        self.start_time = Some(t);
        self
    }
    /// Sets the duration.
    #[must_use]
    pub fn duration(mut self, d: &'a CallDuration) -> Self {
        self.duration = Some(d);
        self
    }
    /// Sets the call journey.
    #[must_use]
    pub fn legs(mut self, legs: &'a [CallLeg]) -> Self {
        self.legs = legs;
        self
    }
}

/// A link for Debug output: anything after `?` or `#` (where tokens travel) is hidden.
fn redacted(link: Option<&str>) -> Option<String> {
    link.map(|l| match l.find(['?', '#']) {
        Some(i) => format!("{}?<redacted>", &l[..i]),
        None => l.to_owned(),
    })
}

impl std::fmt::Debug for ComposeInput<'_> {
    /// Links are shown without their query string, which may carry access tokens.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ComposeInput")
            .field("note", &self.note)
            .field("session_id", &self.session_id)
            .field("direction", &self.direction)
            .field("from", &self.from)
            .field("to", &self.to)
            .field("subject", &self.subject)
            .field("contact_phone_number", &self.contact_phone_number)
            .field("start_time", &self.start_time)
            .field("duration", &self.duration)
            .field("result", &self.result)
            .field("recording_link", &redacted(self.recording_link))
            .field("voicemail_link", &redacted(self.voicemail_link))
            .field("ai_note", &self.ai_note)
            .field("transcript", &self.transcript)
            .field("ring_sense_transcript", &self.ring_sense_transcript)
            .field("ring_sense_summary", &self.ring_sense_summary)
            .field("ring_sense_ai_score", &self.ring_sense_ai_score)
            .field(
                "ring_sense_bulleted_summary",
                &self.ring_sense_bulleted_summary,
            )
            .field("ring_sense_link", &redacted(self.ring_sense_link))
            .field("legs", &self.legs)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_link_tokens() {
        let i = ComposeInput::new()
            .recording_link("https://media.example.com/rec/1?access_token=SECRET")
            .ring_sense_link("https://rs.example.com/x#token=SECRET2");
        let d = format!("{i:?}");
        assert!(!d.contains("SECRET"), "{d}");
        assert!(d.contains("https://media.example.com/rec/1?<redacted>"));
    }
}
