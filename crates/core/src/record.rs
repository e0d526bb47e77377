//! The extract record: the output contract users and other systems parse.
//!
//! ```json
//! {"source": "corpus/000.txt", "grammar": "cn-gov-disclosure-2021",
//!  "meta": {"title": "…", "organization": "红椿镇", "year": 2021},
//!  "fields": {"proactive.rules.issued": 0, …},
//!  "spans": {"proactive.rules.issued": "17:4", …},
//!  "checks": [],
//!  "diagnostics": [{"severity": "warning", "code": "missing-row", "message": "…", "line": 3, "column": 1}]}
//! ```
//!
//! Keys of `fields` and `spans` come in grammar order; every field key of the
//! grammar is present in `fields` (`null` when missing). `spans` holds the
//! fields that were read from a cell.

use std::borrow::Cow;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::checks::CheckResult;
use crate::diag::{Diagnostic, Severity};
use crate::engine::{Document, Extraction};
use crate::meta::Meta;
use crate::shared::SharedStr;
use crate::span::{AsText, Position};
use crate::value::Value;

/// One document's record.
///
/// Building one copies no grammar text: keys, check ids, descriptions and
/// scopes are [`SharedStr`]s shared with the grammar, and positions are kept
/// as numbers, written `line:column` only when serialized.
#[derive(Clone, Debug)]
pub struct Record {
    /// The source path as given (or `-` for standard input).
    pub source: String,
    /// The grammar id; `None` when the document could not be read at all.
    pub grammar: Option<String>,
    /// Title, organization, year.
    pub meta: Meta,
    /// Field keys and values, in grammar order.
    pub fields: Vec<(SharedStr, Option<Value>)>,
    /// Field keys and the positions of the cells they were read from
    /// (written `line:column`).
    pub spans: Vec<(SharedStr, Position)>,
    /// Check results.
    pub checks: Vec<CheckResult>,
    /// Diagnostics with positions.
    pub diagnostics: Vec<RecordDiagnostic>,
}

/// A diagnostic with its line and column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordDiagnostic {
    /// Severity.
    pub severity: Severity,
    /// Stable code (`missing-row`; a static string for the engine's codes).
    pub code: Cow<'static, str>,
    /// Message.
    pub message: String,
    /// Line (1-based), or `null` when the finding has no place.
    pub line: Option<u32>,
    /// Column (1-based, in characters), or `null`.
    pub column: Option<u32>,
}

impl RecordDiagnostic {
    /// Positions `d` in `doc`.
    pub fn new(d: &Diagnostic, doc: &Document) -> RecordDiagnostic {
        RecordDiagnostic::positioned(d, d.message.clone(), doc)
    }

    fn positioned(d: &Diagnostic, message: String, doc: &Document) -> RecordDiagnostic {
        let pos = d.span.map(|s| doc.position(s.start as usize));
        RecordDiagnostic {
            severity: d.severity,
            code: Cow::Borrowed(d.code.as_str()),
            message,
            line: pos.map(|p| p.line),
            column: pos.map(|p| p.column),
        }
    }
}

impl Record {
    /// The record of an extraction (copies what it needs of `ex`; see
    /// [`Record::from_extraction`] to move it instead). `doc` is the
    /// document `ex` was made of: positions are given in it.
    pub fn new(source: &str, doc: &Document, ex: &Extraction<'_>) -> Record {
        let mut r = Record::fields_of(source, doc, ex);
        r.meta = ex.meta.clone();
        r.checks = ex.checks.clone();
        r.diagnostics = ex
            .diagnostics
            .iter()
            .map(|d| RecordDiagnostic::new(d, doc))
            .collect();
        r
    }

    /// The record of an extraction, taking its meta data, check results and
    /// diagnostic messages instead of copying them: the cheaper way when the
    /// extraction is not needed afterwards. Same record as [`Record::new`].
    pub fn from_extraction(source: &str, doc: &Document, ex: Extraction<'_>) -> Record {
        let mut r = Record::fields_of(source, doc, &ex);
        r.meta = ex.meta;
        r.checks = ex.checks;
        r.diagnostics = ex
            .diagnostics
            .into_iter()
            .map(|mut d| {
                let message = std::mem::take(&mut d.message);
                RecordDiagnostic::positioned(&d, message, doc)
            })
            .collect();
        r
    }

