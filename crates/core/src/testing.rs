//! What several modules' tests share.

use docgram_testgen::{random_report, render, Format, Layout, Noise};
use rand::rngs::SmallRng;
use rand::SeedableRng;

/// Every report of `corpus/`.
pub(crate) fn corpus_texts() -> Vec<String> {
    [
        include_str!("../../../corpus/000_f873e43823df0c69.txt"),
        include_str!("../../../corpus/001_c97051a2cc00a6ae.txt"),
        include_str!("../../../corpus/002_e6d10310d5a8465b.txt"),
        include_str!("../../../corpus/003_0493e27b4478f98b.txt"),
        include_str!("../../../corpus/004_098d1fbed3763113.txt"),
    ]
    .iter()
    .map(|t| t.to_string())
    .collect()
}

/// Three corpus reports and a generated report (random values and
/// noise) in every layout and format.
pub(crate) fn sample_reports(seed: u64) -> Vec<String> {
    let mut texts: Vec<String> = [
        include_str!("../../../corpus/000_f873e43823df0c69.txt"),
        include_str!("../../../corpus/001_c97051a2cc00a6ae.txt"),
        include_str!("../../../corpus/003_0493e27b4478f98b.txt"),
    ]
    .iter()
    .map(|t| t.to_string())
    .collect();
    let mut rng = SmallRng::seed_from_u64(seed);
    for layout in Layout::ALL {
        for format in [Format::F2019, Format::F2021] {
            let report = random_report(&mut rng, format);
            texts.push(render(&report, layout, &Noise::random(&mut rng)));
        }
    }
    texts
}
