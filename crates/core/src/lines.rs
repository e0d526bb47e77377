//! Lines of a document, each with its place in the text.

use crate::span::Span;

/// One line of the decoded text, without its line ending (`\n` or `\r\n`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line<'t> {
    /// The line's text, without `\r\n` or `\n`.
    pub text: &'t str,
    /// Byte offset of the line's first byte in the document.
    pub start: usize,
    /// Line number, starting at 1.
    pub number: u32,
    /// [`Line::is_blank`], worked out once (every layout asks).
    blank: bool,
    /// [`Line::is_stray`], worked out once.
    stray: bool,
}

impl<'t> Line<'t> {
    /// A line of `text` starting at byte `start` of the document.
    #[inline]
    pub fn new(text: &'t str, start: usize, number: u32) -> Line<'t> {
        let (blank, stray) = flags(text);
        Line {
            text,
            start,
            number,
            blank,
            stray,
        }
    }

    /// The span of the whole line (without its ending).
    pub fn span(&self) -> Span {
        Span::new(self.start, self.start + self.text.len())
    }

    /// Whether the line holds only white space (a tab counts as content: in
    /// the broken-line layout a lone tab is an empty cell).
    pub fn is_blank(&self) -> bool {
        self.blank
    }

    /// Whether the line is stray ([`is_stray`]: a lone `、`, a page footer).
    pub fn is_stray(&self) -> bool {
        self.stray
    }

    /// The span of `sub`, which must be a subslice of `self.text`.
    pub fn span_of(&self, sub: &str) -> Span {
        let offset = sub.as_ptr() as usize - self.text.as_ptr() as usize;
        debug_assert!(offset + sub.len() <= self.text.len());
        Span::new(self.start + offset, self.start + offset + sub.len())
    }
}

/// Whether a line holds only white space, a tab not counted as such
/// ([`Line::is_blank`]).
fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() && c != '\t')
}

/// [`is_blank`] and [`is_stray`] of a line, told by the first character
/// after its tabs when that is not trimmed (so not white space: the line is
/// not blank) and starts no stray line. Most lines start with printable
/// ASCII or a CJK ideograph (lead byte E4..E9), told by their first byte
/// here; the others go to [`flags_by_char`]. Tested against both over every
/// character.
#[inline]
fn flags(text: &str) -> (bool, bool) {
    let b = text.as_bytes();
    let mut tabs = 0;
    while b.get(tabs) == Some(&b'\t') {
        tabs += 1;
    }
    match b.get(tabs) {
        // empty, or tabs only: a tab is not blank, and trimmed from a stray line
        None => (tabs == 0, false),
        Some(&c @ 0x21..=0x7E) if !may_lead_stray(c) => (false, false),
        // of the ideographs, only `第` may start a stray line
        Some(0xE4..=0xE9) if b.get(tabs..tabs + 3) != Some("第".as_bytes()) => (false, false),
        _ => flags_by_char(text, tabs),
    }
}

/// [`flags`] of a line whose first byte after `tabs` tabs does not tell.
#[inline(never)]
fn flags_by_char(text: &str, tabs: usize) -> (bool, bool) {
    match text.get(tabs..).and_then(|t| t.chars().next()) {
        Some(c) if !trimmed(c) && !may_start_stray(c) => (false, false),
        // a footer `第 3 页` has a digit first after `第` (dashes and white
        // space aside); `第二十条…`, a table's row, has not
        Some('第')
            if !text[tabs + '第'.len_utf8()..]
                .chars()
                .find(|&c| !is_dash(c) && !c.is_whitespace())
                .is_some_and(|c| c.is_ascii_digit()) =>
        {
            (false, false)
        }
        _ => (is_blank(text), is_stray(text)),
    }
}

/// Splits `text` into lines. A final line ending does not start an empty line.
pub fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::with_capacity(text.len() / 24 + 1);
    let mut start = 0;
    let mut number = 1;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        let raw = &text[start..end];
        lines.push(Line::new(
            raw.strip_suffix('\r').unwrap_or(raw),
            start,
            number,
        ));
        start = end + 1;
        number += 1;
    }
    if start < text.len() {
        let raw = &text[start..];
        lines.push(Line::new(
            raw.strip_suffix('\r').unwrap_or(raw),
            start,
            number,
        ));
    }
    lines
}

