//! The batch pipeline: read and extract sources in parallel, hand the results
//! on in input order.
//!
//! Sources are taken from an iterator in chunks of [`CHUNK`]: a chunk is read, extracted and
//! rendered (the JSON of each record, see [`Render`]) on the thread pool
//! (`par_iter`), then its outcomes are handed to the caller in order, while
//! the pool already works on the next chunk. Memory is bounded by a few
//! chunks of records, whatever the size of the batch.
//!
//! Every source gives exactly one outcome. A source that cannot be read
//! (missing, a folder, permission denied, larger than `--max-bytes`) gives a
//! record without a grammar and an error finding; a panic while extracting is
//! caught and gives an `internal-error` record, so one bad file never stops
//! the batch.

use std::cell::RefCell;
use std::io::{self, IsTerminal};
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use docgram_core::text::Encoding;
use docgram_core::{Document, Engine, Record};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::findings::{self, Finding, Status};
use crate::inputs::{read_limited, ReadError, Source};

/// How many sources are read and extracted before their results are written.
pub const CHUNK: usize = 256;

/// How a batch runs.
#[derive(Clone, Debug)]
pub struct Options {
    /// Worker threads (`0`: one per core).
    pub threads: usize,
    /// Sources larger than this are refused unread.
    pub max_bytes: u64,
    /// Forced encoding, or `None` to detect one per source.
    pub encoding: Option<Encoding>,
    /// Whether to show a progress bar (only ever on a terminal).
    pub progress: bool,
    /// Extraction options (`--infer`).
    pub extract: docgram_core::Options,
    /// What to render of each record in the worker threads.
    pub render: Render,
}

/// What the workers write of each record into [`Outcome::rendered`], so that
/// the thread writing the output only copies bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Render {
    /// Nothing.
    #[default]
    Nothing,
    /// The record as pretty-printed JSON.
    JsonPretty,
    /// The record as one line of JSON, with its newline.
    JsonLine,
}

/// One source's result.
#[derive(Debug)]
pub struct Outcome {
    /// Its record.
    pub record: Record,
    /// Its findings.
    pub findings: Vec<Finding>,
    /// Clean, with findings, or failed.
    pub status: Status,
    /// The record rendered as [`Options::render`] asks (empty for
    /// [`Render::Nothing`]).
    pub rendered: Vec<u8>,
}

/// Counts over a batch.
#[derive(Clone, Copy, Debug, Default)]
pub struct Summary {
    /// Sources read (one per record written).
    pub read: usize,
    /// Reports without warnings or errors.
    pub clean: usize,
    /// Reports with findings.
    pub findings: usize,
    /// Sources that could not be read.
    pub failed: usize,
    /// Wall time.
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        let rate = if secs > 0.0 {
            self.read as f64 / secs
        } else {
            0.0
        };
        write!(
            f,
            "{} reports read in {secs:.2} s ({rate:.1} reports/s): {} clean, {} with findings, {} failed",
            self.read, self.clean, self.findings, self.failed
        )
    }
}

thread_local! {
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn panic_text(info: &panic::PanicHookInfo<'_>) -> String {
    let msg = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    // keep messages short: a panic on a huge line quotes the line
    let msg: String = msg.chars().take(300).collect();
    match info.location() {
        Some(l) => format!("{msg} (at {}:{})", l.file(), l.line()),
        None => msg,
    }
}

/// Reads and extracts one source.
fn process(engine: &Engine, source: &Source, opts: &Options) -> Outcome {
    let name = source.name();
    let record = panic::catch_unwind(AssertUnwindSafe(|| {
        let bytes = match read_limited(source, opts.max_bytes) {
            Ok(b) => b,
            Err(ReadError::TooLarge(len, max)) => {
                return Record::failed(
                    name,
                    "input-too-large",
                    format!(
                    "input is {len} bytes, more than the limit of {max} bytes (see --max-bytes)"
                ),
                )
            }
            Err(ReadError::Unreadable(why)) => {
                return Record::failed(name, "unreadable-input", why)
            }
        };
        let doc = match Document::from_bytes_with(&bytes, opts.encoding) {
            Ok(d) => d,
            Err(e) => return Record::failed(name, "input-too-large", e.to_string()),
        };
        drop(bytes);
        match engine.extract_opts(&doc, &opts.extract) {
            Some(ex) => Record::from_extraction(name, &doc, ex),
            None => Record::failed(name, "no-grammar", "the engine has no grammar".into()),
        }
    }))
    .unwrap_or_else(|_| {
        let why = PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| "unknown panic".to_owned());
        Record::failed(
            name,
            "internal-error",
            format!("docgram failed on this input (please report it): {why}"),
        )
    });
    let findings = findings::of_record(&record);
    let status = findings::status(&record, &findings);
    let rendered = render(&record, opts.render);
    Outcome {
        record,
        findings,
        status,
        rendered,
    }
}

