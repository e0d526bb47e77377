//! The CSV table of reports and the long-form CSV of findings.
//!
//! The table has one row per report: `source`, `grammar`, `title`,
//! `organization`, `year`, then one column per field key. The field columns
//! are the union of the field keys of the engine's grammars, in the engine's
//! order (bundled: the 2021 keys, then the 2019 keys not already present, then
//! the Hubei variant's), so reports of any grammar load in one go and the
//! header never depends on which files were read. A cell is empty when the
//! report's grammar lacks the key, the value is missing, or the report could
//! not be read (then only `source` is filled; the findings say why).

use std::collections::HashMap;
use std::io::{self, Write};

use docgram_core::{Engine, Record, SharedStr};

use crate::findings::{severity_name, Finding};

/// The byte order mark Excel needs to open a UTF-8 CSV as UTF-8.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// The leading columns, before the field keys.
pub const META_COLUMNS: [&str; 5] = ["source", "grammar", "title", "organization", "year"];

/// The columns of the findings file.
pub const FINDINGS_COLUMNS: [&str; 7] = [
    "source", "code", "severity", "check_id", "line", "column", "message",
];

/// The field columns for an engine: every grammar's keys, first seen first.
pub fn field_columns(engine: &Engine) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    engine
        .grammars()
        .iter()
        .flat_map(|g| g.field_keys.iter())
        .filter(|k| seen.insert(k.as_str()))
        .map(|k| k.to_string())
        .collect()
}

fn writer<W: Write>(mut w: W, excel: bool) -> io::Result<csv::Writer<W>> {
    if excel {
        w.write_all(BOM)?;
    }
    Ok(csv::Writer::from_writer(w))
}

/// Writes the table of reports.
#[derive(Debug)]
pub struct TableWriter<W: Write> {
    out: csv::Writer<W>,
    index: HashMap<String, usize>,
    /// The column of each field of the last record, by field position:
    /// records of one grammar have the same keys in the same order.
    columns: Vec<(SharedStr, Option<usize>)>,
    row: Vec<String>,
}

impl<W: Write> TableWriter<W> {
    /// Writes the header (after a BOM when `excel`).
    pub fn new(w: W, engine: &Engine, excel: bool) -> io::Result<Self> {
        let mut out = writer(w, excel)?;
        let keys = field_columns(engine);
        let mut header: Vec<String> = META_COLUMNS.iter().map(|s| (*s).to_owned()).collect();
        header.extend(keys.iter().cloned());
        out.write_record(&header)?;
        let index = keys
            .into_iter()
            .enumerate()
            .map(|(i, k)| (k, META_COLUMNS.len() + i))
            .collect();
        Ok(TableWriter {
            out,
            index,
            columns: Vec::new(),
            row: vec![String::new(); header.len()],
        })
    }

    /// Writes one report's row.
    pub fn write(&mut self, r: &Record) -> io::Result<()> {
        self.row.iter_mut().for_each(String::clear);
        self.row[0].push_str(&r.source);
        self.row[1].push_str(r.grammar.as_deref().unwrap_or(""));
        self.row[2].push_str(r.meta.title.as_deref().unwrap_or(""));
        self.row[3].push_str(r.meta.organization.as_deref().unwrap_or(""));
        if let Some(y) = r.meta.year {
            self.row[4] = y.to_string();
        }
        for (n, (k, v)) in r.fields.iter().enumerate() {
            let column = match self.columns.get(n) {
                Some((key, column)) if key == k => *column,
                _ => {
                    let column = self.index.get(k.as_str()).copied();
                    self.columns.truncate(n);
                    self.columns.push((k.clone(), column));
                    column
                }
            };
            if let (Some(i), Some(v)) = (column, v) {
                // the cell was cleared above: this reuses its buffer
                std::fmt::Write::write_fmt(&mut self.row[i], format_args!("{v}"))
                    .map_err(io::Error::other)?;
            }
        }
        self.out.write_record(&self.row)?;
        Ok(())
    }

    /// Flushes the output.
    pub fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Writes the findings file.
#[derive(Debug)]
pub struct FindingsWriter<W: Write> {
    out: csv::Writer<W>,
}

impl<W: Write> FindingsWriter<W> {
    /// Writes the header (after a BOM when `excel`).
    pub fn new(w: W, excel: bool) -> io::Result<Self> {
        let mut out = writer(w, excel)?;
        out.write_record(FINDINGS_COLUMNS)?;
        Ok(FindingsWriter { out })
    }

    /// Writes the findings of one source.
    pub fn write(&mut self, source: &str, findings: &[Finding]) -> io::Result<()> {
        for f in findings {
            let line = f.line.map(|l| l.to_string()).unwrap_or_default();
            let column = f.column.map(|c| c.to_string()).unwrap_or_default();
            self.out.write_record([
                source,
                &f.code,
                severity_name(f.severity),
                &f.check_id,
                &line,
                &column,
                &f.message,
            ])?;
        }
        Ok(())
    }

    /// Flushes the output.
    pub fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
