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
use crate::shared::SharedStr;
use crate::span::Position;
use crate::value::Value;

mod compile;
mod parse;

pub use compile::{compile, MAX_TERMS};
pub use parse::MAX_DEPTH;

/// The result of one check on one scope (a column or a row).
///
/// The text fields are shared with the compiled grammar ([`SharedStr`]):
/// making a result copies no text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckResult {
    /// The check's id.
    pub id: SharedStr,
    /// Its description.
    pub description: SharedStr,
    /// The column or row it was evaluated on (`natural_person`), or empty.
    pub scope: SharedStr,
    /// The left side's value, when it could be evaluated.
    pub left: Option<f64>,
    /// The right side's value, when it could be evaluated.
    pub right: Option<f64>,
    /// `true` or `false`, or `None` when a value was missing.
    pub ok: Option<bool>,
    /// The position of every cell involved, written `line:column` in output.
    #[serde(serialize_with = "crate::span::serialize_positions")]
    pub spans: Vec<Position>,
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

impl CompiledCheck {
    /// A compiled check of these instances.
    pub fn new(instances: Vec<Instance>) -> CompiledCheck {
        CompiledCheck { instances }
    }
}

/// A check on one scope: `left == right`.
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    /// The values of the quantified variables, joined by `,`
    /// (`natural_person`, `denied.state_secret`); empty without `for`.
    /// Shared with the results made of it.
    pub scope: SharedStr,
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
    /// The type of the field's values (what a value inferred for it is).
    pub value_type: ValueType,
}

impl Instance {
    /// An instance; `scope`, `place` and `place_label` as documented on the
    /// fields.
    pub fn new(
        scope: String,
        place: String,
        place_label: String,
        left: Linear,
        right: Linear,
    ) -> Instance {
        Instance {
            scope: SharedStr::from(scope),
            place,
            place_label,
            left,
            right,
        }
    }

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

    /// The type of values of field `field` (integer when it is not a term).
    fn value_type(&self, field: usize) -> ValueType {
        self.left
            .terms
            .iter()
            .chain(&self.right.terms)
            .find(|t| t.field == field)
            .map_or(ValueType::Integer, |t| t.value_type)
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
    let place = if labelled {
        &inst.place_label
    } else {
        &inst.place
    };
    Some(failure_text(
        &result.description,
        place,
        result.left?,
        result.right?,
    ))
}

fn failure_text(description: &str, place: &str, left: f64, right: f64) -> String {
    let (l, r) = sides(description);
    let mut m = format!("{l} = {} but {r} = {}", show(left), show(right));
    if !place.is_empty() {
        m.push_str(" in ");
        m.push_str(place);
    }
    m
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

/// What [`evaluate`] needs of one field, by grammar index: read once.
#[derive(Clone, Copy, Default)]
struct Slot {
    /// The value as a number.
    value: Option<f64>,
    /// The value cell's position (`None` for a field without one).
    at: Option<Position>,
    /// The index in `fields` the slot was read from (meaningful when `at`
    /// is `Some`: the field's span is then that of its cell).
    index: u32,
}

/// What a [`Walk`] over an instance's terms found besides the sums.
struct Tally {
    /// How many of the fields have no value.
    missing: usize,
    /// The last of them.
    only: usize,
}

/// One instance's walk over its terms, side by side: each field the first
/// time it is mentioned (`seen[f] != number`) gives its position and is
/// counted when missing.
struct Walk<'a> {
    inst: &'a Instance,
    slots: &'a [Slot],
    seen: &'a mut [usize],
    number: usize,
    spans: &'a mut Vec<Position>,
    tally: &'a mut Tally,
}

impl Walk<'_> {
    /// The sum of side `l`, whose first term is the instance's `offset`th
    /// (`None` when a value is missing).
    #[inline(always)]
    fn side(&mut self, l: &Linear, offset: usize) -> Option<f64> {
        let mut sum = l.constant;
        let mut complete = true;
        for (k, t) in l.terms.iter().enumerate() {
            let (s, new) = match (self.slots.get(t.field), self.seen.get_mut(t.field)) {
                (Some(&s), Some(n)) => (s, std::mem::replace(n, self.number) != self.number),
                _ => (Slot::default(), self.first_mention(offset + k)),
            };
            match s.value {
                Some(v) => sum += t.coef as f64 * v,
                None => {
                    complete = false;
                    if new {
                        self.tally.missing += 1;
                        self.tally.only = t.field;
                    }
                }
            }
            if new {
                if let Some(p) = s.at {
                    self.spans.push(p);
                }
            }
        }
        complete.then_some(sum)
    }

