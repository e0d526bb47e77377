//! Pieces of compact JSON the record writer ([`crate::record::Record::write_json`])
//! puts together: byte for byte what `serde_json` writes for the same values.

use crate::shared::SharedStr;
use crate::span::Position;
use crate::value::Value;

/// Whether byte `b` is one a JSON string escapes: a quote, a backslash, a
/// control character.
#[inline]
fn escaped(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

/// Whether a chunk (16 or 64 bytes) holds a byte to escape (no early exit:
/// a few vector instructions).
fn chunk_escaped<const N: usize>(c: &[u8; N]) -> bool {
    let mut any = false;
    for &b in c {
        any |= escaped(b);
    }
    any
}

/// Whether a word holds a byte to escape, eight bytes at a time: a byte
/// below 0x20, or a byte equal to `"` or `\` (a zero after xor).
#[inline]
fn word_escaped(w: u64) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // some byte below n (n <= 0x80)
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH;
    below(w, 0x20)
        | below(w ^ (ONES * u64::from(b'"')), 1)
        | below(w ^ (ONES * u64::from(b'\\')), 1)
        != 0
}

/// Whether `s` holds nothing a JSON string escapes: 64 bytes at a time,
/// then 16, the last chunk of 16 overlapping the one before; a string of 8
/// to 15 bytes as two overlapping words; shorter ones byte by byte.
pub(crate) fn plain(s: &[u8]) -> bool {
    let n = s.len();
    if n >= 16 {
        // 64 bytes at a time while there are, then 16
        let (wide, rest) = s.as_chunks::<64>();
        let mut any = false;
        for c in wide {
            any |= chunk_escaped(c);
        }
        let (chunks, _) = rest.as_chunks::<16>();
        for c in chunks {
            any |= chunk_escaped(c);
        }
        let last: &[u8; 16] = s[n - 16..].try_into().unwrap_or(&[0; 16]);
        !(any | chunk_escaped(last))
    } else if n >= 8 {
        let word = |at: usize| u64::from_ne_bytes(s[at..at + 8].try_into().unwrap_or([0; 8]));
        !(word_escaped(word(0)) | word_escaped(word(n - 8)))
    } else {
        !s.iter().any(|&b| escaped(b))
    }
}

/// Writes `s` as a JSON string: copied between quotes when nothing in it
/// needs escaping, else by serde_json.
pub(crate) fn str(out: &mut Vec<u8>, s: &str) -> serde_json::Result<()> {
    if plain(s.as_bytes()) {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        Ok(())
    } else {
        serde_json::to_writer(&mut *out, s)
    }
}

/// Writes `s` as a JSON string, or `null`.
pub(crate) fn opt_str(out: &mut Vec<u8>, s: Option<&str>) -> serde_json::Result<()> {
    match s {
        Some(s) => str(out, s),
        None => {
            out.extend_from_slice(b"null");
            Ok(())
        }
    }
}

/// Appends the text of `s` as the inside of a JSON string: copied as it is
/// when it is plain (known since it was made), else escaped by serde_json.
#[inline]
pub(crate) fn contents(out: &mut Vec<u8>, s: &SharedStr) -> serde_json::Result<()> {
    if s.json_plain() {
        out.extend_from_slice(s.as_bytes());
        Ok(())
    } else {
        contents_escaped(out, s.as_str())
    }
}

/// [`contents`] of a text to escape: the string serde_json writes, without
/// its quotes.
#[cold]
#[inline(never)]
fn contents_escaped(out: &mut Vec<u8>, s: &str) -> serde_json::Result<()> {
    let start = out.len();
    serde_json::to_writer(&mut *out, s)?;
    out.remove(start);
    out.pop();
    Ok(())
}

/// Appends the first `len` bytes (at most 8) of `word`, lowest first:
/// eight bytes copied at once, the ones after taken off again.
#[inline]
fn put8(out: &mut Vec<u8>, word: u64, len: usize) {
    out.extend_from_slice(&word.to_le_bytes());
    out.truncate(out.len() - (8 - len));
}

/// Appends the first `head_len` bytes of `head` (1 to 7) and then the first
/// `tail_len` bytes of `tail` (at most 8), lowest first: the two joined in
/// 16 bytes copied at once, the ones after taken off again.
#[inline]
fn put_joined(out: &mut Vec<u8>, head: u64, head_len: usize, tail: u64, tail_len: usize) {
    // the bits of `head` above its bytes are zero: `tail` fills them, and
    // what of it does not fit goes on in the second word
    let at = 8 * head_len as u32;
    let low = head | (tail << at);
    let high = tail >> (64 - at);
    let joined = u128::from(low) | (u128::from(high) << 64);
    out.extend_from_slice(&joined.to_le_bytes());
    out.truncate(out.len() - (16 - head_len - tail_len));
}

