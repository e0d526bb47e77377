//! From grids to fields: finding each table of the grammar and each of its
//! rows by their labels, and reading the values.
//!
//! Rows are found by their labels, never by counting lines or cells. For each
//! table:
//!
//! 1. **Anchor.** The table starts at the row holding one of its captions
//!    (`第二十条第（一）项`), or, for a table without caption, at the first row
//!    holding one of its header labels (`申请人情况`). It ends where another
//!    table's caption or header begins, or at the end of the region. Regions
//!    of the table's own section are searched first, then the others.
//! 2. **Rows.** In each grid row, cells that read as values (numbers,
//!    placeholders, empty cells) after the last label cell are the values;
//!    the cells before are labels. Label cells that name a group (`（三）不予公开`)
//!    set the group context; the best-scoring member row label
//!    ([`crate::label::Label::score`], with a bonus inside the current group)
//!    names the row. A label-only row that names nothing is kept as the first
//!    part of a label wrapped onto the next row. A row of values without any
//!    label fills the table's unlabelled row (table 四).
//! 3. **Values.** With as many values as columns, they map in order. With
//!    more, empty cells at the ends are dropped first (lost or extra span
//!    positions), then extra cells are reported and ignored. With fewer, the
//!    header's geometry places them when it can, else they map from the left;
//!    either way a `short-row` diagnostic says so.

use crate::diag::{Code, Diagnostic, Severity};
use crate::grammar::{
    mark_anchors, table_bit, Grammar, KnownLabel, KnownLabels, RowDef, TableDef, TableSet,
};
use crate::label::Label;
use crate::layout::{Cell, Row};
use crate::normalize::label_key;
use crate::regions::Region;
use crate::shared::SharedStr;
use crate::span::Span;
use crate::value::{looks_like_value, parse_value, Value};
use std::borrow::Cow;
use std::cell::OnceCell;

/// One field of the output. Its cell texts borrow the document's text
/// (`'t`), as the cells do.
#[derive(Clone, Debug, PartialEq)]
pub struct Field<'t> {
    /// The field key (`applications.total.natural_person`), shared with the
    /// grammar.
    pub key: SharedStr,
    /// The value; `None` when missing, empty or unreadable.
    pub value: Option<Value>,
    /// The value cell's text, as written (borrowed from the document).
    pub value_text: Option<Cow<'t, str>>,
    /// The value cell's span.
    pub value_span: Option<Span>,
    /// The text of the row label cell the value was found by (borrowed from
    /// the document; owned when the label was joined from several lines).
    pub label_text: Option<Cow<'t, str>>,
    /// The row label cell's span.
    pub label_span: Option<Span>,
    /// Whether the value was inferred from an identity rather than read.
    pub inferred: bool,
}

impl Field<'_> {
    fn empty<'t>(key: SharedStr) -> Field<'t> {
        Field {
            key,
            value: None,
            value_text: None,
            value_span: None,
            label_text: None,
            label_span: None,
            inferred: false,
        }
    }
}

/// A grid row that held values but was used by no table.
#[derive(Clone, Debug, PartialEq)]
pub struct UnusedRow {
    /// The table whose extent it was in, if any.
    pub table: Option<String>,
    /// Its cells' texts.
    pub cells: Vec<String>,
    /// The row's span.
    pub span: Span,
}

/// What table extraction produced.
#[derive(Clone, Debug, Default)]
pub struct Tables<'t> {
    /// Every field of the grammar, in grammar order.
    pub fields: Vec<Field<'t>>,
    /// Rows with values that matched nothing.
    pub unused: Vec<UnusedRow>,
    /// Findings.
    pub diagnostics: Vec<Diagnostic>,
}

/// The cells of a grid row split into label cells and value cells.
///
/// The label cells are the non-empty cells before the first value cell
/// ([`Split::label_at`]); the last of them is the cell just before it.
struct Split<'g, 't> {
    /// The cells before the first value cell.
    heads: &'g [Cell<'t>],
    /// How many of `heads` are label cells (non-empty).
    labels: usize,
    values: &'g [Cell<'t>],
    /// Index in the row of the first value cell.
    values_at: usize,
}

impl Split<'_, '_> {
    /// Index in the row of each label cell, in order.
    fn label_at(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.heads.len()).filter(|&k| !self.heads[k].is_empty())
    }

    /// Index in the row of the last label cell.
    fn last_label(&self) -> Option<usize> {
        // the cell before the values is a label cell (see `split_row`)
        self.values_at.checked_sub(1)
    }
}

fn split_row<'g, 't>(row: &'g Row<'t>, is_value: impl Fn(usize) -> bool) -> Split<'g, 't> {
    let last_label = (0..row.cells.len()).rposition(|i| !row.cells[i].is_empty() && !is_value(i));
    let at = last_label.map_or(0, |i| i + 1);
    let (heads, values) = row.cells.split_at(at);
    Split {
        heads,
        labels: heads.iter().filter(|c| !c.is_empty()).count(),
        values,
        values_at: at,
    }
}

/// What extraction asks of a grid row again and again, worked out once per
/// document: its split into label and value cells, each cell's [`Label`]
/// (made on first use: folding and numbering are the costly part of label
/// matching), and which tables it anchors.
struct RowView<'g, 't> {
    row: &'g Row<'t>,
    /// The grammar's labels by their text, for cells written as it writes them.
    known: &'g KnownLabels,
    /// For each cell, what is worked out about it (a part of one slice
    /// for the whole document: see [`cell_views`]).
    cells: &'g [CellView<'g>],
    split: Split<'g, 't>,
    anchors: OnceCell<TableSet>,
}

/// What [`RowView`] knows of one cell.
struct CellView<'g> {
    /// Whether the cell reads as a value ([`looks_like_value`]).
    is_value: bool,
    /// Its label, made on first use.
    label: OnceCell<CellLabel<'g>>,
}

/// A cell's label: the grammar's own when the cell is written as the
/// grammar writes a label, made from the cell's text otherwise.
enum CellLabel<'g> {
    Known(&'g KnownLabel),
    Made(Box<Label>),
}

impl CellLabel<'_> {
    #[inline]
    fn get(&self) -> &Label {
        match self {
            CellLabel::Known(k) => &k.label,
            CellLabel::Made(l) => l,
        }
    }
}

