//! `docgram cells` shows the layout chosen for each table region of the
//! corpus reports, and `docgram extract` prints a record for each.

use assert_cmd::Command;

fn corpus(name: &str) -> String {
    format!("{}/../../corpus/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn cells_picks_each_corpus_layout() {
    for (file, layout) in [
        ("000_f873e43823df0c69.txt", "broken-line"),
        ("001_c97051a2cc00a6ae.txt", "pipe"),
        ("002_e6d10310d5a8465b.txt", "markdown"),
        ("003_0493e27b4478f98b.txt", "tab"),
        ("004_098d1fbed3763113.txt", "tab"),
    ] {
        let out = Command::cargo_bin("docgram")
            .unwrap()
            .args(["cells", &corpus(file)])
            .output()
            .unwrap();
        assert!(out.status.success(), "{file}");
        let text = String::from_utf8(out.stdout).unwrap();
        let chosen: Vec<&str> = text
            .lines()
            .filter_map(|l| l.split("  layout ").nth(1))
            .map(|rest| rest.split_whitespace().next().unwrap())
            .collect();
        assert_eq!(chosen, vec![layout; 3], "{file}:\n{text}");
        assert!(text.contains("│ 行政许可 "), "{file}: cells are shown");
    }
}

#[test]
fn extract_prints_records_and_exit_codes() {
    let out = Command::cargo_bin("docgram")
        .unwrap()
        .args([
            "extract",
            "-f",
            "jsonl",
            &corpus("000_f873e43823df0c69.txt"),
            &corpus("003_0493e27b4478f98b.txt"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let records: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["fields"]["proactive.licensing.decisions"], 40);
    assert_eq!(records[1]["fields"]["proactive.fees.amount"], 4.0);
    assert_eq!(records[1]["meta"]["organization"], "原州区开城镇");

    let out = Command::cargo_bin("docgram")
        .unwrap()
        .args(["extract", "no/such/file.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.txt"));
}
