//! The entry points: a [`Document`] read from bytes, an [`Engine`] holding
//! compiled grammars, and the [`Extraction`] it makes of a document.

use crate::checks;
use crate::diag::{Code, Diagnostic, Severity};
use crate::extract::{extract_tables, Field, UnusedRow};
use crate::grammar::Grammar;
use crate::meta::{find_meta, Meta};
use crate::regions::{region, table_regions, Region};
use crate::sections::{find_sections, Sections};
use crate::signals::Signals;
use crate::span::{LineIndex, Position, Span};
use crate::text::{decode_with, DecodeError, Encoding};

/// A decoded document and its line index.
#[derive(Clone, Debug)]
pub struct Document {
    text: String,
    index: LineIndex,
    /// The encoding it was read in.
    pub encoding: Encoding,
    /// Whether it had a byte order mark.
    pub had_bom: bool,
    /// Findings made while decoding (replaced bytes, binary input, empty input).
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// Decodes `bytes`, detecting the encoding (see [`crate::text::decode`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Document, DecodeError> {
        Document::from_bytes_with(bytes, None)
    }

    /// Decodes `bytes` in `encoding`, or detects it when `None`.
    pub fn from_bytes_with(
        bytes: &[u8],
        encoding: Option<Encoding>,
    ) -> Result<Document, DecodeError> {
        let d = decode_with(bytes, encoding)?;
        let mut diagnostics = Vec::new();
        if d.looks_binary() {
            diagnostics.push(Diagnostic::new(
                Severity::Error,
                Code::BinaryInput,
                format!(
                    "the input looks like binary data, not text ({} malformed sequences, {} control characters)",
                    d.replacements, d.control_chars
                ),
            ));
        } else if d.replacements > 0 {
            diagnostics.push(Diagnostic::new(
                Severity::Warning,
                Code::DecodeReplaced,
                format!(
                    "{} malformed byte sequences in {} input were replaced",
                    d.replacements,
                    d.encoding.name()
                ),
            ));
        }
        let mut doc = Document::from_text(d.text);
        doc.encoding = d.encoding;
        doc.had_bom = d.had_bom;
        doc.diagnostics.extend(diagnostics);
        Ok(doc)
    }

    /// A document from text already decoded.
    ///
    /// Spans are `u32` offsets: a text of 4 GiB or more gets wrong spans.
    /// [`Document::from_bytes`] refuses input over
    /// [`crate::text::MAX_INPUT_BYTES`]; callers of this function should cap
    /// the text the same way.
    pub fn from_text(text: impl Into<String>) -> Document {
        let text = text.into();
        let index = LineIndex::new(&text);
        let mut diagnostics = Vec::new();
        if text.trim().is_empty() {
            diagnostics.push(Diagnostic::new(
                Severity::Error,
                Code::EmptyInput,
                "the input is empty",
            ));
        }
        Document {
            text,
            index,
            encoding: Encoding::Utf8,
            had_bom: false,
            diagnostics,
        }
    }

    /// The decoded text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The document's lines ([`crate::lines::split_lines`]), from the line
    /// starts found when it was made.
    pub(crate) fn lines(&self) -> Vec<crate::lines::Line<'_>> {
        crate::lines::lines_at(&self.text, self.index.starts())
    }

    /// The line and column of byte `offset`.
    pub fn position(&self, offset: usize) -> Position {
        self.index.position(&self.text, offset)
    }

    /// A cursor giving the positions of offsets asked mostly in increasing
    /// order, with less work than [`Document::position`] for each.
    pub fn cursor(&self) -> crate::span::Cursor<'_> {
        self.index.cursor(&self.text)
    }

    /// The text of the line holding `offset`.
    pub fn line_text(&self, offset: usize) -> &str {
        self.index.line_text(&self.text, offset)
    }

    /// The `line:column` of a span's start, as printed in output.
    pub fn locate(&self, span: Span) -> String {
        self.position(span.start as usize).to_string()
    }
}

