//! 办文: the 公文 (Document) with its GB/T 9704 elements, the 发文 and 收文 flows as transition tables,
//! 发文字号, the body's heading structure, the type rules of 党政机关公文处理工作条例, and version diffs.
//! One `Document` type serves both flows; `Flow` tells them apart.

mod body;
mod diff;
mod flow;
mod number;
mod rules;

pub use body::{blocks, heading_level, Block};
pub use diff::{diff, DiffRow, Seg};
pub use flow::{
    editable, hold_warning, pool_roles, pools_of, tasks_for, Assignee, DocAct, DocParty, TaskKind, INCOMING, OUTGOING,
    POOL_COUNTERSIGN, POOL_OFFICE, POOL_REGISTRAR,
};
pub use number::DocNumber;
pub use rules::{check_content, check_type_rules, TypeContext};

use crate::Classification;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

coded_enum!(
    /// 文种: the 15 types of 党政机关公文处理工作条例 (2012), art. 8.
    DocType {
        Resolution = "resolution" / "决议",
        Decision = "decision" / "决定",
        Order = "order" / "命令",
        Communique = "communique" / "公报",
        Announcement = "announcement" / "公告",
        PublicNotice = "public_notice" / "通告",
        Opinion = "opinion" / "意见",
        Notice = "notice" / "通知",
        Bulletin = "bulletin" / "通报",
        Report = "report" / "报告",
        Request = "request" / "请示",
        Reply = "reply" / "批复",
        Motion = "motion" / "议案",
        Letter = "letter" / "函",
        Minutes = "minutes" / "纪要",
    }
);

coded_enum!(
    /// 行文方向: 上行文 carry a 签发人 and put the 文号 on the left.
    Direction {
        Up = "up" / "上行文",
        Parallel = "parallel" / "平行文",
        Down = "down" / "下行文",
    }
);

coded_enum!(
    /// 紧急程度.
    Urgency {
        Normal = "normal" / "普通",
        Urgent = "urgent" / "加急",
        VeryUrgent = "very_urgent" / "特急",
    }
);

coded_enum!(
    /// 发文 (we write and send) or 收文 (we receive and handle).
    Flow {
        Outgoing = "outgoing" / "发文",
        Incoming = "incoming" / "收文",
    }
);

coded_enum!(
    /// One state set for both flows; `OUTGOING` and `INCOMING` say which states each uses.
    DocState {
        Drafting = "drafting" / "起草中",
        Reviewing = "reviewing" / "核稿中",
        Countersigning = "countersigning" / "会签中",
        SigningOff = "signing_off" / "待签发",
        Rechecking = "rechecking" / "待复核",
        ToRegister = "to_register" / "待登记",
        Producing = "producing" / "待印制",
        Dispatching = "dispatching" / "待核发",
        Dispatched = "dispatched" / "已核发",
        ToAcknowledge = "to_acknowledge" / "待签收",
        Screening = "screening" / "待初审",
        Proposing = "proposing" / "待拟办",
        Instructing = "instructing" / "待批示",
        Handling = "handling" / "承办中",
        Circulating = "circulating" / "传阅中",
        Completed = "completed" / "已办结",
        Returned = "returned" / "已退文",
        Archived = "archived" / "已归档",
        Voided = "voided" / "已作废",
    }
);

coded_enum!(
    /// 阅知件 are distributed for reading; 批办件 go to a leader for 批示 and then to 承办.
    Handling {
        ForReading = "read" / "阅知件",
        ForAction = "act" / "批办件",
    }
);

/// GB/T 9704 layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Layout {
    /// 文件格式
    Standard,
    /// 信函格式
    Letter,
    /// 命令格式
    Order,
    /// 纪要格式
    Minutes,
}

impl DocType {
    /// The usual direction; 意见 and 通知 may be sent any way, so this is only the form's default.
    pub fn default_direction(self) -> Direction {
        match self {
            DocType::Request | DocType::Report | DocType::Motion => Direction::Up,
            DocType::Letter => Direction::Parallel,
            _ => Direction::Down,
        }
    }

    pub fn layout(self) -> Layout {
        match self {
            DocType::Letter => Layout::Letter,
            DocType::Order => Layout::Order,
            DocType::Minutes => Layout::Minutes,
            _ => Layout::Standard,
        }
    }

