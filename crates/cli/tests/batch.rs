//! End-to-end runs of `docgram extract` over mixed batches: the corpus,
//! generated reports in every layout, a GB18030 file and bad files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use docgram_testgen::{
    field_keys, random_report, render, standard_title, Format, Layout, Noise, Report,
};
use rand::{rngs::SmallRng, SeedableRng};

fn docgram() -> Command {
    Command::cargo_bin("docgram").unwrap()
}

/// The JSON values of JSONL output, one a line (each must parse).
fn json_lines(bytes: &[u8]) -> Vec<serde_json::Value> {
    std::str::from_utf8(bytes)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

fn corpus_files() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| p.display().to_string())
        .collect();
    v.sort();
    v
}

/// A report whose values the CSV must show (generated, written as `path`).
struct Known {
    path: String,
    report: Report,
}

/// The batch: its arguments in order, the sources expected in the output in
/// order, and the reports with known values.
struct Batch {
    _dir: tempfile::TempDir,
    args: Vec<String>,
    sources: Vec<String>,
    known: Vec<Known>,
    bad: HashMap<&'static str, String>,
}

fn batch() -> Batch {
    let dir = tempfile::tempdir().unwrap();
    let gen = dir.path().join("generated");
    std::fs::create_dir(&gen).unwrap();
    let mut rng = SmallRng::seed_from_u64(2024);
    let mut known = Vec::new();
    let mut generated = Vec::new();
    for (i, layout) in Layout::ALL.into_iter().enumerate() {
        for format in Format::ALL {
            let report = random_report(&mut rng, format);
            let text = render(&report, layout, &Noise::none());
            let name = format!("{i}_{}_{:?}.txt", layout.name(), format);
            let path = gen.join(&name);
            std::fs::write(&path, text).unwrap();
            let path = path.display().to_string();
            generated.push(path.clone());
            if layout == Layout::Tab {
                known.push(Known { path, report });
            }
        }
    }
    // a GB18030 file, and a file the folder walk must skip
    let report = random_report(&mut rng, Format::F2021);
    let text = render(&report, Layout::Tab, &Noise::none());
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let gbk = gen.join("9_gb18030.txt");
    std::fs::write(&gbk, &bytes).unwrap();
    generated.push(gbk.display().to_string());
    known.push(Known {
        path: gbk.display().to_string(),
        report,
    });
    std::fs::write(gen.join("notes.md"), "not a report").unwrap();
    generated.sort();

    let bad_dir = dir.path().join("bad");
    std::fs::create_dir(&bad_dir).unwrap();
    let mut bad = HashMap::new();
    let mut put = |key: &'static str, name: &str, bytes: &[u8]| {
        let p = bad_dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        bad.insert(key, p.display().to_string());
    };
    put("empty", "empty.txt", b"");
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    put("binary", "binary.bin", &binary);
    let report = random_report(&mut rng, Format::F2021);
    let text = render(&report, Layout::Tab, &Noise::none());
    let cut = text.len() / 2;
    let cut = (cut..).find(|&c| !text.is_char_boundary(c)).unwrap();
    put("truncated", "truncated.txt", &text.as_bytes()[..cut]);
    put("huge", "huge.txt", &vec![b'a'; 50_000_000]);
    put(
        "prose",
        "prose.txt",
        "今天天气很好，我们去公园散步。\n".as_bytes(),
    );
    let missing = bad_dir.join("missing.txt").display().to_string();
    bad.insert("missing", missing.clone());

    let mut args = vec![corpus().display().to_string(), gen.display().to_string()];
    let mut sources = corpus_files();
    sources.extend(generated);
    for key in ["empty", "binary", "truncated", "huge", "prose", "missing"] {
        args.push(bad[key].clone());
        sources.push(bad[key].clone());
    }
    Batch {
        _dir: dir,
        args,
        sources,
        known,
        bad,
    }
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

fn same_value(csv: &str, want: &docgram_testgen::Value) -> bool {
    match want {
        docgram_testgen::Value::Int(n) => csv == n.to_string(),
        docgram_testgen::Value::Decimal(d) => csv.parse::<f64>().ok() == d.parse::<f64>().ok(),
    }
}

