//! The corpus is the test suite: every report of `corpus/` extracts with the
//! right grammar and layout, no error diagnostics, every field read, the values
//! checked directly, and a snapshot of the whole record (read before accepted).

use std::path::{Path, PathBuf};

use docgram_core::diag::Severity;
use docgram_core::layout::LayoutKind;
use docgram_core::value::Value;
use docgram_core::{Document, Engine, Record};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

fn load(name_prefix: &str) -> (String, Document) {
    let dir = corpus();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let path = entries
        .into_iter()
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(name_prefix)
        })
        .unwrap_or_else(|| panic!("no corpus file {name_prefix}"));
    let bytes = std::fs::read(&path).unwrap();
    (
        path.file_name().unwrap().to_string_lossy().into_owned(),
        Document::from_bytes(&bytes).unwrap(),
    )
}

fn int(ex: &docgram_core::Extraction<'_>, key: &str) -> Option<i64> {
    match ex
        .field(key)
        .unwrap_or_else(|| panic!("no field {key}"))
        .value
    {
        Some(Value::Int(i)) => Some(i),
        Some(Value::Decimal(d)) if d.fract() == 0.0 => Some(d as i64),
        _ => None,
    }
}

#[test]
fn layouts_grammars_and_meta() {
    let engine = Engine::bundled();
    let cases = [
        (
            "000",
            LayoutKind::BrokenLine,
            "cn-gov-disclosure-2021",
            "红椿镇",
            2021,
        ),
        (
            "001",
            LayoutKind::Pipe,
            "cn-gov-disclosure-2019",
            "金碧镇",
            2020,
        ),
        (
            "002",
            LayoutKind::Markdown,
            "cn-gov-disclosure-2021",
            "柳屯镇人民政府",
            2022,
        ),
        (
            "003",
            LayoutKind::Tab,
            "cn-gov-disclosure-2021",
            "原州区开城镇",
            2021,
        ),
        (
            "004",
            LayoutKind::Tab,
            "cn-gov-disclosure-2021",
            "函谷关镇人民政府",
            2021,
        ),
    ];
    for (prefix, layout, grammar, org, year) in cases {
        let (name, doc) = load(prefix);
        let ex = engine.extract(&doc).unwrap();
        assert_eq!(ex.grammar.id, grammar, "{name}");
        assert_eq!(ex.regions.len(), 3, "{name}: one region per table section");
        for r in &ex.regions {
            assert_eq!(r.grid.layout, layout, "{name} section {:?}", r.section);
        }
        assert_eq!(ex.meta.organization.as_deref(), Some(org), "{name}");
        assert_eq!(ex.meta.year, Some(year), "{name}");
        assert!(ex
            .meta
            .title
            .as_deref()
            .is_some_and(|t| t.ends_with("政府信息公开工作年度报告")));
        let errors: Vec<_> = ex
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        let keys: Vec<&str> = ex.fields.iter().map(|f| &*f.key).collect();
        let want: Vec<&str> = ex.grammar.field_keys.iter().map(|k| &**k).collect();
        assert_eq!(keys, want, "{name}: every field, in grammar order");
        // every field was found in a cell whose text is at its span
        for f in &ex.fields {
            if let (Some(span), Some(text)) = (f.value_span, &f.value_text) {
                assert_eq!(&doc.text()[span.range()], text, "{name} {}", f.key);
            }
        }
        // 002's rows （三）1 and 2 have six value cells for seven columns: the
        // report lost their 总计 cells (said by two short-row warnings)
        let unread = if prefix == "002" { 2 } else { 0 };
        let read = ex.fields.iter().filter(|f| f.value_span.is_some()).count();
        assert_eq!(
            read,
            ex.fields.len() - unread,
            "{name}: every field has a value cell"
        );
    }
}