/// [`split_lines`] of a text whose lines are already found: `starts` holds
/// `0` and the offset after every `\n` ([`crate::span::LineIndex`]), so
/// the text is not searched again. The same lines (tested).
pub(crate) fn lines_at<'t>(text: &'t str, starts: &[u32]) -> Vec<Line<'t>> {
    let mut lines = Vec::with_capacity(starts.len());
    for (i, &start) in starts.iter().enumerate() {
        let start = start as usize;
        // a final line ending starts no empty line
        if start >= text.len() {
            break;
        }
        let end = starts
            .get(i + 1)
            .map_or(text.len(), |&next| next as usize - 1);
        // without a `\r` before the line ending
        let end = end - usize::from(end > start && text.as_bytes()[end - 1] == b'\r');
        lines.push(Line::new(
            text.get(start..end).unwrap_or_default(),
            start,
            i as u32 + 1,
        ));
    }
    lines
}

/// Whether [`trim_cell`] takes `c` away at either end of a text.
#[inline]
pub(crate) fn trimmed(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Trims white space (Unicode `White_Space`, which includes the ideographic
/// and no-break spaces) and zero-width characters from both ends.
#[inline]
pub fn trim_cell(s: &str) -> &str {
    // most cells start and end with a printable ASCII character or a CJK
    // ideograph (lead byte E4..E9), which is never trimmed, or are empty:
    // told here, the others trimmed out of line
    match plain_ends(s.as_bytes()) {
        (true, true) => s,
        _ if s.is_empty() => s,
        _ => trim_cell_slow(s),
    }
}

/// Whether `b` starts, and whether it ends, with a character [`trim_cell`]
/// never trims, told by its bytes: a printable ASCII one, a CJK ideograph
/// (lead byte E4..E9), a full-width form U+FF00..U+FF7F such as `２` or `（`
/// (EF BC, EF BD; U+FEFF, trimmed, is EF BB BF), or a dash or quote
/// U+2010..U+2027 such as `—` or `”` (E2 80 90..A7; the spaces U+2000..U+200D
/// before them and U+2028 after are trimmed).
#[inline]
fn plain_ends(b: &[u8]) -> (bool, bool) {
    let start = matches!(
        b,
        [0x21..=0x7E | 0xE4..=0xE9, ..] | [0xEF, 0xBC | 0xBD, ..] | [0xE2, 0x80, 0x90..=0xA7, ..]
    );
    let end = matches!(
        b,
        [.., 0x21..=0x7E]
            | [.., 0xE4..=0xE9, _, _]
            | [.., 0xEF, 0xBC | 0xBD, _]
            | [.., 0xE2, 0x80, 0x90..=0xA7]
    );
    (start, end)
}

/// [`trim_cell`] of a text that does not both start and end plainly: ASCII
/// white space (a space or padding left by a converter, one byte each) taken
/// off by byte first, then what is left by character where an end is still
/// not plain. A text trimmed away whole is the empty slice at its start, as
/// `str::trim_matches` gives it.
#[inline(never)]
fn trim_cell_slow(s: &str) -> &str {
    let b = s.as_bytes();
    let space = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    let Some(from) = b.iter().position(|c| !space(c)) else {
        return &s[..0];
    };
    let to = b.len() - b.iter().rev().take_while(|c| space(c)).count();
    // white space bytes are characters of their own: the cuts fall between
    // characters
    let t = &s[from..to];
    let t = match plain_ends(t.as_bytes()) {
        (true, true) => t,
        (true, false) => t.trim_end_matches(trimmed),
        (false, true) => t.trim_start_matches(trimmed),
        (false, false) => t.trim_matches(trimmed),
    };
    if t.is_empty() {
        &s[..0]
    } else {
        t
    }
}

/// Whether a line is stray: it holds only punctuation (the lone `、` a PDF
/// converter leaves at a page edge) or a page number such as `— 4 —`.
pub fn is_stray(s: &str) -> bool {
    // most lines start, after ASCII spaces and tabs (trimmed), with a
    // character never trimmed (printable ASCII, a CJK ideograph: lead byte
    // E4..E9) that no stray line starts with: rejected by that byte,
    // untrimmed
    let Some(&b) = s.as_bytes().iter().find(|&&c| c != b' ' && c != b'\t') else {
        // nothing but spaces and tabs: trimmed away
        return false;
    };
    if matches!(b, 0x21..=0x7E | 0xE4..=0xE9) && !may_lead_stray(b) {
        return false;
    }
    let t = trim_cell(s);
    // the others by their first character
    t.chars().next().is_some_and(may_start_stray) && is_stray_trimmed(t)
}

/// Whether a character that [`may_start_stray`] may start with byte `b`
/// (the ASCII ones themselves, or the lead byte of the others). Tested
/// against every character.
fn may_lead_stray(b: u8) -> bool {
    matches!(
        b,
        b',' | b'.' | b';' | b':' | b'-' | 0xC2 | 0xE2 | 0xE3 | 0xE7 | 0xEF
    )
}

fn is_punct(c: char) -> bool {
    matches!(
        c,
        '、' | '，' | '。' | ',' | '.' | ';' | '；' | ':' | '：' | '·' | '•'
    )
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '—' | '–' | '－')
}

/// Whether a stray line may start with `c`: punctuation, a dash, or `第`
/// (a footer without dashes). Tested against [`is_stray_trimmed`].
fn may_start_stray(c: char) -> bool {
    is_punct(c) || is_dash(c) || c == '第'
}

/// [`is_stray`] of a trimmed text.
fn is_stray_trimmed(t: &str) -> bool {
    if t.is_empty() {
        return false;
    }
    if t.chars().all(is_punct) {
        return true;
    }
    // a footer is short; a long line need not be copied to be sure
    if t.len() > 64 {
        return false;
    }
    // page footers: "— 4 —", "- 12 -", "第 3 页"
    // a dash on both sides: "-12" alone is a negative number, not a footer
    let has_dash = t.starts_with(is_dash) && t.ends_with(is_dash) && t.chars().count() > 2;
    // the text without dashes and white space (not collected: every line of
    // every region is tested)
    let core = || t.chars().filter(|&c| !is_dash(c) && !c.is_whitespace());
    let mut first = core();
    let Some(head) = first.next() else {
        return false;
    };
    (has_dash && head.is_ascii_digit() && first.all(|c| c.is_ascii_digit()))
        || (head == '第'
            && core().next_back() == Some('页')
            && core().take(7).count() <= 6
            && core().nth(1).is_some_and(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`trim_cell`] as it was before white space bytes were taken off by
    /// byte: told plain by its first and last bytes, or trimmed by character.
    fn trim_cell_by_char(s: &str) -> &str {
        let b = s.as_bytes();
        let plain_start = b
            .first()
            .is_some_and(|c| matches!(c, 0x21..=0x7E | 0xE4..=0xE9));
        let plain_end = match b {
            [.., c] if (0x21..=0x7E).contains(c) => true,
            [.., lead, _, _] => (0xE4..=0xE9).contains(lead),
            _ => false,
        };
        match (plain_start, plain_end) {
            (true, true) => s,
            (true, false) => s.trim_end_matches(trimmed),
            (false, true) => s.trim_start_matches(trimmed),
            (false, false) => s.trim_matches(trimmed),
        }
    }

    #[test]
    fn plain_ends_are_never_trimmed() {
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            let s = c.to_string();
            let (start, end) = plain_ends(s.as_bytes());
            assert_eq!(start, end, "{:X}", c as u32);
            if start {
                assert!(!trimmed(c), "{:X}", c as u32);
            }
            // told by the character alone, whatever stands beside it
            for t in [format!("{c}中"), format!("{c}\u{200B}")] {
                assert_eq!(plain_ends(t.as_bytes()).0, start, "{t:?}");
            }
            for t in [format!("中{c}"), format!("\u{200B}{c}")] {
                assert_eq!(plain_ends(t.as_bytes()).1, end, "{t:?}");
            }
        }
    }

    #[test]
    fn trim_cell_agrees_with_trimming_by_character() {
        let parts = [
            "", " ", "  ", "\t", "\r", "\n", "\u{B}", "\u{C}", "\u{1F}", "a", "0", "中", "é",
            "\u{3000}", "\u{A0}", "\u{200B}", "\u{2060}", "\u{FEFF}", "（", "—", "２", "|",
            "\u{2028}", "\u{2027}", "\u{2010}", "\u{200D}", "\u{FF80}", "\u{FF00}",
        ];
        for text in crate::layout::every_text(&parts, 4) {
            let (fast, slow) = (trim_cell(&text), trim_cell_by_char(&text));
            assert_eq!(fast, slow, "{text:?}");
            // the same slice of the text, not an equal one elsewhere
            assert_eq!(fast.as_ptr(), slow.as_ptr(), "{text:?}");
        }
    }

    #[test]
    fn trim_cell_agrees_with_trimming_every_character() {
        let slow = |s: &str| -> String {
            s.trim_matches(|c: char| {
                c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
            })
            .to_owned()
        };
        for c in (0..0x3_0000u32).filter_map(char::from_u32) {
            for s in [
                c.to_string(),
                format!("{c}中{c}"),
                format!("a{c}"),
                format!("{c}b"),
                format!(" 中{c}"),
            ] {
                assert_eq!(trim_cell(&s), slow(&s), "{:X}", c as u32);
            }
        }
    }

    #[test]
    fn stray_characters_lead_as_the_byte_prefilter_says() {
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            if may_start_stray(c) {
                let lead = c.to_string().as_bytes()[0];
                assert!(may_lead_stray(lead), "{:X}", c as u32);
            }
        }
    }

    #[test]
    fn stray_agrees_with_trimming_first() {
        let slow = |s: &str| {
            let t = trim_cell(s);
            t.chars().next().is_some_and(may_start_stray) && is_stray_trimmed(t)
        };
        let parts = [
            "", " ", "\t", "、", "—", "-", "4", "第", "页", "a", "中", "\u{3000}", "。", ",",
        ];
        for text in crate::layout::every_text(&parts, 4) {
            assert_eq!(is_stray(&text), slow(&text), "{text:?}");
        }
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            for text in [c.to_string(), format!("{c} 4 —"), format!("{c}、")] {
                assert_eq!(is_stray(&text), slow(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn flags_agree_with_the_plain_tests() {
        let plain = |t: &str| (is_blank(t), is_stray(t));
        let parts = [
            "", " ", "\t", "、", "—", "-", ".", "4", "第", "页", "a", "中", "\u{3000}", "。", ",",
            "\u{FEFF}", "（", "\r", "\u{A0}",
        ];
        for text in crate::layout::every_text(&parts, 4) {
            assert_eq!(flags(&text), plain(&text), "{text:?}");
        }
        // every character first, after tabs, before what makes a line stray
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            for text in [
                c.to_string(),
                format!("\t{c}"),
                format!("\t\t{c} 4 —"),
                format!("{c}、"),
                format!("{c}3页"),
                format!("{c}第3页"),
                format!("{c}—4—"),
                format!("{c}\u{3000}"),
            ] {
                assert_eq!(flags(&text), plain(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn footer_lines_after_di_agree_with_the_plain_tests() {
        let plain = |t: &str| (is_blank(t), is_stray(t));
        let parts = [
            "", " ", "\t", "—", "-", "4", "12", "页", "二", "\u{3000}", "\u{200B}", "a", "第",
        ];
        let (mut stray, mut footers) = (0, 0);
        for lead in ["第", "\t第", "\t\t第"] {
            for rest in crate::layout::every_text(&parts, 4) {
                let text = format!("{lead}{rest}");
                let want = plain(&text);
                assert_eq!(flags(&text), want, "{text:?}");
                stray += usize::from(want.1);
                footers += 1;
            }
        }
        assert!(
            stray > 500 && footers > 50_000,
            "{stray} stray of {footers}"
        );
    }

    #[test]
    fn lines_keep_offsets() {
        let text = "a\r\n\tb\n\nc";
        let lines = split_lines(text);
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0].text, "a");
        assert_eq!(lines[1].text, "\tb");
        assert_eq!(&text[lines[1].span().range()], "\tb");
        assert!(lines[2].is_blank());
        assert!(!Line::new("\t", 0, 1).is_blank());
        assert_eq!(lines[3].number, 4);
        let sub = &lines[1].text[1..];
        assert_eq!(&text[lines[1].span_of(sub).range()], "b");
    }

    #[test]
    fn stray_lines_start_as_the_prefilter_says() {
        // lines of every shape `is_stray_trimmed` accepts, behind every
        // first character that trimming keeps: those the prefilter rejects
        // are never stray
        for c in (0..0x3_0000u32).filter_map(char::from_u32) {
            if may_start_stray(c) || trim_cell(&c.to_string()).is_empty() {
                continue;
            }
            for s in [
                c.to_string(),
                format!("{c}、"),
                format!("{c}3{c}"),
                format!("{c} 4 —"),
                format!("{c}3页"),
                format!("{c}第3页"),
                format!("{c}—4—"),
            ] {
                assert!(!is_stray_trimmed(&s), "{:X} {s:?}", c as u32);
            }
        }
        for s in ["、", "— 4 —", "-12-", "第3页", "－5－"] {
            assert!(is_stray_trimmed(s) && may_start_stray(s.chars().next().unwrap()));
        }
    }

    #[test]
    fn stray_lines() {
        assert!(is_stray("、"));
        assert!(is_stray(" — 4 — "));
        assert!(is_stray("第3页"));
        assert!(!is_stray("0"));
        assert!(!is_stray("-"));
        assert!(!is_stray("-12"));
        assert!(!is_stray("——"));
        assert!(!is_stray("(三)不予公开"));
    }

    #[test]
    fn lines_at_known_starts_are_the_split_lines() {
        let mut texts: Vec<String> = [
            "",
            "\n",
            "a",
            "a\n",
            "a\r\n",
            "\r\n\r\n",
            "a\nb",
            "a\n\nb\r\n\r",
            "\r",
            "中\r\n文",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        texts.extend(crate::testing::sample_reports(5));
        for t in &texts {
            let index = crate::span::LineIndex::new(t);
            assert_eq!(lines_at(t, index.starts()), split_lines(t), "{t:?}");
        }
    }
}
