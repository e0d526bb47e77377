//! The raw serde model of a grammar file: what the YAML says, before
//! `extends:` is merged and before anything is validated or compiled.
//!
//! Every struct denies unknown keys. Almost every field is optional, because
//! a file that `extends:` another gives only what it changes; what is required
//! is checked after merging (see `compile.rs`). Entries that errors may need to
//! point at are wrapped in [`At`], which remembers where in which file they
//! were written and under which key path.

use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;

use super::ValueType;

/// Where a value was written: the file (an index into the loader's list of
/// origins), the line and column (both from 1), and its key path
/// (`tables[2].rows[0].label`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Pos {
    pub file: usize,
    pub line: u32,
    pub column: u32,
    pub path: String,
}

impl Pos {
    /// The same place, with `.key` added to the path.
    pub fn child(&self, key: &str) -> Pos {
        Pos {
            path: join_path(&self.path, key),
            ..self.clone()
        }
    }
}

/// `a` + `b` as a key path: `tables[0]` + `rows` = `tables[0].rows`.
pub(crate) fn join_path(a: &str, b: &str) -> String {
    match (a.is_empty(), b.starts_with('[')) {
        (true, _) => b.to_owned(),
        (false, true) => format!("{a}{b}"),
        (false, false) => format!("{a}.{b}"),
    }
}

/// A value and where it was written. The file and path are filled in by
/// [`RawGrammar::stamp`] after parsing.
#[derive(Clone, Debug)]
pub(crate) struct At<T> {
    pub value: T,
    pub pos: Pos,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for At<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<T>::deserialize(deserializer)?;
        let clamp = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(At {
            pos: Pos {
                file: 0,
                line: clamp(spanned.referenced.line()),
                column: clamp(spanned.referenced.column()),
                path: String::new(),
            },
            value: spanned.value,
        })
    }
}

impl<T> At<T> {
    fn stamp_at(&mut self, file: usize, path: String) {
        self.pos.file = file;
        self.pos.path = path;
    }
}

/// A whole grammar file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGrammar {
    pub id: Option<At<String>>,
    pub name: Option<At<String>>,
    pub description: Option<At<String>>,
    pub extends: Option<At<String>>,
    pub detect: Option<RawDetect>,
    pub meta: Option<RawMeta>,
    pub sections: Option<Vec<At<RawSection>>>,
    pub tables: Option<Vec<At<RawTable>>>,
    pub checks: Option<Vec<At<RawCheck>>>,
}

/// `detect:`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDetect {
    pub signals: Option<Vec<String>>,
    pub against: Option<Vec<String>>,
}

/// `meta:`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMeta {
    pub title_suffixes: Option<Vec<String>>,
    pub year_patterns: Option<Vec<String>>,
}

/// An entry of `sections:`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSection {
    pub key: Option<At<String>>,
    /// `一`..`十` or an integer; kept as text and parsed when compiling.
    pub numeral: Option<At<String>>,
    pub heading: Option<At<String>>,
    pub variants: Option<Vec<String>>,
    #[serde(default)]
    pub remove: bool,
    pub after: Option<At<String>>,
    pub before: Option<At<String>>,
}

/// An entry of `tables:`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTable {
    pub key: Option<At<String>>,
    pub section: Option<At<String>>,
    pub prefix: Option<At<String>>,
    pub caption: Option<At<String>>,
    pub caption_variants: Option<Vec<String>>,
    pub header: Option<Vec<String>>,
    pub columns: Option<Vec<At<RawColumn>>>,
    pub rows: Option<Vec<At<RawRow>>>,
    #[serde(default)]
    pub remove: bool,
}

/// An entry of a table's `columns:`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawColumn {
    pub key: Option<At<String>>,
    pub label: Option<At<String>>,
    pub variants: Option<Vec<String>>,
    #[serde(rename = "type")]
    pub value_type: Option<At<ValueType>>,
    #[serde(default)]
    pub remove: bool,
    pub after: Option<At<String>>,
    pub before: Option<At<String>>,
}

