use docgram_core::grammar::SectionDef;
use docgram_core::label::Label;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let d = docgram_core::text::decode(&bytes).unwrap();
    let lines = docgram_core::lines::split_lines(&d.text);
    let defs: Vec<SectionDef> = [
        ("overview", 1, vec!["总体情况", "概述"]),
        (
            "proactive",
            2,
            vec!["主动公开政府信息情况", "行政机关主动公开政府信息情况"],
        ),
        (
            "applications",
            3,
            vec![
                "收到和处理政府信息公开申请情况",
                "行政机关收到和处理政府信息公开申请情况",
            ],
        ),
        (
            "review_litigation",
            4,
            vec![
                "政府信息公开行政复议、行政诉讼情况",
                "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
                "政府信息公开工作行政复议、行政诉讼情况",
                "被申请行政复议、提起行政诉讼情况",
            ],
        ),
        (
            "problems",
            5,
            vec![
                "存在的主要问题及改进情况",
                "政府信息公开工作存在的主要问题及改进情况",
                "存在的主要问题及整改措施",
            ],
        ),
        ("other", 6, vec!["其他需要报告的事项"]),
    ]
    .into_iter()
    .map(|(k, n, h)| SectionDef {
        key: k.into(),
        numeral: Some(n),
        headings: h.iter().map(|x| Label::new(x)).collect(),
    })
    .collect();
    let s = docgram_core::sections::find_sections(&lines, &defs);
    for sec in &s.found {
        println!(
            "section {} line {} body {:?}",
            sec.key,
            sec.heading_line + 1,
            sec.body_lines
        );
    }
    for dg in &s.diagnostics {
        println!("diag {:?}", dg);
    }
    for key in ["proactive", "applications", "review_litigation"] {
        let Some(sec) = s.get(key) else { continue };
        let r = docgram_core::regions::region(&lines, Some(key.into()), sec.body_lines);
        println!("== {key} {:?}", r.scores);
        for row in &r.grid.rows {
            let cells: Vec<String> = row.cells.iter().map(|c| format!("[{}]", c.text)).collect();
            println!("  {}", cells.join(" "));
        }
        for dg in &r.grid.diagnostics {
            println!("  diag {:?}", dg);
        }
    }
}