impl<'g, 't> RowView<'g, 't> {
    fn new(row: &'g Row<'t>, cells: &'g [CellView<'g>], known: &'g KnownLabels) -> RowView<'g, 't> {
        RowView {
            row,
            known,
            split: split_row(row, |i| cells[i].is_value),
            cells,
            anchors: OnceCell::new(),
        }
    }

    /// Whether cell `i` reads as a value ([`looks_like_value`]).
    fn is_value(&self, i: usize) -> bool {
        self.cells[i].is_value
    }

    /// The label of cell `i`.
    fn label(&self, i: usize) -> &Label {
        self.cell_label(i).get()
    }

    /// The label of cell `i`, and whether the grammar writes it.
    fn cell_label(&self, i: usize) -> &CellLabel<'g> {
        self.cells[i].label.get_or_init(|| {
            let text = &self.row.cells[i].text;
            match self.known.get(text) {
                Some(k) => CellLabel::Known(k),
                None => CellLabel::Made(Box::new(Label::for_matching(text))),
            }
        })
    }

    /// The tables of `grammar` the row anchors (see [`anchored`]).
    fn anchored(&self, grammar: &Grammar) -> TableSet {
        *self.anchors.get_or_init(|| anchored(self, grammar))
    }

    /// The rows of table `t` (`table`) whose label body equals cell `i`'s
    /// ([`exact_rows`]): worked out with the grammar for a cell written as
    /// it writes a label.
    fn exact_rows(&self, i: usize, t: usize, table: &'g TableDef) -> Exact<'_> {
        match self.cell_label(i) {
            CellLabel::Known(k) => Exact::Scored(&k.exact[t]),
            CellLabel::Made(l) => Exact::Rows(exact_rows(table, l)),
        }
    }

    /// Whether the row anchors table `t` of `grammar`.
    fn anchors(&self, grammar: &Grammar, t: usize) -> bool {
        self.anchored(grammar) & table_bit(t) != 0
    }
}

/// What is known of every cell of every row of every region, in order: one
/// allocation for the document, which [`views`] parts among the rows.
fn cell_views<'g>(regions: &[Region<'_>]) -> Vec<CellView<'g>> {
    let rows = || regions.iter().flat_map(|r| r.grid.rows.iter());
    let mut cells = Vec::with_capacity(rows().map(|row| row.cells.len()).sum());
    for row in rows() {
        for c in &row.cells {
            cells.push(CellView {
                is_value: looks_like_value(&c.text),
                label: OnceCell::new(),
            });
        }
    }
    cells
}

/// The views of every row of every region; `cells` is [`cell_views`] of
/// the same regions.
fn views<'g, 't>(
    regions: &'g [Region<'t>],
    mut cells: &'g [CellView<'g>],
    known: &'g KnownLabels,
) -> Vec<Vec<RowView<'g, 't>>> {
    regions
        .iter()
        .map(|r| {
            r.grid
                .rows
                .iter()
                .map(|row| {
                    let (own, rest) = cells.split_at(row.cells.len());
                    cells = rest;
                    RowView::new(row, own, known)
                })
                .collect()
        })
        .collect()
}

