//! Diagnostics: what docgram could not read, and why.
//!
//! Extraction never fails on a report: it returns what it could read plus a
//! list of [`Diagnostic`]s. Each has a stable [`Code`] (documented in the
//! README's catalogue; users filter and count by it), a [`Severity`], a
//! lower-case message without trailing period, and the span it is about.

use serde::Serialize;

use crate::span::{LineIndex, Position, Span};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something docgram did that a reader may want to know (a value placed by
    /// geometry, a stray line skipped).
    Info,
    /// Something in the report is off (a broken identity, an extra cell), but
    /// every readable value was read.
    Warning,
    /// Something could not be read (a missing table, an unparsable value).
    Error,
}

/// A stable diagnostic code. The string forms are part of the output contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Code {
    /// The input is empty or holds only white space.
    EmptyInput,
    /// The input looks like binary data, not text.
    BinaryInput,
    /// Malformed bytes were replaced while decoding.
    DecodeReplaced,
    /// A section heading was not found.
    MissingSection,
    /// A section heading was found more than once.
    DuplicateSection,
    /// No grid could be made of a region that should hold a table.
    NoTable,
    /// Two layouts fit a region almost equally well.
    AmbiguousLayout,
    /// A line that belongs to no cell was skipped.
    StrayLine,
    /// A table of the grammar was not found.
    MissingTable,
    /// A row of the grammar was not found in its table.
    MissingRow,
    /// A row with values matched no row of the grammar.
    UnusedRow,
    /// A label standing apart from its values was paired with a row of values
    /// without label by their order.
    PairedByOrder,
    /// A row of the grammar was found more than once; the first was kept.
    DuplicateRow,
    /// A row's value cells can be read two ways (empty cells at both ends);
    /// the reading chosen is said.
    AmbiguousRow,
    /// A row holds more value cells than the table has columns.
    ExtraCells,
    /// A row holds fewer value cells than the table has columns; the values
    /// were placed by the layout's geometry.
    ShortRow,
    /// A cell's text is not a value of the column's type.
    UnparsedValue,
    /// A cell that should hold a value is empty.
    EmptyValue,
    /// The title, organization or year was not found.
    MissingMeta,
    /// No grammar fits clearly; the best one was used.
    AmbiguousGrammar,
    /// An identity of the report does not hold.
    CheckFailed,
    /// An identity could not be evaluated because a value is missing.
    CheckIncomplete,
    /// A missing value was inferred from an identity.
    InferredValue,
}

impl Code {
    /// The code as written in output (`missing-row`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::EmptyInput => "empty-input",
            Code::BinaryInput => "binary-input",
            Code::DecodeReplaced => "decode-replaced",
            Code::MissingSection => "missing-section",
            Code::DuplicateSection => "duplicate-section",
            Code::NoTable => "no-table",
            Code::AmbiguousLayout => "ambiguous-layout",
            Code::StrayLine => "stray-line",
            Code::MissingTable => "missing-table",
            Code::MissingRow => "missing-row",
            Code::UnusedRow => "unused-row",
            Code::PairedByOrder => "paired-by-order",
            Code::DuplicateRow => "duplicate-row",
            Code::AmbiguousRow => "ambiguous-row",
            Code::ExtraCells => "extra-cells",
            Code::ShortRow => "short-row",
            Code::UnparsedValue => "unparsed-value",
            Code::EmptyValue => "empty-value",
            Code::MissingMeta => "missing-meta",
            Code::AmbiguousGrammar => "ambiguous-grammar",
            Code::CheckFailed => "check-failed",
            Code::CheckIncomplete => "check-incomplete",
            Code::InferredValue => "inferred-value",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding about a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Severity.
    pub severity: Severity,
    /// Stable code.
    pub code: Code,
    /// Lower-case message without trailing period.
    pub message: String,
    /// Where in the decoded text, if anywhere.
    pub span: Option<Span>,
}

impl Diagnostic {
    /// A new diagnostic.
    pub fn new(severity: Severity, code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            span: None,
        }
    }

    /// The same diagnostic, located at `span`.
    pub fn at(mut self, span: Span) -> Diagnostic {
        self.span = Some(span);
        self
    }

    /// The start position of the span, if any.
    pub fn position(&self, text: &str, index: &LineIndex) -> Option<Position> {
        self.span.map(|s| index.position(text, s.start as usize))
    }
}
