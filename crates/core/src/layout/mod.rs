//! Layout adapters: from the lines of a region to a grid of cells.
//!
//! The same table arrives as text in several layouts (see the spec, section 7).
//! Each adapter module knows one of them and offers two functions:
//! `score(lines) -> f32`, the share of the region's non-blank lines its layout
//! explains (0.0 to 1.0), and `parse(lines) -> Grid`. [`parse_best`] runs the
//! scores and parses with the best; a document whose tables use different
//! layouts works because each region is decided on its own.
//!
//! Adapters are faithful, not clever: they keep empty cells (row-span
//! positions matter), join a wrapped cell's continuation line into its cell,
//! skip stray lines with a diagnostic, and leave the meaning of cells to the
//! grammar.

pub mod broken;
pub mod markdown;
pub mod pipe;
pub mod tab;

use std::borrow::Cow;

use serde::Serialize;

use crate::diag::{Code, Diagnostic, Severity};
use crate::lines::{trim_cell, Line};
use crate::span::Span;

/// Most cells a row keeps: the cells after these are dropped with an
/// `extra-cells` warning. Real tables have a dozen columns; the limit bounds
/// the memory and the work a hostile line of millions of tabs or pipes costs
/// later stages.
pub const MAX_CELLS_PER_ROW: usize = 1024;

/// A table layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LayoutKind {
    /// A line a row, cells separated by tabs.
    Tab,
    /// One cell a line (usually behind a tab), rows split by blank lines.
    BrokenLine,
    /// First cell bare, later cells behind `| `, a lone `|` ending the row.
    Pipe,
    /// Markdown pipe tables with a `|---|` rule.
    Markdown,
}

impl LayoutKind {
    /// All layouts, in the order ties are broken.
    pub const ALL: [LayoutKind; 4] = [
        LayoutKind::Markdown,
        LayoutKind::Pipe,
        LayoutKind::Tab,
        LayoutKind::BrokenLine,
    ];

    /// The layout's name as printed (`broken-line`, …).
    pub fn name(self) -> &'static str {
        match self {
            LayoutKind::Tab => "tab",
            LayoutKind::BrokenLine => "broken-line",
            LayoutKind::Pipe => "pipe",
            LayoutKind::Markdown => "markdown",
        }
    }

    /// How well the layout explains `lines` (0.0 to 1.0).
    pub fn score(self, lines: &[Line<'_>]) -> f32 {
        match self {
            LayoutKind::Tab => tab::score(lines),
            LayoutKind::BrokenLine => broken::score(lines),
            LayoutKind::Pipe => pipe::score(lines),
            LayoutKind::Markdown => markdown::score(lines),
        }
    }

    /// Parses `lines` as this layout.
    pub fn parse<'t>(self, lines: &[Line<'t>]) -> Grid<'t> {
        let mut grid = self.parse_rows(lines);
        grid.score = self.score(lines);
        grid
    }

    /// Parses `lines` as this layout, leaving the grid's score at 0.
    fn parse_rows<'t>(self, lines: &[Line<'t>]) -> Grid<'t> {
        match self {
            LayoutKind::Tab => tab::parse_rows(lines),
            LayoutKind::BrokenLine => broken::parse_rows(lines),
            LayoutKind::Pipe => pipe::parse_rows(lines),
            LayoutKind::Markdown => markdown::parse_rows(lines),
        }
    }
}

impl std::fmt::Display for LayoutKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One cell: its text (continuation lines joined) and where it stands.
///
/// A cell borrows its text from the document (`'t`) when the text is one
/// slice of a line, as almost every cell's is; only a wrapped cell, whose
/// lines are joined, owns a new string.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cell<'t> {
    /// The cell's text, trimmed; a wrapped cell's lines joined.
    pub text: Cow<'t, str>,
    /// The span of the cell's text in the document (for an empty cell, an
    /// empty span where the cell stands).
    pub span: Span,
}

