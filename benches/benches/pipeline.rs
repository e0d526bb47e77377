//! Criterion benchmarks of every stage of the pipeline, in bytes per second,
//! over the corpus (`corpus/*.txt`) and over generated reports with known
//! non-zero values in every layout. Each iteration processes the whole set
//! and asserts a count of its result, so that nothing is optimized away.
//!
//! ```sh
//! CARGO_TARGET_DIR=/work/target-perf cargo bench -p docgram-benches
//! cargo bench -p docgram-benches -- end_to_end   # one group
//! ```

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use docgram_benches::{corpus, generated};
use docgram_core::extract::extract_tables;
use docgram_core::layout::parse_best;
use docgram_core::lines::{split_lines, Line};
use docgram_core::regions::table_regions;
use docgram_core::sections::find_sections;
use docgram_core::{checks, normalize, Document, Engine, Record};
use docgram_testgen::Layout;

/// The allocator the CLI binary uses, so figures match it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Line ranges of a document's table regions.
type Ranges = Vec<(usize, usize)>;

/// Generated reports per layout.
const GENERATED: usize = 64;

/// Decoded documents of a set, with their total size in bytes.
struct Set {
    name: String,
    bytes: Vec<Vec<u8>>,
    docs: Vec<Document>,
    /// Fields with a value each document must give.
    filled: Vec<usize>,
    total: u64,
}

fn sets(engine: &Engine) -> Vec<Set> {
    let corpus = corpus();
    let bytes: Vec<Vec<u8>> = corpus.into_iter().map(|(_, b)| b).collect();
    let docs: Vec<Document> = bytes
        .iter()
        .map(|b| Document::from_bytes(b).unwrap())
        .collect();
    // what the engine reads of the corpus today is the reference
    let filled = docs
        .iter()
        .map(|d| filled(&engine.extract(d).unwrap().fields))
        .collect();
    let mut out = vec![Set {
        name: "corpus".into(),
        total: bytes.iter().map(|b| b.len() as u64).sum(),
        bytes,
        docs,
        filled,
    }];
    for layout in Layout::ALL {
        let g = generated(layout, GENERATED, 0xBE7C ^ layout as u64);
        let bytes: Vec<Vec<u8>> = g.iter().map(|(t, _)| t.clone().into_bytes()).collect();
        out.push(Set {
            name: format!("generated-{}", layout.name()),
            total: bytes.iter().map(|b| b.len() as u64).sum(),
            docs: g
                .iter()
                .map(|(t, _)| Document::from_text(t.clone()))
                .collect(),
            filled: g.iter().map(|&(_, n)| n).collect(),
            bytes,
        });
    }
    out
}

fn filled(fields: &[docgram_core::extract::Field]) -> usize {
    fields.iter().filter(|f| f.value.is_some()).count()
}