/// Which grammar was chosen for a document, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detection {
    /// Index of the grammar in the engine.
    pub index: usize,
    /// Its score: signals found minus signals of other formats found.
    pub score: i32,
    /// The signal labels found.
    pub evidence: Vec<String>,
    /// Every grammar's id and score, best first.
    pub scores: Vec<(String, i32)>,
}

/// Everything docgram made of one document.
///
/// It borrows (for `'e`) the grammar it was made with and the document it was
/// made of: the cells of its [`regions`](Extraction::regions) are slices of
/// the document's text.
#[derive(Clone, Debug)]
pub struct Extraction<'e> {
    /// The grammar used.
    pub grammar: &'e Grammar,
    /// How it was chosen (`None` when it was given).
    pub detection: Option<Detection>,
    /// Title, organization and year.
    pub meta: Meta,
    /// Every field of the grammar, in grammar order.
    pub fields: Vec<Field<'e>>,
    /// Rows with values that no row of the grammar matched.
    pub unused: Vec<UnusedRow>,
    /// The sections found.
    pub sections: Sections,
    /// The table regions and their grids.
    pub regions: Vec<Region<'e>>,
    /// Check results, one per check and scope.
    pub checks: Vec<crate::checks::CheckResult>,
    /// All findings, in document order (findings without a place first).
    pub diagnostics: Vec<Diagnostic>,
    /// The position of each field's value cell, by index in `fields`, with
    /// the offset it is of (see [`checks::locate`]): found once for the
    /// checks and the record.
    pub(crate) located: Vec<Option<(u32, Position)>>,
}

impl Extraction<'_> {
    /// The field with `key`.
    pub fn field(&self, key: &str) -> Option<&Field<'_>> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Compiled grammars, ready to extract any number of documents (share one
/// engine across threads: it is `Send + Sync`).
#[derive(Clone, Debug)]
pub struct Engine {
    grammars: Vec<Grammar>,
    signals: Signals,
}

impl Engine {
    /// An engine with the bundled grammars.
    pub fn bundled() -> Engine {
        Engine::new(crate::grammar::bundled().to_vec())
    }

    /// An engine with the given grammars (detection chooses among them).
    pub fn new(grammars: Vec<Grammar>) -> Engine {
        let signals = Signals::new(&grammars);
        Engine { grammars, signals }
    }

    /// The grammars, in the order given.
    pub fn grammars(&self) -> &[Grammar] {
        &self.grammars
    }

    /// The grammar with `id`.
    pub fn grammar(&self, id: &str) -> Option<&Grammar> {
        self.grammars.iter().find(|g| g.id == id)
    }

    /// Orders two (grammar index, score) pairs for [`Engine::detect`]: the
    /// higher score first, then the grammar with fewer signals.
    fn rank(&self, a: (usize, i32), b: (usize, i32)) -> std::cmp::Ordering {
        let signals = |i: usize| self.grammars[i].detect.signals.len();
        b.1.cmp(&a.1).then_with(|| signals(a.0).cmp(&signals(b.0)))
    }