/// Two bytes as the low bytes of a word.
const fn pair(b: &[u8; 2]) -> u64 {
    u16::from_le_bytes(*b) as u64
}

/// The decimal digits of every number below 1 000 as ASCII bytes, the first
/// in the lowest byte, and their count in the highest byte (4 KB, made at
/// compile time: a position is two numbers, most of them below 1 000).
static SMALL: [u32; 1000] = small_numbers();

const fn small_numbers() -> [u32; 1000] {
    const fn ascii(digit: usize) -> u32 {
        b'0' as u32 + digit as u32
    }
    let mut table = [0u32; 1000];
    let mut n = 0;
    while n < 1000 {
        let (hundreds, tens, ones) = (n / 100, n / 10 % 10, n % 10);
        table[n] = if n < 10 {
            ascii(ones) | (1 << 24)
        } else if n < 100 {
            ascii(tens) | (ascii(ones) << 8) | (2 << 24)
        } else {
            ascii(hundreds) | (ascii(tens) << 8) | (ascii(ones) << 16) | (3 << 24)
        };
        n += 1;
    }
    table
}

/// For every number below 1 000, `"` and its digits and `:`: the start of a
/// position (`"17:`), in the low bytes, and their count in the highest byte.
static LINE_HEADS: [u64; 1000] = small_words(b"\"", b":", true);

/// For every number below 1 000, its digits and `","`: the end of a
/// position (`4","`, of which a list element takes `4",` and a value of the
/// `spans` map all), in the low bytes, and the count of the digits in the
/// highest byte.
static COLUMN_TAILS: [u64; 1000] = small_words(b"", b"\",\"", false);

/// For every number below 1 000, what follows a key of the `fields` map
/// when it is the value: `":`, its digits and `,"` in the low bytes, and
/// their count in the highest byte.
static FIELD_TAILS: [u64; 1000] = small_words(b"\":", b",\"", true);

/// For every number below 1 000, its digits and `.0` (how serde_json writes
/// it as a float) in the low bytes, and their count in the highest byte.
static WHOLE_FLOATS: [u64; 1000] = small_words(b"", b".0", true);

/// For every number below 1 000, `before`, its digits (from [`SMALL`]) and
/// `after` in the low bytes of a word, made at compile time; in the highest
/// byte the count of all of them, or of `before` and the digits only when
/// `count_after` is false. At most seven bytes in all.
const fn small_words(before: &[u8], after: &[u8], count_after: bool) -> [u64; 1000] {
    let mut table = [0u64; 1000];
    let mut n = 0;
    while n < 1000 {
        let digits = SMALL[n];
        let len = (digits >> 24) as usize;
        let mut word = 0u64;
        let mut at = 0;
        let mut k = 0;
        while k < before.len() {
            word |= (before[k] as u64) << (8 * at);
            at += 1;
            k += 1;
        }
        word |= ((digits & 0xFF_FFFF) as u64) << (8 * at);
        at += len;
        let counted = if count_after { at + after.len() } else { at };
        k = 0;
        while k < after.len() {
            word |= (after[k] as u64) << (8 * at);
            at += 1;
            k += 1;
        }
        table[n] = word | ((counted as u64) << 56);
        n += 1;
    }
    table
}

/// Bytes 0 to 6 of a word.
const LOW7: u64 = (1 << 56) - 1;

/// `"line:` (with its byte count, 3 to 5) and `column","` (with the count of
/// the column's digits) as the low bytes of two words: both numbers below
/// 1 000, taken from [`LINE_HEADS`] and [`COLUMN_TAILS`].
#[inline]
fn quoted_position(line: u32, column: u32) -> Option<(u64, usize, u64, usize)> {
    let head = *LINE_HEADS.get(line as usize)?;
    let tail = *COLUMN_TAILS.get(column as usize)?;
    // the tail's count byte lands beyond what is kept
    Some((
        head & LOW7,
        (head >> 56) as usize,
        tail,
        (tail >> 56) as usize,
    ))
}

