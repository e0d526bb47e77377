//! The markdown layout: pipe tables with a `|---|` rule.
//!
//! ```text
//! | 第二十条第（一）项 | | | |
//! |-----------|------|------|------|
//! | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
//! ```
//!
//! Span positions are empty cells. A table split at a page break continues as
//! a second table, often under a blank header row; both parts become rows of
//! the same grid. Lines outside tables stay rows too, so nothing in the region
//! is hidden: prose as one cell, and a label followed by values separated by
//! spaces (`行政许可 97`, left by PDF converters) as a label cell and value cells.

#[cfg(test)]
use nom::bytes::complete::{take_till, take_while, take_while1};
#[cfg(test)]
use nom::character::complete::char;
#[cfg(test)]
use nom::multi::many1;
#[cfg(test)]
use nom::sequence::{delimited, terminated};
#[cfg(test)]
use nom::{IResult, Parser};

use super::{content_lines, ratio, Cell, Grid, LayoutKind, Row, MAX_CELLS_PER_ROW};
use crate::lines::{trim_cell, Line};

/// `rule := '|' (ws* ':'? '-'+ ':'? ws* '|')+` (the colons `take_while`,
/// any number): the rule that [`is_rule`] follows by byte.
#[cfg(test)]
fn rule(input: &str) -> IResult<&str, ()> {
    let ws = || take_while(|c: char| c == ' ' || c == '\t');
    let seg = (
        ws(),
        take_while(|c| c == ':'),
        take_while1(|c| c == '-' || c == '—'),
        take_while(|c| c == ':'),
        ws(),
        char('|'),
    );
    (ws(), char('|'), many1(seg), ws()).map(|_| ()).parse(input)
}

/// `md_row := '|' (cell '|')+` where `cell := [^|]*`: the rule that
/// [`cells_of`] and [`cell_count`] follow without collecting the cells.
#[cfg(test)]
fn md_row(input: &str) -> IResult<&str, Vec<&str>> {
    let ws = || take_while(|c: char| c == ' ' || c == '\t');
    delimited(
        (ws(), char('|')),
        many1(terminated(take_till(|c| c == '|'), char('|'))),
        ws(),
    )
    .parse(input)
}

/// The index of the first byte of `b` from `at` on that is no space or tab.
fn skip_ws(b: &[u8], mut at: usize) -> usize {
    while matches!(b.get(at), Some(b' ' | b'\t')) {
        at += 1;
    }
    at
}

#[cfg(test)]
fn is_rule(text: &str) -> bool {
    // every rule starts with `|` after spaces, then `:`, `-` or `—` (whose
    // first byte is E2) after spaces: most lines (table rows among them) are
    // no rule. Spaces, tabs and `|` are single bytes: read by byte.
    let b = text.as_bytes();
    let at = skip_ws(b, 0);
    b.get(at) == Some(&b'|')
        && matches!(b.get(skip_ws(b, at + 1)), Some(b':' | b'-' | 0xE2))
        && rule_from(b, at + 1)
}

/// Whether `b[at..]`, just after a rule's first `|`, is the rest of a
/// `rule`: segments as many as there are (at least one), each greedy as
/// the rule's `take_while`s are, then spaces to the end.
fn rule_from(b: &[u8], mut at: usize) -> bool {
    const EM_DASH: &[u8] = "—".as_bytes();
    let colons = |mut i: usize| {
        while b.get(i) == Some(&b':') {
            i += 1;
        }
        i
    };
    let mut segments = 0;
    loop {
        let dashes = colons(skip_ws(b, at));
        let mut i = dashes;
        loop {
            if b.get(i) == Some(&b'-') {
                i += 1;
            } else if b[i..].starts_with(EM_DASH) {
                i += EM_DASH.len();
            } else {
                break;
            }
        }
        if i == dashes {
            break;
        }
        let end = skip_ws(b, colons(i));
        if b.get(end) != Some(&b'|') {
            break;
        }
        at = end + 1;
        segments += 1;
    }
    segments > 0 && skip_ws(b, at) == b.len()
}

/// The text between a row's outer pipes, when `text` is a row by [`md_row`]
/// (spaces, `|`, then cells each closed by `|`, then spaces).
#[cfg(test)]
fn row_inner(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    let start = skip_ws(b, 0);
    let end = b.len()
        - b[start..]
            .iter()
            .rev()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count();
    (end >= start + 2 && b[start] == b'|' && b[end - 1] == b'|').then(|| &text[start + 1..end - 1])
}

/// The cells `md_row` finds in a row whose text between the outer pipes
/// is `inner` (as `classify` finds it), as they come (not collected: a hostile line
/// holds millions).
fn cells_in(inner: &str) -> impl Iterator<Item = &str> {
    super::split_byte(inner, b'|')
}

