//! Grammars: what a report format looks like, written in YAML by users.
//!
//! A grammar file (see `grammars/README.md` for the language) is read into the
//! raw serde model, merged with the grammar it `extends:`, validated, and
//! compiled into a [`Grammar`]: the form extraction works on, with every label
//! parsed once ([`Label`]) and every field key computed once. A compiled
//! grammar is immutable, `Send + Sync`, and shared by all documents of a batch.

use crate::label::Label;
use crate::shared::SharedStr;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

mod compile;
mod load;
mod merge;
mod raw;

pub use load::{bundled, bundled_by_id, GrammarError, GrammarErrorKind};

/// A compiled grammar.
#[derive(Clone, Debug)]
pub struct Grammar {
    /// Stable id, e.g. `cn-gov-disclosure-2021`.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Where it was loaded from: a file path, or `bundled:<id>`.
    pub origin: String,
    /// The id of the grammar it extends, if any.
    pub extends: Option<String>,
    /// Signals used to choose a grammar for a document.
    pub detect: Detect,
    /// Rules for title, organization and year.
    pub meta: MetaRules,
    /// Sections in document order.
    pub sections: Vec<SectionDef>,
    /// Tables in grammar order.
    pub tables: Vec<TableDef>,
    /// Checks (identities) over fields.
    pub checks: Vec<CheckDef>,
    /// Every field key, in stable grammar order (tables, then rows, then columns).
    pub field_keys: Vec<SharedStr>,
    /// Every table's anchor labels by the first character of their bodies.
    pub(crate) anchors_by_first: AnchorsByFirst,
    /// Every label the tables write, by its text as written.
    pub(crate) known_labels: KnownLabels,
}

/// Labels whose presence in a document's text says "this format".
#[derive(Clone, Debug, Default)]
pub struct Detect {
    /// Each one found adds one to the grammar's score.
    pub signals: Vec<Label>,
    /// Each one found subtracts one (labels of a competing format).
    pub against: Vec<Label>,
}

/// How to find the report's title, organization and year.
#[derive(Clone, Debug, Default)]
pub struct MetaRules {
    /// Texts a title ends with (`政府信息公开工作年度报告`).
    pub title_suffixes: Vec<String>,
    /// Patterns that give the reported year from running text when the title
    /// has none; `{year}` stands for four digits (`本报告统计数据从{year}年`).
    pub year_patterns: Vec<String>,
}

/// A section of the report.
#[derive(Clone, Debug)]
pub struct SectionDef {
    /// Key, e.g. `applications`.
    pub key: String,
    /// The numeral of its heading (一 = 1 … 六 = 6), if it has one.
    pub numeral: Option<u32>,
    /// The canonical heading first, then its variants.
    pub headings: Vec<Label>,
}

/// The type of a column's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueType {
    /// A count: a non-negative integer.
    Integer,
    /// An integer that may be negative (本年增/减).
    SignedInteger,
    /// A decimal number (an amount).
    Decimal,
}

/// A table of the grammar.
#[derive(Clone, Debug)]
pub struct TableDef {
    /// Table id, unique in the grammar (`proactive_item1`).
    pub key: String,
    /// The key of the section it normally sits in, if any. Extraction looks
    /// there first and then in the whole document.
    pub section: Option<String>,
    /// Prefix of its field keys (`proactive`, `applications`, or empty).
    pub prefix: String,
    /// Captions that anchor the table (`第二十条第（一）项`); empty when the
    /// table has none.
    pub captions: Vec<Label>,
    /// Header labels that anchor the table and say which format it is
    /// (`信息内容`, `申请人情况`, `行政复议`).
    pub header: Vec<Label>,
    /// Value columns, in order.
    pub columns: Vec<ColumnDef>,
    /// Rows in document order, groups before their members.
    pub rows: Vec<RowDef>,
    /// The rows by the first character of their labels' bodies.
    pub(crate) by_first: RowsByFirst,
    /// Whether an anchor label is made of value characters only (then a
    /// cell that reads as a value may still be an anchor).
    pub(crate) anchor_value_like: bool,
}

/// Rows of a table by the first character of their labels' bodies: a cell
/// can only match a label sharing its first character (see
/// [`Label::score`]), so a cell is scored against these rows only.
///
/// It also holds the rows by their labels' whole bodies, for a cell whose
/// body equals one (most cells): see `extract::exact_rows`.
#[derive(Clone, Debug, Default)]
pub(crate) struct RowsByFirst {
    /// Sorted by character; the row indices ascending and distinct.
    entries: Vec<(char, Vec<usize>)>,
    /// By body; the row indices ascending and distinct.
    bodies: HashMap<Box<str>, Vec<usize>, BuildHasherDefault<WordHasher>>,
}

