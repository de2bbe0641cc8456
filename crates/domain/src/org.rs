//! 单位, 用户, 角色.

use crate::Classification;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// 办公室 itself (县政府办公室)
    Office,
    /// 科室 of the office (秘书科, 督查科 …)
    Section,
    /// 部门 (县教育局 …)
    Department,
    /// 乡镇 / 街道
    Town,
    Other,
}

impl UnitKind {
    pub const ALL: [UnitKind; 5] =
        [UnitKind::Office, UnitKind::Section, UnitKind::Department, UnitKind::Town, UnitKind::Other];

    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Office => "office",
            UnitKind::Section => "section",
            UnitKind::Department => "department",
            UnitKind::Town => "town",
            UnitKind::Other => "other",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            UnitKind::Office => "办公室",
            UnitKind::Section => "科室",
            UnitKind::Department => "部门",
            UnitKind::Town => "乡镇（街道）",
            UnitKind::Other => "其他",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s || k.label() == s || (*k == UnitKind::Town && s == "乡镇"))
    }
    /// Units whose people belong to the general office and so see office-wide lists.
    pub fn is_office(self) -> bool {
        matches!(self, UnitKind::Office | UnitKind::Section)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: String,
    pub parent_id: Option<String>,
    pub name: String,
    /// 机构代码 used in 档号 and reports, e.g. BGS.
    pub code: String,
    pub kind: UnitKind,
    pub sort: i64,
    pub active: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Leader,
    OfficeDirector,
    Drafter,
    Registrar,
    Supervisor,
    InfoEditor,
    MeetingClerk,
    ReceptionOfficer,
    Archivist,
    Liaison,
    Sysadmin,
    SecurityOfficer,
    Auditor,
}

impl Role {
    pub const ALL: [Role; 13] = [
        Role::Leader,
        Role::OfficeDirector,
        Role::Drafter,
        Role::Registrar,
        Role::Supervisor,
        Role::InfoEditor,
        Role::MeetingClerk,
        Role::ReceptionOfficer,
        Role::Archivist,
        Role::Liaison,
        Role::Sysadmin,
        Role::SecurityOfficer,
        Role::Auditor,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Leader => "leader",
            Role::OfficeDirector => "office_director",
            Role::Drafter => "drafter",
            Role::Registrar => "registrar",
            Role::Supervisor => "supervisor",
            Role::InfoEditor => "info_editor",
            Role::MeetingClerk => "meeting_clerk",
            Role::ReceptionOfficer => "reception_officer",
            Role::Archivist => "archivist",
            Role::Liaison => "liaison",
            Role::Sysadmin => "sysadmin",
            Role::SecurityOfficer => "security_officer",
            Role::Auditor => "auditor",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Leader => "领导",
            Role::OfficeDirector => "办公室主任",
            Role::Drafter => "文稿起草",
            Role::Registrar => "文书机要",
            Role::Supervisor => "督查",
            Role::InfoEditor => "信息编辑",
            Role::MeetingClerk => "会务",
            Role::ReceptionOfficer => "接待",
            Role::Archivist => "档案管理",
            Role::Liaison => "联络员",
            Role::Sysadmin => "系统管理员",
            Role::SecurityOfficer => "安全保密员",
            Role::Auditor => "安全审计员",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|r| r.code() == s || r.label() == s)
    }

    /// One of the 三员 (system admin, security officer, auditor).
    pub fn is_admin_triad(self) -> bool {
        matches!(self, Role::Sysadmin | Role::SecurityOfficer | Role::Auditor)
    }
}

/// 三员分立: one person holds at most one of the three administrator roles.
pub fn check_role_set(roles: &[Role]) -> Result<(), crate::Invalid> {
    let triad: Vec<&str> = roles.iter().filter(|r| r.is_admin_triad()).map(|r| r.label()).collect();
    if triad.len() > 1 {
        return Err(crate::Invalid::field("roles", format!("三员分立：同一人不能同时担任{}。", triad.join("和"))));
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub username: String,
    pub name: String,
    pub unit_id: String,
    pub position: String,
    pub phone: String,
    pub email: String,
    pub clearance: Classification,
    pub active: bool,
    pub roles: Vec<Role>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_codes_round_trip_and_are_distinct() {
        let mut seen = std::collections::HashSet::new();
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
            assert_eq!(Role::from_code(r.label()), Some(r));
            assert!(seen.insert(r.code()));
        }
    }

    #[test]
    fn triad_is_separated() {
        assert!(check_role_set(&[Role::Sysadmin, Role::Drafter]).is_ok());
        let e = check_role_set(&[Role::Sysadmin, Role::Auditor]).unwrap_err();
        assert!(e.message.contains("三员分立"));
    }

    #[test]
    fn unit_kinds() {
        assert_eq!(UnitKind::from_code("乡镇"), Some(UnitKind::Town));
        assert!(UnitKind::Section.is_office());
        assert!(!UnitKind::Town.is_office());
    }
}