/// How many cells [`cells_in`] finds in `inner`, without collecting them.
fn count_in(inner: &str) -> usize {
    inner.bytes().filter(|&b| b == b'|').count() + 1
}

/// The cells [`md_row`] finds in `text`: [`cells_in`] its [`row_inner`].
#[cfg(test)]
fn cells_of(text: &str) -> Option<impl Iterator<Item = &str>> {
    Some(cells_in(row_inner(text)?))
}

/// How many cells [`md_row`] would find in `text`: [`count_in`] its
/// [`row_inner`].
#[cfg(test)]
fn cell_count(text: &str) -> Option<usize> {
    Some(count_in(row_inner(text)?))
}

/// Whether [`cell_count`] is 2 or more, by the first inner pipe alone (the
/// score reads it off [`classify`]).
#[cfg(test)]
fn has_two_cells(text: &str) -> bool {
    row_inner(text).is_some_and(|inner| super::find_byte(inner.as_bytes(), b'|').is_some())
}

#[cfg(test)]
fn row_cells(text: &str) -> Option<Vec<&str>> {
    match md_row(text) {
        Ok(("", cells)) => Some(cells),
        _ => None,
    }
}

/// What a line is in this layout: a rule, or (when it is no rule) the text
/// between its outer pipes, if it is a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind<'a> {
    /// `|---|---|`: dropped by the parse.
    Rule,
    /// Any other line, with its `row_inner`.
    Line(Option<&'a str>),
}

/// What a line is, by `is_rule` and `row_inner`: both ask for a `|`
/// first after spaces, found once (most lines of a region without a table
/// are told by that byte alone).
fn classify(text: &str) -> Kind<'_> {
    let b = text.as_bytes();
    let at = skip_ws(b, 0);
    if b.get(at) != Some(&b'|') {
        return Kind::Line(None);
    }
    if matches!(b.get(skip_ws(b, at + 1)), Some(b':' | b'-' | 0xE2)) && rule_from(b, at + 1) {
        return Kind::Rule;
    }
    // the row's outer pipes: this one and the last byte before spaces (the
    // scan from the end stops at this one)
    let mut end = b.len();
    while matches!(b[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    Kind::Line((end >= at + 2 && b[end - 1] == b'|').then(|| &text[at + 1..end - 1]))
}

/// What each line of a region is, as [`score_recording`] found it: the
/// parse reads it instead of classifying the lines again.
pub(super) type Kinds<'t> = Vec<Kind<'t>>;

/// The share of content lines that are table rows or rules; halved when the
/// region has no rule.
pub fn score(lines: &[Line<'_>]) -> f32 {
    score_recording(lines, |_| {})
}

/// [`score`], handing `record` what each line is ([`classify`]).
pub(super) fn score_recording<'t>(lines: &[Line<'t>], mut record: impl FnMut(Kind<'t>)) -> f32 {
    let mut explained = 0;
    let mut rules = 0;
    // content lines (`content_lines`), counted on the way
    let mut content = 0;
    for line in lines {
        content += usize::from(!line.is_blank() && !line.is_stray());
        let kind = classify(line.text);
        record(kind);
        match kind {
            Kind::Rule => {
                rules += 1;
                explained += 1;
            }
            // a row of two cells or more: a pipe between the outer ones
            Kind::Line(Some(inner)) if super::find_byte(inner.as_bytes(), b'|').is_some() => {
                explained += 1;
            }
            Kind::Line(_) => {}
        }
    }
    debug_assert_eq!(content, content_lines(lines));
    let r = ratio(explained, content);
    if rules == 0 {
        r * 0.5
    } else {
        r
    }
}

/// Parses `lines`; rules are dropped, other lines kept as one-cell rows.
pub fn parse<'t>(lines: &[Line<'t>]) -> Grid<'t> {
    let mut grid = parse_rows(lines);
    grid.score = score(lines);
    grid
}

/// [`parse`] without the score (the caller has it already).
pub(super) fn parse_rows<'t>(lines: &[Line<'t>]) -> Grid<'t> {
    parse_rows_by(lines, |_, line| classify(line.text))
}

/// [`parse_rows`] with what each line is as [`score_recording`] found it.
pub(super) fn parse_rows_with<'t>(lines: &[Line<'t>], kinds: &Kinds<'t>) -> Grid<'t> {
    debug_assert_eq!(lines.len(), kinds.len());
    parse_rows_by(lines, |i, _| kinds[i])
}

