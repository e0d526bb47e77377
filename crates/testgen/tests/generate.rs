//! Properties of generated reports and their renderings.

use std::collections::BTreeSet;

use docgram_testgen::{
    expected, field_keys, identity_violations, random_report, render, Format, Layout, Noise,
    TitleStyle, Value,
};
use rand::{rngs::SmallRng, SeedableRng};

fn unfullwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect()
}

#[test]
fn field_key_counts_and_uniqueness() {
    let k21 = field_keys(Format::F2021);
    let k19 = field_keys(Format::F2019);
    let count =
        |keys: &[String], prefix: &str| keys.iter().filter(|k| k.starts_with(prefix)).count();
    assert_eq!(count(&k21, "proactive."), 6 + 1 + 1 + 1 + 1);
    // Spec section 3/4: 2 + 2 + 8 + 3 + 5 + 3 + 1 + 1 = 25 rows (2021), 23 rows (2019).
    assert_eq!(count(&k21, "applications."), 25 * 7);
    assert_eq!(count(&k19, "proactive."), 6 + 12 + 2 + 2);
    assert_eq!(count(&k19, "applications."), 23 * 7);
    for keys in [&k21, &k19] {
        assert_eq!(count(keys, "review.") + count(keys, "litigation."), 15);
        let set: BTreeSet<&String> = keys.iter().collect();
        assert_eq!(set.len(), keys.len(), "duplicate keys");
    }
    assert_eq!(k21[0], "proactive.rules.issued");
    assert_eq!(k21[9], "proactive.fees.amount");
    assert_eq!(k21[10], "applications.new_received.natural_person");
    assert!(k21.contains(&"applications.other.unpaid_fee.total".to_string()));
    assert!(k19.contains(&"applications.other.total".to_string()));
    assert!(k19.contains(&"proactive.procurement.amount".to_string()));
    assert_eq!(k19.last().unwrap(), "litigation.after_review.total");
}

#[test]
fn random_reports_satisfy_identities() {
    let mut rng = SmallRng::seed_from_u64(1);
    for _ in 0..200 {
        for format in Format::ALL {
            let r = random_report(&mut rng, format);
            let keys: BTreeSet<String> = field_keys(format).into_iter().collect();
            let have: BTreeSet<String> = r.values.keys().cloned().collect();
            assert_eq!(keys, have);
            assert!(r.values.values().all(Option::is_some));
            assert!(
                identity_violations(&r).is_empty(),
                "{:?}",
                identity_violations(&r)
            );
            assert!(r.values.values().flatten().any(|v| *v != Value::Int(0)));
            for (k, v) in &r.values {
                let decimal = k.ends_with(".amount");
                assert_eq!(matches!(v, Some(Value::Decimal(_))), decimal, "{k}");
                if let Some(Value::Int(n)) = v {
                    assert!(*n >= 0 || k.ends_with(".change"), "{k} = {n}");
                }
            }
            let years = match format {
                Format::F2019 => 2019..=2020,
                Format::F2021 => 2021..=2025,
            };
            assert!(years.contains(&r.meta.year));
            assert_eq!(
                r.meta.title,
                format!(
                    "{}{}年政府信息公开工作年度报告",
                    r.meta.organization, r.meta.year
                )
            );
        }
    }
}

#[test]
fn identity_check_detects_breaks() {
    let mut rng = SmallRng::seed_from_u64(2);
    let mut r = random_report(&mut rng, Format::F2021);
    let k = "applications.granted.research".to_string();
    let old = r.int(&k).unwrap();
    r.values.insert(k, Some(Value::Int(old + 1)));
    assert!(!identity_violations(&r).is_empty());
}

