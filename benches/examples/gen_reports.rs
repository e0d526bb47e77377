//! Writes generated reports to a folder, for `benches/batch.sh`:
//! `gen_reports DIR N` writes `DIR/000000.txt` … (layouts and formats in turn).

use std::path::PathBuf;

/// The allocator the CLI binary uses, so figures match it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: gen_reports DIR N"));
    let n: u64 = args
        .next()
        .and_then(|s| s.parse().ok())
        .expect("usage: gen_reports DIR N");
    std::fs::create_dir_all(&dir).expect("create the folder");
    let mut bytes = 0usize;
    for i in 0..n {
        let text = docgram_benches::batch_report(i);
        bytes += text.len();
        std::fs::write(dir.join(format!("{i:06}.txt")), text).expect("write a report");
    }
    println!("{n} reports, {bytes} bytes in {}", dir.display());
}
