//! Loading a grammar: YAML text → raw model → merged with what it extends →
//! compiled [`Grammar`].
//!
//! The loader never reads files: an `extends:` name that is not a bundled id
//! is handed to a resolver the caller supplies. Every error is a
//! [`GrammarError`] naming the file, line, column and key path.

use std::fmt;
use std::sync::OnceLock;

use serde_path_to_error::Segment;

use super::raw::{At, Pos, RawGrammar};
use super::{compile, merge, Grammar};

/// What kind of mistake a [`GrammarError`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GrammarErrorKind {
    /// The text is not well-formed YAML.
    Syntax,
    /// A key the grammar language does not have.
    UnknownKey,
    /// A value of the wrong type, or a value outside the allowed set.
    InvalidValue,
    /// The same YAML key twice in one mapping.
    DuplicateYamlKey,
    /// A required key is missing (after merging with the extended grammar).
    MissingField,
    /// Two entries with the same key or id (rows, columns, tables, sections,
    /// checks, field keys).
    Duplicate,
    /// A reference to something that does not exist (`section:`, `after:`,
    /// `before:`, `remove:`).
    DanglingReference,
    /// `extends:` names a grammar that neither the bundled set nor the
    /// resolver knows.
    UnknownGrammar,
    /// `extends:` leads back to a grammar already being loaded.
    ExtendsCycle,
    /// The input exceeds a size or alias limit (or a check expression nests
    /// too deep or expands to too many terms).
    Limit,
    /// A check expression is not well-formed.
    InvalidExpression,
}

/// An error in a grammar file.
///
/// Displayed as `origin:line:column: at `key.path`: message` (the `at …` part
/// is left out when the error concerns the whole document). Lines and columns
/// start at 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrammarError {
    /// The file the error is in (a path, or `bundled:<id>`).
    pub origin: String,
    /// Line, from 1.
    pub line: u32,
    /// Column, from 1.
    pub column: u32,
    /// Key path of the offending value, e.g. `tables[2].rows[0].label`.
    pub path: String,
    /// Lower-case message without trailing period.
    pub message: String,
    /// What kind of mistake this is.
    pub kind: GrammarErrorKind,
}

impl fmt::Display for GrammarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.origin, self.line, self.column)?;
        if !self.path.is_empty() {
            write!(f, "at `{}`: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for GrammarError {}

/// An error before it is tied to a file name: the loader converts it once.
#[derive(Debug)]
pub(crate) struct Fail {
    pub pos: Pos,
    pub kind: GrammarErrorKind,
    pub message: String,
}

impl Fail {
    pub fn new(pos: &Pos, kind: GrammarErrorKind, message: impl Into<String>) -> Fail {
        Fail {
            pos: pos.clone(),
            kind,
            message: message.into(),
        }
    }

    /// An error about a missing key `key` of the entry at `pos`.
    pub fn missing(pos: &Pos, key: &str) -> Fail {
        Fail::new(
            &pos.child(key),
            GrammarErrorKind::MissingField,
            format!("missing required key `{key}`"),
        )
    }
}

/// Largest grammar text accepted, in bytes.
const MAX_TEXT_BYTES: usize = 1 << 20;
/// Deepest `extends:` chain accepted.
const MAX_EXTENDS_DEPTH: usize = 16;

/// The bundled grammars: id and YAML text.
const BUNDLED_SOURCES: &[(&str, &str)] = &[
    (
        "cn-gov-disclosure-2021",
        include_str!("../../../../grammars/cn-gov-disclosure-2021.yaml"),
    ),
    (
        "cn-gov-disclosure-2019",
        include_str!("../../../../grammars/cn-gov-disclosure-2019.yaml"),
    ),
    (
        "cn-gov-disclosure-2019-hubei",
        include_str!("../../../../grammars/cn-gov-disclosure-2019-hubei.yaml"),
    ),
];

fn bundled_source(id: &str) -> Option<(String, String)> {
    BUNDLED_SOURCES
        .iter()
        .find(|(bid, _)| *bid == id)
        .map(|(bid, text)| (format!("bundled:{bid}"), (*text).to_owned()))
}

/// The bundled grammars, compiled once on first use.
///
/// A bundled grammar that failed to compile would be missing from the list;
/// the test suite makes sure that every one compiles.
pub fn bundled() -> &'static [Grammar] {
    static BUNDLED: OnceLock<Vec<Grammar>> = OnceLock::new();
    BUNDLED.get_or_init(|| {
        BUNDLED_SOURCES
            .iter()
            .filter_map(|(id, text)| Grammar::from_yaml_str(text, &format!("bundled:{id}")).ok())
            .map(|mut g| {
                // they live as long as the process
                g.make_static();
                g
            })
            .collect()
    })
}

/// The bundled grammar with this id.
pub fn bundled_by_id(id: &str) -> Option<&'static Grammar> {
    bundled().iter().find(|g| g.id == id)
}

