//! The tab layout: a line a row, cells separated by tabs (text copied from a
//! Word table).
//!
//! ```text
//! 三、本年度办理结果→(一) 予以公开→0→0→0→0→0→0→0→
//! →(二) 部分公开→0→0→0→0→0→0→0→
//! ```
//!
//! Row-span positions show as empty cells, or are lost (a row may start with
//! its label). A cell that wraps in Word ends its line early: a line without
//! tabs whose text is left open (an unclosed bracket, a trailing `，`/`、`) is
//! joined to the first cell of the next line.

use nom::bytes::complete::take_till;
use nom::character::complete::char;
use nom::multi::separated_list1;
use nom::{IResult, Parser};

use super::{content_lines, ratio, Cell, Grid, LayoutKind, Row};
use crate::lines::{is_stray, Line};

/// `row := cell ('\t' cell)*` where `cell := [^\t]*`.
fn row_cells(input: &str) -> IResult<&str, Vec<&str>> {
    separated_list1(char('\t'), take_till(|c| c == '\t')).parse(input)
}

fn cells_of(text: &str) -> Vec<&str> {
    match row_cells(text) {
        Ok((_, cells)) => cells,
        Err(_) => vec![text],
    }
}

/// Whether the line is a tab row: at least two non-empty cells, or at least
/// three cells (a caption row such as `第二十条第（一）项→→→`).
fn is_tab_row(text: &str) -> bool {
    if !text.contains('\t') {
        return false;
    }
    let cells = cells_of(text);
    let non_empty = cells.iter().filter(|c| !c.trim().is_empty()).count();
    non_empty >= 2 || cells.len() >= 3
}

/// Whether a tab-less line leaves its text open, so that it continues on the
/// next line.
fn is_open(text: &str) -> bool {
    let t = text.trim_end();
    let opens = t.matches(['（', '(']).count();
    let closes = t.matches(['）', ')']).count();
    opens > closes || t.ends_with(['，', ',', '、'])
}

/// The share of content lines that are tab rows or open lines joined to one.
pub fn score(lines: &[Line<'_>]) -> f32 {
    let mut explained = 0;
    for (i, line) in lines.iter().enumerate() {
        if is_tab_row(line.text)
            || (!line.is_blank()
                && is_open(line.text)
                && lines.get(i + 1).is_some_and(|n| is_tab_row(n.text)))
        {
            explained += 1;
        }
    }
    ratio(explained, content_lines(lines))
}

/// Parses `lines` as tab rows; other lines become one-cell rows.
pub fn parse(lines: &[Line<'_>]) -> Grid {
    let mut grid = Grid::new(LayoutKind::Tab, lines);
    let mut pending: Option<(Line<'_>, Cell)> = None;
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        if is_stray(line.text) {
            grid.stray(line);
            continue;
        }
        if !line.text.contains('\t') {
            let next_is_row = lines.get(i + 1).is_some_and(|n| is_tab_row(n.text));
            if is_open(line.text) && next_is_row {
                let cell = Cell::from_slice(line, line.text);
                pending = Some(match pending.take() {
                    Some((first, mut c)) => {
                        c.join(line, line.text);
                        (first, c)
                    }
                    None => (*line, cell),
                });
                continue;
            }
            let mut row = Row::starting_at(line);
            row.cells.push(Cell::from_slice(line, line.text));
            grid.push(row);
            continue;
        }
        let mut row = Row::starting_at(line);
        for (k, raw) in cells_of(line.text).into_iter().enumerate() {
            if k == 0 {
                if let Some((first, mut c)) = pending.take() {
                    c.join(line, raw);
                    row.span = first.span().cover(line.span());
                    row.cells.push(c);
                    continue;
                }
            }
            row.cells.push(Cell::from_slice(line, raw));
        }
        grid.push(row);
    }
    if let Some((first, c)) = pending {
        let mut row = Row::starting_at(&first);
        row.cells.push(c);
        grid.push(row);
    }
    grid
}
