//! Report variants a grammar or the engine must absorb without new Rust: Hubei's
//! 2019 tables with an extra row and annotated headers, and tables standing in
//! an appendix. `grammars/cn-gov-disclosure-2019-hubei.yaml` reads Hubei's
//! reports with no Rust change: detection picks it, every 2019 field and the
//! extra row come back exactly.

use docgram_core::value::Value as Got;
use docgram_core::{Document, Engine};
use docgram_testgen::{random_report, render, Format, Layout, Noise, Value};
use rand::rngs::SmallRng;
use rand::SeedableRng;

/// Rewrites a rendered 2019 report into Hubei's shape.
fn hubei(text: &str, layout: Layout, extra: [i64; 3]) -> String {
    let sep = match layout {
        Layout::Tab => "\t",
        Layout::Markdown => " | ",
        _ => unreachable!("the test renders tab and markdown"),
    };
    let mut out = String::new();
    for line in text.lines() {
        let mut line = line
            .replace("上一年项目数量", "上一年项目数量(指2019年事项数)")
            .replace(
                "本年增/减",
                "本年增/减(指2020年增加或减少的事项数,减用负值表示,如-8)",
            )
            .replace("处理决定数量", "处理决定数量(指2020年办件量)");
        out.push_str(&line);
        out.push('\n');
        let t = line.trim_start_matches(['|', ' ']);
        if t.starts_with("规范性文件") || t.starts_with("行政规范性文件") {
            line = extra.iter().fold("其他主动公开文件".to_owned(), |acc, v| {
                format!("{acc}{sep}{v}")
            });
            if layout == Layout::Markdown {
                line = format!("| {line} |");
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn hubei_variant_needs_no_rust_change() {
    let engine = Engine::bundled();
    let mut rng = SmallRng::seed_from_u64(11);
    for case in 0..20 {
        let report = random_report(&mut rng, Format::F2019);
        let extra = [case + 1, case + 2, 2 * case + 3];
        for layout in [Layout::Tab, Layout::Markdown] {
            let text = hubei(&render(&report, layout, &Noise::none()), layout, extra);
            let doc = Document::from_text(text);
            let ex = engine.extract(&doc).unwrap();
            assert_eq!(
                ex.grammar.id, "cn-gov-disclosure-2019-hubei",
                "case {case} {layout:?}"
            );
            assert_eq!(
                ex.grammar.extends.as_deref(),
                Some("cn-gov-disclosure-2019")
            );
            for (key, want) in &report.values {
                let got = ex.field(key).and_then(|f| f.value);
                let same = match (want, got) {
                    (Some(Value::Int(a)), Some(Got::Int(b))) => *a == b,
                    (Some(Value::Decimal(a)), Some(g)) => a.parse::<f64>().ok() == Some(g.as_f64()),
                    _ => false,
                };
                assert!(
                    same,
                    "case {case} {layout:?} {key}: want {want:?} got {got:?}"
                );
            }
            for (col, want) in ["new_made", "new_published", "total_published"]
                .iter()
                .zip(extra)
            {
                let key = format!("proactive.other_documents.{col}");
                assert_eq!(
                    ex.field(&key).and_then(|f| f.value),
                    Some(Got::Int(want)),
                    "{key}"
                );
            }
            assert_eq!(ex.fields.len(), ex.grammar.field_keys.len());
            assert!(!ex.has_errors(), "{:?}", ex.diagnostics);
        }
    }
}

#[test]
fn plain_2019_report_keeps_the_base_grammar() {
    let engine = Engine::bundled();
    let mut rng = SmallRng::seed_from_u64(12);
    let report = random_report(&mut rng, Format::F2019);
    let doc = Document::from_text(render(&report, Layout::Tab, &Noise::none()));
    let ex = engine.extract(&doc).unwrap();
    assert_eq!(ex.grammar.id, "cn-gov-disclosure-2019");
    assert!(!ex
        .diagnostics
        .iter()
        .any(|d| d.code.as_str() == "ambiguous-grammar"));
}

/// Tables standing in an appendix of 统计表 after section 六, while the
/// sections 二 to 四 hold only prose, are found by their captions and labels.
#[test]
fn tables_in_an_appendix() {
    let engine = Engine::bundled();
    let mut rng = SmallRng::seed_from_u64(13);
    for layout in Layout::ALL {
        let report = random_report(&mut rng, Format::F2021);
        let text = render(&report, layout, &Noise::none());
        let start = text.find("二、主动公开政府信息情况").unwrap();
        let end = text.find("五、").unwrap();
        let tables = text[start..end]
            .replace("二、主动公开政府信息情况", "表1 主动公开政府信息情况统计")
            .replace(
                "三、收到和处理政府信息公开申请情况",
                "表2 收到和处理政府信息公开申请情况统计",
            )
            .replace(
                "四、政府信息公开行政复议、行政诉讼情况",
                "表3 政府信息公开行政复议、行政诉讼情况统计",
            );
        let moved = format!(
            "{}二、主动公开政府信息情况\n本年主动公开情况见附件表1。\n三、收到和处理政府信息公开申请情况\n见附件表2。\n四、政府信息公开行政复议、行政诉讼情况\n见附件表3。\n{}\n附件：统计表\n{}",
            &text[..start],
            &text[end..],
            tables
        );
        let doc = Document::from_text(moved);
        let ex = engine.extract(&doc).unwrap();
        assert_eq!(ex.grammar.id, "cn-gov-disclosure-2021", "{layout:?}");
        for (key, want) in &report.values {
            let got = ex.field(key).and_then(|f| f.value);
            let same = match (want, got) {
                (Some(Value::Int(a)), Some(Got::Int(b))) => *a == b,
                (Some(Value::Decimal(a)), Some(g)) => a.parse::<f64>().ok() == Some(g.as_f64()),
                _ => false,
            };
            assert!(same, "{layout:?} {key}: want {want:?} got {got:?}");
        }
        assert!(!ex.has_errors(), "{layout:?}: {:?}", ex.diagnostics);
    }
}
