//! What a 公文 must satisfy: field limits and the classification ceiling (`check_content`, on every
//! save), and the type rules of 党政机关公文处理工作条例 (`check_type_rules`, before it leaves the
//! drafter and again at 登记).

use super::{Content, Direction, DocType};
use crate::text::{multiline, optional, required};
use crate::{ClassificationPolicy, Invalid};

/// Validate and normalise what a drafter typed. 份号 becomes six digits; state secrets need a
/// 保密期限 and a 份号 (DESIGN §4 保密).
pub fn check_content(c: &Content, policy: &ClassificationPolicy) -> Result<Content, Invalid> {
    policy.admit(c.classification)?;
    let mut out = c.clone();
    out.title = required("title", "标题", &c.title, 200)?;
    out.issuer = optional("issuer", "发文机关", &c.issuer, 100)?;
    out.issuer_mark = optional("issuer_mark", "发文机关标志", &c.issuer_mark, 40)?;
    out.to = multiline("to", "主送机关", &c.to, 1000)?;
    out.body = multiline("body", "正文", &c.body, 300_000)?;
    out.signature = optional("signature", "发文机关署名", &c.signature, 200)?;
    out.note = multiline("note", "附注", &c.note, 1000)?;
    out.cc = multiline("cc", "抄送机关", &c.cc, 2000)?;
    out.printer = optional("printer", "印发机关", &c.printer, 100)?;
    out.secrecy_term = optional("secrecy_term", "保密期限", &c.secrecy_term, 20)?;
    if c.attachments.len() > 50 {
        return Err(Invalid::field("attachments", "附件不能超过50个。"));
    }
    out.attachments = c
        .attachments
        .iter()
        .map(|a| optional("attachments", "附件名称", a, 200))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|a| !a.is_empty())
        .collect();
    let copy_no = crate::text::clean(&c.copy_no);
    out.copy_no = if copy_no.is_empty() {
        copy_no
    } else if copy_no.len() <= 6
        && copy_no.chars().all(|ch| ch.is_ascii_digit())
        && copy_no != "0".repeat(copy_no.len())
    {
        format!("{:0>6}", copy_no)
    } else {
        return Err(Invalid::field("copy_no", "份号应为1到6位阿拉伯数字，例如 000001。"));
    };
    if c.classification.is_state_secret() {
        if out.secrecy_term.is_empty() {
            return Err(Invalid::field("secrecy_term", "涉密公文须标注保密期限，例如“5年”。"));
        }
        if out.copy_no.is_empty() {
            return Err(Invalid::field("copy_no", "涉密公文须标注份号。"));
        }
    } else {
        // 保密期限 belongs to state secrets only; 内部 and 工作秘密 carry none.
        out.secrecy_term.clear();
    }
    if let (Some(d), Some(p)) = (out.dated, out.print_date) {
        if p < d {
            return Err(Invalid::field("print_date", "印发日期不能早于成文日期。"));
        }
    }
    Ok(out)
}

/// Facts about the world a type rule needs, looked up by the caller.
#[derive(Debug, Clone, Default)]
pub struct TypeContext {
    /// Names of organs below the issuer (its towns and departments): a 请示 may not be copied to them.
    pub lower_organs: Vec<String>,
    /// For a 批复: whether `reply_to_id` names a 请示 the drafter may see.
    pub reply_target_is_request: bool,
}

/// Words that ask a superior to decide: they belong in a 请示, never in a 报告.
const REQUEST_PHRASES: &[&str] =
    &["请批示", "请予批准", "请批准", "请审批", "请予审批", "请批复", "请予批复", "妥否，请", "当否，请", "请予审定"];

/// Verbs that each make a matter of their own in a 请示's 事由.
const MATTER_VERBS: &[&str] = &[
    "申请", "请求", "拨付", "解决", "批准", "设立", "成立", "调整", "增加", "追加", "购置", "建设", "修缮", "变更",
    "撤销", "增设", "核定", "划拨", "审批", "举办", "开展", "补助",
];

/// Suffixes that mark a subordinate organ even when it is not in the platform's unit list.
const LOWER_SUFFIXES: &[&str] =
    &["乡人民政府", "镇人民政府", "街道办事处", "村民委员会", "居民委员会", "乡党委", "镇党委"];

