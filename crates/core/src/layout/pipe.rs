//! The broken pipe layout: the first cell of a row bare, each later cell on
//! its own line behind `| `, a lone `|` ending the row (PDF converted to text).
//!
//! ```text
//! (二)部分公开(区分处理的,只
//! 计这一情形,不计其他情形)
//! | 0
//! | 0
//! |
//! ```
//!
//! A bare line inside an open row continues the cell above it; a bare line
//! after a row's end starts the next row. A row may start with `| ` when its
//! first cell is empty; `| ` with only white space behind is an empty cell,
//! while a lone `|` ends the row. Stray lines (a lone `、`, a page number) are skipped.
//! Long prose lines (a sentence ending in `。`, or over 60 characters) stand as
//! one-cell rows of their own.

#[cfg(test)]
use nom::bytes::complete::take_while;
#[cfg(test)]
use nom::character::complete::char;
#[cfg(test)]
use nom::sequence::preceded;
#[cfg(test)]
use nom::{IResult, Parser};

use super::{content_lines, ratio, Cell, Grid, LayoutKind, Row};
use crate::lines::{trim_cell, Line};

/// `pipe_line := ws* '|' cell` where `cell := .*` (not itself ending in `|`):
/// the rule that [`after_pipe`] follows without reading the cell.
#[cfg(test)]
fn pipe_line(input: &str) -> IResult<&str, &str> {
    preceded(
        (take_while(|c: char| c == ' ' || c == '\t'), char('|')),
        take_while(|_| true),
    )
    .parse(input)
}

/// The cell of a line by `pipe_line`: what follows the leading pipe after
/// spaces and tabs, or `None` when the line does not start so. Spaces and
/// tabs are single bytes, so the scan is by byte.
fn after_pipe(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    let at = b.iter().position(|&c| c != b' ' && c != b'\t')?;
    (b[at] == b'|').then(|| &text[at + 1..])
}

/// What one line is in this layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind<'a> {
    /// `|` alone: the end of a row.
    End,
    /// `| text`: a cell.
    Cell(&'a str),
    /// A line without a leading pipe.
    Bare,
    /// A markdown row (`| a | b |`): not this layout.
    Foreign,
    /// A bare line of prose ([`is_prose`]): a row of its own ([`classify`]
    /// tells no prose; [`refined`] does).
    Prose,
}

fn classify(text: &str) -> Kind<'_> {
    let Some(rest) = after_pipe(text) else {
        return Kind::Bare;
    };
    // a cell that ends with a character never trimmed (a printable ASCII
    // one, a CJK ideograph, a full-width form U+FF00..U+FF7F such as `２`)
    // is known by that character; `| ` is an empty cell
    match rest.as_bytes() {
        [.., b'|'] => Kind::Foreign,
        [.., 0x21..=0x7E] | [.., 0xE4..=0xE9, _, _] | [.., 0xEF, 0xBC | 0xBD, _] | [b' '] => {
            Kind::Cell(rest)
        }
        _ => kind_of_rest(rest),
    }
}

/// What a line is by the text after its leading pipe (`rest`), trimmed.
/// Out of line: [`classify`] tells most lines by their last byte.
#[inline(never)]
fn kind_of_rest(rest: &str) -> Kind<'_> {
    let rest_t = trim_cell(rest);
    if rest.is_empty() {
        Kind::End
    } else if rest_t.is_empty() {
        // `| ` with nothing behind: an empty cell
        Kind::Cell(rest)
    } else if rest_t.ends_with('|') {
        Kind::Foreign
    } else {
        Kind::Cell(rest)
    }
}

/// `kind`, a bare line's told as [`Kind::Prose`] when it is prose: the score
/// asks, and the parse reads its answer.
fn refined<'a>(kind: Kind<'a>, text: &str) -> Kind<'a> {
    if kind == Kind::Bare && is_prose(text) {
        Kind::Prose
    } else {
        kind
    }
}

/// Whether a bare line is prose: over 60 characters, or ending in `。`. Out
/// of line: only bare lines ask, and [`refined`] stays small enough to go
/// into the score's loop.
#[inline(never)]
fn is_prose(text: &str) -> bool {
    let t = trim_cell(text);
    // a text of at most 60 bytes has at most 60 characters: not counted
    (t.len() > 60 && t.chars().count() > 60) || t.ends_with('。')
}

/// What each line of a region is, as [`score_recording`] found it: the
/// parse reads it instead of classifying the lines again.
pub(super) type Kinds<'t> = Vec<Kind<'t>>;

