//! HTML escaping for text/html bodies (core escapes nothing; we escape every value).

/// Escapes `&`, `<` and `>` (text content) into `out`.
pub(crate) fn push_html_text(out: &mut String, s: &str) {
    html_escape::encode_text_to_string(s, out);
}

/// Escapes text and turns each `\r\n`, lone `\r` and lone `\n` into one `<br>`.
pub(crate) fn push_html_multiline(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find(['\r', '\n']) {
        push_html_text(out, &rest[..i]);
        out.push_str("<br>");
        let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[i + skip..];
    }
    push_html_text(out, rest);
}

/// Escapes a value for a double-quoted attribute (`&`, `<`, `>`, `"`).
pub(crate) fn push_html_attribute(out: &mut String, s: &str) {
    html_escape::encode_double_quoted_attribute_to_string(s, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let mut s = String::new();
        push_html_multiline(&mut s, "a<b>\r\nc&d\re\nf");
        assert_eq!(s, "a&lt;b&gt;<br>c&amp;d<br>e<br>f");
        let mut a = String::new();
        push_html_attribute(&mut a, "x\"><script>");
        assert_eq!(a, "x&quot;&gt;&lt;script&gt;");
    }
}
