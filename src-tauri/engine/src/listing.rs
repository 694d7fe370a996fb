//! Keys as listings carry them. In a listing's XML a key with a control character (BEL, ESC)
//! cannot be written at all: the SDK fails to read the page ("The server refused the request
//! (HTTP 200)") and SeaweedFS puts U+FFFD in its place, a key that does not exist. So every
//! listing asks for `encoding-type=url`, and what it gives back (keys, prefixes, markers) is
//! decoded here, as botocore decodes it: `+` is a space, `%XX` a byte.

use percent_encoding::percent_decode_str;

/// A key, prefix or marker from a listing made with `encoding-type=url`.
pub(crate) fn decoded(encoded: &str) -> String {
    percent_decode_str(&encoded.replace('+', " ")).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_keys_decode_to_the_keys_themselves() {
        assert_eq!(decoded("photos/a+b%2Bc.jpg"), "photos/a b+c.jpg");
        assert_eq!(decoded("bell%07esc%1B"), "bell\u{7}esc\u{1b}");
        assert_eq!(decoded("%C3%BC%2F100%25"), "ü/100%");
    }
}
