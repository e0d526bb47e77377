//! Checks on one file, and `extends:` merging: a child file overlays the
//! grammar it extends.
//!
//! Every file, with or without `extends:`, is merged onto a base (an empty one
//! when it extends nothing), so `after:`, `before:` and `remove:` mean the
//! same everywhere. The rules, entry by entry:
//!
//! - scalars given by the child replace the parent's;
//! - lists of labels (`variants`, `caption_variants`, `header`,
//!   `detect.signals`/`against`, `meta.*`) are appended, without duplicates;
//! - sections, tables and columns are matched by `key`, checks by `id`, rows
//!   by full key path (anywhere in the table's row tree);
//! - a matched entry with `remove: true` is dropped; otherwise it is updated;
//! - an unmatched entry is new: placed after or before the entry its
//!   `after:`/`before:` names, or else at the end of its list.

use std::collections::HashSet;

use super::load::{Fail, GrammarErrorKind as Kind};
use super::raw::{At, Pos, RawCheck, RawColumn, RawGrammar, RawRow, RawSection};
use super::raw::{RawDetect, RawMeta, RawTable};

/// Checks what must hold within one file, before merging: the keys that
/// identify entries are present and unique.
pub(crate) fn check_file(raw: &RawGrammar, file: usize) -> Result<(), Fail> {
    if raw.id.is_none() {
        let top = Pos {
            file,
            line: 1,
            column: 1,
            path: String::new(),
        };
        return Err(Fail::missing(&top, "id"));
    }
    let mut seen = HashSet::new();
    for s in raw.sections.iter().flatten() {
        let key = s
            .value
            .key
            .as_ref()
            .ok_or_else(|| Fail::missing(&s.pos, "key"))?;
        unique(&mut seen, key, "section key {}")?;
    }
    let mut seen = HashSet::new();
    for t in raw.tables.iter().flatten() {
        let key = t
            .value
            .key
            .as_ref()
            .ok_or_else(|| Fail::missing(&t.pos, "key"))?;
        unique(&mut seen, key, "table key {}")?;
        let mut columns = HashSet::new();
        for c in t.value.columns.iter().flatten() {
            let key = c
                .value
                .key
                .as_ref()
                .ok_or_else(|| Fail::missing(&c.pos, "key"))?;
            unique(&mut columns, key, "column key {} in this table")?;
        }
        let mut rows = HashSet::new();
        check_rows(t.value.rows.as_deref().unwrap_or_default(), "", &mut rows)?;
    }
    let mut seen = HashSet::new();
    for c in raw.checks.iter().flatten() {
        let id = c
            .value
            .id
            .as_ref()
            .ok_or_else(|| Fail::missing(&c.pos, "id"))?;
        unique(&mut seen, id, "check id {}")?;
    }
    Ok(())
}

/// Records `key`; an error when it was seen before. `what` names the kind of
/// key in the message, with `{}` standing for the key itself.
fn unique(seen: &mut HashSet<String>, key: &At<String>, what: &str) -> Result<(), Fail> {
    if seen.insert(key.value.clone()) {
        Ok(())
    } else {
        let quoted = format!("`{}`", key.value);
        Err(Fail::new(
            &key.pos,
            Kind::Duplicate,
            format!("duplicate {}", what.replace("{}", &quoted)),
        ))
    }
}

fn check_rows(rows: &[At<RawRow>], prefix: &str, seen: &mut HashSet<String>) -> Result<(), Fail> {
    for r in rows {
        let v = &r.value;
        let path = match &v.key {
            Some(key) => {
                let full = join_key(prefix, &key.value);
                let at = At {
                    value: full.clone(),
                    pos: key.pos.clone(),
                };
                unique(seen, &at, "row key {} in this table")?;
                full
            }
            None if v.rows.is_some() || v.unlabelled => prefix.to_owned(),
            // A leaf row needs a key: it gives field keys.
            None => return Err(Fail::missing(&r.pos, "key")),
        };
        if v.unlabelled {
            let at = At {
                value: format!("{path}\u{0}unlabelled"),
                pos: r.pos.clone(),
            };
            if !seen.insert(at.value) {
                return Err(Fail::new(
                    &r.pos,
                    Kind::Duplicate,
                    "a second unlabelled row in this table",
                ));
            }
        }
        if let Some(children) = &v.rows {
            check_rows(children, &path, seen)?;
        }
    }
    Ok(())
}

