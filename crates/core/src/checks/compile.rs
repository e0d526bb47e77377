//! Syntax tree → [`CompiledCheck`]: quantifiers and sums expanded over the
//! grammar's tables, field patterns resolved to field indices. Done once per
//! grammar; evaluating a document only adds values.

use std::collections::HashMap;

use super::parse::{parse, Ast, Binder, DomainKind, Expr, Seg};
use super::{CompiledCheck, ExprError, ExprErrorKind, Instance, Linear, Term};
use crate::grammar::{TableDef, ValueType};
use crate::shared::SharedStr;

/// Most terms and instances one check may expand to.
pub const MAX_TERMS: usize = 100_000;

/// One value a variable takes, with what messages call it.
#[derive(Clone, Debug)]
struct Item {
    value: String,
    label: String,
}

struct Domain {
    /// `column`, `row`, or the variable's name for a list.
    kind: String,
    items: Vec<Item>,
}

struct Ctx<'g> {
    src: &'g str,
    tables: &'g [TableDef],
    keys: Vec<&'g str>,
    index: HashMap<&'g str, usize>,
    budget: usize,
}

impl Ctx<'_> {
    fn error(&self, at: usize, kind: ExprErrorKind, message: String) -> ExprError {
        ExprError::new(self.src, self.src.len().saturating_sub(at), kind, message)
    }

    fn spend(&mut self, at: usize) -> Result<(), ExprError> {
        if self.budget == 0 {
            return Err(self.error(
                at,
                ExprErrorKind::Limit,
                format!("the check expands to more than {MAX_TERMS} terms"),
            ));
        }
        self.budget -= 1;
        Ok(())
    }

    fn domain(&self, b: &Binder) -> Result<Domain, ExprError> {
        let d = &b.domain;
        let unknown = |what: String| self.error(d.at, ExprErrorKind::UnknownName, what);
        if let DomainKind::List(keys) = &d.kind {
            return Ok(Domain {
                kind: b.var.clone(),
                items: keys
                    .iter()
                    .map(|k| Item {
                        value: k.clone(),
                        label: k.clone(),
                    })
                    .collect(),
            });
        }
        let Some(table) = self.tables.iter().find(|t| t.key == d.table) else {
            let known: Vec<&str> = self.tables.iter().map(|t| t.key.as_str()).collect();
            return Err(unknown(format!(
                "no table with key `{}` (tables are {})",
                d.table,
                known.join(", ")
            )));
        };
        let label = |ls: &[crate::label::Label], key: &str| {
            ls.first()
                .map_or_else(|| key.to_owned(), |l| l.text.clone())
        };
        let (kind, mut items) = match d.kind {
            DomainKind::Columns => (
                "column",
                table
                    .columns
                    .iter()
                    .map(|c| Item {
                        value: c.key.clone(),
                        label: label(&c.labels, &c.key),
                    })
                    .collect::<Vec<_>>(),
            ),
            _ => {
                let group = match &d.under {
                    None => None,
                    Some(g) => Some(
                        table
                            .rows
                            .iter()
                            .position(|r| {
                                r.is_group && (r.key == *g || r.labels.iter().any(|l| l.text == *g))
                            })
                            .ok_or_else(|| {
                                unknown(format!("no group `{g}` in table `{}`", table.key))
                            })?,
                    ),
                };
                let within = |mut i: usize| loop {
                    match table.rows[i].parent {
                        Some(p) if Some(p) == group => return true,
                        Some(p) => i = p,
                        None => return group.is_none(),
                    }
                };
                (
                    "row",
                    table
                        .rows
                        .iter()
                        .enumerate()
                        .filter(|(i, r)| !r.is_group && within(*i))
                        .map(|(_, r)| Item {
                            value: r.key.clone(),
                            label: label(&r.labels, &r.key),
                        })
                        .collect(),
                )
            }
        };
        for e in &d.except {
            let before = items.len();
            items.retain(|it| it.value != *e);
            if items.len() == before {
                return Err(unknown(format!(
                    "`except: {e}` names no {kind} of the domain"
                )));
            }
        }
        if items.is_empty() {
            return Err(self.error(
                d.at,
                ExprErrorKind::UnknownName,
                format!("the domain of `{}` is empty", b.var),
            ));
        }
        Ok(Domain {
            kind: kind.to_owned(),
            items,
        })
    }

    fn domains(
        &self,
        binders: &[Binder],
        env: &[(String, String)],
    ) -> Result<Vec<Domain>, ExprError> {
        let mut seen: Vec<&str> = env.iter().map(|(v, _)| v.as_str()).collect();
        let mut out = Vec::new();
        for b in binders {
            if seen.contains(&b.var.as_str()) {
                return Err(self.error(
                    b.at,
                    ExprErrorKind::Syntax,
                    format!("variable `{}` is already bound", b.var),
                ));
            }
            seen.push(&b.var);
            out.push(self.domain(b)?);
        }
        Ok(out)
    }

    fn expand(
        &mut self,
        e: &Expr,
        env: &mut Vec<(String, String)>,
        sign: i64,
        out: &mut Linear,
    ) -> Result<(), ExprError> {
        match e {
            Expr::Num(n) => out.constant += sign as f64 * n,
            Expr::Neg(inner) => self.expand(inner, env, -sign, out)?,
            Expr::Add(parts) => {
                for (neg, t) in parts {
                    self.expand(t, env, if *neg { -sign } else { sign }, out)?;
                }
            }
            Expr::Field { segs, at } => {
                for field in self.resolve(segs, *at, env)? {
                    self.spend(*at)?;
                    out.add(field, sign);
                }
            }
            Expr::Sum { body, binders } => {
                let domains = self.domains(binders, env)?;
                let mut pick = vec![0usize; domains.len()];
                'outer: loop {
                    for (b, (d, &k)) in binders.iter().zip(domains.iter().zip(&pick)) {
                        env.push((b.var.clone(), d.items[k].value.clone()));
                    }
                    let r = self.expand(body, env, sign, out);
                    env.truncate(env.len() - binders.len());
                    r?;
                    for j in (0..pick.len()).rev() {
                        pick[j] += 1;
                        if pick[j] < domains[j].items.len() {
                            continue 'outer;
                        }
                        pick[j] = 0;
                    }
                    break;
                }
            }
        }
        Ok(())
    }

    /// The field indices a reference names (one, or every match of a `*`
    /// pattern).
    fn resolve(
        &self,
        segs: &[Seg],
        at: usize,
        env: &[(String, String)],
    ) -> Result<Vec<usize>, ExprError> {
        let mut parts: Vec<&str> = Vec::new();
        let mut star = false;
        for s in segs {
            match s {
                Seg::Name(n) => parts.push(n),
                Seg::Star => {
                    star = true;
                    parts.push("*");
                }
                Seg::Var(v) => {
                    let Some((_, value)) = env.iter().rev().find(|(name, _)| name == v) else {
                        return Err(self.error(
                            at,
                            ExprErrorKind::UnknownName,
                            format!("unknown variable `{v}`"),
                        ));
                    };
                    parts.extend(value.split('.').filter(|p| !p.is_empty()));
                }
            }
        }
        let key = parts.join(".");
        let bound: Vec<String> = env.iter().map(|(n, v)| format!("{n} = {v}")).collect();
        let with = if bound.is_empty() {
            String::new()
        } else {
            format!(" (with {})", bound.join(", "))
        };
        if star {
            let found: Vec<usize> = self
                .keys
                .iter()
                .enumerate()
                .filter(|(_, k)| matches(&parts, &k.split('.').collect::<Vec<_>>()))
                .map(|(i, _)| i)
                .collect();
            if found.is_empty() {
                return Err(self.error(
                    at,
                    ExprErrorKind::UnknownName,
                    format!("pattern `{key}` matches no field{with}"),
                ));
            }
            return Ok(found);
        }
        match self.index.get(key.as_str()) {
            Some(&i) => Ok(vec![i]),
            None => Err(self.error(
                at,
                ExprErrorKind::UnknownName,
                format!("no field `{key}` in the grammar{with}"),
            )),
        }
    }
}