/// The share of content lines that belong to a row closed by `|`.
pub fn score(lines: &[Line<'_>]) -> f32 {
    score_recording(lines, |_| {})
}

/// [`score`], handing `record` what each line is (blank and stray lines,
/// which are not classified, as [`Kind::Bare`]).
pub(super) fn score_recording<'t>(lines: &[Line<'t>], mut record: impl FnMut(Kind<'t>)) -> f32 {
    let mut explained = 0;
    let mut open = 0; // lines of the current row not yet confirmed by an end
    let mut pipes = 0;
    // content lines (`content_lines`): those classified
    let mut content = 0;
    for line in lines {
        if line.is_blank() || line.is_stray() {
            record(Kind::Bare);
            continue;
        }
        content += 1;
        let kind = refined(classify(line.text), line.text);
        record(kind);
        match kind {
            Kind::End => {
                explained += open + 1;
                open = 0;
            }
            Kind::Cell(_) => {
                pipes += 1;
                open += 1;
            }
            Kind::Bare => open += 1,
            Kind::Prose | Kind::Foreign => {}
        }
    }
    if pipes == 0 {
        return 0.0;
    }
    debug_assert_eq!(content, content_lines(lines));
    ratio(explained, content)
}

/// Parses `lines` as pipe rows.
pub fn parse<'t>(lines: &[Line<'t>]) -> Grid<'t> {
    let mut grid = parse_rows(lines);
    grid.score = score(lines);
    grid
}

/// [`parse`] without the score (the caller has it already).
pub(super) fn parse_rows<'t>(lines: &[Line<'t>]) -> Grid<'t> {
    parse_rows_by(lines, |_, line| refined(classify(line.text), line.text))
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
    let mut grid = Grid::new(LayoutKind::Pipe, lines);
    let mut row: Option<Row<'_>> = None;
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        if line.is_stray() {
            grid.stray(line);
            continue;
        }
        let kind = kind_of(i, line);
        match kind {
            Kind::End => {
                if let Some(mut r) = row.take() {
                    r.extend_to(line);
                    grid.push(r);
                }
            }
            Kind::Cell(raw) => {
                let r = row.get_or_insert_with(|| {
                    // a row whose first cell is empty starts with `| `
                    let mut r = Row::with_room(line, grid.room_guess());
                    r.cells.push(Cell {
                        text: std::borrow::Cow::Borrowed(""),
                        span: crate::span::Span::empty(line.start),
                    });
                    r
                });
                r.extend_to(line);
                r.push_padded(line, raw);
            }
            Kind::Bare | Kind::Foreign | Kind::Prose => {
                if kind != Kind::Bare {
                    if let Some(r) = row.take() {
                        grid.push(r);
                    }
                    let mut r = Row::starting_at(line);
                    r.push_slice(line, line.text);
                    grid.push(r);
                    continue;
                }
                match row.as_mut() {
                    Some(r) => {
                        r.extend_to(line);
                        if let Some(last) = r.cells.last_mut() {
                            last.join(line, line.text);
                        }
                    }
                    None => {
                        let mut r = Row::with_room(line, grid.room_guess());
                        r.push_slice(line, line.text);
                        row = Some(r);
                    }
                }
            }
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

    /// [`classify`] as the rule reads it: [`pipe_line`] tried on every line.
    fn by_rule(text: &str) -> Kind<'_> {
        match pipe_line(text) {
            Ok(("", rest)) => kind_of_rest(rest),
            _ => Kind::Bare,
        }
    }

    #[test]
    fn classify_agrees_with_the_rule() {
        let parts = [
            "", " ", "\t", "|", "a", "中", "\u{3000}", "0", "２", "（", "\u{FEFF}", "\u{FF80}",
        ];
        for text in crate::layout::every_text(&parts, 4) {
            let got = classify(&text);
            assert_eq!(got, by_rule(&text), "{text:?}");
            // the cell is the same slice of the line, not a copy
            if let (Kind::Cell(x), Some(y)) = (got, after_pipe(&text)) {
                assert_eq!(x.as_ptr(), y.as_ptr(), "{text:?}");
            }
        }
    }

    #[test]
    fn prose_agrees_with_counting_characters() {
        let slow = |text: &str| {
            let t = trim_cell(text);
            t.chars().count() > 60 || t.ends_with('。')
        };
        for unit in ["a", "中", "é", "𝄞"] {
            for n in 0..=70 {
                for tail in ["", "。", " ", "|"] {
                    let text = format!(" {}{tail}", unit.repeat(n));
                    assert_eq!(is_prose(&text), slow(&text), "{unit} x{n} {tail:?}");
                }
            }
        }
    }
}
