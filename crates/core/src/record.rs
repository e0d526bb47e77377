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

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::checks::CheckResult;
use crate::diag::{Diagnostic, Severity};
use crate::engine::{Document, Extraction};
use crate::meta::Meta;
use crate::value::Value;

/// One document's record.
#[derive(Clone, Debug)]
pub struct Record {
    /// The source path as given (or `-` for standard input).
    pub source: String,
    /// The grammar id; `None` when the document could not be read at all.
    pub grammar: Option<String>,
    /// Title, organization, year.
    pub meta: Meta,
    /// Field keys and values, in grammar order.
    pub fields: Vec<(String, Option<Value>)>,
    /// Field keys and `line:column` of the cells they were read from.
    pub spans: Vec<(String, String)>,
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
    /// Stable code.
    pub code: String,
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
        let pos = d.span.map(|s| doc.position(s.start as usize));
        RecordDiagnostic {
            severity: d.severity,
            code: d.code.as_str().to_owned(),
            message: d.message.clone(),
            line: pos.map(|p| p.line),
            column: pos.map(|p| p.column),
        }
    }
}

impl Record {
    /// The record of an extraction.
    pub fn new(source: &str, doc: &Document, ex: &Extraction<'_>) -> Record {
        Record {
            source: source.to_owned(),
            grammar: Some(ex.grammar.id.clone()),
            meta: ex.meta.clone(),
            fields: ex
                .fields
                .iter()
                .map(|f| (f.key.to_string(), f.value))
                .collect(),
            spans: ex
                .fields
                .iter()
                .filter_map(|f| f.value_span.map(|s| (f.key.to_string(), doc.locate(s))))
                .collect(),
            checks: ex.checks.clone(),
            diagnostics: ex
                .diagnostics
                .iter()
                .map(|d| RecordDiagnostic::new(d, doc))
                .collect(),
        }
    }

    /// The record of a document that could not be read (`code` such as
    /// `unreadable-input`, with the reason).
    pub fn failed(source: &str, code: &str, message: String) -> Record {
        Record {
            source: source.to_owned(),
            grammar: None,
            meta: Meta::default(),
            fields: Vec::new(),
            spans: Vec::new(),
            checks: Vec::new(),
            diagnostics: vec![RecordDiagnostic {
                severity: Severity::Error,
                code: code.to_owned(),
                message,
                line: None,
                column: None,
            }],
        }
    }
}

struct Pairs<'a, V>(&'a [(String, V)]);

impl<V: Serialize> Serialize for Pairs<'_, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
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
        st.serialize_field("fields", &Pairs(&self.fields))?;
        st.serialize_field("spans", &Pairs(&self.spans))?;
        st.serialize_field("checks", &self.checks)?;
        st.serialize_field("diagnostics", &self.diagnostics)?;
        st.end()
    }
}