fn has_values(values: &[Cell<'_>]) -> bool {
    values.iter().any(|c| !c.is_empty())
}

/// The best score of `text` against any of `labels`.
fn best_score(text: &Label, labels: &[Label]) -> Option<i32> {
    labels.iter().filter_map(|l| text.score(l)).max()
}

/// Which tables of `grammar` a row anchors: a caption, or (for a table
/// without captions) a header label, in one of its cells. One pass over the
/// cells for all tables: each cell's label is made once and tested against
/// the anchors that start like it ([`crate::grammar::AnchorsByFirst`]).
fn anchored(row: &RowView<'_, '_>, grammar: &Grammar) -> TableSet {
    let tables = &grammar.tables;
    // every table (at most 64: see `MAX_TABLES`)
    let all: TableSet = match tables.len() {
        0 => return 0,
        n => TableSet::MAX >> (TableSet::BITS as usize - n.min(64)),
    };
    let mut hit: TableSet = 0;
    // a value cell (`0`, `3件`) only matches an anchor made of value
    // characters: its label is not made when no table has one
    let value_like = grammar.anchors_by_first.value_like;
    let cells = &row.row.cells;
    for i in (0..cells.len()).filter(|&i| !cells[i].is_empty()) {
        if hit == all {
            break;
        }
        let is_value = row.is_value(i);
        if is_value && !value_like {
            continue;
        }
        match row.cell_label(i) {
            // worked out with the grammar (as a label cell)
            CellLabel::Known(k) if !is_value => hit |= k.anchors,
            l => mark_anchors(
                l.get(),
                is_value,
                tables,
                &grammar.anchors_by_first,
                &mut hit,
            ),
        }
    }
    hit
}

/// Where a table stands: region index and rows `start..end`.
#[derive(Clone, Copy, Debug)]
struct Extent {
    region: usize,
    start: usize,
    end: usize,
    anchored: bool,
}

fn locate(
    grammar: &Grammar,
    t: usize,
    regions: &[Region<'_>],
    views: &[Vec<RowView<'_, '_>>],
) -> Option<Extent> {
    let table = &grammar.tables[t];
    let own = |r: &Region<'_>| r.section.is_some() && r.section == table.section;
    // the table's own regions first, then the others
    let order = || {
        let n = regions.len();
        let own_ones = (0..n).filter(|&i| own(&regions[i]));
        own_ones.chain((0..n).filter(|&i| !own(&regions[i])))
    };
    for ri in order() {
        let rows = &views[ri];
        if let Some(start) = rows.iter().position(|r| r.anchors(grammar, t)) {
            // a row that anchors another table and not this one ends it
            let end = rows[start + 1..]
                .iter()
                .position(|r| {
                    let a = r.anchored(grammar);
                    a != 0 && a & table_bit(t) == 0
                })
                .map_or(rows.len(), |i| i + start + 1);
            return Some(Extent {
                region: ri,
                start,
                end,
                anchored: true,
            });
        }
    }
    // No anchor anywhere: look for the rows in the table's own section.
    order()
        .next()
        .filter(|&ri| own(&regions[ri]))
        .map(|ri| Extent {
            region: ri,
            start: 0,
            end: regions[ri].grid.rows.len(),
            anchored: false,
        })
}

/// A row of the grammar matched in a grid row.
struct Hit<'g, 't> {
    row: &'g Row<'t>,
    label: Option<&'g Cell<'t>>,
    values: &'g [Cell<'t>],
    values_at: usize,
    /// Value cells of following label-less rows that continue this one (a
    /// table 四 printed as three rows of five).
    more: Vec<&'g Cell<'t>>,
}

/// Most list marks inside one cell at which extraction starts another label
/// to match (a cell holding `（一）…（二）…` run together; real cells hold one
/// or two).
pub const MAX_EMBEDDED_LABELS: usize = 8;

/// The text itself and each tail of it that starts at a list mark inside
/// (`（四）无2.没有现成信息…` holds `2.没有现成信息…`: PDF text interleaves a
/// group cell with the first line of its member's label).
///
/// At most [`MAX_EMBEDDED_LABELS`] tails are tried: each is matched against
/// every row, and a hostile cell holds a mark every few bytes.
fn embedded_labels(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let marks = (1..b.len())
        .filter(move |&i| {
            b[i].is_ascii_digit()
                && !b[i - 1].is_ascii_digit()
                && (text[i + 1..].starts_with('.')
                    || text[i + 1..].starts_with('、')
                    || text[i + 1..].starts_with('．'))
        })
        .take(MAX_EMBEDDED_LABELS);
    std::iter::once(text).chain(marks.map(move |i| &text[i..]))
}

/// Records a row with values that no row of `table` took.
fn unused_row(out: &mut Tables<'_>, table: &TableDef, row: &Row<'_>, message: String) {
    out.unused.push(UnusedRow {
        table: Some(table.key.clone()),
        cells: row.cells.iter().map(|c| c.text.to_string()).collect(),
        span: row.span,
    });
    out.diagnostics
        .push(Diagnostic::new(Severity::Warning, Code::UnusedRow, message).at(row.span));
}

/// How many non-empty value cells a hit holds so far.
fn filled(h: &Hit<'_, '_>) -> usize {
    h.values.iter().filter(|c| !c.is_empty()).count() + h.more.len()
}

/// Whether `g` is `current` or one of its ancestors.
fn is_ancestor_or_self(rows: &[RowDef], g: usize, current: Option<usize>) -> bool {
    let mut c = current;
    while let Some(i) = c {
        if i == g {
            return true;
        }
        c = rows[i].parent;
    }
    false
}

/// Extracts every table of `grammar` from `regions`.
pub fn extract_tables<'t>(grammar: &Grammar, regions: &[Region<'t>]) -> Tables<'t> {
    let mut out = Tables {
        fields: Vec::with_capacity(grammar.field_keys.len()),
        ..Tables::default()
    };
    let cells = cell_views(regions);
    let views = views(regions, &cells, &grammar.known_labels);
    let mut used: Vec<Vec<bool>> = regions
        .iter()
        .map(|r| vec![false; r.grid.rows.len()])
        .collect();
    let mut scratch = Scratch::default();
    let mut leaves = Leaves::default();
    for (t, table) in grammar.tables.iter().enumerate() {
        let extent = locate(grammar, t, regions, &views);
        let Some(ext) = extent else {
            let anchor = table.captions.first().or(table.header.first());
            let name = anchor.map_or("", |l| l.text.as_str());
            // the caption inside a longer cell: the text holds the table but
            // its cells run together (crawler text, flattened HTML)
            // (a header alone such as 行政复议 also stands in prose: look for
            // the whole header run first)
            let header_run: String = table
                .header
                .iter()
                .take(2)
                .map(|l| label_key(&l.text))
                .collect();
            let cells = || {
                regions
                    .iter()
                    .flat_map(|r| r.grid.rows.iter().flat_map(|row| row.cells.iter()))
            };
            let buried = anchor.and_then(|a| {
                let whole = (table.captions.is_empty() && table.header.len() > 1)
                    .then(|| cells().find(|c| label_key(&c.text).contains(&header_run)))
                    .flatten();
                whole.or_else(|| cells().find(|c| label_key(&c.text).contains(&label_key(&a.text))))
            });
            // point at the caption itself, not the whole line
            let at = buried.map(|cell| {
                // only a cell whose text is its span's bytes (one line, not
                // joined) maps offsets back; else the whole cell is named
                if cell.text.len() != cell.span.len() {
                    return cell.span;
                }
                let norm = crate::normalize::NormText::new(&cell.text, cell.span.start as usize);
                let pat = anchor
                    .map(|a| crate::normalize::fold(&a.text))
                    .unwrap_or_default();
                let run: String = table
                    .header
                    .iter()
                    .take(2)
                    .map(|l| crate::normalize::fold(&l.text))
                    .collect();
                let pat = if table.captions.is_empty() && norm.text.contains(&run) {
                    run
                } else {
                    pat
                };
                match norm.text.find(&pat) {
                    Some(i) if !pat.is_empty() => norm.original(i, i + pat.len()),
                    _ => cell.span,
                }
            });
            let d = match buried.zip(at) {
                Some((_, span)) => Diagnostic::new(
                    Severity::Error,
                    Code::MissingTable,
                    format!(
                        "table {} ({name}) not read: its caption stands inside a longer line, so its cells run together with no separator docgram knows",
                        table.key
                    ),
                )
                .at(span),
                None => Diagnostic::new(
                    Severity::Error,
                    Code::MissingTable,
                    format!("table {} ({name}) not found", table.key),
                ),
            };
            out.diagnostics.push(d);
            push_empty(table, &mut out.fields);
            continue;
        };
        let rows = &regions[ext.region].grid.rows[ext.start..ext.end];
        let row_views = &views[ext.region][ext.start..ext.end];
        let taken = &used[ext.region][ext.start..ext.end];
        let mut hits = match_rows(table, t, row_views, taken, &mut out, ext, &mut leaves);
        for (k, row) in rows.iter().enumerate() {
            if hits.iter().flatten().any(|h| std::ptr::eq(h.row, row)) {
                used[ext.region][ext.start + k] = true;
            }
        }
        find_strays(table, t, &views, ext, &mut hits, &mut used);
        // worked out only for a row that needs it (most never do)
        let geometry = OnceCell::new();
        let geometry = || {
            geometry
                .get_or_init(|| header_geometry(table, row_views))
                .as_deref()
        };
        let faithful = regions[ext.region].grid.layout == crate::layout::LayoutKind::Markdown;
        let anchor_span = rows.first().map(|r| r.span);
        for (ri, rdef) in table.rows.iter().enumerate() {
            if rdef.is_group {
                continue;
            }
            match &hits[ri] {
                Some(hit) => {
                    read_values(
                        table,
                        rdef,
                        hit,
                        &geometry,
                        faithful,
                        &mut out,
                        &mut scratch,
                    );
                }
                None => {
                    let mut d = Diagnostic::new(
                        Severity::Error,
                        Code::MissingRow,
                        format!(
                            "row {} ({}) not found in table {}",
                            rdef.labels
                                .first()
                                .map_or("(unlabelled)", |l| l.text.as_str()),
                            row_path(table, rdef),
                            table.key
                        ),
                    );
                    if let Some(s) = anchor_span {
                        d = d.at(s);
                    }
                    out.diagnostics.push(d);
                    for key in &rdef.field_keys {
                        out.fields.push(Field::empty(key.clone()));
                    }
                }
            }
        }
    }
    // rows with values inside table regions that no table used
    for (ri, region) in regions.iter().enumerate() {
        if region.section.is_none() && regions.len() > 1 {
            continue; // the whole-document fallback repeats other regions
        }
        for (k, row) in region.grid.rows.iter().enumerate() {
            if used[ri][k] {
                continue;
            }
            let split = &views[ri][k].split;
            if split.labels + split.values.len() < 2 || !has_values(split.values) {
                continue;
            }
            // a lone number in running text is no table row
            if split.values.iter().filter(|c| !c.is_empty()).count() < 1 {
                continue;
            }
            out.unused.push(UnusedRow {
                table: None,
                cells: row.cells.iter().map(|c| c.text.to_string()).collect(),
                span: row.span,
            });
        }
    }
    out
}

