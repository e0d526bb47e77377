//! The check expression language: text → syntax tree.
//!
//! ```text
//! check   := quant* side '==' side
//! quant   := 'for' binder (',' binder)* ':'
//! binder  := ident 'in' domain
//! domain  := '[' key (',' key)* ']'
//!          | ('columns' | 'rows') '(' ident (',' option)* ')'
//! option  := 'under' ':' (string | key) | 'except' ':' (key | '[' key (',' key)* ']')
//! side    := term (('+' | '-') term)*
//! term    := number | '-' term | '(' side ')' | sum | field
//! sum     := 'sum' '(' side ('for' binder (',' binder)*)? ')'
//! field   := seg ('.' seg)*
//! seg     := ident | '{' ident '}' | '*'
//! key     := ident ('.' ident)*
//! ident   := [A-Za-z_][A-Za-z0-9_]*
//! string  := '"' [^"]* '"'
//! ```
//!
//! White space (spaces, tabs, newlines) may stand between any two tokens but
//! not inside a field or a key. Terms nest at most [`MAX_DEPTH`] levels deep.

use nom::bytes::complete::{tag, take_till, take_while, take_while1};
use nom::character::complete::{char, digit1};
use nom::combinator::{opt, recognize};
use nom::error::{ErrorKind, ParseError};
use nom::{IResult, Parser};

/// How deep terms may nest (parentheses, `sum(…)`, unary minus).
pub const MAX_DEPTH: usize = 64;

/// A syntax tree node, with `at` = the length of the input left where it
/// starts (turned into an offset by the caller, who knows the whole text).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Expr {
    Num(f64),
    Neg(Box<Expr>),
    /// Terms with their sign (`true` = subtracted).
    Add(Vec<(bool, Expr)>),
    Field {
        segs: Vec<Seg>,
        at: usize,
    },
    Sum {
        body: Box<Expr>,
        binders: Vec<Binder>,
    },
}

/// A part of a field reference.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Seg {
    Name(String),
    Var(String),
    Star,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Binder {
    pub var: String,
    pub domain: Domain,
    pub at: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum DomainKind {
    List(Vec<String>),
    Columns,
    Rows,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Domain {
    pub kind: DomainKind,
    pub table: String,
    pub under: Option<String>,
    pub except: Vec<String>,
    /// Where the option names start, for errors about them.
    pub at: usize,
}

/// A whole check: the quantifiers and the two sides.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Ast {
    pub binders: Vec<Binder>,
    pub left: Expr,
    pub right: Expr,
}

/// The parser's error: where (the rest of the input) and what was expected.
#[derive(Debug)]
pub(crate) struct PErr<'a> {
    pub at: &'a str,
    pub message: String,
}

impl<'a> ParseError<&'a str> for PErr<'a> {
    fn from_error_kind(input: &'a str, _kind: ErrorKind) -> Self {
        PErr {
            at: input,
            message: String::new(),
        }
    }

    fn append(_input: &'a str, _kind: ErrorKind, other: Self) -> Self {
        other
    }
}

type Res<'a, T> = IResult<&'a str, T, PErr<'a>>;

fn fail<'a, T>(at: &'a str, message: impl Into<String>) -> Res<'a, T> {
    Err(nom::Err::Failure(PErr {
        at,
        message: message.into(),
    }))
}

fn ws(i: &str) -> &str {
    i.trim_start()
}

/// What stands at `i`, for messages: a few characters, or "the end".
fn found(i: &str) -> String {
    match i.chars().next() {
        None => "the end of the expression".to_owned(),
        Some(_) => {
            let t: String = i.chars().take(12).collect();
            format!("`{t}`")
        }
    }
}

/// `ident := [A-Za-z_][A-Za-z0-9_]*`
fn ident(i: &str) -> Res<'_, &str> {
    recognize((
        take_while1(|c: char| c.is_ascii_alphabetic() || c == '_'),
        take_while(|c: char| c.is_ascii_alphanumeric() || c == '_'),
    ))
    .parse(i)
}

/// The rest after keyword `kw` (a whole identifier) at `i`, if it is there.
fn keyword<'a>(i: &'a str, kw: &str) -> Option<&'a str> {
    match ident(ws(i)) {
        Ok((rest, id)) if id == kw => Some(rest),
        _ => None,
    }
}

/// The rest after symbol `s` at `i` (white space first), if it is there.
fn sym<'a>(i: &'a str, s: &'static str) -> Option<&'a str> {
    tag::<_, _, PErr<'a>>(s)
        .parse(ws(i))
        .ok()
        .map(|(rest, _)| rest)
}

fn expect<'a>(i: &'a str, s: &'static str, what: &str) -> Res<'a, ()> {
    match sym(i, s) {
        Some(rest) => Ok((rest, ())),
        None => {
            let i = ws(i);
            fail(i, format!("expected `{s}` {what}, found {}", found(i)))
        }
    }
}

