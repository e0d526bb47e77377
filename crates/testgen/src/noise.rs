//! Realistic irregularities to apply when rendering, and the values they imply.

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use crate::model::{field_keys, Report};

/// How the report's title is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TitleStyle {
    /// First line `<organization><year>年政府信息公开工作年度报告`.
    #[default]
    Standard,
    /// First line `<organization><year>年度政府信息公开工作年度报告`.
    Niandu,
    /// No title line (or a bare year line); the title is quoted in a preamble:
    /// `……现发布《<title>》，本报告统计数据从<year>年1月1日至12月31日。`
    Quoted,
    /// First line `<organization>政府信息公开工作年度报告` without a year; the year is given
    /// in the text as `本报告统计数据从<year>年1月1日至12月31日`.
    NoYear,
}

impl TitleStyle {
    /// All styles.
    pub const ALL: [TitleStyle; 4] = [
        TitleStyle::Standard,
        TitleStyle::Niandu,
        TitleStyle::Quoted,
        TitleStyle::NoYear,
    ];
}

/// Which irregularities [`render`](fn@crate::render) applies. Each is a switch; the cells or
/// lines it touches are picked by a generator seeded with [`Noise::seed`], so a given
/// `(report, layout, noise)` always renders the same text.
///
/// Every irregularity keeps the values recoverable; only [`Noise::blanks`] changes the
/// expected values (see [`expected`]). Switches that make no sense for a layout are ignored
/// there (noted on each field).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Noise {
    /// Seed for the choice of cells, lines and variants the switches touch.
    pub seed: u64,
    /// `\r\n` line endings.
    pub crlf: bool,
    /// Full-width digits (０１２) in some values.
    pub fullwidth_digits: bool,
    /// Some zeros written `-`, `—`, `/` or `无` (the expected value stays 0).
    pub zero_placeholders: bool,
    /// Spaces before and/or after some values (`"  0"`, `"7 "`).
    pub value_spaces: bool,
    /// Long labels broken in two. Pipe and broken-line continue on a bare line, with the
    /// widths the corpus shows (pipe: sub-items after 9 characters, items after 14, header
    /// cells after 4 or 3; broken-line: two-character halves of 商业企业-style header cells
    /// and a break after a comma in long row labels). Tab and markdown have no line breaks
    /// inside a row, so a break becomes a space after a comma (as in corpus 003:
    /// `（本列数据的勾稽关系为： 第一项加第二项之和， 等于…）`).
    pub wrapped_labels: bool,
    /// Half-width brackets: `(一)予以公开`, `第二十条第(一)项`, sometimes `(一) 予以公开`.
    pub halfwidth_brackets: bool,
    /// Sub-items numbered `1、` instead of `1.`.
    pub enumeration_comma: bool,
    /// Table 四 headers spaced out: `结果 维持`, `其他 结果`.
    pub spaced_headers: bool,
    /// The （二） row labelled just `（二）部分公开`, without the parenthetical.
    pub short_partial_label: bool,
    /// Pipe only: `三、本年度办理结果` printed as `三本年度办理结果` and the `、` left on a
    /// line of its own before a later row (corpus 001).
    pub stray_mark: bool,
    /// Pipe only: a page break inside a group of sub-items repeats the group label:
    /// `| （五）不予处理` / `| 4.无正当理由…` (corpus 001).
    pub repeated_group_label: bool,
    /// Markdown only: table 三 split in two at a page break, the second part starting with a
    /// blank header row and a `|---|` rule (corpus 002).
    pub page_split: bool,
    /// Tab only: some rows of table 三 lose their leading empty cells and are padded with
    /// empty cells at the end instead (corpus 003 `(七) 总计→0→…→0→→`); some are followed by a
    /// blank line (corpus 004).
    pub dropped_leading_cells: bool,
    /// Extra empty cells at the end of some rows (tab, markdown, broken-line; pipe text has
    /// no empty cells).
    pub trailing_cells: bool,
    /// Section headings in their variant wordings and separators (`一、概述`, `二．`, `三、 `).
    pub heading_variants: bool,
    /// A signature (organization and a publication date in the following year) at the end.
    pub signature: bool,
    /// How the title is given.
    pub title: TitleStyle,
    /// Opt-in, never set by [`Noise::random`]: a few cells (about 4%) left empty. The
    /// expected value for those keys becomes `None` (see [`expected`]).
    ///
    /// In pipe layout an empty value cell is written as a `"| "` line (a bare empty line if it
    /// is the first cell of the row), distinct from the lone `"|"` that ends a row.
    pub blanks: bool,
}

impl Noise {
    /// No irregularities: the canonical rendering of each layout.
    pub fn none() -> Noise {
        Noise::default()
    }

    /// Every switch on except [`Noise::blanks`], with the given seed and title style.
    pub fn all(seed: u64, title: TitleStyle) -> Noise {
        Noise {
            seed,
            crlf: true,
            fullwidth_digits: true,
            zero_placeholders: true,
            value_spaces: true,
            wrapped_labels: true,
            halfwidth_brackets: true,
            enumeration_comma: true,
            spaced_headers: true,
            short_partial_label: true,
            stray_mark: true,
            repeated_group_label: true,
            page_split: true,
            dropped_leading_cells: true,
            trailing_cells: true,
            heading_variants: true,
            signature: true,
            title,
            blanks: false,
        }
    }

    /// A random subset of the switches (each on with probability ½), a random title style
    /// and a random seed. [`Noise::blanks`] stays off.
    pub fn random<R: Rng + ?Sized>(rng: &mut R) -> Noise {
        let mut b = || rng.random_bool(0.5);
        let mut n = Noise {
            seed: 0,
            crlf: b(),
            fullwidth_digits: b(),
            zero_placeholders: b(),
            value_spaces: b(),
            wrapped_labels: b(),
            halfwidth_brackets: b(),
            enumeration_comma: b(),
            spaced_headers: b(),
            short_partial_label: b(),
            stray_mark: b(),
            repeated_group_label: b(),
            page_split: b(),
            dropped_leading_cells: b(),
            trailing_cells: b(),
            heading_variants: b(),
            signature: b(),
            title: TitleStyle::Standard,
            blanks: false,
        };
        n.title = TitleStyle::ALL[rng.random_range(0..TitleStyle::ALL.len())];
        n.seed = rng.random();
        n
    }

    /// The same noise with [`Noise::blanks`] on.
    pub fn with_blanks(mut self) -> Noise {
        self.blanks = true;
        self
    }
}

/// The values a rendering of `report` with `noise` shows, i.e. what extraction must return:
/// `report` with `meta.title` as the title style writes it and, when [`Noise::blanks`] is
/// on, the blanked cells set to `None`. Independent of the layout.
pub fn expected(report: &Report, noise: &Noise) -> Report {
    let mut out = report.clone();
    let m = &report.meta;
    out.meta.title = match noise.title {
        TitleStyle::Standard | TitleStyle::Quoted => {
            crate::model::standard_title(&m.organization, m.year)
        }
        TitleStyle::Niandu => format!("{}{}年度政府信息公开工作年度报告", m.organization, m.year),
        TitleStyle::NoYear => format!("{}政府信息公开工作年度报告", m.organization),
    };
    if noise.blanks {
        let mut rng = SmallRng::seed_from_u64(noise.seed ^ 0xB1A4_C0DE);
        for key in field_keys(report.format) {
            if rng.random_bool(0.04) {
                out.values.insert(key, None);
            }
        }
    }
    out
}
