//! 档案 (DA/T 22-2015): filing by the 件 with a 档号, 保管期限 proposed from the record's type by rules the
//! deployment configures, and when a term ends (for 鉴定). No I/O.

use crate::document::{DocType, Flow};
use crate::Invalid;
use std::collections::BTreeMap;
use std::fmt;

coded_enum!(
    /// 保管期限: permanent, 30 years, 10 years.
    Retention {
        Permanent = "Y" / "永久",
        Years30 = "D30" / "30年",
        Years10 = "D10" / "10年",
    }
);

impl Retention {
    /// Years kept; `None` for permanent.
    pub fn years(self) -> Option<i32> {
        match self {
            Retention::Permanent => None,
            Retention::Years30 => Some(30),
            Retention::Years10 => Some(10),
        }
    }

    /// The last year a 件 of `year` is kept: terms run from 1 January of the year after the 件 was formed, so a
    /// 2026 件 kept 10 years is due for 鉴定 at the end of 2036. `None` for permanent.
    pub fn last_year(self, year: i32) -> Option<i32> {
        self.years().map(|n| year + n)
    }
}

/// 门类代码 of 文书档案 (documents); other 门类 come with other record types.
pub const CATEGORY_DOCUMENTS: &str = "WS";

/// A 档号: 全宗号-门类代码·年度-保管期限-机构代码-件号, e.g. Z109-WS·2026-Y-BGS-0001.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ArchivalCode {
    pub fonds: String,
    pub category: String,
    pub year: i32,
    pub retention: Retention,
    pub organ: String,
    pub item_no: i64,
}

impl ArchivalCode {
    /// The group whose 件号 run gapless from 1: everything but the 件号 (and the year, which the numbering
    /// counter keeps as its own column).
    pub fn group(&self) -> String {
        format!("archive:{}-{}-{}-{}", self.fonds, self.category, self.retention.code(), self.organ)
    }

    /// Parse a printed 档号 (the interpunct may be typed as a full stop or a hyphen).
    pub fn parse(s: &str) -> Result<ArchivalCode, Invalid> {
        let bad = || Invalid::field("archival_code", format!("“{s}”不是有效的档号，应如 Z109-WS·2026-Y-BGS-0001。"));
        let t = s.trim().to_ascii_uppercase().replace(['．', '.', '・', '•'], "·");
        let (fonds, rest) = t.split_once('-').ok_or_else(bad)?;
        let (category, rest) = rest.split_once(['·', '-']).ok_or_else(bad)?;
        let parts: Vec<&str> = rest.split('-').collect();
        let [year, retention, organ, item] = parts.as_slice() else { return Err(bad()) };
        let code = ArchivalCode {
            fonds: check_code("fonds", "全宗号", fonds)?,
            category: check_code("category", "门类代码", category)?,
            year: year.parse().ok().filter(|y| (1949..=9999).contains(y)).ok_or_else(bad)?,
            retention: Retention::from_code(retention).ok_or_else(bad)?,
            organ: check_code("organ", "机构代码", organ)?,
            item_no: item.parse().ok().filter(|n| (1..=9999).contains(n) && item.len() == 4).ok_or_else(bad)?,
        };
        Ok(code)
    }

    /// The 件号 as printed: four digits.
    pub fn item_label(&self) -> String {
        format!("{:04}", self.item_no)
    }
}

impl fmt::Display for ArchivalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}·{}-{}-{}-{:04}",
            self.fonds,
            self.category,
            self.year,
            self.retention.code(),
            self.organ,
            self.item_no
        )
    }
}

/// A 全宗号, 门类代码 or 机构代码: 1 to 12 upper-case Latin letters and digits (they are printed in the 档号).
pub fn check_code(field: &'static str, label: &str, s: &str) -> Result<String, Invalid> {
    let v = s.trim().to_ascii_uppercase();
    if v.is_empty() || v.len() > 12 || !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Invalid::field(field, format!("{label}“{}”无效：应为1到12位大写字母或数字。", s.trim())));
    }
    Ok(v)
}

/// The largest 件号 a group can take (four digits).
pub const MAX_ITEM_NO: i64 = 9999;

/// Key of the rule for issues of the 信息科's journals (简报).
pub const JOURNAL_RULE: &str = "journal";

/// How a 保管期限 is proposed from a record's kind and type. Keys, most specific first: `outgoing.notice`
/// (flow and 文种 code), `outgoing`, `notice`, then the built-in default; `journal` for journal issues. The
/// archivist decides at filing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RetentionRules {
    pub rules: BTreeMap<String, Retention>,
}

impl RetentionRules {
    /// Rules from configuration text pairs, refusing unknown keys and periods with a message naming them.
    pub fn parse(pairs: &[(String, String)]) -> Result<RetentionRules, Invalid> {
        let mut rules = BTreeMap::new();
        for (k, v) in pairs {
            let key = k.trim().to_ascii_lowercase();
            let known = |part: &str| Flow::from_code(part).is_some() || DocType::from_code(part).is_some();
            let journal = key == JOURNAL_RULE;
            if !journal && (key.is_empty() || !key.split('.').all(known) || key.split('.').count() > 2) {
                return Err(Invalid::field(
                    "retention",
                    format!(
                        "保管期限规则“{k}”无效：应为 outgoing、incoming、文种代码（如 notice）、outgoing.notice 或 journal。"
                    ),
                ));
            }
            let r = Retention::from_code(v)
                .ok_or_else(|| Invalid::field("retention", format!("保管期限“{v}”无效：应为 Y、D30 或 D10。")))?;
            rules.insert(key, r);
        }
        Ok(RetentionRules { rules })
    }

