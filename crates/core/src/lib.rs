//! docgram-core: grammar-driven extraction of structured data from report text.
//!
//! Text in, data out: this crate reads no files and prints nothing. Its
//! principal types are [`Document`] (decoded text with a line index),
//! [`Engine`] (compiled grammars, shared by every document of a batch) and
//! [`Extraction`] (every field of the grammar with its value and its place in
//! the text, the report's checks, and diagnostics). [`Record`] is the JSON
//! output contract.
//!
//! ```
//! use docgram_core::{Document, Engine};
//!
//! let text = "某镇2021年政府信息公开工作年度报告\n\
//!             二、主动公开政府信息情况\n\
//!             第二十条第（五）项\n\
//!             信息内容\t本年处理决定数量\n\
//!             行政许可\t40\n";
//! let engine = Engine::bundled();
//! let doc = Document::from_bytes(text.as_bytes()).unwrap();
//! let ex = engine.extract(&doc).unwrap();
//! assert_eq!(ex.grammar.id, "cn-gov-disclosure-2021");
//! assert_eq!(ex.meta.organization.as_deref(), Some("某镇"));
//! let licensing = ex.field("proactive.licensing.decisions").unwrap();
//! assert_eq!(licensing.value, Some(docgram_core::value::Value::Int(40)));
//! assert_eq!(doc.locate(licensing.value_span.unwrap()), "5:6");
//! // what was not there is said, never invented
//! assert!(ex.field("proactive.penalty.decisions").unwrap().value.is_none());
//! assert!(ex.diagnostics.iter().any(|d| d.code.as_str() == "missing-table"));
//! ```
//!
//! A key design decision: extraction never fails on a document. A report
//! with a broken table still yields every value that could be read, plus
//! [`diag::Diagnostic`]s saying what could not be read, where and why. Only
//! grammar files fail to load ([`grammar::GrammarError`]), with file, line,
//! column and key path.
//!
//! The pipeline, one module each: [`text`] decodes, [`lines`] and
//! [`sections`] find the structure, [`layout`] turns each table region into a
//! grid with the layout that fits it best, [`extract`] maps cells to fields
//! by their labels ([`label`]) and reads values ([`value`]), [`meta`] finds
//! title, organization and year, and [`checks`] evaluates the grammar's
//! identities.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod checks;
pub mod diag;
pub mod engine;
pub mod extract;
pub mod grammar;
mod json;
pub mod label;
pub mod layout;
pub mod lines;
pub mod meta;
pub mod normalize;
pub mod record;
pub mod regions;
pub mod sections;
pub mod shared;
mod signals;
pub mod span;
#[cfg(test)]
mod testing;
pub mod text;
pub mod value;

pub use engine::{
    extract_with, extract_with_opts, Detection, Document, Engine, Extraction, Options,
};
pub use record::Record;
pub use shared::SharedStr;
