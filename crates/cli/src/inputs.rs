//! Turning the command line's inputs into sources, found as they are taken,
//! and reading one source within a size limit.
//!
//! An argument is, in this order:
//! - `-`: standard input;
//! - an existing directory: searched recursively for files whose extension is
//!   one of `--ext` (case-insensitive), in sorted order (by file name, at
//!   every level), so the same folder always gives the same order;
//! - an existing path of any other kind: taken as given (its extension is not
//!   checked);
//! - a pattern holding `*`, `?`, `[` or `{`: expanded here (shells on Windows
//!   do not), files only, sorted; `**` crosses folders, `*` does not;
//! - anything else: taken as a file, so that reading it reports the error.
//!
//! `--files-from LIST` adds one path a line (`-` reads the list from standard
//! input); those paths are taken literally: no expansion, no extension filter.
//!
//! An argument that yields nothing (a pattern matching no file, a folder that
//! cannot be walked) becomes an [`Source::Failed`], so it is reported like
//! any unreadable file instead of vanishing from the batch.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use globset::GlobBuilder;
use walkdir::WalkDir;

/// One thing to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A file path.
    File(String),
    /// Standard input (`-`).
    Stdin,
    /// An argument that could not be turned into files: its text and why.
    Failed(String, String),
}

impl Source {
    /// The name written in records (`source`).
    pub fn name(&self) -> &str {
        match self {
            Source::File(p) => p,
            Source::Stdin => "-",
            Source::Failed(arg, _) => arg,
        }
    }
}

/// Why a source yielded no bytes.
#[derive(Debug)]
pub enum ReadError {
    /// It is larger than the limit (size in bytes, limit).
    TooLarge(u64, u64),
    /// It could not be read (the reason).
    Unreadable(String),
}

/// An I/O error as a lower-case reason.
fn reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "no such file".to_owned(),
        K::PermissionDenied => "permission denied".to_owned(),
        K::IsADirectory => "is a directory".to_owned(),
        _ => {
            let s = e.to_string();
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_lowercase().chain(c).collect())
                .unwrap_or(s)
        }
    }
}

/// The sources of the arguments and the `--files-from` list, in order:
/// arguments first, then the list.
///
/// They are found as they are taken, not gathered first: a folder is walked
/// and a list read while the batch runs, so memory does not grow with the
/// number of files (only with the entries of one folder, which are sorted).
pub fn sources<'a>(
    args: &'a [String],
    files_from: Option<&'a str>,
    exts: &'a [String],
) -> impl Iterator<Item = Source> + Send + 'a {
    args.iter()
        .flat_map(move |arg| arg_sources(arg, exts))
        .chain(files_from.into_iter().flat_map(list_sources))
}

/// The sources of the `--files-from` list: one path a line (`-` for
/// standard input), read as they are taken.
fn list_sources(list: &str) -> Box<dyn Iterator<Item = Source> + Send + '_> {
    let reader: Box<dyn BufRead + Send> = if list == "-" {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        match File::open(list) {
            Ok(f) => Box::new(BufReader::new(f)),
            Err(e) => return Box::new(std::iter::once(list_failed(list, &e))),
        }
    };
    let mut lines = reader.lines();
    let mut failed = false;
    Box::new(std::iter::from_fn(move || loop {
        if failed {
            return None;
        }
        match lines.next()? {
            Ok(l) => {
                let l = l.trim_end();
                if l.is_empty() {
                    continue;
                }
                return Some(if l == "-" {
                    Source::Stdin
                } else {
                    Source::File(l.to_owned())
                });
            }
            Err(e) => {
                failed = true;
                return Some(list_failed(list, &e));
            }
        }
    }))
}

fn list_failed(list: &str, e: &std::io::Error) -> Source {
    Source::Failed(
        list.to_owned(),
        format!("cannot read the list of files: {}", reason(e)),
    )
}

fn arg_sources<'a>(
    arg: &'a str,
    exts: &'a [String],
) -> Box<dyn Iterator<Item = Source> + Send + 'a> {
    if arg == "-" {
        return Box::new(std::iter::once(Source::Stdin));
    }
    let path = Path::new(arg);
    if path.is_dir() {
        Box::new(walk_dir(arg, exts))
    } else if path.exists() || !is_pattern(arg) {
        Box::new(std::iter::once(Source::File(arg.to_owned())))
    } else {
        glob_sources(arg)
    }
}

fn is_pattern(s: &str) -> bool {
    s.contains(['*', '?', '[', '{'])
}

fn has_ext(path: &Path, exts: &[String]) -> bool {
    let Some(e) = path.extension().and_then(|e| e.to_str()) else {
        return false;
    };
    exts.iter()
        .any(|x| x.trim_start_matches('.').eq_ignore_ascii_case(e))
}

