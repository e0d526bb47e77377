//! The report model: formats, field keys, table structure and random values.

use std::collections::BTreeMap;

use rand::Rng;

/// Which version of the State Council's report tables a report uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// 国办公开办函〔2019〕60号: reports on 2019 and 2020.
    F2019,
    /// 国办公开办函〔2021〕30号: reports on 2021 and later.
    F2021,
}

impl Format {
    /// Both formats, oldest first.
    pub const ALL: [Format; 2] = [Format::F2019, Format::F2021];

    /// The grammar id docgram uses for this format.
    pub fn grammar_id(self) -> &'static str {
        match self {
            Format::F2019 => "cn-gov-disclosure-2019",
            Format::F2021 => "cn-gov-disclosure-2021",
        }
    }
}

/// A cell value as the generator knows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    /// An integer count (may be negative for 本年增/减).
    Int(i64),
    /// A decimal amount kept as its text, e.g. `"96171.6"`.
    Decimal(String),
}

impl Value {
    /// The value written plainly, as it appears without noise.
    pub fn text(&self) -> String {
        match self {
            Value::Int(n) => n.to_string(),
            Value::Decimal(s) => s.clone(),
        }
    }

    /// The integer, if this is an [`Value::Int`].
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(n) => Some(*n),
            Value::Decimal(_) => None,
        }
    }
}

/// Report metadata (the `meta.*` keys).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// The report's own title, e.g. `某某镇人民政府2021年政府信息公开工作年度报告`.
    pub title: String,
    /// The title's text before the year, e.g. `某某镇人民政府`.
    pub organization: String,
    /// The year reported on.
    pub year: i32,
}

/// A complete synthetic report: the values every rendering of it must yield.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Which table version the report uses.
    pub format: Format,
    /// Title, organization and year.
    pub meta: Meta,
    /// Every field key of the format (see [`field_keys`]), `None` for an empty cell.
    pub values: BTreeMap<String, Option<Value>>,
}

impl Report {
    /// The value of `key`, or `None` when the key is absent or the cell is empty.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.values.get(key).and_then(Option::as_ref)
    }

    /// The integer value of `key`, if present and integral.
    pub fn int(&self, key: &str) -> Option<i64> {
        self.get(key).and_then(Value::as_int)
    }
}

/// One block of table 二 (a 第二十条第（x）项 sub-table).
#[derive(Debug)]
pub(crate) struct ProBlock {
    /// The item number, e.g. `（一）`.
    pub item: &'static str,
    /// Column headers after 信息内容.
    pub headers: &'static [&'static str],
    /// Column keys, parallel to `headers`.
    pub cols: &'static [&'static str],
    /// Rows: key and label.
    pub rows: &'static [(&'static str, &'static str)],
}

const PRO_2021: &[ProBlock] = &[
    ProBlock {
        item: "（一）",
        headers: &["本年制发件数", "本年废止件数", "现行有效件数"],
        cols: &["issued", "repealed", "in_force"],
        rows: &[("rules", "规章"), ("normative_documents", "行政规范性文件")],
    },
    ProBlock {
        item: "（五）",
        headers: &["本年处理决定数量"],
        cols: &["decisions"],
        rows: &[("licensing", "行政许可")],
    },
    ProBlock {
        item: "（六）",
        headers: &["本年处理决定数量"],
        cols: &["decisions"],
        rows: &[("penalty", "行政处罚"), ("coercion", "行政强制")],
    },
    ProBlock {
        item: "（八）",
        headers: &["本年收费金额（单位：万元）"],
        cols: &["amount"],
        rows: &[("fees", "行政事业性收费")],
    },
];

const PRO_2019: &[ProBlock] = &[
    ProBlock {
        item: "（一）",
        headers: &["本年新制作数量", "本年新公开数量", "对外公开总数量"],
        cols: &["new_made", "new_published", "total_published"],
        rows: &[("rules", "规章"), ("normative_documents", "规范性文件")],
    },
    ProBlock {
        item: "（五）",
        headers: &["上一年项目数量", "本年增/减", "处理决定数量"],
        cols: &["previous", "change", "decisions"],
        rows: &[
            ("licensing", "行政许可"),
            ("other_services", "其他对外管理服务事项"),
        ],
    },
    ProBlock {
        item: "（六）",
        headers: &["上一年项目数量", "本年增/减", "处理决定数量"],
        cols: &["previous", "change", "decisions"],
        rows: &[("penalty", "行政处罚"), ("coercion", "行政强制")],
    },
    ProBlock {
        item: "（八）",
        headers: &["上一年项目数量", "本年增/减"],
        cols: &["previous", "change"],
        rows: &[("fees", "行政事业性收费")],
    },
    ProBlock {
        item: "（九）",
        headers: &["采购项目数量", "采购总金额"],
        cols: &["items", "amount"],
        rows: &[("procurement", "政府集中采购")],
    },
];