/// Appends `"line:column",` (an element of a list followed by its comma).
#[inline]
pub(crate) fn position_comma(out: &mut Vec<u8>, p: Position) {
    match quoted_position(p.line, p.column) {
        Some((head, head_len, tail, digits)) => put_joined(out, head, head_len, tail, digits + 2),
        None => {
            position_slow(out, p.line, p.column);
            out.push(b',');
        }
    }
}

/// Appends what follows a key of the `spans` map: `":`, `"line:column"`
/// and `,"` (the start of the next key).
#[inline]
pub(crate) fn span_tail(out: &mut Vec<u8>, p: Position) {
    match quoted_position(p.line, p.column) {
        Some((head, head_len, tail, digits)) => put_joined(
            out,
            pair(b"\":") | (head << 16),
            head_len + 2,
            tail,
            digits + 3,
        ),
        None => {
            out.extend_from_slice(b"\":");
            position_slow(out, p.line, p.column);
            out.extend_from_slice(b",\"");
        }
    }
}

/// Appends what follows a key of the `fields` map: `":`, the value (or
/// `null`) and `,"` (the start of the next key).
#[inline]
pub(crate) fn field_tail(out: &mut Vec<u8>, v: Option<Value>) -> serde_json::Result<()> {
    let small = match v {
        None => {
            put8(out, u64::from_le_bytes(*b"\":null,\""), 8);
            return Ok(());
        }
        Some(Value::Int(n)) => usize::try_from(n).ok().and_then(|i| FIELD_TAILS.get(i)),
        Some(Value::Decimal(_)) => None,
    };
    match (small, v) {
        // the count byte is past the ones kept
        (Some(&word), _) => put8(out, word, (word >> 56) as usize),
        (None, Some(Value::Int(n))) => {
            out.extend_from_slice(b"\":");
            int(out, n);
            out.extend_from_slice(b",\"");
        }
        (None, v) => {
            out.extend_from_slice(b"\":");
            serde_json::to_writer(&mut *out, &v)?;
            out.extend_from_slice(b",\"");
        }
    }
    Ok(())
}

/// `"line:column"`, quotes included, number by number (kept out of line:
/// the fast path then saves no registers).
#[cold]
#[inline(never)]
fn position_slow(out: &mut Vec<u8>, line: u32, column: u32) {
    out.push(b'"');
    int(out, i64::from(line));
    out.push(b':');
    int(out, i64::from(column));
    out.push(b'"');
}

/// Appends `n` in decimal, as serde_json writes an integer.
#[inline]
pub(crate) fn int(out: &mut Vec<u8>, n: i64) {
    match usize::try_from(n).ok().and_then(|i| SMALL.get(i)) {
        Some(&digits) => {
            out.extend_from_slice(&digits.to_le_bytes());
            out.truncate(out.len() - (4 - (digits >> 24) as usize));
        }
        None => out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes()),
    }
}

/// Writes `n` as [`int`] does, or `null`.
pub(crate) fn opt_int(out: &mut Vec<u8>, n: Option<i64>) {
    match n {
        Some(n) => int(out, n),
        None => out.extend_from_slice(b"null"),
    }
}

/// Appends `x` as serde_json writes an `Option<f64>`: a whole number from 0
/// to 999 (most check sides) as its digits and `.0` from [`WHOLE_FLOATS`],
/// in line;
/// any other by [`float_plain`].
#[inline]
pub(crate) fn float(out: &mut Vec<u8>, x: Option<f64>) -> serde_json::Result<()> {
    if let Some(x) = x {
        // `as` saturates and makes NaN 0, and -0.0 has other bits than 0.0:
        // none of them is equal again
        let n = x as u32;
        if let (true, Some(&word)) = (
            f64::from(n).to_bits() == x.to_bits(),
            WHOLE_FLOATS.get(n as usize),
        ) {
            // the count byte is past the ones kept
            put8(out, word, (word >> 56) as usize);
            return Ok(());
        }
    }
    float_plain(out, x)
}