    /// Chooses the grammar whose signals the document's text shows best. On a
    /// tie, the grammar with fewer signals wins (a base format over a variant
    /// whose own signals are absent). `None` when the engine has no grammar.
    pub fn detect(&self, doc: &Document) -> Option<Detection> {
        let hits = self.signals.found_in(doc.text());
        let found = |k: Option<usize>| k.is_some_and(|k| hits[k]);
        let mut scored: Vec<(usize, i32)> = self
            .signals
            .of_grammar
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let evidence = g.signals.iter().filter(|(k, _)| found(*k)).count() as i32;
                let against = g.against.iter().filter(|&&k| found(k)).count() as i32;
                // a variant counts only when one of its own signals (those
                // its parent lacks) is found; else its parent is the better fit
                let own_missing = g.variant && !g.signals.iter().any(|&(k, own)| own && found(k));
                (i, evidence - against - i32::from(own_missing))
            })
            .collect();
        scored.sort_by(|a, b| self.rank((a.0, a.1), (b.0, b.1)));
        let &(index, score) = scored.first()?;
        let evidence = self.grammars[index]
            .detect
            .signals
            .iter()
            .zip(&self.signals.of_grammar[index].signals)
            .filter(|(_, (k, _))| found(*k))
            .map(|(l, _)| l.text.clone())
            .collect();
        Some(Detection {
            index,
            score,
            evidence,
            scores: scored
                .iter()
                .map(|&(i, s)| (self.grammars[i].id.clone(), s))
                .collect(),
        })
    }

    /// Extracts `doc` with the grammar detection chooses.
    ///
    /// Returns `None` only when the engine holds no grammar.
    pub fn extract<'e>(&'e self, doc: &'e Document) -> Option<Extraction<'e>> {
        self.extract_opts(doc, &Options::default())
    }

    /// Extracts `doc` with the grammar detection chooses, with `options`.
    ///
    /// Returns `None` only when the engine holds no grammar.
    pub fn extract_opts<'e>(
        &'e self,
        doc: &'e Document,
        options: &Options,
    ) -> Option<Extraction<'e>> {
        let det = self.detect(doc)?;
        let grammar = &self.grammars[det.index];
        let mut ex = extract_with_opts(grammar, doc, options);
        if det.score <= 0 || det.scores.get(1).is_some_and(|s| s.1 == det.score) {
            ex.diagnostics.insert(
                0,
                Diagnostic::new(
                    Severity::Warning,
                    Code::AmbiguousGrammar,
                    format!(
                        "no grammar fits clearly (scores: {}); used {}",
                        det.scores
                            .iter()
                            .map(|(id, s)| format!("{id} {s}"))
                            .collect::<Vec<_>>()
                            .join(", "),
                        grammar.id
                    ),
                ),
            );
        }
        ex.detection = Some(det);
        Some(ex)
    }
}

/// How to extract.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Put values implied by identities into `fields` when they are missing
    /// (marked [`Field::inferred`]), and evaluate the checks with them. The
    /// implied values are reported as `inferred-value` findings either way.
    pub infer: bool,
}

/// Extracts `doc` with `grammar`.
pub fn extract_with<'g>(grammar: &'g Grammar, doc: &'g Document) -> Extraction<'g> {
    extract_with_opts(grammar, doc, &Options::default())
}

/// Extracts `doc` with `grammar` and `options`.
pub fn extract_with_opts<'g>(
    grammar: &'g Grammar,
    doc: &'g Document,
    options: &Options,
) -> Extraction<'g> {
    let text = doc.text();
    let lines = doc.lines();
    let sections = find_sections(&lines, &grammar.sections);
    let mut regions = table_regions(&lines, &sections, grammar);
    let mut tables = extract_tables(grammar, &regions);
    // a table found in no section body may stand elsewhere (an appendix of
    // 统计表, a report's own outline): read the whole document once more
    let whole = regions.iter().any(|r| r.section.is_none());
    let lost = |t: &crate::extract::Tables| {
        t.diagnostics
            .iter()
            .any(|d| matches!(d.code, Code::MissingTable | Code::MissingRow))
    };
    if !whole && lost(&tables) {
        regions.push(region(&lines, None, (0, lines.len())));
        tables = extract_tables(grammar, &regions);
    }
    let (meta, meta_diags) = find_meta(text, &lines, sections.preamble_end, &grammar.meta);
    let mut diagnostics: Vec<Diagnostic> = doc.diagnostics.clone();
    let mut fields = tables.fields;
    let located = checks::locate(&fields, doc);
    let mut evaluation = checks::evaluate_located(grammar, &fields, &located, doc);
    if options.infer && !evaluation.inferred.is_empty() {
        for (index, value, _) in &evaluation.inferred {
            if let Some(f) = grammar
                .field_keys
                .get(*index)
                .and_then(|k| fields.iter_mut().find(|f| f.key == *k))
            {
                f.value = Some(*value);
                f.inferred = true;
            }
        }
        // once: the values inferred now are not used to infer more
        let again = checks::evaluate_located(grammar, &fields, &located, doc);
        evaluation.results = again.results;
        evaluation.diagnostics = again.diagnostics;
    }
    if !doc
        .diagnostics
        .iter()
        .any(|d| matches!(d.code, Code::EmptyInput | Code::BinaryInput))
    {
        diagnostics.extend(evaluation.diagnostics);
        diagnostics.extend(evaluation.inferred.into_iter().map(|(_, _, d)| d));
        diagnostics.extend(sections.diagnostics.iter().cloned());
        diagnostics.extend(meta_diags);
        for r in &regions {
            diagnostics.extend(r.grid.diagnostics.iter().cloned());
        }
        diagnostics.extend(tables.diagnostics);
    }
    diagnostics.sort_by_key(|d| d.span.map(|s| s.start));
    diagnostics.dedup();
    Extraction {
        grammar,
        detection: None,
        meta,
        fields,
        unused: tables.unused,
        sections,
        regions,
        checks: evaluation.results,
        diagnostics,
        located,
    }
}

