//! Hostile inputs: each must end in bounded time and memory with a result or
//! a clear error, never a panic or a hang. Inputs are generated here, not
//! committed; each test drops them before it returns.
//!
//! The tests assert outcomes, not timings: a hang shows as a test that does
//! not finish.

use docgram_core::diag::Code;
use docgram_core::grammar::{Grammar, GrammarErrorKind};
use docgram_core::layout::{parse_best, LayoutKind, MAX_CELLS_PER_ROW};
use docgram_core::lines::split_lines;
use docgram_core::{Document, Engine, Record};

/// Extracts `bytes` with the bundled grammars down to JSON, as the CLI does,
/// and returns the document and the diagnostic codes.
fn extract(bytes: &[u8]) -> (Document, Vec<Code>) {
    let doc = Document::from_bytes(bytes).unwrap_or_else(|e| panic!("{e}"));
    let engine = Engine::bundled();
    let ex = engine.extract(&doc).unwrap_or_else(|| panic!("no grammar"));
    let record = Record::new("hostile.txt", &doc, &ex);
    let json = serde_json::to_string(&record).unwrap_or_else(|e| panic!("{e}"));
    assert!(!json.is_empty());
    let codes = ex.diagnostics.iter().map(|d| d.code).collect();
    (doc, codes)
}

/// The report text of the 2021 format's section 二 heading and a table with
/// `columns` value columns, and a title, so that extraction has something to
/// anchor.
fn wide_table(columns: usize) -> String {
    let mut text = String::from("某某局2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n");
    text.push_str("信息内容\t本年制发件数\t本年废止件数\t现行有效件数");
    for i in 0..columns {
        text.push_str(&format!("\t列{i}"));
    }
    text.push('\n');
    text.push_str("规章");
    for i in 0..columns {
        text.push_str(&format!("\t{}", i % 10));
    }
    text.push('\n');
    text
}

#[test]
fn empty_file() {
    let (_, codes) = extract(b"");
    assert_eq!(codes.first(), Some(&Code::AmbiguousGrammar));
    assert!(codes.contains(&Code::EmptyInput), "{codes:?}");
}

#[test]
fn white_space_only() {
    let (_, codes) = extract(b" \n\t\r\n   \n");
    assert!(codes.contains(&Code::EmptyInput), "{codes:?}");
}

