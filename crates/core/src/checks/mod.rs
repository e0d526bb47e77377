//! Checks: the report's own arithmetic (勾稽关系), evaluated over fields.

use serde::Serialize;

/// The result of one check on one scope (a column or a row).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckResult {
    /// The check's id.
    pub id: String,
    /// Its description.
    pub description: String,
    /// The column or row it was evaluated on (`natural_person`), or empty.
    pub scope: String,
    /// The left side's value, when it could be evaluated.
    pub left: Option<f64>,
    /// The right side's value, when it could be evaluated.
    pub right: Option<f64>,
    /// `true` or `false`, or `None` when a value was missing.
    pub ok: Option<bool>,
    /// `line:column` of every cell involved.
    pub spans: Vec<String>,
}