    /// The words a title must end with (标题 = 机关 + 事由 + 文种).
    pub fn title_endings(self) -> &'static [&'static str] {
        match self {
            DocType::Resolution => &["决议"],
            DocType::Decision => &["决定"],
            DocType::Order => &["命令", "令"],
            DocType::Communique => &["公报"],
            DocType::Announcement => &["公告"],
            DocType::PublicNotice => &["通告"],
            DocType::Opinion => &["意见"],
            DocType::Notice => &["通知"],
            DocType::Bulletin => &["通报"],
            DocType::Report => &["报告"],
            DocType::Request => &["请示"],
            DocType::Reply => &["批复"],
            DocType::Motion => &["议案"],
            DocType::Letter => &["函"],
            DocType::Minutes => &["纪要"],
        }
    }

    /// The type a title names by its last words, if any (for imports).
    pub fn from_title(title: &str) -> Option<DocType> {
        let t = title.trim_end_matches(|c: char| c.is_whitespace() || "。.".contains(c));
        // Longest ending first, so 批复 is not read as 复 and 命令 wins over 令.
        let mut best: Option<(usize, DocType)> = None;
        for ty in DocType::ALL {
            for e in ty.title_endings() {
                if t.ends_with(e) && best.is_none_or(|(n, _)| e.len() > n) {
                    best = Some((e.len(), *ty));
                }
            }
        }
        best.map(|(_, ty)| ty)
    }
}

/// The GB/T 9704 elements a drafter edits; every save of these is a version.
/// 发文字号 and 签发人 are not here: they come from 登记 and 签发.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Content {
    pub doc_type: DocType,
    pub direction: Direction,
    /// 密级
    pub classification: Classification,
    /// 保密期限, e.g. "5年" (state secrets only).
    pub secrecy_term: String,
    /// 紧急程度
    pub urgency: Urgency,
    /// 份号 printed on this copy (6 digits), when the document carries one.
    pub copy_no: String,
    /// 机关代字 used at 登记 (outgoing only).
    pub agency_code_id: Option<String>,
    /// 发文机关 (for 收文: 来文单位).
    pub issuer: String,
    /// 发文机关标志, e.g. 青禾县人民政府文件.
    pub issuer_mark: String,
    /// 标题
    pub title: String,
    /// 主送机关
    pub to: String,
    /// 正文, with headings as lines starting 一、 （一） 1. （1）.
    pub body: String,
    /// 附件说明: one attachment title per entry, in order.
    pub attachments: Vec<String>,
    /// 发文机关署名
    pub signature: String,
    /// 成文日期
    pub dated: Option<NaiveDate>,
    /// 附注, e.g. （联系人：张三，电话：1234567）
    pub note: String,
    /// 抄送机关
    pub cc: String,
    /// 印发机关
    pub printer: String,
    /// 印发日期
    pub print_date: Option<NaiveDate>,
    /// The 请示 a 批复 answers.
    pub reply_to_id: Option<String>,
    /// Units asked to 会签 (optional).
    pub countersign_unit_ids: Vec<String>,
    /// 纪要: who attended (出席), was on leave (请假) and sat in (列席).
    #[serde(default)]
    pub attendance: Option<Attendance>,
}

/// The attendance lines of a 纪要 (GB/T 9704 纪要格式).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    pub present: Vec<String>,
    pub on_leave: Vec<String>,
    pub attending: Vec<String>,
}

impl Attendance {
    /// The lines as printed, label and names, leaving out a line with nobody on it.
    pub fn lines(&self) -> Vec<(&'static str, String)> {
        [("出席：", &self.present), ("请假：", &self.on_leave), ("列席：", &self.attending)]
            .into_iter()
            .filter(|(_, names)| !names.is_empty())
            .map(|(label, names)| (label, names.join("、")))
            .collect()
    }
}

impl Content {
    /// The attendance lines printed with it: a 纪要's, none for any other type.
    pub fn minutes_attendance(&self) -> Option<&Attendance> {
        self.attendance.as_ref().filter(|_| self.doc_type == DocType::Minutes)
    }