#[test]
fn binary_input() {
    // a deterministic byte soup with NULs and every byte value
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let bytes: Vec<u8> = (0..64 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let (_, codes) = extract(&bytes);
    assert!(codes.contains(&Code::BinaryInput), "{codes:?}");
}

/// A single line of `len` bytes: CJK, digits, tabs and pipes.
fn long_line(len: usize) -> String {
    let unit = "二、主动公开政府信息情况\t12\t| 3 |";
    let mut s = String::with_capacity(len + unit.len());
    while s.len() < len {
        s.push_str(unit);
    }
    s
}

#[test]
fn long_single_line() {
    let text = long_line(LONG_LINE_BYTES);
    let (doc, _) = extract(text.as_bytes());
    assert_eq!(doc.text().len(), text.len());
}

/// In debug builds a 100 MB line takes too long for the normal test suite;
/// this size runs in a few seconds. The full size is
/// [`long_single_line_100mb`].
const LONG_LINE_BYTES: usize = 4 << 20;

/// Long cells without separators in every place a cell can stand: a row
/// label, a value, and a label-only row after the values (where list marks
/// inside a cell start embedded labels: quadratic before
/// `MAX_EMBEDDED_LABELS`).
#[test]
fn long_cells() {
    for unit in ["x1.", "规章", "1", "（一）", "《"] {
        let cell = unit.repeat((1 << 20) / unit.len());
        let text = format!(
            "某某局2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n{cell}\t1\t2\t3\n规章\t{cell}\t2\t3\n{cell}\n\t\n{cell}\t\t\n"
        );
        let (_, codes) = extract(text.as_bytes());
        assert!(!codes.is_empty());
    }
}

#[test]
#[ignore = "100 MB: run with `cargo test --release -p docgram-core --test hostile -- --ignored`"]
fn long_single_line_100mb() {
    let text = long_line(100 << 20);
    let (doc, _) = extract(text.as_bytes());
    assert_eq!(doc.text().len(), text.len());
}

/// `n` short lines, cycling through `kinds`.
fn short_lines(n: usize, kinds: &[&str]) -> String {
    let mut text = String::with_capacity(n * 8);
    for i in 0..n {
        text.push_str(kinds[i % kinds.len()]);
        text.push('\n');
    }
    text
}

#[test]
fn a_million_short_lines() {
    let text = short_lines(1_000_000, &["公开", "", "x", "7"]);
    let (doc, _) = extract(text.as_bytes());
    assert_eq!(split_lines(doc.text()).len(), 1_000_000);
}

/// Table-like lines cost more (every layout makes rows of them): this size
/// runs in a few seconds in debug builds; [`a_million_table_lines`] is the
/// full size.
#[test]
fn many_table_lines() {
    let text = short_lines(100_000, TABLE_LINES);
    let (doc, _) = extract(text.as_bytes());
    assert_eq!(split_lines(doc.text()).len(), 100_000);
}

const TABLE_LINES: &[&str] = &["规章\t1\t2\t3", "", "| 4 |", "（一）予以公开"];

#[test]
#[ignore = "slow in debug builds: run with `cargo test --release -p docgram-core --test hostile -- --ignored`"]
fn a_million_table_lines() {
    let text = short_lines(1_000_000, TABLE_LINES);
    let (doc, _) = extract(text.as_bytes());
    assert_eq!(split_lines(doc.text()).len(), 1_000_000);
}

#[test]
fn ten_thousand_columns() {
    let text = wide_table(10_000);
    let (_, codes) = extract(text.as_bytes());
    assert!(codes.contains(&Code::ExtraCells), "{codes:?}");
    let lines = split_lines(&text);
    for kind in LayoutKind::ALL {
        let grid = kind.parse(&lines);
        for row in &grid.rows {
            assert!(row.cells.len() <= MAX_CELLS_PER_ROW, "{kind}");
        }
    }
    let grid = LayoutKind::Tab.parse(&lines);
    let cut = grid.diagnostics.iter().find(|d| d.code == Code::ExtraCells);
    let cut = cut.unwrap_or_else(|| panic!("no extra-cells warning"));
    assert_eq!(
        cut.message,
        format!("a row of more than {MAX_CELLS_PER_ROW} cells; ignored the last 8980")
    );
    // a broken-line row (one cell a line) that never ends
    let text = short_lines(20_000, &["\t5"]);
    let grid = LayoutKind::BrokenLine.parse(&split_lines(&text));
    assert!(grid.rows.iter().all(|r| r.cells.len() <= MAX_CELLS_PER_ROW));
    let _ = parse_best(&lines);
}

fn grammar_error(text: &str) -> docgram_core::grammar::GrammarError {
    match Grammar::from_yaml_str(text, "hostile.yaml") {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

#[test]
fn deeply_nested_yaml() {
    // flow collections where a text is expected: a type error at once
    let depth = 100_000;
    let text = format!("id: x\nname: {}1{}\n", "[".repeat(depth), "]".repeat(depth));
    let e = grammar_error(&text);
    assert_eq!(
        e.to_string(),
        "hostile.yaml:2:7: at `name`: expected a single value (a text, a number or true/false), found a list or a mapping"
    );
    // row groups, which do nest, 10,000 deep in flow and in block style
    let depth = 10_000;
    let flow = format!(
        "id: x\nname: x\ntables:\n  - key: t\n    columns: [{{key: c, label: c}}]\n    rows: {}{{key: r, label: r}}{}\n",
        "[{key: g, label: g, rows: ".repeat(depth),
        "]}]".repeat(depth)
    );
    let e = grammar_error(&flow);
    assert_eq!(e.kind, GrammarErrorKind::Limit, "{e}");
    let mut block = String::from(
        "id: x\nname: x\ntables:\n  - key: t\n    columns: [{key: c, label: c}]\n    rows:\n",
    );
    for i in 0..depth {
        let indent = " ".repeat(6 + 2 * i);
        block.push_str(&format!("{indent}- label: g\n{indent}  rows:\n"));
    }
    block.push_str(&format!(
        "{}- {{key: r, label: r}}\n",
        " ".repeat(6 + 2 * depth)
    ));
    let e = grammar_error(&block);
    assert_eq!(e.kind, GrammarErrorKind::Limit, "{e}");
}

#[test]
fn too_many_tables() {
    // a set of tables is one 64-bit word: the 65th table is refused, at its place
    let table = |i: usize| {
        format!("  - key: t{i}\n    caption: 表{i}\n    columns: [{{key: c, label: c}}]\n    rows: [{{key: r{i}, label: r{i}}}]\n")
    };
    let grammar = |n: usize| {
        let tables: String = (0..n).map(table).collect();
        format!("id: x\nname: x\ntables:\n{tables}")
    };
    let max = docgram_core::grammar::MAX_TABLES;
    let g = Grammar::from_yaml_str(&grammar(max), "max.yaml").expect("64 tables compile");
    assert_eq!(g.tables.len(), max);
    let e = grammar_error(&grammar(max + 1));
    assert_eq!(e.kind, GrammarErrorKind::Limit, "{e}");
    assert!(e.to_string().contains("at most 64 tables"), "{e}");
    assert!(
        e.to_string()
            .starts_with(&format!("hostile.yaml:{}:", 4 + 4 * max)),
        "{e}"
    );
}

#[test]
fn alias_bomb_yaml() {
    // nested sequences: 10^9 elements if expanded
    let mut text =
        String::from("id: x\nname: x\ndetect:\n  signals: [&a0 [x, x, x, x, x, x, x, x, x, x]");
    for i in 1..10 {
        let p = i - 1;
        text.push_str(&format!(
            ", &a{i} [{}]",
            vec![format!("*a{p}"); 10].join(", ")
        ));
    }
    text.push_str("]\n");
    let e = grammar_error(&text);
    assert!(
        matches!(
            e.kind,
            GrammarErrorKind::Limit | GrammarErrorKind::InvalidValue
        ),
        "{e}"
    );
    // one big text repeated: 900 KB times 999 would be 900 MB
    let big = "公".repeat(300_000);
    let mut text = format!("id: x\nname: x\nmeta:\n  title_suffixes:\n    - &big {big}\n");
    for _ in 0..998 {
        text.push_str("    - *big\n");
    }
    let e = grammar_error(&text);
    assert_eq!(e.kind, GrammarErrorKind::Limit, "{e}");
}

/// A valid grammar with one check whose expression is `expr`.
fn grammar_with_check(expr: &str) -> String {
    format!(
        "id: t\nname: t\nsections:\n  - key: s\n    heading: 一、总\ntables:\n  - key: p\n    section: s\n    prefix: p\n    header: [项目]\n    columns:\n      - key: c\n        label: 数\n        type: integer\n    rows:\n      - key: a\n        label: 甲\n      - key: b\n        label: 乙\nchecks:\n  - id: deep\n    description: deep\n    expr: \"{expr}\"\n"
    )
}

#[test]
fn check_expression_nested_ten_thousand_deep() {
    let depth = 10_000;
    let expr = format!("{}p.a.c{} == p.b.c", "(".repeat(depth), ")".repeat(depth));
    let e = grammar_error(&grammar_with_check(&expr));
    assert_eq!(e.kind, GrammarErrorKind::Limit, "{e}");
    assert!(e.message.contains("nests deeper than"), "{e}");
    let expr = format!("{}p.a.c == p.b.c", "-".repeat(depth));
    let e = grammar_error(&grammar_with_check(&expr));
    assert!(
        matches!(
            e.kind,
            GrammarErrorKind::Limit | GrammarErrorKind::InvalidExpression
        ),
        "{e}"
    );
}

/// Public helpers given offsets that do not fit: clamped, never a panic.
#[test]
fn public_helpers_clamp_bad_offsets() {
    use docgram_core::normalize::NormText;
    use docgram_core::regions::region;
    use docgram_core::span::{LineIndex, Span};

    let n = NormText::new("\u{200B}", 0);
    assert_eq!(n.original(0, 5), Span { start: 3, end: 3 });
    assert_eq!(Span { start: 5, end: 1 }.len(), 0);
    let index = LineIndex::new("一\n二三四五\n");
    let pos = index.position("x", 100);
    assert_eq!(pos.line, 1);
    assert_eq!(index.line_text("x", 100), "");
    let lines = split_lines("a\tb\n");
    assert!(region(&lines, None, (5, 100)).grid.rows.is_empty());
    let doc = Document::from_text("一\n二");
    assert_eq!(doc.position(1000).to_string(), "2:2");
}

/// A check whose domain holds nothing (every column excepted) is an error,
/// not an index out of bounds (`checks::compile` indexes domain items).
#[test]
fn check_over_an_empty_domain() {
    use docgram_core::checks;
    use docgram_core::grammar::bundled_by_id;
    let g = bundled_by_id("cn-gov-disclosure-2021").unwrap_or_else(|| panic!("bundled"));
    let t = g.tables.iter().find(|t| t.prefix == "applications");
    let t = t.unwrap_or_else(|| panic!("no applications table"));
    let all: Vec<&str> = t.columns.iter().map(|c| c.key.as_str()).collect();
    let except = all.join(", ");
    for expr in [
        format!("for c in columns({}, except: [{except}]): 1 == 1", t.key),
        format!(
            "sum(1 for c in columns({}, except: [{except}])) == 0",
            t.key
        ),
    ] {
        match checks::compile(&expr, &g.tables, &g.field_keys) {
            Ok(_) => panic!("{expr}: an empty domain must be an error"),
            Err(e) => assert_eq!(e.message, "the domain of `c` is empty"),
        }
    }
}

/// Byte order marks with nothing or an odd byte behind them, broken UTF-8
/// and GB18030 halves: decoded with replacements, never a panic.
#[test]
fn broken_encodings() {
    let mut cases: Vec<Vec<u8>> = vec![
        b"\xEF\xBB\xBF".to_vec(),
        b"\xFF\xFE".to_vec(),
        b"\xFE\xFF\x00".to_vec(),
        b"\xFF\xFE\x8c\x4e\x01".to_vec(),
        b"\xE4\xBA".to_vec(),
        b"\x81".to_vec(),
        b"\xB6\xFE\xA1\xA2\xD6\xF7\xB6\xAF\x81\x30".to_vec(),
    ];
    let mut utf8 = "二、主动公开政府信息情况\t1\n".repeat(50).into_bytes();
    utf8.truncate(utf8.len() - 3);
    cases.push(utf8);
    for bytes in &cases {
        let (doc, _) = extract(bytes);
        let _ = doc.position(doc.text().len());
    }
}