/// Rows of `table` still missing after its extent was read may stand apart
/// from their caption (a report that gives a table under its own heading, or
/// in an appendix): look for them in every region, among rows no table used,
/// by a label that matches clearly (the label's body equal to or starting
/// with the row's).
fn find_strays<'g, 't>(
    table: &'g TableDef,
    t: usize,
    views: &'g [Vec<RowView<'g, 't>>],
    ext: Extent,
    hits: &mut [Option<Hit<'g, 't>>],
    used: &mut [Vec<bool>],
) {
    let complete = table
        .rows
        .iter()
        .enumerate()
        .all(|(i, d)| d.is_group || d.labels.is_empty() || hits[i].is_some());
    if complete {
        return;
    }
    let own = ext.region;
    let order = std::iter::once(own).chain((0..views.len()).filter(move |&r| r != own));
    for ri in order {
        for (k, view) in views[ri].iter().enumerate() {
            let row = view.row;
            let inside = ri == ext.region && (ext.start..ext.end).contains(&k);
            if used[ri][k] || inside {
                continue;
            }
            let split = &view.split;
            if !has_values(split.values) {
                continue;
            }
            let Some(ci) = split.last_label() else {
                continue;
            };
            let cell = &row.cells[ci];
            let exact = view.exact_rows(ci, t, table);
            let Some((d, score)) = best_def_in(table, view.label(ci), exact, None, false) else {
                continue;
            };
            if score < 500 || hits[d].is_some() {
                continue;
            }
            hits[d] = Some(Hit {
                row,
                label: Some(cell),
                values: split.values,
                values_at: split.values_at,
                more: Vec::new(),
            });
            used[ri][k] = true;
        }
    }
}

fn row_path(table: &TableDef, rdef: &RowDef) -> String {
    match (table.prefix.is_empty(), rdef.key.is_empty()) {
        (false, false) => format!("{}.{}", table.prefix, rdef.key),
        (true, _) => rdef.key.clone(),
        (false, true) => table.prefix.clone(),
    }
}

fn push_empty(table: &TableDef, fields: &mut Vec<Field<'_>>) {
    for rdef in table.rows.iter().filter(|r| !r.is_group) {
        for key in &rdef.field_keys {
            fields.push(Field::empty(key.clone()));
        }
    }
}

/// For each column, the cell index of its header in the table's header rows,
/// when every column's header is found.
fn header_geometry(table: &TableDef, rows: &[RowView<'_, '_>]) -> Option<Vec<usize>> {
    let mut at: Vec<Option<usize>> = vec![None; table.columns.len()];
    for view in rows.iter().take(6) {
        let row = view.row;
        if has_values(view.split.values) {
            continue;
        }
        let mut next_col = 0;
        for (ci, cell) in row.cells.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let l = view.label(ci);
            if let Some(j) = (next_col..table.columns.len()).find(|&j| {
                at[j].is_none() && best_score(l, &table.columns[j].labels).is_some_and(|s| s >= 300)
            }) {
                at[j] = Some(ci);
                next_col = j + 1;
            }
        }
    }
    at.into_iter().collect()
}

/// A row's label cells that name no group, as [`match_rows`] keeps them
/// (kept from row to row and table to table, so that they are allocated
/// once a document).
#[derive(Default)]
struct Leaves<'g, 't> {
    cells: Vec<&'g Cell<'t>>,
    /// Each one's index in the row.
    at: Vec<usize>,
    /// Each one's best row, and the group it was found under: asked again
    /// under the same group, it is not worked out again.
    best: Vec<(Option<RowMatch>, Option<usize>)>,
}

