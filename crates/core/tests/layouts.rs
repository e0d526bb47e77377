//! Data-driven layout cases: `tests/layouts/<layout>/<case>.txt` is parsed
//! with that layout and compared with `<case>.grid` beside it, which holds the
//! layout's score and the grid (a row a line, each cell as `text@line:column`,
//! `∅` for an empty cell, ` | ` between cells) and the stray lines skipped.
//! Cases named `foreign` are text of another layout: their score must stay
//! below 0.5. Set `UPDATE_GRIDS=1` to write missing `.grid` files (then read
//! them before committing).

use std::path::Path;

use docgram_core::layout::{Grid, LayoutKind};
use docgram_core::lines::split_lines;
use docgram_core::span::LineIndex;

fn render(text: &str, grid: &Grid) -> String {
    let index = LineIndex::new(text);
    let mut out = format!("score {:.2}\n", grid.score);
    for row in &grid.rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|c| {
                // every span lies inside the input and slices to the cell's
                // first line of text
                let slice = &text[c.span.range()];
                assert!(
                    c.text.starts_with(slice.lines().next().unwrap_or("")),
                    "{slice:?} vs {:?}",
                    c.text
                );
                let pos = index.position(text, c.span.start as usize);
                let t = if c.text.is_empty() { "∅" } else { &c.text };
                format!("{t}@{pos}")
            })
            .collect();
        out.push_str(&cells.join(" | "));
        out.push('\n');
    }
    for d in &grid.diagnostics {
        let pos = index.position(text, d.span.map_or(0, |s| s.start as usize));
        out.push_str(&format!("{}@{}: {}\n", d.code, pos, d.message));
    }
    out
}

#[test]
fn layout_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/layouts");
    let mut checked = 0;
    let mut failures = Vec::new();
    for kind in LayoutKind::ALL {
        let dir = root.join(kind.name());
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for input in entries
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        {
            let text = std::fs::read_to_string(input).unwrap();
            let lines = split_lines(&text);
            let grid = kind.parse(&lines);
            let name = input.file_stem().unwrap().to_string_lossy().to_string();
            if name == "foreign" {
                assert!(
                    grid.score < 0.5,
                    "{}: foreign text scores {}",
                    input.display(),
                    grid.score
                );
            } else {
                assert!(
                    grid.score >= 0.8,
                    "{}: own layout scores {}",
                    input.display(),
                    grid.score
                );
                let best = docgram_core::layout::scores(&lines)[0].0;
                assert_eq!(best, kind, "{}: best layout", input.display());
            }
            let got = render(&text, &grid);
            let expected_path = input.with_extension("grid");
            match std::fs::read_to_string(&expected_path) {
                Ok(want) if want == got => {}
                Ok(want) => failures.push(format!(
                    "{}:\n--- want\n{want}--- got\n{got}",
                    expected_path.display()
                )),
                Err(_) if std::env::var_os("UPDATE_GRIDS").is_some() => {
                    std::fs::write(&expected_path, &got).unwrap()
                }
                Err(_) => {
                    failures.push(format!("{}: missing; got\n{got}", expected_path.display()))
                }
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 12, "only {checked} cases");
}