/// The type rules, all at once: every broken rule is named in one message.
pub fn check_type_rules(c: &Content, ctx: &TypeContext) -> Result<(), Invalid> {
    let mut problems: Vec<String> = Vec::new();
    let title = c.title.trim();
    let endings = c.doc_type.title_endings();
    if !endings.iter().any(|e| title.ends_with(e)) {
        problems.push(format!(
            "标题应以文种“{}”结尾（标题由发文机关、事由和文种组成）",
            endings.first().copied().unwrap_or_default()
        ));
    }
    match c.doc_type {
        DocType::Request => {
            let to = Content::organs(&c.to);
            if to.len() != 1 {
                problems.push(format!("请示只能主送一个上级机关（现为{}个），需要同时送其他机关的，用抄送", to.len()));
            }
            let lower: Vec<String> = Content::organs(&c.cc)
                .into_iter()
                .filter(|o| ctx.lower_organs.iter().any(|l| l == o) || LOWER_SUFFIXES.iter().any(|s| o.ends_with(s)))
                .collect();
            if !lower.is_empty() {
                problems.push(format!("请示不得抄送下级机关（{}）", lower.join("、")));
            }
            if c.direction != Direction::Up {
                problems.push("请示是上行文，行文方向应为“上行文”".into());
            }
            if let Some((a, b)) = two_matters(title) {
                problems.push(format!("请示应当一文一事：标题中的“{a}”和“{b}”是两件事，请分别行文"));
            }
            // Sentences that ask for a decision; one phrase may contain another, so count sentences.
            let closings =
                c.body.split(['。', '！', '\n']).filter(|s| REQUEST_PHRASES.iter().any(|p| s.contains(p))).count();
            if closings > 1 {
                problems.push("请示应当一文一事：正文中有多处请求批示的结语，请把不同事项分别行文".into());
            }
        }
        DocType::Report => {
            if let Some(p) = REQUEST_PHRASES.iter().find(|p| c.body.contains(**p)) {
                problems.push(format!("报告中不得夹带请示事项（正文中有“{p}”），需要上级批准的事项请另行请示"));
            }
        }
        DocType::Reply => {
            if c.reply_to_id.is_none() {
                problems.push("批复须关联所答复的请示".into());
            } else if !ctx.reply_target_is_request {
                problems.push("批复关联的来文不是请示，或您无权查看".into());
            }
        }
        _ => {}
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Invalid::new(format!("{}。", problems.join("；"))))
    }
}