/// Whether key parts match a pattern whose `*` stands for one or more parts.
fn matches(pattern: &[&str], key: &[&str]) -> bool {
    match pattern.split_first() {
        None => key.is_empty(),
        Some((&"*", rest)) => (1..=key.len()).any(|n| matches(rest, &key[n..])),
        Some((p, rest)) => key.first() == Some(p) && matches(rest, &key[1..]),
    }
}

/// Parses and expands check expression `src` against a grammar's tables and
/// field keys.
pub fn compile<K: AsRef<str>>(
    src: &str,
    tables: &[TableDef],
    field_keys: &[K],
) -> Result<CompiledCheck, ExprError> {
    let ast: Ast = parse(src)
        .map_err(|(offset, message)| ExprError::new(src, offset, ExprErrorKind::Syntax, message))?;
    let keys: Vec<&str> = field_keys.iter().map(AsRef::as_ref).collect();
    let mut ctx = Ctx {
        src,
        tables,
        index: keys.iter().enumerate().map(|(i, &k)| (k, i)).collect(),
        keys,
        budget: MAX_TERMS,
    };
    // each field's value type, by field index (for inferred values)
    let mut types = vec![ValueType::Integer; field_keys.len()];
    for t in tables {
        for r in t.rows.iter().filter(|r| !r.is_group) {
            for c in &t.columns {
                if let Some(&i) = ctx.index.get(t.field_key(r, c).as_str()) {
                    types[i] = c.value_type;
                }
            }
        }
    }
    let mut env = Vec::new();
    let domains = ctx.domains(&ast.binders, &env)?;
    let mut instances = Vec::new();
    let mut pick = vec![0usize; domains.len()];
    'outer: loop {
        let mut scope = Vec::new();
        let mut place = Vec::new();
        let mut place_label = Vec::new();
        for (b, (d, &k)) in ast.binders.iter().zip(domains.iter().zip(&pick)) {
            let item = &d.items[k];
            env.push((b.var.clone(), item.value.clone()));
            scope.push(item.value.clone());
            place.push(format!("{} {}", d.kind, item.value));
            place_label.push(format!("{} {}", d.kind, item.label));
        }
        let mut left = Linear::default();
        let mut right = Linear::default();
        ctx.expand(&ast.left, &mut env, 1, &mut left)?;
        ctx.expand(&ast.right, &mut env, 1, &mut right)?;
        env.clear();
        ctx.spend(0)?;
        for t in left.terms.iter_mut().chain(right.terms.iter_mut()) {
            t.value_type = types[t.field];
        }
        instances.push(Instance {
            scope: SharedStr::from(scope.join(",")),
            place: place.join(", "),
            place_label: place_label.join(", "),
            left,
            right,
        });
        for j in (0..pick.len()).rev() {
            pick[j] += 1;
            if pick[j] < domains[j].items.len() {
                continue 'outer;
            }
            pick[j] = 0;
        }
        break;
    }
    Ok(CompiledCheck::new(instances))
}

impl Linear {
    fn add(&mut self, field: usize, coef: i64) {
        match self.terms.iter_mut().find(|t| t.field == field) {
            Some(t) => t.coef += coef,
            None => self.terms.push(Term {
                field,
                coef,
                value_type: ValueType::Integer,
            }),
        }
    }
}