#[test]
fn values_read_directly() {
    let engine = Engine::bundled();
    let (_, d0) = load("000");
    let ex = engine.extract(&d0).unwrap();
    assert_eq!(int(&ex, "proactive.licensing.decisions"), Some(40));
    assert_eq!(int(&ex, "proactive.penalty.decisions"), Some(7));
    assert_eq!(int(&ex, "proactive.coercion.decisions"), Some(0));
    let (_, d3) = load("003");
    let ex = engine.extract(&d3).unwrap();
    assert_eq!(
        ex.field("proactive.fees.amount")
            .unwrap()
            .value
            .map(Value::as_f64),
        Some(4.0)
    );
    let (_, d1) = load("001");
    let ex = engine.extract(&d1).unwrap();
    assert_eq!(int(&ex, "proactive.penalty.change"), Some(2));
    assert_eq!(int(&ex, "proactive.penalty.decisions"), Some(2));
    assert_eq!(int(&ex, "proactive.penalty.previous"), Some(0));
    assert_eq!(int(&ex, "applications.other.total"), Some(0));
}

#[test]
fn gb18030_copy_reads_the_same() {
    let engine = Engine::bundled();
    for prefix in ["000", "001", "003"] {
        let (name, utf8) = load(prefix);
        let (bytes, _, unmappable) = encoding_rs::GB18030.encode(utf8.text());
        assert!(!unmappable);
        let gb = Document::from_bytes(&bytes).unwrap();
        assert_eq!(gb.encoding, docgram_core::text::Encoding::Gb18030, "{name}");
        assert_eq!(gb.text(), utf8.text());
        let a = Record::new(&name, &utf8, &engine.extract(&utf8).unwrap());
        let b = Record::new(&name, &gb, &engine.extract(&gb).unwrap());
        assert_eq!(a.fields, b.fields, "{name}");
        assert_eq!(a.spans, b.spans, "{name}: line:column are the same");
        // and a CRLF copy too
        let crlf = Document::from_text(utf8.text().replace('\n', "\r\n"));
        let c = Record::new(&name, &crlf, &engine.extract(&crlf).unwrap());
        assert_eq!(a.fields, c.fields, "{name} crlf");
        assert_eq!(a.spans, c.spans, "{name} crlf");
    }
}

#[test]
fn hostile_inputs_never_panic_and_say_why() {
    let engine = Engine::bundled();
    let binary: Vec<u8> = (0..5000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    for (what, bytes, code) in [
        ("empty", Vec::new(), "empty-input"),
        ("blank", b"  \n\n\t\n".to_vec(), "empty-input"),
        ("binary", binary, "binary-input"),
        (
            "no tables",
            "某镇2021年政府信息公开工作年度报告\n一、总体情况\n无\n"
                .as_bytes()
                .to_vec(),
            "missing-table",
        ),
    ] {
        let doc = Document::from_bytes(&bytes).unwrap();
        let ex = engine.extract(&doc).unwrap();
        assert!(
            ex.diagnostics.iter().any(|d| d.code.as_str() == code),
            "{what}: {:?}",
            ex.diagnostics
        );
        assert_eq!(
            ex.fields.len(),
            ex.grammar.field_keys.len(),
            "{what}: every key present"
        );
        assert!(
            ex.fields.iter().all(|f| f.value.is_none()),
            "{what}: nothing invented"
        );
    }
}

#[test]
fn corpus_snapshots() {
    let engine = Engine::bundled();
    insta::glob!("../../../corpus", "*.txt", |path| {
        let bytes = std::fs::read(path).unwrap();
        let doc = Document::from_bytes(&bytes).unwrap();
        let ex = engine.extract(&doc).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        let record = Record::new(&name, &doc, &ex);
        insta::assert_json_snapshot!(record);
    });
}

/// Third-party reports in `../shared/corpus-extra` (never copied here): when
/// present, each one is read without panic, and what was not read is said.
#[test]
fn corpus_extra_never_panics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus-extra");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    };
    let engine = Engine::bundled();
    for e in entries {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".source.txt") {
            continue;
        }
        let doc = Document::from_bytes(&std::fs::read(&path).unwrap()).unwrap();
        let ex = engine.extract(&doc).unwrap();
        let missing = ex.fields.iter().filter(|f| f.value.is_none()).count();
        if missing > 0 {
            assert!(
                ex.diagnostics
                    .iter()
                    .any(|d| d.severity >= Severity::Warning),
                "{name}: {missing} fields missing without a diagnostic"
            );
        }
    }
}