#[test]
fn renderings_contain_every_value() {
    let mut rng = SmallRng::seed_from_u64(3);
    for i in 0..40 {
        for format in Format::ALL {
            let r = random_report(&mut rng, format);
            let noisy = Noise::random(&mut rng);
            for layout in Layout::ALL {
                let plain = render(&r, layout, &Noise::none());
                for (k, v) in &r.values {
                    let t = v.as_ref().unwrap().text();
                    assert!(plain.contains(&t), "{layout:?} {k} = {t} missing");
                }
                assert!(plain.contains(&r.meta.title));
                // With noise: every non-zero value is still there, up to full-width digits.
                let text = unfullwidth(&render(&r, layout, &noisy));
                let exp = expected(&r, &noisy);
                assert!(
                    text.contains(&exp.meta.title),
                    "{layout:?} {:?}",
                    noisy.title
                );
                for (k, v) in &exp.values {
                    let Some(v) = v else { continue };
                    if *v != Value::Int(0) {
                        assert!(
                            text.contains(&v.text()),
                            "{i} {layout:?} {k} = {v:?} missing"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn rendering_is_deterministic() {
    for seed in 0..10 {
        let gen = |seed| {
            let mut rng = SmallRng::seed_from_u64(seed);
            let r = random_report(
                &mut rng,
                if seed % 2 == 0 {
                    Format::F2021
                } else {
                    Format::F2019
                },
            );
            let n = Noise::random(&mut rng).with_blanks();
            Layout::ALL.map(|l| render(&r, l, &n))
        };
        assert_eq!(gen(seed), gen(seed));
    }
}

#[test]
fn blanks_become_none_and_empty_cells() {
    let mut rng = SmallRng::seed_from_u64(4);
    let r = random_report(&mut rng, Format::F2019);
    let n = Noise {
        seed: 99,
        ..Noise::none()
    }
    .with_blanks();
    let exp = expected(&r, &n);
    let blanked: Vec<&String> = exp
        .values
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(k, _)| k)
        .collect();
    assert!(!blanked.is_empty() && blanked.len() < exp.values.len() / 5);
    assert_eq!(expected(&r, &Noise::none()), r);
}

#[test]
fn title_styles() {
    let mut rng = SmallRng::seed_from_u64(5);
    let r = random_report(&mut rng, Format::F2021);
    let y = r.meta.year;
    for style in TitleStyle::ALL {
        let n = Noise {
            title: style,
            ..Noise::none()
        };
        let exp = expected(&r, &n);
        assert_eq!(exp.meta.organization, r.meta.organization);
        for layout in Layout::ALL {
            let text = render(&r, layout, &n);
            match style {
                TitleStyle::Standard => assert!(text.trim_start().starts_with(&r.meta.title)),
                TitleStyle::Niandu => assert!(text.contains(&format!("{y}年度政府信息公开"))),
                TitleStyle::Quoted => {
                    assert!(text.contains(&format!("现发布《{}》", r.meta.title)))
                }
                TitleStyle::NoYear => {
                    assert!(text.trim_start().starts_with(&exp.meta.title));
                    assert!(!exp.meta.title.contains(&y.to_string()));
                    assert!(text.contains(&format!("本报告统计数据从{y}年1月1日至12月31日")));
                }
            }
        }
    }
}

#[test]
fn layout_shapes() {
    let mut rng = SmallRng::seed_from_u64(6);
    let r = random_report(&mut rng, Format::F2021);
    let n = Noise::none();
    let tab = render(&r, Layout::Tab, &n);
    assert!(tab
        .lines()
        .any(|l| l.starts_with("第二十条第（一）项\t\t\t")));
    assert!(tab.lines().any(|l| l.split('\t').count() == 15));
    let md = render(&r, Layout::Markdown, &n);
    assert!(md.contains("|---|"));
    let pipe = render(&r, Layout::Pipe, &n);
    assert!(pipe.lines().any(|l| l == "|"));
    assert!(pipe.contains("\n| 1.属于国家秘密\n"));
    let broken = render(&r, Layout::BrokenLine, &n);
    assert!(broken.contains("\t（三）不予公开\n\t1.属于国家秘密\n"));

    let all = Noise::all(11, TitleStyle::Standard);
    let pipe = render(&r, Layout::Pipe, &all);
    assert!(pipe.contains("\r\n、\r\n"));
    assert!(pipe.contains("三本年度办理结果"));
    let md = render(&r, Layout::Markdown, &all);
    assert_eq!(
        md.lines().filter(|l| l.starts_with("|---|")).count(),
        4,
        "three tables, one split"
    );
    assert!(render(&r, Layout::Tab, &all).contains("结果 维持"));
}

/// Writes one sample per layout × format to /tmp/testgen-samples (for eyeballing).
#[test]
fn write_samples() {
    let dir = std::env::temp_dir().join("testgen-samples");
    std::fs::create_dir_all(&dir).unwrap();
    for format in Format::ALL {
        let mut rng = SmallRng::seed_from_u64(42);
        let r = random_report(&mut rng, format);
        for layout in Layout::ALL {
            let name = format!("{:?}_{}", format, layout.name());
            std::fs::write(
                dir.join(format!("{name}.txt")),
                render(&r, layout, &Noise::none()),
            )
            .unwrap();
            let noisy = Noise {
                crlf: false,
                ..Noise::all(5, TitleStyle::Quoted)
            };
            std::fs::write(
                dir.join(format!("{name}_noisy.txt")),
                render(&r, layout, &noisy),
            )
            .unwrap();
        }
    }
}
