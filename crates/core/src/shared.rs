//! [`SharedStr`]: an immutable string shared by reference count.
//!
//! Grammar-derived text repeated in every record (field keys, check ids,
//! descriptions and scopes) is made once and shared, so building a record
//! copies no text. It compares, prints, serializes and dereferences as the
//! `str` it holds.

use std::borrow::Borrow;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// An immutable, cheaply cloned string (`Arc<str>`), used like a `&str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SharedStr(Arc<str>);

impl SharedStr {
    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for SharedStr {
    fn default() -> SharedStr {
        SharedStr(Arc::from(""))
    }
}

impl std::ops::Deref for SharedStr {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> SharedStr {
        SharedStr(Arc::from(s))
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> SharedStr {
        SharedStr(Arc::from(s))
    }
}

impl From<Arc<str>> for SharedStr {
    fn from(s: Arc<str>) -> SharedStr {
        SharedStr(s)
    }
}

impl From<&Arc<str>> for SharedStr {
    fn from(s: &Arc<str>) -> SharedStr {
        SharedStr(Arc::clone(s))
    }
}

impl From<SharedStr> for Arc<str> {
    fn from(s: SharedStr) -> Arc<str> {
        s.0
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == *other.0
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        **self == *other.0
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        **self == *other.0
    }
}

impl std::fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&*self.0, f)
    }
}

impl Serialize for SharedStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_as_its_text() {
        let s = SharedStr::from("applications.balance");
        let t = s.clone();
        assert!(Arc::ptr_eq(&s.0, &t.0));
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
    }
}
