//! Cell values as reports write them (spec, section 6).
//!
//! `value := ws* (placeholder | sign? number unit?) ws*` where
//! - `placeholder := '-' | '—' | '/' | '无'` (and their full-width forms): zero;
//! - `number := digits (',' digits)* ('.' digits)?`, full-width digits folded;
//! - `unit := 元 | 万元 | 件 | 个 | 项 | 条 | 次 | 人次 | 宗 | 份`.
//!
//! An empty cell is a missing value (`None`), never zero.

use serde::Serialize;

use crate::grammar::ValueType;
use crate::normalize::{fold_char, Fold};

/// A value read from a cell.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// A count or a signed integer.
    Int(i64),
    /// A decimal amount.
    Decimal(f64),
}

impl Value {
    /// The value as an `f64` (for checks and sums).
    pub fn as_f64(self) -> f64 {
        match self {
            Value::Int(i) => i as f64,
            Value::Decimal(d) => d,
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Int(i) => write!(f, "{i}"),
            Value::Decimal(d) => write!(f, "{d}"),
        }
    }
}

/// Why a cell's text is not a value of its column's type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueError {
    /// Lower-case message without trailing period.
    pub message: String,
}

const UNITS: [&str; 11] = [
    "万元", "人次", "元", "件", "个", "项", "条", "次", "宗", "份", "家",
];

/// Why a text is not a value, before the message is written (value cells
/// are tested by the thousand: a label cell must not cost a `format!`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fail {
    NotNumber,
    NotDecimal,
    NotWhole,
    TooLarge,
    Negative,
}

impl Fail {
    fn message(self, text: &str) -> ValueError {
        let message = match self {
            Fail::NotNumber => format!("{text:?} is not a number"),
            Fail::NotDecimal => format!("{text:?} is not a decimal number"),
            Fail::NotWhole => format!("{text:?} is not a whole number"),
            Fail::TooLarge => format!("{text:?} is too large"),
            Fail::Negative => format!("{text:?} is negative but the column counts"),
        };
        ValueError { message }
    }
}

/// Whether `c` (folded) can stand in a value: digits, signs, separators,
/// placeholders and the characters of the units.
fn value_char(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(
            c,
            ',' | '.'
                | '-'
                | '+'
                | '/'
                | '\\'
                | '无'
                | '万'
                | '元'
                | '人'
                | '次'
                | '件'
                | '个'
                | '项'
                | '条'
                | '宗'
                | '份'
                | '家'
        )
}

/// Whether every character of folded text `s` can stand in a value: a label
/// whose body is not such text never matches a value cell's.
pub(crate) fn value_chars_only(s: &str) -> bool {
    s.chars().all(value_char)
}

/// Room for the folded text of a value cell on the stack; longer ones are
/// folded into a `String`.
const INLINE: usize = 96;

/// The folded text of a cell without white space (`fold` then remove white
/// space), unless a character that no value holds shows that it is not one.
enum Folded {
    /// The first `len` bytes of the caller's buffer.
    Inline(usize),
    Heap(String),
    NotValue,
}

/// What one character of a value cell contributes to its folded text.
enum Step {
    /// Nothing (white space, a dropped character).
    Skip,
    /// This folded character.
    Push(char),
    /// A character no value holds.
    NotValue,
}

/// What one character contributes to a value cell's folded text: ASCII and
/// the CJK ideographs (which fold to themselves and are no white space) are
/// told apart first (checked against [`step_plain`] for every character).
/// Inlined into its loops: a call cost more than the test.
#[inline(always)]
fn step(c: char) -> Step {
    let plain = c.is_ascii() && c != '\r' || ('\u{4E00}'..='\u{9FFF}').contains(&c);
    if !plain {
        return step_plain(c);
    }
    if c.is_ascii_whitespace() || c == '\u{0B}' {
        Step::Skip
    } else if value_char(c) {
        Step::Push(c)
    } else {
        Step::NotValue
    }
}

/// [`step`] by the book: fold, then drop white space, then keep value
/// characters.
#[inline(never)]
fn step_plain(c: char) -> Step {
    let d = match fold_char(c) {
        Fold::Keep => c,
        Fold::To(d) => d,
        Fold::Drop => return Step::Skip,
    };
    if d.is_whitespace() {
        Step::Skip
    } else if value_char(d) {
        Step::Push(d)
    } else {
        Step::NotValue
    }
}

