use docgram_core::label::Label;
fn main() {
    let g = docgram_core::grammar::bundled_by_id("cn-gov-disclosure-2021").unwrap();
    let t = &g.tables.iter().find(|t| t.key == "applications").unwrap();
    for cell in ["2.其他法律行政法规禁", "止公开", "5.属于三类内部事务信"] {
        let l = Label::new(cell);
        for (i, d) in t.rows.iter().enumerate() {
            for p in &d.labels {
                if let Some(s) = l.score(p) { println!("{cell} -> {i} {} group={} {s}", p.text, d.is_group); }
            }
        }
    }
}