    /// Source, grammar, fields and spans; the rest empty.
    fn fields_of(source: &str, doc: &Document, ex: &Extraction<'_>) -> Record {
        let mut fields = Vec::with_capacity(ex.fields.len());
        let mut spans = Vec::with_capacity(ex.fields.len());
        // the positions the checks were evaluated with, each while it is of
        // the field's offset (fields are public: they may have changed)
        let mut cursor = doc.cursor();
        for (i, f) in ex.fields.iter().enumerate() {
            let key = f.key.clone();
            if let Some(s) = f.value_span {
                let p = match ex.located.get(i) {
                    Some(&Some((at, p))) if at == s.start => p,
                    _ => cursor.position(s.start as usize),
                };
                spans.push((key.clone(), p));
            }
            fields.push((key, f.value));
        }
        Record {
            source: source.to_owned(),
            grammar: Some(ex.grammar.id.clone()),
            meta: Meta::default(),
            fields,
            spans,
            checks: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// The record of a document that could not be read (`code` such as
    /// `unreadable-input`, with the reason).
    pub fn failed(source: &str, code: impl Into<Cow<'static, str>>, message: String) -> Record {
        Record {
            source: source.to_owned(),
            grammar: None,
            meta: Meta::default(),
            fields: Vec::new(),
            spans: Vec::new(),
            checks: Vec::new(),
            diagnostics: vec![RecordDiagnostic {
                severity: Severity::Error,
                code: code.into(),
                message,
                line: None,
                column: None,
            }],
        }
    }
}

impl Record {
    /// Appends the record to `out` as compact JSON: byte for byte what
    /// `serde_json::to_writer` writes for it, in about half the time (the
    /// `fields` and `spans` maps, most of a record, are written directly:
    /// keys without characters to escape are copied as they are).
    pub fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(b"{\"source\":");
        json_str(out, &self.source)?;
        out.extend_from_slice(b",\"grammar\":");
        serde_json::to_writer(&mut *out, &self.grammar)?;
        out.extend_from_slice(b",\"meta\":");
        serde_json::to_writer(&mut *out, &self.meta)?;
        out.extend_from_slice(b",\"fields\":{");
        let mut digits = itoa::Buffer::new();
        for (i, (k, v)) in self.fields.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            json_str(out, k.as_str())?;
            out.push(b':');
            match v {
                None => out.extend_from_slice(b"null"),
                // most values are small counts: one digit is pushed
                Some(Value::Int(n @ 0..=9)) => out.push(b'0' + *n as u8),
                Some(Value::Int(n)) => out.extend_from_slice(digits.format(*n).as_bytes()),
                Some(d) => serde_json::to_writer(&mut *out, d)?,
            }
        }
        out.extend_from_slice(b"},\"spans\":{");
        for (i, (k, p)) in self.spans.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            json_str(out, k.as_str())?;
            out.push(b':');
            p.write_quoted(out);
        }
        out.extend_from_slice(b"},\"checks\":[");
        for (i, c) in self.checks.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_check(out, c)?;
        }
        out.push(b']');
        out.extend_from_slice(b",\"diagnostics\":");
        serde_json::to_writer(&mut *out, &self.diagnostics)?;
        out.push(b'}');
        Ok(())
    }
}

/// Writes a check result as its derived `Serialize` does.
fn write_check(out: &mut Vec<u8>, c: &CheckResult) -> serde_json::Result<()> {
    out.extend_from_slice(b"{\"id\":");
    json_str(out, c.id.as_str())?;
    out.extend_from_slice(b",\"description\":");
    json_str(out, c.description.as_str())?;
    out.extend_from_slice(b",\"scope\":");
    json_str(out, c.scope.as_str())?;
    out.extend_from_slice(b",\"left\":");
    serde_json::to_writer(&mut *out, &c.left)?;
    out.extend_from_slice(b",\"right\":");
    serde_json::to_writer(&mut *out, &c.right)?;
    out.extend_from_slice(match c.ok {
        Some(true) => b",\"ok\":true,\"spans\":[",
        Some(false) => b",\"ok\":false,\"spans\":[",
        None => b",\"ok\":null,\"spans\":[",
    });
    for (i, p) in c.spans.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        p.write_quoted(out);
    }
    out.extend_from_slice(b"]}");
    Ok(())
}

/// Whether byte `b` is one a JSON string escapes: a quote, a backslash, a
/// control character.
#[inline]
fn escaped(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

/// Whether a 16-byte chunk holds a byte to escape (no early exit: a few
/// vector instructions).
fn chunk_escaped(c: &[u8; 16]) -> bool {
    let mut any = false;
    for &b in c {
        any |= escaped(b);
    }
    any
}

/// Whether a word holds a byte to escape, eight bytes at a time: a byte
/// below 0x20, or a byte equal to `"` or `\` (a zero after xor).
#[inline]
fn word_escaped(w: u64) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // some byte below n (n <= 0x80)
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH;
    below(w, 0x20)
        | below(w ^ (ONES * u64::from(b'"')), 1)
        | below(w ^ (ONES * u64::from(b'\\')), 1)
        != 0
}

