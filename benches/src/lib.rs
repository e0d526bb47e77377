//! Benchmark support crate; see `benches/`.
