//! The normalized view of a text, used for matching.
//!
//! Reports mix full-width and half-width forms freely: `（一）` and `(一)`,
//! `１２` and `12`, `、`, `．` and `.` as list marks, curly and straight quotes,
//! ideographic, no-break and zero-width spaces. Matching folds all of them to
//! one form ([`fold_char`]); [`NormText`] keeps, for every byte of the folded
//! text, the offset of the original character it came from, so any match maps
//! back to a [`Span`] of the original text.
//!
//! Folding is idempotent: `fold(fold(s)) == fold(s)` (tested).

use crate::span::Span;

/// What one character folds to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fold {
    /// The character stays as it is.
    Keep,
    /// The character is replaced.
    To(char),
    /// The character is removed (zero-width characters, `\r`).
    Drop,
}

/// How `c` folds in the matching view.
///
/// - full-width ASCII `！`..`～` (U+FF01..U+FF5E) to ASCII, so `（）` become `()`,
///   `．` becomes `.`, `１` becomes `1`;
/// - the list mark `、` to `.`, so `一、`, `一．` and `一.` match alike;
/// - curly double quotes to `"`, curly single quotes to `'`;
/// - en and em dashes and the minus sign to `-`;
/// - ideographic, no-break and other wide spaces to a space;
/// - zero-width spaces and joiners, the byte order mark and `\r` are dropped.
#[inline]
pub fn fold_char(c: char) -> Fold {
    match c {
        '\u{FF01}'..='\u{FF5E}' => Fold::To(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
        '、' => Fold::To('.'),
        '“' | '”' | '„' | '″' | '〃' => Fold::To('"'),
        '‘' | '’' | '′' => Fold::To('\''),
        '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => Fold::To('-'),
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => {
            Fold::To(' ')
        }
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\r' => Fold::Drop,
        _ => Fold::Keep,
    }
}

/// Every character that [`label_key`] writes as `f`: `f` itself when it
/// folds to itself, and the characters [`fold_char`] replaces by it. White
/// space has none (the key drops it). Checked against every character.
pub(crate) fn fold_sources(f: char) -> Vec<char> {
    let mut v = Vec::new();
    if folded(f, true) == Some(f) {
        v.push(f);
    }
    if ('\u{21}'..='\u{7E}').contains(&f) {
        // its full-width form
        v.extend(char::from_u32(f as u32 + 0xFEE0));
    }
    match f {
        '.' => v.push('、'),
        '"' => v.extend(['“', '”', '„', '″', '〃']),
        '\'' => v.extend(['‘', '’', '′']),
        '-' => v.extend(['\u{2012}', '\u{2013}', '\u{2014}', '\u{2015}', '\u{2212}']),
        _ => {}
    }
    v
}

/// Whether [`label_key`]`(s)` starts with `key`, folding only as much of
/// `s` as the comparison needs.
pub(crate) fn key_starts_with(s: &str, key: &str) -> bool {
    // the bytes the text shares with the key are characters that fold to
    // themselves (a key holds only such): compared as bytes, up to the
    // last whole character
    let (b, k) = (s.as_bytes(), key.as_bytes());
    let mut at = common_prefix(b, k);
    if at == k.len() {
        return true;
    }
    while !key.is_char_boundary(at) {
        at -= 1;
    }
    // the text's character there differs from the key's (the bytes before
    // are the same whole characters): one that folds to itself settles it
    if b.get(at).is_some_and(|&x| plain_len(x).is_some()) {
        return false;
    }
    let key = k;
    for c in s.get(at..).unwrap_or_default().chars() {
        if at == key.len() {
            return true;
        }
        let Some(d) = folded(c, true) else {
            continue;
        };
        let mut buf = [0u8; 4];
        let d = d.encode_utf8(&mut buf).as_bytes();
        if key.get(at..at + d.len()) != Some(d) {
            return false;
        }
        at += d.len();
    }
    at == key.len()
}

/// Whether [`label_key`]`(s)` ends with `key`, folding only as much of the
/// end of `s` as the comparison needs (the mirror of [`key_starts_with`]).
pub(crate) fn key_ends_with(s: &str, key: &str) -> bool {
    // the bytes the text's end shares with the key's are characters that
    // fold to themselves: compared as bytes, back to the first whole
    // character of the key
    let (b, k) = (s.as_bytes(), key.as_bytes());
    let mut same = common_suffix(b, k);
    if same == k.len() {
        return true;
    }
    while !key.is_char_boundary(k.len() - same) {
        same -= 1;
    }
    // the text's character ending there differs from the key's (the bytes
    // after are the same whole characters): one that folds to itself
    // settles it
    let end = b.len() - same;
    if plain_before(b, end).is_some() {
        return false;
    }
    let mut rest = k.len() - same; // the key's bytes still to meet, `k[..rest]`
    for c in s.get(..end).unwrap_or_default().chars().rev() {
        if rest == 0 {
            return true;
        }
        let Some(d) = folded(c, true) else {
            continue;
        };
        let mut buf = [0u8; 4];
        let d = d.encode_utf8(&mut buf).as_bytes();
        if rest < d.len() || k[rest - d.len()..rest] != *d {
            return false;
        }
        rest -= d.len();
    }
    rest == 0
}

/// Eight bytes of `b` from `at` as a number, the first byte lowest.
#[inline]
fn word(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

/// How many bytes `a` and `b` share at the start (compared eight at a time).
#[inline]
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        let x = word(a, i) ^ word(b, i);
        if x != 0 {
            // the lowest differing byte is the first
            return i + x.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// How many bytes `a` and `b` share at the end (compared eight at a time).
#[inline]
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        let x = word(a, a.len() - i - 8) ^ word(b, b.len() - i - 8);
        if x != 0 {
            // the highest differing byte is the last
            return i + x.leading_zeros() as usize / 8;
        }
        i += 8;
    }
    while i < n && a[a.len() - 1 - i] == b[b.len() - 1 - i] {
        i += 1;
    }
    i
}

/// The bytes of one character packed in a number, the first byte highest:
/// two characters are the same exactly when their codes are.
#[inline]
pub(crate) fn char_code(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0, |code, &x| code << 8 | u32::from(x))
}