pub(crate) fn pro_blocks(format: Format) -> &'static [ProBlock] {
    match format {
        Format::F2019 => PRO_2019,
        Format::F2021 => PRO_2021,
    }
}

/// Column keys of table 三, in printed order.
pub const APPLICANT_COLUMNS: [&str; 7] = [
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other_entity",
    "total",
];

/// Column keys of table 四 inside each of its three groups.
pub const REVIEW_COLUMNS: [&str; 5] = ["upheld", "corrected", "other", "pending", "total"];

/// The three groups of table 四, in printed order.
pub const REVIEW_GROUPS: [&str; 3] = ["review", "litigation.direct", "litigation.after_review"];

/// One row of table 三.
#[derive(Debug, Clone)]
pub(crate) struct AppRow {
    /// Row key (after `applications.`).
    pub key: String,
    /// 1: label spans all label columns; 2: group + item; 3: group + item + sub-item.
    pub level: u8,
    /// The top-level label (一、…, 三、本年度办理结果) when this row starts its span.
    pub top: Option<&'static str>,
    /// The item label (（一）予以公开, （三）不予公开) when this row starts its span.
    pub mid: Option<&'static str>,
    /// The sub-item label (1.属于国家秘密).
    pub leaf: Option<&'static str>,
    /// Whether the row is a leaf result row (summed into （七）总计).
    pub is_result: bool,
}

