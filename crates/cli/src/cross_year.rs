//! `--cross-year`: what one year carried forward, the next must carry over.
//!
//! For every two reports of the same organization (`meta.organization`,
//! compared exactly) for consecutive years, each
//! `applications.carried_over.<col>` of the later report must equal
//! `applications.carried_forward.<col>` of the earlier one. Only those values
//! and the meta of each record are kept during the batch, never the records.
//! A column missing in either report is not compared.

use std::collections::BTreeMap;

use docgram_core::diag::Severity;
use docgram_core::value::Value;
use docgram_core::Record;

use crate::findings::Finding;

const OVER: &str = "applications.carried_over.";
const FORWARD: &str = "applications.carried_forward.";

/// The finding code of a mismatch.
pub const CODE: &str = "cross-year-mismatch";

/// A column, its value, and the `line:column` of its cell.
type Cell = (String, Option<Value>, Option<(u32, u32)>);

#[derive(Debug)]
struct Kept {
    order: usize,
    source: String,
    year: i32,
    over: Vec<Cell>,
    forward: Vec<(String, Option<Value>)>,
}

/// One carried-over value that differs from last year's carried-forward one.
#[derive(Clone, Debug, PartialEq)]
pub struct Mismatch {
    /// The organization.
    pub organization: String,
    /// The later report.
    pub source: String,
    /// Its year.
    pub year: i32,
    /// The column (`total`, `natural_person`, …).
    pub column: String,
    /// The later report's carried-over value.
    pub carried_over: Value,
    /// Where it stands in the later report.
    pub position: Option<(u32, u32)>,
    /// The earlier report.
    pub previous_source: String,
    /// The earlier report's carried-forward value.
    pub carried_forward: Value,
}

impl Mismatch {
    /// The message written to stderr and the findings.
    pub fn message(&self) -> String {
        format!(
            "{OVER}{} of {} is {}, but {} ({}) carried forward {}",
            self.column,
            self.year,
            self.carried_over,
            self.previous_source,
            self.year - 1,
            self.carried_forward
        )
    }

    /// The mismatch as a finding of the later report.
    pub fn finding(&self) -> Finding {
        Finding {
            code: CODE.to_owned(),
            severity: Severity::Warning,
            check_id: String::new(),
            line: self.position.map(|p| p.0),
            column: self.position.map(|p| p.1),
            message: self.message(),
        }
    }

    /// The mismatch as one line of the `--cross-year-report` file.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "code": CODE,
            "organization": self.organization,
            "year": self.year,
            "column": self.column,
            "source": self.source,
            "carried_over": self.carried_over,
            "previous_source": self.previous_source,
            "carried_forward": self.carried_forward,
        })
    }
}

/// The values kept over a batch, by organization.
#[derive(Debug, Default)]
pub struct CrossYear {
    by_org: BTreeMap<String, Vec<Kept>>,
    seen: usize,
}

impl CrossYear {
    /// Keeps what the comparison needs of `r`.
    pub fn keep(&mut self, r: &Record) {
        let order = self.seen;
        self.seen += 1;
        let (Some(org), Some(year)) = (&r.meta.organization, r.meta.year) else {
            return;
        };
        let pos = |key: &str| {
            r.spans
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, p)| (p.line, p.column))
        };
        let over: Vec<_> = r
            .fields
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix(OVER)?.to_owned(), *v, pos(k))))
            .collect();
        let forward: Vec<_> = r
            .fields
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix(FORWARD)?.to_owned(), *v)))
            .collect();
        if over.is_empty() && forward.is_empty() {
            return;
        }
        self.by_org.entry(org.clone()).or_default().push(Kept {
            order,
            source: r.source.clone(),
            year,
            over,
            forward,
        });
    }

    /// The mismatches, in the order the later reports were read.
    pub fn mismatches(&self) -> Vec<Mismatch> {
        let mut out: Vec<(usize, Mismatch)> = Vec::new();
        for (org, reports) in &self.by_org {
            for this in reports {
                for prev in reports.iter().filter(|p| p.year + 1 == this.year) {
                    for (col, over, position) in &this.over {
                        let forward = prev
                            .forward
                            .iter()
                            .find(|(c, _)| c == col)
                            .and_then(|(_, v)| *v);
                        if let (Some(o), Some(f)) = (*over, forward) {
                            if o != f {
                                out.push((
                                    this.order,
                                    Mismatch {
                                        organization: org.clone(),
                                        source: this.source.clone(),
                                        year: this.year,
                                        column: col.clone(),
                                        carried_over: o,
                                        position: *position,
                                        previous_source: prev.source.clone(),
                                        carried_forward: f,
                                    },
                                ));
                            }
                        }
                    }
                }
            }
        }
        out.sort_by_key(|(order, _)| *order);
        out.into_iter().map(|(_, m)| m).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use docgram_core::meta::Meta;
    use docgram_core::span::Position;

    fn record(source: &str, year: i32, over: i64, forward: i64) -> Record {
        let mut r = Record::failed(source, "x", String::new());
        r.grammar = Some("g".into());
        r.meta = Meta {
            organization: Some("某镇".into()),
            year: Some(year),
            ..Meta::default()
        };
        r.fields = vec![
            (format!("{OVER}total").into(), Some(Value::Int(over))),
            (format!("{FORWARD}total").into(), Some(Value::Int(forward))),
        ];
        r.spans = vec![(
            format!("{OVER}total").into(),
            Position {
                line: 12,
                column: 3,
            },
        )];
        r
    }

    #[test]
    fn consecutive_years_compared() {
        let mut c = CrossYear::default();
        c.keep(&record("b.txt", 2022, 4, 0));
        c.keep(&record("a.txt", 2021, 0, 3));
        c.keep(&record("c.txt", 2023, 0, 1)); // 2022 carried forward 0: fine
        c.keep(&record("e.txt", 2025, 9, 9)); // no 2024 report
        let m = c.mismatches();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].source, "b.txt");
        assert_eq!(m[0].previous_source, "a.txt");
        assert_eq!(m[0].column, "total");
        assert_eq!(m[0].position, Some((12, 3)));
        assert_eq!(
            m[0].message(),
            "applications.carried_over.total of 2022 is 4, but a.txt (2021) carried forward 3"
        );
    }
}
