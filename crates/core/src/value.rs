//! Cell values as reports write them (spec, section 6).
//!
//! `value := ws* (placeholder | sign? number unit?) ws*` where
//! - `placeholder := '-' | '—' | '/' | '无'` (and their full-width forms): zero;
//! - `number := digits (',' digits)* ('.' digits)?`, full-width digits folded;
//! - `unit := 元 | 万元 | 件 | 个 | 项 | 条 | 次 | 人次 | 宗 | 份`.
//!
//! An empty cell is a missing value (`None`), never zero.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::{char, digit1};
use nom::combinator::{all_consuming, opt, recognize};
use nom::multi::many0;
use nom::sequence::preceded;
use nom::{IResult, Parser};
use serde::Serialize;

use crate::grammar::ValueType;
use crate::normalize::fold;

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

fn placeholder(input: &str) -> IResult<&str, &str> {
    alt((tag("--"), tag("-"), tag("/"), tag("无"), tag("\\"))).parse(input)
}

/// `number := digits (',' digits)* ('.' digits)?`
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

/// Whether a cell's text reads as a value (or a placeholder, or nothing):
/// used to tell value cells from label cells.
pub fn looks_like_value(text: &str) -> bool {
    parse_value(text, ValueType::Decimal).is_ok()
}

/// Longest cell text, in bytes, read as a value: a number with its marks,
/// spaces and unit is far shorter, and a longer text is not parsed (nor
/// quoted whole in the message).
pub const MAX_VALUE_BYTES: usize = 256;

/// Parses a cell's text as a value of `ty`. `Ok(None)` is an empty cell.
pub fn parse_value(text: &str, ty: ValueType) -> Result<Option<Value>, ValueError> {
    if text.len() > MAX_VALUE_BYTES {
        let head: String = text.chars().take(16).collect();
        return Err(ValueError {
            message: format!(
                "{head:?}… ({} bytes) is too long to be a number",
                text.len()
            ),
        });
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
