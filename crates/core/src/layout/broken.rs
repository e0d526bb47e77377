//! The broken-line layout: one cell a line, usually behind a tab, and a blank
//! line between rows (text copied from an HTML table).
//!
//! ```text
//! →一、本年新收政府信息公开申请数量
//! →0
//! →0
//!
//! →商业
//! 企业
//! ```
//!
//! A lone tab is an empty cell (a covered row-span position). A line without
//! the leading tab continues the cell above it (`商业` + `企业`). A line with
//! more tabs inside is not this layout's; it is kept whole as one cell.

#[cfg(test)]
use nom::bytes::complete::take_while;
#[cfg(test)]
use nom::character::complete::char;
#[cfg(test)]
use nom::sequence::preceded;
#[cfg(test)]
use nom::{IResult, Parser};

use super::{content_lines, ratio, Grid, LayoutKind, Row};
use crate::lines::Line;

/// `cell_line := '\t' [^\t]*` (the whole line): the rule that
/// [`as_cell_line`] follows without reading the cell by character.
#[cfg(test)]
fn cell_line(input: &str) -> IResult<&str, &str> {
    preceded(char('\t'), take_while(|c| c != '\t')).parse(input)
}

/// The cell of a line by `cell_line`: a leading tab and no other.
fn as_cell_line(text: &str) -> Option<&str> {
    text.strip_prefix('\t')
        .filter(|cell| super::find_byte(cell.as_bytes(), b'\t').is_none())
}

/// The share of content lines that are cell lines or continuations of one;
/// halved when no blank line separates rows.
pub fn score(lines: &[Line<'_>]) -> f32 {
    let mut explained = 0;
    let mut blank_separators = 0;
    let mut in_row = false;
    // content lines (`content_lines`), counted on the way
    let mut content = 0;
    for line in lines {
        if line.is_blank() {
            if in_row {
                blank_separators += 1;
            }
            in_row = false;
            continue;
        }
        content += usize::from(!line.is_stray());
        if as_cell_line(line.text).is_some() {
            explained += 1;
            in_row = true;
        } else if in_row && !line.text.contains('\t') {
            explained += 1;
        }
    }
    debug_assert_eq!(content, content_lines(lines));
    let r = ratio(explained, content);
    if blank_separators == 0 {
        r * 0.5
    } else {
        r
    }
}

/// Parses `lines`: each blank-line-separated block is a row, each cell line a
/// cell, each bare line a continuation of the cell above (or a cell of its own
/// at the start of a block).
pub fn parse<'t>(lines: &[Line<'t>]) -> Grid<'t> {
    let mut grid = parse_rows(lines);
    grid.score = score(lines);
    grid
}

/// [`parse`] without the score (the caller has it already).
pub(super) fn parse_rows<'t>(lines: &[Line<'t>]) -> Grid<'t> {
    let mut grid = Grid::new(LayoutKind::BrokenLine, lines);
    let mut row: Option<Row<'_>> = None;
    for line in lines {
        if line.is_blank() {
            if let Some(r) = row.take() {
                grid.push(r);
            }
            continue;
        }
        if line.is_stray() {
            grid.stray(line);
            continue;
        }
        let r = row.get_or_insert_with(|| Row::with_room(line, grid.room_guess()));
        r.extend_to(line);
        match as_cell_line(line.text) {
            Some(cell) => r.push_slice(line, cell),
            None => match r.cells.last_mut() {
                Some(last) if !line.text.contains('\t') => last.join(line, line.text),
                _ => r.push_slice(line, line.text),
            },
        }
    }
    if let Some(r) = row {
        grid.push(r);
    }
    grid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_cell_line_agrees_with_the_rule() {
        let parts = ["", "\t", " ", "a", "中", "|", "\u{3000}"];
        for text in crate::layout::every_text(&parts, 4) {
            let by_rule = match cell_line(&text) {
                Ok(("", cell)) => Some(cell),
                _ => None,
            };
            let got = as_cell_line(&text);
            assert_eq!(got, by_rule, "{text:?}");
            assert_eq!(got.map(str::as_ptr), by_rule.map(str::as_ptr));
        }
    }
}
