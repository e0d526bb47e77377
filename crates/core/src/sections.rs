//! Finding the report's sections by their headings.
//!
//! A heading is a short line (at most 48 characters, no tab or pipe inside)
//! whose label, after its numeral (`二、`, `二．`, `二.`, `二 `, or none at
//! all, as in `、行政机关收到和处理…`), starts with one of a section's
//! headings. Markdown heading and bold marks are ignored. The numeral helps
//! break ties but is not required to agree: some reports number their own
//! outline differently.
//!
//! Sections are searched in grammar order: each heading is looked for after
//! the previous section found, so a table row cannot be taken for a later
//! heading. A section not found is a `missing-section` warning; a section
//! heading found again later is a `duplicate-section` info.

use crate::diag::{Code, Diagnostic, Severity};
use crate::grammar::SectionDef;
use crate::label::{Label, Numbering};
use crate::lines::{trim_cell, trimmed, Line};
use crate::span::Span;

/// A section found in a document.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Section {
    /// The section's key (`applications`).
    pub key: String,
    /// The heading line's text span.
    pub heading: Span,
    /// Index of the heading line in the document's lines.
    pub heading_line: usize,
    /// Lines of the body: `body_lines.0..body_lines.1` (indices into the
    /// document's lines), from after the heading to the next heading.
    pub body_lines: (usize, usize),
}

/// The sections of a document.
#[derive(Clone, Debug, Default)]
pub struct Sections {
    /// Sections found, in document order.
    pub found: Vec<Section>,
    /// Index of the first heading line (the preamble ends there).
    pub preamble_end: usize,
    /// Missing and duplicated sections.
    pub diagnostics: Vec<Diagnostic>,
}

impl Sections {
    /// The section with `key`, if found.
    pub fn get(&self, key: &str) -> Option<&Section> {
        self.found.iter().find(|s| s.key == key)
    }
}

/// How well `line` reads as a heading of `def`, if at all.
pub fn heading_score(line: &str, def: &SectionDef) -> Option<i32> {
    score_heading(&heading_label(line, None)?, def)
}

/// The label of a line that may be a heading (short, no table cell
/// separators, no second-level list mark), made once per line whatever the
/// number of sections tried.
///
/// With `firsts` (the first characters of the headings' bodies), a line
/// whose text starts with none of them nor with a numeral is no heading, and
/// its label is not made.
fn heading_label(line: &str, firsts: Option<&Firsts>) -> Option<Label> {
    // a Chinese numeral may start a list mark, or a lone one the label's
    // body (`三收到…`, the mark lost): tried without it
    let numeral = crate::label::is_cjk_numeral;
    let lead = |c: char| matches!(c, '#' | '*' | ' ' | '、' | '.' | '．');
    let may_start = |c: char| {
        // the CJK ideographs of lead byte E4..E9 fold to themselves
        let c = match c {
            '\u{4000}'..='\u{9FFF}' => c,
            _ => crate::normalize::folded(c, false).unwrap_or(c),
        };
        firsts.is_none_or(|f| f.holds(c)) || numeral(c)
    };
    // the first character after the spaces and tabs `trim_cell` takes away
    // (a broken-line table's cells stand behind a tab) decides most lines
    // before anything is trimmed
    let indent = line
        .bytes()
        .take_while(|&b| b == b' ' || b == b'\t')
        .count();
    let rest = &line[indent..];
    let Some(c) = rest.chars().next() else {
        return None; // a blank line
    };
    if let Some(f) = firsts {
        // most lines start with printable ASCII or a CJK ideograph (lead
        // byte E4..E9), which is neither trimmed nor folded; any other
        // character that `trim_cell` keeps starts the trimmed text too
        let no_heading = match rest.as_bytes()[0] {
            0x21..=0x7E | 0xE4..=0xE9 => !f.holds(c) && !numeral(c),
            _ => !trimmed(c) && !may_start(c),
        };
        if no_heading && !lead(c) {
            return None;
        }
    }
    let t = trim_cell(line);
    // the first character first: most lines fail there, before the whole
    // line is read for its length and separators
    if let Some(c) = t.chars().next().filter(|&c| !lead(c)) {
        // the body starts with the line's first character
        if !may_start(c) {
            return None;
        }
    }
    let t = t
        .trim_start_matches(['#', '*', ' '])
        .trim_end_matches(['*', ' ']);
    let body = t.trim_start_matches(['、', '.', '．']);
    // white space after the mark (`、 行政机关…`) is not in the label's key
    if !body.trim_start().chars().next().is_none_or(may_start) {
        return None;
    }
    // more than 48 characters (48 bytes or fewer are not); tabs and pipes
    // looked for as bytes (no byte of a longer character is ASCII)
    // (more than 192 bytes are more than 48 characters of four bytes at
    // most; between, the characters counted: faster than stepping to the
    // 49th)
    let long = t.len() > 4 * 48 || (t.len() > 48 && t.chars().count() > 48);
    if t.is_empty() || long || memchr::memchr2(b'\t', b'|', t.as_bytes()).is_some() {
        return None;
    }
    let label = Label::for_matching(body);
    match label.numbering() {
        None | Some(Numbering::Cjk(_)) => Some(label),
        Some(_) => None, // （一）… and 1. … are not section headings
    }
}