impl<'t> Cell<'t> {
    /// A cell from a slice of a line, trimmed (borrowing the slice).
    pub fn from_slice(line: &Line<'_>, raw: &'t str) -> Cell<'t> {
        let t = trim_cell(raw);
        let span = if t.is_empty() {
            let s = line.span_of(raw);
            Span::empty(s.start as usize)
        } else {
            line.span_of(t)
        };
        Cell {
            text: Cow::Borrowed(t),
            span,
        }
    }

    /// Whether the cell holds no text.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Appends a continuation line (`商业` + `企业`). Chinese text joins with
    /// nothing between; two Latin letters or digits join with a space. The
    /// joined text is a new string (an empty cell takes the line's slice).
    pub fn join(&mut self, line: &Line<'_>, raw: &'t str) {
        let t = trim_cell(raw);
        if t.is_empty() {
            return;
        }
        if self.text.is_empty() {
            self.text = Cow::Borrowed(t);
            let span = line.span_of(t);
            self.span = if self.span.is_empty() {
                span
            } else {
                self.span.cover(span)
            };
            return;
        }
        let needs_space = matches!(
            (self.text.chars().last(), t.chars().next()),
            (Some(a), Some(b)) if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric()
        );
        let space = if needs_space { " " } else { "" };
        match &mut self.text {
            Cow::Owned(text) => {
                text.push_str(space);
                text.push_str(t);
            }
            Cow::Borrowed(first) => self.text = Cow::Owned([*first, space, t].concat()),
        }
        self.span = self.span.cover(line.span_of(t));
    }
}

/// [`trim_cell`] of a cell padded by one space (`| 0 |`, `| 0`) whose text
/// inside starts and ends with a character never trimmed (printable ASCII,
/// a CJK ideograph, a full-width form such as `（` or `２`): that text,
/// found by its bytes; of an empty cell (`||`, `| |`), its empty start.
/// `None` for any other cell (tested against `trim_cell`, slices and all).
#[inline]
fn trim_padded(raw: &str) -> Option<&str> {
    let b = raw.as_bytes();
    match b {
        [] | [b' '] => return Some(&raw[..0]),
        [b' ', ..] => {}
        _ => return None,
    }
    let end = b.len() - usize::from(b.len() > 1 && b[b.len() - 1] == b' ');
    // lead bytes E4..E9 start U+4000..U+9FFF; EF BC and EF BD start
    // U+FF00..U+FF7F (full-width forms; U+FEFF, trimmed, is EF BB BF)
    let plain_start = matches!(
        &b[1..],
        [0x21..=0x7E | 0xE4..=0xE9, ..] | [0xEF, 0xBC | 0xBD, ..]
    );
    let plain_end = matches!(
        &b[..end],
        [_, .., 0x21..=0x7E] | [_, .., 0xE4..=0xE9, _, _] | [_, .., 0xEF, 0xBC | 0xBD, _]
    );
    (plain_start && plain_end).then(|| &raw[1..end])
}

/// A row of cells.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Row<'t> {
    /// The cells, empty ones included.
    pub cells: Vec<Cell<'t>>,
    /// From the row's first line to its last.
    pub span: Span,
    /// Cells met beyond [`MAX_CELLS_PER_ROW`] + 1 and never built.
    #[serde(skip)]
    dropped: usize,
}

