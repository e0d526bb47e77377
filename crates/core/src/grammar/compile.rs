//! Compiling the merged raw model into a [`Grammar`]: required keys checked,
//! references resolved, labels parsed, rows flattened and field keys computed.

use std::collections::HashMap;

use super::load::{Fail, GrammarErrorKind as Kind};
use super::merge::join_key;
use super::raw::{At, Pos, RawGrammar, RawRow, RawTable};
use super::{
    CheckDef, ColumnDef, Detect, Grammar, MetaRules, RowDef, SectionDef, TableDef, ValueType,
};
use crate::checks::ExprErrorKind;
use crate::label::{cjk_number, Label};
use crate::shared::SharedStr;

fn labels<'a>(first: Option<&'a str>, rest: &'a [String]) -> Vec<Label> {
    first
        .into_iter()
        .chain(rest.iter().map(String::as_str))
        .filter(|t| !t.trim().is_empty())
        .map(Label::new)
        .collect()
}

fn text(value: &Option<At<String>>) -> Option<&str> {
    value.as_ref().map(|v| v.value.as_str())
}

fn required<'a>(value: &'a Option<At<String>>, owner: &Pos, key: &str) -> Result<&'a str, Fail> {
    match value {
        Some(v) if !v.value.trim().is_empty() => Ok(v.value.as_str()),
        Some(v) => Err(Fail::new(
            &v.pos,
            Kind::InvalidValue,
            format!("`{key}` must not be empty"),
        )),
        None => Err(Fail::missing(owner, key)),
    }
}

fn strings(list: &Option<Vec<String>>) -> &[String] {
    list.as_deref().unwrap_or_default()
}

/// `numeral := 一..十九 | integer`.
fn numeral(value: &At<String>) -> Result<u32, Fail> {
    let text = value.value.trim();
    text.parse::<u32>()
        .ok()
        .or_else(|| cjk_number(text))
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            Fail::new(
                &value.pos,
                Kind::InvalidValue,
                format!("numeral `{text}` is neither a chinese numeral (一, 二, …) nor a positive integer"),
            )
        })
}

/// Compiles the merged raw model read from `origin`.
pub(crate) fn compile(raw: RawGrammar, origin: &str) -> Result<Grammar, Fail> {
    let top = Pos {
        file: 0,
        line: 1,
        column: 1,
        path: String::new(),
    };
    let id = required(&raw.id, &top, "id")?.to_owned();
    let name = required(&raw.name, &top, "name")?.to_owned();
    let detect = raw.detect.unwrap_or_default();
    let meta = raw.meta.unwrap_or_default();

    let mut sections = Vec::new();
    for s in raw.sections.iter().flatten() {
        let v = &s.value;
        let key = required(&v.key, &s.pos, "key")?.to_owned();
        let heading = required(&v.heading, &s.pos, "heading")?;
        let numeral = v.numeral.as_ref().map(numeral).transpose()?;
        sections.push(SectionDef {
            key,
            numeral,
            headings: labels(Some(heading), strings(&v.variants)),
        });
    }

    let mut tables = Vec::new();
    let mut field_keys = Vec::new();
    let mut seen: HashMap<String, ()> = HashMap::new();
    for t in raw.tables.iter().flatten() {
        if tables.len() == super::MAX_TABLES {
            return Err(Fail::new(
                &t.pos,
                Kind::Limit,
                format!("a grammar holds at most {} tables", super::MAX_TABLES),
            ));
        }
        let mut table = compile_table(t, &sections)?;
        let positions = row_positions(t);
        for (ri, raw_pos) in (0..table.rows.len()).zip(positions) {
            if table.rows[ri].is_group {
                continue;
            }
            let mut keys = Vec::with_capacity(table.columns.len());
            for column in &table.columns {
                let key = table.field_key(&table.rows[ri], column);
                if seen.insert(key.clone(), ()).is_some() {
                    return Err(Fail::new(
                        &raw_pos,
                        Kind::Duplicate,
                        format!("field key `{key}` is produced twice"),
                    ));
                }
                let key = SharedStr::from(key);
                field_keys.push(key.clone());
                keys.push(key);
            }
            table.rows[ri].field_keys = keys;
        }
        tables.push(table);
    }

    let mut checks = Vec::new();
    for c in raw.checks.iter().flatten() {
        let v = &c.value;
        let expr = required(&v.expr, &c.pos, "expr")?;
        let compiled = crate::checks::compile(expr, &tables, &field_keys).map_err(|e| {
            let pos = v
                .expr
                .as_ref()
                .map_or_else(|| c.pos.child("expr"), |x| x.pos.clone());
            let kind = match e.kind {
                ExprErrorKind::Syntax => Kind::InvalidExpression,
                ExprErrorKind::UnknownName => Kind::DanglingReference,
                _ => Kind::Limit,
            };
            Fail::new(
                &pos,
                kind,
                format!("{} (at column {} of the expression)", e.message, e.column),
            )
        })?;
        checks.push(CheckDef {
            id: SharedStr::from(required(&v.id, &c.pos, "id")?),
            description: SharedStr::from(text(&v.description).unwrap_or_default()),
            expr: expr.to_owned(),
            compiled,
        });
    }

    let anchors_by_first = super::AnchorsByFirst::new(&tables);
    let known_labels = super::KnownLabels::new(&tables, &anchors_by_first);
    Ok(Grammar {
        id,
        name,
        origin: origin.to_owned(),
        extends: raw.extends.map(|e| e.value),
        detect: Detect {
            signals: labels(None, strings(&detect.signals)),
            against: labels(None, strings(&detect.against)),
        },
        meta: MetaRules {
            title_suffixes: strings(&meta.title_suffixes).to_vec(),
            year_patterns: strings(&meta.year_patterns).to_vec(),
        },
        sections,
        tables,
        checks,
        field_keys,
        anchors_by_first,
        known_labels,
    })
}

