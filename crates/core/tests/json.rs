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

#[test]
fn edited_records() {
    use docgram_core::span::Position;
    use docgram_core::value::Value;
    use docgram_core::SharedStr;

    // a record changed the ways the writer's fast paths branch on: keys and
    // check texts to escape, numbers past the digit table, empty lists
    let engine = Engine::bundled();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../cli/tests/fixtures/broken-arithmetic.txt"
    );
    let base = record_of(&engine, path, &std::fs::read(path).unwrap());
    assert!(!base.fields.is_empty() && !base.spans.is_empty() && !base.checks.is_empty());

    let mut r = base.clone();
    let odd = ["a\"b", "back\\slash", "new\nline", "\u{1}", "", "公开"];
    for (i, (k, _)) in r.fields.iter_mut().enumerate() {
        *k = SharedStr::from(format!("{}{k}", odd[i % odd.len()]));
    }
    for (i, (k, _)) in r.spans.iter_mut().enumerate() {
        *k = SharedStr::from(format!("{k}{}", odd[i % odd.len()]));
    }
    for (i, c) in r.checks.iter_mut().enumerate() {
        c.id = SharedStr::from(odd[i % odd.len()]);
        c.description = SharedStr::from(format!("{}\t{}", c.description, odd[(i + 1) % odd.len()]));
        c.scope = SharedStr::from(odd[(i + 2) % odd.len()]);
    }
    assert_same(&r, "escaped keys and check texts");

    let mut r = base.clone();
    let values = [
        None,
        Some(Value::Int(-1)),
        Some(Value::Int(999)),
        Some(Value::Int(1000)),
        Some(Value::Int(i64::MIN)),
        Some(Value::Decimal(-0.0)),
        Some(Value::Decimal(2.5)),
        Some(Value::Decimal(1e300)),
    ];
    for (i, (_, v)) in r.fields.iter_mut().enumerate() {
        *v = values[i % values.len()];
    }
    let places = [
        (999, 999),
        (1000, 1),
        (1, 1000),
        (0, 0),
        (u32::MAX, u32::MAX),
    ];
    for (i, (_, p)) in r.spans.iter_mut().enumerate() {
        let (line, column) = places[i % places.len()];
        *p = Position { line, column };
    }
    for (i, c) in r.checks.iter_mut().enumerate() {
        let (line, column) = places[i % places.len()];
        c.spans.push(Position { line, column });
        c.left = [None, Some(-0.0), Some(0.1), Some(1e9), Some(-7.0)][i % 5];
        c.right = [Some(f64::NAN), Some(3.0), None][i % 3];
    }
    r.checks[0].spans.clear();
    assert_same(&r, "numbers past the digit table");

    for (what, edit) in [
        (
            "no spans",
            (|r: &mut Record| r.spans.clear()) as fn(&mut Record),
        ),
        ("no checks", |r| r.checks.clear()),
        ("no fields", |r| r.fields.clear()),
        ("one of each", |r| {
            r.fields.truncate(1);
            r.spans.truncate(1);
            r.checks.truncate(1);
            r.checks[0].spans.truncate(1);
        }),
    ] {
        let mut r = base.clone();
        edit(&mut r);
        assert_same(&r, what);
    }
}
