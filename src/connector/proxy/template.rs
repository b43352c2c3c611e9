//! `{{ path }}` templates and dot paths, read the way App Connect's proxy engine reads them.
//!
//! Values are `Option<Value>`: `None` is JavaScript's `undefined` (a missing key), which is
//! not the same as JSON `null`.

use serde_json::{Map, Value};

/// The value at a dot path (`a.b.0.c`); the whole value for `None`, `""` and `$`.
///
/// Each segment indexes an object by key or an array by position; a segment on anything
/// else, or a missing key, gives `None`.
///
/// ```
/// use app_connect_sdk::connector::proxy::get_by_path;
/// use serde_json::json;
///
/// let v = json!({ "a": { "b": [10, 20] } });
/// assert_eq!(get_by_path(&v, Some("a.b.1")), Some(&json!(20)));
/// assert_eq!(get_by_path(&v, Some("$")), Some(&v));
/// assert_eq!(get_by_path(&v, Some("a.missing.value")), None);
/// ```
#[must_use]
pub fn get_by_path<'v>(value: &'v Value, path: Option<&str>) -> Option<&'v Value> {
    let path = match path {
        None | Some("" | "$") => return Some(value),
        Some(p) => p,
    };
    let mut current = value;
    for segment in path.split('.') {
        current = match current {
            Value::Object(map) => map.get(segment)?,
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

/// A template expression found in a string: its byte range and its (trimmed) path.
struct Expr<'t> {
    start: usize,
    end: usize,
    path: &'t str,
}

/// The next `{{ expr }}` at or after `from`: `{{`, then anything but `}`, then `}}`.
fn next_expr(template: &str, mut from: usize) -> Option<Expr<'_>> {
    let bytes = template.as_bytes();
    while let Some(offset) = template.get(from..)?.find("{{") {
        let open = from + offset;
        let inner_start = open + 2;
        if let Some(close) = template[inner_start..].find('}').map(|i| inner_start + i)
            && close > inner_start
            && bytes.get(close + 1) == Some(&b'}')
        {
            let raw = &template[inner_start..close];
            let trimmed = raw.trim();
            return Some(Expr {
                start: open,
                end: close + 2,
                path: if trimmed.is_empty() { raw } else { trimmed },
            });
        }
        from = open + 1;
    }
    None
}

/// A value as JavaScript's `String(value)` writes it (`null` and `undefined` give `""`).
#[must_use]
pub(crate) fn js_string(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => js_number(n),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| js_string(Some(v)))
            .collect::<Vec<_>>()
            .join(","),
        Some(Value::Object(_)) => "[object Object]".to_owned(),
    }
}

fn js_number(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e21 => format!("{f:.0}"),
        _ => n.to_string(),
    }
}

/// JavaScript truthiness: `undefined`, `null`, `false`, `0` and `""` are false.
#[must_use]
pub(crate) fn truthy(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    }
}

/// Renders one template string against `context`.
///
/// A string that is exactly one `{{ path }}` gives the value itself, with its JSON type (or
/// `None` when the path is missing); otherwise each expression is replaced by the value's text
/// (`""` for missing and `null` values).
///
/// ```
/// use app_connect_sdk::connector::proxy::render_str;
/// use serde_json::json;
///
/// let cx = json!({ "a": { "b": 123 }, "name": "Alice" });
/// assert_eq!(render_str("{{a.b}}", &cx), Some(json!(123)));
/// assert_eq!(render_str("Hello {{ name }}", &cx), Some(json!("Hello Alice")));
/// assert_eq!(render_str("Missing {{x.y}} here", &cx), Some(json!("Missing  here")));
/// assert_eq!(render_str("{{x.y}}", &cx), None);
/// ```
#[must_use]
pub fn render_str(template: &str, context: &Value) -> Option<Value> {
    let Some(first) = next_expr(template, 0) else {
        return Some(Value::String(template.to_owned()));
    };
    if first.start == 0 && first.end == template.len() {
        return get_by_path(context, Some(first.path)).cloned();
    }
    let mut out = String::with_capacity(template.len());
    let mut expr = Some(first);
    let mut copied = 0;
    while let Some(e) = expr {
        out.push_str(&template[copied..e.start]);
        out.push_str(&js_string(get_by_path(context, Some(e.path))));
        copied = e.end;
        expr = next_expr(template, e.end);
    }
    out.push_str(&template[copied..]);
    Some(Value::String(out))
}