#[test]
fn mixed_batch_to_csv_and_findings() {
    let b = batch();
    let out = b._dir.path().join("reports.csv");
    let findings = b._dir.path().join("findings.csv");
    let assert = docgram()
        .args(["extract", "--max-bytes", "16M", "-q", "-o"])
        .arg(&out)
        .arg("--findings")
        .arg(&findings)
        .args(&b.args)
        .assert()
        // a missing file and a refused one: errors
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("missing.txt: no such file"), "{stderr}");
    assert!(
        stderr.contains("huge.txt: input is 50000000 bytes"),
        "{stderr}"
    );

    let (header, rows) = read_csv(&out);
    assert_eq!(
        &header[..5],
        ["source", "grammar", "title", "organization", "year"]
    );
    // 2021 keys first, then the 2019 keys not already present
    let k21 = field_keys(Format::F2021);
    assert_eq!(&header[5..5 + k21.len()], &k21[..]);
    for k in field_keys(Format::F2019) {
        assert!(header.contains(&k), "{k} missing from the header");
    }
    let sources: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(sources, b.sources, "one row per input, in input order");
    let col = |k: &str| header.iter().position(|h| h == k).unwrap();
    let row = |src: &str| rows.iter().find(|r| r[0] == src).unwrap();

    let c000 = corpus_files()
        .into_iter()
        .find(|f| f.contains("000_"))
        .unwrap();
    assert_eq!(row(&c000)[col("proactive.licensing.decisions")], "40");
    assert_eq!(row(&c000)[col("organization")], "红椿镇");

    for k in &b.known {
        let r = row(&k.path);
        assert_eq!(
            r[col("grammar")],
            k.report.format.grammar_id(),
            "{}",
            k.path
        );
        assert_eq!(r[col("year")], k.report.meta.year.to_string(), "{}", k.path);
        assert_eq!(
            r[col("organization")],
            k.report.meta.organization,
            "{}",
            k.path
        );
        for key in [
            "proactive.licensing.decisions",
            "proactive.rules.in_force",
            "applications.new_received.total",
            "applications.carried_over.natural_person",
            "applications.carried_forward.total",
            "review.total",
            "litigation.after_review.upheld",
        ] {
            let Some(want) = k.report.get(key) else {
                continue;
            };
            let got = &r[col(key)];
            assert!(
                same_value(got, want),
                "{}: {key} is {got:?}, want {want:?}",
                k.path
            );
        }
    }
    // an unreadable file has its row, with only the source filled
    let missing = row(&b.bad["missing"]);
    assert!(missing[1..].iter().all(String::is_empty));

    let (fh, frows) = read_csv(&findings);
    assert_eq!(
        fh,
        ["source", "code", "severity", "check_id", "line", "column", "message"]
    );
    let has = |key: &str, code: &str, severity: &str| {
        frows
            .iter()
            .any(|r| r[0] == b.bad[key] && r[1] == code && r[2] == severity)
    };
    assert!(has("empty", "empty-input", "error"));
    assert!(has("binary", "binary-input", "error"));
    assert!(has("truncated", "decode-replaced", "warning"));
    assert!(has("huge", "input-too-large", "error"));
    assert!(has("missing", "unreadable-input", "error"));
    assert!(frows.iter().any(|r| r[0] == b.bad["prose"]));
    // findings rows follow input order
    let order: HashMap<&str, usize> = b
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    let positions: Vec<usize> = frows.iter().map(|r| order[r[0].as_str()]).collect();
    assert!(positions.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn mixed_batch_to_jsonl_with_summary() {
    let b = batch();
    let assert = docgram()
        .args([
            "extract",
            "--format",
            "jsonl",
            "--max-bytes",
            "16M",
            "-j",
            "2",
        ])
        .args(&b.args)
        .assert()
        .code(2);
    let out = assert.get_output();
    let records = json_lines(&out.stdout);
    assert_eq!(records.len(), b.sources.len());
    let sources: Vec<&str> = records
        .iter()
        .map(|r| r["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, b.sources);
    for k in &b.known {
        let r = records
            .iter()
            .find(|r| r["source"] == k.path.as_str())
            .unwrap();
        assert_eq!(r["meta"]["year"], k.report.meta.year);
    }
    let failed = records.iter().filter(|r| r["grammar"].is_null()).count();
    assert_eq!(failed, 2, "the missing file and the huge one");

    let stderr = String::from_utf8_lossy(&out.stderr);
    let n = b.sources.len();
    assert!(
        stderr.contains(&format!("summary: {n} reports read in ")),
        "{stderr}"
    );
    assert!(stderr.contains("reports/s"), "{stderr}");
    assert!(stderr.contains(" 2 failed"), "{stderr}");
}

#[test]
fn globs_lists_stdin_and_excel() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = SmallRng::seed_from_u64(5);
    let mut names = Vec::new();
    for i in 0..3 {
        let report = random_report(&mut rng, Format::F2021);
        let name = dir.path().join(format!("r{i}.txt"));
        std::fs::write(&name, render(&report, Layout::Tab, &Noise::none())).unwrap();
        names.push(name.display().to_string());
    }
    let pattern = format!("{}/r*.txt", dir.path().display());
    let list = format!("{}\n{}\n", names[2], names[0]);
    let out = dir.path().join("out.csv");
    docgram()
        .args(["extract", "--excel", "-q", "-o"])
        .arg(&out)
        .arg(&pattern)
        .args(["--files-from", "-"])
        .write_stdin(list)
        .assert()
        .success();
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with("\u{feff}source,".as_bytes()));
    let text = String::from_utf8(bytes).unwrap();
    let sources: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(
        sources,
        [&names[0], &names[1], &names[2], &names[2], &names[0]]
    );

    // a report on standard input
    let report = random_report(&mut rng, Format::F2021);
    let out = docgram()
        .args(["extract", "-f", "jsonl", "-"])
        .write_stdin(render(&report, Layout::Tab, &Noise::none()))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let r: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(r["source"], "-");
    assert_eq!(r["meta"]["organization"], report.meta.organization.as_str());
}

/// Sources are found as the batch takes them, a chunk (256) at a time: the
/// order holds across chunks, and an argument or list that yields nothing
/// still gives a failed record in its place.
#[test]
fn lazy_sources_across_chunks_and_failed_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = SmallRng::seed_from_u64(11);
    let mut names = Vec::new();
    let mut orgs = Vec::new();
    for i in 0..3 {
        let report = random_report(&mut rng, Format::F2019);
        let name = dir.path().join(format!("r{i}.txt"));
        std::fs::write(&name, render(&report, Layout::BrokenLine, &Noise::none())).unwrap();
        names.push(name.display().to_string());
        orgs.push(report.meta.organization.clone());
    }
    // 600 lines of the list (two chunks and a part), blank lines between
    let order: Vec<usize> = (0..600).map(|i| (i * 7 + i / 5) % 3).collect();
    let mut list = String::new();
    for (i, &k) in order.iter().enumerate() {
        list.push_str(&names[k]);
        list.push_str(if i % 50 == 0 { "\r\n\n" } else { "\n" });
    }
    let list_path = dir.path().join("list.txt");
    std::fs::write(&list_path, list).unwrap();
    let nothing = format!("{}/nothing*.txt", dir.path().display());
    let out = docgram()
        .args(["extract", "-f", "jsonl", "-j", "2"])
        .arg(&nothing)
        .arg(&names[1])
        .args(["--files-from"])
        .arg(&list_path)
        .assert()
        .code(2);
    let out = out.get_output();
    let records = json_lines(&out.stdout);
    assert_eq!(records.len(), 602);
    assert_eq!(records[0]["source"], nothing.as_str());
    assert!(records[0]["grammar"].is_null());
    assert_eq!(records[1]["source"], names[1].as_str());
    for (r, &k) in records[2..].iter().zip(&order) {
        assert_eq!(r["source"], names[k].as_str());
        assert_eq!(r["meta"]["organization"], orgs[k].as_str());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("error: {nothing}: no file matches the pattern")),
        "{stderr}"
    );
    assert!(stderr.contains(" 1 failed"), "{stderr}");

    // a list that cannot be read: one failed record named after it
    let missing = dir.path().join("missing-list.txt").display().to_string();
    let out = docgram()
        .args(["extract", "-q", "-f", "jsonl", "--files-from"])
        .arg(&missing)
        .assert()
        .code(2);
    let records = json_lines(&out.get_output().stdout);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["source"], missing.as_str());
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(
        stderr.contains("cannot read the list of files: no such file"),
        "{stderr}"
    );
}

