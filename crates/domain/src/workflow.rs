//! The workflow engine: a flow is a table of transitions — from these states, this action, taken by
//! one of these parties, leads to that state. Every flow in 中枢 (tracked items, 收文, 发文 …) is
//! such a table; pages list `available` actions and use cases call `step`, so both always agree.

/// Something with a Chinese name for messages and buttons.
pub trait Label {
    fn label(&self) -> &'static str;
}

#[derive(Debug)]
pub struct Transition<S: 'static, A: 'static, P: 'static> {
    pub from: &'static [S],
    pub action: A,
    pub by: &'static [P],
    /// `None`: the action is recorded but the state stays (a progress report, an urge).
    pub to: Option<S>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The action does not apply in this state (409).
    WrongState(String),
    /// The action applies, but not for this person (403).
    NotYours(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::WrongState(m) | Refusal::NotYours(m) => f.write_str(m),
        }
    }
}

/// The state after `action`, or why it may not be taken.
pub fn step<S, A, P>(table: &[Transition<S, A, P>], state: S, action: A, parties: &[P]) -> Result<S, Refusal>
where
    S: Copy + Eq + Label,
    A: Copy + Eq + Label,
    P: Copy + Eq + Label,
{
    let rows: Vec<&Transition<S, A, P>> = table.iter().filter(|t| t.action == action).collect();
    let Some(t) = rows.iter().find(|t| t.from.contains(&state)) else {
        return Err(Refusal::WrongState(format!("当前状态为“{}”，不能“{}”。", state.label(), action.label())));
    };
    if !t.by.iter().any(|p| parties.contains(p)) {
        let who: Vec<&str> = t.by.iter().map(|p| p.label()).collect();
        return Err(Refusal::NotYours(format!("“{}”须由{}办理。", action.label(), who.join("或"))));
    }
    Ok(t.to.unwrap_or(state))
}

/// Actions these parties may take in this state, in table order.
pub fn available<S, A, P>(table: &[Transition<S, A, P>], state: S, parties: &[P]) -> Vec<A>
where
    S: Copy + Eq,
    A: Copy + Eq,
    P: Copy + Eq,
{
    let mut out = Vec::new();
    for t in table {
        if t.from.contains(&state) && t.by.iter().any(|p| parties.contains(p)) && !out.contains(&t.action) {
            out.push(t.action);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum S {
        Open,
        Done,
    }
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum A {
        Note,
        Finish,
    }
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum P {
        Clerk,
        Boss,
    }
    impl Label for S {
        fn label(&self) -> &'static str {
            match self {
                S::Open => "办理中",
                S::Done => "已办结",
            }
        }
    }
    impl Label for A {
        fn label(&self) -> &'static str {
            match self {
                A::Note => "记录",
                A::Finish => "办结",
            }
        }
    }
    impl Label for P {
        fn label(&self) -> &'static str {
            match self {
                P::Clerk => "经办人",
                P::Boss => "领导",
            }
        }
    }
    const TABLE: &[Transition<S, A, P>] = &[
        Transition { from: &[S::Open], action: A::Note, by: &[P::Clerk, P::Boss], to: None },
        Transition { from: &[S::Open], action: A::Finish, by: &[P::Boss], to: Some(S::Done) },
    ];

    #[test]
    fn steps_follow_the_table() {
        assert_eq!(step(TABLE, S::Open, A::Note, &[P::Clerk]), Ok(S::Open));
        assert_eq!(step(TABLE, S::Open, A::Finish, &[P::Boss]), Ok(S::Done));
        assert_eq!(step(TABLE, S::Open, A::Finish, &[P::Clerk]), Err(Refusal::NotYours("“办结”须由领导办理。".into())));
        assert_eq!(
            step(TABLE, S::Done, A::Note, &[P::Boss]),
            Err(Refusal::WrongState("当前状态为“已办结”，不能“记录”。".into()))
        );
        assert_eq!(available(TABLE, S::Open, &[P::Clerk]), vec![A::Note]);
        assert_eq!(available(TABLE, S::Open, &[P::Clerk, P::Boss]), vec![A::Note, A::Finish]);
        assert!(available(TABLE, S::Done, &[P::Boss]).is_empty());
    }
}
