//! The call data the composer writes into a body.

use chrono::{DateTime, Utc};

/// One party of a call or of a call leg (`callLog.from` / `callLog.to`).
///
/// ```
/// use app_connect_sdk::compose::Party;
/// let agent = Party::new().phone_number("+16505550100").extension_number("101").name("Alice");
/// assert_eq!(agent.name.as_deref(), Some("Alice"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Party {
    /// The E.164 phone number, if any.
    pub phone_number: Option<String>,
    /// The RingCentral extension number, if any.
    pub extension_number: Option<String>,
    /// The display name, if any.
    pub name: Option<String>,
}

impl Party {
    /// An empty party.
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets the phone number.
    #[must_use]
    pub fn phone_number(mut self, v: impl Into<String>) -> Self {
        self.phone_number = Some(v.into());
        self
    }
    /// Sets the extension number.
    #[must_use]
    pub fn extension_number(mut self, v: impl Into<String>) -> Self {
        self.extension_number = Some(v.into());
        self
    }
    /// Sets the display name.
    #[must_use]
    pub fn name(mut self, v: impl Into<String>) -> Self {
        self.name = Some(v.into());
        self
    }
}

/// One leg of the call journey (`callLog.legs[]`).
///
/// ```
/// use app_connect_sdk::compose::{CallLeg, Party};
/// let leg = CallLeg::new("Inbound").to(Party::new().extension_number("205")).duration(12.0);
/// assert_eq!(leg.duration, Some(12.0));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct CallLeg {
    /// `"Inbound"` or `"Outbound"` (anything else reads as inbound, as in core).
    pub direction: Option<String>,
    /// RingCentral's leg type, e.g. `"PstnToSip"` (an outbound `PstnToSip` transfer names `to`).
    pub leg_type: Option<String>,
    /// The leg's duration in seconds; when absent the ", duration: …" part is left out.
    pub duration: Option<f64>,
    /// The calling party.
    pub from: Option<Party>,
    /// The called party.
    pub to: Option<Party>,
}

impl CallLeg {
    /// A leg with the given direction.
    pub fn new(direction: impl Into<String>) -> Self {
        Self {
            direction: Some(direction.into()),
            ..Self::default()
        }
    }
    /// Sets the leg type.
    #[must_use]
    pub fn leg_type(mut self, v: impl Into<String>) -> Self {
        self.leg_type = Some(v.into());
        self
    }
    /// Sets the duration in seconds.
    #[must_use]
    pub fn duration(mut self, seconds: f64) -> Self {
        self.duration = Some(seconds);
        self
    }
    /// Sets the calling party.
    #[must_use]
    pub fn from(mut self, p: Party) -> Self {
        self.from = Some(p);
        self
    }
    /// Sets the called party.
    #[must_use]
    pub fn to(mut self, p: Party) -> Self {
        self.to = Some(p);
        self
    }
}

/// A call duration as App Connect passes it.
///
/// ```
/// use app_connect_sdk::compose::CallDuration;
/// assert_eq!(CallDuration::from(185), CallDuration::Seconds(185.0));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum CallDuration {
    /// A number of seconds, written as "1 hour, 2 minutes, 5 seconds" (negative gives "0 seconds").
    Seconds(f64),
    /// A text that is not a number, written as it is (core's behaviour for such values).
    Text(String),
}

impl From<f64> for CallDuration {
    fn from(v: f64) -> Self {
        Self::Seconds(v)
    }
}

impl From<i64> for CallDuration {
    fn from(v: i64) -> Self {
        Self::Seconds(v as f64)
    }
}

impl From<i32> for CallDuration {
    fn from(v: i32) -> Self {
        Self::Seconds(f64::from(v))
    }
}

impl From<u32> for CallDuration {
    fn from(v: u32) -> Self {
        Self::Seconds(f64::from(v))
    }
}

