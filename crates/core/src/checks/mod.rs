//! Checks: the report's own arithmetic (勾稽关系), evaluated over fields.
//!
//! A grammar's `checks:` entries hold expressions in a small language (see
//! `grammars/README.md` and [`parse`](self) for the rules): quantifiers over a
//! table's columns or rows, sums and field references. When the grammar is
//! loaded, each expression is parsed and expanded once into a
//! [`CompiledCheck`]: one [`Instance`] per column or row it applies to, each
//! side a [`Linear`] combination of field indices. Evaluating a document then
//! only adds values ([`evaluate`]).
//!
//! A failed check is a finding about the report (a `check-failed` warning),
//! never an extraction failure; a check with a missing value is incomplete
//! (`ok: null`, a `check-incomplete` info); when exactly one value is missing
//! and the identity determines it, the implied value is reported
//! (`inferred-value`).

use serde::Serialize;

use crate::diag::{Code, Diagnostic, Severity};
use crate::engine::Document;
use crate::extract::Field;
use crate::grammar::{Grammar, ValueType};
use crate::span::Span;
use crate::value::Value;

mod compile;
mod parse;

pub use compile::{compile, MAX_TERMS};
pub use parse::MAX_DEPTH;

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

/// What kind of mistake an [`ExprError`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExprErrorKind {
    /// The text is not an expression of the language.
    Syntax,
    /// A table, group, row, column, variable or field that does not exist.
    UnknownName,
    /// The expression nests too deep or expands to too many terms.
    Limit,
}

/// An error in a check expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprError {
    /// Byte offset in the expression.
    pub offset: usize,
    /// Column in the expression, in characters, from 1.
    pub column: usize,
    /// What kind of mistake.
    pub kind: ExprErrorKind,
    /// Lower-case message without trailing period.
    pub message: String,
}

impl ExprError {
    fn new(src: &str, offset: usize, kind: ExprErrorKind, message: String) -> ExprError {
        let offset = offset.min(src.len());
        let column = src.char_indices().take_while(|(i, _)| *i < offset).count() + 1;
        let kind = if message.contains("nests deeper") {
            ExprErrorKind::Limit
        } else {
            kind
        };
        ExprError {
            offset,
            column,
            kind,
            message,
        }
    }
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for ExprError {}

/// A check expression expanded over the grammar: one instance per scope.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CompiledCheck {
    /// One instance per column or row (one in all for a check without `for`).
    pub instances: Vec<Instance>,
}

/// A check on one scope: `left == right`.
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    /// The values of the quantified variables, joined by `,`
    /// (`natural_person`, `denied.state_secret`); empty without `for`.
    pub scope: String,
    /// The scope for messages, by key (`column natural_person`).
    pub place: String,
    /// The scope for people, by label (`column 自然人`).
    pub place_label: String,
    /// The left side.
    pub left: Linear,
    /// The right side.
    pub right: Linear,
}

/// `constant + Σ coef × field`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Linear {
    /// The fields, in order of first mention.
    pub terms: Vec<Term>,
    /// The sum of the numbers written.
    pub constant: f64,
}

/// One field of a [`Linear`] combination.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term {
    /// Index into [`Grammar::field_keys`].
    pub field: usize,
    /// How many times it is added (negative: subtracted).
    pub coef: i64,
}

impl Instance {
    /// Every field involved, in order of first mention (left side first),
    /// each once.
    pub fn fields(&self) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for t in self.left.terms.iter().chain(&self.right.terms) {
            if !out.contains(&t.field) {
                out.push(t.field);
            }
        }
        out
    }
}

/// The compiled instance a result was made from.
pub fn instance<'g>(grammar: &'g Grammar, result: &CheckResult) -> Option<&'g Instance> {
    grammar
        .checks
        .iter()
        .find(|c| c.id == result.id)?
        .compiled
        .instances
        .iter()
        .find(|i| i.scope == result.scope)
}

