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
//! joined to the first cell of the next line; a row whose last cell is left
//! open continues on the next line, whose first cell completes that cell.

use super::{content_lines, ratio, Cell, Grid, LayoutKind, Row};
use crate::lines::Line;

/// The cells of a tab row, `row := cell ('\t' cell)*` where `cell := [^\t]*`
/// (the nom rule in the tests), as they come: a hostile line holds millions.
fn cell_iter(text: &str) -> impl Iterator<Item = &str> {
    super::split_byte(text, b'\t')
}

/// Whether the line is a tab row: at least two non-empty cells, or at least
/// three cells (a caption row such as `第二十条第（一）项→→→`).
fn is_tab_row(text: &str) -> bool {
    let b = text.as_bytes();
    let Some(first) = super::find_byte(b, b'\t') else {
        return false;
    };
    // two tabs make three cells; one makes two, both to be non-empty
    let second = super::find_byte(&b[first + 1..], b'\t').is_some();
    second || (!is_blank_cell(&text[..first]) && !is_blank_cell(&text[first + 1..]))
}

/// `s.trim().is_empty()`, known without trimming when `s` is empty (the
/// first cell of a line that starts with a tab) or starts with a printable
/// ASCII character or a CJK ideograph (lead byte E4..E9).
fn is_blank_cell(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        Some(0x21..=0x7E | 0xE4..=0xE9) => false,
        Some(_) => s.trim().is_empty(),
    }
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
    // each line is tested once: as the next line, then as the current one
    let mut next_is_row = lines.first().is_some_and(|l| is_tab_row(l.text));
    // content lines (`content_lines`), counted on the way
    let mut content = 0;
    for (i, line) in lines.iter().enumerate() {
        content += usize::from(!line.is_blank() && !line.is_stray());
        let is_row = next_is_row;
        next_is_row = lines.get(i + 1).is_some_and(|n| is_tab_row(n.text));
        if is_row || (!line.is_blank() && next_is_row && is_open(line.text)) {
            explained += 1;
        }
    }
    debug_assert_eq!(content, content_lines(lines));
    ratio(explained, content)
}

/// Parses `lines` as tab rows; other lines become one-cell rows.
pub fn parse<'t>(lines: &[Line<'t>]) -> Grid<'t> {
    let mut grid = parse_rows(lines);
    grid.score = score(lines);
    grid
}

/// [`parse`] without the score (the caller has it already).
pub(super) fn parse_rows<'t>(lines: &[Line<'t>]) -> Grid<'t> {
    let mut grid = Grid::new(LayoutKind::Tab, lines);
    let mut pending: Option<(Line<'_>, Cell<'_>)> = None;
    let mut open_row: Option<Row<'_>> = None;
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        if line.is_stray() {
            grid.stray(line);
            continue;
        }
        if !line.text.contains('\t') && open_row.is_none() {
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
            row.push_slice(line, line.text);
            grid.push(row);
            continue;
        }
        // a row whose last cell is left open continues on the next line:
        // that line's first cell completes it (a wrapped cell in Word text)
        let continues = open_row.take();
        let mut row = match continues {
            Some(r) => r,
            // room for as many cells as the rows before ([`Grid::room_guess`]:
            // a table's rows mostly have as many), or for this line's when
            // there is none or the last has room for one cell
            None => Row::with_room(
                line,
                match grid.room_guess() {
                    0 | 1 => memchr::memchr_iter(b'\t', line.text.as_bytes()).count() + 1,
                    n => n,
                },
            ),
        };
        let joining = !row.cells.is_empty();
        row.extend_to(line);
        for (k, raw) in cell_iter(line.text).enumerate() {
            if k == 0 {
                if let Some((first, mut c)) = pending.take() {
                    c.join(line, raw);
                    row.span = first.span().cover(line.span());
                    row.push_cell(c);
                    continue;
                }
                if joining {
                    if let Some(last) = row.cells.last_mut() {
                        last.join(line, raw);
                        continue;
                    }
                }
            }
            row.push_slice(line, raw);
        }
        let next_continues = row.cells.last().is_some_and(|c| is_open(&c.text))
            && lines
                .get(i + 1)
                .is_some_and(|n| !n.is_blank() && !n.is_stray());
        if next_continues {
            open_row = Some(row);
        } else {
            grid.push(row);
        }
    }
    if let Some(r) = open_row {
        grid.push(r);
    }
    if let Some((first, c)) = pending {
        let mut row = Row::starting_at(&first);
        row.push_cell(c);
        grid.push(row);
    }
    grid
}

#[cfg(test)]
mod tests {
    use nom::bytes::complete::take_till;
    use nom::character::complete::char;
    use nom::multi::separated_list1;
    use nom::{IResult, Parser};

    use super::cell_iter;

    /// `row := cell ('\t' cell)*` where `cell := [^\t]*`: the rule that
    /// [`cell_iter`] follows without collecting the cells.
    fn row_cells(input: &str) -> IResult<&str, Vec<&str>> {
        separated_list1(char('\t'), take_till(|c| c == '\t')).parse(input)
    }

    #[test]
    fn tab_rows_have_two_filled_cells_or_three_cells() {
        let by_cells = |text: &str| {
            let cells: Vec<&str> = cell_iter(text).collect();
            let filled = cells.iter().filter(|c| !c.trim().is_empty()).count();
            filled >= 2 || cells.len() >= 3
        };
        let parts = ["", " ", "\u{3000}", "a", "规章", "0"];
        for a in parts {
            for b in parts {
                for c in parts {
                    for text in [
                        format!("{a}{b}"),
                        format!("{a}\t{b}"),
                        format!("{a}\t{b}\t{c}"),
                        format!("{a}\t\t{c}"),
                    ] {
                        assert_eq!(super::is_tab_row(&text), by_cells(&text), "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn blank_cells_agree_with_trimming() {
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            for s in [
                c.to_string(),
                format!("{c}{c}"),
                format!("{c} "),
                format!(" {c}"),
                format!("{c}\u{3000}"),
            ] {
                assert_eq!(super::is_blank_cell(&s), s.trim().is_empty(), "{s:?}");
            }
        }
        assert!(super::is_blank_cell(""));
    }

    #[test]
    fn cell_iter_follows_the_row_rule() {
        for text in ["", "a", "\t", "a\tb", "\t\ta\t", "（一）\t0\t\t3\t"] {
            let (rest, cells) = row_cells(text).unwrap();
            assert_eq!(rest, "");
            assert_eq!(cell_iter(text).collect::<Vec<_>>(), cells, "{text:?}");
        }
    }
}