/// The code ([`char_code`]) of the character of `b` starting at `at`, when
/// it is plain ([`plain_len`]: it folds to itself and is no white space).
#[inline]
pub(crate) fn plain_at(b: &[u8], at: usize) -> Option<u32> {
    let first = *b.get(at)?;
    match plain_len(first)? {
        1 => Some(u32::from(first)),
        _ => Some(
            u32::from(first) << 16 | u32::from(*b.get(at + 1)?) << 8 | u32::from(*b.get(at + 2)?),
        ),
    }
}

/// The code ([`char_code`]) of the character of `b` ending at `end` (a
/// character boundary), when it is plain ([`plain_len`]).
#[inline]
pub(crate) fn plain_before(b: &[u8], end: usize) -> Option<u32> {
    let last = *b.get(end.checked_sub(1)?)?;
    if plain_len(last) == Some(1) {
        return Some(u32::from(last));
    }
    // a continuation byte: a plain character of three bytes starts two
    // bytes before it, or the character is not plain
    let start = end.checked_sub(3)?;
    (plain_len(b[start]) == Some(3))
        .then(|| u32::from(b[start]) << 16 | u32::from(b[start + 1]) << 8 | u32::from(last))
}

/// Folds `s` into a new string (see [`fold_char`]).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Folds `s`, appending to `out`.
pub fn fold_into(s: &str, out: &mut String) {
    fold_runs(s, out, false);
}

/// Folds `s` and removes all white space: the key used to compare labels, so
/// that `结果 维持`, `结果维持` and `结果\u{3000}维持` compare equal.
pub fn label_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_runs(s, &mut out, true);
    out
}

