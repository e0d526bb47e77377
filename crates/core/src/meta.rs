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
    let t = match find_colon(t) {
        Some(i) if t[..i].chars().count() <= 4 => t[i..].trim_start_matches([':', '：', ' ']),
        _ => t,
    };
    let t = t.trim_start_matches(['#', '*', ' ', '《']);
    t.trim_end_matches(['*', ' ', '》', '。'])
}

/// The first `:` or `：` of `t` (`t.find([':', '：'])`), found by their
/// bytes (`：` is EF BC 9A) without reading the characters between.
fn find_colon(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    memchr::memchr2_iter(b':', 0xEF, b)
        .find(|&i| b[i] == b':' || b[i..].starts_with("：".as_bytes()))
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

/// The byte range of a four-digit year followed by `年` in `s`: a run of
/// exactly four digits (white space then `年` follows it), each run read
/// once.
fn year_in(s: &str) -> Option<(usize, i32)> {
    let b = s.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        // the next digit, then the end of its run
        i += b[i..].iter().position(u8::is_ascii_digit)?;
        let mut j = i + 1;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j - i == 4 && s[j..].trim_start().starts_with('年') {
            let y = b[i..j].iter().fold(0, |y, &d| y * 10 + i32::from(d - b'0'));
            if (1990..=2100).contains(&y) {
                return Some((i, y));
            }
        }
        i = j;
    }
    None
}

