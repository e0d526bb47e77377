//! What went wrong in one report, as flat rows, and the report's status.
//!
//! A record's findings are its diagnostics (with an empty `check_id`) and its
//! check results that did not hold (`check-failed`, with the check's id) or
//! could not be evaluated (`check-incomplete`). Diagnostics coded
//! `check-failed`/`check-incomplete` are left out when the record carries
//! check results, which say the same with the check's id.

use docgram_core::diag::Severity;
use docgram_core::Record;

/// One finding, as written to the findings file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Stable code (`missing-row`, `check-failed`, `unreadable-input`, …).
    pub code: String,
    /// `info`, `warning` or `error`.
    pub severity: Severity,
    /// The check's id for check results, else empty.
    pub check_id: String,
    /// Line (1-based), if the finding has a place.
    pub line: Option<u32>,
    /// Column (1-based, in characters), if the finding has a place.
    pub column: Option<u32>,
    /// Lower-case message.
    pub message: String,
}

/// How a report came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Read, and nothing of warning or error severity found.
    Clean,
    /// Read, with warnings, errors or failed checks.
    Findings,
    /// Not read at all (unreadable, too large, …): the record has no grammar.
    Failed,
}

/// The severity name as written in output.
pub fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

/// The findings of a record, diagnostics first.
pub fn of_record(r: &Record) -> Vec<Finding> {
    let has_checks = !r.checks.is_empty();
    let mut out: Vec<Finding> = r
        .diagnostics
        .iter()
        .filter(|d| !(has_checks && matches!(&*d.code, "check-failed" | "check-incomplete")))
        .map(|d| Finding {
            code: d.code.to_string(),
            severity: d.severity,
            check_id: String::new(),
            line: d.line,
            column: d.column,
            message: d.message.clone(),
        })
        .collect();
    for c in &r.checks {
        let (code, severity) = match c.ok {
            Some(true) => continue,
            Some(false) => ("check-failed", Severity::Warning),
            None => ("check-incomplete", Severity::Info),
        };
        let pos = c.spans.first().map(|p| (p.line, p.column));
        let scope = if c.scope.is_empty() {
            String::new()
        } else {
            format!(" ({})", c.scope)
        };
        let sides = match (c.left, c.right) {
            (Some(l), Some(r)) => format!(": {l} against {r}"),
            _ => ": a value is missing".to_owned(),
        };
        out.push(Finding {
            code: code.to_owned(),
            severity,
            check_id: c.id.to_string(),
            line: pos.map(|p| p.0),
            column: pos.map(|p| p.1),
            message: format!("{}{scope}{sides}", c.description),
        });
    }
    out
}

/// The status of a record given its findings.
pub fn status(r: &Record, findings: &[Finding]) -> Status {
    if r.grammar.is_none() {
        Status::Failed
    } else if findings.iter().any(|f| f.severity >= Severity::Warning) {
        Status::Findings
    } else {
        Status::Clean
    }
}
