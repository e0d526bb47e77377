//! Terminal styles (stripped by anstream when the output is not a terminal).

use anstyle::{AnsiColor, Style};

pub const DIM: Style = Style::new().dimmed();
pub const BOLD: Style = Style::new().bold();
pub const HEAD: Style = AnsiColor::Cyan.on_default().bold();
pub const WARN: Style = AnsiColor::Yellow.on_default().bold();
pub const ERR: Style = AnsiColor::Red.on_default().bold();
pub const INFO: Style = AnsiColor::Blue.on_default().bold();

/// The style of a severity.
pub fn severity(s: docgram_core::diag::Severity) -> Style {
    match s {
        docgram_core::diag::Severity::Error => ERR,
        docgram_core::diag::Severity::Warning => WARN,
        docgram_core::diag::Severity::Info => INFO,
    }
}