fn fold_value(text: &str, buf: &mut [u8; INLINE]) -> Folded {
    let mut len = 0;
    for (i, c) in text.char_indices() {
        let d = match step(c) {
            Step::Skip => continue,
            Step::Push(d) => d,
            Step::NotValue => return Folded::NotValue,
        };
        if len + d.len_utf8() > INLINE {
            // a long run of digits: fold the rest on the heap
            let mut s = String::with_capacity(text.len());
            s.push_str(std::str::from_utf8(&buf[..len]).unwrap_or_default());
            for c in text[i..].chars() {
                match step(c) {
                    Step::Skip => {}
                    Step::Push(d) => s.push(d),
                    Step::NotValue => return Folded::NotValue,
                }
            }
            return Folded::Heap(s);
        }
        if d.is_ascii() {
            buf[len] = d as u8;
            len += 1;
        } else {
            len += d.encode_utf8(&mut buf[len..]).len();
        }
    }
    Folded::Inline(len)
}

/// Where the parts of a number stand in a folded text ([`number`]).
struct Number<'t> {
    negative: bool,
    /// The digits and separators of the integer part (`1,234`).
    int: &'t [u8],
    /// The integer part, the point and the fraction (`1,234.5`).
    whole: &'t [u8],
    /// The fraction's digits, if any.
    frac: Option<&'t [u8]>,
}

/// Reads `value := placeholder | sign? number unit?` over folded text
/// without white space, where
/// `placeholder := '--' | '-' | '/' | '无' | '\'`,
/// `number := digits (',' digits)* ('.' digits)?` and `unit` one of [`UNITS`]:
/// `Ok(None)` for an empty text, `Ok(Some(None))` for a placeholder.
///
/// The text is taken as bytes: a folded text made on the stack is read
/// without checking it again as UTF-8.
#[allow(clippy::option_option)]
fn number(b: &[u8]) -> Result<Option<Option<Number<'_>>>, Fail> {
    if b.is_empty() {
        return Ok(None);
    }
    if matches!(b, b"--" | b"-" | b"/" | b"\\") || b == "无".as_bytes() {
        return Ok(Some(None));
    }
    let mut i = 0;
    let negative = b[0] == b'-';
    if matches!(b[0], b'-' | b'+') {
        i = 1;
    }
    let digits = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let is_digit_at = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if !is_digit_at(i) {
        return Err(Fail::NotNumber);
    }
    let start = i;
    i = digits(i);
    // (',' digits)*: a comma not followed by a digit is not part of the number
    while b.get(i) == Some(&b',') && is_digit_at(i + 1) {
        i = digits(i + 1);
    }
    let int_end = i;
    let mut frac = None;
    if b.get(i) == Some(&b'.') && is_digit_at(i + 1) {
        let f = i + 1;
        i = digits(f);
        frac = Some(&b[f..i]);
    }
    let rest = &b[i..];
    if !rest.is_empty() && !UNITS.iter().any(|u| u.as_bytes() == rest) {
        return Err(Fail::NotNumber);
    }
    Ok(Some(Some(Number {
        negative,
        int: &b[start..int_end],
        whole: &b[start..i],
        frac,
    })))
}

/// The value of a folded text without white space (see [`number`]).
fn scan(t: &[u8], ty: ValueType) -> Result<Option<Value>, Fail> {
    let Some(n) = number(t)? else {
        return Ok(None);
    };
    let Some(Number {
        negative,
        int,
        whole: number,
        frac,
    }) = n
    else {
        return Ok(Some(match ty {
            ValueType::Decimal => Value::Decimal(0.0),
            _ => Value::Int(0),
        }));
    };
    match ty {
        ValueType::Decimal => {
            // the digits without separators, as `f64::from_str` reads them
            let mut plain = String::new();
            let mut inline = [0u8; INLINE];
            let mut n = 0;
            let s: &str = if number.len() <= INLINE {
                for &c in number.iter().filter(|&&c| c != b',') {
                    inline[n] = c;
                    n += 1;
                }
                std::str::from_utf8(&inline[..n]).unwrap_or_default()
            } else {
                plain.extend(number.iter().filter(|&&c| c != b',').map(|&c| c as char));
                &plain
            };
            let v: f64 = s.parse().map_err(|_| Fail::NotDecimal)?;
            Ok(Some(Value::Decimal(if negative { -v } else { v })))
        }
        ValueType::Integer | ValueType::SignedInteger => {
            if frac.is_some_and(|f| !f.iter().all(|&c| c == b'0')) {
                return Err(Fail::NotWhole);
            }
            let mut v: i64 = 0;
            for &c in int.iter().filter(|&&c| c != b',') {
                v = v
                    .checked_mul(10)
                    .and_then(|v| v.checked_add(i64::from(c - b'0')))
                    .ok_or(Fail::TooLarge)?;
            }
            if negative && ty == ValueType::Integer && v != 0 {
                return Err(Fail::Negative);
            }
            Ok(Some(Value::Int(if negative { -v } else { v })))
        }
    }
}