    /// Whether the instance's `k`th term (left side first) is the first
    /// to mention its field (one with no slot: never, as compiled).
    #[cold]
    #[inline(never)]
    fn first_mention(&self, k: usize) -> bool {
        let mut terms = self.inst.left.terms.iter().chain(&self.inst.right.terms);
        let field = terms.clone().nth(k).map_or(usize::MAX, |t| t.field);
        !terms.by_ref().take(k).any(|t| t.field == field)
    }
}

/// The position of each field's value cell (`None` for a field without
/// one), by index in `fields`, each with the offset it is of. One cursor
/// finds them all in field order: in document order mostly, each from the
/// one before. (Kept out of line: a stage of its own in profiles.)
#[inline(never)]
pub(crate) fn locate(fields: &[Field], doc: &Document) -> Vec<Option<(u32, Position)>> {
    let mut cursor = doc.cursor();
    fields
        .iter()
        .map(|f| {
            let s = f.value_span?;
            Some((s.start, cursor.position(s.start as usize)))
        })
        .collect()
}

/// Evaluates every check of `grammar` over `fields` (the extraction's
/// fields, in grammar order), locating cells in `doc`.
pub fn evaluate(grammar: &Grammar, fields: &[Field], doc: &Document) -> Evaluation {
    evaluate_located(grammar, fields, &locate(fields, doc), doc)
}