impl TableDef {
    /// Every label the table writes: captions, header, columns, rows.
    pub(crate) fn written_labels(&self) -> impl Iterator<Item = &Label> {
        let columns = self.columns.iter().flat_map(|c| &c.labels);
        let rows = self.rows.iter().flat_map(|r| &r.labels);
        self.captions
            .iter()
            .chain(&self.header)
            .chain(columns)
            .chain(rows)
    }

    /// The rows with a label whose body equals `l`'s, when they are sure to
    /// hold the best match: an equal body scores at least 1000 plus its
    /// length, less 50 for differing list marks and 40 for another group,
    /// so at least 910 plus the length; any other label at most 540 plus
    /// the length (a shorter label the cell starts with, 500 plus that
    /// label's length, plus 40 in the current group). Only a body starting
    /// with a lone numeral is also compared without it ([`Label::score`]):
    /// the shorter body may equal another label, so such a label gets none.
    pub(crate) fn rows_with_equal_body(&self, l: &Label) -> &[usize] {
        let body = l.body();
        if l.numbering().is_none() && body.starts_with(crate::label::is_cjk_numeral) {
            return &[];
        }
        self.by_first.with_body(body)
    }

    /// The labels that anchor the table: its captions, or its header labels
    /// when it has no caption.
    pub fn anchors(&self) -> &[Label] {
        anchor_labels(&self.captions, &self.header)
    }
}

/// The captions, or the header labels when there is no caption.
pub(crate) fn anchor_labels<'a>(captions: &'a [Label], header: &'a [Label]) -> &'a [Label] {
    if captions.is_empty() {
        header
    } else {
        captions
    }
}

/// The anchor labels of all tables ([`TableDef::anchors`]) by the first
/// character of their bodies: a cell can only start with an anchor sharing
/// its first character (see [`Label::starts_with_pattern`]), so a cell is
/// tested against these anchors only, for all tables at once.
#[derive(Clone, Debug, Default)]
pub(crate) struct AnchorsByFirst {
    /// Sorted by character: (table index, index in its anchors).
    entries: Vec<(char, Vec<(usize, usize)>)>,
    /// Whether any table has an anchor made of value characters (only
    /// then may a value cell anchor a table).
    pub(crate) value_like: bool,
}

/// The most tables a grammar holds: extraction keeps a set of tables as
/// one 64-bit word.
pub const MAX_TABLES: usize = 64;

/// A set of a grammar's tables, by index: bit `t` for table `t`.
pub(crate) type TableSet = u64;

/// The set holding table `t` only.
#[inline]
pub(crate) fn table_bit(t: usize) -> TableSet {
    debug_assert!(t < MAX_TABLES);
    1 << (t % MAX_TABLES)
}

impl AnchorsByFirst {
    pub(crate) fn new(tables: &[TableDef]) -> AnchorsByFirst {
        let mut entries: Vec<(char, Vec<(usize, usize)>)> = Vec::new();
        for (t, table) in tables.iter().enumerate() {
            for (k, l) in table.anchors().iter().enumerate() {
                let Some(c) = l.body().chars().next() else {
                    continue;
                };
                match entries.binary_search_by_key(&c, |e| e.0) {
                    Ok(i) => entries[i].1.push((t, k)),
                    Err(i) => entries.insert(i, (c, vec![(t, k)])),
                }
            }
        }
        AnchorsByFirst {
            entries,
            value_like: tables.iter().any(|t| t.anchor_value_like),
        }
    }

    /// The anchors whose body starts with `c`.
    pub(crate) fn get(&self, c: char) -> &[(usize, usize)] {
        match self.entries.binary_search_by_key(&c, |e| e.0) {
            Ok(k) => &self.entries[k].1,
            Err(_) => &[],
        }
    }
}

/// The labels a grammar's tables write (captions, headers, columns, rows),
/// each made as [`Label::for_matching`] makes it, by its text as written. A
/// report's cell written exactly as the grammar writes it (most label cells
/// are) takes its label from here, not folded and parsed again, and with it
/// the tables it anchors.
#[derive(Clone, Debug, Default)]
pub(crate) struct KnownLabels {
    by_text: HashMap<Box<str>, KnownLabel, BuildHasherDefault<WordHasher>>,
}

