//! What the kit reads back from the CRM.

use async_trait::async_trait;

/// One activity (a logged call, an SMS conversation log) as the CRM holds it.
///
/// ```
/// use app_connect_sdk::testing::Activity;
/// let activity = Activity::new(7, "Call with Ada");
/// assert_eq!((activity.id.as_str(), activity.body.as_str()), ("7", "Call with Ada"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Activity {
    /// The CRM id, as text (the `logId` App Connect is given).
    pub id: String,
    /// The body (the description or note the connector writes).
    pub body: String,
}

impl Activity {
    /// An activity with its CRM id and body.
    pub fn new(id: impl ToString, body: impl Into<String>) -> Self {
        Activity {
            id: id.to_string(),
            body: body.into(),
        }
    }
}

/// Read access to the CRM behind a connector, which the kit uses to count activities and to
/// make a CRM user's edit. Implement it over your CRM fake (or a sandbox account).
///
/// ```
/// use std::sync::Mutex;
/// use app_connect_sdk::testing::{Activity, CrmActivities};
///
/// struct Fake(Mutex<Vec<Activity>>);
///
/// #[app_connect_sdk::async_trait]
/// impl CrmActivities for Fake {
///     async fn activities(&self) -> Vec<Activity> {
///         self.0.lock().unwrap().clone()
///     }
/// }
/// ```
#[async_trait]
pub trait CrmActivities: Send + Sync {
    /// Every activity the CRM holds that the connector wrote (calls and message logs).
    async fn activities(&self) -> Vec<Activity>;

    /// Replaces the body of activity `id` as a CRM user editing it would; `false` when the CRM
    /// cannot (then the kit updates without a user edit and says so in its report).
    async fn edit_body(&self, id: &str, body: String) -> bool {
        let _ = (id, body);
        false
    }
}
