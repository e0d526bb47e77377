//! [`SharedStr`]: an immutable string shared by reference count.
//!
//! Grammar-derived text repeated in every record (field keys, check ids,
//! descriptions and scopes) is made once and shared, so building a record
//! copies no text. It compares, prints, serializes and dereferences as the
//! `str` it holds.
//!
//! Whether the text holds a character a JSON string escapes is found once,
//! when it is made: records write a plain one between quotes as it is.

use std::borrow::Borrow;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// An immutable, cheaply cloned string (`Arc<str>`), used like a `&str`.
#[derive(Clone)]
pub struct SharedStr {
    text: Arc<str>,
    /// Whether `text` holds nothing a JSON string escapes.
    json_plain: bool,
}

impl SharedStr {
    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the text holds nothing a JSON string escapes (no quote,
    /// backslash or control character): it is written between quotes as it
    /// is.
    #[inline]
    pub(crate) fn json_plain(&self) -> bool {
        self.json_plain
    }
}

impl Default for SharedStr {
    fn default() -> SharedStr {
        SharedStr::from(Arc::from(""))
    }
}

// comparisons and hashes are of the text alone (`json_plain` follows from
// it), as `Borrow<str>` requires

impl PartialEq for SharedStr {
    #[inline]
    fn eq(&self, other: &SharedStr) -> bool {
        // most comparisons are of a grammar's key with a copy of itself
        Arc::ptr_eq(&self.text, &other.text) || self.text == other.text
    }
}

impl Eq for SharedStr {}

impl PartialOrd for SharedStr {
    fn partial_cmp(&self, other: &SharedStr) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SharedStr {
    fn cmp(&self, other: &SharedStr) -> std::cmp::Ordering {
        self.text.cmp(&other.text)
    }
}

impl std::hash::Hash for SharedStr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl std::ops::Deref for SharedStr {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        &self.text
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        &self.text
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> SharedStr {
        SharedStr::from(Arc::from(s))
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> SharedStr {
        SharedStr::from(Arc::from(s))
    }
}

impl From<Arc<str>> for SharedStr {
    fn from(text: Arc<str>) -> SharedStr {
        let json_plain = crate::json::plain(text.as_bytes());
        SharedStr { text, json_plain }
    }
}

impl From<&Arc<str>> for SharedStr {
    fn from(s: &Arc<str>) -> SharedStr {
        SharedStr::from(Arc::clone(s))
    }
}

impl From<SharedStr> for Arc<str> {
    fn from(s: SharedStr) -> Arc<str> {
        s.text
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        *self.text == *other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        *self.text == **other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        *self.text == **other
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == *other.text
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        **self == *other.text
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        **self == *other.text
    }
}

impl std::fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.text, f)
    }
}

impl std::fmt::Display for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&*self.text, f)
    }
}

impl Serialize for SharedStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_as_its_text() {
        let s = SharedStr::from("applications.balance");
        let t = s.clone();
        // equal by pointer or by text
        assert_eq!(s, t);
        assert_eq!(s, SharedStr::from("applications.balance"));
        assert_ne!(s, SharedStr::from("applications.balanc"));
        assert!(Arc::ptr_eq(&s.text, &t.text));
        assert_eq!(s, "applications.balance");
        assert_eq!("applications.balance", s);
        assert_eq!(s, String::from("applications.balance"));
        assert_eq!(s.as_str(), "applications.balance");
        assert!(s.starts_with("applications."));
        assert_eq!(
            format!("{s} {s:?}"),
            "applications.balance \"applications.balance\""
        );
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            "\"applications.balance\""
        );
        let set: std::collections::HashSet<SharedStr> = [s.clone()].into();
        assert!(set.contains("applications.balance"));
        let b = SharedStr::from("b");
        assert_eq!(s.cmp(&b), std::cmp::Ordering::Less);
        assert_eq!(
            SharedStr::default().partial_cmp(&s),
            Some(std::cmp::Ordering::Less)
        );
    }

    #[test]
    fn knows_whether_json_escapes_it() {
        for text in [
            "",
            "a",
            "applications.balance",
            "（一）予以公开",
            "a/b",
            "\u{7f}",
        ] {
            assert!(SharedStr::from(text).json_plain(), "{text:?}");
        }
        for text in ["\"", "a\\b", "tab\there", "\n", "\u{1f}", "\u{0}"] {
            assert!(!SharedStr::from(text).json_plain(), "{text:?}");
            assert!(!SharedStr::from(String::from(text)).json_plain());
            assert!(!SharedStr::from(&Arc::<str>::from(text)).json_plain());
        }
    }
}
