//! Spans and positions.
//!
//! Every piece of text docgram reports on carries a [`Span`]: a pair of byte
//! offsets into the *decoded* document text (the `String` produced by
//! [`crate::text::decode`]). Byte offsets start at 0 and `start <= end`.
//! Offsets are `u32`, so a document is limited to 4 GiB of decoded text
//! ([`crate::text::MAX_INPUT_BYTES`] is far below that).
//!
//! [`LineIndex`] turns a byte offset into a [`Position`]: line numbers start at
//! 1, and columns start at 1 and count Unicode scalar values (characters), which
//! is what an editor shows for Chinese text.

use std::sync::OnceLock;

use serde::Serialize;

/// A half-open byte range `start..end` into the decoded document text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// Makes a span; `start` must not exceed `end`.
    ///
    /// # Panics
    ///
    /// Panics in debug builds when `start > end`.
    #[inline]
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span start {start} > end {end}");
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// An empty span at `at`.
    #[inline]
    pub fn empty(at: usize) -> Span {
        Span::new(at, at)
    }

    /// The span as a `usize` range, for slicing the document text.
    #[inline]
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    #[inline]
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start) as usize
    }

    /// Whether the span covers no bytes.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    #[inline]
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A 1-based line and column (column counted in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    /// Line number, starting at 1.
    pub line: u32,
    /// Column in characters, starting at 1.
    pub column: u32,
}

/// Room for `line:column` with two `u32`s: 10 digits, `:`, 10 digits.
pub const POSITION_TEXT_MAX: usize = 21;

impl Position {
    /// Writes `line:column` into `buf` and returns it, without allocating or
    /// going through the formatting machinery (output writes one per cell).
    pub fn text(self, buf: &mut [u8; POSITION_TEXT_MAX]) -> &str {
        let mut digits = itoa::Buffer::new();
        let line = digits.format(self.line).as_bytes();
        let n = line.len();
        buf[..n].copy_from_slice(line);
        buf[n] = b':';
        let column = digits.format(self.column).as_bytes();
        let end = n + 1 + column.len();
        buf[n + 1..end].copy_from_slice(column);
        // ASCII digits and a colon: always valid
        std::str::from_utf8(&buf[..end]).unwrap_or_default()
    }
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text(&mut [0; POSITION_TEXT_MAX]))
    }
}

/// Serializes a [`Position`] as the string `line:column`, the form of
/// positions in records (`"spans": {"key": "32:3"}`).
pub fn serialize_position<S: serde::Serializer>(p: &Position, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(p.text(&mut [0; POSITION_TEXT_MAX]))
}

/// Serializes positions as a sequence of `line:column` strings.
pub fn serialize_positions<S: serde::Serializer>(ps: &[Position], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(ps.len()))?;
    for p in ps {
        seq.serialize_element(&AsText(*p))?;
    }
    seq.end()
}

/// A [`Position`] that serializes as `line:column`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AsText(pub Position);

impl Serialize for AsText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_position(&self.0, s)
    }
}

/// Maps byte offsets of a text to line and column.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset where each line starts; `starts[0] == 0`.
    starts: Vec<u32>,
    /// Characters before each block of [`BLOCK`] bytes (its start moved back
    /// to a character boundary), made on the first position asked far into
    /// a long line: a column is then counted from the nearest block, not
    /// from the line's start (a document on one line has every field on it).
    blocks: OnceLock<Vec<u32>>,
}

/// Lines after its own a [`Cursor`] looks at one by one for a position on
/// a later line (more are looked for by doubling steps).
const NEAR_LINES: usize = 8;

/// Bytes a block of [`LineIndex`]'s character counts.
const BLOCK: usize = 4096;

