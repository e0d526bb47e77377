//! `docgram extract` and `docgram explain`.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anstream::AutoStream;
use docgram_core::diag::Severity;
use docgram_core::{Document, Engine, Extraction};

use crate::batch;
use crate::cross_year::{self, CrossYear};
use crate::csv_out::{FindingsWriter, TableWriter};
use crate::input::{engine, engine_and_document, Common};
use crate::inputs::{self, parse_size};
use crate::style::{self, BOLD, DIM, HEAD};
use crate::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A JSON array of records, pretty-printed.
    Json,
    /// One compact JSON record a line.
    Jsonl,
    /// One row per report: source, grammar, title, organization, year, then one column per field key.
    Csv,
}

impl Format {
    /// The format a file name asks for (`reports.csv`), if any.
    fn of_path(p: &Path) -> Option<Format> {
        match p.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Reports to read: files, folders (searched recursively), glob patterns, or `-` for standard input.
    #[arg(required_unless_present = "files_from")]
    pub files: Vec<String>,
    /// Also read the files listed in LIST, one path a line (`-` reads the list from standard input).
    #[arg(long, value_name = "LIST")]
    pub files_from: Option<String>,
    /// In folders, read the files with this extension (repeatable, or comma-separated).
    #[arg(long, value_name = "EXT", default_value = "txt", value_delimiter = ',')]
    pub ext: Vec<String>,
    /// Output format [default: from the extension of -o, else json].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// Write the output to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write every finding to FILE as CSV (source, code, severity, check_id, line, column, message).
    #[arg(long, value_name = "FILE")]
    pub findings: Option<PathBuf>,
    /// Start CSV files with a UTF-8 byte order mark, so that Excel reads them as UTF-8.
    #[arg(long)]
    pub excel: bool,
    /// Refuse, unread, inputs larger than SIZE (bytes, or with a unit: 512K, 64M, 1G).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    pub max_bytes: u64,
    /// Worker threads [default: one per core].
    #[arg(
        long,
        short = 'j',
        value_name = "N",
        default_value_t = 0,
        hide_default_value = true
    )]
    pub threads: usize,
    /// Show no progress bar and no summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Fill a missing value an identity implies (marked as inferred), then check again.
    #[arg(long)]
    pub infer: bool,
    /// Check that each organization's carried-over applications equal the previous year's carried-forward ones.
    #[arg(long)]
    pub cross_year: bool,
    /// Write the cross-year mismatches to FILE, one JSON object a line (implies --cross-year).
    #[arg(long, value_name = "FILE")]
    pub cross_year_report: Option<PathBuf>,
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

/// Where records go, in the chosen format.
enum Sink {
    Json { out: Box<dyn Write>, first: bool },
    Jsonl(Box<dyn Write>),
    Csv(Box<TableWriter<Box<dyn Write>>>),
}

impl Sink {
    fn new(format: Format, out: Box<dyn Write>, engine: &Engine, excel: bool) -> io::Result<Sink> {
        Ok(match format {
            Format::Json => Sink::Json { out, first: true },
            Format::Jsonl => Sink::Jsonl(out),
            Format::Csv => Sink::Csv(Box::new(TableWriter::new(out, engine, excel)?)),
        })
    }

    /// What the workers should render of each record for this sink.
    fn render(&self) -> batch::Render {
        match self {
            Sink::Json { .. } => batch::Render::JsonPretty,
            Sink::Jsonl(_) => batch::Render::JsonLine,
            Sink::Csv(_) => batch::Render::Nothing,
        }
    }

    /// Writes one outcome's record (already rendered by the workers).
    fn write(&mut self, o: &batch::Outcome) -> io::Result<()> {
        match self {
            Sink::Json { out, first } => {
                out.write_all(if *first { b"[\n" } else { b",\n" })?;
                *first = false;
                out.write_all(&o.rendered)
            }
            Sink::Jsonl(out) => out.write_all(&o.rendered),
            Sink::Csv(t) => t.write(&o.record),
        }
    }