/// Renders every string inside `input` (objects and arrays at any depth); other values are
/// kept. Object members that render to `None` are left out and array items become `null`, as
/// `JSON.stringify` does with `undefined`.
///
/// ```
/// use app_connect_sdk::connector::proxy::render_deep;
/// use serde_json::json;
///
/// let cx = json!({ "id": 42, "name": "Alice", "items": ["x", "y"] });
/// let out = render_deep(&json!({ "url": "/users/{{id}}", "tags": ["a", "{{items.1}}"], "id": "{{id}}", "gone": "{{nope}}" }), &cx);
/// assert_eq!(out, Some(json!({ "url": "/users/42", "tags": ["a", "y"], "id": 42 })));
/// ```
#[must_use]
pub fn render_deep(input: &Value, context: &Value) -> Option<Value> {
    match input {
        Value::String(s) => render_str(s, context),
        Value::Array(items) => Some(Value::Array(
            items
                .iter()
                .map(|v| render_deep(v, context).unwrap_or(Value::Null))
                .collect(),
        )),
        Value::Object(map) => Some(Value::Object(render_map(map, context))),
        other => Some(other.clone()),
    }
}

/// [`render_deep`] of each member of a map, leaving out those that render to `None`.
pub(crate) fn render_map(map: &Map<String, Value>, context: &Value) -> Map<String, Value> {
    map.iter()
        .filter_map(|(k, v)| render_deep(v, context).map(|v| (k.clone(), v)))
        .collect()
}

/// `baseUrl` joined with a path, as App Connect joins them: an absolute `http(s)://` path
/// wins, an empty side gives the other, and exactly one `/` separates the two.
///
/// ```
/// use app_connect_sdk::connector::proxy::join_url;
///
/// assert_eq!(join_url("https://api.example.com/", "/v1/items"), "https://api.example.com/v1/items");
/// assert_eq!(join_url("https://api.example.com", "https://full.example.com/x"), "https://full.example.com/x");
/// assert_eq!(join_url("", "https://full.example.com/x"), "https://full.example.com/x");
/// assert_eq!(join_url("https://api.example.com", ""), "https://api.example.com");
/// ```
#[must_use]
pub fn join_url(base: &str, path: &str) -> String {
    if base.is_empty() {
        return path.to_owned();
    }
    if path.is_empty() {
        return base.to_owned();
    }
    if path.starts_with("http://") || path.starts_with("https://") {
        return path.to_owned();
    }
    let base = base.strip_suffix('/').unwrap_or(base);
    let path = path.strip_prefix('/').unwrap_or(path);
    format!("{base}/{path}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn malformed_expressions_stay_literal() {
        let cx = json!({ "a": 1, "{a": 2 });
        assert_eq!(render_str("{{a}b}}", &cx), Some(json!("{{a}b}}")));
        assert_eq!(render_str("x {{ a }} {{", &cx), Some(json!("x 1 {{")));
        assert_eq!(render_str("{{{a}}", &cx), Some(json!(2)));
        assert_eq!(render_str("{{a}}{{a}}", &cx), Some(json!("11")));
    }

    #[test]
    fn strings_follow_javascript() {
        assert_eq!(js_string(Some(&json!([1, null, "x"]))), "1,,x");
        assert_eq!(js_string(Some(&json!({ "k": 1 }))), "[object Object]");
        assert_eq!(js_string(Some(&json!(2.0))), "2");
        assert_eq!(js_string(Some(&json!(2.5))), "2.5");
        assert!(!truthy(Some(&json!(0))) && truthy(Some(&json!("0"))));
    }
}
