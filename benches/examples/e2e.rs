//! End to end over the corpus mix and generated reports, in a plain loop: a
//! quick figure, and the workload for `valgrind --tool=callgrind`.
//!
//! `e2e [ROUNDS] [SET]` (default 20, all): bytes to JSONL for every report,
//! ROUNDS times; SET `corpus` or `generated` takes those reports only.

use std::time::Instant;

use docgram_core::{Document, Engine, Record};
use docgram_testgen::Layout;

/// The allocator the CLI binary uses, so figures match it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let set = std::env::args().nth(2).unwrap_or_default();
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    if set != "generated" {
        inputs.extend(docgram_benches::corpus().into_iter().map(|(_, b)| b));
    }
    if set != "corpus" {
        for layout in Layout::ALL {
            for (t, _) in docgram_benches::generated(layout, 4, 11 ^ layout as u64) {
                inputs.push(t.into_bytes());
            }
        }
    }
    let engine = Engine::bundled();
    let bytes: usize = inputs.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(1 << 20);
    let mut filled = 0usize;
    let start = Instant::now();
    for _ in 0..rounds {
        out.clear();
        for b in &inputs {
            let doc = Document::from_bytes(b).unwrap();
            let ex = engine.extract(&doc).unwrap();
            filled += ex.fields.iter().filter(|f| f.value.is_some()).count();
            let record = Record::from_extraction("r.txt", &doc, ex);
            record.write_json(&mut out).unwrap();
            out.push(b'\n');
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = rounds * inputs.len();
    println!(
        "{n} reports, {:.1} MB in {secs:.3} s: {:.1} MB/s, {:.0} reports/s ({filled} fields, {} bytes of JSONL a round)",
        (rounds * bytes) as f64 / 1e6,
        (rounds * bytes) as f64 / 1e6 / secs,
        n as f64 / secs,
        out.len()
    );
}
