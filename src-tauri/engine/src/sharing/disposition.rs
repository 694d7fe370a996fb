//! "Download as": the Content-Disposition a download link asks S3 to answer with, so the
//! file saves under a chosen name. Non-ASCII names need RFC 6266's `filename*` (RFC 5987
//! encoding), with a plain ASCII fallback for old clients.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// RFC 5987 `attr-char`s are kept; everything else is percent-encoded.
const VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'%')
    .add(b'\'')
    .add(b'(')
    .add(b')')
    .add(b'*')
    .add(b',')
    .add(b'/')
    .add(b':')
    .add(b';')
    .add(b'<')
    .add(b'=')
    .add(b'>')
    .add(b'?')
    .add(b'@')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'{')
    .add(b'}')
    .add(b'\x7f');

/// `attachment; filename="…"; filename*=UTF-8''…` for `name`.
pub fn attachment(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| if c.is_ascii() && !c.is_ascii_control() && c != '"' && c != '\\' { c } else { '_' })
        .collect();
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{}", utf8_percent_encode(name, VALUE))
}

#[cfg(test)]
mod tests {
    use super::attachment;

    #[test]
    fn names_with_quotes_and_unicode_are_encoded() {
        assert_eq!(attachment("report.pdf"), "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
        assert_eq!(
            attachment("say \"hi\".txt"),
            "attachment; filename=\"say _hi_.txt\"; filename*=UTF-8''say%20%22hi%22.txt"
        );
        assert_eq!(
            attachment("Übersicht 2024 ✓.xlsx"),
            "attachment; filename=\"_bersicht 2024 _.xlsx\"; filename*=UTF-8''%C3%9Cbersicht%202024%20%E2%9C%93.xlsx"
        );
    }
}
