//! `docgram extract` and `docgram explain`.

use std::io::Write;

use anstream::AutoStream;
use docgram_core::diag::Severity;
use docgram_core::{Document, Engine, Extraction, Options, Record};

use crate::input::{engine, read_document, Common};
use crate::style::{self, BOLD, DIM, HEAD};
use crate::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A JSON array of records, pretty-printed.
    Json,
    /// One compact JSON record a line.
    Jsonl,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Reports to read (`-` for standard input).
    #[arg(required = true)]
    pub files: Vec<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "json")]
    pub format: Format,
    /// Fill a missing value an identity implies (marked as inferred), then check again.
    #[arg(long)]
    pub infer: bool,
    #[command(flatten)]
    pub common: Common,
}

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// The report to explain (`-` for standard input).
    pub file: String,
    #[command(flatten)]
    pub common: Common,
}

/// Extracts one document; the record and the exit code it implies.
#[allow(dead_code)] // the entry point without options, for other subcommands
pub fn extract_one(engine: &Engine, source: &str, doc: &Document) -> (Record, u8) {
    extract_one_opts(engine, source, doc, &Options::default())
}

/// [`extract_one`] with extraction options.
pub fn extract_one_opts(
    engine: &Engine,
    source: &str,
    doc: &Document,
    options: &Options,
) -> (Record, u8) {
    match engine.extract_opts(doc, options) {
        Some(ex) => {
            let code = if ex
                .diagnostics
                .iter()
                .any(|d| d.severity >= Severity::Warning)
            {
                EXIT_FINDINGS
            } else {
                EXIT_CLEAN
            };
            (Record::new(source, doc, &ex), code)
        }
        None => (
            Record::failed(source, "no-grammar", "the engine has no grammar".into()),
            EXIT_ERROR,
        ),
    }
}

pub fn run(args: &Args) -> u8 {
    let (engine, _) = match engine(&args.common) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut worst = EXIT_CLEAN;
    let mut first = true;
    if args.format == Format::Json {
        let _ = writeln!(out, "[");
    }
    for path in &args.files {
        let (record, code) = match read_document(path, args.common.encoding) {
            Ok(doc) => extract_one_opts(&engine, path, &doc, &Options { infer: args.infer }),
            Err(e) => {
                eprintln!("error: {e}");
                (Record::failed(path, "unreadable-input", e), EXIT_ERROR)
            }
        };
        worst = worst.max(code);
        let res = match args.format {
            Format::Jsonl => serde_json::to_writer(&mut out, &record)
                .map_err(std::io::Error::from)
                .and_then(|_| writeln!(out)),
            Format::Json => {
                if !first {
                    let _ = writeln!(out, ",");
                }
                serde_json::to_writer_pretty(&mut out, &record).map_err(std::io::Error::from)
            }
        };
        first = false;
        if res.is_err() {
            return EXIT_ERROR; // broken pipe: stop quietly
        }
    }
    if args.format == Format::Json {
        let _ = writeln!(out, "\n]");
    }
    let _ = out.flush();
    worst
}

pub fn explain(args: &ExplainArgs) -> u8 {
    let (engine, _) = match engine(&args.common) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let doc = match read_document(&args.file, args.common.encoding) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let Some(ex) = engine.extract(&doc) else {
        eprintln!("error: no grammar");
        return EXIT_ERROR;
    };
    let mut out = AutoStream::auto(std::io::stdout()).lock();
    let _ = print_explain(&mut out, &args.file, &doc, &ex);
    if ex
        .diagnostics
        .iter()
        .any(|d| d.severity >= Severity::Warning)
    {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn print_explain(
    out: &mut impl Write,
    name: &str,
    doc: &Document,
    ex: &Extraction<'_>,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{BOLD}{name}{BOLD:#}  {DIM}grammar{DIM:#} {}",
        ex.grammar.id
    )?;
    if let Some(det) = &ex.detection {
        writeln!(
            out,
            "  {DIM}chosen by signals:{DIM:#} {}  {DIM}(scores: {}){DIM:#}",
            if det.evidence.is_empty() {
                "none".to_owned()
            } else {
                det.evidence.join(", ")
            },
            det.scores
                .iter()
                .map(|(id, s)| format!("{id} {s}"))
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    let m = &ex.meta;
    writeln!(
        out,
        "  {DIM}title{DIM:#} {}  {DIM}organization{DIM:#} {}  {DIM}year{DIM:#} {}",
        m.title.as_deref().unwrap_or("-"),
        m.organization.as_deref().unwrap_or("-"),
        m.year.map_or("-".to_owned(), |y| y.to_string())
    )?;
    writeln!(out)?;
    let width = ex.fields.iter().map(|f| f.key.len()).max().unwrap_or(0);
    for f in &ex.fields {
        let value = f.value.map_or("null".to_owned(), |v| v.to_string());
        write!(out, "{:<width$}  {BOLD}{:>8}{BOLD:#}", f.key, value)?;
        match (&f.value_text, f.value_span) {
            (Some(t), Some(s)) => write!(
                out,
                "  {DIM}value{DIM:#} {:?} {DIM}at {}{DIM:#}",
                t,
                doc.locate(s)
            )?,
            _ => write!(out, "  {DIM}no value cell{DIM:#}")?,
        }
        if let (Some(t), Some(s)) = (&f.label_text, f.label_span) {
            write!(
                out,
                "  {DIM}label{DIM:#} {} {DIM}at {}{DIM:#}",
                t,
                doc.locate(s)
            )?;
        }
        writeln!(out)?;
    }
    if !ex.unused.is_empty() {
        writeln!(
            out,
            "\n{HEAD}rows with values the grammar did not use{HEAD:#}"
        )?;
        for u in &ex.unused {
            writeln!(
                out,
                "  {} {DIM}{}{DIM:#}  {}",
                doc.locate(u.span),
                u.table.as_deref().unwrap_or("outside tables"),
                u.cells.join(" │ ")
            )?;
        }
    }
    if !ex.diagnostics.is_empty() {
        writeln!(out, "\n{HEAD}diagnostics{HEAD:#}")?;
        for d in &ex.diagnostics {
            let st = style::severity(d.severity);
            let at = d.span.map_or("-".to_owned(), |s| doc.locate(s));
            writeln!(
                out,
                "  {at} {st}{:?}{st:#} {}: {}",
                d.severity, d.code, d.message
            )?;
        }
    }
    Ok(())
}