/// An entry of a table's `rows:` (or of a group's `rows:`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRow {
    pub key: Option<At<String>>,
    pub label: Option<At<String>>,
    pub variants: Option<Vec<String>>,
    /// Member rows: present (even empty) makes this row a group.
    pub rows: Option<Vec<At<RawRow>>>,
    #[serde(default)]
    pub unlabelled: bool,
    #[serde(default)]
    pub remove: bool,
    pub after: Option<At<String>>,
    pub before: Option<At<String>>,
}

/// An entry of `checks:`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCheck {
    pub id: Option<At<String>>,
    pub description: Option<At<String>>,
    pub expr: Option<At<String>>,
    #[serde(default)]
    pub remove: bool,
}

fn stamp_opt<T>(value: &mut Option<At<T>>, file: usize, path: &str, key: &str) {
    if let Some(at) = value {
        at.stamp_at(file, join_path(path, key));
    }
}

impl RawGrammar {
    /// Fills in the file index and key path of every located value.
    pub fn stamp(&mut self, file: usize) {
        stamp_opt(&mut self.id, file, "", "id");
        stamp_opt(&mut self.name, file, "", "name");
        stamp_opt(&mut self.description, file, "", "description");
        stamp_opt(&mut self.extends, file, "", "extends");
        for (i, s) in self.sections.iter_mut().flatten().enumerate() {
            let path = format!("sections[{i}]");
            let v = &mut s.value;
            stamp_opt(&mut v.key, file, &path, "key");
            stamp_opt(&mut v.numeral, file, &path, "numeral");
            stamp_opt(&mut v.heading, file, &path, "heading");
            stamp_opt(&mut v.after, file, &path, "after");
            stamp_opt(&mut v.before, file, &path, "before");
            s.stamp_at(file, path);
        }
        for (i, t) in self.tables.iter_mut().flatten().enumerate() {
            let path = format!("tables[{i}]");
            let v = &mut t.value;
            stamp_opt(&mut v.key, file, &path, "key");
            stamp_opt(&mut v.section, file, &path, "section");
            stamp_opt(&mut v.prefix, file, &path, "prefix");
            stamp_opt(&mut v.caption, file, &path, "caption");
            for (j, c) in v.columns.iter_mut().flatten().enumerate() {
                let cpath = format!("{path}.columns[{j}]");
                let cv = &mut c.value;
                stamp_opt(&mut cv.key, file, &cpath, "key");
                stamp_opt(&mut cv.label, file, &cpath, "label");
                stamp_opt(&mut cv.value_type, file, &cpath, "type");
                stamp_opt(&mut cv.after, file, &cpath, "after");
                stamp_opt(&mut cv.before, file, &cpath, "before");
                c.stamp_at(file, cpath);
            }
            if let Some(rows) = &mut v.rows {
                stamp_rows(rows, file, &format!("{path}.rows"));
            }
            t.stamp_at(file, path);
        }
        for (i, c) in self.checks.iter_mut().flatten().enumerate() {
            let path = format!("checks[{i}]");
            let v = &mut c.value;
            stamp_opt(&mut v.id, file, &path, "id");
            stamp_opt(&mut v.description, file, &path, "description");
            stamp_opt(&mut v.expr, file, &path, "expr");
            c.stamp_at(file, path);
        }
    }
}

fn stamp_rows(rows: &mut [At<RawRow>], file: usize, list_path: &str) {
    for (i, r) in rows.iter_mut().enumerate() {
        let path = format!("{list_path}[{i}]");
        let v = &mut r.value;
        stamp_opt(&mut v.key, file, &path, "key");
        stamp_opt(&mut v.label, file, &path, "label");
        stamp_opt(&mut v.after, file, &path, "after");
        stamp_opt(&mut v.before, file, &path, "before");
        if let Some(children) = &mut v.rows {
            stamp_rows(children, file, &format!("{path}.rows"));
        }
        r.stamp_at(file, path);
    }
}