/// A label of [`KnownLabels`].
#[derive(Clone, Debug)]
pub(crate) struct KnownLabel {
    pub(crate) label: Label,
    /// The tables a label cell (not a value cell) of this text anchors
    /// ([`mark_anchors`]).
    pub(crate) anchors: TableSet,
    /// For each table, the rows with a label whose body equals this
    /// label's, when they are sure to hold the best match
    /// ([`TableDef::rows_with_equal_body`]), each with the best score of
    /// this label against the row's labels ([`Label::score`]).
    pub(crate) exact: Vec<Vec<(usize, Option<i32>)>>,
}

impl KnownLabels {
    pub(crate) fn new(tables: &[TableDef], by_first: &AnchorsByFirst) -> KnownLabels {
        let mut by_text = HashMap::default();
        for t in tables {
            for l in t.written_labels() {
                by_text.entry(l.text.as_str().into()).or_insert_with(|| {
                    let label = Label::for_matching(&l.text);
                    let mut anchors = 0;
                    mark_anchors(&label, false, tables, by_first, &mut anchors);
                    let exact = tables
                        .iter()
                        .map(|t| {
                            let rows = t.rows_with_equal_body(&label).iter();
                            rows.map(|&k| {
                                let s = t.rows[k].labels.iter().filter_map(|p| label.score(p));
                                (k, s.max())
                            })
                            .collect()
                        })
                        .collect();
                    KnownLabel {
                        label,
                        anchors,
                        exact,
                    }
                });
            }
        }
        KnownLabels { by_text }
    }

    /// The label of a cell whose text is `text`, when the grammar writes it.
    #[inline]
    pub(crate) fn get(&self, text: &str) -> Option<&KnownLabel> {
        self.by_text.get(text)
    }
}

/// Marks in `hit` the tables that a cell labelled `l` anchors: a caption
/// or (for a table without captions) a header label its body starts with
/// ([`Label::starts_with_pattern`]); for a value cell (`is_value`), only
/// anchors made of value characters count. Only the anchors starting like
/// the label are tried ([`AnchorsByFirst`]); a table already marked is not
/// tried again.
pub(crate) fn mark_anchors(
    l: &Label,
    is_value: bool,
    tables: &[TableDef],
    by_first: &AnchorsByFirst,
    hit: &mut TableSet,
) {
    let (a, b) = l.first_chars();
    for c in [a, b].into_iter().flatten() {
        for &(t, k) in by_first.get(c) {
            let table = &tables[t];
            if *hit & table_bit(t) != 0 || (is_value && !table.anchor_value_like) {
                continue;
            }
            if l.starts_with_pattern(&table.anchors()[k]) {
                *hit |= table_bit(t);
            }
        }
    }
}

/// A hasher for short texts: eight bytes a step, each mixed in by a
/// rotation, an exclusive or and a multiplication by an odd constant (the
/// keys are the grammar's own and only looked up, so no report's text can
/// make them collide).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WordHasher(u64);

impl WordHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

impl Hasher for WordHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            self.mix(u64::from_le_bytes(b));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(b));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }

    #[inline]
    fn finish(&self) -> u64 {
        // a product's high bits depend on all of the input; the table's
        // bucket is picked by the low ones
        self.0 ^ (self.0 >> 32)
    }
}

impl RowsByFirst {
    pub(crate) fn new(rows: &[RowDef]) -> RowsByFirst {
        let mut entries: Vec<(char, Vec<usize>)> = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            for c in r.labels.iter().filter_map(|l| l.body().chars().next()) {
                match entries.binary_search_by_key(&c, |e| e.0) {
                    Ok(k) => {
                        if entries[k].1.last() != Some(&i) {
                            entries[k].1.push(i);
                        }
                    }
                    Err(k) => entries.insert(k, (c, vec![i])),
                }
            }
        }
        let mut bodies: HashMap<Box<str>, Vec<usize>, _> = HashMap::default();
        for (i, r) in rows.iter().enumerate() {
            for b in r.labels.iter().map(Label::body).filter(|b| !b.is_empty()) {
                let rows = bodies.entry(b.into()).or_default();
                if rows.last() != Some(&i) {
                    rows.push(i);
                }
            }
        }
        RowsByFirst { entries, bodies }
    }

    /// The rows with a label whose body is `body`, ascending.
    pub(crate) fn with_body(&self, body: &str) -> &[usize] {
        self.bodies.get(body).map_or(&[], Vec::as_slice)
    }

    /// The rows with a label whose body starts with `c`, ascending.
    pub(crate) fn get(&self, c: char) -> &[usize] {
        match self.entries.binary_search_by_key(&c, |e| e.0) {
            Ok(k) => &self.entries[k].1,
            Err(_) => &[],
        }
    }
}