/// Everything the composer may write, one field per section (core's `composeCallLog` params).
///
/// Every field is optional: `None` (or an empty string) means "not provided", and the body's
/// existing section, if any, is left as it is. Sections are written in App Connect's fixed order:
/// note, session id, RingCentral user name, RingCentral number, subject, contact number,
/// date/time, duration, result, recording link, voicemail link, AI note, transcript, the five
/// ACE (RingSense) fields, call journey.
///
/// ```
/// use app_connect_sdk::compose::{ComposeInput, Party};
///
/// let input = ComposeInput::new()
///     .note("Customer wants a callback.")
///     .subject("Call with Bob")
///     .duration(185)
///     .result("Call connected")
///     .direction("Inbound")
///     .to(Party::new().phone_number("+16505550100").name("Alice Agent"));
/// assert_eq!(input.subject.as_deref(), Some("Call with Bob"));
/// ```
#[derive(Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ComposeInput {
    /// The agent note (`note`), written at the top of the body.
    pub note: Option<String>,
    /// The RingCentral telephony session id (`callLog.sessionId`).
    pub session_id: Option<String>,
    /// The call direction (`callLog.direction`): `"Inbound"` makes `to` the agent, anything
    /// else makes `from` the agent.
    pub direction: Option<String>,
    /// The calling party (`callLog.from`).
    pub from: Option<Party>,
    /// The called party (`callLog.to`).
    pub to: Option<Party>,
    /// The subject (`subject`, core's `callLog.customSubject`), labelled "Summary".
    pub subject: Option<String>,
    /// The other party's phone number (`contactInfo.phoneNumber`).
    pub contact_phone_number: Option<String>,
    /// When the call started (`startTime`, else `callLog.startTime`); see
    /// [`parse_start_time`](crate::compose::parse_start_time).
    pub start_time: Option<DateTime<Utc>>,
    /// The call duration (`duration`).
    pub duration: Option<CallDuration>,
    /// The call result (`result`), e.g. "Call connected".
    pub result: Option<String>,
    /// The call recording link (`recordingLink`); in HTML a non-`http` value shows "(pending...)".
    pub recording_link: Option<String>,
    /// The voicemail link (`voicemailLink`); same rules as the recording link.
    pub voicemail_link: Option<String>,
    /// The AI note (`aiNote`); trailing newlines are trimmed.
    pub ai_note: Option<String>,
    /// The transcript (`transcript`).
    pub transcript: Option<String>,
    /// The ACE (RingSense) transcript (`ringSenseTranscript`); trailing newlines are trimmed.
    pub ring_sense_transcript: Option<String>,
    /// The ACE summary (`ringSenseSummary`).
    pub ring_sense_summary: Option<String>,
    /// The ACE call score (`ringSenseAIScore`), as text (a number 0 is "not provided").
    pub ring_sense_ai_score: Option<String>,
    /// The ACE bulleted summary (`ringSenseBulletedSummary`).
    pub ring_sense_bulleted_summary: Option<String>,
    /// The ACE recording link (`ringSenseLink`).
    pub ring_sense_link: Option<String>,
    /// The call journey (`callLog.legs`); empty means "not provided".
    pub legs: Vec<CallLeg>,
}

macro_rules! setters {
    ($($(#[$m:meta])* $name:ident),* $(,)?) => {
        $(
            $(#[$m])*
            #[must_use]
            pub fn $name(mut self, v: impl Into<String>) -> Self {
                self.$name = Some(v.into());
                self
            }
        )*
    };
}

impl ComposeInput {
    /// An input with nothing set.
    pub fn new() -> Self {
        Self::default()
    }

    setters!(
        /// Sets the agent note.
        note,
        /// Sets the session id.
        session_id,
        /// Sets the call direction.
        direction,
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
        /// Sets the ACE call score.
        ring_sense_ai_score,
        /// Sets the ACE bulleted summary.
        ring_sense_bulleted_summary,
        /// Sets the ACE recording link.
        ring_sense_link,
    );

    /// Sets the calling party.
    #[must_use]
    pub fn from(mut self, p: Party) -> Self {
        self.from = Some(p);
        self
    }
    /// Sets the called party.
    #[must_use]
    pub fn to(mut self, p: Party) -> Self {
        self.to = Some(p);
        self
    }
    /// Sets the start time.
    #[must_use]
    pub fn start_time(mut self, t: DateTime<Utc>) -> Self {
        self.start_time = Some(t);
        self
    }
    /// Sets the duration (seconds, or a [`CallDuration`]).
    #[must_use]
    pub fn duration(mut self, d: impl Into<CallDuration>) -> Self {
        self.duration = Some(d.into());
        self
    }
    /// Sets the call journey.
    #[must_use]
    pub fn legs(mut self, legs: Vec<CallLeg>) -> Self {
        self.legs = legs;
        self
    }
}

/// A link for Debug output: anything after `?` or `#` (where tokens travel) is hidden.
fn redacted(link: &Option<String>) -> Option<String> {
    link.as_deref().map(|l| match l.find(['?', '#']) {
        Some(i) => format!("{}?<redacted>", &l[..i]),
        None => l.to_owned(),
    })
}

impl std::fmt::Debug for ComposeInput {
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
            .field("recording_link", &redacted(&self.recording_link))
            .field("voicemail_link", &redacted(&self.voicemail_link))
            .field("ai_note", &self.ai_note)
            .field("transcript", &self.transcript)
            .field("ring_sense_transcript", &self.ring_sense_transcript)
            .field("ring_sense_summary", &self.ring_sense_summary)
            .field("ring_sense_ai_score", &self.ring_sense_ai_score)
            .field(
                "ring_sense_bulleted_summary",
                &self.ring_sense_bulleted_summary,
            )
            .field("ring_sense_link", &redacted(&self.ring_sense_link))
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
