//! Bulk data for `scripts/bench/meetings`: a year of deliveries, meetings, tracked-item parts and
//! feedback reports spread over many receiving units, written straight through the store, whose
//! writes keep the 精文简会 rollup as the use cases' do (one upsert per transaction).

use crate::{App, Principal, Result};
use chrono::NaiveDate;
use zs_domain::document::{Content, DocState, DocType, Document, Flow};
use zs_domain::meeting::{AttendRole, Invitee, Meeting, MeetingKind, MeetingState};
use zs_domain::time::day_start_ms;
use zs_domain::tracking::{Cycle, Kind, State, TrackedItem};
use zs_store::documents::DistributionRow;
use zs_store::meetings::BurdenRow;

/// What a bench seed made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BenchSeed {
    pub deliveries: usize,
    pub meetings: usize,
    pub parts: usize,
    pub reports: usize,
}

/// A small deterministic generator, so every run seeds the same shape.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

const DAY_MS: i64 = 86_400_000;
/// Receiving units asked to each bench meeting, and sent each bench document.
const FAN_OUT: usize = 10;
const DOC_FAN_OUT: usize = 20;

impl App {
    /// Seed `year` with `deliveries` documents delivered to `units` bench towns (20 per sending
    /// document), `meetings` meetings asking 10 units each, 20,000 parts and 40,000 reports. Done
    /// once per database (a settings key marks it).
    pub async fn seed_burden_bench(
        &self,
        year: i32,
        units: usize,
        deliveries: usize,
        meetings: usize,
    ) -> Result<BenchSeed> {
        const KEY: &str = "bench.burden";
        let mut c = self.db.conn().await?;
        if zs_store::settings::get(&mut c, KEY).await?.is_some() {
            return Ok(BenchSeed::default());
        }
        let all = zs_store::org::list_units(&mut c).await?;
        drop(c);
        let now = self.now_ms();
        let mut towns: Vec<String> =
            all.iter().filter(|u| u.name.starts_with("压测单位")).map(|u| u.id.clone()).collect();
        let mut tx = self.db.begin().await?;
        for i in towns.len()..units {
            let u = zs_domain::Unit {
                id: zs_domain::new_id(),
                parent_id: None,
                name: format!("压测单位{i:03}"),
                code: format!("YC{i:03}"),
                kind: zs_domain::UnitKind::Town,
                sort: 1000 + i as i64,
                active: true,
            };
            zs_store::org::insert_unit(&mut tx, &u, now).await?;
            towns.push(u.id);
        }
        tx.commit().await?;
        let senders: Vec<String> = all
            .iter()
            .filter(|u| matches!(u.kind, zs_domain::UnitKind::Office | zs_domain::UnitKind::Department))
            .map(|u| u.id.clone())
            .collect();
        let senders = if senders.is_empty() { towns.clone() } else { senders };
        let start = day_start_ms(NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default());
        let days = 365i64;
        let mut rng = Lcg(7);
        let mut seed = BenchSeed::default();

        // Documents: one 发文 per 20 deliveries, each delivery a 收文 in a unit's inbox.
        let mut content = Content::blank(DocType::Notice);
        content.title = "关于做好压测工作的通知".into();
        content.issuer = "压测发文机关".into();
        while seed.deliveries < deliveries {
            let mut tx = self.db.begin().await?;
            for _ in 0..50 {
                if seed.deliveries >= deliveries {
                    break;
                }
                let at = start + rng.next(days as usize) as i64 * DAY_MS + 9 * 3_600_000;
                let sender = &senders[rng.next(senders.len())];
                let out = Document::new(Flow::Outgoing, sender, DocState::Dispatched, content.clone(), "", at);
                zs_store::documents::insert(&mut tx, &out).await?;
                let first = rng.next(towns.len());
                for k in 0..DOC_FAN_OUT.min(deliveries - seed.deliveries) {
                    let unit = &towns[(first + k * 7) % towns.len()];
                    let incoming = Document {
                        source_doc_id: Some(out.id.clone()),
                        ..Document::new(Flow::Incoming, unit, DocState::ToAcknowledge, content.clone(), "", at)
                    };
                    zs_store::documents::insert(&mut tx, &incoming).await?;
                    let d = DistributionRow {
                        id: zs_domain::new_id(),
                        document_id: out.id.clone(),
                        unit_id: Some(unit.clone()),
                        name: String::new(),
                        copies: 1,
                        copy_from: None,
                        copy_to: None,
                        incoming_id: Some(incoming.id.clone()),
                        acknowledged_ms: None,
                        urge_count: 0,
                        created_ms: at,
                    };
                    zs_store::documents::insert_distribution(&mut tx, &d).await?;
                    seed.deliveries += 1;
                }
            }
            tx.commit().await?;
        }

        // Meetings: two hours each, ten units asked, counted in the burden rows as the use cases do.
        while seed.meetings < meetings {
            let mut tx = self.db.begin().await?;
            for _ in 0..200 {
                if seed.meetings >= meetings {
                    break;
                }
                let at = start + rng.next(days as usize) as i64 * DAY_MS + (1 + rng.next(8) as i64) * 3_600_000;
                let organizer = senders[rng.next(senders.len())].clone();
                let m = Meeting {
                    id: zs_domain::new_id(),
                    kind: MeetingKind::Work,
                    title: format!("压测会议{:05}", seed.meetings),
                    host: "压测".into(),
                    organizer_unit_id: organizer.clone(),
                    room_id: None,
                    place: "压测会场".into(),
                    start_ms: at,
                    end_ms: at + 2 * 3_600_000,
                    chair_id: None,
                    chair_name: "压测".into(),
                    rsvp_due_ms: at - DAY_MS,
                    requirements: String::new(),
                    contact: String::new(),
                    state: MeetingState::Held,
                    notice_sent_ms: Some(at - 3 * DAY_MS),
                    minutes_doc_id: None,
                    cancel_reason: String::new(),
                    created_by: String::new(),
                    created_ms: at - 3 * DAY_MS,
                    updated_ms: at,
                };
                zs_store::meetings::insert(&mut tx, &m).await?;
                let first = rng.next(towns.len());
                let mut rows = Vec::with_capacity(FAN_OUT);
                for k in 0..FAN_OUT {
                    let unit = towns[(first + k * 13) % towns.len()].clone();
                    let inv = Invitee {
                        id: zs_domain::new_id(),
                        meeting_id: m.id.clone(),
                        user_id: None,
                        unit_id: unit.clone(),
                        name: "压测单位".into(),
                        post: String::new(),
                        role: AttendRole::Present,
                        position: k as i64 + 1,
                        rsvp: None,
                        answered_by: None,
                        answered_ms: None,
                        urge_count: 0,
                        checked_in_ms: None,
                        checkin_name: String::new(),
                        checkin_method: String::new(),
                        bad_codes: 0,
                    };
                    zs_store::meetings::insert_invitee(&mut tx, &inv).await?;
                    rows.push(BurdenRow {
                        unit_id: unit,
                        month: m.month(),
                        minutes: m.minutes(),
                        organizer_unit_id: organizer.clone(),
                    });
                }
                zs_store::meetings::set_burden(&mut tx, &m.id, &rows).await?;
                seed.meetings += 1;
            }
            tx.commit().await?;
        }

        // Tracked items: 10,000 matters of two parts, each part reporting twice.
        let console = Principal::console();
        while seed.parts < 20_000 {
            let mut tx = self.db.begin().await?;
            for _ in 0..250 {
                let day =
                    NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default() + chrono::Days::new(rng.next(330) as u64);
                let parent = TrackedItem {
                    id: zs_domain::new_id(),
                    parent_id: None,
                    kind: Kind::Supervision,
                    source_kind: "bench".into(),
                    source_id: String::new(),
                    source_title: "压测来源".into(),
                    title: format!("压测负担事项{:05}", seed.parts / 2),
                    requirement: String::new(),
                    category: None,
                    measures: String::new(),
                    unit_id: None,
                    is_lead: false,
                    owner_name: String::new(),
                    leader_id: None,
                    created_by: console.user.id.clone(),
                    state: State::InProgress,
                    due: day + chrono::Days::new(30),
                    cycle: Cycle::Weekly,
                    report_due: None,
                    progress: 0,
                    extension_count: 0,
                    result: String::new(),
                    rule: String::new(),
                    assigned_on: Some(day),
                    closed_on: None,
                    close_days: None,
                    warning: None,
                    created_ms: now,
                    updated_ms: now,
                };
                zs_store::tracking::insert(&mut tx, &parent).await?;
                for k in 0..2 {
                    let part = TrackedItem {
                        id: zs_domain::new_id(),
                        parent_id: Some(parent.id.clone()),
                        unit_id: Some(towns[rng.next(towns.len())].clone()),
                        is_lead: k == 0,
                        ..parent.clone()
                    };
                    zs_store::tracking::insert(&mut tx, &part).await?;
                    seed.parts += 1;
                    for r in 0..2 {
                        let at = day_start_ms(day) + (7 * (r + 1)) as i64 * DAY_MS;
                        let e = zs_store::tracking::EventRow {
                            id: zs_domain::new_id(),
                            item_id: part.id.clone(),
                            act: "report".into(),
                            actor_id: None,
                            actor_name: "压测".into(),
                            at_ms: at,
                            text: "压测反馈".into(),
                            progress: Some(50),
                        };
                        zs_store::tracking::insert_event(&mut tx, &e).await?;
                        seed.reports += 1;
                    }
                }
            }
            tx.commit().await?;
        }
        let mut tx = self.db.begin().await?;
        zs_store::settings::put(&mut tx, KEY, &now.to_string()).await?;
        tx.commit().await?;
        self.db.analyze().await?;
        Ok(seed)
    }
}
