//! `docgram cells FILE`: what the engine sees.

use std::io::Write;

use anstream::AutoStream;
use docgram_core::layout::Row;
use docgram_core::lines::split_lines;
use docgram_core::regions::{region, table_regions, Region};
use docgram_core::sections::find_sections;
use docgram_core::Document;

use crate::input::{engine_and_document, Common};
use crate::style::{BOLD, DIM, HEAD};
use crate::EXIT_CLEAN;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The report to show (`-` for standard input).
    pub file: String,
    /// Show every section's grid, not only the sections that hold tables.
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub common: Common,
}

pub fn run(args: &Args) -> u8 {
    let (engine, doc) = match engine_and_document(&args.common, &args.file) {
        Ok(pair) => pair,
        Err(code) => return code,
    };
    let mut out = AutoStream::auto(std::io::stdout()).lock();
    let _ = print(&mut out, &args.file, &doc, &engine, args.all);
    EXIT_CLEAN
}

fn print(
    out: &mut impl Write,
    name: &str,
    doc: &Document,
    engine: &docgram_core::Engine,
    all: bool,
) -> std::io::Result<()> {
    let lines = split_lines(doc.text());
    let Some(det) = engine.detect(doc) else {
        return writeln!(out, "no grammar");
    };
    let grammar = &engine.grammars()[det.index];
    writeln!(
        out,
        "{BOLD}{name}{BOLD:#}  {DIM}{} · {} lines · grammar {} (signals: {}){DIM:#}",
        doc.encoding.name(),
        lines.len(),
        grammar.id,
        if det.evidence.is_empty() {
            "none".to_owned()
        } else {
            det.evidence.join(", ")
        }
    )?;
    for d in &doc.diagnostics {
        writeln!(out, "  {}: {}", d.code, d.message)?;
    }
    let sections = find_sections(&lines, &grammar.sections);
    writeln!(out)?;
    for s in &sections.found {
        writeln!(
            out,
            "{DIM}section{DIM:#} {:<18} {DIM}heading at{DIM:#} {}  {DIM}{}{DIM:#}",
            s.key,
            doc.locate(s.heading),
            doc.line_text(s.heading.start as usize).trim()
        )?;
    }
    for d in &sections.diagnostics {
        writeln!(out, "{DIM}{}: {}{DIM:#}", d.code, d.message)?;
    }
    let regions: Vec<Region> = if all {
        sections
            .found
            .iter()
            .map(|s| region(&lines, Some(s.key.clone()), s.body_lines))
            .collect()
    } else {
        table_regions(&lines, &sections, grammar)
    };
    for r in &regions {
        writeln!(out)?;
        let first = lines.get(r.lines.0).map_or(0, |l| l.number);
        let last = lines
            .get(r.lines.1.saturating_sub(1))
            .map_or(0, |l| l.number);
        let others: Vec<String> = r.scores[1..]
            .iter()
            .map(|(k, s)| format!("{k} {s:.2}"))
            .collect();
        writeln!(
            out,
            "{HEAD}{}{HEAD:#}  {DIM}lines {first}-{last}{DIM:#}  layout {BOLD}{}{BOLD:#} {:.2}  {DIM}({}){DIM:#}",
            r.section.as_deref().unwrap_or("(whole document)"),
            r.grid.layout,
            r.grid.score,
            others.join(", ")
        )?;
        for (i, row) in r.grid.rows.iter().enumerate() {
            print_row(out, doc, i + 1, row)?;
        }
        for d in &r.grid.diagnostics {
            writeln!(
                out,
                "  {DIM}{} {}: {}{DIM:#}",
                doc.locate(d.span.unwrap_or_default()),
                d.code,
                d.message
            )?;
        }
    }
    Ok(())
}

fn print_row(out: &mut impl Write, doc: &Document, n: usize, row: &Row) -> std::io::Result<()> {
    write!(out, "{DIM}{n:>4} │{DIM:#}")?;
    for (k, c) in row.cells.iter().enumerate() {
        if k > 0 {
            write!(out, " {DIM}│{DIM:#}")?;
        }
        let text = if c.text.is_empty() {
            "∅".to_owned()
        } else {
            c.text.replace('\n', " ")
        };
        if c.text.is_empty() {
            write!(out, " {DIM}{text}{DIM:#}")?;
        } else {
            write!(out, " {text}")?;
        }
        write!(out, " {DIM}{}{DIM:#}", doc.locate(c.span))?;
    }
    writeln!(out)
}
