//! docgram-core: grammar-driven extraction of structured data from report text.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod checks;
pub mod diag;
pub mod engine;
pub mod extract;
pub mod grammar;
pub mod label;
pub mod layout;
pub mod lines;
pub mod meta;
pub mod normalize;
pub mod record;
pub mod regions;
pub mod sections;
pub mod span;
pub mod text;
pub mod value;

pub use engine::{
    extract_with, extract_with_opts, Detection, Document, Engine, Extraction, Options,
};
pub use record::Record;