/// The character boundary at or before `at`.
fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The number of characters in `bytes` (a text's, from a character
/// boundary to one): its bytes less its continuation bytes
/// (`0b10xx_xxxx`), eight bytes at a time. The gaps a [`Cursor`] counts
/// are short: this is cheaper there than `chars().count()`, which sets up
/// for long texts, and the text is not sliced (its boundaries checked
/// again).
fn count_chars(bytes: &[u8]) -> usize {
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    // one bit (bit 7 of its byte) per continuation byte of `w`, summed
    // byte-wise by a multiply: at most 8, in the top byte
    let continuations = |w: u64| ((w & !(w << 1) & HIGH) >> 7).wrapping_mul(ONES) >> 56;
    let n = bytes.len();
    if n < 8 {
        return bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
    }
    let word = |c: &[u8]| u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
    let mut chunks = bytes.chunks_exact(8);
    let mut cont = 0u64;
    for c in &mut chunks {
        cont += continuations(word(c));
    }
    let rest = chunks.remainder().len();
    if rest > 0 {
        // the last eight bytes, less the ones counted already (the low
        // bytes: the word is read little-endian)
        cont += continuations(word(&bytes[n - 8..]) >> (8 * (8 - rest)));
    }
    n - cont as usize
}

/// The number of characters in `text[from..to]` (`from <= to`, both
/// character boundaries of `text`): a gap shorter than a word, with a
/// word before its end, as the eight bytes ending at `to`, the ones
/// before `from` masked off (no loop: most gaps between cells are a few
/// bytes); any other by [`count_chars`].
#[inline(always)]
fn count_chars_in(text: &[u8], from: usize, to: usize) -> usize {
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    let n = to.wrapping_sub(from);
    if n < 8 {
        if let Some(w) = to.checked_sub(8).and_then(|at| text.get(at..to)) {
            let w = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
            // the gap is the top `n` bytes (read little-endian); 8n < 64
            let gap = !(u64::MAX >> (8 * n));
            let marks = (w & !(w << 1) & HIGH & gap) >> 7;
            return n - (marks.wrapping_mul(ONES) >> 56) as usize;
        }
    }
    text.get(from..to).map_or(0, count_chars)
}

/// Pushes the offset after each `\n` of `bytes` to `out`: 16 bytes at a
/// time, first tested for a newline at all (a few vector instructions:
/// most chunks have none), then, when they have one, as two words whose
/// newlines are marked by the top bit of their bytes, without branches
/// (lines are short: a search per line costs more than the bytes).
fn starts_after_newlines(bytes: &[u8], out: &mut Vec<u32>) {
    const LOW: u64 = u64::from_ne_bytes([0x7F; 8]);
    const NEWLINES: u64 = u64::from_ne_bytes([b'\n'; 8]);
    // a byte of `x` is zero when neither its low seven bits (added to 0x7F,
    // they carry into the top bit, never beyond) nor its top bit are set
    let newlines = |w: &[u8]| {
        let x = u64::from_le_bytes(w.try_into().unwrap_or([0; 8])) ^ NEWLINES;
        !(((x & LOW) + LOW) | x | LOW)
    };
    let mut push = |mut marks: u64, base: usize| {
        while marks != 0 {
            out.push((base + (marks.trailing_zeros() / 8) as usize + 1) as u32);
            marks &= marks - 1;
        }
    };
    let (chunks, rest) = bytes.as_chunks::<16>();
    let mut base = 0usize;
    for chunk in chunks {
        let mut any = false;
        for &b in chunk {
            any |= b == b'\n';
        }
        if any {
            push(newlines(&chunk[..8]), base);
            push(newlines(&chunk[8..]), base + 8);
        }
        base += 16;
    }
    for (i, &b) in rest.iter().enumerate() {
        if b == b'\n' {
            out.push((base + i + 1) as u32);
        }
    }
}

impl LineIndex {
    /// Indexes `text`. Lines end at `\n`; a preceding `\r` belongs to the line.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts_after_newlines(text.as_bytes(), &mut starts);
        LineIndex {
            starts,
            blocks: OnceLock::new(),
        }
    }

    /// Where each line starts: `0`, then the offset after every `\n`.
    pub(crate) fn starts(&self) -> &[u32] {
        &self.starts
    }

    /// Number of lines (a text ending in `\n` has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where line `line` (1-based) starts.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.starts
            .get(line.checked_sub(1)? as usize)
            .map(|&s| s as usize)
    }

    /// The position of byte `offset` in `text` (the text this index was built on).
    /// Offsets inside a character or past the end are clamped.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line] as usize;
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        // `get`: an index built on another text gives a wrong answer, not a panic
        let column = if end - start <= 4 * BLOCK {
            text.get(start..end)
                .map_or(0, |s| count_chars(s.as_bytes()))
                + 1
        } else {
            self.chars_before(text, end) - self.chars_before(text, start) + 1
        };
        Position {
            line: line as u32 + 1,
            column: column as u32,
        }
    }

    /// A [`Cursor`] over `text` (the text this index was built on), for
    /// positions asked mostly in increasing order.
    pub fn cursor<'a>(&'a self, text: &'a str) -> Cursor<'a> {
        Cursor {
            index: self,
            text,
            line: 0,
            at: 0,
            column: 1,
        }
    }

    /// Characters in `text[..at]` (`at` on a boundary).
    fn chars_before(&self, text: &str, at: usize) -> usize {
        let blocks = self.blocks.get_or_init(|| {
            let mut out = Vec::with_capacity(text.len() / BLOCK + 1);
            let mut count = 0;
            let mut from = 0;
            for k in 0..=text.len() / BLOCK {
                let b = floor_boundary(text, k * BLOCK);
                count += text[from..b].chars().count();
                out.push(count as u32);
                from = b;
            }
            out
        });
        let k = at / BLOCK;
        let b = floor_boundary(text, k * BLOCK);
        blocks[k] as usize + text[b..at].chars().count()
    }

    /// The text of the line containing `offset`, without its line ending.
    pub fn line_text<'t>(&self, text: &'t str, offset: usize) -> &'t str {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line] as usize;
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |&s| s as usize - 1);
        text.get(start..end.max(start))
            .unwrap_or("")
            .trim_end_matches('\r')
    }
}

