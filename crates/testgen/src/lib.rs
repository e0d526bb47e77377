//! Synthetic 政府信息公开工作年度报告 with known values, for docgram's tests and benchmarks.
//!
//! [`random_report`] makes a [`Report`]: a random organization and year and a value for
//! every field key of the format ([`field_keys`], the contract of the spec's section 4),
//! small numbers that satisfy every identity of the spec's section 5.
//! [`render`] writes it as a whole report text — title, the six sections with short prose,
//! and the tables of sections 二, 三 and 四 — in one of the four [`Layout`]s the corpus
//! shows, optionally with realistic irregularities chosen by a [`Noise`].
//! [`expected`] gives the values that rendering shows (what extraction must return): the
//! report itself, except for the title when the title style changes it and the cells
//! [`Noise::blanks`] empties.
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