/// [`float`] without its table: `null`; a whole number below 10^9 in size
/// as its digits and `.0` (what its shortest representation is); any other
/// by serde_json.
#[inline(never)]
fn float_plain(out: &mut Vec<u8>, x: Option<f64>) -> serde_json::Result<()> {
    let Some(x) = x else {
        out.extend_from_slice(b"null");
        return Ok(());
    };
    // `as` saturates, and makes NaN 0: neither is equal again
    let n = x as i64;
    if n as f64 == x && n.unsigned_abs() < 1_000_000_000 && (n != 0 || x.is_sign_positive()) {
        int(out, n);
        out.extend_from_slice(b".0");
        Ok(())
    } else {
        serde_json::to_writer(&mut *out, &x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_words_hold_their_texts() {
        let text = |w: u64, n: usize| -> String {
            String::from_utf8(w.to_le_bytes()[..n].to_vec()).unwrap()
        };
        for n in 0..1000usize {
            let digits = n.to_string().len();
            let w = LINE_HEADS[n];
            assert_eq!(text(w, (w >> 56) as usize), format!("\"{n}:"));
            let w = COLUMN_TAILS[n];
            assert_eq!((w >> 56) as usize, digits);
            assert_eq!(text(w, digits + 3), format!("{n}\",\""));
            let w = FIELD_TAILS[n];
            assert_eq!(text(w, (w >> 56) as usize), format!("\":{n},\""));
            let w = WHOLE_FLOATS[n];
            assert_eq!(text(w, (w >> 56) as usize), format!("{n}.0"));
        }
    }

    /// The plain byte loop `plain` must agree with.
    fn plain_by_bytes(s: &[u8]) -> bool {
        !s.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\')
    }

    #[test]
    fn plain_agrees_with_the_byte_loop() {
        // every byte value at every position of buffers of every length up
        // to 40 (byte loop, two words, one chunk, chunks and an overlap)
        let fillers = [
            b'a', b' ', b'!', b'#', b'[', b']', 0x7F, 0x80, 0xA2, 0xDC, 0xFF,
        ];
        // and across the 64-byte chunks: 63 to 65, 79 to 81, …
        let lengths = (0..=40).chain([63, 64, 65, 79, 80, 81, 95, 127, 128, 129, 143, 145]);
        for filler in fillers {
            for len in lengths.clone() {
                let mut buf = vec![filler; len];
                assert!(plain(&buf), "{len} bytes of {filler:#x}");
                for at in 0..len {
                    for b in 0..=255u8 {
                        buf[at] = b;
                        assert_eq!(
                            plain(&buf),
                            plain_by_bytes(&buf),
                            "{b:#x} at {at} of {len} bytes of {filler:#x}"
                        );
                    }
                    buf[at] = filler;
                }
            }
        }
        for b in [0u8, 0x1F, b'"', b'\\'] {
            assert!(!plain(&[b]));
            assert!(!plain(&[b'a', b, b'a']));
        }
        assert!(plain(b"applications.new_received.natural_person"));
        assert!(plain(" !#[]/\x7f é 公开".as_bytes()));
    }

    #[test]
    fn plain_agrees_with_the_byte_loop_on_pairs() {
        // two bytes near the ones to escape (a borrow from one must not
        // flag the other) at every pair of positions
        let near = [
            0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xA0, 0xA2,
            0xDC, 0xFF,
        ];
        for len in (2..=24).chain([64, 81, 97]) {
            let mut buf = vec![b'a'; len];
            for i in 0..len {
                for j in i + 1..len {
                    for &x in &near {
                        for &y in &near {
                            buf[i] = x;
                            buf[j] = y;
                            assert_eq!(plain(&buf), plain_by_bytes(&buf), "{buf:?}");
                        }
                    }
                    buf[i] = b'a';
                    buf[j] = b'a';
                }
            }
        }
    }

    #[test]
    fn strings_written_as_serde_json_writes_them() {
        let mut texts: Vec<String> = [
            "",
            "a",
            "applications.balance",
            "（一）予以公开",
            "a \"quoted\" \\ path",
            "控制\u{1f}字符",
            "\u{7f}\u{80}",
            "tab\tand\nnewline\r",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // every ASCII character, alone and in strings of every length
        // across the word and chunk sizes of `plain`
        for b in 0..0x80u8 {
            let c = char::from(b);
            texts.push(c.to_string());
            for len in [7, 8, 15, 16, 17, 31, 33] {
                texts.push(format!(
                    "{}{c}",
                    "键".repeat(len / 3) + &"k".repeat(len % 3)
                ));
            }
        }
        let mut direct = Vec::new();
        let mut shared = Vec::new();
        for t in &texts {
            let want = serde_json::to_vec(t).unwrap();
            direct.clear();
            str(&mut direct, t).unwrap();
            assert_eq!(direct, want, "{t:?}");
            shared.clear();
            shared.push(b'"');
            contents(&mut shared, &SharedStr::from(t.as_str())).unwrap();
            shared.push(b'"');
            assert_eq!(shared, want, "{t:?}");
        }
    }

    #[test]
    fn small_numbers_as_digits() {
        for (n, &entry) in SMALL.iter().enumerate() {
            let text = n.to_string();
            assert_eq!((entry >> 24) as usize, text.len(), "{n}");
            let digits = &entry.to_le_bytes()[..3];
            assert_eq!(&digits[..text.len()], text.as_bytes(), "{n}");
            assert!(digits[text.len()..].iter().all(|&b| b == 0), "{n}");
        }
    }

    #[test]
    fn positions_written_as_strings() {
        // every line and column 0..=100 000 against others of every size (one
        // to ten digits: across the fast path's limit), in a list and as the
        // value of a key
        let others = [
            0,
            1,
            9,
            10,
            99,
            100,
            999,
            1000,
            9999,
            10_000,
            99_999,
            u32::MAX,
        ];
        let (mut listed, mut keyed) = (Vec::new(), Vec::new());
        let mut check = |line: u32, column: u32| {
            let p = Position { line, column };
            let text = serde_json::to_string(&format!("{line}:{column}")).unwrap();
            listed.clear();
            listed.push(b'[');
            position_comma(&mut listed, p);
            assert_eq!(listed, format!("[{text},").into_bytes(), "{line}:{column}");
            keyed.clear();
            keyed.extend_from_slice(b"{\"k");
            span_tail(&mut keyed, p);
            assert_eq!(
                keyed,
                format!("{{\"k\":{text},\"").into_bytes(),
                "{line}:{column}"
            );
        };
        for n in 0..=100_000 {
            for &m in &others {
                check(n, m);
                check(m, n);
            }
        }
    }

    #[test]
    fn field_values_written_as_serde_json_writes_them() {
        let mut values: Vec<Option<Value>> = vec![None];
        values.extend((-2_000..=20_000).map(|n| Some(Value::Int(n))));
        values.extend([i64::MIN, i64::MAX, 1 << 40].map(|n| Some(Value::Int(n))));
        for x in [
            0.0,
            -0.0,
            0.5,
            12.0,
            12.25,
            -3.5,
            1e21,
            1e-7,
            f64::NAN,
            f64::INFINITY,
        ] {
            values.push(Some(Value::Decimal(x)));
        }
        let mut out = Vec::new();
        for v in values {
            out.clear();
            out.extend_from_slice(b"{\"k");
            field_tail(&mut out, v).unwrap();
            let want = format!("{{\"k\":{},\"", serde_json::to_string(&v).unwrap());
            assert_eq!(out, want.into_bytes(), "{v:?}");
        }
    }

    #[test]
    fn integers_written_as_serde_json_writes_them() {
        let mut out = Vec::new();
        let wide = [
            i64::MIN,
            i64::MIN + 1,
            -1_000_000_001,
            i64::from(u32::MAX),
            i64::MAX,
            1 << 40,
        ];
        for n in (-100_000..=100_000).chain(wide) {
            out.clear();
            int(&mut out, n);
            assert_eq!(out, serde_json::to_vec(&n).unwrap(), "{n}");
        }
    }

    #[test]
    fn floats_written_as_serde_json_writes_them() {
        let mut values: Vec<f64> = (-100_000..=100_000).map(f64::from).collect();
        for e in 0..=20 {
            let p = 10f64.powi(e);
            values.extend([p, p - 1.0, p + 1.0, -p, p / 3.0, p * 1.5, 1.0 / p]);
        }
        values.extend([
            0.0,
            -0.0,
            0.5,
            -0.5,
            999_999_999.0,
            1_000_000_000.0,
            -999_999_999.0,
            -1_000_000_000.0,
            9_007_199_254_740_993.0,
            1e300,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            f64::MAX,
            f64::MIN,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ]);
        // bit patterns all over the range
        let mut bits = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..100_000 {
            bits = bits
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            values.push(f64::from_bits(bits));
            // and whole numbers of every size
            values.push(((bits >> 11) as f64 / (1u64 << (bits % 53)) as f64).trunc());
        }
        let mut out = Vec::new();
        for x in values.into_iter().map(Some).chain([None]) {
            out.clear();
            let want = serde_json::to_vec(&x).unwrap();
            float(&mut out, x).unwrap();
            assert_eq!(out, want, "{x:?}");
            out.clear();
            float_plain(&mut out, x).unwrap();
            assert_eq!(out, want, "{x:?}");
        }
    }
}
