//! The report's title, organization and year.
//!
//! - **Title**: a short line of the preamble ending with a title suffix of the
//!   grammar (`政府信息公开工作年度报告`); when that line lacks the organization or
//!   year (a title split over lines), the short lines just above it are joined
//!   in front. Failing that, a title quoted in running text
//!   (`现发布《原州区开城镇2021年政府信息公开工作年度报告》`).
//! - **Organization**: the title's text before the year (`柳屯镇人民政府`), or
//!   before the suffix when the title has no year (`金碧镇`).
//! - **Year**: the four digits before `年` in the title; else the first match
//!   of the grammar's year patterns in the text (`本报告统计数据从{year}年`,
//!   `{year}年1-12月`). A signature date is never read as the year: patterns
//!   name the period reported on.

use serde::Serialize;

use crate::diag::{Code, Diagnostic, Severity};
use crate::grammar::MetaRules;
use crate::lines::{trim_cell, Line};
use crate::span::Span;

/// Title, organization and year.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Meta {
    /// The report's own title.
    pub title: Option<String>,
    /// The organization the report is by.
    pub organization: Option<String>,
    /// The year reported on.
    pub year: Option<i32>,
    /// Where the title stands.
    #[serde(skip)]
    pub title_span: Option<Span>,
    /// Where the year was read.
    #[serde(skip)]
    pub year_span: Option<Span>,
}

fn clean_title(s: &str) -> &str {
    let t = trim_cell(s);
    // a field label in front (`标题: …`, as crawlers write page metadata)
    let t = match t.find([':', '：']) {
        Some(i) if t[..i].chars().count() <= 4 => t[i..].trim_start_matches([':', '：', ' ']),
        _ => t,
    };
    let t = t.trim_start_matches(['#', '*', ' ', '《']);
    t.trim_end_matches(['*', ' ', '》', '。'])
}

fn ends_with_suffix(t: &str, rules: &MetaRules) -> Option<usize> {
    rules
        .title_suffixes
        .iter()
        .find(|s| t.ends_with(s.as_str()))
        .map(|s| t.len() - s.len())
}

/// Whether `a` followed by `b` ends with a title suffix
/// (`ends_with_suffix(&format!("{a}{b}"), rules).is_some()`, without joining
/// them).
fn ends_with_suffix_joined(a: &str, b: &str, rules: &MetaRules) -> bool {
    rules
        .title_suffixes
        .iter()
        .any(|s| match s.len().checked_sub(b.len()) {
            None | Some(0) => b.ends_with(s.as_str()),
            Some(n) => s.ends_with(b) && a.ends_with(&s[..n]),
        })
}

/// The byte range of a four-digit year followed by `年` in `s`.
fn year_in(s: &str) -> Option<(usize, i32)> {
    let b = s.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && s[i + 4..].trim_start().starts_with('年')
        {
            let y: i32 = s[i..i + 4].parse().ok()?;
            if (1990..=2100).contains(&y) {
                return Some((i, y));
            }
        }
        i += 1;
    }
    None
}