/// Whether `s` holds nothing a JSON string escapes: 16 bytes at a time, the
/// last chunk overlapping the one before; a string of 8 to 15 bytes as two
/// overlapping words; shorter ones byte by byte.
fn plain(s: &[u8]) -> bool {
    let n = s.len();
    if n >= 16 {
        let (chunks, _) = s.as_chunks::<16>();
        let mut any = false;
        for c in chunks {
            any |= chunk_escaped(c);
        }
        let last: &[u8; 16] = s[n - 16..].try_into().unwrap_or(&[0; 16]);
        !(any | chunk_escaped(last))
    } else if n >= 8 {
        let word = |at: usize| u64::from_ne_bytes(s[at..at + 8].try_into().unwrap_or([0; 8]));
        !(word_escaped(word(0)) | word_escaped(word(n - 8)))
    } else {
        !s.iter().any(|&b| escaped(b))
    }
}

/// Writes `s` as a JSON string: copied between quotes when nothing in it
/// needs escaping, else by serde_json.
fn json_str(out: &mut Vec<u8>, s: &str) -> serde_json::Result<()> {
    if plain(s.as_bytes()) {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        Ok(())
    } else {
        serde_json::to_writer(&mut *out, s)
    }
}

/// The `fields` map.
struct Fields<'a>(&'a [(SharedStr, Option<Value>)]);

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k.as_str(), v)?;
        }
        m.end()
    }
}

/// The `spans` map, positions written `line:column`.
struct Spans<'a>(&'a [(SharedStr, Position)]);

impl Serialize for Spans<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, p) in self.0 {
            m.serialize_entry(k.as_str(), &AsText(*p))?;
        }
        m.end()
    }
}

impl Serialize for Record {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Record", 7)?;
        st.serialize_field("source", &self.source)?;
        st.serialize_field("grammar", &self.grammar)?;
        st.serialize_field("meta", &self.meta)?;
        st.serialize_field("fields", &Fields(&self.fields))?;
        st.serialize_field("spans", &Spans(&self.spans))?;
        st.serialize_field("checks", &self.checks)?;
        st.serialize_field("diagnostics", &self.diagnostics)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain byte loop `plain` must agree with.
    fn plain_by_bytes(s: &[u8]) -> bool {
        !s.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\')
    }

    #[test]
    fn plain_agrees_with_the_byte_loop() {
        // every byte value at every position of buffers of every length up
        // to 40 (byte loop, two words, one chunk, chunks and an overlap)
        let fillers = [
            b'a', b' ', b'!', b'#', b'[', b']', 0x7F, 0x80, 0xA2, 0xDC, 0xFF,
        ];
        for filler in fillers {
            for len in 0..=40 {
                let mut buf = vec![filler; len];
                assert!(plain(&buf), "{len} bytes of {filler:#x}");
                for at in 0..len {
                    for b in 0..=255u8 {
                        buf[at] = b;
                        assert_eq!(
                            plain(&buf),
                            plain_by_bytes(&buf),
                            "{b:#x} at {at} of {len} bytes of {filler:#x}"
                        );
                    }
                    buf[at] = filler;
                }
            }
        }
        for b in [0u8, 0x1F, b'"', b'\\'] {
            assert!(!plain(&[b]));
            assert!(!plain(&[b'a', b, b'a']));
        }
        assert!(plain(b"applications.new_received.natural_person"));
        assert!(plain(" !#[]/\x7f é 公开".as_bytes()));
    }

    #[test]
    fn plain_agrees_with_the_byte_loop_on_pairs() {
        // two bytes near the ones to escape (a borrow from one must not
        // flag the other) at every pair of positions
        let near = [
            0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xA0, 0xA2,
            0xDC, 0xFF,
        ];
        for len in 2..=24 {
            let mut buf = vec![b'a'; len];
            for i in 0..len {
                for j in i + 1..len {
                    for &x in &near {
                        for &y in &near {
                            buf[i] = x;
                            buf[j] = y;
                            assert_eq!(plain(&buf), plain_by_bytes(&buf), "{buf:?}");
                        }
                    }
                    buf[i] = b'a';
                    buf[j] = b'a';
                }
            }
        }
    }
}