/// Reports from `../shared/corpus-extra` with known values (read from the
/// reports themselves and their prose): markdown from PDF text, with labels
/// standing apart from their values, tables split per row group, table 四 as
/// three rows of five. Skipped when the folder is absent.
#[test]
fn corpus_extra_values() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus-extra");
    if !dir.exists() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    let engine = Engine::bundled();
    let read = |name: &str| Document::from_bytes(&std::fs::read(dir.join(name)).unwrap()).unwrap();
    // file, organization, year, and values to find
    type Case<'a> = (&'a str, &'a str, i32, &'a [(&'a str, i64)]);
    let cases: [Case<'_>; 3] = [
        (
            "003_kiro_shuyang_county2025.txt",
            "沐阳县人民政府",
            2025,
            &[
                ("applications.new_received.total", 713),
                ("applications.carried_over.total", 36),
                ("applications.total.total", 718),
                ("applications.carried_forward.total", 31),
                ("applications.granted.natural_person", 290),
                ("proactive.licensing.decisions", 517645),
                ("proactive.normative_documents.in_force", 32),
                ("review.total", 61),
                ("litigation.direct.total", 3),
                ("litigation.after_review.total", 10),
            ],
        ),
        (
            "001_kiro_kewei2024.txt",
            "上海市科委",
            2024,
            &[
                ("applications.new_received.total", 34),
                ("applications.carried_over.total", 2),
                ("applications.granted.total", 9),
                ("applications.denied.internal_affairs.total", 1),
                ("applications.denied.process_information.total", 1),
                ("applications.unavailable.not_held.total", 4),
                ("applications.unavailable.needs_creation.total", 6),
                ("applications.other.no_correction.total", 10),
                ("applications.other.miscellaneous.total", 4),
                ("applications.total.total", 35),
                ("proactive.licensing.decisions", 97),
                ("proactive.normative_documents.issued", 13),
                ("proactive.normative_documents.in_force", 55),
                ("review.total", 1),
            ],
        ),
        (
            "002_kiro_shanghai_office2025.txt",
            "上海市人民政府办公厅",
            2025,
            &[
                ("applications.new_received.total", 1295),
                ("applications.total.total", 1191),
                ("applications.carried_forward.total", 293),
                ("applications.other.miscellaneous.total", 276),
                ("review.total", 55),
                ("litigation.direct.total", 12),
                ("litigation.after_review.total", 22),
            ],
        ),
    ];
    for (name, org, year, values) in cases {
        let doc = read(name);
        let ex = engine.extract(&doc).unwrap();
        assert_eq!(ex.grammar.id, "cn-gov-disclosure-2021", "{name}");
        assert_eq!(ex.meta.organization.as_deref(), Some(org), "{name}");
        assert_eq!(ex.meta.year, Some(year), "{name}");
        for (key, want) in values {
            assert_eq!(int(&ex, key), Some(*want), "{name} {key}");
        }
        // no identity is broken by what was read
        let failed: Vec<_> = ex.checks.iter().filter(|c| c.ok == Some(false)).collect();
        assert!(failed.is_empty(), "{name}: {failed:?}");
    }
    let shuyang_doc = read("003_kiro_shuyang_county2025.txt");
    let shuyang = engine.extract(&shuyang_doc).unwrap();
    assert!(
        shuyang.fields.iter().all(|f| f.value.is_some()),
        "shuyang: every field read"
    );
    // crawler text whose cells run together: nothing invented, and each
    // table's place is named
    let pingtan = read("009_pingtan_2023.txt");
    let ex = engine.extract(&pingtan).unwrap();
    assert!(ex.fields.iter().all(|f| f.value.is_none()));
    let placed = ex
        .diagnostics
        .iter()
        .filter(|d| {
            d.code.as_str() == "missing-table"
                && d.span.is_some()
                && d.message.contains("run together")
        })
        .count();
    assert_eq!(placed, ex.grammar.tables.len());
}
