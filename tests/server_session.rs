//! Session tokens: issue → verify, refusals, rotation, bearer parsing, redaction
//! (server-api §2.1–2.2, acceptance items 1–4).
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use std::time::Duration;

use app_connect_sdk::http::{HeaderMap, HeaderValue, header::AUTHORIZATION};
use app_connect_sdk::server::session::{
    DEFAULT_LIFETIME, SessionClaims, SessionError, SessionKeys, bearer_token,
};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

const SECRET: &str = "test-server-secret-0123456789abcdef";
const OTHER_SECRET: &str = "another-secret-fedcba9876543210xyz";

fn keys() -> SessionKeys {
    SessionKeys::new(SECRET).expect("valid secret")
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Signs arbitrary claims with a secret and algorithm, as a third party (or core) would.
fn sign(claims: &Value, secret: &str, alg: Algorithm) -> String {
    jsonwebtoken::encode(
        &Header::new(alg),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("signing test claims")
}

fn b64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// A token with a hand-written header and claims and the given signature segment.
fn hand_made(header: &Value, claims: &Value, signature: &str) -> String {
    format!(
        "{}.{}.{}",
        b64url(header.to_string().as_bytes()),
        b64url(claims.to_string().as_bytes()),
        signature
    )
}

#[test]
fn issue_verify_round_trip_has_fourteen_day_lifetime() {
    let keys = keys();
    let before = now();
    let token = keys.issue("u1", "testCRM").expect("issue");
    let after = now();
    let claims = keys.verify(token.expose()).expect("verify");
    assert_eq!(claims.id, "u1");
    assert_eq!(claims.platform, "testCRM");
    let iat = claims.iat.expect("iat");
    let exp = claims.exp.expect("exp");
    assert!(
        before <= iat && iat <= after,
        "iat {iat} not in [{before}, {after}]"
    );
    assert_eq!(exp - iat, 1_209_600);
    assert_eq!(DEFAULT_LIFETIME.as_secs(), 1_209_600);

    // HS256 header and exactly the claims core writes.
    let header = jsonwebtoken::decode_header(token.expose()).expect("header");
    assert_eq!(header.alg, Algorithm::HS256);
    let payload: Value = jsonwebtoken::dangerous::insecure_decode_claims(token.expose()).unwrap();
    let keys_of: Vec<&str> = payload
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys_of, ["id", "platform", "iat", "exp"]);
}

#[test]
fn custom_lifetime_is_used() {
    let keys = keys().with_lifetime(Duration::from_secs(3600));
    let claims = keys
        .verify(keys.issue("u1", "p").unwrap().expose())
        .unwrap();
    assert_eq!(claims.exp.unwrap() - claims.iat.unwrap(), 3600);
}

#[test]
fn issuing_with_an_empty_id_is_refused() {
    assert_eq!(keys().issue("", "p"), Err(SessionError::MissingClaim("id")));
}

#[test]
fn token_signed_by_core_style_third_party_verifies() {
    // A token as core's jsonwebtoken.sign writes it, with a numeric id.
    let iat = now();
    let token = sign(
        &json!({"id": 12345, "platform": "pipedrive", "iat": iat, "exp": iat + 100}),
        SECRET,
        Algorithm::HS256,
    );
    let claims = keys().verify(&token).expect("verify");
    assert_eq!(claims.id, "12345");
    assert_eq!(claims.platform, "pipedrive");
    assert_eq!(claims.exp, Some(iat + 100));
}

#[test]
fn flipped_signature_character_is_refused() {
    let keys = keys();
    let token = keys.issue("u1", "testCRM").unwrap().into_inner();
    let sig_start = token.rfind('.').unwrap() + 1;
    // Flip a character in the middle of the signature (the last one only carries padding bits).
    let pos = sig_start + 10;
    let mut bytes = token.into_bytes();
    bytes[pos] = if bytes[pos] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(bytes).unwrap();
    assert_eq!(keys.verify(&forged), Err(SessionError::BadSignature));
}

#[test]
fn token_of_another_secret_is_refused() {
    let other = SessionKeys::new(OTHER_SECRET).unwrap();
    let token = other.issue("u1", "testCRM").unwrap();
    assert_eq!(
        keys().verify(token.expose()),
        Err(SessionError::BadSignature)
    );

    let iat = now();
    let foreign = sign(
        &json!({"id": "u1", "platform": "testCRM", "iat": iat, "exp": iat + 600}),
        OTHER_SECRET,
        Algorithm::HS256,
    );
    assert_eq!(keys().verify(&foreign), Err(SessionError::BadSignature));
}

#[test]
fn tampered_claims_are_refused() {
    let keys = keys();
    let token = keys.issue("u1", "testCRM").unwrap().into_inner();
    let parts: Vec<&str> = token.split('.').collect();
    let evil = b64url(
        json!({"id": "admin", "platform": "testCRM", "iat": now(), "exp": now() + 600})
            .to_string()
            .as_bytes(),
    );
    let tampered = format!("{}.{}.{}", parts[0], evil, parts[2]);
    assert_eq!(keys.verify(&tampered), Err(SessionError::BadSignature));
}

#[test]
fn alg_none_is_refused() {
    let claims = json!({"id": "u1", "platform": "testCRM", "iat": now(), "exp": now() + 600});
    let none = hand_made(&json!({"alg": "none", "typ": "JWT"}), &claims, "");
    assert_eq!(keys().verify(&none), Err(SessionError::WrongAlgorithm));
    let none_upper = hand_made(&json!({"alg": "None", "typ": "JWT"}), &claims, "");
    assert_eq!(
        keys().verify(&none_upper),
        Err(SessionError::WrongAlgorithm)
    );
}

#[test]
fn public_key_algorithms_are_refused() {
    let claims = json!({"id": "u1", "platform": "testCRM", "exp": now() + 600});
    for alg in ["RS256", "PS256", "ES256", "EdDSA"] {
        let token = hand_made(&json!({"alg": alg, "typ": "JWT"}), &claims, "c2lnbmF0dXJl");
        assert_eq!(
            keys().verify(&token),
            Err(SessionError::WrongAlgorithm),
            "{alg}"
        );
    }
}

#[test]
fn other_hmac_algorithms_with_the_same_secret_are_accepted() {
    // Decision (documented): like core, HS384/HS512 verify for the same secret.
    for alg in [Algorithm::HS384, Algorithm::HS512] {
        let token = sign(
            &json!({"id": "u1", "platform": "testCRM", "exp": now() + 600}),
            SECRET,
            alg,
        );
        assert_eq!(keys().verify(&token).map(|c| c.id), Ok("u1".to_owned()));
        let forged = sign(
            &json!({"id": "u1", "platform": "testCRM", "exp": now() + 600}),
            OTHER_SECRET,
            alg,
        );
        assert_eq!(keys().verify(&forged), Err(SessionError::BadSignature));
    }
}

#[test]
fn expired_token_is_refused() {
    let token = sign(
        &json!({"id": "u1", "platform": "testCRM", "iat": now() - 120, "exp": now() - 60}),
        SECRET,
        Algorithm::HS256,
    );
    assert_eq!(keys().verify(&token), Err(SessionError::Expired));
}

#[test]
fn not_yet_valid_token_is_refused() {
    let token = sign(
        &json!({"id": "u1", "platform": "testCRM", "nbf": now() + 3600, "exp": now() + 7200}),
        SECRET,
        Algorithm::HS256,
    );
    assert_eq!(keys().verify(&token), Err(SessionError::NotYetValid));
    let ok = sign(
        &json!({"id": "u1", "platform": "testCRM", "nbf": now() - 10, "exp": now() + 7200}),
        SECRET,
        Algorithm::HS256,
    );
    assert!(keys().verify(&ok).is_ok());
}

#[test]
fn bad_exp_type_is_refused() {
    let token = sign(
        &json!({"id": "u1", "platform": "testCRM", "exp": "tomorrow"}),
        SECRET,
        Algorithm::HS256,
    );
    assert_eq!(
        keys().verify(&token),
        Err(SessionError::InvalidClaim("exp"))
    );
}

#[test]
fn missing_or_empty_id_is_refused() {
    for claims in [
        json!({"platform": "testCRM", "exp": now() + 600}),
        json!({"id": "", "platform": "testCRM", "exp": now() + 600}),
        json!({"id": null, "platform": "testCRM", "exp": now() + 600}),
        json!({"id": ["u1"], "platform": "testCRM", "exp": now() + 600}),
    ] {
        let token = sign(&claims, SECRET, Algorithm::HS256);
        assert_eq!(
            keys().verify(&token),
            Err(SessionError::MissingClaim("id")),
            "{claims}"
        );
    }
}

#[test]
fn missing_platform_verifies_but_require_platform_refuses() {
    let token = sign(
        &json!({"id": "u1", "exp": now() + 600}),
        SECRET,
        Algorithm::HS256,
    );
    let claims = keys().verify(&token).expect("verify");
    assert_eq!(claims.platform, "");
    assert_eq!(
        claims.require_platform(),
        Err(SessionError::MissingClaim("platform"))
    );

    let numeric = sign(
        &json!({"id": "u1", "platform": 7, "exp": now() + 600}),
        SECRET,
        Algorithm::HS256,
    );
    assert_eq!(
        keys().verify(&numeric),
        Err(SessionError::InvalidClaim("platform"))
    );
}

#[test]
fn malformed_strings_are_refused() {
    let keys = keys();
    let valid = keys.issue("u1", "testCRM").unwrap().into_inner();
    let parts: Vec<&str> = valid.split('.').collect();
    let cases = [
        String::new(),
        "   ".to_owned(),
        "garbage".to_owned(),
        "%%%.$$$.###".to_owned(),
        parts[0].to_owned(),                                         // 1 segment
        format!("{}.{}", parts[0], parts[1]),                        // 2 segments
        format!("{}.{}.{}.{}", parts[0], parts[1], parts[2], "xyz"), // 4 segments
        format!("Bearer {valid}"),
        "Bearer x.y.z".to_owned(),
        format!(" {valid}"),
        format!("{valid}\n"),
        format!(".{}.{}", parts[1], parts[2]),
        "a".repeat(10_000),
        format!("{}.{}.{}", b64url(b"not json"), parts[1], parts[2]),
    ];
    for case in &cases {
        assert_eq!(
            keys.verify(case),
            Err(SessionError::Malformed),
            "{:?}",
            &case[..case.len().min(60)]
        );
    }
}

#[test]
fn non_object_payload_is_refused() {
    // Signed correctly but the payload is a JSON string, not an object.
    let token = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &"just a string",
        &EncodingKey::from_secret(SECRET.as_bytes()),
    )
    .unwrap();
    assert_eq!(keys().verify(&token), Err(SessionError::Malformed));
}