impl Grammar {
    /// Loads a grammar from YAML `text` read from `origin` (used in errors).
    ///
    /// An `extends:` name that is a bundled id loads that grammar; any other
    /// name is passed to `resolve`, which returns the origin and text of the
    /// grammar it names (a caller reading files would resolve a path relative
    /// to `origin`), or `None` when it knows no such grammar.
    pub fn from_yaml(
        text: &str,
        origin: &str,
        resolve: &dyn Fn(&str) -> Option<(String, String)>,
    ) -> Result<Grammar, GrammarError> {
        let mut loader = Loader {
            origins: Vec::new(),
            chain: Vec::new(),
            resolve,
        };
        let result = loader
            .load(text, origin)
            .and_then(|raw| compile::compile(raw, origin));
        result.map_err(|fail| loader.error(fail))
    }

    /// Loads a grammar that extends nothing or only bundled grammars.
    pub fn from_yaml_str(text: &str, origin: &str) -> Result<Grammar, GrammarError> {
        Grammar::from_yaml(text, origin, &|_| None)
    }
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Grammar>();
    assert_send_sync::<GrammarError>();
};

struct Loader<'a> {
    /// Every file read so far; [`Pos::file`] indexes into it.
    origins: Vec<String>,
    /// Origins of the files whose `extends:` is being followed.
    chain: Vec<String>,
    resolve: &'a dyn Fn(&str) -> Option<(String, String)>,
}

impl Loader<'_> {
    fn error(&self, fail: Fail) -> GrammarError {
        GrammarError {
            origin: self.origins.get(fail.pos.file).cloned().unwrap_or_default(),
            line: fail.pos.line,
            column: fail.pos.column,
            path: fail.pos.path,
            message: fail.message,
            kind: fail.kind,
        }
    }

    /// Parses one file and everything it extends, merged into one raw model.
    fn load(&mut self, text: &str, origin: &str) -> Result<RawGrammar, Fail> {
        let file = self.origins.len();
        self.origins.push(origin.to_owned());
        let mut raw = parse(text, file)?;
        raw.stamp(file);
        merge::check_file(&raw, file)?;
        let base = match raw.extends.clone() {
            None => RawGrammar::default(),
            Some(ext) => {
                self.chain.push(origin.to_owned());
                let parent = self.load_parent(&ext);
                self.chain.pop();
                parent?
            }
        };
        merge::merge(base, raw)
    }

    fn load_parent(&mut self, ext: &At<String>) -> Result<RawGrammar, Fail> {
        let name = ext.value.as_str();
        let Some((origin, text)) = bundled_source(name).or_else(|| (self.resolve)(name)) else {
            return Err(Fail::new(
                &ext.pos,
                GrammarErrorKind::UnknownGrammar,
                format!("unknown grammar `{name}`: neither a bundled id nor found by the resolver"),
            ));
        };
        if self.chain.contains(&origin) {
            let mut cycle = self.chain.clone();
            cycle.push(origin);
            let start = cycle.iter().position(|o| *o == cycle[cycle.len() - 1]);
            let shown = cycle[start.unwrap_or(0)..].join(" -> ");
            return Err(Fail::new(
                &ext.pos,
                GrammarErrorKind::ExtendsCycle,
                format!("extends cycle: {shown}"),
            ));
        }
        if self.chain.len() >= MAX_EXTENDS_DEPTH {
            return Err(Fail::new(
                &ext.pos,
                GrammarErrorKind::Limit,
                format!("extends chain longer than {MAX_EXTENDS_DEPTH} grammars"),
            ));
        }
        self.load(&text, &origin)
    }
}

fn top(file: usize) -> Pos {
    Pos {
        file,
        line: 1,
        column: 1,
        path: String::new(),
    }
}

/// Reads the YAML of one file into the raw model.
fn parse(text: &str, file: usize) -> Result<RawGrammar, Fail> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(Fail::new(
            &top(file),
            GrammarErrorKind::Limit,
            format!("grammar text is larger than {MAX_TEXT_BYTES} bytes"),
        ));
    }
    let mut options = serde_saphyr::Options::default();
    options.with_snippet = false;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    let mut budget = serde_saphyr::Budget::default();
    budget.max_events = 200_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = 10_000;
    options.alias_limits.max_alias_expansions_per_anchor = 1_000;

    let mut path: Option<Vec<Segment>> = None;
    let result = serde_saphyr::with_deserializer_from_str_with_options(text, options, |de| {
        serde_path_to_error::deserialize::<_, Option<RawGrammar>>(de).map_err(|e| {
            path = Some(e.path().iter().cloned().collect());
            e.into_inner()
        })
    });
    match result {
        Ok(raw) => Ok(raw.unwrap_or_default()),
        Err(error) => Err(convert(&error, path.unwrap_or_default(), file)),
    }
}