/// `key := ident ('.' ident)*`
fn key(i: &str) -> Res<'_, String> {
    let i = ws(i);
    match recognize((ident, nom::multi::many0((char('.'), ident)))).parse(i) {
        Ok((rest, k)) => Ok((rest, k.to_owned())),
        Err(_) => fail(i, format!("expected a key, found {}", found(i))),
    }
}

/// `'[' key (',' key)* ']'`, after the `[`.
fn key_list(i: &str) -> Res<'_, Vec<String>> {
    let mut keys = Vec::new();
    let mut i = i;
    loop {
        let (rest, k) = key(i)?;
        keys.push(k);
        if let Some(rest) = sym(rest, ",") {
            i = rest;
            continue;
        }
        let (rest, ()) = expect(rest, "]", "or `,` in the list")?;
        return Ok((rest, keys));
    }
}

/// `string := '"' [^"]* '"'`
fn string(i: &str) -> Res<'_, String> {
    let (rest, _) = char::<_, PErr<'_>>('"')
        .parse(i)
        .or_else(|_| fail(i, "expected `\"`"))?;
    let (rest, body) = take_till::<_, _, PErr<'_>>(|c| c == '"').parse(rest)?;
    match rest.strip_prefix('"') {
        Some(rest) => Ok((rest, body.to_owned())),
        None => fail(i, "unterminated string"),
    }
}

/// `domain := '[' key (',' key)* ']' | ('columns' | 'rows') '(' ident (',' option)* ')'`
fn domain(i: &str) -> Res<'_, Domain> {
    let i = ws(i);
    if let Some(rest) = sym(i, "[") {
        let (rest, keys) = key_list(rest)?;
        return Ok((
            rest,
            Domain {
                kind: DomainKind::List(keys),
                table: String::new(),
                under: None,
                except: Vec::new(),
                at: i.len(),
            },
        ));
    }
    let kind = match ident(i) {
        Ok((_, "columns")) => DomainKind::Columns,
        Ok((_, "rows")) => DomainKind::Rows,
        _ => {
            return fail(
                i,
                format!(
                    "expected `columns(…)`, `rows(…)` or a list `[…]`, found {}",
                    found(i)
                ),
            )
        }
    };
    let rest = keyword(i, "columns")
        .or_else(|| keyword(i, "rows"))
        .unwrap_or(i);
    let (rest, ()) = expect(rest, "(", "after the domain name")?;
    let rest = ws(rest);
    let (rest, table) = match ident(rest) {
        Ok((r, t)) => (r, t.to_owned()),
        Err(_) => return fail(rest, format!("expected a table key, found {}", found(rest))),
    };
    let mut d = Domain {
        kind,
        table,
        under: None,
        except: Vec::new(),
        at: i.len(),
    };
    let mut rest = rest;
    while let Some(r) = sym(rest, ",") {
        let r = ws(r);
        let (r, name) = match ident(r) {
            Ok((r2, n @ ("under" | "except"))) => (r2, n),
            _ => {
                return fail(
                    r,
                    format!("expected `under:` or `except:`, found {}", found(r)),
                )
            }
        };
        let (r, ()) = expect(r, ":", &format!("after `{name}`"))?;
        let r = ws(r);
        let r = if name == "under" {
            if d.kind != DomainKind::Rows {
                return fail(r, "`under:` applies only to `rows(…)`");
            }
            let (r, g) = if r.starts_with('"') {
                string(r)?
            } else {
                key(r)?
            };
            d.under = Some(g);
            r
        } else if let Some(r) = sym(r, "[") {
            let (r, keys) = key_list(r)?;
            d.except.extend(keys);
            r
        } else {
            let (r, k) = key(r)?;
            d.except.push(k);
            r
        };
        rest = r;
    }
    let (rest, ()) = expect(rest, ")", "to close the domain")?;
    Ok((rest, d))
}

/// `binder := ident 'in' domain`
fn binder(i: &str) -> Res<'_, Binder> {
    let i = ws(i);
    let (rest, var) = match ident(i) {
        Ok(ok) => ok,
        Err(_) => return fail(i, format!("expected a variable name, found {}", found(i))),
    };
    let Some(rest) = keyword(rest, "in") else {
        let r = ws(rest);
        return fail(r, format!("expected `in`, found {}", found(r)));
    };
    let (rest, domain) = domain(rest)?;
    Ok((
        rest,
        Binder {
            var: var.to_owned(),
            domain,
            at: i.len(),
        },
    ))
}

/// `binder (',' binder)*`
fn binders(i: &str) -> Res<'_, Vec<Binder>> {
    let (mut rest, first) = binder(i)?;
    let mut out = vec![first];
    while let Some(r) = sym(rest, ",") {
        let (r, b) = binder(r)?;
        out.push(b);
        rest = r;
    }
    Ok((rest, out))
}

/// `number := digits ('.' digits)?`
fn number(i: &str) -> Res<'_, Expr> {
    let (rest, text) = recognize((digit1, opt((char('.'), digit1)))).parse(i)?;
    match text.parse::<f64>() {
        Ok(n) => Ok((rest, Expr::Num(n))),
        Err(_) => fail(i, format!("`{text}` is not a number")),
    }
}