/// A number as messages show it: integers without a fraction.
pub fn show(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn sides(description: &str) -> (&str, &str) {
    match description.split_once('=') {
        Some((l, r)) if !l.trim().is_empty() && !r.trim().is_empty() => (l.trim(), r.trim()),
        _ => ("the left side", "the right side"),
    }
}

/// The message of a failed result: `一 + 二 = 35 but （七）总计 + 四 = 34 in
/// column natural_person`, with the scope by label (`column 自然人`) when
/// `labelled`. `None` when the result did not fail or is not the grammar's.
pub fn failure_message(grammar: &Grammar, result: &CheckResult, labelled: bool) -> Option<String> {
    if result.ok != Some(false) {
        return None;
    }
    let inst = instance(grammar, result)?;
    let (l, r) = sides(&result.description);
    let place = if labelled {
        &inst.place_label
    } else {
        &inst.place
    };
    let mut m = format!(
        "{l} = {} but {r} = {}",
        show(result.left?),
        show(result.right?)
    );
    if !place.is_empty() {
        m.push_str(" in ");
        m.push_str(place);
    }
    Some(m)
}

/// What evaluating the checks of a document gave.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    /// One result per check and scope, in grammar order.
    pub results: Vec<CheckResult>,
    /// `check-failed` and `check-incomplete` findings.
    pub diagnostics: Vec<Diagnostic>,
    /// Values implied by identities for missing fields: the field index, the
    /// value and the `inferred-value` finding. At most one per field.
    pub inferred: Vec<(usize, Value, Diagnostic)>,
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

fn value_type(grammar: &Grammar, key: &str) -> ValueType {
    for t in &grammar.tables {
        for r in t.rows.iter().filter(|r| !r.is_group) {
            for c in &t.columns {
                if t.field_key(r, c) == key {
                    return c.value_type;
                }
            }
        }
    }
    ValueType::Integer
}

/// Evaluates every check of `grammar` over `fields` (the extraction's
/// fields, in grammar order), locating cells in `doc`.
pub fn evaluate(grammar: &Grammar, fields: &[Field], doc: &Document) -> Evaluation {
    // fields by grammar index (they come in grammar order; look up otherwise)
    let by_index: Vec<Option<&Field>> = grammar
        .field_keys
        .iter()
        .enumerate()
        .map(|(i, k)| match fields.get(i) {
            Some(f) if f.key == *k => Some(f),
            _ => fields.iter().find(|f| f.key == *k),
        })
        .collect();
    let value = |i: usize| -> Option<f64> {
        by_index
            .get(i)
            .copied()
            .flatten()
            .and_then(|f| f.value)
            .map(Value::as_f64)
    };
    let span = |i: usize| -> Option<Span> { by_index.get(i).copied().flatten()?.value_span };
    let key = |i: usize| grammar.field_keys.get(i).map_or("?", |k| &**k);
    let side = |l: &crate::checks::Linear| -> Option<f64> {
        let mut sum = l.constant;
        for t in &l.terms {
            sum += t.coef as f64 * value(t.field)?;
        }
        Some(sum)
    };

    // each field's place, written once (a field stands in many checks)
    let located: Vec<std::cell::OnceCell<String>> = by_index
        .iter()
        .map(|_| std::cell::OnceCell::new())
        .collect();
    let locate = |f: usize, s: Span| -> String {
        match located.get(f) {
            Some(cell) => cell.get_or_init(|| doc.locate(s)).clone(),
            None => doc.locate(s),
        }
    };
    let mut ev = Evaluation::default();
    for check in &grammar.checks {
        for inst in &check.compiled.instances {
            let fields = inst.fields();
            let spans: Vec<(usize, Span)> = fields
                .iter()
                .filter_map(|&f| span(f).map(|s| (f, s)))
                .collect();
            let (left, right) = (side(&inst.left), side(&inst.right));
            let ok = match (left, right) {
                (Some(l), Some(r)) => Some(close(l, r)),
                _ => None,
            };
            let result = CheckResult {
                id: check.id.clone(),
                description: check.description.clone(),
                scope: inst.scope.clone(),
                left,
                right,
                ok,
                spans: spans.iter().map(|&(f, s)| locate(f, s)).collect(),
            };
            let in_place = if inst.place.is_empty() {
                String::new()
            } else {
                format!(" in {}", inst.place)
            };
            let at = |d: Diagnostic| match spans.first() {
                Some(&(_, s)) => d.at(s),
                None => d,
            };
            let missing: Vec<usize> = fields
                .iter()
                .copied()
                .filter(|&f| value(f).is_none())
                .collect();
            if ok == Some(false) {
                let message = failure_message(grammar, &result, false).unwrap_or_default();
                ev.diagnostics.push(at(Diagnostic::new(
                    Severity::Warning,
                    Code::CheckFailed,
                    message,
                )));
            } else if ok.is_none() {
                let names: Vec<String> = missing.iter().map(|&f| format!("`{}`", key(f))).collect();
                ev.diagnostics.push(at(Diagnostic::new(
                    Severity::Info,
                    Code::CheckIncomplete,
                    format!(
                        "check `{}`{in_place} cannot be evaluated: {} {} missing",
                        check.id,
                        names.join(", "),
                        if names.len() == 1 { "is" } else { "are" }
                    ),
                )));
            }
            if let [only] = missing[..] {
                if ev.inferred.iter().any(|(f, _, _)| *f == only) {
                    ev.results.push(result);
                    continue;
                }
                let coef = |l: &Linear| {
                    l.terms
                        .iter()
                        .filter(|t| t.field == only)
                        .map(|t| t.coef)
                        .sum::<i64>()
                };
                let c = coef(&inst.left) - coef(&inst.right);
                let rest = |l: &Linear| -> f64 {
                    l.constant
                        + l.terms
                            .iter()
                            .filter(|t| t.field != only)
                            .map(|t| t.coef as f64 * value(t.field).unwrap_or(0.0))
                            .sum::<f64>()
                };
                if c == 1 || c == -1 {
                    let x = (rest(&inst.right) - rest(&inst.left)) / c as f64;
                    let k = key(only);
                    let v = match value_type(grammar, k) {
                        ValueType::Decimal => Some(Value::Decimal(x)),
                        ValueType::Integer if x >= 0.0 && x.fract() == 0.0 => {
                            Some(Value::Int(x as i64))
                        }
                        ValueType::SignedInteger if x.fract() == 0.0 => Some(Value::Int(x as i64)),
                        _ => None,
                    };
                    if let Some(v) = v {
                        let d = at(Diagnostic::new(
                            Severity::Info,
                            Code::InferredValue,
                            format!(
                                "`{k}` is missing; check `{}`{in_place} implies it is {v}",
                                check.id
                            ),
                        ));
                        ev.inferred.push((only, v, d));
                    }
                }
            }
            ev.results.push(result);
        }
    }
    ev
}
