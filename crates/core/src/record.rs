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
use crate::extract::Field;
use crate::json;
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
        let (fields, spans) = fields_and_spans(doc, &ex.fields, &ex.located);
        Record {
            source: source.to_owned(),
            grammar: Some(ex.grammar.id.clone()),
            meta: ex.meta.clone(),
            fields,
            spans,
            checks: ex.checks.clone(),
            diagnostics: ex
                .diagnostics
                .iter()
                .map(|d| RecordDiagnostic::new(d, doc))
                .collect(),
        }
    }

    /// The record of an extraction, taking its field keys, meta data, check
    /// results and diagnostic messages instead of copying them: the cheaper
    /// way when the extraction is not needed afterwards. Same record as
    /// [`Record::new`].
    pub fn from_extraction(source: &str, doc: &Document, ex: Extraction<'_>) -> Record {
        let Extraction {
            grammar,
            meta,
            fields,
            checks,
            diagnostics,
            located,
            ..
        } = ex;
        // the fields are read in place, their keys shared: moving each out
        // copies more than the count it takes to share one
        let (fields, spans) = fields_and_spans(doc, &fields, &located);
        Record {
            source: source.to_owned(),
            grammar: Some(grammar.id.clone()),
            meta,
            fields,
            spans,
            checks,
            diagnostics: diagnostics
                .into_iter()
                .map(|mut d| {
                    let message = std::mem::take(&mut d.message);
                    RecordDiagnostic::positioned(&d, message, doc)
                })
                .collect(),
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

/// A record's `fields`.
type FieldList = Vec<(SharedStr, Option<Value>)>;

/// A record's `spans`.
type SpanList = Vec<(SharedStr, Position)>;

/// The `fields` and `spans` of a record from the fields of an extraction
/// and the positions the checks located (`located`, by index).
fn fields_and_spans(
    doc: &Document,
    fields: &[Field],
    located: &[Option<(u32, Position)>],
) -> (FieldList, SpanList) {
    // each list made in a pass of its own: the keys and values with no
    // test per element, the spans from the fields that have one
    let keyed: FieldList = fields.iter().map(|f| (f.key.clone(), f.value)).collect();
    let mut spans = Vec::with_capacity(fields.len());
    // the positions the checks were evaluated with, each while it is of
    // the field's offset (fields are public: they may have changed)
    let mut cursor = doc.cursor();
    spans.extend(fields.iter().enumerate().filter_map(|(i, f)| {
        let s = f.value_span?;
        let p = match located.get(i) {
            Some(&Some((at, p))) if at == s.start => p,
            _ => cursor.position(s.start as usize),
        };
        Some((f.key.clone(), p))
    }));
    (keyed, spans)
}

impl Record {
    /// Appends the record to `out` as compact JSON: byte for byte what
    /// `serde_json::to_writer` writes for it, written directly. Keys and
    /// check texts come from the grammar and are known, since it was
    /// compiled, to need no escaping ([`SharedStr`]): they are copied as
    /// they are; positions and small numbers are put together from a digit
    /// table a word at a time; other strings are copied when a quick test
    /// finds nothing to escape, and escaped by serde_json when it does.
    pub fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(b"{\"source\":");
        json::str(out, &self.source)?;
        out.extend_from_slice(b",\"grammar\":");
        json::opt_str(out, self.grammar.as_deref())?;
        write_meta(out, &self.meta)?;
        // each entry is written with the `,"` that starts the next one,
        // taken off again after the last
        out.extend_from_slice(b",\"fields\":{");
        if !self.fields.is_empty() {
            out.push(b'"');
            for (k, v) in &self.fields {
                json::contents(out, k)?;
                json::field_tail(out, *v)?;
            }
            out.truncate(out.len() - 2);
        }
        out.extend_from_slice(b"},\"spans\":{");
        if !self.spans.is_empty() {
            out.push(b'"');
            for (k, p) in &self.spans {
                json::contents(out, k)?;
                json::span_tail(out, *p);
            }
            out.truncate(out.len() - 2);
        }
        out.extend_from_slice(b"},\"checks\":[");
        write_items(out, &self.checks, write_check)?;
        out.extend_from_slice(b",\"diagnostics\":[");
        write_items(out, &self.diagnostics, write_diagnostic)?;
        out.push(b'}');
        Ok(())
    }
}

/// Writes `items` with `write` (each followed by a comma), drops the last
/// comma and closes the list with `]`.
fn write_items<T>(
    out: &mut Vec<u8>,
    items: &[T],
    write: fn(&mut Vec<u8>, &T) -> serde_json::Result<()>,
) -> serde_json::Result<()> {
    for item in items {
        write(out, item)?;
    }
    if !items.is_empty() {
        out.pop();
    }
    out.push(b']');
    Ok(())
}

/// Writes `,"meta":` and the meta data as its derived `Serialize` does.
fn write_meta(out: &mut Vec<u8>, m: &Meta) -> serde_json::Result<()> {
    out.extend_from_slice(b",\"meta\":{\"title\":");
    json::opt_str(out, m.title.as_deref())?;
    out.extend_from_slice(b",\"organization\":");
    json::opt_str(out, m.organization.as_deref())?;
    out.extend_from_slice(b",\"year\":");
    json::opt_int(out, m.year.map(i64::from));
    out.push(b'}');
    Ok(())
}

/// Writes a diagnostic as its derived `Serialize` does, and a comma.
fn write_diagnostic(out: &mut Vec<u8>, d: &RecordDiagnostic) -> serde_json::Result<()> {
    out.extend_from_slice(match d.severity {
        Severity::Info => b"{\"severity\":\"info\",\"code\":",
        Severity::Warning => b"{\"severity\":\"warning\",\"code\":",
        Severity::Error => b"{\"severity\":\"error\",\"code\":",
    });
    json::str(out, &d.code)?;
    out.extend_from_slice(b",\"message\":");
    json::str(out, &d.message)?;
    out.extend_from_slice(b",\"line\":");
    json::opt_int(out, d.line.map(i64::from));
    out.extend_from_slice(b",\"column\":");
    json::opt_int(out, d.column.map(i64::from));
    out.extend_from_slice(b"},");
    Ok(())
}

/// Writes a check result as its derived `Serialize` does, and a comma.
fn write_check(out: &mut Vec<u8>, c: &CheckResult) -> serde_json::Result<()> {
    out.extend_from_slice(b"{\"id\":\"");
    json::contents(out, &c.id)?;
    out.extend_from_slice(b"\",\"description\":\"");
    json::contents(out, &c.description)?;
    out.extend_from_slice(b"\",\"scope\":\"");
    json::contents(out, &c.scope)?;
    out.extend_from_slice(b"\",\"left\":");
    json::float(out, c.left)?;
    out.extend_from_slice(b",\"right\":");
    json::float(out, c.right)?;
    // as many bytes whatever the value (a copy of known length, in line),
    // the one too many of `true` and `null` taken off again
    let (ok, len): (&[u8; 21], usize) = match c.ok {
        Some(true) => (b",\"ok\":true,\"spans\":[ ", 20),
        Some(false) => (b",\"ok\":false,\"spans\":[", 21),
        None => (b",\"ok\":null,\"spans\":[ ", 20),
    };
    out.extend_from_slice(ok);
    out.truncate(out.len() - (21 - len));
    for p in &c.spans {
        json::position_comma(out, *p);
    }
    if !c.spans.is_empty() {
        out.pop();
    }
    out.extend_from_slice(b"]},");
    Ok(())
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

    #[test]
    fn checks_written_as_serde_json_writes_them() {
        let mut out = Vec::new();
        let sides = [
            None,
            Some(0.0),
            Some(-0.0),
            Some(12.0),
            Some(999.0),
            Some(1e3),
            Some(2.5),
        ];
        for ok in [Some(true), Some(false), None] {
            for (left, right) in sides.iter().zip(sides.iter().rev()) {
                for spans in [
                    vec![],
                    vec![Position { line: 3, column: 1 }],
                    vec![
                        Position {
                            line: 999,
                            column: 1000,
                        },
                        Position {
                            line: 17,
                            column: 4,
                        },
                    ],
                ] {
                    let c = CheckResult {
                        id: SharedStr::from("sum"),
                        description: SharedStr::from("合计 \"a\""),
                        scope: SharedStr::from(""),
                        left: *left,
                        right: *right,
                        ok,
                        spans,
                    };
                    out.clear();
                    write_check(&mut out, &c).unwrap();
                    let want = format!("{},", serde_json::to_string(&c).unwrap());
                    assert_eq!(String::from_utf8_lossy(&out), want);
                }
            }
        }
    }

    #[test]
    fn meta_and_diagnostics_written_as_serde_json_writes_them() {
        let texts = [None, Some(""), Some("红椿镇"), Some("a \"b\"\\\n\u{1}")];
        let mut out = Vec::new();
        for title in texts {
            for organization in texts {
                for year in [None, Some(2021), Some(-1), Some(i32::MAX), Some(i32::MIN)] {
                    let m = Meta {
                        title: title.map(String::from),
                        organization: organization.map(String::from),
                        year,
                        ..Meta::default()
                    };
                    out.clear();
                    write_meta(&mut out, &m).unwrap();
                    let want = format!(",\"meta\":{}", serde_json::to_string(&m).unwrap());
                    assert_eq!(String::from_utf8_lossy(&out), want);
                }
            }
        }
        for severity in [Severity::Info, Severity::Warning, Severity::Error] {
            for (code, message) in [("missing-row", "缺少“行”"), ("x\"y", "a\tb\\")] {
                for (line, column) in [(None, None), (Some(3), Some(1)), (Some(u32::MAX), Some(0))]
                {
                    let d = RecordDiagnostic {
                        severity,
                        code: Cow::Owned(code.into()),
                        message: message.into(),
                        line,
                        column,
                    };
                    out.clear();
                    write_diagnostic(&mut out, &d).unwrap();
                    let want = format!("{},", serde_json::to_string(&d).unwrap());
                    assert_eq!(String::from_utf8_lossy(&out), want);
                }
            }
        }
    }
}