fn match_rows<'g, 't>(
    table: &'g TableDef,
    t: usize,
    rows: &'g [RowView<'g, 't>],
    taken: &[bool],
    out: &mut Tables<'_>,
    ext: Extent,
    leaves: &mut Leaves<'g, 't>,
) -> Vec<Option<Hit<'g, 't>>> {
    let defs = &table.rows;
    let mut hits: Vec<Option<Hit<'g, 't>>> = (0..defs.len()).map(|_| None).collect();
    let mut group: Option<usize> = None;
    let mut pending: Option<String> = None;
    // labels standing on rows of their own, and rows of values without any
    // label: PDF text often separates them; they are paired by order at the end
    let mut label_queue: Vec<(usize, &'g Cell<'t>)> = Vec::new();
    let mut value_queue: Vec<(&'g Row<'t>, &'g [Cell<'t>], usize)> = Vec::new();
    // header cells (`其他`, `总计`) come before the first row of values and
    // are never labels standing apart
    let mut seen_values = false;
    let unlabelled: Vec<usize> = (0..defs.len())
        .filter(|&i| !defs[i].is_group && defs[i].labels.is_empty())
        .collect();
    let skip_first = usize::from(ext.anchored && !table.captions.is_empty());
    // this row's label cells that name no group ([`Leaves`])
    let Leaves {
        cells: leaf_cells,
        at: leaf_at,
        best: leaf_best,
    } = leaves;
    leaf_cells.clear();
    leaf_at.clear();
    leaf_best.clear();
    for (k, view) in rows.iter().enumerate().skip(skip_first) {
        if taken[k] {
            continue; // an earlier table took this row
        }
        let row = view.row;
        let split = &view.split;
        // groups named in this row set the context
        leaf_cells.clear();
        leaf_at.clear();
        leaf_best.clear();
        for ci in split.label_at() {
            let cell = &row.cells[ci];
            let exact = view.exact_rows(ci, t, table);
            let (g, leaf) = best_pair_in(table, view.label(ci), exact, group);
            match (g, leaf) {
                (Some((gi, gs)), Some((_, ls))) if gs >= ls => group = Some(gi),
                (Some((gi, _)), None) => group = Some(gi),
                _ => {
                    leaf_cells.push(cell);
                    leaf_at.push(ci);
                    leaf_best.push((leaf, group));
                }
            }
        }
        // the best row of leaf cell `k` under `group`
        let leaf_def = |k: usize, group: Option<usize>| match leaf_best[k] {
            (best, g) if g == group => best,
            _ => {
                let exact = view.exact_rows(leaf_at[k], t, table);
                best_def_in(table, view.label(leaf_at[k]), exact, group, false)
            }
        };
        if !has_values(split.values) {
            // a row whose value cells are all empty: the row, left blank
            // (a header row, `… | 其他 | |`, names columns, not a row)
            let names_columns = || {
                split.label_at().any(|ci| {
                    let l = view.label(ci);
                    table
                        .columns
                        .iter()
                        .any(|col| best_score(l, &col.labels).is_some_and(|s| s >= 500))
                })
            };
            if !split.values.is_empty() && !names_columns() {
                let blank = leaf_cells.last().and_then(|cell| {
                    let (ri, s) = leaf_def(leaf_cells.len() - 1, group)?;
                    (s >= 500 && hits[ri].is_none()).then_some((ri, *cell))
                });
                if let Some((ri, cell)) = blank {
                    hits[ri] = Some(Hit {
                        row,
                        label: Some(cell),
                        values: split.values,
                        values_at: split.values_at,
                        more: Vec::new(),
                    });
                    pending = None;
                    continue;
                }
            }
            // a label-only row: a header, a group, a label whose values stand
            // elsewhere, or the first part of a label wrapped onto the next row
            for (k, cell) in leaf_cells.iter().enumerate().filter(|_| seen_values) {
                let best = embedded_labels(&cell.text)
                    .enumerate()
                    .filter_map(|(n, t)| match n {
                        0 => leaf_def(k, group),
                        _ => best_def(table, &Label::for_matching(t), group, false),
                    })
                    .max_by_key(|&(_, s)| s);
                if let Some((ri, s)) = best {
                    if s >= 250 && hits[ri].is_none() {
                        label_queue.push((ri, *cell));
                    }
                }
            }
            pending = match leaf_cells.last() {
                Some(c) if split.labels == 1 => Some(c.text.to_string()),
                _ => None,
            };
            continue;
        }
        seen_values = true;
        // the best leaf among this row's label cells (last cells first)
        let mut best: Option<(usize, i32, Option<&Cell<'_>>)> = None;
        for (k, cell) in leaf_cells.iter().enumerate().rev() {
            let mut cand = leaf_def(k, group);
            if let Some(p) = &pending {
                let joined = Label::for_matching(&format!("{p}{}", cell.text));
                if let Some(j) = best_def(table, &joined, group, false) {
                    if cand.is_none_or(|c| j.1 > c.1) {
                        cand = Some(j);
                    }
                }
            }
            if let Some((ri, s)) = cand {
                let s = s - i32::from(hits[ri].is_some()) * 5;
                if best.is_none_or(|b| s > b.1) {
                    best = Some((ri, s, Some(*cell)));
                }
            }
        }
        if best.is_none() && leaf_cells.is_empty() {
            if let Some(&ri) = unlabelled.iter().find(|&&i| hits[i].is_none()) {
                best = Some((ri, 0, None));
            } else if let Some(&ri) = unlabelled.iter().find(|&&i| {
                hits[i]
                    .as_ref()
                    .is_some_and(|h| filled(h) < table.columns.len())
            }) {
                // the unlabelled row continues on this row
                if let Some(h) = hits[ri].as_mut() {
                    h.more.extend(split.values.iter().filter(|c| !c.is_empty()));
                }
                pending = None;
                continue;
            } else {
                // a lone number (a page number, a stray total) is no row
                let n = split.values.iter().filter(|c| !c.is_empty()).count();
                if n >= 2 || table.columns.len() == 1 {
                    value_queue.push((row, split.values, split.values_at));
                }
                pending = None;
                continue;
            }
        }
        pending = None;
        match best {
            Some((ri, _, label)) => {
                if hits[ri].is_some() {
                    out.diagnostics.push(
                        Diagnostic::new(
                            Severity::Warning,
                            Code::DuplicateRow,
                            format!(
                                "row {} of table {} found again; the first one was kept",
                                defs[ri]
                                    .labels
                                    .first()
                                    .map_or("(unlabelled)", |l| l.text.as_str()),
                                table.key
                            ),
                        )
                        .at(row.span),
                    );
                    continue;
                }
                hits[ri] = Some(Hit {
                    row,
                    label,
                    values: split.values,
                    values_at: split.values_at,
                    more: Vec::new(),
                });
            }
            None => {
                let label = leaf_cells
                    .last()
                    .map_or_else(|| row.cells.first().map_or("", |c| &*c.text), |c| &*c.text);
                unused_row(
                    out,
                    table,
                    row,
                    format!(
                        "row {label:?} in table {} matches no row of the grammar",
                        table.key
                    ),
                );
            }
        }
    }
    // pair labels standing apart with label-less rows of values, in order
    let mut labels = label_queue.into_iter();
    for (row, values, values_at) in value_queue {
        let next = labels.by_ref().find(|(ri, _)| hits[*ri].is_none());
        match next {
            Some((ri, cell)) => {
                out.diagnostics.push(
                    Diagnostic::new(
                        Severity::Warning,
                        Code::PairedByOrder,
                        format!(
                            "label {:?} stands apart from its values; paired by order with the row of values at this place",
                            cell.text
                        ),
                    )
                    .at(row.span),
                );
                hits[ri] = Some(Hit {
                    row,
                    label: Some(cell),
                    values,
                    values_at,
                    more: Vec::new(),
                });
            }
            None => unused_row(
                out,
                table,
                row,
                format!(
                    "a row of values without label in table {} matches no row of the grammar",
                    table.key
                ),
            ),
        }
    }
    hits
}

/// A row of a table (its index) and the score it matched with.
type RowMatch = (usize, i32);

/// The best row definition of `table` for a label: a group when `groups`,
/// else a row with values. Rows of the current group (or its ancestors) get
/// a bonus, rows of other groups a malus.
///
/// Only rows with a label sharing the label's first character (or, for a
/// body starting with a lone numeral, its second: see [`Label::score`]) can
/// match; they are visited in row order, so ties go to the first row. When
/// the label's body equals a row label's, only the rows with that label are
/// scored ([`exact_rows`]).
fn best_def(table: &TableDef, l: &Label, group: Option<usize>, groups: bool) -> Option<RowMatch> {
    best_def_in(table, l, Exact::Rows(exact_rows(table, l)), group, groups)
}

/// [`best_def`] with the label's [`exact_rows`] known.
fn best_def_in(
    table: &TableDef,
    l: &Label,
    exact: Exact<'_>,
    group: Option<usize>,
    groups: bool,
) -> Option<RowMatch> {
    best_among(table, l, group, groups, exact).or_else(|| best_def_scan(table, l, group, groups))
}

/// The best row definitions of `table` for a label cell, a group and a row
/// with values, as `(best_def(…, true), best_def(…, false))` but for one
/// thing: when the label's body equals one of the table's labels, the kind
/// (group or row) without such a label is `None` instead of a lower score.
/// That changes nothing where it is used: a group is taken when it scores
/// at least as high as the row, and a row when it scores higher (tested).
#[cfg(test)]
fn best_pair(
    table: &TableDef,
    l: &Label,
    group: Option<usize>,
) -> (Option<RowMatch>, Option<RowMatch>) {
    best_pair_in(table, l, Exact::Rows(exact_rows(table, l)), group)
}

/// `best_pair` with the label's [`exact_rows`] known.
fn best_pair_in(
    table: &TableDef,
    l: &Label,
    exact: Exact<'_>,
    group: Option<usize>,
) -> (Option<RowMatch>, Option<RowMatch>) {
    if exact.is_empty() {
        return (
            best_def_scan(table, l, group, true),
            best_def_scan(table, l, group, false),
        );
    }
    (
        best_among(table, l, group, true, exact),
        best_among(table, l, group, false, exact),
    )
}

