//! Grammar loading: the bundled grammars against the field-key contract of
//! the spec (section 4), and every kind of error a grammar author can make.

use docgram_core::grammar::{bundled, bundled_by_id, Grammar, GrammarErrorKind};

fn keys(prefix: &str, rows: &[&str], columns: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for row in rows {
        for column in columns {
            out.push(
                [prefix, row, column]
                    .iter()
                    .filter(|p| !p.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join("."),
            );
        }
    }
    out
}

const APPLICANTS: [&str; 7] = [
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other_entity",
    "total",
];

fn application_rows(other: &[&'static str]) -> Vec<&'static str> {
    let mut rows = vec![
        "new_received",
        "carried_over",
        "granted",
        "partially_granted",
    ];
    for r in [
        "state_secret",
        "prohibited_by_law",
        "security_stability",
        "third_party_rights",
        "internal_affairs",
        "process_information",
        "enforcement_files",
        "administrative_query",
    ] {
        rows.push(leak(format!("denied.{r}")));
    }
    for r in ["not_held", "needs_creation", "unclear"] {
        rows.push(leak(format!("unavailable.{r}")));
    }
    for r in [
        "complaint",
        "repeated",
        "publication",
        "excessive",
        "confirmation",
    ] {
        rows.push(leak(format!("not_processed.{r}")));
    }
    rows.extend_from_slice(other);
    rows.push("total");
    rows.push("carried_forward");
    rows
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn review_keys() -> Vec<String> {
    let results = ["upheld", "corrected", "other", "pending", "total"];
    let mut out = keys("review", &[""], &results);
    out.extend(keys("litigation", &["direct"], &results));
    out.extend(keys("litigation", &["after_review"], &results));
    out
}

fn contract_2021() -> Vec<String> {
    let mut k = keys(
        "proactive",
        &["rules", "normative_documents"],
        &["issued", "repealed", "in_force"],
    );
    k.extend(keys(
        "proactive",
        &["licensing", "penalty", "coercion"],
        &["decisions"],
    ));
    k.extend(keys("proactive", &["fees"], &["amount"]));
    let other = application_rows(&[
        "other.no_correction",
        "other.unpaid_fee",
        "other.miscellaneous",
    ]);
    k.extend(keys("applications", &other, &APPLICANTS));
    k.extend(review_keys());
    k
}

fn contract_2019(hubei: bool) -> Vec<String> {
    let item1: &[&str] = if hubei {
        &["rules", "normative_documents", "other_documents"]
    } else {
        &["rules", "normative_documents"]
    };
    let mut k = keys(
        "proactive",
        item1,
        &["new_made", "new_published", "total_published"],
    );
    k.extend(keys(
        "proactive",
        &["licensing", "other_services", "penalty", "coercion"],
        &["previous", "change", "decisions"],
    ));
    k.extend(keys("proactive", &["fees"], &["previous", "change"]));
    k.extend(keys("proactive", &["procurement"], &["items", "amount"]));
    k.extend(keys(
        "applications",
        &application_rows(&["other"]),
        &APPLICANTS,
    ));
    k.extend(review_keys());
    k
}

fn grammar(id: &str) -> &'static Grammar {
    bundled_by_id(id).unwrap_or_else(|| panic!("bundled grammar {id} missing"))
}

#[test]
fn all_bundled_grammars_load() {
    for id in [
        "cn-gov-disclosure-2021",
        "cn-gov-disclosure-2019",
        "cn-gov-disclosure-2019-hubei",
    ] {
        // Load again to see the error if one does not compile.
        let g = bundled_by_id(id);
        assert!(g.is_some(), "{id} did not compile");
    }
    assert_eq!(bundled().len(), 3);
}

#[test]
fn field_keys_2021_match_the_contract() {
    let g = grammar("cn-gov-disclosure-2021");
    assert_eq!(key_list(g), contract_2021());
    // 10 in section 二, 25 rows × 7 columns in 三, 15 in 四.
    assert_eq!(g.field_keys.len(), 10 + 25 * 7 + 15);
}

#[test]
fn field_keys_2019_match_the_contract() {
    let g = grammar("cn-gov-disclosure-2019");
    assert_eq!(key_list(g), contract_2019(false));
    // 22 in section 二, 23 rows × 7 columns in 三, 15 in 四.
    assert_eq!(g.field_keys.len(), 22 + 23 * 7 + 15);
}

#[test]
fn hubei_adds_other_documents_after_normative_documents() {
    let g = grammar("cn-gov-disclosure-2019-hubei");
    assert_eq!(key_list(g), contract_2019(true));
    assert_eq!(
        g.field_keys.len(),
        grammar("cn-gov-disclosure-2019").field_keys.len() + 3
    );
    assert_eq!(g.extends.as_deref(), Some("cn-gov-disclosure-2019"));
    let item5 = g.tables.iter().find(|t| t.key == "proactive_item5");
    let previous = item5.and_then(|t| t.columns.iter().find(|c| c.key == "previous"));
    let texts: Vec<&str> = previous
        .map(|c| c.labels.iter().map(|l| l.text.as_str()).collect())
        .unwrap_or_default();
    assert_eq!(texts, ["上一年项目数量", "上一年项目数量(指2019年事项数)"]);
    let signals: Vec<&str> = g.detect.signals.iter().map(|l| l.text.as_str()).collect();
    assert!(signals.contains(&"本年新制作数量"));
    assert!(signals.contains(&"其他主动公开文件"));
}

#[test]
fn applications_rows_nest() {
    let g = grammar("cn-gov-disclosure-2021");
    let t = g.tables.iter().find(|t| t.key == "applications");
    let rows = &t.map(|t| t.rows.as_slice()).unwrap_or_default();
    let results = rows.iter().position(|r| r.is_group && r.key.is_empty());
    let denied = rows.iter().position(|r| r.key == "denied");
    let secret = rows.iter().position(|r| r.key == "denied.state_secret");
    assert!(results.is_some() && denied.is_some() && secret.is_some());
    assert_eq!(rows[denied.unwrap_or(0)].parent, results);
    assert_eq!(rows[secret.unwrap_or(0)].parent, denied);
    assert!(rows[denied.unwrap_or(0)].is_group);
    let review = g.tables.iter().find(|t| t.key == "review_litigation");
    let review_rows = review.map(|t| t.rows.as_slice()).unwrap_or_default();
    assert_eq!(review_rows.len(), 1);
    assert!(review_rows[0].labels.is_empty() && review_rows[0].key.is_empty());
    assert_eq!(review.map(|t| t.prefix.as_str()), Some(""));
    let sections: Vec<(&str, Option<u32>)> = g
        .sections
        .iter()
        .map(|s| (s.key.as_str(), s.numeral))
        .collect();
    assert_eq!(
        sections,
        [
            ("overview", Some(1)),
            ("proactive", Some(2)),
            ("applications", Some(3)),
            ("review_litigation", Some(4)),
            ("problems", Some(5)),
            ("other", Some(6)),
        ]
    );
}

/// A small valid grammar the error cases edit.
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
      - key: r
        label: 规章
";

fn error(text: &str) -> String {
    match Grammar::from_yaml_str(text, "g.yaml") {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn base_is_valid() {
    let g = Grammar::from_yaml_str(BASE, "g.yaml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(key_list(&g), ["p.r.c"]);
}

#[test]
fn misspelled_key() {
    let text = BASE.replace("    columns:", "    colums:");
    assert_eq!(
        error(&text),
        "g.yaml:10:5: at `tables[0].colums`: unknown key `colums`, allowed keys are \
         key, section, prefix, caption, caption_variants, header, columns, rows, remove"
    );
}

#[test]
fn wrong_type() {
    let text = BASE.replace(
        "        label: 数量\n",
        "        label: 数量\n        type: number\n",
    );
    assert_eq!(
        error(&text),
        "g.yaml:13:15: at `tables[0].columns[0].type`: unknown value `number`, \
         expected one of integer, signed_integer, decimal"
    );
}

#[test]
fn sequence_where_text_expected() {
    let text = BASE.replace("name: test grammar", "name: [a, b]");
    let e = Grammar::from_yaml_str(&text, "g.yaml").err();
    let e = e.unwrap_or_else(|| panic!("expected an error"));
    assert_eq!((e.line, e.column, e.path.as_str()), (2, 7, "name"));
    assert_eq!(e.kind, GrammarErrorKind::InvalidValue);
}

#[test]
fn duplicate_yaml_key() {
    let text = BASE.replace("    prefix: p\n", "    prefix: p\n    prefix: q\n");
    assert_eq!(
        error(&text),
        "g.yaml:10:5: at `tables[0].prefix`: duplicate key `prefix` in one mapping"
    );
}

#[test]
fn section_naming_no_section() {
    let text = BASE.replace("    section: s", "    section: nowhere");
    assert_eq!(
        error(&text),
        "g.yaml:8:14: at `tables[0].section`: no section with key `nowhere` (sections are s)"
    );
}

#[test]
fn duplicate_row_key() {
    let text = format!("{BASE}      - key: r\n        label: 行政规范性文件\n");
    assert_eq!(
        error(&text),
        "g.yaml:16:14: at `tables[0].rows[1].key`: duplicate row key `r` in this table"
    );
}

#[test]
fn duplicate_table_and_column_keys() {
    let text = format!(
        "{BASE}  - key: t\n    columns:\n      - {{ key: c, label: 数量 }}\n    rows:\n      - {{ key: r2, label: 规章 }}\n"
    );
    assert_eq!(
        error(&text),
        "g.yaml:16:10: at `tables[1].key`: duplicate table key `t`"
    );
    let text = BASE.replace(
        "        label: 数量\n",
        "        label: 数量\n      - key: c\n        label: 件数\n",
    );
    assert_eq!(
        error(&text),
        "g.yaml:13:14: at `tables[0].columns[1].key`: duplicate column key `c` in this table"
    );
}

#[test]
fn removing_what_the_parent_lacks() {
    let text = "id: child\nname: child\nextends: cn-gov-disclosure-2021\nsections:\n  - { key: appendix, remove: true }\n";
    assert_eq!(
        error(text),
        "g.yaml:5:5: at `sections[0].remove`: cannot remove section `appendix`: there is none to remove"
    );
}

#[test]
fn duplicate_field_key_across_tables() {
    let text = format!(
        "{BASE}  - key: t2\n    prefix: p\n    columns:\n      - {{ key: c, label: 数量 }}\n    rows:\n      - {{ key: r, label: 规章 }}\n"
    );
    assert_eq!(
        error(&text),
        "g.yaml:21:9: at `tables[1].rows[0]`: field key `p.r.c` is produced twice"
    );
}

#[test]
fn extends_unknown_grammar() {
    let text = BASE.replace(
        "name: test grammar\n",
        "name: test grammar\nextends: nothing-2020\n",
    );
    assert_eq!(
        error(&text),
        "g.yaml:3:10: at `extends`: unknown grammar `nothing-2020`: neither a bundled id \
         nor found by the resolver"
    );
}

#[test]
fn missing_label_after_merge() {
    let text = BASE.replace("        label: 数量\n", "");
    assert_eq!(
        error(&text),
        "g.yaml:11:9: at `tables[0].columns[0].label`: missing required key `label`"
    );
}

#[test]
fn extends_cycle_through_resolver() {
    let resolve = |name: &str| -> Option<(String, String)> {
        match name {
            "a.yaml" => Some(("a.yaml".into(), "id: a\nname: a\nextends: b.yaml\n".into())),
            "b.yaml" => Some(("b.yaml".into(), "id: b\nname: b\nextends: a.yaml\n".into())),
            _ => None,
        }
    };
    let e = Grammar::from_yaml("id: a\nname: a\nextends: b.yaml\n", "a.yaml", &resolve)
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        e.as_deref(),
        Some("b.yaml:3:10: at `extends`: extends cycle: a.yaml -> b.yaml -> a.yaml")
    );
}

#[test]
fn after_naming_no_row() {
    let text = "\
id: child
name: child
extends: cn-gov-disclosure-2019
tables:
  - key: proactive_item1
    rows:
      - key: extra
        label: 其他文件
        after: no_such_row
";
    assert_eq!(
        error(text),
        "g.yaml:9:16: at `tables[0].rows[0].after`: no row with key `no_such_row` to place this one next to"
    );
}

#[test]
fn extends_through_resolver_merges() {
    let parent = BASE.to_owned();
    let resolve = move |name: &str| -> Option<(String, String)> {
        (name == "base.yaml").then(|| ("dir/base.yaml".to_owned(), parent.clone()))
    };
    let child = "\
id: child
extends: base.yaml
tables:
  - key: t
    columns:
      - { key: c0, label: 合计, before: c }
      - { key: c, variants: [件数], type: decimal }
    rows:
      - key: g
        label: 三、办理结果
        rows:
          - { key: x, label: （一）予以公开 }
      - { key: r, remove: true }
";
    let g = Grammar::from_yaml(child, "child.yaml", &resolve).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(g.name, "test grammar");
    assert_eq!(key_list(&g), ["p.g.x.c0", "p.g.x.c"]);
    let c = &g.tables[0].columns[1];
    assert_eq!(c.labels.len(), 2);
    assert_eq!(c.value_type, docgram_core::grammar::ValueType::Decimal);
}

/// Row groups nest, so anchors of groups holding ten aliases of the group
/// before expand to 10^9 rows unless serde-saphyr's budget stops them.
#[test]
fn alias_bomb_is_rejected_fast() {
    let mut text = String::from(
        "id: bomb\nname: bomb\ntables:\n  - key: t\n    columns: [{ key: c, label: c }]\n    rows:\n      - &r0 { key: a, label: a }\n",
    );
    for i in 1..10 {
        let p = i - 1;
        let members = vec![format!("*r{p}"); 10].join(", ");
        text.push_str(&format!(
            "      - &r{i} {{ key: g{i}, label: g, rows: [{members}] }}\n"
        ));
    }
    let start = std::time::Instant::now();
    let e = Grammar::from_yaml_str(&text, "bomb.yaml").err();
    let e = e.unwrap_or_else(|| panic!("an alias bomb must be rejected"));
    assert!(start.elapsed() < std::time::Duration::from_secs(2), "{e}");
    assert_eq!(e.kind, GrammarErrorKind::Limit, "{e}");
    assert!(e.to_string().starts_with("bomb.yaml:"), "{e}");
    assert!(e.message.starts_with("alias replay limit exceeded"), "{e}");
}

#[test]
fn nested_rows_are_matched_by_key_path() {
    let child = "\
id: child
name: child
extends: cn-gov-disclosure-2021
tables:
  - key: applications
    rows:
      - key: denied.state_secret
        variants: [1.涉及国家秘密]
      - key: denied
        rows:
          - { key: third_party_rights, remove: true }
          - { key: trade_secret, label: 9.商业秘密, after: administrative_query }
";
    let g = Grammar::from_yaml_str(child, "child.yaml").unwrap_or_else(|e| panic!("{e}"));
    let t = g.tables.iter().find(|t| t.key == "applications");
    let rows = t.map(|t| t.rows.as_slice()).unwrap_or_default();
    let secret = rows.iter().find(|r| r.key == "denied.state_secret");
    assert_eq!(secret.map(|r| r.labels.len()), Some(2));
    assert!(!rows.iter().any(|r| r.key == "denied.third_party_rights"));
    let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
    let query = keys
        .iter()
        .position(|k| *k == "denied.administrative_query");
    assert_eq!(
        keys.get(query.unwrap_or(0) + 1),
        Some(&"denied.trade_secret")
    );
    assert_eq!(
        g.field_keys.len(),
        grammar("cn-gov-disclosure-2021").field_keys.len()
    );
}

#[test]
fn numerals_are_chinese_or_integers() {
    let text = BASE.replace(
        "    heading: 一、总体情况",
        "    numeral: 3\n    heading: 一、总体情况",
    );
    let g = Grammar::from_yaml_str(&text, "g.yaml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(g.sections[0].numeral, Some(3));
    let text = BASE.replace(
        "    heading: 一、总体情况",
        "    numeral: 五\n    heading: 一、总体情况",
    );
    let g = Grammar::from_yaml_str(&text, "g.yaml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(g.sections[0].numeral, Some(5));
    let text = BASE.replace(
        "    heading: 一、总体情况",
        "    numeral: first\n    heading: 一、总体情况",
    );
    assert_eq!(
        error(&text),
        "g.yaml:5:14: at `sections[0].numeral`: numeral `first` is neither a chinese numeral \
         (一, 二, …) nor a positive integer"
    );
}

/// A grammar's field keys as plain strings, to compare with lists.
fn key_list(g: &Grammar) -> Vec<String> {
    g.field_keys.iter().map(|k| k.to_string()).collect()
}