/// The first characters of the headings' bodies: sorted, and a mask of
/// their low six bits that turns most other characters away at once.
struct Firsts {
    chars: Vec<char>,
    mask: u64,
    /// The printable ASCII characters a heading line may start with (after
    /// spaces and tabs): first characters and the marks `#`, `*`, `.`.
    ascii: u128,
    /// The first characters and the Chinese numerals by their low ten
    /// bits: a line starting with a CJK ideograph none of them shares its
    /// bits with is no heading ([`Firsts::may_head`]).
    cjk: [u64; 16],
}

impl Firsts {
    fn new(defs: &[SectionDef]) -> Firsts {
        let mut chars: Vec<char> = defs
            .iter()
            .flat_map(|d| &d.headings)
            .filter_map(|h| h.body().chars().next())
            .collect();
        chars.sort_unstable();
        chars.dedup();
        let mask = chars.iter().fold(0u64, |m, &c| m | 1 << (c as u32 & 63));
        let mut ascii = 0u128;
        let mut cjk = [0u64; 16];
        let numerals = [
            '零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十',
        ];
        for &c in chars.iter().chain(&numerals).chain(&['#', '*', '.']) {
            let c = c as u32;
            if c < 128 {
                ascii |= 1 << c;
            }
            cjk[(c >> 6 & 15) as usize] |= 1 << (c & 63);
        }
        Firsts {
            chars,
            mask,
            ascii,
            cjk,
        }
    }

    /// Whether `line` may be a heading: `false` only when
    /// [`heading_label`] with these firsts makes no label of it, told by
    /// the first byte after the spaces and tabs (printable ASCII) or the
    /// CJK ideograph it leads (lead byte E4..E9), as most lines are; any
    /// other line may be one. Tested against `heading_label` over every
    /// character.
    #[inline]
    fn may_head(&self, line: &str) -> bool {
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        match b.get(i) {
            None => false,
            Some(&x @ 0x21..=0x7E) => self.ascii >> x & 1 != 0,
            Some(&x @ 0xE4..=0xE9) => match b.get(i + 1..i + 3) {
                Some(&[y, z]) => {
                    let c =
                        u32::from(x & 0x0F) << 12 | u32::from(y & 0x3F) << 6 | u32::from(z & 0x3F);
                    self.cjk[(c >> 6 & 15) as usize] >> (c & 63) & 1 != 0
                }
                _ => true,
            },
            Some(_) => true,
        }
    }

    /// Whether `c` is one of them.
    #[inline]
    fn holds(&self, c: char) -> bool {
        self.mask & 1 << (c as u32 & 63) != 0 && self.chars.binary_search(&c).is_ok()
    }
}