impl<'t> Row<'t> {
    /// A row that starts at `line`.
    pub fn starting_at(line: &Line<'_>) -> Row<'t> {
        Row::with_room(line, 0)
    }

    /// A row that starts at `line`, with room for `cells` cells (at most
    /// the row limit) so that it is not grown cell by cell.
    pub(crate) fn with_room(line: &Line<'_>, cells: usize) -> Row<'t> {
        Row {
            cells: Vec::with_capacity(cells.min(MAX_CELLS_PER_ROW + 1)),
            span: line.span(),
            dropped: 0,
        }
    }

    /// Adds `cell`; past the limit of [`MAX_CELLS_PER_ROW`] (and one more, so
    /// that [`Grid::push`] sees the row is too long) it is only counted.
    pub(crate) fn push_cell(&mut self, cell: Cell<'t>) {
        if self.has_room() {
            self.cells.push(cell);
        }
    }

    /// Adds the cell `raw` of `line` ([`Cell::from_slice`]), building it only
    /// within the limit (a hostile line of millions of separators costs no
    /// memory for the cells it drops).
    pub(crate) fn push_slice(&mut self, line: &Line<'_>, raw: &'t str) {
        if self.has_room() {
            self.cells.push(Cell::from_slice(line, raw));
        }
    }

    /// [`Row::push_slice`] for a cell that is mostly padded by a space
    /// (`| 0 |`): such a cell is trimmed by its bytes ([`trim_padded`]).
    pub(crate) fn push_padded(&mut self, line: &Line<'_>, raw: &'t str) {
        if !self.has_room() {
            return;
        }
        // (an empty cell's span, empty where the cell stands, is the span of
        // its empty start)
        self.cells.push(match trim_padded(raw) {
            Some(t) => Cell {
                text: Cow::Borrowed(t),
                span: line.span_of(t),
            },
            None => Cell::from_slice(line, raw),
        });
    }

    /// Whether one more cell is kept; if not, it is counted as dropped.
    fn has_room(&mut self) -> bool {
        let room = self.cells.len() <= MAX_CELLS_PER_ROW;
        self.dropped += usize::from(!room);
        room
    }

    /// Extends the row's span over `line`.
    pub fn extend_to(&mut self, line: &Line<'_>) {
        self.span = self.span.cover(line.span());
    }

    /// Whether every cell is empty.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }
}

/// The grid an adapter made of a region.
#[derive(Clone, Debug, Serialize)]
pub struct Grid<'t> {
    /// The layout used.
    pub layout: LayoutKind,
    /// Its score on the region (0.0 to 1.0).
    pub score: f32,
    /// The rows.
    pub rows: Vec<Row<'t>>,
    /// What the adapter skipped or doubted.
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
}

impl<'t> Grid<'t> {
    /// The most rows a grid has room for before its first row.
    const ROOM: usize = 1024;