fn render(record: &Record, how: Render) -> Vec<u8> {
    // a record of the bundled grammars is 6 to 30 KB of JSON: start at
    // the small end, so that a chunk of short records stays small
    let mut out = Vec::new();
    let written = match how {
        Render::Nothing => return out,
        Render::JsonPretty => {
            out.reserve(12 << 10);
            serde_json::to_writer_pretty(&mut out, record)
        }
        Render::JsonLine => {
            out.reserve(8 << 10);
            let r = record.write_json(&mut out);
            out.push(b'\n');
            r
        }
    };
    // a record is plain data: serializing it to memory cannot fail
    written.expect("a record serializes");
    out
}

/// A progress bar on a terminal (hidden elsewhere), its length set once the
/// sources are counted.
fn progress_bar(show: bool) -> ProgressBar {
    if !show || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    set_style(&pb, "{pos} reports  {per_sec}  {elapsed} elapsed");
    pb
}

/// Gives a progress bar its length, and the style that shows it.
fn set_total(pb: &ProgressBar, total: usize) {
    pb.set_length(total as u64);
    set_style(
        pb,
        "{bar:30} {pos}/{len} reports  {per_sec}  eta {eta}  {elapsed} elapsed",
    );
}

fn set_style(pb: &ProgressBar, template: &str) {
    if let Ok(style) = ProgressStyle::with_template(template) {
        pb.set_style(style);
    }
}

/// Runs the batch: `each` gets every outcome, in the order of `sources`.
/// Stops at the first error `each` returns (the output cannot be written).
///
/// Sources are taken from the iterator a chunk at a time, so a batch holds a
/// few chunks whatever its size. When a progress bar is shown, `count` is
/// called on a thread of its own and its answer (the number of sources, when
/// it can tell) becomes the bar's length.
pub fn run(
    engine: &Engine,
    sources: impl Iterator<Item = Source> + Send,
    count: impl FnOnce() -> Option<usize> + Send,
    opts: &Options,
    mut each: impl FnMut(&Outcome) -> io::Result<()>,
) -> io::Result<Summary> {
    let start = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
        .map_err(io::Error::other)?;
    let pb = progress_bar(opts.progress);
    // report panics through the outcome, not on stderr
    let previous_hook = panic::take_hook();
    panic::set_hook(Box::new(|info| {
        let text = panic_text(info);
        PANIC.with(|p| *p.borrow_mut() = Some(text));
    }));
    let mut summary = Summary::default();
    let mut result = Ok(());
    // the pool makes chunk k + 1 while this thread writes chunk k; the
    // channel holds one finished chunk, so at most three are alive
    let (tx, rx) = mpsc::sync_channel::<Vec<Outcome>>(1);
    std::thread::scope(|scope| {
        let pb = &pb;
        let pool = &pool;
        if !pb.is_hidden() {
            scope.spawn(move || {
                if let Some(n) = count() {
                    set_total(pb, n);
                }
            });
        }
        scope.spawn(move || {
            let mut sources = sources;
            loop {
                let chunk: Vec<Source> = sources.by_ref().take(CHUNK).collect();
                if chunk.is_empty() {
                    break;
                }
                let outcomes: Vec<Outcome> = pool.install(|| {
                    chunk
                        .par_iter()
                        .map(|s| {
                            let o = process(engine, s, opts);
                            pb.inc(1);
                            o
                        })
                        .collect()
                });
                // the receiver is gone: the output failed, stop
                if tx.send(outcomes).is_err() {
                    break;
                }
            }
        });
        'chunks: for outcomes in rx.iter() {
            for o in &outcomes {
                summary.read += 1;
                match o.status {
                    Status::Clean => summary.clean += 1,
                    Status::Findings => summary.findings += 1,
                    Status::Failed => {
                        summary.failed += 1;
                        for f in &o.findings {
                            pb.suspend(|| eprintln!("error: {}: {}", o.record.source, f.message));
                        }
                    }
                }
                if let Err(e) = each(o) {
                    result = Err(e);
                    break 'chunks;
                }
            }
        }
        // dropping the receiver stops the producer at its next chunk
        drop(rx);
    });
    panic::set_hook(previous_hook);
    pb.finish_and_clear();
    summary.elapsed = start.elapsed();
    result.map(|()| summary)
}
