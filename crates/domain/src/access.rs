//! The one access decision (DESIGN §1 不该看的不看): who may do what to which resource.
//! Pages hide what `decide` denies, handlers refuse it, and list queries use `ListScope` in SQL.

use crate::{Classification, Role};

/// The signed-in person as access rules see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub user_id: String,
    pub unit_id: String,
    /// Works in the general office (its own unit or a 科室): sees office-wide lists.
    pub office_member: bool,
    pub roles: Vec<Role>,
    pub clearance: Classification,
}

impl Subject {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action<'a> {
    /// Create or change units and user accounts, reset passwords, import the organisation.
    ManageOrg,
    /// Give or take a role from a user.
    GrantRole { user_id: &'a str, role: Role },
    /// Set users' clearances; view the classification settings.
    ManageClearance,
    /// System settings such as the working-day calendar.
    ManageSettings,
    /// Read, filter, export and verify the audit trail.
    ReadAudit,
    /// Edit the organisation's proofreading data (local leaders in protocol order, place names, extra 提法,
    /// prohibited words): content the office owns, so its director may, as may the system administrator.
    ManageProofData,
    /// 档案室: file finished records, keep the 归档文件目录, export transfer packages, run 四性检测, list terms
    /// ending for 鉴定.
    ManageArchive,
    /// See the staff directory (通讯录).
    ViewDirectory,
    /// Open a record of some unit at some level. `shared` says the record was sent to or shared
    /// with the subject's unit (知悉范围), which later modules decide.
    ReadRecord { unit_id: &'a str, classification: Classification, shared: bool },
    /// Open a 公文. `organ`: it belongs to the subject's organ; `involved`: the subject is a named
    /// party to it (drafter, reviewer, signer, leader) or holds or held one of its tasks, personally
    /// or through a pool of their organ. `zs_store::documents::visible` is this rule in SQL.
    ReadDocument { organ: bool, involved: bool, classification: Classification },
    /// 办会: book rooms, call meetings, send notices, sign people in, write minutes and decisions.
    ManageMeetings,
    /// 精文简会: the burden each unit carries, and the yearly caps.
    ViewBurden,
    /// Set a year's caps on documents and meetings per unit.
    SetBurdenCaps,
    /// Import a leader's speech and read its outline and requirements.
    ReadSpeeches,
    /// Turn a speech's requirements into tracked items.
    AssignSpeechTasks,
    /// The 信息报送 score table and its export: announced to every unit, so anyone doing office business may
    /// read it; the three administrators (三员) see no business data.
    ViewInfoScores,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Deny(String),
}

impl Decision {
    pub fn allowed(&self) -> bool {
        matches!(self, Decision::Allow)
    }
    fn unless(cond: bool, reason: &str) -> Decision {
        if cond {
            Decision::Allow
        } else {
            Decision::Deny(reason.to_string())
        }
    }
}

pub fn decide(s: &Subject, action: &Action<'_>) -> Decision {
    match action {
        Action::ManageOrg | Action::ManageSettings => {
            if s.has(Role::Auditor) {
                return Decision::Deny("三员分立：安全审计员不能修改用户或系统设置。".into());
            }
            Decision::unless(s.has(Role::Sysadmin), "只有系统管理员可以执行此操作。")
        }
        Action::GrantRole { user_id, role } => {
            if !s.has(Role::Sysadmin) {
                return Decision::Deny("只有系统管理员可以分配角色。".into());
            }
            if *user_id == s.user_id && (role.is_admin_triad() || *role == Role::Leader) {
                return Decision::Deny("不能给自己分配或撤销管理类角色，请由另一名系统管理员办理。".into());
            }
            Decision::Allow
        }
        Action::ManageProofData => {
            if s.has(Role::Auditor) {
                return Decision::Deny("三员分立：安全审计员不能修改系统数据。".into());
            }
            Decision::unless(
                s.has(Role::Sysadmin) || s.has(Role::OfficeDirector),
                "只有办公室主任或系统管理员可以维护校对词库。",
            )
        }
        Action::ManageClearance => {
            Decision::unless(s.has(Role::SecurityOfficer), "只有安全保密员可以管理人员密级和定密设置。")
        }
        Action::ReadAudit => {
            if s.has(Role::Sysadmin) {
                return Decision::Deny("三员分立：系统管理员不能查阅审计日志，请由安全审计员查阅。".into());
            }
            Decision::unless(s.has(Role::Auditor), "只有安全审计员可以查阅审计日志。")
        }
        Action::ManageArchive => Decision::unless(s.has(Role::Archivist), "只有档案管理人员可以使用档案室。"),
        Action::ViewDirectory => Decision::Allow,
        Action::ReadRecord { unit_id, classification, shared } => {
            if *classification > s.clearance {
                return Decision::Deny(format!(
                    "您的知悉级别为“{}”，不能查看“{}”级材料。",
                    s.clearance.label(),
                    classification.label()
                ));
            }
            let own = *unit_id == s.unit_id;
            Decision::unless(own || *shared || s.office_member, "该材料不在您的知悉范围内。")
        }
        Action::ReadDocument { organ, involved, classification } => {
            if *classification > s.clearance {
                return Decision::Deny(format!(
                    "您的知悉级别为“{}”，不能查看“{}”级公文。",
                    s.clearance.label(),
                    classification.label()
                ));
            }
            Decision::unless(*involved || (*organ && organ_wide(s)), "该公文不在您的知悉范围内。")
        }
        // An organ's 会务 runs the meetings its organ calls (the app narrows to that organ).
        Action::ManageMeetings => Decision::unless(
            s.has(Role::MeetingClerk) || s.has(Role::OfficeDirector),
            "只有会务人员或办公室主任可以安排会议。",
        ),
        Action::ViewBurden => Decision::unless(
            s.office_member && [Role::OfficeDirector, Role::Supervisor, Role::MeetingClerk].iter().any(|r| s.has(*r)),
            "精文简会统计供办公室主任、督查和会务人员查看。",
        ),
        Action::SetBurdenCaps => {
            Decision::unless(s.office_member && s.has(Role::OfficeDirector), "年度发文发会上限由办公室主任设定。")
        }
        Action::ReadSpeeches => Decision::unless(
            s.office_member
                && [Role::MeetingClerk, Role::OfficeDirector, Role::Supervisor, Role::Drafter]
                    .iter()
                    .any(|r| s.has(*r)),
            "领导讲话的导入和查看限于办公室的会务、督查、文稿人员和办公室主任。",
        ),
        Action::AssignSpeechTasks => Decision::unless(
            s.office_member && [Role::MeetingClerk, Role::OfficeDirector, Role::Supervisor].iter().any(|r| s.has(*r)),
            "只有会务、督查人员或办公室主任可以把讲话要求交办为督办事项。",
        ),
        Action::ViewInfoScores => Decision::unless(
            s.roles.iter().any(|r| !r.is_admin_triad()),
            "三员分立：系统管理员、安全保密员和安全审计员不查看业务数据。",
        ),
    }
}

/// Those who see every document of their organ: its 文书, 办公室主任 and 档案员, and a department's
/// or town's 联络员 (who is its 文书). Everyone else sees what they are involved in (不该看的不看).
pub fn organ_wide(s: &Subject) -> bool {
    [Role::Registrar, Role::OfficeDirector, Role::Archivist, Role::Liaison].iter().any(|r| s.has(*r))
}

/// How a list query must be narrowed for this subject, applied in SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListScope {
    /// None: every unit; Some: only rows belonging to these units.
    pub units: Option<Vec<String>>,
    /// Highest classification rank the subject may see.
    pub max_rank: i64,
}

/// Lists of people and unit-owned records: the office and the 三员 see every unit; a department or
/// town sees its own.
pub fn list_scope(s: &Subject) -> ListScope {
    let all = s.office_member || s.roles.iter().any(|r| r.is_admin_triad());
    ListScope { units: if all { None } else { Some(vec![s.unit_id.clone()]) }, max_rank: s.clearance.rank() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_business_rules() {
        let director = subject(&[Role::OfficeDirector], true);
        let clerk = subject(&[Role::MeetingClerk], true);
        let liaison = subject(&[Role::Liaison], false);
        let admin = subject(&[Role::Sysadmin], true);
        assert!(decide(&director, &Action::SetBurdenCaps).allowed());
        assert!(!decide(&clerk, &Action::SetBurdenCaps).allowed());
        assert!(decide(&clerk, &Action::AssignSpeechTasks).allowed());
        assert!(decide(&subject(&[Role::Drafter], true), &Action::ReadSpeeches).allowed());
        assert!(!decide(&subject(&[Role::Drafter], true), &Action::AssignSpeechTasks).allowed());
        assert!(!decide(&subject(&[Role::MeetingClerk], false), &Action::ReadSpeeches).allowed(), "office only");
        assert!(decide(&liaison, &Action::ViewInfoScores).allowed(), "the ranking is announced to every unit");
        assert!(!decide(&admin, &Action::ViewInfoScores).allowed(), "三员 see no business data");
    }

    fn subject(roles: &[Role], office: bool) -> Subject {
        Subject {
            user_id: "u1".into(),
            unit_id: "town1".into(),
            office_member: office,
            roles: roles.to_vec(),
            clearance: Classification::Internal,
        }
    }

    #[test]
    fn three_administrators_are_separated() {
        let admin = subject(&[Role::Sysadmin], true);
        let auditor = subject(&[Role::Auditor], true);
        let security = subject(&[Role::SecurityOfficer], true);
        assert!(decide(&admin, &Action::ManageOrg).allowed());
        assert!(!decide(&admin, &Action::ReadAudit).allowed());
        assert!(decide(&auditor, &Action::ReadAudit).allowed());
        assert!(!decide(&auditor, &Action::ManageOrg).allowed());
        assert!(!decide(&auditor, &Action::ManageSettings).allowed());
        assert!(decide(&security, &Action::ManageClearance).allowed());
        assert!(!decide(&admin, &Action::ManageClearance).allowed());
        assert!(!decide(&security, &Action::ManageOrg).allowed());
    }

    #[test]
    fn no_self_promotion() {
        let admin = subject(&[Role::Sysadmin], true);
        assert!(!decide(&admin, &Action::GrantRole { user_id: "u1", role: Role::Auditor }).allowed());
        assert!(decide(&admin, &Action::GrantRole { user_id: "u1", role: Role::Drafter }).allowed());
        assert!(decide(&admin, &Action::GrantRole { user_id: "u2", role: Role::Auditor }).allowed());
    }

    #[test]
    fn records_follow_clearance_and_need_to_know() {
        let liaison = subject(&[Role::Liaison], false);
        let read = |unit, c, shared| decide(&liaison, &Action::ReadRecord { unit_id: unit, classification: c, shared });
        assert!(read("town1", Classification::Internal, false).allowed());
        assert!(!read("town1", Classification::WorkSecret, false).allowed());
        assert!(!read("town2", Classification::Public, false).allowed());
        assert!(read("town2", Classification::Public, true).allowed());
    }

    #[test]
    fn documents_follow_need_to_know() {
        let read = |roles: &[Role], organ, involved, c| {
            decide(&subject(roles, true), &Action::ReadDocument { organ, involved, classification: c }).allowed()
        };
        assert!(read(&[Role::Registrar], true, false, Classification::Internal));
        assert!(!read(&[Role::ReceptionOfficer], true, false, Classification::Public), "office staff not involved");
        assert!(read(&[Role::ReceptionOfficer], false, true, Classification::Public));
        assert!(!read(&[Role::Registrar], false, false, Classification::Public), "another organ's");
        assert!(!read(&[Role::Leader], false, true, Classification::WorkSecret), "above clearance");
    }

    #[test]
    fn meetings_are_run_by_the_office() {
        assert!(decide(&subject(&[Role::MeetingClerk], true), &Action::ManageMeetings).allowed());
        assert!(!decide(&subject(&[Role::Drafter], true), &Action::ManageMeetings).allowed());
        assert!(!decide(&subject(&[Role::MeetingClerk], false), &Action::ViewBurden).allowed(), "office only");
        assert!(!decide(&subject(&[Role::Liaison], false), &Action::ManageMeetings).allowed());
        assert!(decide(&subject(&[Role::Supervisor], true), &Action::ViewBurden).allowed());
        assert!(!decide(&subject(&[Role::Drafter], true), &Action::ViewBurden).allowed());
    }

    #[test]
    fn list_scope_narrows_towns_only() {
        assert_eq!(list_scope(&subject(&[Role::Liaison], false)).units, Some(vec!["town1".to_string()]));
        assert_eq!(list_scope(&subject(&[Role::Drafter], true)).units, None);
        assert_eq!(list_scope(&subject(&[Role::Auditor], false)).units, None);
    }
}
