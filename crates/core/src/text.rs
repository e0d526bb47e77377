//! Decoding bytes into text.
//!
//! Reports arrive as UTF-8 (with or without a byte order mark), UTF-16 with a
//! byte order mark, or GB18030/GBK (a superset pair; GB18030 decodes GBK). The
//! decoder never fails: malformed sequences become U+FFFD and are counted, so
//! the caller can say how much of the input was not text.

use serde::Serialize;

/// The largest input docgram decodes (256 MiB). Larger inputs are refused with
/// [`DecodeError::TooLarge`]; spans are `u32` and a report is a few kilobytes.
pub const MAX_INPUT_BYTES: usize = 256 * 1024 * 1024;

/// The encoding an input was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Encoding {
    /// UTF-8, with or without a byte order mark.
    Utf8,
    /// UTF-16 little endian, announced by a byte order mark.
    Utf16Le,
    /// UTF-16 big endian, announced by a byte order mark.
    Utf16Be,
    /// GB18030 (which includes GBK and GB2312).
    Gb18030,
}

impl Encoding {
    /// The conventional name, as accepted by [`Encoding::from_name`].
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Gb18030 => "gb18030",
        }
    }

    /// Parses a name such as `utf-8`, `gbk`, `gb18030`, `utf-16le` (case-insensitive).
    pub fn from_name(name: &str) -> Option<Encoding> {
        match name.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "utf-16le" | "utf16le" | "utf-16" => Some(Encoding::Utf16Le),
            "utf-16be" | "utf16be" => Some(Encoding::Utf16Be),
            "gb18030" | "gbk" | "gb2312" | "cp936" => Some(Encoding::Gb18030),
            _ => None,
        }
    }

    fn encoding_rs(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::Utf16Le => encoding_rs::UTF_16LE,
            Encoding::Utf16Be => encoding_rs::UTF_16BE,
            Encoding::Gb18030 => encoding_rs::GB18030,
        }
    }
}

/// Decoded text and what was learned while decoding it.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The text, without byte order mark. Line endings are kept as they were.
    pub text: String,
    /// The encoding used.
    pub encoding: Encoding,
    /// Whether a byte order mark was present.
    pub had_bom: bool,
    /// How many malformed sequences were replaced by U+FFFD.
    pub replacements: usize,
    /// How many NUL and other C0 control characters (other than tab, CR, LF,
    /// form feed) the text holds: a high count means binary input.
    pub control_chars: usize,
}

impl Decoded {
    /// Whether the input looks like binary data rather than text: many
    /// replacement or control characters.
    pub fn looks_binary(&self) -> bool {
        // the characters are counted only when there is something bad
        let bad = self.replacements + self.control_chars;
        bad > 0 && bad * 20 > self.text.chars().count().max(1)
    }
}

/// Why decoding was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The input is larger than [`MAX_INPUT_BYTES`].
    TooLarge {
        /// Input size in bytes.
        len: usize,
    },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::TooLarge { len } => write!(
                f,
                "input is {len} bytes, more than the limit of {MAX_INPUT_BYTES} bytes"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes `bytes`, detecting the encoding.
///
/// A byte order mark decides first (UTF-8, UTF-16LE, UTF-16BE). Without one,
/// valid UTF-8 is UTF-8; otherwise the bytes are read as GB18030 when
/// [`chardetng`] agrees that they are Chinese, and as lossy UTF-8 when they are
/// neither (binary input).
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    decode_with(bytes, None)
}

/// Decodes `bytes` in the given encoding, or detects it when `forced` is `None`.
/// A byte order mark is removed in either case.
pub fn decode_with(bytes: &[u8], forced: Option<Encoding>) -> Result<Decoded, DecodeError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(DecodeError::TooLarge { len: bytes.len() });
    }
    let (bom, bom_len) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((enc, len)) if enc == encoding_rs::UTF_8 => (Some(Encoding::Utf8), len),
        Some((enc, len)) if enc == encoding_rs::UTF_16LE => (Some(Encoding::Utf16Le), len),
        Some((enc, len)) if enc == encoding_rs::UTF_16BE => (Some(Encoding::Utf16Be), len),
        _ => (None, 0),
    };
    // most input is UTF-8 without a mark: validated once, copied once
    if forced.is_none() && bom.is_none() {
        if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
            return Ok(Decoded::new(s.to_owned(), Encoding::Utf8, false, 0));
        }
    }
    let encoding = match (forced, bom) {
        (Some(enc), _) => enc,
        (None, Some(enc)) => enc,
        (None, None) => detect(bytes),
    };
    let had_bom = bom.is_some() && bom == Some(encoding);
    let body = if had_bom { &bytes[bom_len..] } else { bytes };
    let (text, replacements) = match encoding {
        Encoding::Utf8 => match simdutf8::basic::from_utf8(body) {
            Ok(s) => (s.to_owned(), 0),
            Err(_) => {
                let s = String::from_utf8_lossy(body).into_owned();
                let n = s.matches('\u{FFFD}').count();
                (s, n)
            }
        },
        other => {
            let (cow, had_errors) = other.encoding_rs().decode_without_bom_handling(body);
            let n = if had_errors {
                cow.matches('\u{FFFD}').count()
            } else {
                0
            };
            (cow.into_owned(), n)
        }
    };
    Ok(Decoded::new(text, encoding, had_bom, replacements))
}