/// `denied` + `state_secret` = `denied.state_secret`.
pub(crate) fn join_key(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else if key.is_empty() {
        prefix.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Overlays `child` on `base`.
pub(crate) fn merge(base: RawGrammar, child: RawGrammar) -> Result<RawGrammar, Fail> {
    let mut out = base;
    out.id = child.id;
    out.extends = child.extends;
    if child.name.is_some() {
        out.name = child.name;
    }
    if child.description.is_some() {
        out.description = child.description;
    }
    if let Some(detect) = child.detect {
        let target = out.detect.get_or_insert_with(RawDetect::default);
        append(&mut target.signals, detect.signals);
        append(&mut target.against, detect.against);
    }
    if let Some(meta) = child.meta {
        let target = out.meta.get_or_insert_with(RawMeta::default);
        append(&mut target.title_suffixes, meta.title_suffixes);
        append(&mut target.year_patterns, meta.year_patterns);
    }
    if let Some(sections) = child.sections {
        merge_list(out.sections.get_or_insert_with(Vec::new), sections)?;
    }
    if let Some(tables) = child.tables {
        merge_list(out.tables.get_or_insert_with(Vec::new), tables)?;
    }
    if let Some(checks) = child.checks {
        merge_list(out.checks.get_or_insert_with(Vec::new), checks)?;
    }
    Ok(out)
}

/// Appends the strings of `more` not yet in `list`.
fn append(list: &mut Option<Vec<String>>, more: Option<Vec<String>>) {
    let Some(more) = more else { return };
    let list = list.get_or_insert_with(Vec::new);
    for item in more {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}

fn replace<T>(target: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *target = value;
    }
}

/// An entry of a list merged by key.
trait Entry: Sized {
    /// What the entry is called in messages (`column`).
    const WHAT: &'static str;
    fn key(&self) -> Option<&At<String>>;
    fn removes(&self) -> bool;
    fn after(&self) -> Option<&At<String>> {
        None
    }
    fn before(&self) -> Option<&At<String>> {
        None
    }
    /// Applies the child's entry to a matched one.
    fn overlay(&mut self, child: Self) -> Result<(), Fail>;
}

fn key_of<E: Entry>(entry: &At<E>) -> &str {
    entry.value.key().map(|k| k.value.as_str()).unwrap_or("")
}

fn merge_list<E: Entry>(base: &mut Vec<At<E>>, child: Vec<At<E>>) -> Result<(), Fail> {
    for entry in child {
        let key = key_of(&entry).to_owned();
        if let Some(i) = base.iter().position(|b| key_of(b) == key) {
            if entry.value.removes() {
                base.remove(i);
            } else {
                base[i].value.overlay(entry.value)?;
            }
            continue;
        }
        if entry.value.removes() {
            return Err(cannot_remove(&entry.pos, E::WHAT, &key));
        }
        let index = match (entry.value.after(), entry.value.before()) {
            (Some(after), _) => find_anchor(base, after, E::WHAT)? + 1,
            (None, Some(before)) => find_anchor(base, before, E::WHAT)?,
            (None, None) => base.len(),
        };
        base.insert(index, entry);
    }
    Ok(())
}

fn find_anchor<E: Entry>(base: &[At<E>], anchor: &At<String>, what: &str) -> Result<usize, Fail> {
    base.iter()
        .position(|b| key_of(b) == anchor.value)
        .ok_or_else(|| {
            Fail::new(
                &anchor.pos,
                Kind::DanglingReference,
                format!(
                    "no {what} with key `{}` to place this one next to",
                    anchor.value
                ),
            )
        })
}

fn cannot_remove(pos: &Pos, what: &str, key: &str) -> Fail {
    Fail::new(
        &pos.child("remove"),
        Kind::DanglingReference,
        format!("cannot remove {what} `{key}`: there is none to remove"),
    )
}

impl Entry for RawSection {
    const WHAT: &'static str = "section";
    fn key(&self) -> Option<&At<String>> {
        self.key.as_ref()
    }
    fn removes(&self) -> bool {
        self.remove
    }
    fn after(&self) -> Option<&At<String>> {
        self.after.as_ref()
    }
    fn before(&self) -> Option<&At<String>> {
        self.before.as_ref()
    }
    fn overlay(&mut self, child: Self) -> Result<(), Fail> {
        replace(&mut self.numeral, child.numeral);
        replace(&mut self.heading, child.heading);
        append(&mut self.variants, child.variants);
        Ok(())
    }
}

impl Entry for RawColumn {
    const WHAT: &'static str = "column";
    fn key(&self) -> Option<&At<String>> {
        self.key.as_ref()
    }
    fn removes(&self) -> bool {
        self.remove
    }
    fn after(&self) -> Option<&At<String>> {
        self.after.as_ref()
    }
    fn before(&self) -> Option<&At<String>> {
        self.before.as_ref()
    }
    fn overlay(&mut self, child: Self) -> Result<(), Fail> {
        replace(&mut self.label, child.label);
        append(&mut self.variants, child.variants);
        replace(&mut self.value_type, child.value_type);
        Ok(())
    }
}

impl Entry for RawCheck {
    const WHAT: &'static str = "check";
    fn key(&self) -> Option<&At<String>> {
        self.id.as_ref()
    }
    fn removes(&self) -> bool {
        self.remove
    }
    fn overlay(&mut self, child: Self) -> Result<(), Fail> {
        replace(&mut self.description, child.description);
        replace(&mut self.expr, child.expr);
        Ok(())
    }
}

impl Entry for RawTable {
    const WHAT: &'static str = "table";
    fn key(&self) -> Option<&At<String>> {
        self.key.as_ref()
    }
    fn removes(&self) -> bool {
        self.remove
    }
    fn overlay(&mut self, child: Self) -> Result<(), Fail> {
        replace(&mut self.section, child.section);
        replace(&mut self.prefix, child.prefix);
        replace(&mut self.caption, child.caption);
        append(&mut self.caption_variants, child.caption_variants);
        append(&mut self.header, child.header);
        if let Some(columns) = child.columns {
            merge_list(self.columns.get_or_insert_with(Vec::new), columns)?;
        }
        if let Some(rows) = child.rows {
            let root = self.rows.get_or_insert_with(Vec::new);
            merge_rows(root, &[], "", rows)?;
        }
        Ok(())
    }
}

/// The member list of the group at `path` (indices from the root list), made
/// a group if it was a leaf.
fn list_mut<'a>(
    mut list: &'a mut Vec<At<RawRow>>,
    path: &[usize],
) -> Option<&'a mut Vec<At<RawRow>>> {
    for &i in path {
        list = list.get_mut(i)?.value.rows.get_or_insert_with(Vec::new);
    }
    Some(list)
}

