//! Grammar loading: arbitrary text as a YAML grammar file.
#![no_main]

use docgram_core::grammar::Grammar;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = Grammar::from_yaml_str(text, "fuzz.yaml") {
        let _ = e.to_string();
    }
});
