//! `docgram check`: findings printed like a compiler's, and the exit codes.

use assert_cmd::Command;
use docgram_testgen::{random_report, render, Format, Layout, Noise, Value};
use rand::rngs::SmallRng;
use rand::SeedableRng;

fn write(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("docgram-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("docgram")
        .expect("binary")
        .arg("check")
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn check_prints_findings_and_exits_by_them() {
    let mut rng = SmallRng::seed_from_u64(5);
    let report = random_report(&mut rng, Format::F2021);
    let clean = write("clean.txt", &render(&report, Layout::Tab, &Noise::none()));
    let mut broken = report.clone();
    let n = report
        .int("applications.new_received.natural_person")
        .expect("value");
    broken.values.insert(
        "applications.new_received.natural_person".into(),
        Some(Value::Int(n + 1)),
    );
    let bad = write("bad.txt", &render(&broken, Layout::Tab, &Noise::none()));

    let (code, out) = run(&[&clean]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.trim(),
        "1 file: 1 clean, 0 with findings (0 warnings, 0 errors)"
    );

    let (code, out) = run(&[&clean, &bad]);
    assert_eq!(code, 1, "{out}");
    let expected = format!(
        "warning[check-failed]: 一 + 二 = {} but （七）总计 + 四 = {} in column natural_person",
        n + 1
            + report
                .int("applications.carried_over.natural_person")
                .expect("value"),
        n + report
            .int("applications.carried_over.natural_person")
            .expect("value"),
    );
    let line = out
        .lines()
        .find(|l| l.contains("check-failed"))
        .expect("a finding");
    assert!(line.starts_with(&format!("{bad}:")), "{line}");
    assert!(line.ends_with(&expected), "{line}\n{expected}");
    assert!(out.contains("= note: 一 + 二 = "), "{out}");
    assert!(out.contains("in column 自然人"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.trim_start().starts_with('|') && l.contains('^')),
        "{out}"
    );
    assert!(
        out.trim_end()
            .ends_with("2 files: 1 clean, 1 with findings (2 warnings, 0 errors)"),
        "{out}"
    );

    let (code, out) = run(&["--quiet", &clean, &bad]);
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 1, "{out}");

    let (code, out) = run(&[&clean, "/nonexistent/report.txt"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("1 unreadable"), "{out}");
}