    /// An empty grid for the rows of `lines`; its score is set by whoever
    /// scored the lines. It has room for a row a line (no layout makes more
    /// rows of a region than it has lines), so that its rows are not moved
    /// as they come, up to [`Grid::ROOM`] rows: a longer region's rows grow
    /// beyond as they come.
    pub(crate) fn new(layout: LayoutKind, lines: &[Line<'_>]) -> Grid<'t> {
        Grid {
            layout,
            score: 0.0,
            rows: Vec::with_capacity(lines.len().min(Grid::ROOM)),
            diagnostics: Vec::new(),
        }
    }

    /// Room for the cells of a row whose count is not known when it starts:
    /// as many as the last row has room for. A table's rows mostly have the
    /// same number of cells, and a row starting so has room, mostly, for as
    /// many as the widest row before it, so that a table whose header rows are
    /// narrower than its body grows its rows once, not once a row. No more
    /// than twice the last row's cells and four, though: the room stays in
    /// proportion to the text read (a wide row makes no run of narrow rows
    /// after it wide).
    pub(crate) fn room_guess(&self) -> usize {
        self.rows
            .last()
            .map_or(0, |r| r.cells.capacity().min(2 * r.cells.len() + 4))
    }

    /// Records a skipped stray line.
    pub(crate) fn stray(&mut self, line: &Line<'_>) {
        self.diagnostics.push(
            Diagnostic::new(
                Severity::Info,
                Code::StrayLine,
                format!("skipped stray line {:?}", trim_cell(line.text)),
            )
            .at(line.span()),
        );
    }

    /// Pushes `row` unless it has no cells. A row of more than
    /// [`MAX_CELLS_PER_ROW`] cells keeps the first ones, with an `extra-cells`
    /// warning.
    pub(crate) fn push(&mut self, mut row: Row<'t>) {
        if row.cells.len() > MAX_CELLS_PER_ROW {
            self.cut(&mut row);
        }
        if !row.cells.is_empty() {
            self.rows.push(row);
        }
    }

    /// Cuts a row of more than [`MAX_CELLS_PER_ROW`] cells to the first ones,
    /// with an `extra-cells` warning. Out of line: real rows are shorter.
    #[cold]
    #[inline(never)]
    fn cut(&mut self, row: &mut Row<'t>) {
        let (Some(first), Some(last)) = (row.cells.get(MAX_CELLS_PER_ROW), row.cells.last()) else {
            return;
        };
        let mut span = first.span.cover(last.span);
        if row.dropped > 0 {
            // the cells never built end where the row ends
            span = span.cover(Span::empty(row.span.end as usize));
        }
        let dropped = row.cells.len() - MAX_CELLS_PER_ROW + row.dropped;
        row.cells.truncate(MAX_CELLS_PER_ROW);
        row.cells.shrink_to_fit();
        self.diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                Code::ExtraCells,
                format!("a row of more than {MAX_CELLS_PER_ROW} cells; ignored the last {dropped}"),
            )
            .at(span),
        );
    }
}

/// The scores of every layout on `lines`, best first (ties broken by
/// [`LayoutKind::ALL`] order).
pub fn scores(lines: &[Line<'_>]) -> Vec<(LayoutKind, f32)> {
    scores_by(lines, |k| k.score(lines))
}

/// [`scores`] with `score(k)` scoring layout `k` on `lines`.
fn scores_by(
    lines: &[Line<'_>],
    mut score: impl FnMut(LayoutKind) -> f32,
) -> Vec<(LayoutKind, f32)> {
    // a layout whose separator the region lacks explains none of its lines
    // (each scorer gives 0.0 then, tested): skip scoring it
    let has = |b: u8| {
        lines
            .iter()
            .any(|l| find_byte(l.text.as_bytes(), b).is_some())
    };
    let (tabs, pipes) = (has(b'\t'), has(b'|'));
    let mut s: Vec<(LayoutKind, f32)> = LayoutKind::ALL
        .iter()
        .map(|&k| {
            let possible = match k {
                LayoutKind::Tab => tabs,
                LayoutKind::Pipe | LayoutKind::Markdown => pipes,
                LayoutKind::BrokenLine => true,
            };
            (k, if possible { score(k) } else { 0.0 })
        })
        .collect();
    s.sort_by(|a, b| b.1.total_cmp(&a.1));
    s
}

/// [`scores`] and [`parse_scored`] of `lines` at once: what scoring learnt
/// of each line (the pipe and markdown layouts' kinds of line) is not worked
/// out again by the parse. The same scores and grid (tested).
pub fn score_and_parse<'t>(lines: &[Line<'t>]) -> (Vec<(LayoutKind, f32)>, Grid<'t>) {
    let mut kinds: Option<pipe::Kinds<'_>> = None;
    let mut md_kinds: Option<markdown::Kinds<'_>> = None;
    let s = scores_by(lines, |k| match k {
        LayoutKind::Pipe => {
            let mut seen = Vec::with_capacity(lines.len());
            let score = pipe::score_recording(lines, |kind| seen.push(kind));
            kinds = Some(seen);
            score
        }
        LayoutKind::Markdown => {
            let mut seen = Vec::with_capacity(lines.len());
            let score = markdown::score_recording(lines, |kind| seen.push(kind));
            md_kinds = Some(seen);
            score
        }
        _ => k.score(lines),
    });
    let grid = match (s[0].0, &kinds, &md_kinds) {
        (LayoutKind::Pipe, Some(kinds), _) => pipe::parse_rows_with(lines, kinds),
        (LayoutKind::Markdown, _, Some(kinds)) => markdown::parse_rows_with(lines, kinds),
        (best, _, _) => best.parse_rows(lines),
    };
    let grid = finish(lines, &s, grid);
    (s, grid)
}

/// Parses `lines` with the layout that explains them best. When the runner-up
/// scores within 0.05 of the best, an `ambiguous-layout` diagnostic says so.
pub fn parse_best<'t>(lines: &[Line<'t>]) -> Grid<'t> {
    parse_scored(lines, &scores(lines))
}

/// [`parse_best`] with the scores of `lines` already made by [`scores`]
/// (each layout scored once).
pub fn parse_scored<'t>(lines: &[Line<'t>], s: &[(LayoutKind, f32)]) -> Grid<'t> {
    finish(lines, s, s[0].0.parse_rows(lines))
}

