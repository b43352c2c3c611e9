//! The failure of a conformance step.

use std::fmt;

use super::Step;

/// A conformance step failed: which one, what was sent, what came back, what was expected.
///
/// Its `Display` is the whole report, so `run().await.unwrap()` in a test prints it. API keys
/// and session tokens are redacted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct ConformanceError {
    /// The step that failed.
    pub step: Step,
    /// The request (`METHOD path` and the JSON body), or the check when no request was sent.
    pub request: String,
    /// The response (`status` and body), or what the CRM held.
    pub response: String,
    /// What the step expected.
    pub expected: String,
}

impl fmt::Display for ConformanceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "conformance step `{}` failed\n  expected: {}\n  request:  {}\n  response: {}",
            self.step, self.expected, self.request, self.response
        )
    }
}
