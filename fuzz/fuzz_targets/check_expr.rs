//! The check expression parser and expander, against the tables and field
//! keys of the bundled 2021 grammar.
#![no_main]

use docgram_core::checks;
use docgram_core::grammar::bundled_by_id;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let Some(g) = bundled_by_id("cn-gov-disclosure-2021") else {
        return;
    };
    if let Err(e) = checks::compile(src, &g.tables, &g.field_keys) {
        assert!(e.offset <= src.len());
    }
});
