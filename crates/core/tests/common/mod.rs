//! Helpers shared by the integration tests (each test file that needs them
//! declares `mod common;`).

use docgram_core::{Document, Engine};
use docgram_testgen::{expected, render, Layout, Noise, Report, Value};

/// Every difference between what extraction returned and what the report
/// holds, except in rows the engine flagged `ambiguous-row` (a blank cell at
/// one end of a tab row that also lost or gained span cells can be read two
/// ways; the engine must say so, never pick silently).
pub fn mismatches(engine: &Engine, report: &Report, layout: Layout, noise: &Noise) -> Vec<String> {
    let want = expected(report, noise);
    let text = render(report, layout, noise);
    let doc = Document::from_text(text);
    let ex = engine.extract(&doc).expect("bundled grammars");
    let mut out = Vec::new();
    if ex.grammar.id != report.format.grammar_id() {
        out.push(format!(
            "grammar {} instead of {}",
            ex.grammar.id,
            report.format.grammar_id()
        ));
        return out;
    }
    // rows whose reading the engine said it doubted
    let doubted: Vec<(u32, u32)> = ex
        .diagnostics
        .iter()
        .filter(|d| d.code == docgram_core::diag::Code::AmbiguousRow)
        .filter_map(|d| d.span.map(|s| (s.start, s.end)))
        .collect();
    for (key, value) in &want.values {
        let got = ex.field(key).and_then(|f| f.value);
        let same = match (value, got) {
            (None, None) => true,
            (Some(Value::Int(a)), Some(docgram_core::value::Value::Int(b))) => *a == b,
            (Some(Value::Decimal(a)), Some(g)) => a.parse::<f64>().ok() == Some(g.as_f64()),
            _ => false,
        };
        let flagged = ex
            .field(key)
            .and_then(|f| f.label_span.or(f.value_span))
            .is_some_and(|s| doubted.iter().any(|&(a, b)| a <= s.start && s.start <= b));
        if !same && !flagged {
            out.push(format!("{key}: want {value:?}, got {got:?}"));
        }
    }
    for d in ex
        .diagnostics
        .iter()
        .filter(|d| d.severity == docgram_core::diag::Severity::Error)
    {
        out.push(format!("error diagnostic {}: {}", d.code, d.message));
    }
    // a generated report keeps every identity: no check may fail, except
    // through a row the engine said it doubted
    let doubted_lines: Vec<String> = doubted
        .iter()
        .map(|&(a, _)| format!("{}:", doc.position(a as usize).line))
        .collect();
    let touches_doubt = |c: &docgram_core::checks::CheckResult| {
        c.spans.iter().any(|s| {
            doubted_lines
                .iter()
                .any(|l| s.to_string().starts_with(l.as_str()))
        })
    };
    for c in ex
        .checks
        .iter()
        .filter(|c| c.ok == Some(false) && !touches_doubt(c))
    {
        out.push(format!("check {} failed in {}", c.id, c.scope));
    }
    if ex.fields.len() != want.values.len() {
        out.push(format!(
            "{} fields, want {}",
            ex.fields.len(),
            want.values.len()
        ));
    }
    if ex.meta.year != Some(want.meta.year) {
        out.push(format!("year {:?}, want {}", ex.meta.year, want.meta.year));
    }
    if ex.meta.organization.as_deref() != Some(want.meta.organization.as_str()) {
        out.push(format!(
            "organization {:?}, want {}",
            ex.meta.organization, want.meta.organization
        ));
    }
    out
}
