//! 回执: each invitee answers 参会, 请假 (with the reason) or 代会 (with the substitute's name and
//! post) by the deadline the notice gives. A unit that attends names who comes.

use crate::text::optional;
use crate::Invalid;
use serde::{Deserialize, Serialize};

coded_enum!(
    Answer {
        Attend = "attend" / "参会",
        Leave = "leave" / "请假",
        Substitute = "substitute" / "代会",
    }
);

/// One answer as given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rsvp {
    pub answer: Answer,
    /// 代会: the substitute; a unit's 参会: who comes.
    pub name: String,
    pub post: String,
    /// 请假事由
    pub reason: String,
}

/// Whether a 回执 is still taken at `now`.
pub fn rsvp_open(now: i64, due: i64) -> Result<(), String> {
    if now > due {
        return Err(format!(
            "回执截止时间（{}）已过，不能再填报回执；确需请假或代会的，请直接与会务人员联系。",
            crate::time::format_ms(due)
        ));
    }
    Ok(())
}

/// The fields an answer needs: a reason for 请假; name and post for 代会; who comes when a unit
/// attends. What an answer does not need is dropped.
pub fn check_rsvp(r: &Rsvp, for_unit: bool) -> Result<Rsvp, Invalid> {
    let name = optional("name", "姓名", &r.name, 40)?;
    let post = optional("post", "职务", &r.post, 40)?;
    let reason = optional("reason", "请假事由", &r.reason, 200)?;
    match r.answer {
        Answer::Leave => {
            if reason.is_empty() {
                return Err(Invalid::field("reason", "请假须说明事由。"));
            }
            Ok(Rsvp { answer: Answer::Leave, name: String::new(), post: String::new(), reason })
        }
        Answer::Substitute => {
            if for_unit {
                return Err(Invalid::field("answer", "单位参会请选择“参会”并填写参会人员，代会只用于个人参会。"));
            }
            if name.is_empty() || post.is_empty() {
                return Err(Invalid::field("name", "代会须填写代会人员的姓名和职务。"));
            }
            Ok(Rsvp { answer: Answer::Substitute, name, post, reason: String::new() })
        }
        Answer::Attend => {
            if for_unit && name.is_empty() {
                return Err(Invalid::field("name", "请填写本单位参会人员的姓名和职务，以便安排座次。"));
            }
            let (name, post) = if for_unit { (name, post) } else { (String::new(), String::new()) };
            Ok(Rsvp { answer: Answer::Attend, name, post, reason: String::new() })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(answer: Answer, name: &str, post: &str, reason: &str) -> Rsvp {
        Rsvp { answer, name: name.into(), post: post.into(), reason: reason.into() }
    }

    #[test]
    fn answers_carry_what_they_need() {
        assert_eq!(check_rsvp(&r(Answer::Leave, "", "", " "), false).unwrap_err().field, Some("reason"));
        let leave = check_rsvp(&r(Answer::Leave, "张三", "", "赴省参加培训"), false).unwrap();
        assert_eq!((leave.name.as_str(), leave.reason.as_str()), ("", "赴省参加培训"), "names dropped");
        assert_eq!(check_rsvp(&r(Answer::Substitute, "赵晓东", "", ""), false).unwrap_err().field, Some("name"));
        assert!(check_rsvp(&r(Answer::Substitute, "赵晓东", "副局长", ""), false).is_ok());
        assert!(check_rsvp(&r(Answer::Substitute, "赵晓东", "副局长", ""), true).is_err(), "units attend");
        assert_eq!(check_rsvp(&r(Answer::Attend, "", "", ""), true).unwrap_err().field, Some("name"));
        assert_eq!(check_rsvp(&r(Answer::Attend, "马静怡", "镇长", ""), true).unwrap().name, "马静怡");
        assert_eq!(check_rsvp(&r(Answer::Attend, "x", "y", "z"), false).unwrap(), r(Answer::Attend, "", "", ""));
    }

    #[test]
    fn the_deadline_is_inclusive() {
        assert!(rsvp_open(100, 100).is_ok());
        let e = rsvp_open(101, 100).unwrap_err();
        assert!(e.contains("回执截止时间") && e.contains("已过"), "{e}");
    }
}