    /// An empty draft of a type, with the type's usual direction.
    pub fn blank(doc_type: DocType) -> Content {
        Content {
            doc_type,
            direction: doc_type.default_direction(),
            classification: Classification::Public,
            secrecy_term: String::new(),
            urgency: Urgency::Normal,
            copy_no: String::new(),
            agency_code_id: None,
            issuer: String::new(),
            issuer_mark: String::new(),
            title: String::new(),
            to: String::new(),
            body: String::new(),
            attachments: Vec::new(),
            signature: String::new(),
            dated: None,
            note: String::new(),
            cc: String::new(),
            printer: String::new(),
            print_date: None,
            reply_to_id: None,
            countersign_unit_ids: Vec::new(),
            attendance: None,
        }
    }

    /// 密级 as printed: 机密★5年, or the level alone; nothing for 非密.
    pub fn classification_mark(&self) -> Option<String> {
        match self.classification {
            Classification::Public => None,
            c if c.is_state_secret() && !self.secrecy_term.is_empty() => {
                Some(format!("{}★{}", c.label(), self.secrecy_term))
            }
            c => Some(c.label().to_string()),
        }
    }

    /// Organs named in a list field (主送, 抄送), split on 、，, and line breaks.
    pub fn organs(list: &str) -> Vec<String> {
        list.split(['、', '，', ',', '\n', '；', ';'])
            .map(|s| s.trim().trim_end_matches(['：', ':', '。']).trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// A 签发: the signer's opinion, name and full date, and which version was signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    pub opinion: String,
    pub name: String,
    pub date: NaiveDate,
    pub version: i64,
}

/// A leader's 批示 on a 收文.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instruction {
    pub text: String,
    pub name: String,
    pub date: NaiveDate,
}

/// One 公文, outgoing or incoming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: String,
    pub flow: Flow,
    /// The organ it belongs to: the drafting organ (发文) or the receiving organ (收文).
    pub unit_id: String,
    pub state: DocState,
    pub content: Content,
    /// Current version number (1 at creation).
    pub version: i64,
    /// 发文字号: allocated at 登记 (发文), or the sender's (收文).
    pub doc_number: String,
    /// 收文编号, e.g. 收〔2026〕15号.
    pub received_no: String,
    pub drafter_id: Option<String>,
    pub reviewer_id: Option<String>,
    pub signer_id: Option<String>,
    pub sign_off: Option<SignOff>,
    /// 收文: received on, copies (份数) and pages (页数).
    pub received_on: Option<NaiveDate>,
    pub copies: i64,
    pub pages: i64,
    pub handling: Option<Handling>,
    /// 拟办意见
    pub proposal: String,
    /// The leader asked for a 批示.
    pub leader_id: Option<String>,
    pub instruction: Option<Instruction>,
    /// 办结/答复
    pub reply: String,
    /// A 收文 delivered by the platform's 核发: the 发文 it is a copy of.
    pub source_doc_id: Option<String>,
    pub created_by: String,
    pub created_ms: i64,
    pub updated_ms: i64,
}

impl Document {
    /// A new document at version 1 with nothing yet decided by the flow.
    pub fn new(flow: Flow, unit_id: &str, state: DocState, content: Content, created_by: &str, now: i64) -> Document {
        Document {
            id: crate::new_id(),
            flow,
            unit_id: unit_id.to_string(),
            state,
            content,
            version: 1,
            doc_number: String::new(),
            received_no: String::new(),
            drafter_id: None,
            reviewer_id: None,
            signer_id: None,
            sign_off: None,
            received_on: None,
            copies: 0,
            pages: 0,
            handling: None,
            proposal: String::new(),
            leader_id: None,
            instruction: None,
            reply: String::new(),
            source_doc_id: None,
            created_by: created_by.to_string(),
            created_ms: now,
            updated_ms: now,
        }
    }

    /// Finished: nothing more is expected of anyone.
    pub fn is_finished(&self) -> bool {
        matches!(
            self.state,
            DocState::Dispatched | DocState::Completed | DocState::Returned | DocState::Archived | DocState::Voided
        )
    }

    /// 签发人 as printed on a 上行文.
    pub fn signer_name(&self) -> Option<&str> {
        self.sign_off.as_ref().map(|s| s.name.as_str())
    }
}