/// Finds the meta data. `preamble_end` is the index of the first section
/// heading line (the title is looked for above it, and in the first 12 lines
/// when no heading was found).
pub fn find_meta(
    text: &str,
    lines: &[Line<'_>],
    preamble_end: usize,
    rules: &MetaRules,
) -> (Meta, Vec<Diagnostic>) {
    let mut meta = Meta::default();
    let mut diags = Vec::new();
    let limit = if preamble_end == 0 || preamble_end >= lines.len() {
        12.min(lines.len())
    } else {
        preamble_end
    };
    // 1. a title line (not a sentence, not a quotation of another title)
    let titleish = |t: &str| {
        t.chars().count() <= 80
            && !t.contains(['《', '》', '，', '。', ','])
            && ends_with_suffix(t, rules).is_some()
    };
    // the line above, cleaned (the previous turn's `t`)
    let mut prev = "";
    for (i, line) in lines[..limit].iter().enumerate() {
        let t = clean_title(line.text);
        let above = std::mem::replace(&mut prev, t);
        if !titleish(t) {
            // a title broken over two lines: `2024 年上海市科委政府信息公开工作` + `年度报告`
            // joined only when the two lines together end with a suffix
            if t.is_empty() || above.is_empty() || !ends_with_suffix_joined(above, t, rules) {
                continue;
            }
            let joined = format!("{above}{t}");
            if titleish(&joined) && year_in(&joined).is_some() {
                meta.title_span = Some(lines[i - 1].span_of(above).cover(line.span_of(t)));
                meta.title = Some(joined);
                break;
            }
            continue;
        }
        let mut title = t.to_owned();
        let mut span = line.span_of(t);
        // split over lines: join the short lines above while the title lacks
        // an organization or a year
        let mut j = i;
        let lacks_org =
            |t: &str| ends_with_suffix(t, rules) == Some(0) || matches!(year_in(t), Some((0, _)));
        while j > 0 && i - j < 3 && lacks_org(&title) {
            j -= 1;
            let above = clean_title(lines[j].text);
            if above.is_empty() {
                continue;
            }
            if above.chars().count() > 30 || above.ends_with('。') {
                break;
            }
            title = format!("{above}{title}");
            span = lines[j].span_of(above).cover(span);
        }
        meta.title = Some(title);
        meta.title_span = Some(span);
        break;
    }
    // 2. a title quoted in running text
    if meta.title.is_none() {
        // the first 20,000 bytes, cut back to a character boundary
        let mut cut = text.len().min(20_000);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let search = &text[..cut];
        let mut from = 0;
        while let Some(open) = search[from..].find('《') {
            let start = from + open + '《'.len_utf8();
            let Some(close) = search[start..].find('》') else {
                break;
            };
            let inner = &search[start..start + close];
            if ends_with_suffix(inner, rules).is_some() && !inner.contains('〈') {
                meta.title = Some(inner.to_owned());
                meta.title_span = Some(Span::new(start, start + close));
                break;
            }
            from = start + close;
        }
    }
    // organization and year from the title
    if let (Some(title), Some(span)) = (&meta.title, meta.title_span) {
        match year_in(title) {
            Some((at, y)) => {
                meta.year = Some(y);
                let org = title[..at].trim();
                // `2024 年上海市科委政府信息公开工作年度报告`: the year first,
                // the organization between 年 and the suffix
                let after_year = || {
                    let rest = title[at + 4..].trim_start().strip_prefix('年')?;
                    let rest = rest.strip_prefix('度').unwrap_or(rest).trim_start();
                    let end = rules
                        .title_suffixes
                        .iter()
                        .find_map(|s| rest.strip_suffix(s.as_str()))?;
                    Some(end.trim().to_owned()).filter(|o| !o.is_empty())
                };
                if !org.is_empty() {
                    meta.organization = Some(org.to_owned());
                } else {
                    meta.organization = after_year();
                }
                let ys = title_offset(text, span, title, at);
                meta.year_span = ys.map(|s| Span::new(s, s + 4));
            }
            None => {
                let folded = crate::normalize::fold(title);
                if let Some(at) = ends_with_suffix(&folded, rules) {
                    let org = folded[..at].trim();
                    if !org.is_empty() {
                        meta.organization = Some(org.to_owned());
                    }
                }
            }
        }
    }
    // the year from the text
    if meta.year.is_none() {
        if let Some((y, span)) = year_from_patterns(text, rules) {
            meta.year = Some(y);
            meta.year_span = Some(span);
        }
    }
    for (what, missing) in [
        ("title", meta.title.is_none()),
        ("organization", meta.organization.is_none()),
        ("year", meta.year.is_none()),
    ] {
        if missing {
            diags.push(Diagnostic::new(
                Severity::Warning,
                Code::MissingMeta,
                format!("the report's {what} was not found"),
            ));
        }
    }
    (meta, diags)
}

/// The document offset of byte `at` of `title`, when the title is a
/// contiguous slice of the text at `span`.
fn title_offset(text: &str, span: Span, title: &str, at: usize) -> Option<usize> {
    let slice = text.get(span.range())?;
    if slice == title {
        Some(span.start as usize + at)
    } else {
        slice
            .find(&title[at..at + 4])
            .map(|i| span.start as usize + i)
    }
}

/// The first year the grammar's patterns find in the text.
fn year_from_patterns(text: &str, rules: &MetaRules) -> Option<(i32, Span)> {
    let patterns = year_frames(rules);
    // the folded text alone (a NormText maps every byte: 9 bytes a byte of
    // text, for a fallback that looks at one place). A character folds
    // alone, so the folded start of the text is the start of the folded
    // text: the year is looked for there first, at the places whose test
    // reads no further than that start holds (the four digits, the byte
    // after them, a pattern's text after them); only when none is framed
    // there is the whole text folded
    let reach = 5 + patterns
        .iter()
        .map(|(_, post)| post.len())
        .max()
        .unwrap_or(0);
    let mut cut = text.len().min(HEAD_BYTES);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let found = if cut < text.len() {
        let head = crate::normalize::fold(&text[..cut]);
        let settled = head.len().saturating_sub(reach);
        first_framed(&head, &patterns, settled)
    } else {
        None
    };
    let found = found.or_else(|| {
        let folded = crate::normalize::fold(text);
        first_framed(&folded, &patterns, folded.len())
    });
    found.map(|(at, y)| (y, crate::normalize::original_span(text, at, at + 4)))
}

/// The grammar's year patterns, folded, as the text before and after
/// `{year}` (a pattern without `{year}` frames nothing).
fn year_frames(rules: &MetaRules) -> Vec<(String, String)> {
    rules
        .year_patterns
        .iter()
        .filter_map(|p| {
            let f = crate::normalize::fold(p);
            f.split_once("{year}")
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
        })
        .collect()
}

/// The bytes of the text folded first to look for the year in.
const HEAD_BYTES: usize = 4096;

/// In folded text `hay`, the first run of exactly four digits starting
/// before `limit` that a pattern frames, with a year's value: its offset and
/// value.
fn first_framed(hay: &str, patterns: &[(String, String)], limit: usize) -> Option<(usize, i32)> {
    let bytes = hay.as_bytes();
    // every run of exactly four digits, in text order; the first that a
    // pattern frames wins
    let mut i = 0;
    while i + 4 <= bytes.len() && i < limit {
        let four = bytes[i..i + 4].iter().all(u8::is_ascii_digit);
        let bounded = (i == 0 || !bytes[i - 1].is_ascii_digit())
            && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
        if four && bounded {
            let framed = patterns.iter().any(|(pre, post)| {
                hay[..i].ends_with(pre.as_str()) && hay[i + 4..].starts_with(post.as_str())
            });
            let y: i32 = hay[i..i + 4].parse().unwrap_or(0);
            if framed && (1990..=2100).contains(&y) {
                return Some((i, y));
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::split_lines;

    fn rules() -> MetaRules {
        MetaRules {
            title_suffixes: vec!["政府信息公开工作年度报告".into()],
            year_patterns: vec!["本报告统计数据从{year}年".into(), "{year}年1-12月".into()],
        }
    }

    fn meta(text: &str) -> Meta {
        let lines = split_lines(text);
        let first = lines
            .iter()
            .position(|l| l.text.starts_with("一、"))
            .unwrap_or(0);
        find_meta(text, &lines, first, &rules()).0
    }

    #[test]
    fn suffix_of_two_lines_without_joining_them() {
        let rules = MetaRules {
            title_suffixes: vec!["政府信息公开工作年度报告".into(), "年报".into(), "é".into()],
            year_patterns: vec![],
        };
        let texts = [
            "某县2023年政府信息公开工作年度报告",
            "某县2023年年报",
            "2023年政府信息公开工作年度报告附件",
            "某县é",
            "年度报告",
            "é报",
            "",
        ];
        for text in texts {
            for (k, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let (a, b) = text.split_at(k);
                for (a, b) in [(a, b), (b, a), (text, b), (a, text)] {
                    assert_eq!(
                        ends_with_suffix_joined(a, b, &rules),
                        ends_with_suffix(&format!("{a}{b}"), &rules).is_some(),
                        "{a:?} {b:?}"
                    );
                }
            }
        }
    }

    /// `year_from_patterns` as it was written first: the whole text folded
    /// and searched to its end.
    fn year_from_patterns_plain(text: &str, rules: &MetaRules) -> Option<(i32, Span)> {
        let folded = crate::normalize::fold(text);
        first_framed(&folded, &year_frames(rules), folded.len())
            .map(|(at, y)| (y, crate::normalize::original_span(text, at, at + 4)))
    }

    #[test]
    fn year_found_in_the_folded_start_as_in_the_whole() {
        let mut texts = crate::testing::sample_reports(8);
        let mut rules_all: Vec<MetaRules> = crate::grammar::bundled()
            .iter()
            .map(|g| g.meta.clone())
            .collect();
        rules_all.push(rules());
        // a pattern with nothing after the year: the byte after the digits
        // decides
        rules_all.push(MetaRules {
            title_suffixes: vec![],
            year_patterns: vec!["从{year}".into()],
        });
        // a framed year written every way, at every place around the head's
        // end; in front, fillers of 1 to 4 bytes, full-width ones folding
        // shorter, and dropped \r
        let years = [
            "本报告统计数据从2021年",
            "本报告统计数据从２０２１年",
            "2021年1-12月",
            "２０２１年１－１２月",
            "12021年1-12月",
            "1989年1-12月",
            "2021年1-1",
            "从2021",
            "从20215",
            "从２０２１5",
        ];
        for filler in ["a", "é", "很", "𠀀", "ａ", "\r\n", "　"] {
            for year in years {
                let near = HEAD_BYTES / filler.len();
                for n in (near - 20..near + 4).chain([0, 10, 900]) {
                    let pad = filler.repeat(n);
                    texts.push(format!("{pad}{year}。2020年1-12月"));
                    texts.push(format!("{pad}{year}"));
                    texts.push(format!("{}{pad}{year}", "x".repeat(n % 4)));
                }
            }
        }
        let mut found = 0;
        for rules in &rules_all {
            for text in &texts {
                let got = year_from_patterns(text, rules);
                assert_eq!(got, year_from_patterns_plain(text, rules), "{text:?}");
                found += usize::from(got.is_some());
            }
        }
        assert!(found > 1000, "only {found} years");
    }

    #[test]
    fn long_text_without_title_line() {
        // byte 20,000 falls inside a character: the quoted-title search must
        // cut on a character boundary
        let text = format!("x{}", "政".repeat(10_000));
        let m = meta(&text);
        assert_eq!(m.title, None);
    }

    #[test]
    fn title_line() {
        let m = meta("\n\n柳屯镇人民政府2022年政府信息公开工作年度报告\n\n一、总体情况\n");
        assert_eq!(
            m.title.as_deref(),
            Some("柳屯镇人民政府2022年政府信息公开工作年度报告")
        );
        assert_eq!(m.organization.as_deref(), Some("柳屯镇人民政府"));
        assert_eq!(m.year, Some(2022));
    }

    #[test]
    fn title_without_year() {
        let m = meta("金碧镇政府信息公开工作年度报告\n一、总体情况\n2020年1-12月我镇利用…\n金碧镇人民政府\n2021年1月18日\n");
        assert_eq!(m.organization.as_deref(), Some("金碧镇"));
        assert_eq!(m.year, Some(2020));
    }

    #[test]
    fn quoted_title() {
        let m = meta("\n2021\n\n根据…要求，现发布《原州区开城镇2021年政府信息公开工作年度报告》，本报告统计数据从2021年1月1日至12月31日。\n一、总体情况\n");
        assert_eq!(m.organization.as_deref(), Some("原州区开城镇"));
        assert_eq!(m.year, Some(2021));
    }

    #[test]
    fn year_first_title_over_two_lines() {
        let m = meta("正文\n2024 年上海市科委政府信息公开工作\n年度报告\n根据《条例》，编制本报告。\n一、总体情况\n");
        assert_eq!(m.organization.as_deref(), Some("上海市科委"));
        assert_eq!(m.year, Some(2024));
        let m = meta("定》）和《关于印发中华人民共和国政府信息公开工作年度报告\n一、总体情况\n");
        assert_eq!(m.title, None, "a quotation is no title");
    }

    #[test]
    fn split_title() {
        let m = meta("某县自然资源局\n2023年度\n政府信息公开工作年度报告\n一、总体情况\n");
        assert_eq!(
            m.title.as_deref(),
            Some("某县自然资源局2023年度政府信息公开工作年度报告")
        );
        assert_eq!(m.organization.as_deref(), Some("某县自然资源局"));
        assert_eq!(m.year, Some(2023));
    }
}