#[test]
fn near_expiry_token_is_rotated_with_a_fresh_lifetime() {
    let keys = keys();
    let token = sign(
        &json!({"id": "u1", "platform": "testCRM", "iat": now() - 1_209_540, "exp": now() + 60}),
        SECRET,
        Algorithm::HS256,
    );
    let claims = keys.verify(&token).expect("still valid");
    let fresh = keys.rotate_if_due(&claims).expect("due for rotation");
    assert_ne!(fresh.expose(), token);
    let renewed = keys.verify(fresh.expose()).expect("fresh token verifies");
    assert_eq!(renewed.id, "u1");
    assert_eq!(renewed.platform, "testCRM");
    let left = renewed.exp.unwrap() - now();
    assert!(
        (1_209_600 - 5..=1_209_600).contains(&left),
        "fresh exp in {left} s"
    );
    // The fresh token itself is not due.
    assert!(keys.rotate_if_due(&renewed).is_none());
}

#[test]
fn rotation_boundary_is_inclusive() {
    let keys = keys();
    let mut claims = SessionClaims::new("u1", "testCRM");
    claims.exp = Some(now() + 7 * 86_400);
    assert!(keys.rotate_if_due(&claims).is_some(), "exactly 7 days left");
    claims.exp = Some(now() + 7 * 86_400 + 120);
    assert!(
        keys.rotate_if_due(&claims).is_none(),
        "more than 7 days left"
    );
    claims.exp = Some(now() - 10);
    assert!(keys.rotate_if_due(&claims).is_some(), "already past");
}