const DENIED: [(&str, &str); 8] = [
    ("state_secret", "1.属于国家秘密"),
    ("prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("security_stability", "3.危及“三安全一稳定”"),
    ("third_party_rights", "4.保护第三方合法权益"),
    ("internal_affairs", "5.属于三类内部事务信息"),
    ("process_information", "6.属于四类过程性信息"),
    ("enforcement_files", "7.属于行政执法案卷"),
    ("administrative_query", "8.属于行政查询事项"),
];
const UNAVAILABLE: [(&str, &str); 3] = [
    ("not_held", "1.本机关不掌握相关政府信息"),
    ("needs_creation", "2.没有现成信息需要另行制作"),
    ("unclear", "3.补正后申请内容仍不明确"),
];
const NOT_PROCESSED: [(&str, &str); 5] = [
    ("complaint", "1.信访举报投诉类申请"),
    ("repeated", "2.重复申请"),
    ("publication", "3.要求提供公开出版物"),
    ("excessive", "4.无正当理由大量反复申请"),
    ("confirmation", "5.要求行政机关确认或重新出具已获取信息"),
];
const OTHER_2021: [(&str, &str); 3] = [
    (
        "no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("miscellaneous", "3.其他"),
];

/// The canonical label of the （二） row.
pub(crate) const PARTIAL_LABEL: &str = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）";
/// The group label spanning the result rows.
pub(crate) const RESULTS_LABEL: &str = "三、本年度办理结果";

pub(crate) fn app_rows(format: Format) -> Vec<AppRow> {
    let row = |key: &str, level, top, mid, leaf, is_result| AppRow {
        key: key.to_string(),
        level,
        top,
        mid,
        leaf,
        is_result,
    };
    let mut rows = vec![
        row(
            "new_received",
            1,
            Some("一、本年新收政府信息公开申请数量"),
            None,
            None,
            false,
        ),
        row(
            "carried_over",
            1,
            Some("二、上年结转政府信息公开申请数量"),
            None,
            None,
            false,
        ),
        row(
            "granted",
            2,
            Some(RESULTS_LABEL),
            Some("（一）予以公开"),
            None,
            true,
        ),
        row(
            "partially_granted",
            2,
            None,
            Some(PARTIAL_LABEL),
            None,
            true,
        ),
    ];
    let group = |rows: &mut Vec<AppRow>,
                 prefix: &str,
                 mid: &'static str,
                 items: &[(&str, &'static str)]| {
        for (i, (k, label)) in items.iter().enumerate() {
            let mid = (i == 0).then_some(mid);
            rows.push(row(
                &format!("{prefix}.{k}"),
                3,
                None,
                mid,
                Some(label),
                true,
            ));
        }
    };
    group(&mut rows, "denied", "（三）不予公开", &DENIED);
    group(&mut rows, "unavailable", "（四）无法提供", &UNAVAILABLE);
    group(&mut rows, "not_processed", "（五）不予处理", &NOT_PROCESSED);
    match format {
        Format::F2021 => group(&mut rows, "other", "（六）其他处理", &OTHER_2021),
        Format::F2019 => rows.push(row("other", 2, None, Some("（六）其他处理"), None, true)),
    }
    rows.push(row("total", 2, None, Some("（七）总计"), None, false));
    rows.push(row(
        "carried_forward",
        1,
        Some("四、结转下年度继续办理"),
        None,
        None,
        false,
    ));
    rows
}

/// Every field key of `format`, exactly as the spec (section 4) lists them, in its order:
/// table 二 row by row, then table 三 row by row (columns inside), then table 四.
/// The `meta.*` keys are not included (they live in [`Meta`]).
pub fn field_keys(format: Format) -> Vec<String> {
    let mut keys = Vec::new();
    for block in pro_blocks(format) {
        for (row, _) in block.rows {
            for col in block.cols {
                keys.push(format!("proactive.{row}.{col}"));
            }
        }
    }
    for row in app_rows(format) {
        for col in APPLICANT_COLUMNS {
            keys.push(format!("applications.{}.{col}", row.key));
        }
    }
    for group in REVIEW_GROUPS {
        for col in REVIEW_COLUMNS {
            keys.push(format!("{group}.{col}"));
        }
    }
    keys
}

/// Whether `key` holds a decimal amount (万元) rather than an integer.
pub fn is_decimal_key(key: &str) -> bool {
    key.ends_with(".amount")
}

/// A small count: mostly 1..60, some zeros, occasionally 1000+.
fn small<R: Rng + ?Sized>(rng: &mut R) -> i64 {
    let p: f64 = rng.random();
    if p < 0.25 {
        0
    } else if p < 0.28 {
        rng.random_range(1000..2500)
    } else {
        rng.random_range(1..60)
    }
}

/// A table 三 result cell: sparser than [`small`] since 20-odd of them add up to a total.
fn result_count<R: Rng + ?Sized>(rng: &mut R) -> i64 {
    let p: f64 = rng.random();
    if p < 0.4 {
        0
    } else if p < 0.405 {
        rng.random_range(1000..2500)
    } else {
        rng.random_range(1..30)
    }
}

/// `n` values drawn with `draw`, neighbours (mostly) distinct, so that reading a row one
/// cell off gives different numbers.
fn distinct_row<R: Rng + ?Sized>(rng: &mut R, n: usize, draw: fn(&mut R) -> i64) -> Vec<i64> {
    let mut row: Vec<i64> = Vec::with_capacity(n);
    for _ in 0..n {
        let mut v = draw(rng);
        for _ in 0..8 {
            if row.last() != Some(&v) {
                break;
            }
            v = draw(rng);
        }
        row.push(v);
    }
    row
}

fn decimal<R: Rng + ?Sized>(rng: &mut R) -> String {
    let int: u32 = if rng.random_bool(0.5) {
        rng.random_range(0..100)
    } else {
        rng.random_range(100..100_000)
    };
    let digits = rng.random_range(1..=4u32);
    // A fraction whose last digit is non-zero, so the text is canonical.
    let mut frac: u32 = rng.random_range(0..10u32.pow(digits - 1)) * 10 + rng.random_range(1..10);
    if digits == 1 {
        frac = rng.random_range(1..10);
    }
    format!("{int}.{frac:0width$}", width = digits as usize)
}

const PLACES: &[&str] = &[
    "青石",
    "柳河",
    "东岗",
    "白水",
    "云溪",
    "石门",
    "龙泉",
    "桃源",
    "南山",
    "清河",
    "长乐",
    "凤鸣",
    "金沙",
    "安平",
    "永丰",
    "新桥",
    "黄土岭",
    "双龙",
    "马鞍山",
    "太平",
];
const DISTRICTS: &[&str] = &["原平区", "临江县", "西城区", "宁远县", "北湖区", "大安市"];
const UNITS: &[&str] = &[
    "镇人民政府",
    "镇",
    "乡人民政府",
    "街道办事处",
    "县自然资源局",
    "区教育局",
    "市生态环境局",
    "县人力资源和社会保障局",
    "县住房和城乡建设局",
    "区卫生健康委员会",
];

/// A random organization name such as `青石镇人民政府` or `临江县柳河镇`.
pub fn random_organization<R: Rng + ?Sized>(rng: &mut R) -> String {
    let place = PLACES[rng.random_range(0..PLACES.len())];
    let unit = UNITS[rng.random_range(0..UNITS.len())];
    let district = if unit.starts_with(['镇', '乡', '街']) && rng.random_bool(0.25) {
        DISTRICTS[rng.random_range(0..DISTRICTS.len())]
    } else {
        ""
    };
    format!("{district}{place}{unit}")
}

/// The canonical title `<organization><year>年政府信息公开工作年度报告`.
pub fn standard_title(organization: &str, year: i32) -> String {
    format!("{organization}{year}年政府信息公开工作年度报告")
}

/// A random report of `format` with a random organization and year (2019–2020 for
/// [`Format::F2019`], 2021–2025 for [`Format::F2021`]) and small values that satisfy
/// every identity of the spec (section 5). Every key has a value (no `None`).
pub fn random_report<R: Rng + ?Sized>(rng: &mut R, format: Format) -> Report {
    let organization = random_organization(rng);
    let year = match format {
        Format::F2019 => rng.random_range(2019..=2020),
        Format::F2021 => rng.random_range(2021..=2025),
    };
    let mut values: BTreeMap<String, Option<Value>> = BTreeMap::new();
    let mut put = |key: String, v: Value| {
        values.insert(key, Some(v));
    };

    for block in pro_blocks(format) {
        for (row, _) in block.rows {
            for col in block.cols {
                let key = format!("proactive.{row}.{col}");
                let v = if is_decimal_key(&key) {
                    Value::Decimal(decimal(rng))
                } else if *col == "change" {
                    Value::Int(rng.random_range(-20..=20))
                } else {
                    Value::Int(small(rng))
                };
                put(key, v);
            }
        }
    }

    let rows = app_rows(format);
    // columns[col][row] for the six applicant columns.
    let idx = |k: &str| rows.iter().position(|r| r.key == k).expect("row key");
    let (i_new, i_over, i_total, i_fwd) = (
        idx("new_received"),
        idx("carried_over"),
        idx("total"),
        idx("carried_forward"),
    );
    // Result rows first, row by row, so neighbouring cells of a row can be kept distinct.
    let mut columns: Vec<Vec<i64>> = vec![vec![0; rows.len()]; 6];
    for (i, r) in rows.iter().enumerate() {
        if r.is_result {
            let cells = distinct_row(rng, 6, result_count);
            for (column, v) in columns.iter_mut().zip(cells) {
                column[i] = v;
            }
        }
    }
    for column in &mut columns {
        let total: i64 = column.iter().sum();
        let forward = small(rng);
        let over = result_count(rng).min(total + forward);
        column[i_total] = total;
        column[i_fwd] = forward;
        column[i_over] = over;
        column[i_new] = total + forward - over;
    }
    for (i, r) in rows.iter().enumerate() {
        let cells: Vec<i64> = columns.iter().map(|c| c[i]).collect();
        let total: i64 = cells.iter().sum();
        for (col, v) in APPLICANT_COLUMNS
            .iter()
            .zip(cells.into_iter().chain([total]))
        {
            put(format!("applications.{}.{col}", r.key), Value::Int(v));
        }
    }

    for group in REVIEW_GROUPS {
        let parts = distinct_row(rng, 4, small);
        for (col, v) in REVIEW_COLUMNS
            .iter()
            .zip(parts.iter().copied().chain([parts.iter().sum()]))
        {
            put(format!("{group}.{col}"), Value::Int(v));
        }
    }

    Report {
        format,
        meta: Meta {
            title: standard_title(&organization, year),
            organization,
            year,
        },
        values,
    }
}

/// Checks the identities of the spec (section 5) on `report` and returns a description of
/// each one that does not hold (empty when all hold). Cells that are `None` count as 0.
pub fn identity_violations(report: &Report) -> Vec<String> {
    let v = |k: String| report.int(&k).unwrap_or(0);
    let rows = app_rows(report.format);
    let mut bad = Vec::new();
    for col in APPLICANT_COLUMNS {
        let a = |row: &str| v(format!("applications.{row}.{col}"));
        let (lhs, rhs) = (
            a("new_received") + a("carried_over"),
            a("total") + a("carried_forward"),
        );
        if lhs != rhs {
            bad.push(format!(
                "{col}: new_received + carried_over = {lhs} != total + carried_forward = {rhs}"
            ));
        }
        let sum: i64 = rows.iter().filter(|r| r.is_result).map(|r| a(&r.key)).sum();
        if sum != a("total") {
            bad.push(format!(
                "{col}: sum of results {sum} != total {}",
                a("total")
            ));
        }
    }
    for r in &rows {
        let sum: i64 = APPLICANT_COLUMNS[..6]
            .iter()
            .map(|c| v(format!("applications.{}.{c}", r.key)))
            .sum();
        let total = v(format!("applications.{}.total", r.key));
        if sum != total {
            bad.push(format!(
                "{}: sum of applicants {sum} != total {total}",
                r.key
            ));
        }
    }
    for g in REVIEW_GROUPS {
        let sum: i64 = REVIEW_COLUMNS[..4]
            .iter()
            .map(|c| v(format!("{g}.{c}")))
            .sum();
        let total = v(format!("{g}.total"));
        if sum != total {
            bad.push(format!("{g}: parts {sum} != total {total}"));
        }
    }
    bad
}
