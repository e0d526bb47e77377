//! `Record::write_json` writes what `serde_json::to_writer` writes for the
//! record, byte for byte: over the corpus, generated reports in every layout
//! and format (with noise and blank cells), a record of a document that
//! could not be read, and texts that need escaping.

use docgram_core::{Document, Engine, Record};
use docgram_testgen::{random_report, render, Format, Layout, Noise};
use rand::rngs::SmallRng;
use rand::SeedableRng;

fn assert_same(record: &Record, what: &str) {
    let by_serde = serde_json::to_vec(record).unwrap();
    let mut direct = Vec::new();
    record.write_json(&mut direct).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&direct),
        String::from_utf8_lossy(&by_serde),
        "{what}"
    );
}

fn record_of(engine: &Engine, source: &str, bytes: &[u8]) -> Record {
    let doc = Document::from_bytes(bytes).unwrap();
    let ex = engine.extract(&doc).unwrap();
    Record::new(source, &doc, &ex)
}

#[test]
fn corpus_records() {
    let engine = Engine::bundled();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let r = record_of(
                &engine,
                &path.display().to_string(),
                &std::fs::read(&path).unwrap(),
            );
            assert!(!r.fields.is_empty());
            assert_same(&r, &path.display().to_string());
            n += 1;
        }
    }
    assert_eq!(n, 5);
}

#[test]
fn generated_records() {
    let engine = Engine::bundled();
    let mut rng = SmallRng::seed_from_u64(7);
    let mut decimals = 0;
    for format in [Format::F2021, Format::F2019] {
        for layout in Layout::ALL {
            for noise in [Noise::none(), Noise::random(&mut rng).with_blanks()] {
                let report = random_report(&mut rng, format);
                let text = render(&report, layout, &noise);
                let r = record_of(&engine, "gen.txt", text.as_bytes());
                assert!(!r.spans.is_empty(), "{format:?} {layout:?}");
                decimals += r
                    .fields
                    .iter()
                    .filter(|(_, v)| matches!(v, Some(docgram_core::value::Value::Decimal(_))))
                    .count();
                assert_same(&r, &format!("{format:?} {layout:?}"));
            }
        }
    }
    assert!(decimals > 0, "decimal values are written too");
}

#[test]
fn failing_checks() {
    let engine = Engine::bundled();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../cli/tests/fixtures/broken-arithmetic.txt"
    );
    let r = record_of(&engine, path, &std::fs::read(path).unwrap());
    assert!(r.checks.iter().any(|c| c.ok == Some(false)));
    assert!(r.checks.iter().any(|c| c.ok == Some(true)));
    assert_same(&r, path);
}

#[test]
fn failed_and_escaped_records() {
    assert_same(
        &Record::failed(
            "a \"quoted\"\\path\n.txt",
            "unreadable-input",
            "no\tsuch\u{1}file".into(),
        ),
        "failed",
    );
    let engine = Engine::bundled();
    let mut r = record_of(
        &engine,
        "x\u{7f}\"y\".txt",
        "\u{0}\u{1}binary\u{2}".as_bytes(),
    );
    assert_same(&r, "binary");
    r.source = "控制\u{1f}字符".into();
    assert_same(&r, "control characters");
}