/// Whether `t` holds `《`, `》`, `，`, `。` or `,` (what a sentence or a
/// quotation has and a title line has not), found by their bytes: `,`
/// itself, and the lead bytes E3 (`《》。`) and EF (`，`).
fn has_sentence_marks(t: &str) -> bool {
    let b = t.as_bytes();
    memchr::memchr3_iter(b',', 0xE3, 0xEF, b).any(|i| {
        b[i] == b','
            || ["《", "》", "，", "。"]
                .iter()
                .any(|m| b[i..].starts_with(m.as_bytes()))
    })
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
    // the suffix first: most lines end with none
    let titleish = |t: &str| {
        ends_with_suffix(t, rules).is_some() && t.chars().count() <= 80 && !has_sentence_marks(t)
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
        // the marks' bytes searched with memchr's vectors (a whole
        // character's bytes match only at a character boundary)
        let open_mark = memchr::memmem::Finder::new("《".as_bytes());
        let close_mark = memchr::memmem::Finder::new("》".as_bytes());
        while let Some(open) = open_mark.find(&search.as_bytes()[from..]) {
            let start = from + open + '《'.len_utf8();
            let Some(close) = close_mark.find(&search.as_bytes()[start..]) else {
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
    let frames = year_frames(rules);
    let patterns: Vec<(&str, &str)> = frames
        .iter()
        .map(|(f, k)| (&f[..*k], &f[*k + YEAR.len()..]))
        .collect();
    // the text is folded a piece at a time (a NormText maps every byte: 9
    // bytes a byte of text, for a fallback that looks at one place; the
    // year stands near the start). A character folds alone, so the folded
    // pieces make the folded text; the year is looked for at the places
    // whose test reads no further than the pieces folded so far (the four
    // digits, the byte after them, a pattern's text after them), and the
    // next piece is folded only when none is framed there
    let reach = 5 + patterns
        .iter()
        .map(|(_, post)| post.len())
        .max()
        .unwrap_or(0);
    let mut folded = String::with_capacity(text.len().min(4 * YEAR_PIECE));
    // where each piece starts: in the text, in the folded text
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut done = 0;
    let mut searched = 0;
    while done < text.len() {
        let mut cut = (done + YEAR_PIECE).min(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        pieces.push((done, folded.len()));
        crate::normalize::fold_into(&text[done..cut], &mut folded);
        done = cut;
        let settled = if done == text.len() {
            folded.len()
        } else {
            folded.len().saturating_sub(reach)
        };
        if let Some((at, y)) = first_framed(&folded, &patterns, searched, settled) {
            // mapped back from the start of the piece the digits start in
            let k = pieces.partition_point(|&(_, f)| f <= at) - 1;
            let (from, f) = pieces[k];
            let span = crate::normalize::original_span(&text[from..], at - f, at - f + 4);
            return Some((
                y,
                Span::new(from + span.start as usize, from + span.end as usize),
            ));
        }
        searched = searched.max(settled);
    }
    None
}

/// What a year pattern writes for the year.
const YEAR: &str = "{year}";

/// The grammar's year patterns, folded, each with the offset of `{year}`
/// in it (a pattern without `{year}` frames nothing).
fn year_frames(rules: &MetaRules) -> Vec<(String, usize)> {
    rules
        .year_patterns
        .iter()
        .filter_map(|p| {
            let f = crate::normalize::fold(p);
            // the first `{year}`, found from its `{` (a search for the
            // whole pattern is set up at more cost than these few bytes)
            let k = memchr::memchr_iter(b'{', f.as_bytes()).find(|&k| f[k..].starts_with(YEAR))?;
            Some((f, k))
        })
        .collect()
}

/// The bytes of the text folded at a time to look for the year in.
const YEAR_PIECE: usize = 512;

/// In folded text `hay`, the first run of exactly four digits starting at
/// or after `from` and before `limit` that a pattern (the text before and
/// after the year) frames, with a year's value: its offset and value. Each
/// run of digits is read once: only one of exactly four digits is tried.
fn first_framed(
    hay: &str,
    patterns: &[(&str, &str)],
    from: usize,
    limit: usize,
) -> Option<(usize, i32)> {
    let bytes = hay.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    // the last start with room for four digits, plus one
    let end = limit.min((bytes.len() + 1).saturating_sub(4));
    let mut i = from;
    while i < end {
        // the next digit, then the end of its run
        i += bytes[i..end].iter().position(u8::is_ascii_digit)?;
        let mut j = i + 1;
        while digit(j) {
            j += 1;
        }
        if j - i == 4 && (i == 0 || !digit(i - 1)) {
            let y = bytes[i..j]
                .iter()
                .fold(0, |y, &d| y * 10 + i32::from(d - b'0'));
            let framed = patterns.iter().any(|(pre, post)| {
                bytes[..i].ends_with(pre.as_bytes()) && bytes[j..].starts_with(post.as_bytes())
            });
            if framed && (1990..=2100).contains(&y) {
                return Some((i, y));
            }
        }
        i = j;
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

    /// The test `first_framed` made first at every place `i` of `hay`: the
    /// year of a run of exactly four digits there that a pattern frames.
    fn framed_at(hay: &str, patterns: &[(String, String)], i: usize) -> Option<i32> {
        let bytes = hay.as_bytes();
        if i + 4 > bytes.len() {
            return None;
        }
        let four = bytes[i..i + 4].iter().all(u8::is_ascii_digit);
        let bounded = (i == 0 || !bytes[i - 1].is_ascii_digit())
            && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
        if four && bounded {
            let framed = patterns.iter().any(|(pre, post)| {
                hay[..i].ends_with(pre.as_str()) && hay[i + 4..].starts_with(post.as_str())
            });
            let y: i32 = hay[i..i + 4].parse().unwrap_or(0);
            if framed && (1990..=2100).contains(&y) {
                return Some(y);
            }
        }
        None
    }

    /// `first_framed` as it was written first: every place from `from`
    /// before `limit` tried.
    fn first_framed_plain(
        hay: &str,
        patterns: &[(String, String)],
        from: usize,
        limit: usize,
    ) -> Option<(usize, i32)> {
        (from..limit.min(hay.len())).find_map(|i| Some((i, framed_at(hay, patterns, i)?)))
    }

    #[test]
    fn first_framed_agrees_with_trying_every_place() {
        let frames = vec![
            ("从".to_owned(), "年".to_owned()),
            (String::new(), "年1-12月".to_owned()),
            ("x".to_owned(), String::new()),
        ];
        let borrowed: Vec<(&str, &str)> = frames
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let parts = ["2021", "1", "0", "从", "年", "x", "年1-12月", "20"];
        let mut found = 0;
        for hay in crate::layout::every_text(&parts, 5).into_iter().chain([
            "20210".into(),
            "x2021".into(),
            "x20211".into(),
            "从2020年1-12月".into(),
        ]) {
            let places: Vec<usize> = (0..=hay.len() + 1).collect();
            for &limit in [
                0,
                1,
                4,
                5,
                8,
                hay.len().saturating_sub(1),
                hay.len(),
                hay.len() + 1,
            ]
            .iter()
            {
                for &from in &places {
                    let want = first_framed_plain(&hay, &frames, from, limit);
                    let got = first_framed(&hay, &borrowed, from, limit);
                    assert_eq!(got, want, "{hay:?} {from} {limit}");
                    found += usize::from(want.is_some());
                }
            }
        }
        assert!(found > 50_000, "only {found} years");
    }

    /// `year_from_patterns` as it was written first: the whole text folded
    /// and searched to its end, every place tried.
    fn year_from_patterns_plain(text: &str, rules: &MetaRules) -> Option<(i32, Span)> {
        let folded = crate::normalize::fold(text);
        let frames: Vec<(String, String)> = rules
            .year_patterns
            .iter()
            .filter_map(|p| {
                let f = crate::normalize::fold(p);
                f.split_once("{year}")
                    .map(|(a, b)| (a.to_owned(), b.to_owned()))
            })
            .collect();
        first_framed_plain(&folded, &frames, 0, folded.len())
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
                // around the ends of the first pieces folded
                let ends = [YEAR_PIECE, 2 * YEAR_PIECE, 3 * YEAR_PIECE, 8 * YEAR_PIECE];
                let near = ends.map(|e| e / filler.len());
                for n in near.iter().flat_map(|&k| k - 20..k + 4).chain([0, 10, 900]) {
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

    /// `year_in` as it was written first: every place tried.
    fn year_in_plain(s: &str) -> Option<(usize, i32)> {
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

    #[test]
    fn years_and_marks_found_as_by_the_plain_search() {
        let parts = ["2021", "1", "0", "年", " ", "\u{3000}", "x", "中", "1989"];
        let mut years = 0;
        for t in crate::layout::every_text(&parts, 5) {
            let want = year_in_plain(&t);
            assert_eq!(year_in(&t), want, "{t:?}");
            years += usize::from(want.is_some());
        }
        assert!(years > 2_000, "only {years} years");
        let marks = ['《', '》', '，', '。', ','];
        let mut found = 0;
        for t in crate::layout::every_text(
            &["a", "中", "、", "（", "\u{FF1B}", "《", "。", ",", "，"],
            3,
        ) {
            let want = t.contains(marks);
            assert_eq!(has_sentence_marks(&t), want, "{t:?}");
            found += usize::from(want);
        }
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            let t = format!("a{c}b");
            assert_eq!(has_sentence_marks(&t), t.contains(marks), "{t:?}");
        }
        assert!(found > 300, "only {found} marks");
    }

    #[test]
    fn colons_found_as_by_find() {
        let parts = [
            "", ":", "：", "a", "中", "\u{FF1B}", "\u{EF9A}", "\u{FFFD}", " ",
        ];
        let mut found = 0;
        for t in crate::layout::every_text(&parts, 4) {
            assert_eq!(find_colon(&t), t.find([':', '：']), "{t:?}");
            found += usize::from(find_colon(&t).is_some());
        }
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            let t = format!("a{c}b");
            assert_eq!(find_colon(&t), t.find([':', '：']), "{t:?}");
        }
        assert!(found > 1000, "only {found} colons");
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