/// The length of the character starting with byte `b` when that character
/// is certain to fold to itself and is no white space: printable ASCII, and
/// the CJK ideographs U+4000..U+9FFF (lead bytes E4..E9). Most of a report
/// is made of them, so they are copied in runs, not decoded one by one.
#[inline]
fn plain_len(b: u8) -> Option<usize> {
    match b {
        0x21..=0x7E => Some(1),
        0xE4..=0xE9 => Some(3),
        _ => None,
    }
}

/// What `c` becomes in the folded text ([`fold_char`]; white space dropped
/// when `drop_space`), if anything.
pub(crate) fn folded(c: char, drop_space: bool) -> Option<char> {
    let d = match fold_char(c) {
        Fold::Keep => c,
        Fold::To(d) => d,
        Fold::Drop => return None,
    };
    (!(drop_space && d.is_whitespace())).then_some(d)
}

/// Appends `s` folded to `out` (without white space when `drop_space`):
/// runs of characters that fold to themselves are copied whole; a run ends
/// only at a character that is dropped or replaced. Plain characters
/// ([`plain_len`]) and ASCII are decided from their first byte; the others
/// go through [`fold_char`].
fn fold_runs(s: &str, out: &mut String, drop_space: bool) {
    let b = s.as_bytes();
    let mut run = 0; // start of the current run of characters kept as they are
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if let Some(n) = plain_len(x) {
            i += n;
            continue;
        }
        if x < 0x80 {
            // ASCII white space and control characters fold to themselves,
            // except `\r` (dropped) and white space when `drop_space`
            let drop =
                x == b'\r' || (drop_space && matches!(x, b'\t' | b'\n' | 0x0B | 0x0C | b' '));
            if drop {
                out.push_str(&s[run..i]);
                run = i + 1;
            }
            i += 1;
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        let n = c.len_utf8();
        match folded(c, drop_space) {
            Some(d) if d == c => i += n,
            d => {
                out.push_str(&s[run..i]);
                i += n;
                run = i;
                if let Some(d) = d {
                    out.push(d);
                }
            }
        }
    }
    out.push_str(&s[run..]);
}

/// The span of `src` that the folded byte range `start..end` of `fold(src)`
/// came from: what [`NormText::original`] gives, without building the map
/// (one pass over `src`, no memory).
pub fn original_span(src: &str, start: usize, end: usize) -> Span {
    let b = src.as_bytes();
    let mut pos = 0; // offset in the folded text
    let mut s = None;
    let mut e = None;
    let mut i = 0;
    while i < b.len() {
        // the character's length and its folded length: ASCII (but `\r`,
        // dropped) and the ideographs of lead byte E4..E9 fold to
        // themselves, told by their first byte; the others decoded
        let (n, folded) = match b[i] {
            b'\r' => {
                i += 1;
                continue;
            }
            0..=0x7F => (1, 1),
            0xE4..=0xE9 => (3, 3),
            _ => {
                let Some(c) = src[i..].chars().next() else {
                    break;
                };
                let d = match fold_char(c) {
                    Fold::Keep => c,
                    Fold::To(d) => d,
                    Fold::Drop => {
                        i += c.len_utf8();
                        continue;
                    }
                };
                (c.len_utf8(), d.len_utf8())
            }
        };
        let next = pos + folded;
        if s.is_none() && start < next {
            s = Some(i);
        }
        if end > pos && end <= next {
            e = Some(i + n);
        }
        if e.is_some() && s.is_some() {
            break;
        }
        pos = next;
        i += n;
    }
    let s = s.unwrap_or(src.len());
    let e = if end == 0 || end <= start {
        s
    } else {
        e.unwrap_or(src.len())
    };
    Span::new(s, e)
}

