//! The audit trail is a hash chain: each event's hash covers its fields and the previous hash, so an
//! edited, inserted or deleted event is found by walking the chain (`zhongshu audit verify`).

use sha2::{Digest, Sha256};

/// The hash before the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub seq: i64,
    pub at_ms: i64,
    pub actor_id: Option<String>,
    pub actor_name: String,
    /// A dotted code such as `user.create`, `auth.sign_in_failed`, `record.open`.
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    /// Human-readable Chinese summary of what changed.
    pub detail: String,
    pub ip: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEvent {
    /// The hash this event must carry given its fields and `prev_hash`.
    pub fn compute_hash(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.prev_hash.as_bytes());
        h.update(self.seq.to_be_bytes());
        h.update(self.at_ms.to_be_bytes());
        // Length-prefix every text field so no two different events serialise alike.
        for field in [
            self.actor_id.as_deref().unwrap_or("\u{0}"),
            &self.actor_name,
            &self.action,
            &self.target_kind,
            &self.target_id,
            &self.detail,
            &self.ip,
        ] {
            h.update((field.len() as u64).to_be_bytes());
            h.update(field.as_bytes());
        }
        hex::encode(h.finalize())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainFault {
    /// The event's fields no longer match its hash.
    Edited { seq: i64 },
    /// Events are missing before `found`.
    Deleted { expected: i64, found: i64 },
    /// An event was added or the chain rewritten from here on.
    Inserted { seq: i64 },
    /// The newest events are missing (the recorded head is ahead of the last event).
    TailDeleted { last: i64, head: i64 },
}

impl std::fmt::Display for ChainFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainFault::Edited { seq } => write!(f, "第{seq}号审计事件的内容被修改过（哈希不符）"),
            ChainFault::Deleted { expected, found } => {
                write!(f, "第{expected}号至第{}号审计事件被删除", found - 1)
            }
            ChainFault::Inserted { seq } => write!(f, "第{seq}号审计事件是插入或重写的（与前一事件的链接不符）"),
            ChainFault::TailDeleted { last, head } => {
                write!(f, "最后的审计事件被删除：链头记录为第{head}号，实际只到第{last}号")
            }
        }
    }
}

/// Walks events in `seq` order; stops at the first fault.
#[derive(Debug)]
pub struct ChainVerifier {
    next_seq: i64,
    prev_hash: String,
    pub checked: i64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier { next_seq: 1, prev_hash: GENESIS.to_string(), checked: 0 }
    }
}

impl ChainVerifier {
    pub fn feed(&mut self, e: &AuditEvent) -> Result<(), ChainFault> {
        if e.seq > self.next_seq {
            return Err(ChainFault::Deleted { expected: self.next_seq, found: e.seq });
        }
        if e.seq < self.next_seq || e.prev_hash != self.prev_hash {
            return Err(ChainFault::Inserted { seq: e.seq });
        }
        if e.compute_hash() != e.hash {
            return Err(ChainFault::Edited { seq: e.seq });
        }
        self.next_seq += 1;
        self.prev_hash = e.hash.clone();
        self.checked += 1;
        Ok(())
    }

    /// Compare with the head the store keeps beside the chain.
    pub fn finish(&self, head_seq: i64, head_hash: &str) -> Result<(), ChainFault> {
        let last = self.next_seq - 1;
        if head_seq > last {
            return Err(ChainFault::TailDeleted { last, head: head_seq });
        }
        if head_seq < last || head_hash != self.prev_hash {
            return Err(ChainFault::Inserted { seq: head_seq.max(1) });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditEvent> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let mut e = AuditEvent {
                    seq,
                    at_ms: 1_700_000_000_000 + seq,
                    actor_id: Some(format!("u{seq}")),
                    actor_name: "张伟".into(),
                    action: "user.update".into(),
                    target_kind: "user".into(),
                    target_id: format!("t{seq}"),
                    detail: "修改电话".into(),
                    ip: "127.0.0.1".into(),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = e.compute_hash();
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    fn verify(events: &[AuditEvent], head: (i64, &str)) -> Result<(), ChainFault> {
        let mut v = ChainVerifier::default();
        for e in events {
            v.feed(e)?;
        }
        v.finish(head.0, head.1)
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain(5);
        assert_eq!(verify(&c, (5, &c[4].hash)), Ok(()));
    }

    #[test]
    fn edit_delete_insert_are_found() {
        let c = chain(5);
        let head = (5, c[4].hash.as_str());
        let mut edited = c.clone();
        edited[2].detail = "改过".into();
        assert_eq!(verify(&edited, head), Err(ChainFault::Edited { seq: 3 }));

        let mut deleted = c.clone();
        deleted.remove(1);
        assert_eq!(verify(&deleted, head), Err(ChainFault::Deleted { expected: 2, found: 3 }));

        let mut inserted = c.clone();
        let mut fake = c[1].clone();
        fake.detail = "伪造".into();
        fake.hash = fake.compute_hash();
        inserted.insert(2, fake);
        assert_eq!(verify(&inserted, head), Err(ChainFault::Inserted { seq: 2 }));

        assert_eq!(verify(&c[..4], head), Err(ChainFault::TailDeleted { last: 4, head: 5 }));
    }

    #[test]
    fn hash_separates_fields() {
        let c = chain(1);
        let mut a = c[0].clone();
        a.actor_name = "张".into();
        a.action = "伟user.update".into();
        assert_ne!(a.compute_hash(), c[0].hash);
    }
}