/// Whether every byte of `text` is printable ASCII: such a text folds to
/// itself without white space, so it is read as it is (tested against the
/// folding path for every text of up to three such bytes).
fn printable_ascii(text: &str) -> bool {
    text.bytes().all(|b| (0x21..=0x7E).contains(&b))
}

fn scan_text(text: &str, ty: ValueType) -> Result<Option<Value>, Fail> {
    if printable_ascii(text) {
        return scan(text.as_bytes(), ty);
    }
    scan_folded(text, ty)
}

/// [`scan_text`] through the folded text, whatever the text holds.
fn scan_folded(text: &str, ty: ValueType) -> Result<Option<Value>, Fail> {
    let mut buf = [0u8; INLINE];
    match fold_value(text, &mut buf) {
        Folded::Inline(len) => scan(&buf[..len], ty),
        Folded::Heap(s) => scan(s.as_bytes(), ty),
        Folded::NotValue => Err(Fail::NotNumber),
    }
}

/// Longest cell text, in bytes, read as a value: a number with its marks,
/// spaces and unit is far shorter, and a longer text is not parsed (nor
/// quoted whole in the message).
pub const MAX_VALUE_BYTES: usize = 256;

/// Whether a cell's text reads as a value (or a placeholder, or nothing):
/// used to tell value cells from label cells.
pub fn looks_like_value(text: &str) -> bool {
    // an empty cell (nothing to scan) or one of digits only reads as a
    // value; a cell whose first character no value holds (most label
    // cells) does not, as the scan would find at that character
    let Some(first) = text.chars().next() else {
        return true;
    };
    short_digits(text).is_some()
        || !matches!(step(first), Step::NotValue)
            && text.len() <= MAX_VALUE_BYTES
            && reads_as_number(text)
}

/// Whether `scan_text(text, ValueType::Decimal)` is `Ok`, without making
/// the number: a decimal fails on its form only (tested).
#[inline(never)]
fn reads_as_number(text: &str) -> bool {
    if printable_ascii(text) {
        return number(text.as_bytes()).is_ok();
    }
    let mut buf = [0u8; INLINE];
    match fold_value(text, &mut buf) {
        Folded::Inline(len) => number(&buf[..len]).is_ok(),
        Folded::Heap(s) => number(s.as_bytes()).is_ok(),
        Folded::NotValue => false,
    }
}

/// The value of a text of 1 to 15 ASCII digits (most value cells), read
/// without folding; 15 digits neither overflow nor lose precision as `f64`.
fn short_digits(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    (!b.is_empty() && b.len() <= 15 && b.iter().all(u8::is_ascii_digit))
        .then(|| b.iter().fold(0, |v, &c| v * 10 + i64::from(c - b'0')))
}

/// Parses a cell's text as a value of `ty`. `Ok(None)` is an empty cell.
pub fn parse_value(text: &str, ty: ValueType) -> Result<Option<Value>, ValueError> {
    // most value cells are a few digits: read without setting up the rest
    if let Some(v) = short_digits(text) {
        return Ok(Some(match ty {
            ValueType::Decimal => Value::Decimal(v as f64),
            ValueType::Integer | ValueType::SignedInteger => Value::Int(v),
        }));
    }
    parse_other(text, ty)
}

