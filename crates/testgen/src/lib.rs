//! Synthetic 政府信息公开工作年度报告 with known values, for docgram's tests and benchmarks.
//!
//! [`random_report`] makes a [`Report`]: a random organization and year and a value for
//! every field key of the format ([`field_keys`], the contract of the spec's section 4),
//! small numbers that satisfy every identity of the spec's section 5.
//! [`render`](fn@render) writes it as a whole report text — title, the six sections with short prose,
//! and the tables of sections 二, 三 and 四 — in one of the four [`Layout`]s the corpus
//! shows, optionally with realistic irregularities chosen by a [`Noise`].
//! [`expected`] gives the values that rendering shows (what extraction must return): the
//! report itself, except for the title when the title style changes it and the cells
//! [`Noise::blanks`] empties.
//!
//! Layouts follow the corpus: [`Layout::Tab`] (Word copy, a line a row), [`Layout::BrokenLine`]
//! (HTML copy, a cell a line behind a tab), [`Layout::Pipe`] (PDF text, cells behind `"| "`,
//! a lone `"|"` ends a row) and [`Layout::Markdown`]. Row labels are those of the spec's
//! section 3; group cells (三、本年度办理结果, （三）不予公开) stand on the first row of their
//! span only. A `None` value renders as an empty cell.
//!
//! [`Noise`] switches: CRLF, full-width digits, zero placeholders (`-` `—` `/` `无`), spaces
//! around values, wrapped labels, half-width brackets, `1、` numbering, spaced-out headers
//! (`结果 维持`), the short （二）部分公开 label, a stray `、` line and a repeated group label
//! (pipe), a page-break split of table 三 (markdown), rows that lost their leading empty
//! cells (tab), extra trailing cells, heading variants, a signature, four title styles
//! ([`TitleStyle`]) and, opt-in, blank cells ([`Noise::blanks`]).
//!
//! Everything is deterministic: the same rng seed and the same [`Noise`] give the same text.
//!
//! ```
//! use docgram_testgen::{expected, field_keys, random_report, render, Format, Layout, Noise};
//! use rand::{rngs::SmallRng, SeedableRng};
//!
//! let mut rng = SmallRng::seed_from_u64(7);
//! let report = random_report(&mut rng, Format::F2021);
//! assert_eq!(report.values.len(), field_keys(Format::F2021).len());
//! assert!(docgram_testgen::identity_violations(&report).is_empty());
//!
//! let noise = Noise::random(&mut rng);
//! for layout in Layout::ALL {
//!     let text = render(&report, layout, &noise);
//!     assert!(text.contains("本年度办理结果"));
//!     // Same inputs, same text.
//!     assert_eq!(text, render(&report, layout, &noise));
//! }
//! // Without blanks the expected values are the report's own.
//! assert_eq!(expected(&report, &noise).values, report.values);
//! ```

mod model;
mod noise;
mod render;

pub use model::{
    field_keys, identity_violations, is_decimal_key, random_organization, random_report,
    standard_title, Format, Meta, Report, Value, APPLICANT_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS,
};
pub use noise::{expected, Noise, TitleStyle};
pub use render::{render, Layout};
