//! `GET /releaseNotes` (issue 12): the notes given to `ServerBuilder::release_notes`.

use http::{Response, StatusCode};

use crate::server::ConnectorServer;
use crate::server::incoming::json_response;

/// `GET /releaseNotes`: `{ "<version>": { "global": [ … ], "<platform>": [ … ] } }`, no
/// session needed; `{}` when the server was given none, as App Connect answers then.
pub(super) fn get(server: &ConnectorServer) -> Response<Vec<u8>> {
    json_response(StatusCode::OK, &server.inner().release_notes)
}
