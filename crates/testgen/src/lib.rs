//! Synthetic report generator (placeholder; filled in by the generator work).
