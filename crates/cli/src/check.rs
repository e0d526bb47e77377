//! `docgram check`: a report's findings printed for people, the way a
//! compiler prints its warnings.
//!
//! ```text
//! report.txt:41:25: warning[check-failed]: 一 + 二 = 35 but （七）总计 + 四 = 34 in column natural_person
//!    41 | 一、本年新收政府信息公开申请数量    12    …
//!       |                                     ^^
//!    = note: 一 + 二 = 35 but （七）总计 + 四 = 34 in column 自然人
//! ```

use std::io::Write;

use anstream::AutoStream;
use docgram_core::checks::{failure_message, instance};
use docgram_core::diag::{Code, Diagnostic, Severity};
use docgram_core::span::Span;
use docgram_core::{Document, Extraction, Options};
use unicode_width::UnicodeWidthChar;

use crate::input::{engine, read_document, Common};
use crate::style::{self, BOLD, DIM};
use crate::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

#[derive(clap::Args, Debug)]
#[command(after_help = "Exit codes:\n  \
    0  every report is clean\n  \
    1  findings: some report has a warning or an error diagnostic (a failed check, a missing table, …)\n  \
    2  errors: an input could not be read, or the grammar could not be loaded")]
pub struct Args {
    /// Reports to check (`-` for standard input).
    #[arg(required = true)]
    pub files: Vec<String>,
    /// Fill a missing value an identity implies, then check again.
    #[arg(long)]
    pub infer: bool,
    /// Print only the summary line.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Default)]
struct Tally {
    files: usize,
    clean: usize,
    with_findings: usize,
    unreadable: usize,
    warnings: usize,
    errors: usize,
}

pub fn run(args: &Args) -> u8 {
    let (engine, _) = match engine(&args.common) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let mut out = AutoStream::auto(std::io::stdout()).lock();
    let mut t = Tally::default();
    let options = Options { infer: args.infer };
    for path in &args.files {
        t.files += 1;
        let doc = match read_document(path, args.common.encoding) {
            Ok(d) => d,
            Err(e) => {
                t.unreadable += 1;
                let st = style::ERR;
                let _ = writeln!(out, "{st}error{st:#}{BOLD}: {e}{BOLD:#}");
                continue;
            }
        };
        let Some(ex) = engine.extract_opts(&doc, &options) else {
            t.unreadable += 1;
            continue;
        };
        let (w, e) = count(&ex.diagnostics);
        t.warnings += w;
        t.errors += e;
        if w + e == 0 {
            t.clean += 1;
        } else {
            t.with_findings += 1;
        }
        if !args.quiet {
            for d in ex.diagnostics.iter().filter(|d| shown(d)) {
                if print_finding(&mut out, path, &doc, &ex, d).is_err() {
                    return EXIT_ERROR; // broken pipe
                }
            }
        }
    }
    let _ = writeln!(out, "{}", summary(&t));
    if t.unreadable > 0 {
        EXIT_ERROR
    } else if t.with_findings > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn count(diags: &[Diagnostic]) -> (usize, usize) {
    let n = |s| diags.iter().filter(|d| d.severity == s).count();
    (n(Severity::Warning), n(Severity::Error))
}

/// Warnings and errors, and the values inferred (always worth seeing).
fn shown(d: &Diagnostic) -> bool {
    d.severity >= Severity::Warning || d.code == Code::InferredValue
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn summary(t: &Tally) -> String {
    let mut s = format!(
        "{}: {} clean, {} with findings ({}, {})",
        plural(t.files, "file"),
        t.clean,
        t.with_findings,
        plural(t.warnings, "warning"),
        plural(t.errors, "error")
    );
    if t.unreadable > 0 {
        s.push_str(&format!(", {} unreadable", t.unreadable));
    }
    s
}

/// Display width of `s` as printed (tabs shown as four spaces).
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if c == '\t' { 4 } else { c.width().unwrap_or(0) })
        .sum()
}

/// At most this many display columns of a source line are shown.
const SHOWN_COLUMNS: usize = 100;

/// Cuts a long source line (flattened HTML can put a whole report on one
/// line) to a window around the marker, marking the cuts with `…`.
fn window(line: &str, marker: &str) -> (String, String) {
    if width(line) <= SHOWN_COLUMNS {
        return (line.to_owned(), marker.to_owned());
    }
    let first = marker.find('^').unwrap_or(0);
    let start = first.saturating_sub(20);
    let mut shown = String::new();
    let mut col = 0;
    let mut shown_from = None;
    for c in line.chars() {
        let w = width(c.encode_utf8(&mut [0; 4]));
        if col >= start && col + w <= start + SHOWN_COLUMNS {
            shown_from.get_or_insert(col);
            shown.push(c);
        }
        col += w;
    }
    let from = shown_from.unwrap_or(start);
    let cut_left = from > 0;
    let cut_right = from + width(&shown) < col;
    let marker: String = marker.chars().skip(from).take(width(&shown)).collect();
    let lead = if cut_left { "… " } else { "" };
    let tail = if cut_right { " …" } else { "" };
    let pad = if cut_left { "  " } else { "" };
    (format!("{lead}{shown}{tail}"), format!("{pad}{marker}"))
}

fn print_finding(
    out: &mut impl Write,
    path: &str,
    doc: &Document,
    ex: &Extraction<'_>,
    d: &Diagnostic,
) -> std::io::Result<()> {
    let st = style::severity(d.severity);
    let sev = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    let at = d
        .span
        .map(|s| format!("{}:", doc.locate(s)))
        .unwrap_or_default();
    writeln!(
        out,
        "{BOLD}{path}:{at}{BOLD:#} {st}{sev}[{}]{st:#}{BOLD}: {}{BOLD:#}",
        d.code, d.message
    )?;
    // the failed result this finding reports, if any
    let result = (d.code == Code::CheckFailed)
        .then(|| {
            ex.checks
                .iter()
                .find(|r| failure_message(ex.grammar, r, false).as_deref() == Some(&d.message))
        })
        .flatten();
    if let Some(span) = d.span {
        let start = span.start as usize;
        let pos = doc.position(start);
        let line = doc.line_text(start);
        let line_start = start
            - line
                .chars()
                .take(pos.column.saturating_sub(1) as usize)
                .map(char::len_utf8)
                .sum::<usize>();
        let line_end = line_start + line.len();
        let mut spans: Vec<Span> = vec![span];
        if let Some(inst) = result.and_then(|r| instance(ex.grammar, r)) {
            spans = inst
                .fields()
                .into_iter()
                .filter_map(|i| ex.field(ex.grammar.field_keys.get(i)?)?.value_span)
                .filter(|s| (s.start as usize) >= line_start && (s.start as usize) < line_end)
                .collect();
            spans.sort_by_key(|s| s.start);
            spans.dedup();
        }
        let mut marker = String::new();
        let mut col = 0;
        for s in spans {
            let a = s.start as usize - line_start;
            let b = (s.end as usize).min(line_end).max(s.start as usize) - line_start;
            let (Some(before), Some(cell)) = (line.get(..a), line.get(a..b)) else {
                continue;
            };
            let from = width(before);
            if from < col {
                continue;
            }
            marker.push_str(&" ".repeat(from - col));
            let w = width(cell).max(1);
            marker.push_str(&"^".repeat(w));
            col = from + w;
        }
        let number = pos.line.to_string();
        let pad = " ".repeat(number.len());
        let shown = line.trim_end().replace('\t', "    ");
        let (shown, marker) = window(&shown, &marker);
        writeln!(out, "{DIM}{number} |{DIM:#} {shown}")?;
        writeln!(out, "{DIM}{pad} |{DIM:#} {st}{marker}{st:#}")?;
    }
    if let Some(note) = result.and_then(|r| failure_message(ex.grammar, r, true)) {
        writeln!(out, "{DIM}={DIM:#} {BOLD}note{BOLD:#}: {note}")?;
    }
    writeln!(out)
}