    /// The proposed 保管期限 of a document.
    pub fn propose(&self, flow: Flow, doc_type: DocType) -> Retention {
        let keys = [format!("{}.{}", flow.code(), doc_type.code()), flow.code().to_string(), doc_type.code().into()];
        keys.iter().find_map(|k| self.rules.get(k).copied()).unwrap_or_else(|| default_retention(flow, doc_type))
    }

    /// The proposed 保管期限 of an issue of a journal the organ edits (简报): the `journal` rule, else 30 years
    /// (the organ's own 简报 of general importance; the archivist files an important one permanently).
    pub fn propose_journal(&self) -> Retention {
        self.rules.get(JOURNAL_RULE).copied().unwrap_or(Retention::Years30)
    }
}

/// The usual terms (《机关文件材料归档范围和文书档案保管期限规定》): what the organ itself decides, orders, requests,
/// reports and minutes is kept permanently; its general notices and letters 30 years; documents received
/// from elsewhere 30 years when acted on by type (批复, 决定, 通知 needing action), otherwise 10.
fn default_retention(flow: Flow, t: DocType) -> Retention {
    use DocType::*;
    match flow {
        Flow::Outgoing => match t {
            Notice | Bulletin | Letter | Announcement | PublicNotice => Retention::Years30,
            _ => Retention::Permanent,
        },
        Flow::Incoming => match t {
            Reply | Decision | Order | Resolution => Retention::Years30,
            _ => Retention::Years10,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code() -> ArchivalCode {
        ArchivalCode {
            fonds: "Z109".into(),
            category: CATEGORY_DOCUMENTS.into(),
            year: 2026,
            retention: Retention::Permanent,
            organ: "BGS".into(),
            item_no: 1,
        }
    }

    #[test]
    fn archival_codes_print_and_parse() {
        assert_eq!(code().to_string(), "Z109-WS·2026-Y-BGS-0001");
        assert_eq!(ArchivalCode::parse("Z109-WS·2026-Y-BGS-0001").unwrap(), code());
        assert_eq!(ArchivalCode::parse(" z109-ws.2026-y-bgs-0001 ").unwrap(), code());
        let d30 = ArchivalCode { retention: Retention::Years30, item_no: 125, ..code() };
        assert_eq!(ArchivalCode::parse(&d30.to_string()).unwrap(), d30);
        for bad in [
            "",
            "Z109",
            "Z109-WS·2026-X-BGS-0001",
            "Z109-WS·2026-Y-BGS-1",
            "Z109-WS·26-Y-BGS-0001",
            "Z109-WS·2026-Y-BGS-0000",
        ] {
            assert!(ArchivalCode::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(code().group(), "archive:Z109-WS-Y-BGS");
    }

    #[test]
    fn terms_run_from_the_next_year() {
        assert_eq!(Retention::Years10.last_year(2026), Some(2036));
        assert_eq!(Retention::Years30.last_year(2026), Some(2056));
        assert_eq!(Retention::Permanent.last_year(2026), None);
    }

    #[test]
    fn retention_is_proposed_by_the_most_specific_rule() {
        let none = RetentionRules::default();
        assert_eq!(none.propose(Flow::Outgoing, DocType::Decision), Retention::Permanent);
        assert_eq!(none.propose(Flow::Outgoing, DocType::Notice), Retention::Years30);
        assert_eq!(none.propose(Flow::Outgoing, DocType::Minutes), Retention::Permanent);
        assert_eq!(none.propose(Flow::Incoming, DocType::Notice), Retention::Years10);
        let pairs = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
        let rules =
            RetentionRules::parse(&pairs(&[("outgoing.notice", "Y"), ("incoming", "D30"), ("letter", "D10")])).unwrap();
        assert_eq!(rules.propose(Flow::Outgoing, DocType::Notice), Retention::Permanent);
        assert_eq!(rules.propose(Flow::Incoming, DocType::Letter), Retention::Years30, "flow beats type");
        assert_eq!(rules.propose(Flow::Outgoing, DocType::Letter), Retention::Years10);
        assert!(RetentionRules::parse(&pairs(&[("outgoing.memo", "Y")])).is_err());
        assert!(RetentionRules::parse(&pairs(&[("notice", "D20")])).is_err());
        assert_eq!(none.propose_journal(), Retention::Years30);
        let journal = RetentionRules::parse(&pairs(&[("journal", "Y")])).unwrap();
        assert_eq!(journal.propose_journal(), Retention::Permanent);
        assert!(RetentionRules::parse(&pairs(&[("journal.notice", "Y")])).is_err());
    }

    #[test]
    fn codes_are_checked() {
        assert_eq!(check_code("fonds", "全宗号", " z109 ").unwrap(), "Z109");
        assert!(check_code("fonds", "全宗号", "Z-109").is_err());
        assert!(check_code("organ", "机构代码", "").is_err());
    }
}