// Engines, documents and what is made of them cross threads: a batch shares
// one engine among workers.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Engine>();
    assert_send_sync::<Document>();
    assert_send_sync::<Extraction<'static>>();
    assert_send_sync::<crate::Record>();
    assert_send_sync::<crate::checks::CompiledCheck>();
    assert_send_sync::<DecodeError>();
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_reports;

    /// Detection as it was before the signals were compiled further: the
    /// evidence gathered as texts, a variant's own signals told by comparing
    /// them with its parent's.
    fn detect_plainly(engine: &Engine, doc: &Document) -> Option<Detection> {
        let hits = engine.signals.found_in(doc.text());
        let found = |k: &Option<usize>| k.is_some_and(|k| hits[k]);
        let mut scored: Vec<(usize, i32, Vec<String>)> = engine
            .grammars
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let of = &engine.signals.of_grammar[i];
                let evidence: Vec<String> = g
                    .detect
                    .signals
                    .iter()
                    .zip(&of.signals)
                    .filter(|(_, (k, _))| found(k))
                    .map(|(l, _)| l.text.clone())
                    .collect();
                let against = of.against.iter().filter(|k| found(k)).count() as i32;
                let parent = g.extends.as_deref().and_then(|p| engine.grammar(p));
                let own_missing = parent.is_some_and(|p| {
                    !evidence
                        .iter()
                        .any(|e| !p.detect.signals.iter().any(|s| &s.text == e))
                });
                let score = evidence.len() as i32 - against - i32::from(own_missing);
                (i, score, evidence)
            })
            .collect();
        scored.sort_by(|a, b| engine.rank((a.0, a.1), (b.0, b.1)));
        let (index, score, evidence) = scored.first()?.clone();
        Some(Detection {
            index,
            score,
            evidence,
            scores: scored
                .iter()
                .map(|(i, s, _)| (engine.grammars[*i].id.clone(), *s))
                .collect(),
        })
    }

    #[test]
    fn detection_scores_as_the_signal_texts_do() {
        let engine = Engine::bundled();
        let mut texts = sample_reports(5);
        // every pair of signal labels, and each grammar's signals together
        let labels: Vec<&str> = engine
            .grammars
            .iter()
            .flat_map(|g| g.detect.signals.iter().chain(&g.detect.against))
            .map(|l| l.text.as_str())
            .collect();
        for a in &labels {
            for b in &labels {
                texts.push(format!("{a}\n{b}"));
            }
        }
        for g in &engine.grammars {
            let all: Vec<&str> = g.detect.signals.iter().map(|l| l.text.as_str()).collect();
            texts.push(all.join("\n"));
        }
        texts.push(String::new());
        let mut chosen = std::collections::BTreeSet::new();
        let mut variant_penalized = 0;
        for t in &texts {
            let doc = Document::from_text(t.as_str());
            let det = engine.detect(&doc);
            assert_eq!(det, detect_plainly(&engine, &doc), "{t:?}");
            let det = det.expect("the bundled grammars");
            chosen.insert(det.index);
            variant_penalized += usize::from(det.scores.iter().any(|(_, s)| *s < 0));
        }
        // not vacuous: every grammar is chosen for some text, and scores go
        // below zero
        assert_eq!(chosen.len(), engine.grammars.len());
        assert!(variant_penalized > 10, "{variant_penalized}");
        assert_eq!(
            Engine::new(Vec::new()).detect(&Document::from_text("x")),
            None
        );
    }
}