/// Turns a serde-saphyr error and the key path serde_path_to_error tracked
/// into a [`Fail`] with a message for grammar authors.
fn convert(error: &serde_saphyr::Error, segments: Vec<Segment>, file: usize) -> Fail {
    use serde_saphyr::Error as E;
    let mut path = String::new();
    for segment in segments {
        match segment {
            Segment::Seq { index } => path.push_str(&format!("[{index}]")),
            // `value` is the inner field of the span wrapper, not a grammar key.
            Segment::Map { key } if key == "value" => {}
            Segment::Map { key } => path = super::raw::join_path(&path, &key),
            Segment::Enum { variant } => path = super::raw::join_path(&path, &variant),
            Segment::Unknown => {}
        }
    }
    let (line, column) = error
        .location()
        .map(|l| {
            let clamp = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
            (clamp(l.line()), clamp(l.column()))
        })
        .unwrap_or((1, 1));
    // The message is the original error's: alias and snippet wrappers only add
    // locations, and the location is taken above.
    let mut error = error;
    while let E::AliasError { error: inner, .. } | E::WithSnippet { error: inner, .. } = error {
        error = inner;
    }
    let (kind, message) = match error {
        E::SerdeUnknownField {
            field, expected, ..
        } => (
            GrammarErrorKind::UnknownKey,
            format!(
                "unknown key `{field}`, allowed keys are {}",
                expected.join(", ")
            ),
        ),
        E::DuplicateMappingKey { key, .. } => {
            let key = key.clone().unwrap_or_default();
            if !key.is_empty() {
                path = super::raw::join_path(&path, &key);
            }
            (
                GrammarErrorKind::DuplicateYamlKey,
                format!("duplicate key `{key}` in one mapping"),
            )
        }
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => (
            GrammarErrorKind::InvalidValue,
            format!(
                "unknown value `{variant}`, expected one of {}",
                expected.join(", ")
            ),
        ),
        // serde-saphyr names the YAML event it wanted; say it in the words of
        // the grammar language
        E::Unexpected { expected, .. } => (
            GrammarErrorKind::InvalidValue,
            match *expected {
                "string scalar" => "expected a single value (a text, a number or true/false), \
                                    found a list or a mapping"
                    .to_owned(),
                "sequence start" => {
                    "expected a list (`[a, b]` or lines starting with `- `)".to_owned()
                }
                "mapping start" => "expected a mapping (`key: value` lines)".to_owned(),
                _ => clean(error),
            },
        ),
        E::SerdeInvalidType { .. }
        | E::SerdeInvalidValue { .. }
        | E::SerdeInvalidLength { .. }
        | E::InvalidScalar { .. }
        | E::InvalidBooleanStrict { .. }
        | E::NullIntoString { .. } => (GrammarErrorKind::InvalidValue, clean(error)),
        E::Budget { .. }
        | E::AliasReplayCounterOverflow { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. } => (GrammarErrorKind::Limit, clean(error)),
        _ => (GrammarErrorKind::Syntax, clean(error)),
    };
    Fail {
        pos: Pos {
            file,
            line: line.max(1),
            column: column.max(1),
            path,
        },
        kind,
        message,
    }
}

/// An error's own text, without the location suffix serde-saphyr adds, in
/// lower case at the start and without trailing period.
fn clean(error: &serde_saphyr::Error) -> String {
    let text = error.to_string();
    let text = match text.find(" at line ") {
        Some(at) if text[at..].contains(", column ") => &text[..at],
        _ => text.as_str(),
    };
    let text = text.trim().trim_end_matches('.');
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "invalid yaml".to_owned(),
    }
}

/// Deserializes with the raw model's own rules; kept here so the tests of
/// this module can reach it.
#[cfg(test)]
fn parse_only(text: &str) -> Result<RawGrammar, Fail> {
    parse(text, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text_is_an_empty_grammar() {
        let raw = parse_only("").unwrap_or_else(|f| panic!("{f:?}"));
        assert!(raw.id.is_none());
    }

    #[test]
    fn clean_strips_location_and_period() {
        let error = serde_saphyr::from_str::<RawGrammar>("id: [1]\n").unwrap_err();
        let message = clean(error.without_snippet());
        assert!(!message.contains(" at line "), "{message}");
        assert!(!message.ends_with('.'), "{message}");
    }

    #[test]
    fn at_records_line_and_column() {
        let raw = parse_only("id: x\nname:   y\n").unwrap_or_else(|f| panic!("{f:?}"));
        let name = raw.name.unwrap_or_else(|| panic!("no name"));
        assert_eq!((name.pos.line, name.pos.column), (2, 9));
    }
}