#[test]
fn far_expiry_or_no_exp_is_not_rotated() {
    let keys = keys();
    let far = sign(
        &json!({"id": "u1", "platform": "testCRM", "exp": now() + 120 * 365 * 86_400}),
        SECRET,
        Algorithm::HS256,
    );
    let claims = keys.verify(&far).unwrap();
    assert!(keys.rotate_if_due(&claims).is_none());

    let legacy = sign(
        &json!({"id": "u1", "platform": "testCRM", "iat": now() - 400 * 86_400}),
        SECRET,
        Algorithm::HS256,
    );
    let claims = keys
        .verify(&legacy)
        .expect("legacy token without exp is accepted");
    assert_eq!(claims.exp, None);
    assert!(keys.rotate_if_due(&claims).is_none());
}

#[test]
fn custom_refresh_window_is_used() {
    let keys = keys().with_refresh_window(Duration::from_secs(30));
    let mut claims = SessionClaims::new("u1", "testCRM");
    claims.exp = Some(now() + 60);
    assert!(keys.rotate_if_due(&claims).is_none());
    claims.exp = Some(now() + 20);
    assert!(keys.rotate_if_due(&claims).is_some());
}

#[test]
fn weak_and_missing_secrets_are_refused() {
    assert_eq!(SessionKeys::new("").unwrap_err(), SessionError::WeakSecret);
    assert_eq!(
        SessionKeys::new("fifteen-bytes!!").unwrap_err(),
        SessionError::WeakSecret
    );
    assert!(SessionKeys::new("sixteen-bytes!!!").is_ok());
    assert!(SessionKeys::new_allowing_short("x").is_ok());
    assert_eq!(
        SessionKeys::new_allowing_short("").unwrap_err(),
        SessionError::WeakSecret
    );

    let err = SessionKeys::from_env("APP_CONNECT_SDK_TEST_SURELY_UNSET_VAR").unwrap_err();
    assert_eq!(
        err,
        SessionError::MissingSecret {
            var: "APP_CONNECT_SDK_TEST_SURELY_UNSET_VAR".into()
        }
    );
    assert!(
        err.to_string()
            .contains("APP_CONNECT_SDK_TEST_SURELY_UNSET_VAR")
    );
}