impl Decoded {
    fn new(text: String, encoding: Encoding, had_bom: bool, replacements: usize) -> Decoded {
        let control_chars = control_chars(text.as_bytes());
        Decoded {
            text,
            encoding,
            had_bom,
            replacements,
            control_chars,
        }
    }
}

/// How many bytes of `bytes` are NUL or other C0 controls other than tab,
/// LF, CR and form feed: counted without branches, [`CONTROL_CHUNK`] bytes
/// at a time in a byte-wide sum, so the loop runs on vectors (tab, LF, FF
/// and CR are 9 to 13 less 11). The last bytes are counted as a whole chunk
/// too, padded with spaces: a chunk of known length has no tail to count a
/// byte at a time.
fn control_chars(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(CONTROL_CHUNK);
    let whole: usize = (&mut chunks)
        .map(|c| control_chars_in(c.try_into().unwrap_or(&[b' '; CONTROL_CHUNK])))
        .sum();
    let rest = chunks.remainder();
    if rest.is_empty() {
        return whole;
    }
    let mut last = [b' '; CONTROL_CHUNK];
    last[..rest.len()].copy_from_slice(rest);
    whole + control_chars_in(&last)
}

/// Bytes [`control_chars`] counts at a time: whole vectors, and few enough
/// for a byte-wide sum.
const CONTROL_CHUNK: usize = 240;

/// [`control_chars`] of one chunk.
fn control_chars_in(chunk: &[u8; CONTROL_CHUNK]) -> usize {
    let n = chunk.iter().fold(0u8, |n, &b| {
        let kept = (b.wrapping_sub(9) < 5) & (b != 11);
        n.wrapping_add(u8::from((b < 0x20) & !kept))
    });
    usize::from(n)
}

fn detect(bytes: &[u8]) -> Encoding {
    if simdutf8::basic::from_utf8(bytes).is_ok() {
        return Encoding::Utf8;
    }
    // Not UTF-8. GB18030 decodes almost any byte string, so ask chardetng
    // whether the bytes read as Chinese before choosing it.
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let guess = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 {
        return Encoding::Gb18030;
    }
    // Mostly valid UTF-8 with a few bad bytes (a truncated file) stays UTF-8.
    let valid = match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) => e.valid_up_to(),
    };
    if valid * 2 >= bytes.len() {
        Encoding::Utf8
    } else {
        let (_, gb_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
        if gb_errors {
            Encoding::Utf8
        } else {
            Encoding::Gb18030
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("二、主动公开".as_bytes()).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8);
        assert!(!d.had_bom);
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("二、主动公开".as_bytes());
        let d = decode(&b).unwrap();
        assert!(d.had_bom);
        assert_eq!(d.text, "二、主动公开");
    }

    #[test]
    fn gb18030_detected() {
        let text = "红椿镇2021年政府信息公开工作年度报告\n一、总体情况\n二、主动公开政府信息情况\n";
        let (bytes, _, _) = encoding_rs::GB18030.encode(text);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, Encoding::Gb18030);
        assert_eq!(d.text, text);
        assert_eq!(d.replacements, 0);
    }

    #[test]
    fn utf16_with_bom() {
        let text = "三、收到和处理";
        let mut b = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, Encoding::Utf16Le);
        assert_eq!(d.text, text);
    }

    #[test]
    fn binary_is_flagged_not_fatal() {
        let bytes: Vec<u8> = (0..2000u32).map(|i| (i * 7 % 256) as u8).collect();
        let d = decode(&bytes).unwrap();
        assert!(d.looks_binary());
        assert!(decode(b"").unwrap().text.is_empty());
        // more than one bad character in twenty is binary, not one in twenty
        let mut text = "一".repeat(19).into_bytes();
        assert!(!decode(&text).unwrap().looks_binary());
        text.push(0);
        assert!(!decode(&text).unwrap().looks_binary());
        text.drain(..3);
        assert!(decode(&text).unwrap().looks_binary());
    }

    #[test]
    fn control_chars_counted_as_by_the_byte_test() {
        let is_control = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c);
        let plain = |b: &[u8]| b.iter().filter(|&&b| is_control(b)).count();
        // every byte value, alone and among others, across chunk ends
        let all: Vec<u8> = (0..=255u8).collect();
        for b in 0..=255u8 {
            assert_eq!(control_chars(&[b]), plain(&[b]), "{b}");
        }
        assert_eq!(control_chars(&all), 28);
        for len in [
            0, 1, 239, 240, 241, 254, 255, 256, 479, 480, 481, 509, 510, 511, 1000, 4096,
        ] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 % 41) as u8).collect();
            assert_eq!(control_chars(&bytes), plain(&bytes), "{len}");
            // all controls: more than a byte-wide sum holds
            let zeros = vec![0u8; len];
            assert_eq!(control_chars(&zeros), len, "{len} zeros");
        }
    }

    #[test]
    fn names_round_trip() {
        for e in [
            Encoding::Utf8,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
            Encoding::Gb18030,
        ] {
            assert_eq!(Encoding::from_name(e.name()), Some(e));
        }
        assert_eq!(Encoding::from_name("GBK"), Some(Encoding::Gb18030));
    }
}