fn walk_dir<'a>(dir: &'a str, exts: &'a [String]) -> impl Iterator<Item = Source> + Send + 'a {
    let walk = WalkDir::new(dir).follow_links(true).sort_by_file_name();
    walk.into_iter().filter_map(move |entry| match entry {
        Ok(e) if e.file_type().is_file() && has_ext(e.path(), exts) => {
            Some(Source::File(e.path().display().to_string()))
        }
        Ok(_) => None,
        Err(e) => {
            let at = e
                .path()
                .map_or_else(|| dir.to_owned(), |p| p.display().to_string());
            let why = e.io_error().map_or_else(|| e.to_string(), reason);
            Some(Source::Failed(
                at,
                format!("cannot search the folder: {why}"),
            ))
        }
    })
}

/// Splits a pattern into the folder to walk (its leading components without
/// pattern characters) and how deep to walk (`None` when `**` is used).
fn glob_base(pattern: &str) -> (PathBuf, Option<usize>) {
    let mut base = PathBuf::new();
    let mut rest = 0usize;
    let mut deep = false;
    let mut in_pattern = false;
    for c in Path::new(pattern).components() {
        let s = c.as_os_str().to_string_lossy();
        if !in_pattern && !is_pattern(&s) {
            base.push(c.as_os_str());
        } else {
            in_pattern = true;
            rest += 1;
            deep |= s.contains("**");
        }
    }
    (base, if deep { None } else { Some(rest) })
}

/// The files a pattern matches, found as they are taken; a pattern that
/// matches nothing gives one failed source.
fn glob_sources(pattern: &str) -> Box<dyn Iterator<Item = Source> + Send + '_> {
    let glob = match GlobBuilder::new(pattern).literal_separator(true).build() {
        Ok(g) => g.compile_matcher(),
        Err(e) => {
            return Box::new(std::iter::once(Source::Failed(
                pattern.to_owned(),
                format!("bad pattern: {e}"),
            )))
        }
    };
    let (base, depth) = glob_base(pattern);
    let bare = base.as_os_str().is_empty();
    let root = if bare { PathBuf::from(".") } else { base };
    let mut walk = WalkDir::new(&root).follow_links(true).sort_by_file_name();
    if let Some(d) = depth {
        walk = walk.max_depth(d);
    }
    let mut walk = walk.into_iter();
    let mut matched = false;
    Box::new(std::iter::from_fn(move || {
        for e in walk.by_ref().flatten() {
            if !e.file_type().is_file() {
                continue;
            }
            // match the path as the pattern spells it (no leading `./` when
            // the pattern has none)
            let p = if bare {
                e.path().strip_prefix(".").unwrap_or(e.path())
            } else {
                e.path()
            };
            if glob.is_match(p) {
                matched = true;
                return Some(Source::File(p.display().to_string()));
            }
        }
        if matched {
            return None;
        }
        matched = true;
        Some(Source::Failed(
            pattern.to_owned(),
            "no file matches the pattern".to_owned(),
        ))
    }))
}

/// Reads a source whole, refusing one larger than `max` bytes before reading
/// it (by its metadata) and while reading it (a file that grows, standard
/// input).
pub fn read_limited(source: &Source, max: u64) -> Result<Vec<u8>, ReadError> {
    match source {
        Source::Failed(_, why) => Err(ReadError::Unreadable(why.clone())),
        Source::Stdin => read_capped(std::io::stdin().lock(), max, 0),
        Source::File(p) => {
            let file = File::open(p).map_err(|e| ReadError::Unreadable(reason(&e)))?;
            let meta = file
                .metadata()
                .map_err(|e| ReadError::Unreadable(reason(&e)))?;
            if meta.is_dir() {
                return Err(ReadError::Unreadable("is a directory".to_owned()));
            }
            if meta.len() > max {
                return Err(ReadError::TooLarge(meta.len(), max));
            }
            // the whole file in one buffer of its size (plus one byte to see
            // the end), not grown by doubling
            let hint = usize::try_from(meta.len()).map_or(0, |n| n.saturating_add(1));
            read_capped(file, max, hint)
        }
    }
}

fn read_capped(r: impl Read, max: u64, hint: usize) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(hint);
    r.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Unreadable(reason(&e)))?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge(bytes.len() as u64, max));
    }
    Ok(bytes)
}

/// Parses a size such as `65536`, `64K`, `64MiB`, `1G` (binary units).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("bad size {s:?} (use bytes or a unit: 64K, 64M, 1G)"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("bad size unit in {s:?} (use K, M or G)")),
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("size {s:?} is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("2KiB"), Ok(2048));
        assert!(parse_size("x").is_err());
        assert!(parse_size("3 parsecs").is_err());
    }

    #[test]
    fn glob_bases() {
        assert_eq!(
            glob_base("corpus/*.txt"),
            (PathBuf::from("corpus"), Some(1))
        );
        assert_eq!(glob_base("a/**/b*.txt"), (PathBuf::from("a"), None));
        assert_eq!(glob_base("*.txt"), (PathBuf::new(), Some(1)));
    }

    #[test]
    fn extensions() {
        let exts = vec!["txt".to_owned(), ".md".to_owned()];
        assert!(has_ext(Path::new("a/b.TXT"), &exts));
        assert!(has_ext(Path::new("b.md"), &exts));
        assert!(!has_ext(Path::new("b.pdf"), &exts));
        assert!(!has_ext(Path::new("txt"), &exts));
    }
}
