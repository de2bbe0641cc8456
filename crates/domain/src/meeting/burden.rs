//! 精文简会: what lands on a unit in a year — documents received from the platform's 发文, meetings
//! it must attend and their hours, tracked items and the feedback reports they ask for — measured
//! against caps the office sets for the year.

use serde::{Deserialize, Serialize};

coded_enum!(
    Measure {
        Documents = "documents" / "收文",
        Meetings = "meetings" / "会议",
        MeetingHours = "meeting_hours" / "会议时长（小时）",
        Items = "items" / "督办事项",
        Reports = "reports" / "反馈报告",
    }
);

/// What one unit carried in a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Load {
    pub documents: i64,
    pub meetings: i64,
    pub meeting_minutes: i64,
    pub items: i64,
    pub reports: i64,
}

impl Load {
    /// The figure a cap is compared with; hours round up (a 30-minute meeting is time taken).
    pub fn get(&self, m: Measure) -> i64 {
        match m {
            Measure::Documents => self.documents,
            Measure::Meetings => self.meetings,
            Measure::MeetingHours => (self.meeting_minutes + 59) / 60,
            Measure::Items => self.items,
            Measure::Reports => self.reports,
        }
    }

    pub fn add(&mut self, o: &Load) {
        self.documents += o.documents;
        self.meetings += o.meetings;
        self.meeting_minutes += o.meeting_minutes;
        self.items += o.items;
        self.reports += o.reports;
    }
}

/// The most each unit should carry in a year; `None`: no cap on that measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caps {
    pub documents: Option<i64>,
    pub meetings: Option<i64>,
    pub meeting_hours: Option<i64>,
    pub items: Option<i64>,
    pub reports: Option<i64>,
}

impl Caps {
    pub fn get(&self, m: Measure) -> Option<i64> {
        match m {
            Measure::Documents => self.documents,
            Measure::Meetings => self.meetings,
            Measure::MeetingHours => self.meeting_hours,
            Measure::Items => self.items,
            Measure::Reports => self.reports,
        }
    }

    /// Caps must be positive and sensible; `None` stays unset.
    pub fn check(&self) -> Result<Caps, crate::Invalid> {
        for m in Measure::ALL {
            if let Some(v) = self.get(*m) {
                if !(1..=1_000_000).contains(&v) {
                    return Err(crate::Invalid::field(
                        "caps",
                        format!(
                            "“{}”的年度上限应为1到1000000之间的整数，不设上限请留空。",
                            crate::workflow::Label::label(m)
                        ),
                    ));
                }
            }
        }
        Ok(*self)
    }

    pub fn is_empty(&self) -> bool {
        Measure::ALL.iter().all(|m| self.get(*m).is_none())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlagLevel {
    /// At 80 % of the cap or more.
    Near,
    /// Over the cap.
    Over,
}

/// One measure of one unit at or over its cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub measure: Measure,
    pub value: i64,
    pub cap: i64,
    pub level: FlagLevel,
}

impl Flag {
    /// 收文 132/120（超出上限）
    pub fn text(&self) -> String {
        let what = match self.level {
            FlagLevel::Over => "超出上限",
            FlagLevel::Near => "接近上限",
        };
        format!("{} {}/{}（{what}）", crate::workflow::Label::label(&self.measure), self.value, self.cap)
    }
}

/// The measures of `load` at 80 % of their cap or over it, worst first.
pub fn flags(caps: &Caps, load: &Load) -> Vec<Flag> {
    let mut out: Vec<Flag> = Measure::ALL
        .iter()
        .filter_map(|m| {
            let cap = caps.get(*m)?;
            let value = load.get(*m);
            let level = if value > cap {
                FlagLevel::Over
            } else if value * 5 >= cap * 4 {
                FlagLevel::Near
            } else {
                return None;
            };
            Some(Flag { measure: *m, value, cap, level })
        })
        .collect();
    out.sort_by_key(|f| std::cmp::Reverse((f.level == FlagLevel::Over, f.value * 1000 / f.cap.max(1))));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_mark_near_and_over_worst_first() {
        let caps =
            Caps { documents: Some(100), meetings: Some(10), meeting_hours: Some(20), items: None, reports: None };
        let load = Load { documents: 80, meetings: 13, meeting_minutes: 19 * 60 + 1, items: 500, reports: 0 };
        let f = flags(&caps, &load);
        assert_eq!(f.len(), 3, "{f:?}");
        assert_eq!((f[0].measure, f[0].level), (Measure::Meetings, FlagLevel::Over));
        assert_eq!(
            (f[1].measure, f[1].value, f[1].level),
            (Measure::MeetingHours, 20, FlagLevel::Near),
            "hours round up"
        );
        assert_eq!((f[2].measure, f[2].level), (Measure::Documents, FlagLevel::Near));
        assert_eq!(f[0].text(), "会议 13/10（超出上限）");
        assert!(flags(&caps, &Load { documents: 79, ..Default::default() }).is_empty(), "below 80 % is fine");
        assert!(flags(&Caps::default(), &load).is_empty(), "no caps, no flags");
    }

    #[test]
    fn caps_are_positive() {
        assert!(Caps { documents: Some(0), ..Default::default() }.check().is_err());
        assert!(Caps { reports: Some(12), ..Default::default() }.check().is_ok());
        assert!(Caps::default().is_empty());
    }
}