    fn finish(&mut self) -> io::Result<()> {
        match self {
            Sink::Json { out, first } => {
                out.write_all(if *first { b"[]\n" } else { b"\n]\n" })?;
                out.flush()
            }
            Sink::Jsonl(out) => out.flush(),
            Sink::Csv(t) => t.finish(),
        }
    }
}

fn create(path: &Path) -> Result<Box<dyn Write>, String> {
    std::fs::File::create(path)
        .map(|f| Box::new(BufWriter::new(f)) as Box<dyn Write>)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))
}

pub fn run(args: &Args) -> u8 {
    match run_batch(args) {
        Ok(code) => code,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            EXIT_ERROR
        }
    }
}

fn run_batch(args: &Args) -> Result<u8, String> {
    let (engine, _) = engine(&args.common)?;
    if args.files_from.as_deref() == Some("-") && args.files.iter().any(|f| f == "-") {
        return Err("standard input cannot be both the list of files and a report".into());
    }
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(Format::of_path))
        .unwrap_or(Format::Json);
    let out: Box<dyn Write> = match &args.output {
        Some(p) => create(p)?,
        None => Box::new(BufWriter::new(io::stdout())),
    };
    let mut sink = Sink::new(format, out, &engine, args.excel).map_err(|e| e.to_string())?;
    let mut findings = match &args.findings {
        Some(p) => Some(FindingsWriter::new(create(p)?, args.excel).map_err(|e| e.to_string())?),
        None => None,
    };
    let cross = args.cross_year || args.cross_year_report.is_some();
    let mut kept = CrossYear::default();
    let (files, list, exts) = (&args.files, args.files_from.as_deref(), &args.ext);
    let sources = inputs::sources(files, list, exts);
    // the progress bar's length: the same sources found again, unless the
    // list is standard input (read once, by the batch)
    let count = move || (list != Some("-")).then(|| inputs::sources(files, list, exts).count());
    let opts = batch::Options {
        threads: args.threads,
        max_bytes: args.max_bytes,
        encoding: args.common.encoding,
        progress: !args.quiet,
        extract: docgram_core::Options { infer: args.infer },
        render: sink.render(),
    };
    let written = batch::run(&engine, sources, count, &opts, |o| {
        sink.write(o)?;
        if let Some(f) = &mut findings {
            f.write(&o.record.source, &o.findings)?;
        }
        if cross {
            kept.keep(&o.record);
        }
        Ok(())
    });
    let summary = match written {
        Ok(s) => s,
        // a closed pipe (`| head`): stop quietly
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Err(String::new()),
        Err(e) => return Err(format!("cannot write the output: {e}")),
    };
    let mut code = if summary.failed > 0 {
        EXIT_ERROR
    } else if summary.findings > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    };
    let mismatches = if cross { kept.mismatches() } else { Vec::new() };
    for m in &mismatches {
        eprintln!(
            "warning: {}: {}: {}",
            m.source,
            cross_year::CODE,
            m.message()
        );
        if let Some(f) = &mut findings {
            f.write(&m.source, &[m.finding()])
                .map_err(|e| format!("cannot write the findings: {e}"))?;
        }
    }
    if !mismatches.is_empty() {
        code = code.max(EXIT_FINDINGS);
    }
    if let Some(p) = &args.cross_year_report {
        let mut w = create(p)?;
        for m in &mismatches {
            writeln!(w, "{}", m.to_json()).map_err(|e| e.to_string())?;
        }
        w.flush().map_err(|e| e.to_string())?;
    }
    match sink.finish() {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Err(String::new()),
        Err(e) => return Err(format!("cannot write the output: {e}")),
        Ok(()) => {}
    }
    if let Some(f) = &mut findings {
        f.finish()
            .map_err(|e| format!("cannot write the findings: {e}"))?;
    }
    if !args.quiet {
        if cross {
            eprintln!(
                "summary: {summary}; {} cross-year mismatches",
                mismatches.len()
            );
        } else {
            eprintln!("summary: {summary}");
        }
    }
    Ok(code)
}

pub fn explain(args: &ExplainArgs) -> u8 {
    let (engine, doc) = match engine_and_document(&args.common, &args.file) {
        Ok(pair) => pair,
        Err(code) => return code,
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
