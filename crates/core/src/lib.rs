//! docgram-core: grammar-driven extraction of structured data from report text.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod diag;
pub mod grammar;
pub mod label;
pub mod normalize;
pub mod span;
pub mod text;