/// A folded copy of a text that maps back to the original.
#[derive(Clone, Debug)]
pub struct NormText {
    /// The folded text.
    pub text: String,
    /// For each byte of `text`, the original offset of the character it came
    /// from; one more entry holds the original end.
    map: Vec<u32>,
    /// For each byte of `text`, the original offset just past that character.
    ends: Vec<u32>,
}

impl NormText {
    /// Folds `src`. Offsets in the result map into `src`, shifted by `base`
    /// (pass the offset of `src` within the whole document, or 0).
    pub fn new(src: &str, base: usize) -> NormText {
        let mut text = String::with_capacity(src.len());
        let mut map = Vec::with_capacity(src.len() + 1);
        let mut ends = Vec::with_capacity(src.len());
        for (i, c) in src.char_indices() {
            let start = (base + i) as u32;
            let end = start + c.len_utf8() as u32;
            let pushed = match fold_char(c) {
                Fold::Keep => c,
                Fold::To(d) => d,
                Fold::Drop => continue,
            };
            text.push(pushed);
            for _ in 0..pushed.len_utf8() {
                map.push(start);
                ends.push(end);
            }
        }
        map.push((base + src.len()) as u32);
        NormText { text, map, ends }
    }

    /// The original span of the folded byte range `start..end`.
    /// Both ends must lie on character boundaries of [`NormText::text`].
    /// Offsets past the end are clamped (never a panic).
    pub fn original(&self, start: usize, end: usize) -> Span {
        // `map` always holds the end entry, so it is never empty
        let s = self.map[start.min(self.map.len() - 1)];
        let e = if end == 0 || end <= start {
            s
        } else {
            self.ends
                .get(end - 1)
                .or(self.ends.last())
                .copied()
                .unwrap_or(s)
        };
        Span { start: s, end: e }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_widths_and_marks() {
        assert_eq!(fold("（一）予以公开"), "(一)予以公开");
        assert_eq!(fold("一、总体情况"), "一.总体情况");
        assert_eq!(fold("１２３，４５６"), "123,456");
        assert_eq!(fold("危及“三安全一稳定”"), "危及\"三安全一稳定\"");
        assert_eq!(fold("a\u{200B}b\r\n"), "ab\n");
        assert_eq!(fold("\u{3000}\u{00A0}"), "  ");
        assert_eq!(label_key("结果 维持"), "结果维持");
        assert_eq!(label_key("结果\u{3000}维持"), "结果维持");
    }

    #[test]
    fn runs_fold_every_character_as_fold_char_does() {
        // one character at a time, no runs
        let naive = |s: &str, drop_space: bool| -> String {
            s.chars().filter_map(|c| folded(c, drop_space)).collect()
        };
        // every character of the basic plane and some beyond, alone and
        // between plain characters
        let chars = (0..0x3_0000u32).filter_map(char::from_u32);
        for c in chars {
            for s in [c.to_string(), format!("a{c}中"), format!("中{c}{c}b")] {
                assert_eq!(fold(&s), naive(&s, false), "{:X}", c as u32);
                assert_eq!(label_key(&s), naive(&s, true), "{:X}", c as u32);
            }
        }
    }

    #[test]
    fn fold_sources_are_every_character_that_folds_to_one() {
        // every character, by what it becomes in a key
        let mut by_folded: std::collections::HashMap<char, Vec<char>> = Default::default();
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            if let Some(d) = folded(c, true) {
                by_folded.entry(d).or_default().push(c);
            }
        }
        for (d, mut sources) in by_folded {
            let mut listed = fold_sources(d);
            sources.sort_unstable();
            listed.sort_unstable();
            assert_eq!(listed, sources, "{:X}", d as u32);
        }
        // a character no character folds to has none
        assert!(fold_sources(' ').is_empty());
        assert!(fold_sources('、').is_empty());
        assert!(fold_sources('\u{FF10}').is_empty());
    }