/// The rows of `table` with a label whose body equals `l`'s, when they are
/// sure to hold the best match ([`TableDef::rows_with_equal_body`]).
fn exact_rows<'t>(table: &'t TableDef, l: &Label) -> &'t [usize] {
    table.rows_with_equal_body(l)
}

/// A label's [`exact_rows`] in a table, with the label's best score
/// against each row's labels when the grammar worked it out (a known
/// label: [`KnownLabel`]).
#[derive(Clone, Copy)]
enum Exact<'a> {
    Rows(&'a [usize]),
    Scored(&'a [(usize, Option<i32>)]),
}

impl Exact<'_> {
    fn is_empty(self) -> bool {
        match self {
            Exact::Rows(r) => r.is_empty(),
            Exact::Scored(r) => r.is_empty(),
        }
    }
}

/// How well row definition `k` of `table` matches `l` (see [`best_def`]).
fn row_score(
    table: &TableDef,
    k: usize,
    l: &Label,
    group: Option<usize>,
    groups: bool,
) -> Option<i32> {
    row_score_with(table, k, group, groups, |d| best_score(l, &d.labels))
}

/// [`row_score`] of row `k` from the label's best score against its labels
/// (`base`, `None` when none matches).
fn row_score_from(
    table: &TableDef,
    k: usize,
    base: Option<i32>,
    group: Option<usize>,
    groups: bool,
) -> Option<i32> {
    row_score_with(table, k, group, groups, |_| base)
}

/// A row's score: none for a row of the other kind (group or not) or without
/// labels, else the label's best score against its labels (`base`, asked
/// only then) with the group bonus.
#[inline(always)]
fn row_score_with(
    table: &TableDef,
    k: usize,
    group: Option<usize>,
    groups: bool,
    base: impl FnOnce(&RowDef) -> Option<i32>,
) -> Option<i32> {
    let d = &table.rows[k];
    if d.is_group != groups || d.labels.is_empty() {
        return None;
    }
    in_group(table, k, base(d)?, group)
}

/// Score `s` of row `k` with the bonus inside the current group, or the
/// malus inside another.
#[inline]
fn in_group(table: &TableDef, k: usize, s: i32, group: Option<usize>) -> Option<i32> {
    let defs = &table.rows;
    Some(match defs[k].parent {
        Some(p) if is_ancestor_or_self(defs, p, group) => s + 40,
        Some(_) => s - 40,
        None => s,
    })
}

/// The best of `rows` (ascending): the first of the highest score.
fn best_among(
    table: &TableDef,
    l: &Label,
    group: Option<usize>,
    groups: bool,
    rows: Exact<'_>,
) -> Option<RowMatch> {
    let mut best: Option<RowMatch> = None;
    match rows {
        Exact::Rows(rows) => {
            for &k in rows {
                consider(&mut best, k, row_score(table, k, l, group, groups));
            }
        }
        Exact::Scored(rows) => {
            for &(k, base) in rows {
                consider(&mut best, k, row_score_from(table, k, base, group, groups));
            }
        }
    }
    best
}

/// Keeps in `best` the first row of the highest score, given row `k`'s.
#[inline]
fn consider(best: &mut Option<RowMatch>, k: usize, score: Option<i32>) {
    if let Some(s) = score {
        if best.is_none_or(|b| s > b.1) {
            *best = Some((k, s));
        }
    }
}

/// [`best_def`] by scoring every row that may match.
fn best_def_scan(
    table: &TableDef,
    l: &Label,
    group: Option<usize>,
    groups: bool,
) -> Option<RowMatch> {
    let (first, second) = l.first_chars();
    let a = table.by_first.get(first?);
    let b = second.map_or(&[][..], |c| table.by_first.get(c));
    let mut best: Option<RowMatch> = None;
    let (mut i, mut j) = (0, 0);
    loop {
        // the next row of `a` and `b` merged, each once
        let k = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) if x == y => {
                i += 1;
                j += 1;
                x
            }
            (Some(&x), Some(&y)) if x < y => {
                i += 1;
                x
            }
            (_, Some(&y)) => {
                j += 1;
                y
            }
            (Some(&x), None) => {
                i += 1;
                x
            }
            (None, None) => break,
        };
        consider(&mut best, k, row_score(table, k, l, group, groups));
    }
    best
}

/// The lists [`read_values`] makes for each row, kept from row to row so
/// that a row costs no allocation.
#[derive(Default)]
struct Scratch<'g, 't> {
    /// The row's value cells (and those of the rows continuing it).
    all: Vec<&'g Cell<'t>>,
    /// The cell placed in each column, if any.
    placed: Vec<Option<&'g Cell<'t>>>,
}