fn stages(c: &mut Criterion) {
    let engine = Engine::bundled();
    let sets = sets(&engine);
    let corpus = &sets[0];

    let mut g = c.benchmark_group("decode");
    for set in &sets {
        g.throughput(Throughput::Bytes(set.total));
        g.bench_function(&set.name, |b| {
            b.iter(|| {
                let mut n = 0;
                for bytes in &set.bytes {
                    n += Document::from_bytes(black_box(bytes)).unwrap().text().len();
                }
                assert_eq!(n as u64, set.total);
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Bytes(corpus.total));
    g.bench_function("fold", |b| {
        b.iter(|| {
            let n: usize = corpus
                .docs
                .iter()
                .map(|d| normalize::fold(black_box(d.text())).len())
                .sum();
            assert!(n > 0);
        })
    });
    g.bench_function("label_key", |b| {
        b.iter(|| {
            let n: usize = corpus
                .docs
                .iter()
                .map(|d| normalize::label_key(black_box(d.text())).len())
                .sum();
            assert!(n > 0);
        })
    });
    g.finish();

    let grammars: Vec<Vec<&docgram_core::grammar::Grammar>> = sets
        .iter()
        .map(|s| {
            s.docs
                .iter()
                .map(|d| &engine.grammars()[engine.detect(d).unwrap().index])
                .collect()
        })
        .collect();

    let mut g = c.benchmark_group("detect");
    for set in &sets {
        g.throughput(Throughput::Bytes(set.total));
        g.bench_function(&set.name, |b| {
            b.iter(|| {
                let n: usize = set
                    .docs
                    .iter()
                    .map(|d| engine.detect(black_box(d)).unwrap().evidence.len())
                    .sum();
                assert!(n > 0);
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("sections");
    for (set, gs) in sets.iter().zip(&grammars) {
        g.throughput(Throughput::Bytes(set.total));
        g.bench_function(&set.name, |b| {
            b.iter(|| {
                let mut found = 0;
                for (d, gr) in set.docs.iter().zip(gs) {
                    let lines = split_lines(black_box(d.text()));
                    found += find_sections(&lines, &gr.sections).found.len();
                }
                assert!(found >= set.docs.len() * 3);
            })
        });
    }
    g.finish();

    // each layout adapter (scoring every layout, parsing with the best) over
    // the table regions of generated reports in that layout
    let mut g = c.benchmark_group("layout");
    for (set, gs) in sets.iter().zip(&grammars).skip(1) {
        let per_doc: Vec<(Vec<Line<'_>>, Ranges)> = set
            .docs
            .iter()
            .zip(gs)
            .map(|(d, gr)| {
                let lines = split_lines(d.text());
                let sections = find_sections(&lines, &gr.sections);
                let ranges = table_regions(&lines, &sections, gr)
                    .iter()
                    .map(|r| r.lines)
                    .collect();
                (lines, ranges)
            })
            .collect();
        let bytes: u64 = per_doc
            .iter()
            .flat_map(|(lines, ranges)| {
                ranges.iter().map(move |&(a, b)| {
                    lines[a..b]
                        .iter()
                        .map(|l| l.text.len() as u64 + 1)
                        .sum::<u64>()
                })
            })
            .sum();
        g.throughput(Throughput::Bytes(bytes));
        g.bench_function(set.name.trim_start_matches("generated-"), |b| {
            b.iter(|| {
                let mut rows = 0;
                for (lines, ranges) in &per_doc {
                    for &(a, z) in ranges {
                        rows += parse_best(black_box(&lines[a..z])).rows.len();
                    }
                }
                assert!(rows >= per_doc.len() * 20);
            })
        });
    }
    g.finish();

    // grammar matching: tables from grids (regions prepared outside the loop)
    let mut g = c.benchmark_group("grammar");
    for (set, gs) in sets.iter().zip(&grammars) {
        let prepared: Vec<_> = set
            .docs
            .iter()
            .zip(gs)
            .map(|(d, gr)| {
                let lines = split_lines(d.text());
                let sections = find_sections(&lines, &gr.sections);
                table_regions(&lines, &sections, gr)
            })
            .collect();
        let want: usize = set.filled.iter().sum();
        g.throughput(Throughput::Bytes(set.total));
        g.bench_function(&set.name, |b| {
            b.iter(|| {
                let mut n = 0;
                for (regions, gr) in prepared.iter().zip(gs) {
                    n += filled(&extract_tables(gr, black_box(regions)).fields);
                }
                assert_eq!(n, want);
            })
        });
    }
    g.finish();

    let extractions: Vec<Vec<_>> = sets
        .iter()
        .map(|s| s.docs.iter().map(|d| engine.extract(d).unwrap()).collect())
        .collect();

    let mut g = c.benchmark_group("checks");
    for ((set, gs), exs) in sets.iter().zip(&grammars).zip(&extractions) {
        g.throughput(Throughput::Bytes(set.total));
        g.bench_function(&set.name, |b| {
            b.iter(|| {
                let mut ok = 0;
                for ((d, gr), ex) in set.docs.iter().zip(gs).zip(exs) {
                    let ev = checks::evaluate(gr, black_box(&ex.fields), d);
                    ok += ev.results.iter().filter(|r| r.ok == Some(true)).count();
                }
                assert!(ok > 0);
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("json");
    for ((set, exs), name) in sets
        .iter()
        .zip(&extractions)
        .zip(sets.iter().map(|s| &s.name))
    {
        g.throughput(Throughput::Bytes(set.total));
        let mut buf = Vec::with_capacity(1 << 20);
        g.bench_function(name, |b| {
            b.iter(|| {
                buf.clear();
                for (d, ex) in set.docs.iter().zip(exs) {
                    let r = Record::new("report.txt", d, black_box(ex));
                    r.write_json(&mut buf).unwrap();
                    buf.push(b'\n');
                }
                assert!(buf.len() > set.docs.len() * 1000);
            })
        });
    }
    g.finish();

    // bytes to JSONL: decode, detect, extract, check, record, JSON
    let mut g = c.benchmark_group("end_to_end");
    for set in &sets {
        g.throughput(Throughput::Bytes(set.total));
        let mut buf = Vec::with_capacity(1 << 20);
        g.bench_function(&set.name, |b| {
            b.iter(|| {
                buf.clear();
                let mut n = 0;
                for bytes in &set.bytes {
                    let doc = Document::from_bytes(black_box(bytes)).unwrap();
                    let ex = engine.extract(&doc).unwrap();
                    n += filled(&ex.fields);
                    let r = Record::from_extraction("report.txt", &doc, ex);
                    r.write_json(&mut buf).unwrap();
                    buf.push(b'\n');
                }
                assert_eq!(n, set.filled.iter().sum::<usize>());
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = stages
}
criterion_main!(benches);