/// A value column.
#[derive(Clone, Debug)]
pub struct ColumnDef {
    /// Key (`natural_person`, or a dotted path such as `review.upheld`).
    pub key: String,
    /// The canonical label first, then its variants.
    pub labels: Vec<Label>,
    /// Value type.
    pub value_type: ValueType,
}

/// A row (or a group of rows) of a table.
#[derive(Clone, Debug)]
pub struct RowDef {
    /// Full key path within the table (`denied.state_secret`); empty for a
    /// group without key or for the unlabelled row of a table such as 四.
    pub key: String,
    /// The canonical label first, then its variants; empty for an unlabelled
    /// row (the first row of values after the header).
    pub labels: Vec<Label>,
    /// Whether this is a group (a label spanning member rows, no values).
    pub is_group: bool,
    /// Index in [`TableDef::rows`] of the group this row belongs to.
    pub parent: Option<usize>,
    /// The field key of each column of the table ([`TableDef::field_key`]),
    /// made once when the grammar is compiled; empty for a group.
    pub field_keys: Vec<SharedStr>,
}

/// A check (identity) over fields, its expression compiled when the grammar
/// is loaded.
#[derive(Clone, Debug)]
pub struct CheckDef {
    /// Stable id.
    pub id: SharedStr,
    /// Human description (`一 + 二 = （七）总计 + 四`).
    pub description: SharedStr,
    /// The expression source.
    pub expr: String,
    /// The expression expanded over the grammar (see [`crate::checks`]).
    pub compiled: crate::checks::CompiledCheck,
}

impl Grammar {
    /// Makes every text the grammar shares with extractions and records
    /// (field keys, check ids, descriptions and scopes) static: copied once
    /// into memory that is never freed, so that the copies made into every
    /// field, record and check result keep no reference count (atomic
    /// operations, hundreds a report). For a grammar kept for the rest of
    /// the process, as the bundled ones are: the texts of a grammar made
    /// static are not freed when it is dropped.
    pub fn make_static(&mut self) {
        let mut made = HashMap::new();
        let keys = self.field_keys.iter_mut();
        let rows = self
            .tables
            .iter_mut()
            .flat_map(|t| t.rows.iter_mut())
            .flat_map(|r| r.field_keys.iter_mut());
        let checks = self.checks.iter_mut().flat_map(|c| {
            let scopes = c.compiled.instances.iter_mut().map(|i| &mut i.scope);
            [&mut c.id, &mut c.description].into_iter().chain(scopes)
        });
        for s in keys.chain(rows).chain(checks) {
            s.make_static(&mut made);
        }
    }
}

impl TableDef {
    /// The field key of `row` × `column`: the non-empty parts of prefix, row
    /// key and column key joined by `.`.
    pub fn field_key(&self, row: &RowDef, column: &ColumnDef) -> String {
        let mut key =
            String::with_capacity(self.prefix.len() + row.key.len() + column.key.len() + 2);
        for part in [self.prefix.as_str(), row.key.as_str(), column.key.as_str()] {
            if part.is_empty() {
                continue;
            }
            if !key.is_empty() {
                key.push('.');
            }
            key.push_str(part);
        }
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_grammars_share_static_texts() {
        let mut n = 0;
        for g in bundled() {
            for (i, k) in g.field_keys.iter().enumerate() {
                assert!(k.is_static(), "{k}");
                n += 1;
                // a row's key and the grammar's list share one text
                let row_key = g
                    .tables
                    .iter()
                    .flat_map(|t| &t.rows)
                    .flat_map(|r| &r.field_keys)
                    .nth(i)
                    .expect("as many row keys");
                assert!(std::ptr::eq(k.as_str(), row_key.as_str()), "{k}");
            }
            for c in &g.checks {
                assert!(c.id.is_static() && c.description.is_static(), "{}", c.id);
                assert!(c.compiled.instances.iter().all(|i| i.scope.is_static()));
            }
        }
        assert!(n > 500, "{n}");
        // a grammar loaded from a file keeps counted texts
        let own = Grammar::from_yaml_str(
            "id: x\nname: x\ntables:\n  - key: t\n    columns: [{key: c, label: c}]\n    rows: [{key: r, label: r}]\n",
            "x.yaml",
        )
        .unwrap();
        assert!(!own.field_keys[0].is_static());
        let mut made = own.clone();
        made.make_static();
        assert_eq!(made.field_keys, own.field_keys);
        assert!(made.field_keys[0].is_static());
    }
}