    #[test]
    fn key_starts_with_is_the_key_starting_with() {
        let texts = [
            "本年制发件数",
            "本年 制发\n件数\t0",
            "本年\u{3000}制\u{200B}发件数",
            "本年制发件",
            "指２０１９年事项数",
            "指2019年事项数",
            "（一）予以公开",
            "",
            "\r\n",
            "本",
            "本年收到件数",
            "本x制发",
            "指2018年事项数",
            "指２０１８年",
            "(二)予以公开",
            "（一）不予",
            "本年制发件數",
            "本年制发\u{3000}件数1",
        ];
        let keys = [
            "本年制发件数",
            "本年制发",
            "指2019年",
            "(一)予以",
            "本",
            "本年制发件数0",
        ];
        for t in texts {
            for i in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                let s = &t[i..];
                for k in keys {
                    assert_eq!(
                        key_starts_with(s, k),
                        label_key(s).starts_with(k),
                        "{s:?} {k:?}"
                    );
                }
            }
        }
    }

    /// `original_span` as it was written first: every character decoded
    /// and folded.
    fn original_span_plain(src: &str, start: usize, end: usize) -> Span {
        let mut pos = 0;
        let mut s = None;
        let mut e = None;
        for (i, c) in src.char_indices() {
            let d = match fold_char(c) {
                Fold::Keep => c,
                Fold::To(d) => d,
                Fold::Drop => continue,
            };
            let next = pos + d.len_utf8();
            if s.is_none() && start < next {
                s = Some(i);
            }
            if end > pos && end <= next {
                e = Some(i + c.len_utf8());
            }
            if e.is_some() && s.is_some() {
                break;
            }
            pos = next;
        }
        let s = s.unwrap_or(src.len());
        let e = if end == 0 || end <= start {
            s
        } else {
            e.unwrap_or(src.len())
        };
        Span::new(s, e)
    }

    #[test]
    fn original_span_agrees_with_folding_every_character() {
        let parts = [
            "a", "\r", "\n", "中", "、", "（", "\u{200B}", "\u{3000}", "—", "𠀀", "é",
        ];
        let mut texts = crate::layout::every_text(&parts, 3);
        texts.extend(crate::testing::sample_reports(2).into_iter().map(|t| {
            let mut cut = t.len().min(600);
            while !t.is_char_boundary(cut) {
                cut -= 1;
            }
            t[..cut].to_owned()
        }));
        let mut spans = 0;
        // every character, between plain ones
        for c in (0..0x3_0000u32).filter_map(char::from_u32) {
            let src = format!("中{c}a{c}");
            let n = fold(&src).len();
            for a in 0..=n {
                for b in [a, a + 1, a + 3, n] {
                    assert_eq!(
                        original_span(&src, a, b),
                        original_span_plain(&src, a, b),
                        "{src:?} {a} {b}"
                    );
                }
            }
        }
        for src in &texts {
            let n = fold(src).len();
            for a in 0..=n + 1 {
                for b in [a, a + 1, a + 3, a + 4, a + 7, n, n + 2] {
                    assert_eq!(
                        original_span(src, a, b),
                        original_span_plain(src, a, b),
                        "{src:?} {a} {b}"
                    );
                    spans += 1;
                }
            }
        }
        assert!(spans > 100_000, "only {spans} spans");
    }

    #[test]
    fn key_ends_with_is_the_key_ending_with() {
        let texts = [
            "本年制发件数",
            "0本年 制发\n件数",
            "本年\u{3000}制\u{200B}发件数",
            "年制发件数",
            "指２０１９年",
            "事项数指2019年",
            "（一）予以公开",
            "",
            "\r\n",
            "数",
            "本年收到件数",
            "本年制发件數",
            "1本年\u{3000}制发件数\u{FEFF}\r\n",
            "x\u{00A0}(一)予以",
            "(一)\t予以",
        ];
        let keys = [
            "本年制发件数",
            "件数",
            "指2019年",
            "(一)予以",
            "数",
            "0本年制发件数",
        ];
        let mut found = 0;
        for t in texts {
            for i in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                let s = &t[..i];
                for k in keys {
                    let ends = key_ends_with(s, k);
                    assert_eq!(ends, label_key(s).ends_with(k), "{s:?} {k:?}");
                    found += usize::from(ends);
                }
            }
        }
        assert!(found > 20, "{found}");
    }

    #[test]
    fn common_prefixes_and_suffixes_are_counted() {
        let naive_prefix = |a: &[u8], b: &[u8]| a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let naive_suffix = |a: &[u8], b: &[u8]| {
            a.iter()
                .rev()
                .zip(b.iter().rev())
                .take_while(|(x, y)| x == y)
                .count()
        };
        let base: Vec<u8> = (0..40u8).collect();
        let mut checked = 0;
        for len_a in 0..=base.len() {
            for len_b in [0, 1, 7, 8, 9, 16, 17, 25, 40] {
                let a = &base[..len_a];
                let b = &base[..len_b.min(40)];
                for diff in 0..len_b.min(40) {
                    let mut c = b.to_vec();
                    c[diff] ^= 0x80;
                    for (x, y) in [(a, b), (a, &c[..]), (&c[..], a)] {
                        assert_eq!(common_prefix(x, y), naive_prefix(x, y), "{x:?} {y:?}");
                        let (rx, ry): (Vec<u8>, Vec<u8>) = (
                            x.iter().rev().copied().collect(),
                            y.iter().rev().copied().collect(),
                        );
                        assert_eq!(
                            common_suffix(&rx, &ry),
                            naive_suffix(&rx, &ry),
                            "{rx:?} {ry:?}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 1000);
    }

    #[test]
    fn plain_characters_are_read_from_either_side() {
        let code = |c: char| char_code(c.encode_utf8(&mut [0; 4]).as_bytes());
        let mut plain = 0;
        for c in (0..0x3_0000u32).filter_map(char::from_u32) {
            let s = format!("中{c}a");
            let b = s.as_bytes();
            let (start, end) = (3, 3 + c.len_utf8());
            let read = plain_at(b, start);
            assert_eq!(read, plain_before(b, end), "{:X}", c as u32);
            if let Some(x) = read {
                // only a character that folds to itself and is no space
                assert_eq!(x, code(c), "{:X}", c as u32);
                assert_eq!(folded(c, true), Some(c), "{:X}", c as u32);
                plain += 1;
            }
        }
        // printable ASCII and the ideographs U+4000..U+9FFF
        assert_eq!(plain, 94 + 0x6000);
        assert_eq!(plain_at(b"", 0), None);
        assert_eq!(plain_before(b"", 0), None);
        assert_eq!(plain_before("中".as_bytes(), 3), Some(code('中')));
    }

    #[test]
    fn fold_is_idempotent() {
        let s = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\u{2003}０ — ‘x’";
        assert_eq!(fold(&fold(s)), fold(s));
    }

    #[test]
    fn maps_back_to_original() {
        let src = "xx（一）\u{200B}予以公开\r\n";
        let n = NormText::new(src, 10);
        let at = n.text.find("予以").unwrap();
        let span = n.original(at, at + "予以公开".len());
        assert_eq!(
            &src[span.start as usize - 10..span.end as usize - 10],
            "予以公开"
        );
        let at = n.text.find('(').unwrap();
        let span = n.original(at, at + 1);
        for (a, b) in [(0, 0), (at, at + 1), (2, 5), (3, 9), (0, n.text.len())] {
            let s = original_span(src, a, b);
            let t = n.original(a, b);
            assert_eq!((s.start + 10, s.end + 10), (t.start, t.end), "{a}..{b}");
        }
        assert_eq!(&src[span.start as usize - 10..span.end as usize - 10], "（");
    }
}
