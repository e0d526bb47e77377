//! Whole-document extraction: bytes → `Document::from_bytes` →
//! `Engine::extract` → `Record::new` → JSON.
#![no_main]

use std::sync::OnceLock;

use docgram_core::{Document, Engine, Record};
use libfuzzer_sys::fuzz_target;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::bundled)
}

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = Document::from_bytes(data) else {
        return;
    };
    let engine = engine();
    let Some(ex) = engine.extract(&doc) else {
        return;
    };
    let record = Record::new("fuzz.txt", &doc, &ex);
    let _ = serde_json::to_string(&record);
});