/// The grid `grid` of `lines` made with the best layout of `s`, given its
/// score and, when the runner-up scores close, an `ambiguous-layout` note.
fn finish<'t>(lines: &[Line<'_>], s: &[(LayoutKind, f32)], mut grid: Grid<'t>) -> Grid<'t> {
    let (best, best_score) = s[0];
    grid.score = best_score;
    if best_score > 0.0 && s[1].1 > 0.0 && best_score - s[1].1 < 0.05 {
        let span = match (lines.first(), lines.last()) {
            (Some(a), Some(b)) => a.span().cover(b.span()),
            _ => Span::default(),
        };
        grid.diagnostics.push(
            Diagnostic::new(
                Severity::Info,
                Code::AmbiguousLayout,
                format!(
                    "layouts {} ({:.2}) and {} ({:.2}) fit this region almost equally; chose {}",
                    best, best_score, s[1].0, s[1].1, best
                ),
            )
            .at(span),
        );
    }
    grid
}

/// The index of the first `x` in `b`. Most lines are short: a scan eight
/// bytes a word finds the byte (or its absence) sooner than a vector search
/// is set up (`memchr` for the long ones).
#[inline]
pub(crate) fn find_byte(b: &[u8], x: u8) -> Option<usize> {
    if b.len() > 32 {
        return memchr::memchr(x, b);
    }
    find_byte_near(b, x)
}

/// [`find_byte`] by words whatever the length of `b`: for a byte that mostly
/// stands near the start (the separator after a short cell).
#[inline]
fn find_byte_near(b: &[u8], x: u8) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    let (words, rest) = b.as_chunks::<8>();
    for (i, w) in words.iter().enumerate() {
        // a byte of `v` is zero where `w` holds `x`; the lowest byte whose
        // high bit `zero` sets is the first such (a borrow only carries
        // upwards from a zero byte)
        let v = u64::from_le_bytes(*w) ^ (ONES * u64::from(x));
        let zero = v.wrapping_sub(ONES) & !v & HIGHS;
        if zero != 0 {
            return Some(i * 8 + (zero.trailing_zeros() / 8) as usize);
        }
    }
    let at = words.len() * 8;
    rest.iter().position(|&c| c == x).map(|n| at + n)
}

/// `text.split(sep)` for an ASCII `sep`, found by a scan a word at a time
/// ([`find_byte_near`]; cells are short: a scan costs less than the general
/// string search or a vector search).
pub(crate) fn split_byte(text: &str, sep: u8) -> impl Iterator<Item = &str> {
    debug_assert!(sep.is_ascii());
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        let rest = &text.as_bytes()[from..];
        match find_byte_near(rest, sep) {
            Some(n) => {
                start = Some(from + n + 1);
                Some(&text[from..from + n])
            }
            None => {
                start = None;
                Some(&text[from..])
            }
        }
    })
}

