//! Reading inputs and choosing grammars: the CLI's I/O edge.

use std::io::Read;
use std::path::Path;

use docgram_core::grammar::{self, Grammar};
use docgram_core::text::Encoding;
use docgram_core::{Document, Engine};

/// Grammar and encoding options shared by the subcommands.
#[derive(clap::Args, Debug, Clone)]
pub struct Common {
    /// Use this grammar instead of detecting one: a bundled id (cn-gov-disclosure-2021, cn-gov-disclosure-2019, cn-gov-disclosure-2019-hubei) or a YAML file.
    #[arg(long, short = 'g', value_name = "ID|FILE")]
    pub grammar: Option<String>,
    /// Read inputs in this encoding (utf-8, gb18030/gbk, utf-16le, utf-16be) instead of detecting it.
    #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
    pub encoding: Option<Encoding>,
}

fn parse_encoding(s: &str) -> Result<Encoding, String> {
    Encoding::from_name(s).ok_or_else(|| {
        format!("unknown encoding {s:?} (use utf-8, gb18030, gbk, utf-16le or utf-16be)")
    })
}

/// Reads a grammar file, resolving `extends:` paths relative to it.
pub fn load_grammar_file(path: &Path) -> Result<Grammar, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let resolve = move |name: &str| -> Option<(String, String)> {
        let p = dir.join(name);
        let t = std::fs::read_to_string(&p).ok()?;
        Some((p.display().to_string(), t))
    };
    Grammar::from_yaml(&text, &path.display().to_string(), &resolve).map_err(|e| e.to_string())
}

/// The engine for `--grammar`: the bundled grammars, or the one given.
pub fn engine(common: &Common) -> Result<(Engine, bool), String> {
    match &common.grammar {
        None => Ok((Engine::bundled(), false)),
        Some(g) => {
            if let Some(b) = grammar::bundled_by_id(g) {
                return Ok((Engine::new(vec![b.clone()]), true));
            }
            let p = Path::new(g);
            if p.exists() {
                // one grammar for the whole run
                let mut g = load_grammar_file(p)?;
                g.make_static();
                Ok((Engine::new(vec![g]), true))
            } else {
                Err(format!(
                    "no grammar {g:?}: not a bundled id ({}) and no such file",
                    grammar::bundled()
                        .iter()
                        .map(|g| g.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        }
    }
}

/// Reads `path` (`-` for standard input) into a document.
pub fn read_document(path: &str, encoding: Option<Encoding>) -> Result<Document, String> {
    let bytes = if path == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .map_err(|e| format!("-: {e}"))?;
        b
    } else {
        std::fs::read(path).map_err(|e| format!("{path}: {e}"))?
    };
    Document::from_bytes_with(&bytes, encoding).map_err(|e| format!("{path}: {e}"))
}

/// The engine and the one document a single-file subcommand works on; on
/// failure the error is printed and the exit code returned.
pub fn engine_and_document(common: &Common, file: &str) -> Result<(Engine, Document), u8> {
    let fail = |e: String| {
        eprintln!("error: {e}");
        crate::EXIT_ERROR
    };
    let (engine, _) = engine(common).map_err(fail)?;
    let doc = read_document(file, common.encoding).map_err(fail)?;
    Ok((engine, doc))
}