/// A 请示 title joining two matters ("关于申请A和购置B的请示"): both sides of a conjunction start a
/// matter with its own verb. A single matter with a compound object ("办公和住房问题") passes.
fn two_matters(title: &str) -> Option<(String, String)> {
    let inner = title.strip_prefix("关于").unwrap_or(title);
    let inner = inner.strip_suffix("的请示").or_else(|| inner.strip_suffix("请示"))?;
    for sep in ["以及", "和", "及", "并", "暨", "、", "与"] {
        let mut parts = inner.splitn(2, sep);
        let (Some(a), Some(b)) = (parts.next(), parts.next()) else { continue };
        let has_verb = |s: &str| MATTER_VERBS.iter().any(|v| s.contains(v));
        let starts_with_verb = MATTER_VERBS.iter().any(|v| b.starts_with(v));
        if has_verb(a) && starts_with_verb {
            return Some((a.to_string(), b.to_string()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Classification;

    fn request() -> Content {
        Content {
            title: "青禾县人民政府关于申请修缮县档案馆的请示".into(),
            to: "市人民政府：".into(),
            body: "……妥否，请批示。".into(),
            ..Content::blank(DocType::Request)
        }
    }

    #[test]
    fn a_proper_request_passes() {
        assert_eq!(check_type_rules(&request(), &TypeContext::default()), Ok(()));
    }

    #[test]
    fn request_rules() {
        let ctx = TypeContext { lower_organs: vec!["县财政局".into()], ..Default::default() };
        let two_to = Content { to: "市人民政府、市财政局：".into(), ..request() };
        assert!(check_type_rules(&two_to, &ctx).unwrap_err().message.contains("只能主送一个"));
        let cc_lower = Content { cc: "市财政局、县财政局、城关镇人民政府".into(), ..request() };
        let m = check_type_rules(&cc_lower, &ctx).unwrap_err().message;
        assert!(m.contains("不得抄送下级机关（县财政局、城关镇人民政府）"), "{m}");
        let two = Content { title: "关于申请修缮县档案馆和购置公务用车的请示".into(), ..request() };
        assert!(check_type_rules(&two, &ctx).unwrap_err().message.contains("一文一事"));
        let compound = Content { title: "关于解决乡镇干部办公和住房问题的请示".into(), ..request() };
        assert_eq!(check_type_rules(&compound, &ctx), Ok(()));
        let twice =
            Content { body: "一、……妥否，请批示。\n二、……请予批准。".into(), ..request() };
        assert!(check_type_rules(&twice, &ctx).unwrap_err().message.contains("多处"));
        let down = Content { direction: Direction::Down, ..request() };
        assert!(check_type_rules(&down, &ctx).unwrap_err().message.contains("上行文"));
    }

    #[test]
    fn report_carries_no_request() {
        let r = Content {
            title: "关于2026年工作情况的报告".into(),
            body: "现将有关情况报告如下。……以上报告，请审阅。".into(),
            ..Content::blank(DocType::Report)
        };
        assert_eq!(check_type_rules(&r, &TypeContext::default()), Ok(()));
        let bad = Content { body: "……以上报告妥否，请批示。".into(), ..r };
        assert!(check_type_rules(&bad, &TypeContext::default()).unwrap_err().message.contains("不得夹带请示"));
    }

    #[test]
    fn reply_links_its_request() {
        let r = Content { title: "关于同意修缮县档案馆的批复".into(), ..Content::blank(DocType::Reply) };
        assert!(check_type_rules(&r, &TypeContext::default()).unwrap_err().message.contains("关联所答复的请示"));
        let linked = Content { reply_to_id: Some("x".into()), ..r };
        assert!(check_type_rules(&linked, &TypeContext::default()).is_err());
        let ok = TypeContext { reply_target_is_request: true, ..Default::default() };
        assert_eq!(check_type_rules(&linked, &ok), Ok(()));
    }

    #[test]
    fn title_names_the_type() {
        let n = Content { title: "关于做好冬季安全生产工作".into(), ..Content::blank(DocType::Notice) };
        assert!(check_type_rules(&n, &TypeContext::default()).unwrap_err().message.contains("以文种“通知”结尾"));
        let order = Content { title: "青禾县人民政府令".into(), ..Content::blank(DocType::Order) };
        assert_eq!(check_type_rules(&order, &TypeContext::default()), Ok(()));
    }

    #[test]
    fn content_is_normalised_and_bounded() {
        let p = ClassificationPolicy::default();
        let c =
            Content { title: " 关于…的通知 ".into(), copy_no: "12".into(), ..Content::blank(DocType::Notice) };
        let out = check_content(&c, &p).unwrap();
        assert_eq!(out.title, "关于…的通知");
        assert_eq!(out.copy_no, "000012");
        assert!(check_content(&Content { copy_no: "12a".into(), ..c.clone() }, &p).is_err());
        assert!(check_content(&Content { title: " ".into(), ..c.clone() }, &p).is_err());
        let secret = Content { classification: Classification::Secret, ..c.clone() };
        assert!(check_content(&secret, &p).unwrap_err().message.contains("非涉密系统"));
        let certified = ClassificationPolicy { ceiling: Classification::Confidential };
        assert!(check_content(&secret, &certified).unwrap_err().message.contains("保密期限"));
        let marked = Content { secrecy_term: "5年".into(), ..secret };
        let out = check_content(&marked, &certified).unwrap();
        assert_eq!(out.classification_mark().as_deref(), Some("秘密★5年"));
        let internal = Content { classification: Classification::Internal, secrecy_term: "5年".into(), ..c };
        assert_eq!(check_content(&internal, &p).unwrap().classification_mark().as_deref(), Some("内部"));
    }
}
