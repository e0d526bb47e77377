//! Inputs for docgram's benchmarks: the bundled corpus and generated reports
//! with known non-zero values in every layout (see `benches/pipeline.rs`,
//! `examples/gen_reports.rs` and `batch.sh`).

use std::path::{Path, PathBuf};

use docgram_testgen::{random_report, render, Format, Layout, Noise, TitleStyle};
use rand::rngs::SmallRng;
use rand::SeedableRng;

/// The repository's `corpus/` folder.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus")
}

/// The corpus reports (`corpus/*.txt`), sorted by name: `(name, bytes)`.
pub fn corpus() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(corpus_dir())
        .expect("corpus/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&p).expect("corpus file readable");
            (name, bytes)
        })
        .collect();
    out.sort();
    out
}

/// The noise of generated report `i`: every irregularity on every fourth
/// report, random ones on the others, never blank cells (every field is read).
pub fn noise_for(i: u64, rng: &mut SmallRng) -> Noise {
    if i.is_multiple_of(4) {
        Noise::all(i, TitleStyle::ALL[(i / 4 % 4) as usize])
    } else {
        Noise::random(rng)
    }
}

/// `n` generated reports in `layout`, both formats alternating, deterministic
/// for a seed: `(text, number of fields with a value)`.
pub fn generated(layout: Layout, n: usize, seed: u64) -> Vec<(String, usize)> {
    let mut rng = SmallRng::seed_from_u64(seed);
    (0..n as u64)
        .map(|i| {
            let format = if i.is_multiple_of(2) {
                Format::F2021
            } else {
                Format::F2019
            };
            let report = random_report(&mut rng, format);
            let noise = noise_for(i, &mut rng);
            let filled = docgram_testgen::expected(&report, &noise)
                .values
                .values()
                .filter(|v| v.is_some())
                .count();
            (render(&report, layout, &noise), filled)
        })
        .collect()
}

/// Generated report `i` of a batch: layouts and formats in turn.
pub fn batch_report(i: u64) -> String {
    let mut rng = SmallRng::seed_from_u64(0xD0C6_4A11 ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let format = if i.is_multiple_of(2) {
        Format::F2021
    } else {
        Format::F2019
    };
    let report = random_report(&mut rng, format);
    let noise = noise_for(i, &mut rng);
    render(&report, Layout::ALL[(i / 2 % 4) as usize], &noise)
}