fn compile_table(t: &At<RawTable>, sections: &[SectionDef]) -> Result<TableDef, Fail> {
    let v = &t.value;
    let key = required(&v.key, &t.pos, "key")?.to_owned();
    if let Some(section) = &v.section {
        if !sections.iter().any(|s| s.key == section.value) {
            let known: Vec<&str> = sections.iter().map(|s| s.key.as_str()).collect();
            return Err(Fail::new(
                &section.pos,
                Kind::DanglingReference,
                format!(
                    "no section with key `{}` (sections are {})",
                    section.value,
                    known.join(", ")
                ),
            ));
        }
    }
    let mut columns = Vec::new();
    for c in v.columns.iter().flatten() {
        let cv = &c.value;
        columns.push(ColumnDef {
            key: required(&cv.key, &c.pos, "key")?.to_owned(),
            labels: labels(
                Some(required(&cv.label, &c.pos, "label")?),
                strings(&cv.variants),
            ),
            value_type: cv
                .value_type
                .as_ref()
                .map(|t| t.value)
                .unwrap_or(ValueType::Integer),
        });
    }
    if columns.is_empty() {
        return Err(Fail::missing(&t.pos, "columns"));
    }
    let mut rows = Vec::new();
    flatten_rows(v.rows.as_deref().unwrap_or_default(), None, "", &mut rows)?;
    if rows.is_empty() {
        return Err(Fail::missing(&t.pos, "rows"));
    }
    let captions = labels(text(&v.caption), strings(&v.caption_variants));
    let header = labels(None, strings(&v.header));
    let anchors = super::anchor_labels(&captions, &header);
    let anchor_value_like = anchors
        .iter()
        .any(|l| crate::value::value_chars_only(l.body()));
    let table = TableDef {
        key,
        section: v.section.as_ref().map(|s| s.value.clone()),
        prefix: text(&v.prefix).unwrap_or_default().to_owned(),
        by_first: super::RowsByFirst::new(&rows),
        anchor_value_like,
        captions,
        header,
        columns,
        rows,
    };
    Ok(table)
}

/// `rows` in document order, each group before its members.
fn flatten_rows(
    list: &[At<RawRow>],
    parent: Option<usize>,
    prefix: &str,
    out: &mut Vec<RowDef>,
) -> Result<(), Fail> {
    for r in list {
        let v = &r.value;
        let key = match &v.key {
            Some(k) => join_key(prefix, &k.value),
            None => prefix.to_owned(),
        };
        let is_group = v.rows.is_some();
        let row_labels = if v.unlabelled {
            if is_group {
                return Err(Fail::new(
                    &r.pos.child("unlabelled"),
                    Kind::InvalidValue,
                    "a group cannot be unlabelled",
                ));
            }
            Vec::new()
        } else {
            labels(
                Some(required(&v.label, &r.pos, "label")?),
                strings(&v.variants),
            )
        };
        let index = out.len();
        out.push(RowDef {
            // The unlabelled row and keyless groups add nothing to paths.
            key: if v.key.is_some() {
                key.clone()
            } else {
                String::new()
            },
            labels: row_labels,
            is_group,
            parent,
            field_keys: Vec::new(),
        });
        if let Some(children) = &v.rows {
            flatten_rows(children, Some(index), &key, out)?;
        }
    }
    Ok(())
}

/// The positions of a table's rows, in the order [`flatten_rows`] emits them.
fn row_positions(t: &At<RawTable>) -> Vec<Pos> {
    fn walk(list: &[At<RawRow>], out: &mut Vec<Pos>) {
        for r in list {
            out.push(r.pos.clone());
            if let Some(children) = &r.value.rows {
                walk(children, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(t.value.rows.as_deref().unwrap_or_default(), &mut out);
    out
}