/// [`parse_rows`] with `kind_of(i, line)` telling what line `i` is.
fn parse_rows_by<'t>(
    lines: &[Line<'t>],
    kind_of: impl Fn(usize, &Line<'t>) -> Kind<'t>,
) -> Grid<'t> {
    let mut grid = Grid::new(LayoutKind::Markdown, lines);
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        // the text between the outer pipes, found once for the count of
        // cells and for the cells
        let Kind::Line(inner) = kind_of(i, line) else {
            continue;
        };
        if line.is_stray() {
            grid.stray(line);
            continue;
        }
        // room for as many cells as the rows before ([`Grid::room_guess`]: a
        // table's rows mostly have as many), the row's own counted when there
        // is none or the last has room for one cell
        let room = inner.map_or(1, |inner| match grid.room_guess() {
            0 | 1 => count_in(inner),
            n => n,
        });
        let mut row = Row::with_room(line, room);
        match inner {
            Some(inner) => {
                for raw in cells_in(inner) {
                    row.push_padded(line, raw);
                }
            }
            None => {
                // a list item or heading marker is not part of the text
                let t = trim_cell(line.text);
                let t = t
                    .strip_prefix("- ")
                    .or_else(|| t.strip_prefix("* "))
                    .unwrap_or(t);
                let t = t.trim_start_matches('#');
                for cell in loose_cells(line, t) {
                    row.push_cell(cell);
                }
            }
        }
        grid.push(row);
    }
    grid
}

/// A line outside any table, as cells: `行政许可 97` (a label and the values
/// a PDF converter left beside it, separated by spaces) becomes a label cell
/// and a cell per value; any other line stays one cell.
fn loose_cells<'t>(line: &Line<'t>, t: &'t str) -> Vec<Cell<'t>> {
    // the values at the end, last first (no more than a row keeps)
    let mut first_value: Option<&str> = None;
    for (n, tok) in t.split_whitespace().rev().enumerate() {
        if n > MAX_CELLS_PER_ROW || !crate::value::looks_like_value(tok) {
            break;
        }
        first_value = Some(tok);
    }
    let at = first_value.map(|v| v.as_ptr() as usize - t.as_ptr() as usize);
    let has_label = |at: usize| {
        t[..at]
            .chars()
            .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
    };
    match at {
        Some(at) if has_label(at) => std::iter::once(Cell::from_slice(line, &t[..at]))
            .chain(
                t[at..]
                    .split_whitespace()
                    .take(MAX_CELLS_PER_ROW + 1)
                    .map(|tok| Cell::from_slice(line, tok)),
            )
            .collect(),
        _ => vec![Cell::from_slice(line, t)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_rule_agrees_with_the_rule() {
        let parts = ["", " ", "\t", "|", "-", "—", ":", "a", "中"];
        let pairs = crate::layout::every_text(&parts, 2);
        for ab in &pairs {
            for cd in &pairs {
                let text = format!("{ab}{cd}");
                for text in [
                    text.clone(),
                    format!("{text}|"),
                    format!("|{text}|"),
                    format!(" |{text}|{text}| "),
                    format!("|{ab}|{cd}|\t"),
                ] {
                    let by_rule = matches!(super::rule(&text), Ok(("", ())));
                    assert_eq!(super::is_rule(&text), by_rule, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn cells_agree_with_the_row_rule_on_every_short_line() {
        let parts = ["", " ", "\t", "|", "a", "中", "||", " | "];
        for text in crate::layout::every_text(&parts, 4) {
            let by_rule = row_cells(&text);
            let got = cells_of(&text).map(|c| c.collect::<Vec<_>>());
            assert_eq!(got, by_rule, "{text:?}");
            let at =
                |v: Option<Vec<&str>>| v.map(|v| v.iter().map(|c| c.as_ptr()).collect::<Vec<_>>());
            assert_eq!(at(got), at(row_cells(&text)), "{text:?}");
            assert_eq!(cell_count(&text), by_rule.map(|c| c.len()), "{text:?}");
            assert_eq!(
                has_two_cells(&text),
                cell_count(&text).is_some_and(|n| n >= 2),
                "{text:?}"
            );
        }
    }

    #[test]
    fn classify_agrees_with_rule_and_row_tests() {
        let parts = ["", " ", "\t", "|", "-", "a", "中", "||", " | "];
        for text in crate::layout::every_text(&parts, 4) {
            let kind = classify(&text);
            assert_eq!(kind == Kind::Rule, is_rule(&text), "{text:?}");
            if let Kind::Line(inner) = kind {
                assert_eq!(inner, row_inner(&text), "{text:?}");
                let two = inner.is_some_and(|i| i.contains('|'));
                assert_eq!(two, has_two_cells(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn cell_count_agrees_with_the_row_rule() {
        for text in [
            "| a | b |",
            "  |a|b|c|  ",
            "|",
            "||",
            "| a",
            "a | b |",
            "| a | b | ",
            "\t| 行政许可 | 97 |\t",
            "|---|---|",
            "",
            "| | |",
        ] {
            assert_eq!(
                cell_count(text),
                row_cells(text).map(|c| c.len()),
                "{text:?}"
            );
        }
    }
}
