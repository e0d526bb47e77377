//! Generated reports with known, non-zero values, rendered in every layout with
//! realistic noise, must come back exactly: every field, the grammar and the meta.

mod common;

use common::mismatches;
use docgram_core::Engine;
use docgram_testgen::{random_report, Format, Layout, Noise, TitleStyle};
use rand::rngs::SmallRng;
use rand::SeedableRng;

fn run(cases: usize, seed: u64, noise_of: impl Fn(&mut SmallRng, usize) -> Noise) {
    let engine = Engine::bundled();
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut failures = Vec::new();
    for case in 0..cases {
        let format = if case % 2 == 0 {
            Format::F2021
        } else {
            Format::F2019
        };
        let report = random_report(&mut rng, format);
        let noise = noise_of(&mut rng, case);
        for layout in Layout::ALL {
            let m = mismatches(&engine, &report, layout, &noise);
            if !m.is_empty() {
                failures.push(format!(
                    "case {case} {format:?} {} noise {noise:?}:\n    {}",
                    layout.name(),
                    m.iter().take(8).cloned().collect::<Vec<_>>().join("\n    ")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} renderings differ:\n{}",
        failures.len(),
        cases * Layout::ALL.len(),
        failures
            .iter()
            .take(6)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn clean_renderings_come_back_exactly() {
    run(40, 1, |_, _| Noise::none());
}

#[test]
fn every_noise_at_once_comes_back_exactly() {
    run(40, 2, |_, case| {
        Noise::all(case as u64, TitleStyle::ALL[case % TitleStyle::ALL.len()])
    });
}

#[test]
fn random_noise_comes_back_exactly() {
    run(1000, 3, |rng, _| Noise::random(rng));
}

#[test]
fn blank_cells_come_back_as_null() {
    run(60, 4, |rng, _| Noise::random(rng).with_blanks());
}
