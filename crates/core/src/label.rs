//! Labels: the text of a row, column, caption or heading, split into its
//! list numbering and its body, and compared loosely.
//!
//! Real reports write the same label many ways: `（一）予以公开`, `(一) 予以公开`,
//! `（一）予以公开（区分处理的…）`, `1.属于国家秘密`, `1、属于国家秘密`,
//! `结果 维持`, a label cut short at a page edge (`行政机关不再处理其政府信息公`),
//! or reworded slightly (`其他法律法规禁止公开` for `其他法律行政法规禁止公开`).
//! [`Label`] folds the text ([`crate::normalize::label_key`]), parses the
//! numbering off with nom, and [`Label::score`] says how well a cell's text
//! matches a pattern.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::{char, digit1, space0};
use nom::combinator::{map, opt};
use nom::sequence::{delimited, terminated};
use nom::{IResult, Parser};

use crate::normalize::label_key;

/// A list mark in front of a label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Numbering {
    /// `一、`, `一.`, `一．`: top-level items.
    Cjk(u32),
    /// `（一）`, `(一)`: second level.
    CjkParen(u32),
    /// `1.`, `1、`, `1．`: third level.
    Arabic(u32),
    /// `(1)`, `（1）`.
    ArabicParen(u32),
}

/// A label ready for matching, made by [`Label::new`]: its numbering and
/// body are read from the text once, with what matching asks of them again
/// and again (the body's length in characters, its first characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The text as written (in the grammar or the report). Empty in a label
    /// the crate makes only to match a report's cell against the grammar
    /// (`Label::for_matching`), which never reads it.
    pub text: String,
    numbering: Option<Numbering>,
    body: String,
    /// Characters in `body`, or [`NOT_COUNTED`] (a label made by
    /// [`Label::for_matching`]: counted when it is used as a pattern).
    body_chars: usize,
    /// [`Label::first_chars`].
    firsts: (Option<char>, Option<char>),
}

