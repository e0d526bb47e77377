//! Rendering a report as text in one of the four layouts.

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use crate::model::{
    app_rows, pro_blocks, AppRow, Format, Report, Value, APPLICANT_COLUMNS, PARTIAL_LABEL,
    RESULTS_LABEL, REVIEW_COLUMNS, REVIEW_GROUPS,
};
use crate::noise::{expected, Noise, TitleStyle};

/// How the tables arrive as text (spec section 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layout {
    /// A line a row, cells separated by tabs (Word copy; corpus 003, 004).
    Tab,
    /// One cell a line behind a tab, a blank line between rows (HTML copy; corpus 000).
    BrokenLine,
    /// First cell bare, later cells behind `"| "`, a lone `"|"` ends the row (PDF to text;
    /// corpus 001).
    Pipe,
    /// A pipe table with a `|---|` rule (corpus 002).
    Markdown,
}

impl Layout {
    /// All four layouts.
    pub const ALL: [Layout; 4] = [
        Layout::Tab,
        Layout::BrokenLine,
        Layout::Pipe,
        Layout::Markdown,
    ];

    /// A short lowercase name (`tab`, `broken-line`, `pipe`, `markdown`).
    pub fn name(self) -> &'static str {
        match self {
            Layout::Tab => "tab",
            Layout::BrokenLine => "broken-line",
            Layout::Pipe => "pipe",
            Layout::Markdown => "markdown",
        }
    }

    /// Grid layouts keep every cell of a row on one line.
    fn is_grid(self) -> bool {
        matches!(self, Layout::Tab | Layout::Markdown)
    }
}

/// Renders `report` as a complete report text in `layout` with the irregularities of
/// `noise`. The values it shows are those of [`expected`]`(report, noise)`.
pub fn render(report: &Report, layout: Layout, noise: &Noise) -> String {
    let exp = expected(report, noise);
    let salt = match layout {
        Layout::Tab => 0x7AB,
        Layout::BrokenLine => 0xB20,
        Layout::Pipe => 0x919E,
        Layout::Markdown => 0x3D,
    };
    let mut r = Renderer {
        report: &exp,
        layout,
        noise,
        rng: SmallRng::seed_from_u64(noise.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt),
        mid_space: false,
    };
    r.mid_space = noise.halfwidth_brackets && layout.is_grid() && r.rng.random_bool(0.6);
    let text = r.document();
    if noise.crlf {
        text.replace('\n', "\r\n")
    } else {
        text
    }
}

#[derive(Debug, Clone)]
enum Cell {
    Empty,
    /// A label and the character index where it wraps, if it does.
    Label(String, Option<usize>),
    /// A value as written ("" for an empty cell).
    Value(String),
}

#[derive(Debug, Default)]
struct Row {
    cells: Vec<Cell>,
    /// Lines printed before the row (pipe stray marks).
    pre: Vec<String>,
    /// Pipe: the first printed cell is behind "| " too.
    pipe_lead: bool,
    /// Tab: leading empty cells dropped (padded at the end instead).
    drop_leading: bool,
    /// Extra empty cells at the end.
    extra: usize,
    /// Tab: a blank line after the row.
    blank_after: bool,
}

impl Row {
    fn new(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            ..Row::default()
        }
    }
}

#[derive(Debug, Default)]
struct Table {
    rows: Vec<Row>,
    width: usize,
    /// Markdown: the row index where the table is split at a page break.
    split_at: Option<usize>,
}

/// How a label may wrap.
#[derive(Debug, Clone, Copy)]
enum Wrap {
    Never,
    /// After this many characters (pipe: fixed column width).
    Width(usize),
    /// In two halves (broken-line header cells like 商业\n企业).
    Half,
    /// After the comma nearest the middle, if the label is long.
    Comma,
}

struct Renderer<'a> {
    report: &'a Report,
    layout: Layout,
    noise: &'a Noise,
    rng: SmallRng,
    /// Grid layouts with half-width brackets: `(一) 予以公开`.
    mid_space: bool,
}