/// Positions of offsets asked mostly in increasing order (the cells of a
/// record's fields, in grammar order): the same as [`LineIndex::position`],
/// but an offset at or after the last one asked, on the same line, counts
/// its column from the last one, and one on a later line looks for its
/// line only among the lines after.
#[derive(Clone, Debug)]
pub struct Cursor<'a> {
    index: &'a LineIndex,
    text: &'a str,
    /// The line (0-based) of the last position.
    line: usize,
    /// Its byte offset (a character boundary).
    at: usize,
    /// Its column.
    column: usize,
}

impl Cursor<'_> {
    /// The position of byte `offset`, as [`LineIndex::position`] gives it.
    #[inline(always)]
    pub fn position(&mut self, offset: usize) -> Position {
        let text = self.text;
        // `at` and the line starts are character boundaries: the bytes
        // between them and `end` are counted as they are
        let bytes = text.as_bytes();
        let starts = &self.index.starts;
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if end >= self.at && end - self.at <= 4 * BLOCK {
            let next = starts
                .get(self.line + 1)
                .map_or(usize::MAX, |&s| s as usize);
            if end < next {
                self.column += count_chars_in(bytes, self.at, end);
            } else {
                // the line is after `self.line`: starts[self.line + 1] <= end;
                // mostly one of the next few, so looked for one by one
                // among them, then by doubling steps, then halving them
                let after = &starts[self.line + 1..];
                let near = after.len().min(NEAR_LINES);
                let mut step = 1;
                while step < near && after[step] as usize <= end {
                    step += 1;
                }
                if step == NEAR_LINES {
                    while step < after.len() && after[step] as usize <= end {
                        step *= 2;
                    }
                    let from = step / 2;
                    let within = &after[from..step.min(after.len())];
                    step = from + within.partition_point(|&s| s as usize <= end);
                }
                self.line += step;
                let start = starts[self.line] as usize;
                if end - start > 4 * BLOCK {
                    return self.reset(end);
                }
                self.column = count_chars_in(bytes, start, end) + 1;
            }
            self.at = end;
            return Position {
                line: self.line as u32 + 1,
                column: self.column as u32,
            };
        }
        self.reset(end)
    }

    /// The position of `end` (a boundary) by the index, remembered.
    fn reset(&mut self, end: usize) -> Position {
        let p = self.index.position(self.text, end);
        self.line = p.line as usize - 1;
        self.at = end;
        self.column = p.column as usize;
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let text = "一、总体情况\r\n二、主动公开\n\tx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        let off = text.find("总体").unwrap();
        assert_eq!(idx.position(text, off), Position { line: 1, column: 3 });
        let off = text.find("主动").unwrap();
        assert_eq!(idx.position(text, off), Position { line: 2, column: 3 });
        let off = text.find('x').unwrap();
        assert_eq!(idx.position(text, off), Position { line: 3, column: 2 });
        assert_eq!(idx.line_text(text, 2), "一、总体情况");
        assert_eq!(idx.line_text(text, off), "\tx");
    }

    #[test]
    fn columns_far_into_a_long_line() {
        let line = "一a、".repeat(20_000);
        let text = format!("x\n{line}\ny");
        let idx = LineIndex::new(&text);
        for off in [2, 3, 5, 4095, 4096, 4097, 30_001, 100_000, 2 + line.len()] {
            let off = floor_boundary(&text, off);
            let want = text[2..off].chars().count() as u32 + 1;
            assert_eq!(
                idx.position(&text, off),
                Position {
                    line: 2,
                    column: want
                }
            );
        }
    }

    /// Every offset of `text` (char boundaries or not, and past the end)
    /// in increasing order, then in decreasing order, then jumping about:
    /// the cursor gives what the index gives.
    fn cursor_agrees(text: &str) {
        let idx = LineIndex::new(text);
        let plain = |off: usize| idx.position(text, off);
        let mut cursor = idx.cursor(text);
        let offsets: Vec<usize> = (0..=text.len() + 2).collect();
        for &off in &offsets {
            assert_eq!(cursor.position(off), plain(off), "{off} going up");
        }
        for &off in offsets.iter().rev() {
            assert_eq!(cursor.position(off), plain(off), "{off} going down");
        }
        // going up by strides of every size: a few lines on, and many
        for stride in 1..64 {
            let mut cursor = idx.cursor(text);
            for off in (0..=text.len() + 2).step_by(stride) {
                assert_eq!(cursor.position(off), plain(off), "{off} by {stride}");
            }
        }
        let mut cursor = idx.cursor(text);
        for k in 0..offsets.len() * 3 {
            let off = (k * 7919) % offsets.len();
            assert_eq!(cursor.position(off), plain(off), "{off} jumping");
        }
    }

    #[test]
    fn line_starts_as_a_newline_search_finds_them() {
        let plain = |b: &[u8]| -> Vec<u32> {
            memchr::memchr_iter(b'\n', b)
                .map(|i| (i + 1) as u32)
                .collect()
        };
        let mut bytes = Vec::new();
        for len in 0..100usize {
            // newlines at every spacing, across chunk ends
            for gap in [1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33] {
                bytes.clear();
                bytes.extend((0..len).map(|i| {
                    if i % gap == gap - 1 {
                        b'\n'
                    } else {
                        b'a' + (i % 26) as u8
                    }
                }));
                let mut out = Vec::new();
                starts_after_newlines(&bytes, &mut out);
                assert_eq!(out, plain(&bytes), "{len} {gap}");
            }
        }
        // every byte value, next to newlines and not
        let every: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        for skip in 0..9 {
            let mut out = Vec::new();
            starts_after_newlines(&every[skip..], &mut out);
            assert_eq!(out, plain(&every[skip..]), "{skip}");
        }
        let all = vec![b'\n'; 70];
        let mut out = Vec::new();
        starts_after_newlines(&all, &mut out);
        assert_eq!(out, plain(&all));
        assert_eq!(LineIndex::new("a\nb\r\n\n").starts, vec![0, 2, 5, 6]);
    }

    /// `n` of `pieces` in a scrambled order (piece `(k * a + k / b)` mod
    /// their number), so that widths and kinds meet every way.
    fn mixed(pieces: &[&str], n: usize, a: usize, b: usize) -> String {
        (0..n)
            .map(|k| pieces[(k * a + k / b) % pieces.len()])
            .collect()
    }

    #[test]
    fn characters_counted_as_chars_counts_them() {
        let pieces = ["a", "一", "é", "𝄞", "\n", "\t", "、", "\u{7f}", "\u{80}"];
        let text = mixed(&pieces, 400, 7, 9);
        for start in 0..text.len() {
            for end in start..text.len().min(start + 70) {
                if let Some(s) = text.get(start..end) {
                    assert_eq!(
                        count_chars(s.as_bytes()),
                        s.chars().count(),
                        "{start}..{end}"
                    );
                }
            }
        }
        assert_eq!(count_chars(text.as_bytes()), text.chars().count());
    }

    #[test]
    fn characters_between_counted_as_chars_counts_them() {
        // every pair of boundaries up to 20 bytes apart (short gaps as a
        // word, the first ones of the text without one), and some past the
        // end or reversed
        let pieces = ["a", "一", "é", "𝄞", "\n", "、", "\u{7f}", "\u{80}", "|"];
        let text = mixed(&pieces, 200, 5, 7);
        let bytes = text.as_bytes();
        for from in 0..=text.len() {
            for to in from..=text.len().min(from + 20) {
                if let Some(s) = text.get(from..to) {
                    assert_eq!(
                        count_chars_in(bytes, from, to),
                        s.chars().count(),
                        "{from}..{to}"
                    );
                }
            }
        }
        assert_eq!(count_chars_in(bytes, 9, 3), 0);
        assert_eq!(count_chars_in(bytes, 0, text.len() + 1), 0);
        assert_eq!(count_chars_in(b"abc", 1, 3), 2);
    }

    #[test]
    fn cursor_agrees_with_the_index() {
        cursor_agrees("一、总体情况\r\n二、主动公开\n\tx\r\n\r\n\n（一）予以公开 12\t3 ｜ 4\n末");
        cursor_agrees("\n\nab\n");
        cursor_agrees("");
        cursor_agrees("一");
        // many short lines (lines skipped one by one, and by doubling steps)
        let lines: Vec<String> = (0..80).map(|i| "一a".repeat(i % 5)).collect();
        cursor_agrees(&lines.join("\n"));
        // a long line: columns counted from the blocks, then from the cursor
        let line = "一a、".repeat(3_000);
        cursor_agrees(&format!("x\r\n{line}\n{line}y\n"));
    }

    #[test]
    fn position_text() {
        for (line, column) in [
            (1, 1),
            (32, 3),
            (u32::MAX, u32::MAX),
            (0, 10),
            (1234567, 89),
        ] {
            let p = Position { line, column };
            assert_eq!(
                p.text(&mut [0; POSITION_TEXT_MAX]),
                format!("{line}:{column}")
            );
            assert_eq!(p.to_string(), format!("{line}:{column}"));
        }
    }

    #[test]
    fn span_slices_text() {
        let text = "（一）予以公开";
        let start = text.find("予以").unwrap();
        let span = Span::new(start, text.len());
        assert_eq!(&text[span.range()], "予以公开");
        assert_eq!(span.cover(Span::empty(0)), Span::new(0, text.len()));
    }
}