/// [`evaluate`] with the fields' positions already found by [`locate`]
/// (a field stands in many checks, and the record names them all).
pub(crate) fn evaluate_located(
    grammar: &Grammar,
    fields: &[Field],
    located: &[Option<(u32, Position)>],
    doc: &Document,
) -> Evaluation {
    // each field's value and position by grammar index (fields come in
    // grammar order, each with its located position; looked up otherwise)
    let read = |j: usize, f: &Field, located: Option<&Option<(u32, Position)>>| Slot {
        value: f.value.map(Value::as_f64),
        at: f.value_span.map(|s| match located {
            Some(&Some((at, p))) if s.start == at => p,
            // not located as it stands (never, as called here)
            _ => doc.position(s.start as usize),
        }),
        index: j as u32,
    };
    // (the first way when every field is at its index, the second
    // otherwise: both read the same)
    let slots: Vec<Slot> = if fields.len() == grammar.field_keys.len()
        && located.len() == fields.len()
        && fields
            .iter()
            .zip(&grammar.field_keys)
            .all(|(f, k)| f.key == *k)
    {
        fields
            .iter()
            .zip(located)
            .enumerate()
            .map(|(j, (f, l))| read(j, f, Some(l)))
            .collect()
    } else {
        grammar
            .field_keys
            .iter()
            .enumerate()
            .map(|(i, k)| {
                let j = match fields.get(i) {
                    Some(f) if f.key == *k => Some(i),
                    _ => fields.iter().position(|f| f.key == *k),
                };
                j.map_or(Slot::default(), |j| read(j, &fields[j], located.get(j)))
            })
            .collect()
    };
    let slot = |i: usize| -> Slot { slots.get(i).copied().unwrap_or_default() };
    let value = |i: usize| -> Option<f64> { slot(i).value };
    let key = |i: usize| -> &str { grammar.field_keys.get(i).map_or("?", |k| k.as_ref()) };

    // the fields of an instance, each once: `seen[f]` is the number of the
    // last instance that mentioned field `f`
    let mut seen: Vec<usize> = vec![usize::MAX; slots.len()];
    let mut ev = Evaluation::default();
    let n: usize = grammar
        .checks
        .iter()
        .map(|c| c.compiled.instances.len())
        .sum();
    ev.results.reserve_exact(n);
    let mut number = 0usize;
    for check in &grammar.checks {
        let (id, description) = (check.id.clone(), check.description.clone());
        for inst in &check.compiled.instances {
            // one pass over the terms: each side's sum, and each field the
            // first time it is mentioned (its position, whether missing)
            let mut spans = Vec::with_capacity(inst.left.terms.len() + inst.right.terms.len());
            let mut tally = Tally {
                missing: 0,
                only: 0,
            };
            let mut walk = Walk {
                inst,
                slots: &slots,
                seen: &mut seen,
                number,
                spans: &mut spans,
                tally: &mut tally,
            };
            let left = walk.side(&inst.left, 0);
            let right = walk.side(&inst.right, inst.left.terms.len());
            number += 1;
            let Tally { missing, only } = tally;
            let only = if missing == 1 { Some(only) } else { None };
            let ok = match (left, right) {
                (Some(l), Some(r)) => Some(close(l, r)),
                _ => None,
            };
            let in_place = || {
                if inst.place.is_empty() {
                    String::new()
                } else {
                    format!(" in {}", inst.place)
                }
            };
            // a finding's place: the cell of the first position (of the
            // first field mentioned that has one)
            let at = |d: Diagnostic| match inst
                .fields()
                .into_iter()
                .find(|&f| slot(f).at.is_some())
                .and_then(|f| fields.get(slot(f).index as usize)?.value_span)
            {
                Some(s) => d.at(s),
                None => d,
            };
            if let (Some(false), Some(l), Some(r)) = (ok, left, right) {
                let message = failure_text(&description, &inst.place, l, r);
                ev.diagnostics.push(at(Diagnostic::new(
                    Severity::Warning,
                    Code::CheckFailed,
                    message,
                )));
            } else if ok.is_none() {
                let names: Vec<String> = inst
                    .fields()
                    .into_iter()
                    .filter(|&f| value(f).is_none())
                    .map(|f| format!("`{}`", key(f)))
                    .collect();
                ev.diagnostics.push(at(Diagnostic::new(
                    Severity::Info,
                    Code::CheckIncomplete,
                    format!(
                        "check `{}`{} cannot be evaluated: {} {} missing",
                        check.id,
                        in_place(),
                        names.join(", "),
                        if names.len() == 1 { "is" } else { "are" }
                    ),
                )));
            }
            let result = CheckResult {
                id: id.clone(),
                description: description.clone(),
                scope: inst.scope.clone(),
                left,
                right,
                ok,
                spans,
            };
            if let Some(only) = only {
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
                    let v = match inst.value_type(only) {
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
                                "`{k}` is missing; check `{}`{} implies it is {v}",
                                check.id,
                                in_place()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;

    /// A term whose field has no key (an instance not made by compiling)
    /// is missing, named `?` once however often it is mentioned.
    #[test]
    fn a_field_without_a_key_is_missing_once() {
        let engine = Engine::bundled();
        let text = "一、总体情况\n";
        let doc = Document::from_text(text.to_string());
        let mut g = engine.grammars()[0].clone();
        let far = g.field_keys.len() + 3;
        let term = |field, coef| Term {
            field,
            coef,
            value_type: ValueType::Integer,
        };
        let side = |terms| Linear {
            terms,
            constant: 1.0,
        };
        g.checks.truncate(1);
        g.checks[0].compiled = CompiledCheck::new(vec![Instance::new(
            String::new(),
            String::new(),
            String::new(),
            side(vec![term(far, 1), term(0, 1)]),
            side(vec![term(far, 2)]),
        )]);
        let ev = evaluate(&g, &[], &doc);
        assert_eq!(ev.results.len(), 1);
        assert_eq!(ev.results[0].ok, None);
        let d = &ev.diagnostics[0];
        assert!(
            d.message
                .ends_with(&format!(": `?`, `{}` are missing", g.field_keys[0])),
            "{}",
            d.message
        );
    }

    /// Positions not of the fields as they stand are found again, not used.
    #[test]
    fn stale_positions_are_not_used() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
        let engine = Engine::bundled();
        let mut tried = 0;
        for e in std::fs::read_dir(dir).expect("corpus").take(8) {
            let bytes = std::fs::read(e.expect("entry").path()).expect("readable");
            let Ok(doc) = Document::from_bytes(&bytes) else {
                continue;
            };
            let Some(ex) = engine.extract(&doc) else {
                continue;
            };
            let plain = evaluate(ex.grammar, &ex.fields, &doc).results;
            let located = locate(&ex.fields, &doc);
            let none = vec![None; ex.fields.len()];
            let moved: Vec<_> = located
                .iter()
                .map(|l| l.map(|(at, p)| (at + 1, p)))
                .collect();
            let shifted: Vec<_> = located.iter().skip(1).copied().collect();
            // fields out of grammar order are looked up, and read the same
            let mut reversed = ex.fields.clone();
            reversed.reverse();
            let back: Vec<_> = located.iter().rev().copied().collect();
            let plain_ev = evaluate(ex.grammar, &ex.fields, &doc);
            let ev = evaluate_located(ex.grammar, &reversed, &back, &doc);
            assert_eq!(ev.results, plain);
            assert_eq!(ev.diagnostics, plain_ev.diagnostics);
            for stale in [&none, &moved, &shifted, &Vec::new()] {
                let ev = evaluate_located(ex.grammar, &ex.fields, stale, &doc);
                assert_eq!(ev.results, plain);
            }
            let wrong: Vec<_> = located
                .iter()
                .map(|l| {
                    l.map(|(at, p)| {
                        (
                            at,
                            Position {
                                column: p.column + 1,
                                ..p
                            },
                        )
                    })
                })
                .collect();
            if plain.iter().any(|r| !r.spans.is_empty()) {
                tried += 1;
                // the positions given are used when they are of the fields
                let ev = evaluate_located(ex.grammar, &ex.fields, &wrong, &doc);
                assert_ne!(ev.results, plain);
            }
        }
        assert!(tried > 0);
    }
}
