//! HTML escaping for text/html bodies (core escapes nothing; we escape every value).

/// Escapes `&`, `<` and `>` (text content) into `out` with html-escape: the reference the
/// streaming escaper below is tested against.
#[cfg(test)]
pub(crate) fn push_html_text(out: &mut String, s: &str) {
    html_escape::encode_text_to_string(s, out);
}

/// Escapes text and turns each `\r\n`, lone `\r` and lone `\n` into one `<br>`.
#[cfg(test)]
pub(crate) fn push_html_multiline(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = memchr::memchr2(b'\r', b'\n', rest.as_bytes()) {
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

/// Finds, in order, the bytes that escaping changes (`&`, `<`, `>`, and in multi-line text
/// `\r`/`\n`). Each kind's next position is cached, so a scan is linear even when one kind
/// is absent (a plain memchr3/memchr2 pair per step would rescan the tail every time).
struct Specials<'b> {
    b: &'b [u8],
    multiline: bool,
    /// Next `&`/`<`/`>` at or after the cursor it was searched from (`usize::MAX` = none).
    next_amp: Option<usize>,
    /// Next `\r`/`\n` likewise.
    next_nl: Option<usize>,
}

impl<'b> Specials<'b> {
    fn new(b: &'b [u8], multiline: bool) -> Self {
        Self {
            b,
            multiline,
            next_amp: None,
            next_nl: None,
        }
    }

    /// The next special byte at or after `from`.
    fn next(&mut self, from: usize) -> Option<usize> {
        let b = self.b;
        let amp = match self.next_amp {
            Some(p) if p >= from => p,
            _ => {
                let p = b
                    .get(from..)
                    .and_then(|t| memchr::memchr3(b'&', b'<', b'>', t))
                    .map_or(usize::MAX, |x| from + x);
                self.next_amp = Some(p);
                p
            }
        };
        let nl = if self.multiline {
            match self.next_nl {
                Some(p) if p >= from => p,
                _ => {
                    let p = b
                        .get(from..)
                        .and_then(|t| memchr::memchr2(b'\r', b'\n', t))
                        .map_or(usize::MAX, |x| from + x);
                    self.next_nl = Some(p);
                    p
                }
            }
        } else {
            usize::MAX
        };
        let p = amp.min(nl);
        (p != usize::MAX).then_some(p)
    }
}

/// What the special byte at `i` becomes, and how many input bytes it stands for.
fn replacement(b: &[u8], i: usize) -> (&'static str, usize) {
    match b[i] {
        b'&' => ("&amp;", 1),
        b'<' => ("&lt;", 1),
        b'>' => ("&gt;", 1),
        b'\r' if b.get(i + 1) == Some(&b'\n') => ("<br>", 2),
        _ => ("<br>", 1),
    }
}

/// The length of `s` once escaped.
pub(crate) fn escaped_len(s: &str, multiline: bool) -> usize {
    let b = s.as_bytes();
    let mut len = b.len();
    let mut i = 0;
    let mut specials = Specials::new(b, multiline);
    while let Some(p) = specials.next(i) {
        let (r, n) = replacement(b, p);
        len = len + r.len() - n;
        i = p + n;
    }
    len
}

/// Writes `s` escaped (a streaming twin of [`push_html_text`] / [`push_html_multiline`]).
pub(crate) fn push_escaped(out: &mut String, s: &str, multiline: bool) {
    let b = s.as_bytes();
    let mut i = 0;
    let mut specials = Specials::new(b, multiline);
    while let Some(p) = specials.next(i) {
        out.push_str(&s[i..p]);
        let (r, n) = replacement(b, p);
        out.push_str(r);
        i = p + n;
    }
    out.push_str(&s[i..]);
}

/// If `body[at..]` starts with `s` escaped, where that ends (no escaped copy is built).
pub(crate) fn escaped_matches(body: &[u8], at: usize, s: &str, multiline: bool) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut k = at;
    let mut specials = Specials::new(b, multiline);
    loop {
        let p = specials.next(i).unwrap_or(b.len());
        let run = &b[i..p];
        if !body.get(k..)?.starts_with(run) {
            return None;
        }
        k += run.len();
        if p == b.len() {
            return Some(k);
        }
        let (r, n) = replacement(b, p);
        if !body.get(k..)?.starts_with(r.as_bytes()) {
            return None;
        }
        k += r.len();
        i = p + n;
    }
}

#[cfg(test)]
mod streaming_tests {
    use super::*;

    #[test]
    fn streaming_matches_the_escapers() {
        for s in ["", "plain", "a<b>&c\r\nd\re\nf", "\n\n", "é&😀<"] {
            for multiline in [false, true] {
                let mut want = String::new();
                if multiline {
                    push_html_multiline(&mut want, s);
                } else {
                    push_html_text(&mut want, s);
                }
                let mut got = String::new();
                push_escaped(&mut got, s, multiline);
                assert_eq!(got, want);
                assert_eq!(escaped_len(s, multiline), want.len());
                let body = format!("x{want}y");
                assert_eq!(
                    escaped_matches(body.as_bytes(), 1, s, multiline),
                    Some(1 + want.len())
                );
                assert_eq!(
                    escaped_matches(b"x", 1, s, multiline).is_some(),
                    want.is_empty()
                );
            }
        }
    }
}
