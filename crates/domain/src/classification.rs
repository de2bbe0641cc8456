//! 密级 (DESIGN §4 保密). A platform without 涉密 certification must refuse 秘密 and above.

use crate::Invalid;
use serde::{Deserialize, Serialize};

/// Ordered from least to most sensitive, so `a <= b` reads "a is no more sensitive than b".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Classification {
    Public,
    Internal,
    WorkSecret,
    Secret,
    Confidential,
    TopSecret,
}

pub const BANNER: &str = "非涉密系统，严禁处理涉密信息";

impl Classification {
    pub const ALL: [Classification; 6] = [
        Classification::Public,
        Classification::Internal,
        Classification::WorkSecret,
        Classification::Secret,
        Classification::Confidential,
        Classification::TopSecret,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Classification::Public => "public",
            Classification::Internal => "internal",
            Classification::WorkSecret => "work_secret",
            Classification::Secret => "secret",
            Classification::Confidential => "confidential",
            Classification::TopSecret => "top_secret",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Classification::Public => "非密",
            Classification::Internal => "内部",
            Classification::WorkSecret => "工作秘密",
            Classification::Secret => "秘密",
            Classification::Confidential => "机密",
            Classification::TopSecret => "绝密",
        }
    }

    /// Numeric rank used in SQL filters (`classification_rank <= $clearance`).
    pub fn rank(self) -> i64 {
        self as i64
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == s || c.label() == s)
    }

    /// State secrets proper (秘密, 机密, 绝密): these need a certified network.
    pub fn is_state_secret(self) -> bool {
        self >= Classification::Secret
    }

    /// Default maximum 保密期限 in years for state secrets.
    pub fn default_max_term_years(self) -> Option<u32> {
        match self {
            Classification::TopSecret => Some(30),
            Classification::Confidential => Some(20),
            Classification::Secret => Some(10),
            _ => None,
        }
    }

    /// Opening material of this level is audited (DESIGN §1: every read of sensitive material).
    pub fn read_is_audited(self) -> bool {
        self >= Classification::Internal
    }
}

/// The deployment's ceiling. By default 工作秘密; a certified classified network may raise it in config,
/// and then 份号 and 知悉范围 become mandatory for state secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassificationPolicy {
    pub ceiling: Classification,
}

impl Default for ClassificationPolicy {
    fn default() -> Self {
        ClassificationPolicy { ceiling: Classification::WorkSecret }
    }
}

impl ClassificationPolicy {
    pub fn certified(&self) -> bool {
        self.ceiling.is_state_secret()
    }

    /// The levels a form may offer.
    pub fn allowed(&self) -> Vec<Classification> {
        Classification::ALL.into_iter().filter(|c| *c <= self.ceiling).collect()
    }

    /// Refuse material above the ceiling with the banner's words.
    pub fn admit(&self, c: Classification) -> Result<(), Invalid> {
        if c <= self.ceiling {
            return Ok(());
        }
        let msg = if self.certified() {
            format!("本系统最高只允许处理“{}”级信息，不能录入“{}”级信息。", self.ceiling.label(), c.label())
        } else {
            format!(
                "{BANNER}：本系统只允许处理非密、内部和工作秘密信息，“{}”级信息请通过涉密网络和设备办理。",
                c.label()
            )
        };
        Err(Invalid::field("classification", msg))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ceiling_refuses_state_secrets() {
        let p = ClassificationPolicy::default();
        assert!(p.admit(Classification::WorkSecret).is_ok());
        let e = p.admit(Classification::Secret).unwrap_err();
        assert!(e.message.contains(BANNER), "{}", e.message);
        assert_eq!(p.allowed().len(), 3);
    }

    #[test]
    fn certified_network_raises_ceiling() {
        let p = ClassificationPolicy { ceiling: Classification::Confidential };
        assert!(p.admit(Classification::Secret).is_ok());
        assert!(p.admit(Classification::TopSecret).is_err());
        assert!(p.certified());
    }

    #[test]
    fn codes_round_trip() {
        for c in Classification::ALL {
            assert_eq!(Classification::from_code(c.code()), Some(c));
            assert_eq!(Classification::from_code(c.label()), Some(c));
        }
        assert!(Classification::Public < Classification::Internal);
    }
}