#[test]
fn from_env_error_never_shows_the_value() {
    // Cargo sets CARGO_PKG_NAME ("app-connect-sdk", 15 bytes) for test runs: too short.
    let Ok(value) = std::env::var("CARGO_PKG_NAME") else {
        println!("skipped: CARGO_PKG_NAME not set (not run by cargo)");
        return;
    };
    let result = SessionKeys::from_env("CARGO_PKG_NAME");
    if value.len() < 16 {
        let err = result.unwrap_err();
        assert_eq!(err, SessionError::WeakSecret);
        assert!(!err.to_string().contains(&value));
        assert!(!format!("{err:?}").contains(&value));
    } else {
        assert!(!format!("{:?}", result.unwrap()).contains(&value));
    }
}

#[test]
fn debug_output_never_contains_the_secret_or_token() {
    let keys = keys().with_lifetime(Duration::from_secs(100));
    let debug = format!("{keys:?}");
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(debug.contains("[redacted]"), "{debug}");
    assert!(debug.contains("100s"), "{debug}");

    let token = keys.issue("u1", "testCRM").unwrap();
    assert!(!format!("{token:?}").contains(token.expose()));

    let other = SessionKeys::new(OTHER_SECRET).unwrap();
    let errors = [
        keys.verify(other.issue("u1", "p").unwrap().expose())
            .unwrap_err(),
        keys.verify(&format!("Bearer {}", token.expose()))
            .unwrap_err(),
        SessionKeys::new("short-secret").unwrap_err(),
    ];
    for err in errors {
        for text in [format!("{err:?}"), err.to_string()] {
            assert!(
                !text.contains(SECRET) && !text.contains(OTHER_SECRET),
                "{text}"
            );
            assert!(!text.contains("short-secret"), "{text}");
            assert!(!text.contains(token.expose()), "{text}");
        }
    }
}

#[test]
fn bearer_token_parses_the_authorization_header() {
    let mut headers = HeaderMap::new();
    assert_eq!(bearer_token(&headers), None);
    for (value, expected) in [
        ("Bearer a.b.c", Some("a.b.c")),
        ("bearer a.b.c", Some("a.b.c")),
        ("BEARER a.b.c", Some("a.b.c")),
        ("Bearer   a.b.c  ", Some("a.b.c")),
        ("Bearer", None),
        ("Bearer    ", None),
        ("Basic dXNlcjpwYXNz", None),
        ("Bearera.b.c", None),
        ("a.b.c", None),
    ] {
        headers.insert(AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        assert_eq!(bearer_token(&headers), expected, "{value:?}");
    }
    headers.insert(
        AUTHORIZATION,
        HeaderValue::from_bytes(b"Bearer \xff\xfe").unwrap(),
    );
    assert_eq!(bearer_token(&headers), None);
}

#[test]
fn bearer_token_then_verify() {
    let keys = keys();
    let token = keys.issue("u1", "testCRM").unwrap();
    let mut headers = HeaderMap::new();
    headers.insert(
        AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {}", token.expose())).unwrap(),
    );
    let claims = keys.verify(bearer_token(&headers).unwrap()).unwrap();
    assert_eq!(
        (claims.id.as_str(), claims.platform.as_str()),
        ("u1", "testCRM")
    );
}