/// Counts non-blank, non-stray lines: the denominator of every score.
pub(crate) fn content_lines(lines: &[Line<'_>]) -> usize {
    lines
        .iter()
        .filter(|l| !l.is_blank() && !l.is_stray())
        .count()
}

/// `explained / content`, or 0 for a region with no content.
pub(crate) fn ratio(explained: usize, content: usize) -> f32 {
    if content == 0 {
        0.0
    } else {
        (explained.min(content) as f32) / (content as f32)
    }
}

/// Every text made of `n` of `parts` in a row, repeats allowed: the short
/// lines the adapters' fast paths are compared with their rules over.
#[cfg(test)]
pub(crate) fn every_text(parts: &[&str], n: usize) -> Vec<String> {
    (0..n).fold(vec![String::new()], |texts, _| {
        texts
            .iter()
            .flat_map(|t| parts.iter().map(move |p| format!("{t}{p}")))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::{
        every_text, find_byte, find_byte_near, parse_scored, score_and_parse, scores, split_byte,
        trim_padded,
    };
    use crate::lines::split_lines;

    /// [`score_and_parse`] of `text`'s lines is [`scores`] and
    /// [`parse_scored`] of them.
    fn score_and_parse_agrees(text: &str) {
        let lines = split_lines(text);
        let s = scores(&lines);
        let (fast_s, fast_grid) = score_and_parse(&lines);
        assert_eq!(fast_s, s, "{text:?}");
        let grid = parse_scored(&lines, &s);
        assert_eq!(format!("{fast_grid:?}"), format!("{grid:?}"), "{text:?}");
    }

    #[test]
    fn score_and_parse_agrees_with_scoring_then_parsing() {
        let parts = [
            "|\n",
            "| 0\n",
            "中\n",
            "\n",
            "| a | b |\n",
            "、\n",
            "\t0\n",
            "|---|\n",
            "a。\n",
            "x\ty\n",
        ];
        for text in every_text(&parts, 5) {
            score_and_parse_agrees(&text);
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/layouts");
        for dir in std::fs::read_dir(root).unwrap() {
            for case in std::fs::read_dir(dir.unwrap().path()).unwrap() {
                let path = case.unwrap().path();
                if path.extension().is_some_and(|x| x == "txt") {
                    score_and_parse_agrees(&std::fs::read_to_string(&path).unwrap());
                }
            }
        }
    }

    #[test]
    fn padded_cells_trim_as_trim_cell() {
        let parts = [
            "", " ", "  ", "\t", "a", "0", "中", "é", "\u{3000}", "（", "|", "\u{A0}", "２",
            "\u{FEFF}", "\u{FF00}", "\u{FF7F}", "\u{FF80}", "\u{FFEF}",
        ];
        for text in every_text(&parts, 4) {
            if let Some(t) = trim_padded(&text) {
                let slow = crate::lines::trim_cell(&text);
                assert_eq!(t, slow, "{text:?}");
                assert_eq!(t.as_ptr(), slow.as_ptr(), "{text:?}");
            }
        }
        assert_eq!(trim_padded(" 0 "), Some("0"));
        assert_eq!(trim_padded(" 中"), Some("中"));
        assert_eq!(trim_padded(" （一）予以公开 "), Some("（一）予以公开"));
        assert_eq!(trim_padded(" ２２ "), Some("２２"));
        assert_eq!(trim_padded(" "), Some(""));
        assert_eq!(trim_padded("  "), None);
    }

    #[test]
    fn find_byte_agrees_with_memchr() {
        let parts = ["", "|", "\t", " ", "a", "中", "0123456789"];
        for text in every_text(&parts, 5) {
            for x in [b'|', b'\t'] {
                let b = text.as_bytes();
                assert_eq!(find_byte(b, x), memchr::memchr(x, b), "{text:?}");
            }
        }
    }

    #[test]
    fn find_byte_finds_the_first_among_near_misses() {
        // every length a word scan takes, the byte at every place (or none)
        // among bytes one bit or one step away from it, and a second one
        // after the first
        for x in [b'|', b'\t', 0x00, 0x01, 0x7F, 0x80, 0xFF] {
            let near = [
                x ^ 0x01,
                x ^ 0x80,
                x.wrapping_add(1),
                x.wrapping_sub(1),
                0x00,
                0xFF,
            ];
            for len in 0..=40usize {
                for fill in near {
                    if fill == x {
                        continue;
                    }
                    for at in 0..=len {
                        for second in [None, Some(at + 1), Some(len.saturating_sub(1))] {
                            let mut b = vec![fill; len];
                            if at < len {
                                b[at] = x;
                            }
                            if let Some(s) = second.filter(|&s| s < len && s >= at) {
                                b[s] = x;
                            }
                            let want = b.iter().position(|&c| c == x);
                            assert_eq!(find_byte(&b, x), want, "{x:#x} {b:?}");
                            assert_eq!(find_byte_near(&b, x), want, "{x:#x} {b:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn every_text_is_every_sequence() {
        assert_eq!(every_text(&["a", "b"], 2), ["aa", "ab", "ba", "bb"]);
        assert_eq!(every_text(&["", "x", "中"], 4).len(), 81);
    }

    #[test]
    fn split_byte_agrees_with_split() {
        let parts = ["", "|", "\t", " ", "a", "中", "||", "\t\t"];
        for text in every_text(&parts, 4) {
            for sep in ['|', '\t'] {
                let fast: Vec<&str> = split_byte(&text, sep as u8).collect();
                let slow: Vec<&str> = text.split(sep).collect();
                assert_eq!(fast, slow, "{text:?}");
                // the same slices of the text, not equal copies
                let at =
                    |v: &[&str]| -> Vec<usize> { v.iter().map(|s| s.as_ptr() as usize).collect() };
                assert_eq!(at(&fast), at(&slow), "{text:?}");
            }
        }
    }
}
