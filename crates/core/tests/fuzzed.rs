//! Fuzz finds, kept as regression fixtures: every file in
//! `tests/fixtures/fuzzed/` named `<target>-<short-hash>` is fed to the same
//! code path as the fuzz target `<target>` (see `fuzz/fuzz_targets/`), which
//! must not panic. A fixture whose target is unknown fails the test.

use std::fs;
use std::path::Path;

use docgram_core::checks;
use docgram_core::grammar::{bundled_by_id, Grammar};
use docgram_core::layout::{parse_best, LayoutKind};
use docgram_core::lines::split_lines;
use docgram_core::{Document, Engine, Record};

/// `fuzz_targets/extract.rs`.
fn extract(data: &[u8]) {
    let Ok(doc) = Document::from_bytes(data) else {
        return;
    };
    let engine = Engine::bundled();
    let ex = engine.extract(&doc).unwrap_or_else(|| panic!("no grammar"));
    let record = Record::new("fuzz.txt", &doc, &ex);
    let _ = serde_json::to_string(&record);
}

/// `fuzz_targets/layouts.rs`.
fn layouts(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let lines = split_lines(&text);
    for kind in LayoutKind::ALL {
        let grid = kind.parse(&lines);
        for row in &grid.rows {
            for cell in &row.cells {
                let (s, e) = (cell.span.start as usize, cell.span.end as usize);
                assert!(text.get(s..e).is_some(), "cell span {s}..{e} off the text");
            }
        }
    }
    let _ = parse_best(&lines);
}

/// `fuzz_targets/grammar.rs`.
fn grammar(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = Grammar::from_yaml_str(text, "fuzz.yaml") {
        let _ = e.to_string();
    }
}

/// `fuzz_targets/check_expr.rs`.
fn check_expr(data: &[u8]) {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let g = bundled_by_id("cn-gov-disclosure-2021").unwrap_or_else(|| panic!("bundled"));
    if let Err(e) = checks::compile(src, &g.tables, &g.field_keys) {
        assert!(e.offset <= src.len());
    }
}

#[test]
fn fuzzed_fixtures_do_not_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzzed");
    let mut seen = 0;
    for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with('.') || name.ends_with(".md") {
            continue;
        }
        let data = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let target = name.rsplit_once('-').map_or("", |(t, _)| t);
        match target {
            "extract" => extract(&data),
            "layouts" => layouts(&data),
            "grammar" => grammar(&data),
            "check_expr" => check_expr(&data),
            _ => panic!("{name}: no fuzz target `{target}`"),
        }
        seen += 1;
    }
    assert!(seen > 0, "no fixtures in {}", dir.display());
}
