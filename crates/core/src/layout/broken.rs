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

use nom::bytes::complete::take_while;
use nom::character::complete::char;
use nom::sequence::preceded;
use nom::{IResult, Parser};

use super::{content_lines, ratio, Grid, LayoutKind, Row};
use crate::lines::Line;

/// `cell_line := '\t' [^\t]*` (the whole line).
fn cell_line(input: &str) -> IResult<&str, &str> {
    preceded(char('\t'), take_while(|c| c != '\t')).parse(input)
}

fn as_cell_line(text: &str) -> Option<&str> {
    match cell_line(text) {
        Ok(("", cell)) => Some(cell),
        _ => None,
    }
}

/// The share of content lines that are cell lines or continuations of one;
/// halved when no blank line separates rows.
pub fn score(lines: &[Line<'_>]) -> f32 {
    let mut explained = 0;
    let mut blank_separators = 0;
    let mut in_row = false;
    for line in lines {
        if line.is_blank() {
            if in_row {
                blank_separators += 1;
            }
            in_row = false;
            continue;
        }
        if as_cell_line(line.text).is_some() {
            explained += 1;
            in_row = true;
        } else if in_row && !line.text.contains('\t') {
            explained += 1;
        }
    }
    let r = ratio(explained, content_lines(lines));
    if blank_separators == 0 {
        r * 0.5
    } else {
        r
    }
}

/// Parses `lines`: each blank-line-separated block is a row, each cell line a
/// cell, each bare line a continuation of the cell above (or a cell of its own
/// at the start of a block).
pub fn parse(lines: &[Line<'_>]) -> Grid {
    let mut grid = parse_rows(lines);
    grid.score = score(lines);
    grid
}

/// [`parse`] without the score (the caller has it already).
pub(super) fn parse_rows(lines: &[Line<'_>]) -> Grid {
    let mut grid = Grid::new(LayoutKind::BrokenLine);
    let mut row: Option<Row> = None;
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
        let r = row.get_or_insert_with(|| Row::starting_at(line));
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