const PLACEHOLDERS: [&str; 4] = ["-", "—", "/", "无"];
const REVIEW_HEADERS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
const REVIEW_SPACED: [&str; 5] = ["结果 维持", "结果 纠正", "其他 结果", "尚未 审结", "总计"];
const IDENTITY_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
            _ => c,
        })
        .collect()
}

impl Renderer<'_> {
    fn coin(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    fn pick<'s>(&mut self, options: &[&'s str]) -> &'s str {
        options[self.rng.random_range(0..options.len())]
    }

    // ---- cells -------------------------------------------------------------------------

    /// Applies the label-spelling switches to a label's text.
    fn spell(&self, text: &str) -> String {
        let mut s = text.to_string();
        if self.noise.enumeration_comma {
            let mut chars = s.chars();
            if let (Some(d), Some('.')) = (chars.next(), chars.next()) {
                if d.is_ascii_digit() {
                    s = format!("{d}、{}", chars.as_str());
                }
            }
        }
        if self.noise.halfwidth_brackets {
            s = s.replace('（', "(").replace('）', ")");
            if self.layout == Layout::Pipe {
                // PDF converters normalize the other punctuation too (corpus 001).
                s = s.replace('，', ",").replace('：', ":");
            }
            if self.mid_space && s.starts_with('(') {
                if let Some(i) = s.find(')') {
                    if i + 1 < s.len() && !s[i + 1..].starts_with(' ') {
                        s.insert(i + 1, ' ');
                    }
                }
            }
        }
        s
    }

    fn label(&mut self, text: &str, wrap: Wrap) -> Cell {
        let s = self.spell(text);
        let n = s.chars().count();
        let at = if !self.noise.wrapped_labels {
            None
        } else {
            match wrap {
                Wrap::Never => None,
                Wrap::Width(w) => (n > w).then_some(w),
                Wrap::Half => (n == 4 && !s.contains(' ')).then_some(2),
                Wrap::Comma => {
                    let commas: Vec<usize> = s
                        .chars()
                        .enumerate()
                        .filter(|&(i, c)| matches!(c, '，' | ',' | '、') && i + 1 < n)
                        .map(|(i, _)| i + 1)
                        .collect();
                    commas
                        .into_iter()
                        .min_by_key(|&i| i.abs_diff(n / 2))
                        .filter(|_| n > 20)
                }
            }
        };
        // Not every eligible label wraps.
        let at = at.filter(|_| self.coin(0.85));
        Cell::Label(s, at)
    }

    /// A plain (never wrapping) label.
    fn plain(&mut self, text: &str) -> Cell {
        self.label(text, Wrap::Never)
    }

    fn value(&mut self, key: &str) -> Cell {
        let Some(v) = self.report.values.get(key).cloned().flatten() else {
            return Cell::Value(String::new());
        };
        let n = self.noise;
        let mut s = v.text();
        if n.zero_placeholders && v == Value::Int(0) && self.coin(0.5) {
            s = self.pick(&PLACEHOLDERS).to_string();
        } else if n.fullwidth_digits && self.coin(0.3) {
            s = fullwidth(&s);
        }
        if n.value_spaces && self.coin(0.25) {
            let pad = self.pick(&[" ", "  "]);
            s = match self.rng.random_range(0..3) {
                0 => format!("{pad}{s}"),
                1 => format!("{s}{pad}"),
                _ => format!("{pad}{s}{pad}"),
            };
        }
        Cell::Value(s)
    }

    fn extra_cells(&mut self, row: &mut Row) {
        if self.noise.trailing_cells && self.layout != Layout::Pipe && self.coin(0.2) {
            row.extra = self.rng.random_range(1..=2);
        }
    }

    // ---- document ----------------------------------------------------------------------

    fn document(&mut self) -> String {
        let rep = self.report;
        let (org, year) = (rep.meta.organization.clone(), rep.meta.year);
        let mut blocks: Vec<String> = Vec::new();
        let notice = match rep.format {
            Format::F2019 => "国办公开办函〔2019〕60号",
            Format::F2021 => "国办公开办函〔2021〕30号",
        };
        let stats = format!("本报告统计数据从{year}年1月1日至12月31日");
        match self.noise.title {
            TitleStyle::Standard | TitleStyle::Niandu | TitleStyle::NoYear => {
                blocks.push(rep.meta.title.clone());
                if self.noise.title == TitleStyle::NoYear {
                    blocks.push(format!(
                        "本报告根据《中华人民共和国政府信息公开条例》要求编制，{stats}。"
                    ));
                }
            }
            TitleStyle::Quoted => {
                if self.coin(0.5) {
                    blocks.push(year.to_string());
                }
                blocks.push(format!(
                    "根据《中华人民共和国政府信息公开条例》规定和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（{notice}）要求，现发布《{}》，{stats}。",
                    rep.meta.title
                ));
            }
        }

        blocks.push(self.heading(0));
        let published: u32 = self.rng.random_range(80..2500);
        blocks.push(format!(
            "{year}年，{org}坚持以人民为中心的发展思想，认真贯彻落实《中华人民共和国政府信息公开条例》，加强组织领导，完善工作机制，全年通过门户网站、公开栏、政务新媒体等渠道主动公开政府信息{published}条。"
        ));
        blocks.push(
            "（一）主动公开情况。严格落实主动公开制度，及时公开政策文件、财政预决算、重点项目等信息。"
                .to_string(),
        );
        blocks.push(
            "（二）依申请公开情况。规范依申请公开办理流程，按照法定时限答复申请人。".to_string(),
        );
        blocks.push("（三）监督保障情况。将政务公开工作纳入年度考核，接受社会监督。".to_string());

        blocks.push(self.heading(1));
        let t = self.proactive_table();
        blocks.push(self.table_text(&t));
        blocks.push(self.heading(2));
        let t = self.applications_table();
        blocks.push(self.table_text(&t));
        blocks.push(self.heading(3));
        let t = self.review_table();
        blocks.push(self.table_text(&t));

        blocks.push(self.heading(4));
        blocks.push(format!(
            "{year}年，我单位政府信息公开工作取得了一定成效，但也存在公开内容不够全面、更新不够及时等问题。下一步将加强业务培训，完善工作机制，不断提升政府信息公开工作水平。"
        ));
        blocks.push(self.heading(5));
        if self.coin(0.5) {
            blocks.push("无".to_string());
        } else {
            blocks.push(format!("本机关{year}年未收取信息处理费。"));
        }
        if self.noise.signature {
            let day: u32 = self.rng.random_range(5..28);
            blocks.push(format!("{org}\n{}年1月{day}日", year + 1));
        }

        let (lead, sep) = if self.layout.is_grid() {
            ("\n\n", "\n\n")
        } else {
            ("", "\n")
        };
        let mut out = String::from(lead);
        out.push_str(&blocks.join(sep));
        out.push('\n');
        out
    }

    fn heading(&mut self, i: usize) -> String {
        const NUMS: [&str; 6] = ["一", "二", "三", "四", "五", "六"];
        const CANONICAL: [&str; 6] = [
            "总体情况",
            "主动公开政府信息情况",
            "收到和处理政府信息公开申请情况",
            "政府信息公开行政复议、行政诉讼情况",
            "存在的主要问题及改进情况",
            "其他需要报告的事项",
        ];
        const VARIANTS: [&[&str]; 6] = [
            &["概述"],
            &["行政机关主动公开政府信息情况"],
            &["行政机关收到和处理政府信息公开申请情况"],
            &[
                "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
                "政府信息公开工作行政复议、行政诉讼情况",
                "被申请行政复议、提起行政诉讼情况",
            ],
            &[
                "政府信息公开工作存在的主要问题及改进情况",
                "存在的主要问题及整改措施",
            ],
            &[],
        ];
        if !self.noise.heading_variants {
            return format!("{}、{}", NUMS[i], CANONICAL[i]);
        }
        let text = if !VARIANTS[i].is_empty() && self.coin(0.5) {
            self.pick(VARIANTS[i])
        } else {
            CANONICAL[i]
        };
        let sep = self.pick(&["、", "、 ", "．", "."]);
        format!("{}{sep}{text}", NUMS[i])
    }

    // ---- tables ------------------------------------------------------------------------

    fn proactive_table(&mut self) -> Table {
        let format = self.report.format;
        let grid = self.layout.is_grid();
        let mut t = Table {
            width: 4,
            ..Table::default()
        };
        let fee_header = if format == Format::F2021 && self.coin(0.4) {
            Some("本年收费金额（单位：万元，保留4位小数）")
        } else {
            None
        };
        for block in pro_blocks(format) {
            let caption = format!("第二十条第{}项", block.item);
            let mut cells = vec![self.plain(&caption)];
            if grid {
                cells.extend([Cell::Empty, Cell::Empty, Cell::Empty]);
            }
            t.rows.push(Row::new(cells));
            let mut cells = vec![self.plain("信息内容")];
            for h in block.headers {
                let h = if h.starts_with("本年收费金额") {
                    fee_header.unwrap_or(h)
                } else {
                    h
                };
                cells.push(self.plain(h));
            }
            let mut row = Row::new(cells);
            self.extra_cells(&mut row);
            t.rows.push(row);
            for (rk, label) in block.rows {
                let mut cells = vec![self.plain(label)];
                for col in block.cols {
                    cells.push(self.value(&format!("proactive.{rk}.{col}")));
                }
                let mut row = Row::new(cells);
                self.extra_cells(&mut row);
                t.rows.push(row);
            }
        }
        t
    }

    fn app_label(&mut self, r: &AppRow, part: u8) -> Cell {
        let pipe = self.layout == Layout::Pipe;
        match part {
            0 => match r.top {
                Some(RESULTS_LABEL) if pipe && self.noise.stray_mark => {
                    self.plain("三本年度办理结果")
                }
                Some(top) => self.plain(top),
                None => Cell::Empty,
            },
            1 => match r.mid {
                Some(mid) => {
                    let mid = if mid == PARTIAL_LABEL && self.noise.short_partial_label {
                        "（二）部分公开"
                    } else {
                        mid
                    };
                    let wrap = if pipe { Wrap::Width(14) } else { Wrap::Comma };
                    self.label(mid, wrap)
                }
                None => Cell::Empty,
            },
            _ => match r.leaf {
                Some(leaf) => {
                    let wrap = if pipe { Wrap::Width(9) } else { Wrap::Comma };
                    self.label(leaf, wrap)
                }
                None => Cell::Empty,
            },
        }
    }

    fn applications_table(&mut self) -> Table {
        let layout = self.layout;
        let rows = app_rows(self.report.format);
        let header_wrap = match layout {
            Layout::BrokenLine => Wrap::Half,
            Layout::Pipe => Wrap::Width(4),
            _ => Wrap::Never,
        };
        let note_wrap = if layout.is_grid() {
            Wrap::Comma
        } else {
            Wrap::Never
        };
        let note = self.label(IDENTITY_NOTE, note_wrap);
        let applicant = self.plain("申请人情况");
        let natural = self.plain("自然人");
        let legal = self.plain("法人或其他组织");
        let total = self.plain("总计");
        let kinds: Vec<Cell> = [
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
        ]
        .iter()
        .map(|k| self.label(k, header_wrap))
        .collect();
        use Cell::Empty as E;
        let mut t = Table::default();
        match layout {
            Layout::Tab => {
                t.width = 10;
                t.rows
                    .push(Row::new(vec![note, E, applicant, E, E, E, E, E, total, E]));
                t.rows.push(Row::new(vec![E, E, natural, legal]));
                let mut r3 = vec![E, E, E];
                r3.extend(kinds);
                t.rows.push(Row::new(r3));
            }
            Layout::Markdown => {
                t.width = 10;
                t.rows
                    .push(Row::new(vec![note, E, E, applicant, E, E, E, E, E, total]));
                t.rows.push(Row::new(vec![E, E, E, natural, legal]));
                let mut r3 = vec![E, E, E, E];
                r3.extend(kinds);
                t.rows.push(Row::new(r3));
            }
            Layout::BrokenLine | Layout::Pipe => {
                t.rows.push(Row::new(vec![note, applicant]));
                t.rows.push(Row::new(vec![E, natural, legal, total]));
                let mut r3 = vec![E, E];
                r3.extend(kinds);
                r3.push(E);
                t.rows.push(Row::new(r3));
            }
        }
        let first_data = t.rows.len();

        // Pipe page-break noise: which row repeats its group label.
        let repeat_at = if layout == Layout::Pipe && self.noise.repeated_group_label {
            let candidates: Vec<usize> = rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.level == 3 && r.mid.is_none())
                .map(|(i, _)| i)
                .collect();
            Some(candidates[self.rng.random_range(0..candidates.len())])
        } else {
            None
        };
        let mut current_mid: Option<&'static str> = None;
        let mut stray_pending = layout == Layout::Pipe && self.noise.stray_mark;

        for (i, r) in rows.iter().enumerate() {
            if r.mid.is_some() {
                current_mid = r.mid;
            }
            let mut cells = match (layout, r.level) {
                (_, 1) => {
                    let mut c = vec![self.app_label(r, 0)];
                    match layout {
                        Layout::Tab => c.push(E),
                        Layout::Markdown => c.extend([E, E]),
                        _ => {}
                    }
                    c
                }
                (_, 2) => {
                    let mut c = vec![self.app_label(r, 0), self.app_label(r, 1)];
                    if layout == Layout::Markdown {
                        c.push(E);
                    }
                    c
                }
                _ => {
                    let mut c = vec![
                        self.app_label(r, 0),
                        self.app_label(r, 1),
                        self.app_label(r, 2),
                    ];
                    if repeat_at == Some(i) {
                        if let Some(mid) = current_mid {
                            c[1] = self.plain(mid);
                        }
                    }
                    c
                }
            };
            for col in APPLICANT_COLUMNS {
                cells.push(self.value(&format!("applications.{}.{col}", r.key)));
            }
            if layout == Layout::Tab && r.level < 3 {
                cells.push(E);
            }
            let mut row = Row::new(cells);
            row.pipe_lead = repeat_at == Some(i);
            // The 、 of 三、 lands before the （三） row, as in corpus 001.
            if stray_pending && r.level == 3 && r.mid.is_some() {
                row.pre.push("、".to_string());
                stray_pending = false;
            }
            if layout == Layout::Tab && self.noise.dropped_leading_cells {
                row.drop_leading =
                    matches!(row.cells.first(), Some(Cell::Empty)) && self.coin(0.15);
                row.blank_after = self.coin(0.04);
            }
            self.extra_cells(&mut row);
            t.rows.push(row);
        }

        if layout == Layout::Markdown && self.noise.page_split {
            // Split somewhere among the sub-item rows of （三）–（五）.
            let lo = first_data + 5;
            let hi = first_data + rows.len() - 4;
            t.split_at = Some(self.rng.random_range(lo..hi));
        }
        t
    }

    fn review_table(&mut self) -> Table {
        let layout = self.layout;
        let grid = layout.is_grid();
        let names = if self.noise.spaced_headers {
            REVIEW_SPACED
        } else {
            REVIEW_HEADERS
        };
        let (wrap2, wrap3) = match layout {
            Layout::BrokenLine => (Wrap::Half, Wrap::Half),
            Layout::Pipe => (Wrap::Never, Wrap::Width(3)),
            _ => (Wrap::Never, Wrap::Never),
        };
        use Cell::Empty as E;
        let mut t = Table {
            width: 15,
            ..Table::default()
        };
        let review = self.plain("行政复议");
        let litigation = self.plain("行政诉讼");
        let mut r1 = vec![review];
        if grid {
            r1.extend([E, E, E, E]);
        }
        r1.push(litigation);
        t.rows.push(Row::new(r1));

        let mut r2: Vec<Cell> = names.iter().map(|h| self.label(h, wrap2)).collect();
        r2.push(self.plain("未经复议直接起诉"));
        if grid {
            r2.extend([E, E, E, E]);
        }
        r2.push(self.plain("复议后起诉"));
        t.rows.push(Row::new(r2));

        let mut r3 = vec![E, E, E, E, E];
        for _ in 0..2 {
            for h in names {
                let c = self.label(h, wrap3);
                r3.push(c);
            }
        }
        t.rows.push(Row::new(r3));

        let mut cells = Vec::new();
        for g in REVIEW_GROUPS {
            for c in REVIEW_COLUMNS {
                cells.push(self.value(&format!("{g}.{c}")));
            }
        }
        let mut row = Row::new(cells);
        self.extra_cells(&mut row);
        t.rows.push(row);
        t
    }

    // ---- serialization -----------------------------------------------------------------

    fn cell_text(&self, c: &Cell) -> String {
        match c {
            Cell::Empty => String::new(),
            Cell::Value(s) => s.clone(),
            Cell::Label(s, None) => s.clone(),
            Cell::Label(s, Some(at)) => {
                let head: String = s.chars().take(*at).collect();
                let tail: String = s.chars().skip(*at).collect();
                let joint = if self.layout.is_grid() { " " } else { "\n" };
                format!("{head}{joint}{tail}")
            }
        }
    }

    fn table_text(&self, t: &Table) -> String {
        let mut out = String::new();
        for (i, row) in t.rows.iter().enumerate() {
            match self.layout {
                Layout::Tab => {
                    let mut cells: Vec<String> =
                        row.cells.iter().map(|c| self.cell_text(c)).collect();
                    if row.drop_leading {
                        let k = cells.iter().take_while(|c| c.is_empty()).count();
                        cells.drain(..k);
                    }
                    cells.resize(t.width.max(cells.len()), String::new());
                    cells.extend(std::iter::repeat_n(String::new(), row.extra));
                    out.push_str(&cells.join("\t"));
                    out.push('\n');
                    if row.blank_after {
                        out.push('\n');
                    }
                }
                Layout::Markdown => {
                    if t.split_at == Some(i) {
                        out.push('\n');
                        let blank = vec![String::new(); t.width];
                        out.push_str(&md_line(&blank));
                        out.push_str(&md_rule(t.width));
                    }
                    let mut cells: Vec<String> =
                        row.cells.iter().map(|c| self.cell_text(c)).collect();
                    cells.resize(t.width.max(cells.len()), String::new());
                    cells.extend(std::iter::repeat_n(String::new(), row.extra));
                    out.push_str(&md_line(&cells));
                    if i == 0 {
                        out.push_str(&md_rule(t.width));
                    }
                }
                Layout::BrokenLine => {
                    for c in &row.cells {
                        out.push('\t');
                        out.push_str(&self.cell_text(c));
                        out.push('\n');
                    }
                    for _ in 0..row.extra {
                        out.push_str("\t\n");
                    }
                    out.push('\n');
                }
                Layout::Pipe => {
                    for line in &row.pre {
                        out.push_str(line);
                        out.push('\n');
                    }
                    let printed = row.cells.iter().filter(|c| !matches!(c, Cell::Empty));
                    for (k, c) in printed.enumerate() {
                        if k > 0 || row.pipe_lead {
                            out.push_str("| ");
                        }
                        out.push_str(&self.cell_text(c));
                        out.push('\n');
                    }
                    out.push_str("|\n");
                }
            }
        }
        while out.ends_with('\n') && self.layout != Layout::BrokenLine {
            out.pop();
        }
        out
    }
}

fn md_line(cells: &[String]) -> String {
    let mut s = String::from("|");
    for c in cells {
        if c.is_empty() {
            s.push_str(" |");
        } else {
            s.push(' ');
            s.push_str(c);
            s.push_str(" |");
        }
    }
    s.push('\n');
    s
}

fn md_rule(width: usize) -> String {
    let mut s = String::from("|");
    for _ in 0..width {
        s.push_str("---|");
    }
    s.push('\n');
    s
}
