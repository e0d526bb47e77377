//! [`SharedStr`]: an immutable string shared by reference count.
//!
//! Grammar-derived text repeated in every record (field keys, check ids,
//! descriptions and scopes) is made once and shared, so building a record
//! copies no text. It compares, prints, serializes and dereferences as the
//! `str` it holds.
//!
//! Whether the text holds a character a JSON string escapes is found once,
//! when it is made: records write a plain one between quotes as it is.
//!
//! The text of a grammar that lives as long as the process (the bundled
//! grammars) is made static once, when they are loaded: its copies are
//! then plain copies of a pointer, with no reference count to keep (an
//! atomic operation per copy and per drop, hundreds a report).

use std::borrow::Borrow;
use std::collections::HashMap;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// An immutable, cheaply cloned string (`Arc<str>`, or a `&'static str`),
/// used like a `&str`.
#[derive(Clone)]
pub struct SharedStr {
    text: Text,
}

/// Where a [`SharedStr`]'s text is, and whether it holds nothing a JSON
/// string escapes (the flag sits beside the variant's tag: 24 bytes in all,
/// so that a pair of a key and a value is laid out without odd offsets).
#[derive(Clone)]
enum Text {
    Shared(Arc<str>, bool),
    Static(&'static str, bool),
}

impl SharedStr {
    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.text {
            Text::Shared(a, _) => a,
            Text::Static(s, _) => s,
        }
    }

    /// A shared string of a static text (copied without a reference count).
    pub fn from_static(text: &'static str) -> SharedStr {
        SharedStr {
            text: Text::Static(text, crate::json::plain(text.as_bytes())),
        }
    }

    /// Makes the text static, for a string that lives as long as the
    /// process: the text is copied once into memory never freed, and
    /// `made` (by the address of the shared text) gives every copy of one
    /// string the same static text.
    pub(crate) fn make_static(&mut self, made: &mut HashMap<usize, &'static str>) {
        if let Text::Shared(a, plain) = &self.text {
            let plain = *plain;
            let s = *made
                .entry(a.as_ptr() as usize)
                .or_insert_with(|| Box::leak(Box::<str>::from(&**a)));
            self.text = Text::Static(s, plain);
        }
    }

    /// Whether the text is static ([`SharedStr::make_static`]).
    #[cfg(test)]
    pub(crate) fn is_static(&self) -> bool {
        matches!(self.text, Text::Static(..))
    }

    /// Whether the text holds nothing a JSON string escapes (no quote,
    /// backslash or control character): it is written between quotes as it
    /// is.
    #[inline]
    pub(crate) fn json_plain(&self) -> bool {
        match self.text {
            Text::Shared(_, plain) | Text::Static(_, plain) => plain,
        }
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
        // most comparisons are of a grammar's key with a copy of itself:
        // told by the variants' pointers, before any text is compared
        let same = match (&self.text, &other.text) {
            (Text::Static(a, _), Text::Static(b, _)) => std::ptr::eq(*a, *b),
            (Text::Shared(a, _), Text::Shared(b, _)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        same || self.as_str() == other.as_str()
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
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for SharedStr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl std::ops::Deref for SharedStr {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        self.as_str()
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
        SharedStr {
            text: Text::Shared(text, json_plain),
        }
    }
}

impl From<&Arc<str>> for SharedStr {
    fn from(s: &Arc<str>) -> SharedStr {
        SharedStr::from(Arc::clone(s))
    }
}

impl From<SharedStr> for Arc<str> {
    fn from(s: SharedStr) -> Arc<str> {
        match s.text {
            Text::Shared(a, _) => a,
            Text::Static(t, _) => Arc::from(t),
        }
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == other.as_str()
    }
}

impl std::fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.as_str(), f)
    }
}

impl Serialize for SharedStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
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
        assert!(std::ptr::eq(s.as_str(), t.as_str()));
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
    fn static_texts_behave_as_shared_ones() {
        let shared = SharedStr::from("（一）予以公开 \"a\"");
        let mut a = shared.clone();
        let mut b = shared.clone();
        let mut made = HashMap::new();
        a.make_static(&mut made);
        b.make_static(&mut made);
        assert!(a.is_static() && b.is_static() && !shared.is_static());
        // copies of one string get one static text
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        assert_eq!(made.len(), 1);
        assert_eq!(a, shared);
        assert_eq!(a.json_plain(), shared.json_plain());
        assert!(!a.json_plain());
        assert_eq!(
            Arc::<str>::from(a.clone()),
            Arc::<str>::from(shared.clone())
        );
        let c = SharedStr::from_static("applications.balance");
        assert!(c.is_static() && c.json_plain());
        assert_eq!(c, SharedStr::from("applications.balance"));
        // static texts of other places compare by text
        let d = SharedStr::from_static(Box::leak(Box::<str>::from("applications.balance")));
        assert_eq!(c, d);
        assert_ne!(c, SharedStr::from_static("applications.total"));
        assert_ne!(SharedStr::from("a"), SharedStr::from("b"));
        assert_eq!(format!("{c:?}"), "\"applications.balance\"");
    }

    #[test]
    fn is_three_words() {
        assert_eq!(std::mem::size_of::<SharedStr>(), 24);
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
