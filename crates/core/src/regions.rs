//! Table regions: the parts of a document where tables are looked for, each
//! turned into a [`Grid`] by the layout that fits it best.

use crate::grammar::Grammar;
use crate::layout::{self, Grid, LayoutKind};
use crate::lines::Line;
use crate::sections::Sections;

/// A region of lines and the grid made of it.
#[derive(Clone, Debug)]
pub struct Region<'t> {
    /// The section it is the body of; `None` for the whole-document fallback.
    pub section: Option<String>,
    /// Lines `lines.0..lines.1` (indices into the document's lines).
    pub lines: (usize, usize),
    /// Every layout's score, best first.
    pub scores: Vec<(LayoutKind, f32)>,
    /// The grid, parsed with the best layout.
    pub grid: Grid<'t>,
}

/// Makes the regions of a document: the body of every section that a table
/// of `grammar` sits in, and, when one of those sections was not found, the
/// whole document as a last region, so that tables standing elsewhere (in an
/// appendix, under a report's own outline) are still found.
pub fn table_regions<'t>(
    lines: &[Line<'t>],
    sections: &Sections,
    grammar: &Grammar,
) -> Vec<Region<'t>> {
    let mut keys: Vec<&str> = Vec::new();
    for t in &grammar.tables {
        if let Some(s) = t.section.as_deref() {
            if !keys.contains(&s) {
                keys.push(s);
            }
        }
    }
    let mut regions = Vec::new();
    let mut missing = keys.is_empty();
    for key in keys {
        match sections.get(key) {
            Some(sec) => regions.push(region(lines, Some(key.to_owned()), sec.body_lines)),
            None => missing = true,
        }
    }
    if missing {
        regions.push(region(lines, None, (0, lines.len())));
    }
    regions
}

/// Parses `lines[range.0..range.1]` with its best layout.
pub fn region<'t>(
    lines: &[Line<'t>],
    section: Option<String>,
    range: (usize, usize),
) -> Region<'t> {
    // a range outside `lines` is an empty region, not a panic
    let slice = lines.get(range.0..range.1).unwrap_or(&[]);
    let (scores, grid) = layout::score_and_parse(slice);
    Region {
        section,
        lines: range,
        scores,
        grid,
    }
}