/// Where the row with full key path `full` is: indices from the root list.
fn find_row(list: &[At<RawRow>], prefix: &str, full: &str) -> Option<Vec<usize>> {
    for (i, r) in list.iter().enumerate() {
        let path = match &r.value.key {
            Some(k) => join_key(prefix, &k.value),
            None => prefix.to_owned(),
        };
        if r.value.key.is_some() && path == full {
            return Some(vec![i]);
        }
        if let Some(children) = &r.value.rows {
            if let Some(mut found) = find_row(children, &path, full) {
                found.insert(0, i);
                return Some(found);
            }
        }
    }
    None
}

/// The key path of the group at `path` (indices from the root list).
fn prefix_of(list: &[At<RawRow>], path: &[usize]) -> String {
    let mut prefix = String::new();
    let mut list = list;
    for &i in path {
        let Some(r) = list.get(i) else { break };
        if let Some(k) = &r.value.key {
            prefix = join_key(&prefix, &k.value);
        }
        list = r.value.rows.as_deref().unwrap_or_default();
    }
    prefix
}

fn lost(pos: &Pos) -> Fail {
    Fail::new(
        pos,
        Kind::DanglingReference,
        "row tree changed while merging",
    )
}

/// Merges the child's rows `child`, written inside the group at `container`
/// (whose key path is `prefix`), into the table's row tree `root`.
fn merge_rows(
    root: &mut Vec<At<RawRow>>,
    container: &[usize],
    prefix: &str,
    child: Vec<At<RawRow>>,
) -> Result<(), Fail> {
    for mut entry in child {
        let members = entry.value.rows.take();
        let found = match &entry.value.key {
            Some(k) => find_row(root, "", &join_key(prefix, &k.value)),
            None => {
                // A group without key is matched by its label, the unlabelled
                // row by being unlabelled, both within the same list.
                let list = list_mut(root, container).ok_or_else(|| lost(&entry.pos))?;
                let label = entry.value.label.as_ref().map(|l| &l.value);
                list.iter()
                    .position(|r| {
                        r.value.key.is_none()
                            && r.value.unlabelled == entry.value.unlabelled
                            && r.value.label.as_ref().map(|l| &l.value) == label
                    })
                    .map(|i| {
                        let mut p = container.to_vec();
                        p.push(i);
                        p
                    })
            }
        };
        let target: Vec<usize> = match found {
            Some(path) => {
                let (&last, parent) = path.split_last().ok_or_else(|| lost(&entry.pos))?;
                let list = list_mut(root, parent).ok_or_else(|| lost(&entry.pos))?;
                if entry.value.remove {
                    if last < list.len() {
                        list.remove(last);
                    }
                    continue;
                }
                let row = list.get_mut(last).ok_or_else(|| lost(&entry.pos))?;
                replace(&mut row.value.label, entry.value.label);
                append(&mut row.value.variants, entry.value.variants);
                row.value.unlabelled |= entry.value.unlabelled;
                path
            }
            None => {
                if entry.value.remove {
                    let key = entry.value.key.as_ref().map(|k| k.value.as_str());
                    return Err(cannot_remove(&entry.pos, "row", key.unwrap_or("")));
                }
                if members.is_some() {
                    entry.value.rows = Some(Vec::new());
                }
                let anchor = match (&entry.value.after, &entry.value.before) {
                    (Some(a), _) => Some((a.clone(), 1)),
                    (None, Some(b)) => Some((b.clone(), 0)),
                    (None, None) => None,
                };
                match anchor {
                    Some((anchor, offset)) => {
                        let at = find_row(root, "", &join_key(prefix, &anchor.value))
                            .or_else(|| find_row(root, "", &anchor.value))
                            .ok_or_else(|| {
                                Fail::new(
                                    &anchor.pos,
                                    Kind::DanglingReference,
                                    format!(
                                        "no row with key `{}` to place this one next to",
                                        anchor.value
                                    ),
                                )
                            })?;
                        let (&last, parent) = at.split_last().ok_or_else(|| lost(&entry.pos))?;
                        let list = list_mut(root, parent).ok_or_else(|| lost(&entry.pos))?;
                        let index = (last + offset).min(list.len());
                        list.insert(index, entry);
                        let mut path = parent.to_vec();
                        path.push(index);
                        path
                    }
                    None => {
                        let list = list_mut(root, container).ok_or_else(|| lost(&entry.pos))?;
                        list.push(entry);
                        let mut path = container.to_vec();
                        path.push(list.len() - 1);
                        path
                    }
                }
            }
        };
        if let Some(members) = members {
            let prefix = prefix_of(root, &target);
            merge_rows(root, &target, &prefix, members)?;
        }
    }
    Ok(())
}
