//! The extension identity a call log belongs to, and App Connect's rules for matching rows
//! (`packages/core/lib/callLogLookup.ts`, server-api §3.2).

use crate::models::ExistingCallLog;

/// The identity of the extension a call log belongs to (server-api §3.2).
///
/// * `hashed_extension_id` (H): the current identity, a server-keyed SHA-256 of the RingCentral
///   extension id (`""` when unknown);
/// * `extension_number` (N): the legacy identity (`""` when unknown).
///
/// Rows written before identities existed have both columns empty; server-side call logging
/// (SSCL) writes H with an empty N; the browser extension sends both.
///
/// ```
/// use app_connect_sdk::models::ExistingCallLog;
/// use app_connect_sdk::server::store::CallIdentity;
///
/// let mut sscl = ExistingCallLog::default();
/// sscl.session_id = "s1".into();
/// sscl.hashed_extension_id = "H1".into();
/// // The browser sends the same hashed id with its extension number: same identity.
/// assert!(CallIdentity::new("101", "H1").matches(&sscl));
/// // Only an extension number: the hashed column is ignored, the number must match.
/// assert!(!CallIdentity::new("101", "").matches(&sscl));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct CallIdentity {
    /// Extension number (legacy identity), `""` when unknown.
    pub extension_number: String,
    /// Hashed RingCentral extension id (current identity), `""` when unknown.
    pub hashed_extension_id: String,
}

impl CallIdentity {
    /// An identity from an extension number and a hashed extension id (either may be `""`).
    pub fn new(
        extension_number: impl Into<String>,
        hashed_extension_id: impl Into<String>,
    ) -> Self {
        CallIdentity {
            extension_number: extension_number.into(),
            hashed_extension_id: hashed_extension_id.into(),
        }
    }

    /// Whether a row of the looked-up session belongs to this identity: exactly App Connect's SQL
    /// filter (the `sessionId` condition is the store's job):
    ///
    /// * with a hashed id H: `hashedExtensionId = H`, or a legacy row without hash whose
    ///   `extensionNumber` is this N (only when N is non-empty), or a legacy row with neither;
    /// * with only an extension number N: `extensionNumber = N` (the hashed column is ignored);
    /// * with neither: every row.
    ///
    /// ```
    /// use app_connect_sdk::models::ExistingCallLog;
    /// use app_connect_sdk::server::store::CallIdentity;
    /// let mut row = ExistingCallLog::default();
    /// row.extension_number = "102".into();
    /// assert!(CallIdentity::default().matches(&row));
    /// assert!(CallIdentity::new("102", "").matches(&row));
    /// assert!(!CallIdentity::new("101", "").matches(&row));
    /// assert!(!CallIdentity::new("101", "H").matches(&row));
    /// ```
    pub fn matches(&self, row: &ExistingCallLog) -> bool {
        let n = self.extension_number.as_str();
        let h = self.hashed_extension_id.as_str();
        if !h.is_empty() {
            let legacy = row.hashed_extension_id.is_empty();
            row.hashed_extension_id == h
                || (!n.is_empty() && legacy && row.extension_number == n)
                || (legacy && row.extension_number.is_empty())
        } else if !n.is_empty() {
            row.extension_number == n
        } else {
            true
        }
    }

    /// The row App Connect's `findMatchingCallLog` chooses among the rows of one session (rows
    /// that do not [`match`](CallIdentity::matches) are skipped):
    ///
    /// * with a hashed id H: the row with `hashedExtensionId = H`, else the legacy row (no hash)
    ///   with this extension number, else the legacy row with neither;
    /// * without H: the first matching row in App Connect's order (`hashedExtensionId`, then
    ///   `extensionNumber`, ascending), so an identity-less legacy row wins.
    ///
    /// Ties keep the order of `rows`.
    ///
    /// ```
    /// use app_connect_sdk::models::ExistingCallLog;
    /// use app_connect_sdk::server::store::CallIdentity;
    /// let row = |ext: &str, log: &str| {
    ///     let mut r = ExistingCallLog::default();
    ///     r.session_id = "session-1".into();
    ///     r.extension_number = ext.into();
    ///     r.third_party_log_id = log.into();
    ///     r
    /// };
    /// let rows = [row("102", "log-102"), row("", "log-legacy")];
    /// let pick = |id: &CallIdentity| id.pick(&rows).map(|r| r.third_party_log_id.as_str());
    /// assert_eq!(pick(&CallIdentity::default()), Some("log-legacy"));
    /// assert_eq!(pick(&CallIdentity::new("102", "")), Some("log-102"));
    /// assert_eq!(pick(&CallIdentity::new("103", "")), None);
    /// ```
    pub fn pick<'a>(&self, rows: &'a [ExistingCallLog]) -> Option<&'a ExistingCallLog> {
        let n = self.extension_number.as_str();
        let h = self.hashed_extension_id.as_str();
        let first_where = |pred: &dyn Fn(&ExistingCallLog) -> bool| {
            rows.iter()
                .filter(|r| self.matches(r) && pred(r))
                .min_by(|a, b| {
                    (&a.hashed_extension_id, &a.extension_number)
                        .cmp(&(&b.hashed_extension_id, &b.extension_number))
                })
        };
        if h.is_empty() {
            return first_where(&|_| true);
        }
        first_where(&|r| r.hashed_extension_id == h)
            .or_else(|| {
                if n.is_empty() {
                    None
                } else {
                    first_where(&|r| r.hashed_extension_id.is_empty() && r.extension_number == n)
                }
            })
            .or_else(|| {
                first_where(&|r| r.hashed_extension_id.is_empty() && r.extension_number.is_empty())
            })
    }
}