/// `seg := ident | '{' ident '}' | '*'`
fn seg(i: &str) -> Res<'_, Seg> {
    if let Some(rest) = i.strip_prefix('*') {
        return Ok((rest, Seg::Star));
    }
    if let Some(rest) = i.strip_prefix('{') {
        let r = ws(rest);
        let (r, var) = match ident(r) {
            Ok(ok) => ok,
            Err(_) => return fail(r, format!("expected a variable name, found {}", found(r))),
        };
        let (r, ()) = expect(r, "}", "after the variable name")?;
        return Ok((r, Seg::Var(var.to_owned())));
    }
    match ident(i) {
        Ok((rest, name)) => Ok((rest, Seg::Name(name.to_owned()))),
        Err(_) => fail(i, format!("expected a key part, found {}", found(i))),
    }
}

/// `field := seg ('.' seg)*`
fn field(i: &str) -> Res<'_, Expr> {
    let (mut rest, first) = seg(i)?;
    let mut segs = vec![first];
    while let Some(r) = rest.strip_prefix('.') {
        let (r, s) = seg(r)?;
        segs.push(s);
        rest = r;
    }
    Ok((rest, Expr::Field { segs, at: i.len() }))
}

/// `sum := 'sum' '(' side ('for' binder (',' binder)*)? ')'`, after `sum (`.
fn sum(i: &str, depth: usize) -> Res<'_, Expr> {
    let (rest, body) = side(i, depth)?;
    let (rest, binders) = match keyword(rest, "for") {
        Some(r) => binders(r)?,
        None => (rest, Vec::new()),
    };
    let (rest, ()) = expect(rest, ")", "to close `sum(`")?;
    Ok((
        rest,
        Expr::Sum {
            body: Box::new(body),
            binders,
        },
    ))
}

/// `term := number | '-' term | '(' side ')' | sum | field`
fn term(i: &str, depth: usize) -> Res<'_, Expr> {
    let i = ws(i);
    if depth >= MAX_DEPTH {
        return fail(
            i,
            format!("the expression nests deeper than {MAX_DEPTH} levels"),
        );
    }
    match i.chars().next() {
        Some('-') => {
            let (rest, t) = term(&i[1..], depth + 1)?;
            Ok((rest, Expr::Neg(Box::new(t))))
        }
        Some('(') => {
            let (rest, e) = side(&i[1..], depth + 1)?;
            let (rest, ()) = expect(rest, ")", "to close `(`")?;
            Ok((rest, e))
        }
        Some(c) if c.is_ascii_digit() => number(i),
        Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '{' || c == '*' => {
            if let Some(rest) = keyword(i, "sum").and_then(|r| sym(r, "(")) {
                return sum(rest, depth + 1);
            }
            field(i)
        }
        _ => fail(
            i,
            format!(
                "expected a field, a number, `sum(…)` or `(`, found {}",
                found(i)
            ),
        ),
    }
}

/// `side := term (('+' | '-') term)*`
fn side(i: &str, depth: usize) -> Res<'_, Expr> {
    let (mut rest, first) = term(i, depth)?;
    let mut parts = vec![(false, first)];
    loop {
        let r = ws(rest);
        let neg = match r.chars().next() {
            Some('+') => false,
            Some('-') => true,
            _ => break,
        };
        let (r, t) = term(&r[1..], depth)?;
        parts.push((neg, t));
        rest = r;
    }
    if parts.len() == 1 && !parts[0].0 {
        let (_, only) = parts.remove(0);
        return Ok((rest, only));
    }
    Ok((rest, Expr::Add(parts)))
}

/// `check := quant* side '==' side`
fn check(src: &str) -> Res<'_, Ast> {
    let mut i = src;
    let mut all = Vec::new();
    while let Some(rest) = keyword(i, "for") {
        let (rest, mut bs) = binders(rest)?;
        let (rest, ()) = expect(rest, ":", "after the `for` clause")?;
        all.append(&mut bs);
        i = rest;
    }
    let (rest, left) = side(i, 0)?;
    let r = ws(rest);
    let Some(rest) = sym(r, "==") else {
        return fail(r, format!("expected `==`, `+` or `-`, found {}", found(r)));
    };
    let (rest, right) = side(rest, 0)?;
    let r = ws(rest);
    if !r.is_empty() {
        return fail(
            r,
            format!(
                "expected `+`, `-` or the end of the expression, found {}",
                found(r)
            ),
        );
    }
    Ok((
        r,
        Ast {
            binders: all,
            left,
            right,
        },
    ))
}

/// Parses a check; on error, the byte offset and the message.
pub(crate) fn parse(src: &str) -> Result<Ast, (usize, String)> {
    match check(src) {
        Ok((_, ast)) => Ok(ast),
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
            let message = if e.message.is_empty() {
                format!("unexpected {}", found(e.at))
            } else {
                e.message
            };
            Err((src.len() - e.at.len(), message))
        }
        Err(nom::Err::Incomplete(_)) => Err((src.len(), "unexpected end of the expression".into())),
    }
}