fn score_heading(label: &Label, def: &SectionDef) -> Option<i32> {
    let numeral = match label.numbering() {
        Some(Numbering::Cjk(n)) => Some(n),
        _ => None,
    };
    // which headings can match: a score of 500 or more needs the body, or
    // its rest after a lone numeral, to equal or start with the heading's
    // body; a lower score (at most 300 plus the body's characters: under 500
    // for a body under 200 bytes) is taken only when the body starts with it.
    // A heading the body starts with in neither way is passed over unscored.
    let body = label.body();
    let short = body.len() < 200;
    let rest = body.strip_prefix(crate::label::is_cjk_numeral);
    let mut best: Option<i32> = None;
    for h in &def.headings {
        if short && !body.starts_with(h.body()) && !rest.is_some_and(|r| r.starts_with(h.body())) {
            continue;
        }
        // a heading must start with the section's words: equal or longer
        let Some(s) = label.score(h) else { continue };
        if s < 500 && !(label.body().starts_with(h.body()) || label.body() == h.body()) {
            continue;
        }
        let s = s + match (numeral, def.numeral) {
            (Some(a), Some(b)) if a == b => 100,
            (Some(_), Some(_)) => -100,
            _ => 0,
        };
        best = Some(best.map_or(s, |b: i32| b.max(s)));
    }
    best
}

/// Finds the sections of `defs` in `lines`.
pub fn find_sections(lines: &[Line<'_>], defs: &[SectionDef]) -> Sections {
    let mut out = Sections {
        preamble_end: lines.len(),
        ..Sections::default()
    };
    // every line is looked at (the searches together cover the document
    // from its first line to its last), so the labels are made in one pass,
    // and only the lines that may be headings are kept: (line index, label)
    let firsts = Firsts::new(defs);
    // (room made at once for a line in sixteen: the labels are large, and
    // moved at every growth)
    let mut candidates: Vec<(usize, Label)> = Vec::with_capacity(lines.len() / 16 + 4);
    for (i, l) in lines.iter().enumerate() {
        if firsts.may_head(l.text) {
            if let Some(label) = heading_label(l.text, Some(&firsts)) {
                candidates.push((i, label));
            }
        }
    }
    // the candidates from line `i` on
    let from_line = |i: usize| candidates.partition_point(|&(k, _)| k < i);
    // (line index, def index)
    let mut hits: Vec<(usize, usize)> = Vec::new();
    // index into `candidates` of the first line after the last section found
    let mut from = 0;
    for (d, def) in defs.iter().enumerate() {
        let found = candidates[from..]
            .iter()
            .position(|(_, l)| score_heading(l, def).is_some());
        match found {
            Some(c) => {
                hits.push((candidates[from + c].0, d));
                from += c + 1;
            }
            None => out.diagnostics.push(missing_section(def)),
        }
    }
    for (k, &(i, d)) in hits.iter().enumerate() {
        let end = hits.get(k + 1).map_or(lines.len(), |&(j, _)| j);
        out.found.push(Section {
            key: defs[d].key.clone(),
            heading: lines[i].span(),
            heading_line: i,
            body_lines: (i + 1, end),
        });
        // the same heading again inside this body: said, not used
        for (k, l) in &candidates[from_line(i + 1)..from_line(end)] {
            if score_heading(l, &defs[d]).is_some() {
                out.diagnostics
                    .push(duplicate_section(&defs[d], lines[*k].span()));
            }
        }
    }
    if let Some(&(i, _)) = hits.first() {
        out.preamble_end = i;
    }
    out
}

/// A section of the grammar no heading was found for.
fn missing_section(def: &SectionDef) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        Code::MissingSection,
        format!(
            "section {} ({}) not found",
            def.key,
            def.headings.first().map_or("", |h| h.text.as_str())
        ),
    )
}

