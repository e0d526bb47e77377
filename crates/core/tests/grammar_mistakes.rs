//! Common mistakes in grammar files, each with the exact message its author
//! gets: file, line, column, key path and what is wrong. (The cases of
//! `grammar.rs` are not repeated here.)

use docgram_core::grammar::Grammar;

/// A small valid grammar the cases edit: a group with a member row and a
/// check over both.
const BASE: &str = "\
id: test
name: test grammar
sections:
  - key: s
    heading: 一、总体情况
tables:
  - key: t
    section: s
    prefix: p
    columns:
      - key: c
        label: 数量
    rows:
      - key: g
        label: 办理结果
        rows:
          - key: a
            label: 予以公开
      - key: b
        label: 总计
checks:
  - id: total
    description: 予以公开 = 总计
    expr: p.g.a.c == p.b.c
";

/// A grammar extending [`BASE`] (known to the resolver as `base.yaml`).
fn with_base(text: &str) -> Result<Grammar, String> {
    let resolve = |name: &str| -> Option<(String, String)> {
        (name == "base.yaml").then(|| ("base.yaml".to_owned(), BASE.to_owned()))
    };
    Grammar::from_yaml(text, "g.yaml", &resolve).map_err(|e| e.to_string())
}

/// (what, grammar text, expected message)
const CASES: &[(&str, &str, &str)] = &[
    (
        "misspelled key in a row",
        "id: x\nextends: base.yaml\ntables:\n  - key: t\n    rows:\n      - key: z\n        lable: 其他\n",
        "g.yaml:7:9: at `tables[0].rows[0].lable`: unknown key `lable`, allowed keys are key, label, variants, rows, unlabelled, remove, after, before",
    ),
    (
        "misspelled key at the top",
        "id: x\nextend: base.yaml\n",
        "g.yaml:2:1: at `extend`: unknown key `extend`, allowed keys are id, name, description, extends, detect, meta, sections, tables, checks",
    ),
    (
        "text where a list is expected",
        "id: x\nextends: base.yaml\ntables:\n  - key: t\n    rows:\n      - key: z\n        label: 其他\n        variants: 其他情况\n",
        "g.yaml:8:19: at `tables[0].rows[0].variants`: expected a list (`[a, b]` or lines starting with `- `)",
    ),
    (
        "a list where a bool is expected",
        "id: x\nextends: base.yaml\ntables:\n  - key: t\n    remove: [yes]\n",
        "g.yaml:5:13: at `tables[0].remove`: expected a single value (a text, a number or true/false), found a list or a mapping",
    ),
    (
        "after: names a missing group",
        "id: x\nextends: base.yaml\ntables:\n  - key: t\n    rows:\n      - key: z\n        label: 其他\n        after: nogroup.a\n",
        "g.yaml:8:16: at `tables[0].rows[0].after`: no row with key `nogroup.a` to place this one next to",
    ),
    (
        "after: names a row missing from an existing group",
        "id: x\nextends: base.yaml\ntables:\n  - key: t\n    rows:\n      - key: z\n        label: 其他\n        after: g.nope\n",
        "g.yaml:8:16: at `tables[0].rows[0].after`: no row with key `g.nope` to place this one next to",
    ),
    (
        "a field key an extending table produces again",
        "id: x\nextends: base.yaml\ntables:\n  - key: t2\n    prefix: p\n    columns:\n      - { key: c, label: 数量 }\n    rows:\n      - { key: b, label: 总计 }\n",
        "g.yaml:9:9: at `tables[0].rows[0]`: field key `p.b.c` is produced twice",
    ),
    (
        "a check naming an unknown field",
        "id: x\nextends: base.yaml\nchecks:\n  - id: other\n    expr: p.g.a.c == p.b.d\n",
        "g.yaml:5:11: at `checks[0].expr`: no field `p.b.d` in the grammar (at column 12 of the expression)",
    ),
    (
        "a check naming an unknown table",
        "id: x\nextends: base.yaml\nchecks:\n  - id: other\n    expr: \"for col in columns(nope): p.g.a.{col} == p.b.{col}\"\n",
        "g.yaml:5:11: at `checks[0].expr`: no table with key `nope` (tables are t) (at column 12 of the expression)",
    ),
    (
        "a check that does not parse",
        "id: x\nextends: base.yaml\nchecks:\n  - id: other\n    expr: p.g.a.c = p.b.c\n",
        "g.yaml:5:11: at `checks[0].expr`: expected `==`, `+` or `-`, found `= p.b.c` (at column 9 of the expression)",
    ),
    (
        "a duplicate check id in one file",
        "id: x\nextends: base.yaml\nchecks:\n  - id: two\n    expr: p.b.c == p.b.c\n  - id: two\n    expr: p.b.c == p.b.c\n",
        "g.yaml:6:9: at `checks[1].id`: duplicate check id `two`",
    ),
    (
        "extends: a list",
        "id: x\nextends: [base.yaml]\n",
        "g.yaml:2:10: at `extends`: expected a single value (a text, a number or true/false), found a list or a mapping",
    ),
    (
        "extends: empty",
        "id: x\nextends: \"\"\n",
        "g.yaml:2:10: at `extends`: unknown grammar ``: neither a bundled id nor found by the resolver",
    ),
    (
        "extends: a misspelled bundled id",
        "id: x\nname: x\nextends: cn-gov-disclosure-2012\n",
        "g.yaml:3:10: at `extends`: unknown grammar `cn-gov-disclosure-2012`: neither a bundled id nor found by the resolver",
    ),
    (
        "a numeral that is no numeral",
        "id: x\nextends: base.yaml\nsections:\n  - key: s2\n    numeral: 甲\n    heading: 甲、其他\n",
        "g.yaml:5:14: at `sections[0].numeral`: numeral `甲` is neither a chinese numeral (一, 二, …) nor a positive integer",
    ),
    (
        "an unknown column type",
        "id: x\nextends: base.yaml\ntables:\n  - key: t\n    columns:\n      - key: d\n        label: 金额\n        type: float\n",
        "g.yaml:8:15: at `tables[0].columns[0].type`: unknown value `float`, expected one of integer, signed_integer, decimal",
    ),
    (
        "tabs for indentation",
        "id: x\nextends: base.yaml\ntables:\n\t- key: t\n",
        "g.yaml:4:2: tabs disallowed within this context (block indentation)",
    ),
    (
        "a missing id",
        "name: x\nextends: base.yaml\n",
        "g.yaml:1:1: at `id`: missing required key `id`",
    ),
];

#[test]
fn common_mistakes_have_precise_messages() {
    let mut wrong = Vec::new();
    for (what, text, want) in CASES {
        let got = match with_base(text) {
            Ok(_) => "no error".to_owned(),
            Err(e) => e,
        };
        if got != *want {
            wrong.push(format!("{what}:\n    got  {got}\n    want {want}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
