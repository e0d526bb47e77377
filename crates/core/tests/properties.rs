//! Property tests: spans stay inside the input on character boundaries,
//! normalization is idempotent and maps back, generated reports survive a
//! round trip through any layout.

mod common;

use docgram_core::layout::LayoutKind;
use docgram_core::lines::split_lines;
use docgram_core::normalize::{fold, NormText};
use docgram_core::span::Span;
use docgram_core::{Document, Engine};
use docgram_testgen::{random_report, Format, Layout, Noise};
use proptest::prelude::*;
use rand::rngs::SmallRng;
use rand::SeedableRng;

/// Pieces of report text: separators of every layout, headings, labels,
/// numbers in both widths, marks and invisible characters.
const TOKENS: &[&str] = &[
    "\t",
    "|",
    "| ",
    " |",
    "|---|",
    "\n",
    "\n",
    "\r\n",
    " ",
    "\u{3000}",
    "\u{200B}",
    "\u{FEFF}",
    "一、",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "（一）",
    "(二)",
    "1、",
    "予以公开",
    "本年制发件数",
    "本年新制作数量",
    "信息内容",
    "规章",
    "自然人",
    "申请人情况",
    "总计",
    "12",
    "０",
    "３.５",
    "-",
    "—",
    "、",
    "《",
    "》",
    "2021年",
    "某某县人民政府",
    "政府信息公开工作年度报告",
    "x",
    "é",
    "😀",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..300).prop_map(|t| t.concat())
}

fn check_span(text: &str, span: Span, what: &str) -> Result<(), TestCaseError> {
    let (s, e) = (span.start as usize, span.end as usize);
    prop_assert!(
        s <= e && e <= text.len(),
        "{what} {s}..{e} off a text of {}",
        text.len()
    );
    prop_assert!(
        text.is_char_boundary(s) && text.is_char_boundary(e),
        "{what} {s}..{e} not on character boundaries"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn spans_lie_inside_the_input(text in text_strategy()) {
        let lines = split_lines(&text);
        for kind in LayoutKind::ALL {
            let grid = kind.parse(&lines);
            for row in &grid.rows {
                check_span(&text, row.span, "row")?;
                for cell in &row.cells {
                    check_span(&text, cell.span, "cell")?;
                }
            }
            for d in &grid.diagnostics {
                if let Some(s) = d.span {
                    check_span(&text, s, "layout diagnostic")?;
                }
            }
        }
        let doc = Document::from_text(text.clone());
        let engine = Engine::bundled();
        let ex = engine.extract(&doc).unwrap_or_else(|| panic!("bundled grammars"));
        for r in &ex.regions {
            for row in &r.grid.rows {
                for cell in &row.cells {
                    check_span(&text, cell.span, "region cell")?;
                }
            }
        }
        for f in &ex.fields {
            for s in [f.value_span, f.label_span].into_iter().flatten() {
                check_span(&text, s, "field")?;
            }
        }
        for d in &ex.diagnostics {
            if let Some(s) = d.span {
                check_span(&text, s, "diagnostic")?;
                let _ = doc.locate(s);
            }
        }
        for s in &ex.sections.found {
            check_span(&text, s.heading, "heading")?;
        }
        if let Some(s) = ex.meta.title_span {
            check_span(&text, s, "title")?;
        }
    }

    /// `layout::scores` skips a layout whose separator the region lacks:
    /// it must give what the layout's own scorer gives, with and without
    /// the separators.
    #[test]
    fn scores_agree_with_every_scorer(text in text_strategy(), drop in 0usize..4) {
        let text = match drop {
            0 => text,
            1 => text.replace('\t', " "),
            2 => text.replace('|', " "),
            _ => text.replace(['\t', '|'], " "),
        };
        let lines = split_lines(&text);
        let scores = docgram_core::layout::scores(&lines);
        prop_assert_eq!(scores.len(), LayoutKind::ALL.len());
        for (kind, score) in scores {
            prop_assert_eq!(score, kind.score(&lines), "{:?}", kind);
        }
    }

    #[test]
    fn fold_is_idempotent(text in text_strategy()) {
        let once = fold(&text);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn normalized_text_maps_back(text in text_strategy(), base in 0usize..1000, a in any::<prop::sample::Index>(), b in any::<prop::sample::Index>()) {
        let n = NormText::new(&text, base);
        prop_assert_eq!(&n.text, &fold(&text));
        let bounds: Vec<usize> = (0..=n.text.len()).filter(|&i| n.text.is_char_boundary(i)).collect();
        let (mut s, mut e) = (*a.get(&bounds), *b.get(&bounds));
        if s > e {
            std::mem::swap(&mut s, &mut e);
        }
        let span = n.original(s, e);
        let (os, oe) = (span.start as usize - base, span.end as usize - base);
        prop_assert!(os <= oe && oe <= text.len());
        prop_assert!(text.is_char_boundary(os) && text.is_char_boundary(oe));
        if s < e {
            prop_assert_eq!(fold(&text[os..oe]), &n.text[s..e]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn generated_reports_round_trip_in_any_layout(seed in any::<u64>(), layout in prop::sample::select(&Layout::ALL[..]), f2021 in any::<bool>()) {
        let engine = Engine::bundled();
        let mut rng = SmallRng::seed_from_u64(seed);
        let format = if f2021 { Format::F2021 } else { Format::F2019 };
        let report = random_report(&mut rng, format);
        let noise = Noise::random(&mut rng);
        let m = common::mismatches(&engine, &report, layout, &noise);
        prop_assert!(m.is_empty(), "{} {:?}: {}", layout.name(), noise, m.join("\n"));
    }
}