/// [`parse_value`] of a text that is not [`short_digits`].
#[inline(never)]
fn parse_other(text: &str, ty: ValueType) -> Result<Option<Value>, ValueError> {
    if text.len() > MAX_VALUE_BYTES {
        let head: String = text.chars().take(16).collect();
        return Err(ValueError {
            message: format!(
                "{head:?}… ({} bytes) is too long to be a number",
                text.len()
            ),
        });
    }
    scan_text(text, ty).map_err(|f| f.message(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_is_step_plain_for_every_char() {
        let key = |s: Step| match s {
            Step::Skip => Some(None),
            Step::Push(d) => Some(Some(d)),
            Step::NotValue => None,
        };
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(key(step(c)), key(step_plain(c)), "{:X}", c as u32);
        }
    }

    #[test]
    fn digits_read_as_the_scanner_reads_them() {
        let mut texts: Vec<String> = Vec::new();
        for n in 1..=15 {
            texts.push("9".repeat(n));
            texts.push(format!("0{}", "1".repeat(n - 1)));
            texts.push("0".repeat(n));
        }
        for t in texts {
            assert!(looks_like_value(&t), "{t}");
            for ty in [
                ValueType::Integer,
                ValueType::SignedInteger,
                ValueType::Decimal,
            ] {
                let scanned = scan_text(&t, ty).ok().flatten();
                assert!(scanned.is_some(), "{t}");
                assert_eq!(parse_value(&t, ty).unwrap(), scanned, "{t} {ty:?}");
            }
        }
    }

    /// Every text of at most `n` of `chars`, each once, the empty one too.
    fn up_to(chars: impl Iterator<Item = char>, n: usize) -> Vec<String> {
        let singles: Vec<String> = chars.map(String::from).collect();
        let parts: Vec<&str> = std::iter::once("")
            .chain(singles.iter().map(String::as_str))
            .collect();
        let mut texts = crate::layout::every_text(&parts, n);
        texts.sort();
        texts.dedup();
        texts
    }

    #[test]
    fn printable_ascii_is_read_as_folding_reads_it() {
        let texts = up_to((0x21u8..=0x7E).map(char::from), 3);
        assert_eq!(texts.len(), 1 + 94 + 94 * 94 + 94 * 94 * 94);
        for t in &texts {
            assert!(printable_ascii(t));
            for ty in [
                ValueType::Integer,
                ValueType::SignedInteger,
                ValueType::Decimal,
            ] {
                assert_eq!(scan_text(t, ty), scan_folded(t, ty), "{t:?} {ty:?}");
            }
            assert_eq!(
                reads_as_number(t),
                scan_text(t, ValueType::Decimal).is_ok(),
                "{t:?}"
            );
        }
    }

    #[test]
    fn a_number_is_told_without_making_it() {
        let texts = up_to(
            "09,.-+/\\无万元件人次 \u{3000}１，．－a中\u{200B}".chars(),
            4,
        );
        let mut numbers = 0;
        for t in &texts {
            let ok = scan_text(t, ValueType::Decimal).is_ok();
            assert_eq!(reads_as_number(t), ok, "{t:?}");
            numbers += usize::from(ok);
        }
        assert!(numbers > 1000, "only {numbers}");
    }

    /// The nom reading the scanner replaced, kept to check they agree.
    mod reference {
        use super::super::{ValueError, UNITS};
        use crate::grammar::ValueType;
        use crate::normalize::fold;
        use crate::value::Value;
        use nom::branch::alt;
        use nom::bytes::complete::{tag, take_while1};
        use nom::character::complete::{char, digit1};
        use nom::combinator::{all_consuming, opt, recognize};
        use nom::multi::many0;
        use nom::sequence::preceded;
        use nom::{IResult, Parser};

        fn placeholder(input: &str) -> IResult<&str, &str> {
            alt((tag("--"), tag("-"), tag("/"), tag("无"), tag("\\"))).parse(input)
        }

        fn number(input: &str) -> IResult<&str, &str> {
            recognize((
                digit1,
                many0(preceded(char(','), digit1)),
                opt(preceded(char('.'), digit1)),
            ))
            .parse(input)
        }

        fn unit(input: &str) -> IResult<&str, &str> {
            for u in UNITS {
                if let Some(rest) = input.strip_prefix(u) {
                    return Ok((rest, &input[..u.len()]));
                }
            }
            Err(nom::Err::Error(nom::error::Error::new(
                input,
                nom::error::ErrorKind::Tag,
            )))
        }

        fn signed_number(input: &str) -> IResult<&str, (Option<char>, &str)> {
            (
                opt(alt((char('-'), char('+')))),
                preceded(opt(take_while1(|c| c == ' ')), number),
            )
                .parse(input)
        }

        pub fn parse_value(text: &str, ty: ValueType) -> Result<Option<Value>, ValueError> {
            let folded = fold(text);
            let t: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
            if t.is_empty() {
                return Ok(None);
            }
            if all_consuming(placeholder).parse(t.as_str()).is_ok() {
                return Ok(Some(match ty {
                    ValueType::Decimal => Value::Decimal(0.0),
                    _ => Value::Int(0),
                }));
            }
            let parsed = all_consuming((signed_number, opt(unit))).parse(t.as_str());
            let Ok((_, ((sign, digits), _unit))) = parsed else {
                return Err(ValueError {
                    message: format!("{text:?} is not a number"),
                });
            };
            let negative = sign == Some('-');
            let plain: String = digits.chars().filter(|&c| c != ',').collect();
            match ty {
                ValueType::Decimal => {
                    let v: f64 = plain.parse().map_err(|_| ValueError {
                        message: format!("{text:?} is not a decimal number"),
                    })?;
                    Ok(Some(Value::Decimal(if negative { -v } else { v })))
                }
                ValueType::Integer | ValueType::SignedInteger => {
                    let (int_part, frac) = plain.split_once('.').unwrap_or((plain.as_str(), ""));
                    if !frac.chars().all(|c| c == '0') {
                        return Err(ValueError {
                            message: format!("{text:?} is not a whole number"),
                        });
                    }
                    let v: i64 = int_part.parse().map_err(|_| ValueError {
                        message: format!("{text:?} is too large"),
                    })?;
                    if negative && ty == ValueType::Integer && v != 0 {
                        return Err(ValueError {
                            message: format!("{text:?} is negative but the column counts"),
                        });
                    }
                    Ok(Some(Value::Int(if negative { -v } else { v })))
                }
            }
        }
    }

    fn agree(text: &str) {
        for ty in [
            ValueType::Integer,
            ValueType::SignedInteger,
            ValueType::Decimal,
        ] {
            assert_eq!(
                parse_value(text, ty),
                reference::parse_value(text, ty),
                "{text:?} as {ty:?}"
            );
        }
        assert_eq!(
            looks_like_value(text),
            reference::parse_value(text, ValueType::Decimal).is_ok(),
            "{text:?}"
        );
    }

    #[test]
    fn looks_like_value_agrees_with_the_scan_for_every_first_character() {
        let by_scan =
            |t: &str| t.len() <= MAX_VALUE_BYTES && scan_text(t, ValueType::Decimal).is_ok();
        for c in (0..0x3_0000u32).filter_map(char::from_u32) {
            for t in [
                c.to_string(),
                format!("{c}0"),
                format!("{c}12件"),
                format!("{c} "),
            ] {
                assert_eq!(looks_like_value(&t), by_scan(&t), "{:X} {t:?}", c as u32);
            }
        }
    }

    #[test]
    fn scanner_agrees_with_the_grammar() {
        for t in [
            "", " ", "0", "-0", "+0", "-", "--", "---", "—", "——", "／", "\\", "无", "无无",
            "1,", "1,2", "1,,2", ",1", "1.", "1.0", "1.50", "01.00", ".5", "1.2.3", "1,2.3,4",
            "12件", "12件件", "12人", "12人次", "12次", "万元", "3万元", "- 5", "+ 5", "-+5",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808",
            "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001",
            "1111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111.5",
            "１，２３４．５０", "\u{200B}7\u{3000}", "7 件", "1 2", "1.属于国家秘密", "(一)予以公开",
            "-8", "−8", "－8", "1e5", "NaN", "inf", "١٢",
        ] {
            agree(t);
        }
    }

    proptest::proptest! {
        #[test]
        fn scanner_agrees_on_random_text(s in "[0-9０-９,，.．\\-—+/无元万人次件项条宗份家 a\u{3000}]{0,12}") {
            agree(&s);
        }
    }

    fn int(s: &str) -> Result<Option<Value>, ValueError> {
        parse_value(s, ValueType::Integer)
    }

    #[test]
    fn spellings_of_numbers() {
        assert_eq!(int("0"), Ok(Some(Value::Int(0))));
        assert_eq!(int(" 40 "), Ok(Some(Value::Int(40))));
        assert_eq!(int("\u{2003}\u{2003}7"), Ok(Some(Value::Int(7))));
        assert_eq!(int("０１２"), Ok(Some(Value::Int(12))));
        assert_eq!(int("1,234"), Ok(Some(Value::Int(1234))));
        assert_eq!(int("1，234"), Ok(Some(Value::Int(1234))));
        assert_eq!(int("3件"), Ok(Some(Value::Int(3))));
        assert_eq!(int("251000元"), Ok(Some(Value::Int(251000))));
        for z in ["-", "—", "/", "无", "－", "——", "／"] {
            assert_eq!(int(z), Ok(Some(Value::Int(0))), "{z}");
        }
        assert_eq!(int(""), Ok(None));
        assert_eq!(int("  "), Ok(None));
        assert!(int("-8").is_err());
        assert_eq!(
            parse_value("-8", ValueType::SignedInteger),
            Ok(Some(Value::Int(-8)))
        );
        assert_eq!(
            parse_value("96171.6", ValueType::Decimal),
            Ok(Some(Value::Decimal(96171.6)))
        );
        assert_eq!(
            parse_value("4068.208万元", ValueType::Decimal),
            Ok(Some(Value::Decimal(4068.208)))
        );
        assert!(int("1.5").is_err());
        assert!(int("规章").is_err());
        assert!(int("99999999999999999999999").is_err());
        assert!(looks_like_value("0"));
        assert!(looks_like_value(""));
        assert!(!looks_like_value("行政许可"));
    }
}