/// A found section's heading met again inside its body, at `span`.
fn duplicate_section(def: &SectionDef, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Info,
        Code::DuplicateSection,
        format!("heading of section {} appears again", def.key),
    )
    .at(span)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::split_lines;

    fn def(key: &str, numeral: u32, headings: &[&str]) -> SectionDef {
        SectionDef {
            key: key.into(),
            numeral: Some(numeral),
            headings: headings.iter().map(|h| Label::new(h)).collect(),
        }
    }

    #[test]
    fn heading_variants() {
        let d = def(
            "applications",
            3,
            &[
                "收到和处理政府信息公开申请情况",
                "行政机关收到和处理政府信息公开申请情况",
            ],
        );
        for line in [
            "三、收到和处理政府信息公开申请情况",
            "三、 收到和处理政府信息公开申请情况",
            "三．收到和处理政府信息公开申请情况",
            "三.收到和处理政府信息公开申请情况",
            "、行政机关收到和处理政府信息公开申请情况",
            "## 三、收到和处理政府信息公开申请情况",
            "**三、收到和处理政府信息公开申请情况**",
        ] {
            assert!(heading_score(line, &d).is_some(), "{line}");
        }
        for line in [
            "（三）收到和处理政府信息公开申请情况",
            "三、本年度办理结果",
            "\t收到和处理政府信息公开申请情况\t0",
        ] {
            assert!(heading_score(line, &d).is_none(), "{line}");
        }
    }

    #[test]
    fn first_character_filter_turns_away_no_heading() {
        let mut texts: Vec<String> = crate::testing::corpus_texts();
        texts.extend(crate::testing::sample_reports(9));
        // headings written every way a list mark, a space or a width allows,
        // and near misses
        let mut lines: Vec<String> = Vec::new();
        for grammar in crate::grammar::bundled() {
            for h in grammar.sections.iter().flat_map(|d| &d.headings) {
                for lead in [
                    "",
                    "三",
                    "三、",
                    "三．",
                    "三 ",
                    "十二.",
                    "、",
                    "（三）",
                    "3.",
                    "三三",
                ] {
                    for (k, _) in h.text.char_indices().take(4) {
                        let (a, b) = h.text.split_at(k);
                        lines.push(format!("{lead}{a} {b}"));
                        lines.push(format!("{lead}{a}\u{3000}{b}x"));
                        lines.push(format!("{lead}{a}"));
                    }
                }
            }
        }
        // every first character the fast path decides alone
        for c in (0x21u32..0x7F)
            .chain(0x4000..0xA000)
            .filter_map(char::from_u32)
        {
            lines.push(format!("{c}总体情况"));
            lines.push(format!("{c}、主动公开政府信息情况"));
            lines.push(format!(" \t {c}总体情况"));
        }
        let lines: Vec<&str> = texts
            .iter()
            .flat_map(|t| t.lines())
            .chain(lines.iter().map(String::as_str))
            .collect();
        let mut headings = 0;
        for grammar in crate::grammar::bundled() {
            let firsts = Firsts::new(&grammar.sections);
            for line in &lines {
                let plain = heading_label(line, None);
                let filtered = heading_label(line, Some(&firsts));
                for def in &grammar.sections {
                    let want = plain.as_ref().and_then(|l| score_heading(l, def));
                    let got = filtered.as_ref().and_then(|l| score_heading(l, def));
                    assert_eq!(got, want, "{line:?} {}", def.key);
                    headings += usize::from(got.is_some());
                }
            }
        }
        assert!(headings > 500, "only {headings} headings");
    }

    #[test]
    fn may_head_turns_away_no_label() {
        let mut texts: Vec<String> = crate::testing::corpus_texts();
        texts.extend(crate::testing::sample_reports(6));
        let mut lines: Vec<String> = texts
            .iter()
            .flat_map(|t| t.lines().map(str::to_owned))
            .collect();
        lines.extend(heading_forms());
        // every character first, after spaces and tabs, before a heading
        for c in (0..0x3_0000u32).filter_map(char::from_u32) {
            for form in [
                "{c}",
                "{c}总体情况",
                " \t {c}、主动公开政府信息情况",
                "\t{c}二、总体情况",
            ] {
                lines.push(form.replace("{c}", &c.to_string()));
            }
        }
        lines.extend(["", " ", "\t", " \t "].map(String::from));
        let (mut turned, mut kept, mut labelled) = (0, 0, 0);
        for grammar in crate::grammar::bundled() {
            let firsts = Firsts::new(&grammar.sections);
            for line in &lines {
                let label = heading_label(line, Some(&firsts));
                if firsts.may_head(line) {
                    kept += 1;
                    labelled += usize::from(label.is_some());
                } else {
                    assert_eq!(label, None, "{line:?}");
                    turned += 1;
                }
            }
        }
        assert!(turned > 100_000, "only {turned} lines turned away");
        assert!(
            labelled > 5_000 && kept > labelled,
            "{kept} kept, {labelled} labelled"
        );
    }

    /// `score_heading` as it was written first: every heading scored.
    fn score_heading_plain(label: &Label, def: &SectionDef) -> Option<i32> {
        let numeral = match label.numbering() {
            Some(Numbering::Cjk(n)) => Some(n),
            _ => None,
        };
        let mut best: Option<i32> = None;
        for h in &def.headings {
            let Some(s) = label.score(h) else { continue };
            if s < 500 && !(label.body().starts_with(h.body()) || label.body() == h.body()) {
                continue;
            }
            let s = s + match (numeral, def.numeral) {
                (Some(a), Some(b)) if a == b => 100,
                (Some(_), Some(_)) => -100,
                _ => 0,
            };
            best = Some(best.map_or(s, |b: i32| b.max(s)));
        }
        best
    }

    /// `heading_label` without a first-character filter, as it was written
    /// first: every line trimmed and read whole.
    fn heading_label_plain(line: &str) -> Option<Label> {
        let t = trim_cell(line)
            .trim_start_matches(['#', '*', ' '])
            .trim_end_matches(['*', ' ']);
        let body = t.trim_start_matches(['、', '.', '．']);
        if t.is_empty() || t.chars().nth(48).is_some() || t.contains(['\t', '|']) {
            return None;
        }
        let label = Label::for_matching(body);
        match label.numbering() {
            None | Some(Numbering::Cjk(_)) => Some(label),
            Some(_) => None,
        }
    }

    /// `find_sections` as it was written first: each line's label made
    /// without the first-character filter when a search first reaches it,
    /// every line of a body scored for the duplicate diagnostic.
    fn find_sections_plain(lines: &[Line<'_>], defs: &[SectionDef]) -> Sections {
        let mut out = Sections {
            preamble_end: lines.len(),
            ..Sections::default()
        };
        let mut hits: Vec<(usize, usize)> = Vec::new();
        let mut from = 0;
        let labels: Vec<std::cell::OnceCell<Option<Label>>> =
            lines.iter().map(|_| std::cell::OnceCell::new()).collect();
        let score = |i: usize, def: &SectionDef| {
            labels[i]
                .get_or_init(|| heading_label_plain(lines[i].text))
                .as_ref()
                .and_then(|l| score_heading_plain(l, def))
        };
        for (d, def) in defs.iter().enumerate() {
            match (from..lines.len()).find(|&i| score(i, def).is_some()) {
                Some(i) => {
                    hits.push((i, d));
                    from = i + 1;
                }
                None => out.diagnostics.push(missing_section(def)),
            }
        }
        for (k, &(i, d)) in hits.iter().enumerate() {
            let end = hits.get(k + 1).map_or(lines.len(), |&(j, _)| j);
            out.found.push(Section {
                key: defs[d].key.clone(),
                heading: lines[i].span(),
                heading_line: i,
                body_lines: (i + 1, end),
            });
            for (k, l) in lines.iter().enumerate().take(end).skip(i + 1) {
                if score(k, &defs[d]).is_some() {
                    out.diagnostics.push(duplicate_section(&defs[d], l.span()));
                }
            }
        }
        if let Some(&(i, _)) = hits.first() {
            out.preamble_end = i;
        }
        out
    }

    /// Lines a heading may be written as, and near misses: every heading
    /// of the bundled grammars with list marks, spaces, full-width forms,
    /// markdown marks, cut short or run on.
    fn heading_forms() -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for grammar in crate::grammar::bundled() {
            for h in grammar.sections.iter().flat_map(|d| &d.headings) {
                let body = h.body();
                let cut: String = body.chars().take(3).collect();
                let long: String = body.chars().take(5).collect();
                let wide: String = body
                    .chars()
                    .map(|c| match c {
                        '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
                        _ => c,
                    })
                    .collect();
                for lead in [
                    "",
                    "三",
                    "三、",
                    "三．",
                    "三.",
                    "三 ",
                    "十二、",
                    "、",
                    "（三）",
                    "(三)",
                    "3.",
                    "三三",
                    "## ",
                    "**",
                    "\t",
                    "　　",
                    "# 六、",
                    "１.",
                    "一二",
                ] {
                    for text in [
                        h.text.as_str(),
                        body,
                        cut.as_str(),
                        long.as_str(),
                        wide.as_str(),
                    ] {
                        lines.push(format!("{lead}{text}"));
                        lines.push(format!("{lead}{text}**"));
                        lines.push(format!("{lead}{text}（续）"));
                        lines.push(format!("{lead}{text}\t0"));
                        lines.push(format!("{lead}{text}|"));
                        lines.push(format!("{lead}{text}{}", "很".repeat(40)));
                        lines.push(format!("{lead}{text}{}", "很".repeat(300)));
                        lines.push(format!("{lead}三{text}"));
                        lines.push(format!("{lead} {text} "));
                        // 47 to 49 characters, of one to four bytes
                        for pad in ['a', 'é', '很', '𠀀'] {
                            let head = format!("{lead}{text}");
                            let have = head.trim().chars().count();
                            for n in [47, 48, 49] {
                                let more = n - have.min(n);
                                lines.push(format!("{head}{}", pad.to_string().repeat(more)));
                            }
                        }
                    }
                }
            }
        }
        lines
    }

    #[test]
    fn sections_agree_with_the_plain_search() {
        use rand::{Rng, SeedableRng};
        let mut texts: Vec<String> = crate::testing::corpus_texts();
        for seed in [3, 4, 5] {
            texts.extend(crate::testing::sample_reports(seed));
        }
        // documents of heading forms, report lines and blank lines in
        // random order: sections found out of order, twice, or not at all
        let forms = heading_forms();
        let report_lines: Vec<String> = texts
            .iter()
            .flat_map(|t| t.lines().map(str::to_owned))
            .collect();
        let mut rng = rand::rngs::SmallRng::seed_from_u64(17);
        for _ in 0..300 {
            let blanks = ["", "\t", "　", " "];
            let doc: Vec<&str> = (0..60)
                .map(|k| match k % 3 {
                    0 => forms[rng.random_range(0..forms.len())].as_str(),
                    1 => report_lines[rng.random_range(0..report_lines.len())].as_str(),
                    _ => blanks[rng.random_range(0..blanks.len())],
                })
                .collect();
            texts.push(doc.join("\n"));
        }
        texts.push(forms.join("\n"));
        texts.push(String::new());
        let mut found = 0;
        let mut duplicates = 0;
        for grammar in crate::grammar::bundled() {
            for text in &texts {
                let lines = split_lines(text);
                let got = find_sections(&lines, &grammar.sections);
                let want = find_sections_plain(&lines, &grammar.sections);
                assert_eq!(got.found, want.found);
                assert_eq!(got.preamble_end, want.preamble_end);
                assert_eq!(got.diagnostics, want.diagnostics);
                found += got.found.len();
                duplicates += got
                    .diagnostics
                    .iter()
                    .filter(|d| d.code == Code::DuplicateSection)
                    .count();
            }
            // and every form scored for every section alone
            let firsts = Firsts::new(&grammar.sections);
            for line in &forms {
                let plain = heading_label_plain(line);
                assert_eq!(heading_label(line, None), plain, "{line:?}");
                let filtered = heading_label(line, Some(&firsts));
                // a label of any length, not only a heading line's
                let any = Label::for_matching(line);
                for def in &grammar.sections {
                    let want = plain.as_ref().and_then(|l| score_heading_plain(l, def));
                    let got = filtered.as_ref().and_then(|l| score_heading(l, def));
                    assert_eq!(got, want, "{line:?} {}", def.key);
                    assert_eq!(
                        score_heading(&any, def),
                        score_heading_plain(&any, def),
                        "{line:?} {}",
                        def.key
                    );
                }
            }
        }
        assert!(found > 2000, "only {found} sections found");
        assert!(duplicates > 1000, "only {duplicates} duplicates");
    }

    #[test]
    fn finds_in_order_and_reports_missing() {
        let text = "标题\n一、总体情况\n正文\n三、收到和处理政府信息公开申请情况\n表\n";
        let lines = split_lines(text);
        let defs = vec![
            def("overview", 1, &["总体情况"]),
            def("proactive", 2, &["主动公开政府信息情况"]),
            def("applications", 3, &["收到和处理政府信息公开申请情况"]),
        ];
        let s = find_sections(&lines, &defs);
        assert_eq!(s.found.len(), 2);
        assert_eq!(s.found[0].key, "overview");
        assert_eq!(s.found[0].body_lines, (2, 3));
        assert_eq!(s.found[1].body_lines, (4, 5));
        assert_eq!(s.preamble_end, 1);
        assert_eq!(s.diagnostics.len(), 1);
        assert_eq!(s.diagnostics[0].code, Code::MissingSection);
    }
}