/// The value of a run of Chinese numerals 一..十九 (enough for list marks).
pub fn cjk_number(s: &str) -> Option<u32> {
    let digit = |c: char| {
        Some(match c {
            '零' => 0,
            '一' => 1,
            '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    // at most three characters matter: a longer run is no number here
    let mut it = s.chars();
    let mut chars = ['\0'; 3];
    let mut n = 0;
    for c in it.by_ref().take(3) {
        chars[n] = c;
        n += 1;
    }
    if it.next().is_some() {
        return None;
    }
    match &chars[..n] {
        ['十'] => Some(10),
        ['十', d] => Some(10 + digit(*d)?),
        [d, '十'] => Some(digit(*d)? * 10),
        [d, '十', e] => Some(digit(*d)? * 10 + digit(*e)?),
        [d] => digit(*d),
        _ => None,
    }
}

#[inline]
pub(crate) fn is_cjk_numeral(c: char) -> bool {
    matches!(
        c,
        '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// `numbering := '(' (cjk+ | digit+) ')' | cjk+ '.' | digit+ '.'` on folded text
/// (so `（`, `、` and `．` have already become `(`, `.` and `.`).
fn numbering(input: &str) -> IResult<&str, Numbering> {
    let cjk = || take_while1(is_cjk_numeral);
    // each form starts with its own kind of character: only the forms that
    // can start with the first one are tried (most labels start with none)
    match input.chars().next() {
        Some('(') => alt((
            map(
                delimited(char('('), delimited(space0, cjk(), space0), char(')')),
                |s: &str| Numbering::CjkParen(cjk_number(s).unwrap_or(0)),
            ),
            map(
                delimited(char('('), delimited(space0, digit1, space0), char(')')),
                |s: &str| Numbering::ArabicParen(s.parse().unwrap_or(0)),
            ),
        ))
        .parse(input),
        Some(c) if is_cjk_numeral(c) => {
            map(terminated(cjk(), alt((tag("."), tag(" ")))), |s: &str| {
                Numbering::Cjk(cjk_number(s).unwrap_or(0))
            })
            .parse(input)
        }
        Some(c) if c.is_ascii_digit() => map(terminated(digit1, tag(".")), |s: &str| {
            Numbering::Arabic(s.parse().unwrap_or(0))
        })
        .parse(input),
        _ => Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Alt,
        ))),
    }
}

/// Longest part of a text, in bytes, that [`Label::new`] parses: labels are
/// a few dozen characters, annotations included; a longer cell is compared
/// by its start only, so that a hostile megabyte cell costs no more than a
/// short one each time it is compared.
pub const MAX_LABEL_BYTES: usize = 1024;

/// [`Label::body_chars`] not counted yet.
const NOT_COUNTED: usize = usize::MAX;

impl Label {
    /// Parses a label from its text.
    ///
    /// Only the first [`MAX_LABEL_BYTES`] bytes are parsed and compared; the
    /// whole text is kept in [`Label::text`].
    pub fn new(full: &str) -> Label {
        Label::build(full, true)
    }

    /// [`Label::new`] for a label that is only matched against patterns
    /// (a report's cell): its [`Label::text`] is left empty and the length
    /// of its body in characters is counted only if it is ever used as a
    /// pattern. Matches exactly as [`Label::new`] does (tested).
    pub(crate) fn for_matching(full: &str) -> Label {
        Label::build(full, false)
    }

    fn build(full: &str, keep: bool) -> Label {
        let mut cut = full.len().min(MAX_LABEL_BYTES);
        while !full.is_char_boundary(cut) {
            cut -= 1;
        }
        let text = &full[..cut];
        let mut key = label_key(text);
        // `label_key` removed spaces, so `一 总体情况` (numeral then space) needs
        // the folded text with spaces for the `cjk+ ' '` form (only a text
        // starting with a numeral can have it).
        let parsed = match opt(numbering).parse(key.as_str()) {
            Ok((rest, Some(n))) if !rest.is_empty() => Some((n, key.len() - rest.len())),
            _ => None,
        };
        let (numbering, body) = match parsed {
            Some((n, at)) => {
                key.drain(..at);
                (Some(n), key)
            }
            None if key.starts_with(is_cjk_numeral) => {
                let spaced = crate::normalize::fold(text);
                let spaced = spaced.trim_start();
                match numbering(spaced) {
                    Ok((rest, n)) if matches!(n, Numbering::Cjk(_)) && !rest.trim().is_empty() => {
                        (Some(n), label_key(rest))
                    }
                    _ => (None, key),
                }
            }
            None => (None, key),
        };
        let mut chars = body.chars();
        let first = chars.next();
        let second = match first {
            Some(c) if numbering.is_none() && is_cjk_numeral(c) => chars.next(),
            _ => None,
        };
        Label {
            text: if keep { full.to_owned() } else { String::new() },
            numbering,
            body_chars: if keep {
                body.chars().count()
            } else {
                NOT_COUNTED
            },
            body,
            firsts: (first, second),
        }
    }

    /// Characters in the body.
    #[inline]
    fn body_chars(&self) -> usize {
        if self.body_chars == NOT_COUNTED {
            self.body.chars().count()
        } else {
            self.body_chars
        }
    }

    /// Its list mark, if any.
    pub fn numbering(&self) -> Option<Numbering> {
        self.numbering
    }

    /// The folded body without list mark and white space.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The characters a pattern's body must start with to match `self` (see
    /// [`Label::score`]): the body's first, and for a body starting with a
    /// lone numeral (`三本年度…`), its second.
    #[inline]
    pub fn first_chars(&self) -> (Option<char>, Option<char>) {
        self.firsts
    }

    /// How well `self` (text found in a report) matches `pattern` (a grammar
    /// label), or `None` when it does not. Higher is better:
    ///
    /// - 1000+ the bodies are equal;
    /// - 500+ the cell starts with the pattern (an annotated or longer label;
    ///   a pattern under 4 characters only when a bracket follows it);
    /// - 300+ the pattern starts with the cell, which has at least 4 characters
    ///   (a label cut short);
    /// - 100+ shared start and end cover 70% of the shorter one (a reworded
    ///   label), each at least 4 characters long;
    ///
    /// minus 50 when both carry a list mark and the marks differ. A body that
    /// starts with a lone numeral (`三本年度办理结果`, the `、` lost) is also
    /// tried without it.
    pub fn score(&self, pattern: &Label) -> Option<i32> {
        let pat_len = pattern.body_chars() as i32;
        let direct = body_score(&self.body, &pattern.body, pat_len);
        let stripped = self
            .body
            .chars()
            .next()
            .filter(|&c| is_cjk_numeral(c) && self.numbering.is_none())
            .and_then(|c| body_score(&self.body[c.len_utf8()..], &pattern.body, pat_len));
        let base = direct.max(stripped)?;
        let penalty = match (self.numbering, pattern.numbering) {
            (Some(a), Some(b)) if a != b => 50,
            _ => 0,
        };
        Some(base - penalty)
    }
}

impl Label {
    /// Whether `self.score(pattern)` is at least 500 (equal bodies, or the
    /// cell's body starting with the pattern's), worked out without
    /// counting characters in the common case: only a pattern body of 200
    /// bytes or more can reach 500 by the lower tiers, and goes through
    /// [`Label::score`]. Tested against it.
    pub fn starts_with_pattern(&self, pattern: &Label) -> bool {
        let pat = pattern.body.as_str();
        if pat.len() >= 200 {
            return self.score(pattern).is_some_and(|s| s >= 500);
        }
        if pat.is_empty() {
            return false;
        }
        let penalty = matches!(
            (self.numbering, pattern.numbering),
            (Some(a), Some(b)) if a != b
        );
        let reaches = |cell: &str| {
            if cell == pat {
                return true;
            }
            let Some(rest) = cell.strip_prefix(pat) else {
                return false;
            };
            let pat_len = pattern.body_chars();
            (pat_len >= 4 || rest.starts_with('(')) && (!penalty || pat_len >= 50)
        };
        if reaches(&self.body) {
            return true;
        }
        match self.body.chars().next() {
            Some(c) if is_cjk_numeral(c) && self.numbering.is_none() => {
                reaches(&self.body[c.len_utf8()..])
            }
            _ => false,
        }
    }
}

/// Whether two non-empty texts start with the same character (compared as
/// bytes: the first byte gives the character's length).
fn same_first_char(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a[0] != b[0] {
        return false;
    }
    let n = match a[0] {
        0..0x80 => 1,
        0xE0..0xF0 => 3,
        0xF0.. => 4,
        _ => 2,
    };
    a.get(..n) == b.get(..n)
}

/// [`Label::score`] of two bodies, `pat_len` the characters in `pat`.
#[inline]
fn body_score(cell: &str, pat: &str, pat_len: i32) -> Option<i32> {
    if cell.is_empty() || pat.is_empty() {
        return None;
    }
    // every match below shares at least the first character (equal bodies,
    // one a prefix of the other, or a shared start): most pairs of a table's
    // labels differ there, so check it before counting characters
    if !same_first_char(cell, pat) {
        return None;
    }
    shared_body_score(cell, pat, pat_len)
}

/// [`body_score`] of two bodies that start with the same character (out of
/// line: most pairs do not).
#[inline(never)]
fn shared_body_score(cell: &str, pat: &str, pat_len: i32) -> Option<i32> {
    if cell == pat {
        return Some(1000 + pat_len);
    }
    if let Some(rest) = cell.strip_prefix(pat) {
        // a short pattern (`其他`, `规章`) is only a prefix of an annotated
        // label (`其他（…）`), never of another label (`其他法律行政法规…`)
        if pat_len >= 4 || rest.starts_with('(') {
            return Some(500 + pat_len);
        }
        return None;
    }
    if pat.starts_with(cell) {
        // the cell is shorter than the pattern: counting it is cheap
        let cell_len = cell.chars().count() as i32;
        if cell_len >= 4 {
            return Some(300 + cell_len);
        }
    }
    // the cell's length only matters up to the pattern's: a cell of a
    // megabyte (a whole document on one line) is not counted through
    let cell_len = cell.chars().take(pat_len as usize + 1).count() as i32;
    let shorter = cell_len.min(pat_len);
    if shorter < 4 {
        return None;
    }
    let prefix = cell
        .chars()
        .zip(pat.chars())
        .take_while(|(a, b)| a == b)
        .count() as i32;
    let suffix = cell
        .chars()
        .rev()
        .zip(pat.chars().rev())
        .take_while(|(a, b)| a == b)
        .count() as i32;
    let shared = (prefix + suffix).min(shorter);
    if shared * 10 >= shorter * 7 && prefix >= 1 {
        Some(100 + shared)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_numbers_read_as_written() {
        // the value by position, an independent reading of the same forms
        let reference = |s: &str| -> Option<u32> {
            let digits = "零一二三四五六七八九";
            let d = |c: char| digits.chars().position(|x| x == c).map(|i| i as u32);
            let cs: Vec<char> = s.chars().collect();
            match cs.len() {
                1 if cs[0] == '十' => Some(10),
                1 => d(cs[0]),
                2 if cs[0] == '十' => Some(10 + d(cs[1])?),
                2 if cs[1] == '十' => Some(d(cs[0])? * 10),
                3 if cs[1] == '十' => Some(d(cs[0])? * 10 + d(cs[2])?),
                _ => None,
            }
        };
        let alphabet: Vec<char> = "零一二三四五六七八九十百a".chars().collect();
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        texts.sort();
        texts.dedup();
        for t in &texts {
            assert_eq!(cjk_number(t), reference(t), "{t:?}");
        }
        assert_eq!(cjk_number("十九"), Some(19));
        assert_eq!(cjk_number("二十三"), Some(23));
    }

    #[test]
    fn numbering_forms() {
        for (text, n, body) in [
            ("（一）予以公开", Some(Numbering::CjkParen(1)), "予以公开"),
            ("(一) 予以公开", Some(Numbering::CjkParen(1)), "予以公开"),
            ("1.属于国家秘密", Some(Numbering::Arabic(1)), "属于国家秘密"),
            (
                "1、属于国家秘密",
                Some(Numbering::Arabic(1)),
                "属于国家秘密",
            ),
            (
                "1．属于国家秘密",
                Some(Numbering::Arabic(1)),
                "属于国家秘密",
            ),
            (
                "三、本年度办理结果",
                Some(Numbering::Cjk(3)),
                "本年度办理结果",
            ),
            (
                "四 结转下年度继续办理",
                Some(Numbering::Cjk(4)),
                "结转下年度继续办理",
            ),
            ("（七）总计", Some(Numbering::CjkParen(7)), "总计"),
            ("结果 维持", None, "结果维持"),
            ("第二十条第（一）项", None, "第二十条第(一)项"),
        ] {
            let l = Label::new(text);
            assert_eq!(l.numbering(), n, "{text}");
            assert_eq!(l.body(), body, "{text}");
        }
    }

    #[test]
    fn starts_with_pattern_agrees_with_score() {
        let texts = [
            "",
            "其他",
            "其他（含…）",
            "其他(含)",
            "其他法律行政法规禁止公开",
            "（一）予以公开",
            "(二)予以公开",
            "予以公开（区分处理的）",
            "三本年度办理结果",
            "三、本年度办理结果",
            "本年度办理结果",
            "1.属于国家秘密",
            "2.属于国家秘密",
            "属于国家秘密的其他情形",
            "第二十条第（一）项",
            "第二十条第(一)项 说明",
            "第二十条第（五）项",
            "申请人情况",
            "申请人",
            "一",
            "一二",
            "十",
            "（一）",
            "1.",
            "0",
            "3件",
        ];
        // bodies of 40 and 60 characters (120 and 180 bytes): the list-mark
        // penalty keeps a prefix under 500 only below 50 characters
        let long = "甲".repeat(60);
        let longer = format!("{long}乙");
        let numbered_long = format!("（二）{long}");
        let numbered_longer = format!("（一）{longer}");
        let mid = "甲".repeat(40);
        let numbered_mid = format!("（二）{mid}");
        let numbered_mid_more = format!("（一）{mid}乙");
        let very_long = "丙".repeat(80);
        let very_long_cut = "丙".repeat(75);
        let mut all: Vec<&str> = texts.to_vec();
        all.extend([
            long.as_str(),
            longer.as_str(),
            numbered_long.as_str(),
            numbered_longer.as_str(),
            very_long.as_str(),
            very_long_cut.as_str(),
            mid.as_str(),
            numbered_mid.as_str(),
            numbered_mid_more.as_str(),
        ]);
        for a in &all {
            for b in &all {
                let (cell, pat) = (Label::new(a), Label::new(b));
                assert_eq!(
                    cell.starts_with_pattern(&pat),
                    cell.score(&pat).is_some_and(|s| s >= 500),
                    "{a:?} against {b:?}"
                );
            }
        }
    }

    #[test]
    fn labels_for_matching_match_as_made_by_new() {
        let long = "甲".repeat(400);
        let texts = [
            "",
            "其他",
            "其他（含…）",
            "其他法律行政法规禁止公开",
            "（一）予以公开",
            "(二)予以公开",
            "三本年度办理结果",
            "三、本年度办理结果",
            "四 结转下年度继续办理",
            "1.属于国家秘密",
            "2.属于国家秘密",
            "行政机关不再处理其政府信息公",
            "行政机关不再处理其政府信息公开申请",
            "一",
            "3件",
            long.as_str(),
        ];
        for a in texts {
            let (plain, quick) = (Label::new(a), Label::for_matching(a));
            assert_eq!(quick.numbering(), plain.numbering(), "{a:?}");
            assert_eq!(quick.body(), plain.body(), "{a:?}");
            assert_eq!(quick.first_chars(), plain.first_chars(), "{a:?}");
            assert_eq!(quick.body_chars(), plain.body_chars(), "{a:?}");
            assert!(quick.text.is_empty());
            for b in texts {
                let (pat, quick_pat) = (Label::new(b), Label::for_matching(b));
                for (cell, p) in [(&quick, &pat), (&plain, &quick_pat), (&quick, &quick_pat)] {
                    assert_eq!(cell.score(p), plain.score(&pat), "{a:?} against {b:?}");
                    assert_eq!(
                        cell.starts_with_pattern(p),
                        plain.starts_with_pattern(&pat),
                        "{a:?} against {b:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn scores_order_matches() {
        let pat = Label::new("（二）部分公开");
        let exact = Label::new("(二)部分公开").score(&pat).unwrap();
        let longer = Label::new("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
            .score(&pat)
            .unwrap();
        assert!(exact > longer);
        let cut = Label::new("行政机关不再处理其政府信息公");
        let full = Label::new("行政机关不再处理其政府信息公开申请");
        assert!(cut.score(&full).is_some());
        let reworded = Label::new("2.其他法律法规禁止公开");
        assert!(reworded
            .score(&Label::new("2.其他法律行政法规禁止公开"))
            .is_some());
        assert!(Label::new("规章")
            .score(&Label::new("行政规范性文件"))
            .is_none());
        assert!(Label::new("2.其他法律行政法规禁")
            .score(&Label::new("3.其他"))
            .is_none());
        assert!(Label::new("其他（含…）")
            .score(&Label::new("其他"))
            .is_some());
        assert!(Label::new("三本年度办理结果")
            .score(&Label::new("三、本年度办理结果"))
            .is_some());
        let wrong_mark = Label::new("2.属于国家秘密")
            .score(&Label::new("1.属于国家秘密"))
            .unwrap();
        assert!(
            wrong_mark
                < Label::new("1.属于国家秘密")
                    .score(&Label::new("1.属于国家秘密"))
                    .unwrap()
        );
    }
}
