//! `docgram`: turn disclosure reports into validated, structured data.

mod batch;
mod cells;
mod check;
mod cross_year;
mod csv_out;
mod extract;
mod findings;
mod input;
mod inputs;
mod style;

use std::process::ExitCode;

/// mimalloc: the batch allocates many small, short-lived strings on every
/// worker thread, which the system allocator serves slower (see
/// `benches/README.md`). Only the binary chooses an allocator; the library
/// does not.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};

/// Exit code: every document read cleanly.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: documents were read, with findings (warnings, errors in a report, failed checks).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: something could not be run (unreadable input, bad grammar, bad arguments).
pub const EXIT_ERROR: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "docgram",
    version,
    about = "Extract validated, structured data from government-disclosure annual reports"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Show what the engine sees: sections, the layout chosen for each table region, and its grid of cells.
    Cells(cells::Args),
    /// Extract fields from reports, files or whole folders, into JSON, JSON lines or a CSV table.
    Extract(extract::Args),
    /// Check reports' arithmetic and print findings the way a compiler does (exit 0 clean, 1 findings, 2 errors).
    Check(check::Args),
    /// Show where each field came from (label cell and value cell), and the rows the grammar did not use.
    Explain(extract::ExplainArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Cells(a) => cells::run(&a),
        Command::Extract(a) => extract::run(&a),
        Command::Check(a) => check::run(&a),
        Command::Explain(a) => extract::explain(&a),
    };
    ExitCode::from(code)
}