fn read_values<'h, 'g, 't>(
    table: &TableDef,
    rdef: &RowDef,
    hit: &Hit<'g, 't>,
    geometry: &dyn Fn() -> Option<&'h [usize]>,
    grid_faithful: bool,
    out: &mut Tables<'t>,
    scratch: &mut Scratch<'g, 't>,
) {
    let k = table.columns.len();
    let Scratch { all, placed } = scratch;
    all.clear();
    if hit.more.is_empty() {
        all.extend(hit.values.iter());
    } else {
        all.extend(
            hit.values
                .iter()
                .filter(|c| !c.is_empty())
                .chain(hit.more.iter().copied()),
        );
    }
    // (a row continued by the next rows is not placed by its headers)
    let geometry = || geometry().filter(|_| hit.more.is_empty());
    let mut vals: &[&Cell] = all;
    let mut offset = hit.values_at;
    // Empty cells at both ends: either the row lost leading span cells and was
    // padded at the end (its first value is empty), or it keeps a span cell
    // in front and its last value is empty. Text alone cannot tell; dropping
    // the trailing ones first is right for Word text, and the doubt is said.
    let ambiguous = vals.len() > k
        && vals.first().is_some_and(|c| c.is_empty())
        && vals.last().is_some_and(|c| c.is_empty())
        && vals.iter().filter(|c| !c.is_empty()).count() < k;
    while vals.len() > k && vals.last().is_some_and(|c| c.is_empty()) {
        vals = &vals[..vals.len() - 1];
    }
    while vals.len() > k && vals.first().is_some_and(|c| c.is_empty()) {
        vals = &vals[1..];
        offset += 1;
    }
    let row_name = || {
        rdef.labels.first().map_or_else(
            || format!("the row of table {}", table.key),
            |l| format!("row {}", l.text),
        )
    };
    // In a grid-faithful layout (markdown: every row has every cell) a row
    // stands under its headers: read it by the header's geometry when every
    // column's header position holds a value cell of this row and no other
    // value cell holds text. Tab text is not grid-faithful: Word's merged
    // header cells do not line up with the data cells (corpus 003).
    let cells = &hit.row.cells;
    let by_header = grid_faithful.then(geometry).flatten().filter(|g| {
        g.windows(2).all(|w| w[0] < w[1])
            && g.iter().all(|&i| i >= hit.values_at && i < cells.len())
            && cells
                .iter()
                .enumerate()
                .skip(hit.values_at)
                .all(|(i, c)| c.is_empty() || g.contains(&i))
    });
    if ambiguous && by_header.is_none() {
        out.diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                Code::AmbiguousRow,
                format!(
                    "{} has empty cells at both ends and fewer than {} values; read with its last empty cells dropped",
                    row_name(),
                    k
                ),
            )
            .at(hit.row.span),
        );
    }
    placed.clear();
    if let Some(g) = by_header {
        placed.extend(g.iter().map(|&i| cells.get(i)));
    } else if vals.len() >= k {
        if vals.len() > k {
            let extra: Vec<&str> = vals[k..].iter().map(|c| &*c.text).collect();
            out.diagnostics.push(
                Diagnostic::new(
                    Severity::Warning,
                    Code::ExtraCells,
                    format!(
                        "{} has {} value cells for {} columns; ignored the last {}: {}",
                        row_name(),
                        vals.len(),
                        k,
                        extra.len(),
                        extra.join(" ")
                    ),
                )
                .at(vals[k].span.cover(vals[vals.len() - 1].span)),
            );
        }
        placed.extend(vals[..k].iter().map(|c| Some(*c)));
    } else {
        let by_geometry = geometry().filter(|g| {
            g.iter().all(|&i| i >= offset) && g.iter().any(|&i| i < hit.row.cells.len())
        });
        let how = if by_geometry.is_some() {
            "placed under their headers"
        } else {
            "placed from the first column"
        };
        out.diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                Code::ShortRow,
                format!(
                    "{} has {} value cells for {} columns; {}",
                    row_name(),
                    vals.len(),
                    k,
                    how
                ),
            )
            .at(hit.row.span),
        );
        match by_geometry {
            Some(g) => placed.extend(g.iter().map(|&i| hit.row.cells.get(i))),
            None => placed.extend((0..k).map(|j| vals.get(j).copied())),
        }
    }
    let label_text = hit.label.map(|c| c.text.clone());
    let label_span = hit.label.map(|c| c.span);
    for ((col, key), &cell) in table
        .columns
        .iter()
        .zip(&rdef.field_keys)
        .zip(placed.iter())
    {
        // the field is made in place, once its value is known
        let value = cell.and_then(|cell| match parse_value(&cell.text, col.value_type) {
            Ok(v) => {
                if v.is_none() {
                    out.diagnostics.push(
                        Diagnostic::new(
                            Severity::Warning,
                            Code::EmptyValue,
                            format!("{key} is empty"),
                        )
                        .at(cell.span),
                    );
                }
                v
            }
            Err(e) => {
                out.diagnostics.push(
                    Diagnostic::new(
                        Severity::Error,
                        Code::UnparsedValue,
                        format!("{key}: {}", e.message),
                    )
                    .at(cell.span),
                );
                None
            }
        });
        out.fields.push(Field {
            key: key.clone(),
            value,
            value_text: cell.map(|c| c.text.clone()),
            value_span: cell.map(|c| c.span),
            label_text: label_text.clone(),
            label_span,
            inferred: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::split_lines;
    use crate::regions::table_regions;
    use crate::sections::find_sections;
    use crate::testing::sample_reports;

    /// What [`anchored`] says, the plain way: every anchor of every table
    /// against every cell that may hold one.
    fn anchored_plainly(row: &RowView<'_, '_>, grammar: &Grammar) -> TableSet {
        let cells = &row.row.cells;
        grammar
            .tables
            .iter()
            .enumerate()
            .filter(|(_, table)| {
                (0..cells.len())
                    .filter(|&i| !cells[i].is_empty())
                    .filter(|&i| table.anchor_value_like || !row.is_value(i))
                    .any(|i| {
                        let l = Label::new(&cells[i].text);
                        table
                            .anchors()
                            .iter()
                            .any(|p| l.score(p).is_some_and(|s| s >= 500))
                    })
            })
            .fold(0, |set, (t, _)| set | 1 << t)
    }

    /// A report's table regions and, after them, the whole text as one
    /// more region: every row extraction may look at.
    fn every_region<'t>(text: &'t str, grammar: &Grammar) -> Vec<Region<'t>> {
        let lines = split_lines(text);
        let sections = find_sections(&lines, &grammar.sections);
        let mut regions = table_regions(&lines, &sections, grammar);
        regions.push(crate::regions::region(&lines, None, (0, lines.len())));
        regions
    }

    #[test]
    fn rows_found_by_equal_bodies_are_the_rows_found_by_scoring() {
        // texts: every cell of the corpus and of generated reports, and every
        // label of the grammars written with list marks, cut, lengthened
        let mut texts: Vec<String> = Vec::new();
        let reports = sample_reports(12);
        for r in &reports {
            for line in split_lines(r) {
                texts.extend(line.text.split(['\t', '|']).map(|c| c.trim().to_string()));
            }
        }
        for grammar in crate::grammar::bundled() {
            for table in &grammar.tables {
                for l in table.rows.iter().flat_map(|r| &r.labels) {
                    let t = &l.text;
                    for mark in ["", "（一）", "(二)", "1.", "2、", "三、", "三", "十二"]
                    {
                        texts.push(format!("{mark}{t}"));
                        texts.push(format!("{mark}{t}（注）"));
                        texts.push(format!("{mark}{t}其他"));
                        let cut: String = t
                            .chars()
                            .take(t.chars().count().saturating_sub(1))
                            .collect();
                        texts.push(format!("{mark}{cut}"));
                    }
                }
            }
        }
        texts.sort();
        texts.dedup();
        let mut exact = 0;
        for grammar in crate::grammar::bundled() {
            for table in &grammar.tables {
                let groups: Vec<Option<usize>> = std::iter::once(None)
                    .chain(
                        (0..table.rows.len())
                            .filter(|&i| table.rows[i].is_group)
                            .map(Some),
                    )
                    .collect();
                for t in &texts {
                    let l = Label::new(t);
                    exact += usize::from(!exact_rows(table, &l).is_empty());
                    for &group in &groups {
                        let plain = (
                            best_def_scan(table, &l, group, true),
                            best_def_scan(table, &l, group, false),
                        );
                        for kind in [true, false] {
                            assert_eq!(
                                best_def(table, &l, group, kind),
                                if kind { plain.0 } else { plain.1 },
                                "{t:?} {} {group:?} {kind}",
                                table.key
                            );
                        }
                        // what match_rows makes of the pair: a group, or a
                        // row (or none) for a cell of a row
                        let decide =
                            |(g, leaf): (Option<RowMatch>, Option<RowMatch>)| match (g, leaf) {
                                (Some((gi, gs)), Some((_, ls))) if gs >= ls => Err(gi),
                                (Some((gi, _)), None) => Err(gi),
                                (_, leaf) => Ok(leaf),
                            };
                        assert_eq!(
                            decide(best_pair(table, &l, group)),
                            decide(plain),
                            "{t:?} {} {group:?}",
                            table.key
                        );
                    }
                }
            }
        }
        assert!(texts.len() > 2000, "only {} texts", texts.len());
        assert!(exact > 300, "only {exact} labels equal a row's");
    }

    #[test]
    fn split_agrees_with_the_plain_split() {
        let texts = sample_reports(7);
        let grammar = &crate::grammar::bundled()[0];
        let mut rows = 0;
        for text in &texts {
            let regions = every_region(text, grammar);
            let cells = cell_views(&regions);
            for view in views(&regions, &cells, &grammar.known_labels)
                .iter()
                .flatten()
            {
                let cells = &view.row.cells;
                // the split as first written: the label cells are the
                // non-empty cells up to the last non-empty non-value cell
                let is_value: Vec<bool> = cells.iter().map(|c| looks_like_value(&c.text)).collect();
                let last = (0..cells.len()).rposition(|i| !cells[i].is_empty() && !is_value[i]);
                let label_at: Vec<usize> = last
                    .map(|i| (0..=i).filter(|&k| !cells[k].is_empty()).collect())
                    .unwrap_or_default();
                let values_at = last.map_or(0, |i| i + 1);
                let split = &view.split;
                assert_eq!(split.label_at().collect::<Vec<_>>(), label_at, "{cells:?}");
                assert_eq!(split.labels, label_at.len(), "{cells:?}");
                assert_eq!(split.last_label(), label_at.last().copied(), "{cells:?}");
                assert_eq!(split.values_at, values_at, "{cells:?}");
                assert_eq!(split.values, &cells[values_at..], "{cells:?}");
                for (i, c) in cells.iter().enumerate() {
                    assert_eq!(view.is_value(i), is_value[i], "{c:?}");
                }
                rows += 1;
            }
        }
        assert!(rows > 500, "only {rows} rows");
    }

    #[test]
    fn cell_labels_are_the_labels_made_from_their_text() {
        // every cell of corpus and generated reports (in every layout, with
        // noise), and every label the grammars write, as a cell
        let texts = sample_reports(9);
        let mut known = 0;
        let mut made = 0;
        for grammar in crate::grammar::bundled() {
            let mut all = texts.clone();
            for t in &grammar.tables {
                for l in t.written_labels() {
                    all.push(format!(
                        "{}\t0\n{} \t1\n（一）{}\t2\n",
                        l.text, l.text, l.text
                    ));
                }
            }
            for text in &all {
                let regions = every_region(text, grammar);
                let cells = cell_views(&regions);
                for view in views(&regions, &cells, &grammar.known_labels)
                    .iter()
                    .flatten()
                {
                    for (i, c) in view.row.cells.iter().enumerate() {
                        if c.is_empty() {
                            continue;
                        }
                        assert_eq!(view.label(i), &Label::for_matching(&c.text), "{c:?}");
                        match view.cells[i].label.get() {
                            Some(CellLabel::Known(_)) => known += 1,
                            _ => made += 1,
                        }
                    }
                }
            }
        }
        // both ways are taken, many times
        assert!(known > 1000 && made > 1000, "{known} known, {made} made");
    }

    #[test]
    fn known_labels_are_found_by_their_text_only() {
        for grammar in crate::grammar::bundled() {
            let k = &grammar.known_labels;
            let mut n = 0;
            for t in &grammar.tables {
                for l in t.captions.iter().chain(&t.header) {
                    assert_eq!(
                        k.get(&l.text).map(|k| &k.label),
                        Some(&Label::for_matching(&l.text))
                    );
                    // near texts: not found, or found as the label they are
                    let cut = l
                        .text
                        .char_indices()
                        .last()
                        .map_or("", |(i, _)| &l.text[..i]);
                    let near = [
                        format!("{} ", l.text),
                        format!("（一）{}", l.text),
                        cut.into(),
                    ];
                    for t in &near {
                        let found = k.get(t).map(|k| &k.label);
                        assert!(found.is_none_or(|m| m == &Label::for_matching(t)), "{t}");
                    }
                    assert!(k.get(&near[0]).is_none());
                    n += 1;
                }
                for r in &t.rows {
                    for l in &r.labels {
                        assert_eq!(
                            k.get(&l.text).map(|k| &k.label),
                            Some(&Label::for_matching(&l.text))
                        );
                        n += 1;
                    }
                }
            }
            assert!(n > 30, "{n}");
            assert!(k.get("").is_none());
        }
    }

    #[test]
    fn known_labels_hold_their_exact_rows() {
        let mut found = 0;
        for grammar in crate::grammar::bundled() {
            for table in &grammar.tables {
                for l in table.written_labels() {
                    let k = grammar.known_labels.get(&l.text).expect("known");
                    assert_eq!(k.exact.len(), grammar.tables.len());
                    for (t, other) in grammar.tables.iter().enumerate() {
                        let rows: Vec<usize> = k.exact[t].iter().map(|e| e.0).collect();
                        assert_eq!(rows, exact_rows(other, &k.label), "{}", l.text);
                        for &(r, base) in &k.exact[t] {
                            assert_eq!(base, best_score(&k.label, &other.rows[r].labels));
                            assert!(base.is_some(), "{}", l.text);
                        }
                        found += usize::from(!k.exact[t].is_empty());
                        // the pair and the best row worked out with the
                        // known scores are those worked out from the label
                        let groups = std::iter::once(None).chain(
                            (0..other.rows.len())
                                .filter(|&i| other.rows[i].is_group)
                                .map(Some),
                        );
                        for group in groups {
                            let known = Exact::Scored(&k.exact[t]);
                            assert_eq!(
                                best_pair_in(other, &k.label, known, group),
                                best_pair(other, &k.label, group)
                            );
                            for kind in [true, false] {
                                assert_eq!(
                                    best_def_in(other, &k.label, known, group, kind),
                                    best_def(other, &k.label, group, kind)
                                );
                            }
                        }
                    }
                }
            }
        }
        assert!(found > 100, "{found}");
    }

    #[test]
    fn anchored_agrees_with_every_anchor_against_every_cell() {
        let texts = sample_reports(6);
        let mut anchors = 0;
        for grammar in crate::grammar::bundled() {
            for text in &texts {
                let regions = every_region(text, grammar);
                let cells = cell_views(&regions);
                for view in views(&regions, &cells, &grammar.known_labels)
                    .iter()
                    .flatten()
                {
                    let found = anchored(view, grammar);
                    assert_eq!(
                        found,
                        anchored_plainly(view, grammar),
                        "{:?}",
                        view.row.cells
                    );
                    anchors += found.count_ones();
                }
            }
        }
        assert!(anchors > 20, "only {anchors} anchors found");
    }
}
