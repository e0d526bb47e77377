//! Writes the seed corpora of the fuzz targets (`fuzz/corpus/<target>/`, not
//! committed). Run before fuzzing:
//!
//! ```text
//! cargo test -p docgram-core --test fuzz_seeds -- --ignored
//! ```
//!
//! Seeds: the real reports of `corpus/`, generated reports in every layout
//! and format (canonical, every noise switch, random noise with blanks), the
//! bundled grammars, and the bundled grammars' check expressions.

use std::fs;
use std::path::{Path, PathBuf};

use docgram_core::grammar::bundled;
use docgram_testgen::{random_report, render, Format, Layout, Noise, TitleStyle};
use rand::rngs::SmallRng;
use rand::SeedableRng;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn write(target: &str, name: &str, data: &[u8]) {
    let dir = root().join("fuzz/corpus").join(target);
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let path = dir.join(name);
    fs::write(&path, data).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

#[test]
#[ignore = "writes fuzz/corpus; run by hand before fuzzing"]
fn write_fuzz_seeds() {
    // real reports
    let corpus = root().join("corpus");
    let mut real = Vec::new();
    for entry in fs::read_dir(&corpus).unwrap_or_else(|e| panic!("{e}")) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.extension().is_some_and(|e| e == "txt") {
            real.push(path);
        }
    }
    for path in &real {
        let data = fs::read(path).unwrap_or_else(|e| panic!("{e}"));
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        write("extract", &format!("corpus-{name}"), &data);
        write("layouts", &format!("corpus-{name}"), &data);
    }
    // generated reports
    let mut rng = SmallRng::seed_from_u64(2026);
    for format in Format::ALL {
        let report = random_report(&mut rng, format);
        let noises = [
            ("none", Noise::none()),
            ("all", Noise::all(1, TitleStyle::Standard)),
            ("random", Noise::random(&mut rng).with_blanks()),
        ];
        for (noise_name, noise) in &noises {
            for layout in Layout::ALL {
                let text = render(&report, layout, noise);
                let name = format!("gen-{format:?}-{}-{noise_name}.txt", layout.name());
                write("extract", &name, text.as_bytes());
                write("layouts", &name, text.as_bytes());
            }
        }
    }
    // grammars and check expressions
    let grammars = root().join("grammars");
    for entry in fs::read_dir(&grammars).unwrap_or_else(|e| panic!("{e}")) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let data = fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            write("grammar", &name, &data);
        }
    }
    for g in bundled() {
        for c in &g.checks {
            write(
                "check_expr",
                &format!("{}-{}", g.id, c.id),
                c.expr.as_bytes(),
            );
        }
    }
}