#[test]
fn cross_year_mismatches() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = SmallRng::seed_from_u64(11);
    let mut write = |name: &str, year: i32, f: &dyn Fn(&mut Report)| {
        let mut r = random_report(&mut rng, Format::F2021);
        r.meta.organization = "测试镇人民政府".into();
        r.meta.year = year;
        r.meta.title = standard_title(&r.meta.organization, year);
        f(&mut r);
        let p = dir.path().join(name);
        std::fs::write(&p, render(&r, Layout::Tab, &Noise::none())).unwrap();
        r
    };
    let set = |r: &mut Report, key: &str, v: i64| {
        r.values
            .insert(key.to_owned(), Some(docgram_testgen::Value::Int(v)));
    };
    write("a.txt", 2021, &|r| {
        set(r, "applications.carried_forward.total", 5)
    });
    write("b.txt", 2022, &|r| {
        set(r, "applications.carried_over.total", 7)
    });
    let report = dir.path().join("cross.jsonl");
    let findings = dir.path().join("findings.csv");
    let assert = docgram()
        .current_dir(dir.path())
        .args(["extract", "-q", "-f", "jsonl", "--cross-year-report"])
        .arg(&report)
        .arg("--findings")
        .arg(&findings)
        .args(["a.txt", "b.txt"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("warning: b.txt: cross-year-mismatch: applications.carried_over.total of 2022 is 7, but a.txt (2021) carried forward 5"),
        "{stderr}"
    );
    let lines = json_lines(&std::fs::read(&report).unwrap());
    let total = lines.iter().find(|l| l["column"] == "total").unwrap();
    assert_eq!(total["source"], "b.txt");
    assert_eq!(total["carried_over"], 7);
    assert_eq!(total["carried_forward"], 5);
    assert_eq!(total["organization"], "测试镇人民政府");
    let (_, frows) = read_csv(&findings);
    assert!(frows
        .iter()
        .any(|r| r[0] == "b.txt" && r[1] == "cross-year-mismatch" && !r[4].is_empty()));
}
