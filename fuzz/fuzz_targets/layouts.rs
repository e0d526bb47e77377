//! Every layout adapter, and the best-layout choice, on arbitrary lines.
#![no_main]

use docgram_core::layout::{parse_best, LayoutKind};
use docgram_core::lines::split_lines;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines = split_lines(&text);
    for kind in LayoutKind::ALL {
        let grid = kind.parse(&lines);
        for row in &grid.rows {
            for cell in &row.cells {
                let (s, e) = (cell.span.start as usize, cell.span.end as usize);
                assert!(text.get(s..e).is_some(), "cell span {s}..{e} off the text");
            }
        }
    }
    let _ = parse_best(&lines);
});
