//! 办文: use cases of the 发文 and 收文 flows. Every step goes through `workflow::step` over
//! `document::OUTGOING` or `INCOMING`; each writes the document, its history, its tasks (who holds
//! it next), its notices and its audit event in one transaction.

mod draft;
mod files;
mod flow;
mod inbox;
mod numbers;
pub mod proof;
pub mod render;

pub use draft::{Comparison, ImportedIncoming, NewIncoming};
pub(crate) use files::{file_name, mime_of};
pub use flow::{DocStep, NewDistribution, Reader};
pub use inbox::{Holding, Inbox, InboxItem};
pub use numbers::{CodeInput, NumberBench};
pub use zs_store::documents::{
    AgencyCode, DistributionRow, DocFilter, EventRow, FileRow, NumberRow, TaskRow, VersionRow,
};
pub use zs_store::org::Person;

use crate::{App, AppError, Principal, Result};
use zs_domain::document::{pools_of, DocAct, DocParty, DocState, Document, Flow, INCOMING, OUTGOING};
use zs_domain::workflow::{available, Transition};
use zs_domain::{decide, Action, Role};
use zs_store::documents::{self as store, Viewer};
use zs_store::Exec;

/// A document with everything its page shows.
#[derive(Debug, Clone)]
pub struct DocView {
    pub doc: Document,
    pub unit_name: String,
    pub versions: Vec<VersionRow>,
    pub events: Vec<EventRow>,
    pub tasks: Vec<TaskRow>,
    pub distributions: Vec<DistributionRow>,
    pub files: Vec<FileRow>,
    /// Tracked items opened by 承办 of this document.
    pub handling_items: Vec<zs_domain::tracking::TrackedItem>,
    /// The viewer's relation to the document and what the flow lets them do now.
    pub parties: Vec<DocParty>,
    pub actions: Vec<DocAct>,
    /// May edit the text now; `Some(true)`: and saving sends it back to the signer.
    pub edit: Option<bool>,
    /// Names for user ids on the page (drafter, reviewer, signer, leader, task holders).
    pub names: std::collections::HashMap<String, String>,
}

pub(crate) fn table(flow: Flow) -> &'static [Transition<DocState, DocAct, DocParty>] {
    match flow {
        Flow::Outgoing => OUTGOING,
        Flow::Incoming => INCOMING,
    }
}

pub(crate) use crate::error::refused;

fn not_found() -> AppError {
    AppError::NotFound("没有找到这份公文，或它不在您的知悉范围内。".into())
}

impl Principal {
    /// The document access rule's view of this person, for SQL filters.
    pub fn viewer(&self) -> Viewer {
        Viewer {
            user_id: self.user.id.clone(),
            organ_id: self.organ_id.clone(),
            pools: pools_of(&self.user.roles).iter().map(|s| s.to_string()).collect(),
            organ_wide: zs_domain::access::organ_wide(&self.subject),
            max_rank: self.subject.clearance.rank(),
        }
    }
}

/// Who the principal is with respect to a document, given its tasks.
pub(crate) fn parties(p: &Principal, d: &Document, tasks: &[TaskRow]) -> Vec<DocParty> {
    let me = p.user.id.as_str();
    let organ = !p.organ_id.is_empty() && p.organ_id == d.unit_id;
    let pools = pools_of(&p.user.roles);
    let mut out = Vec::new();
    let mut add = |cond: bool, party| {
        if cond {
            out.push(party);
        }
    };
    add(d.drafter_id.as_deref() == Some(me), DocParty::Drafter);
    add(d.reviewer_id.as_deref() == Some(me), DocParty::Reviewer);
    add(d.signer_id.as_deref() == Some(me), DocParty::Signer);
    add(d.leader_id.as_deref() == Some(me), DocParty::Leader);
    add(organ && pools.contains(&zs_domain::document::POOL_REGISTRAR), DocParty::Registrar);
    add(organ && pools.contains(&zs_domain::document::POOL_OFFICE), DocParty::Office);
    add(organ && p.has(Role::OfficeDirector), DocParty::Director);
    add(organ && p.has(Role::Archivist), DocParty::Archivist);
    let open = |kind: &'static str| tasks.iter().filter(move |t| t.status == "open" && t.kind == kind);
    add(
        open("countersign")
            .any(|t| t.unit_id.as_deref() == Some(p.organ_id.as_str()) && pools.contains(&t.pool.as_str())),
        DocParty::Countersigner,
    );
    add(open("read").any(|t| t.user_id.as_deref() == Some(me)), DocParty::Reader);
    out
}

/// Whether the principal is involved: a named party, or a task of theirs (held or done).
fn involved(p: &Principal, d: &Document, tasks: &[TaskRow]) -> bool {
    let me = p.user.id.as_str();
    let pools = pools_of(&p.user.roles);
    [&d.drafter_id, &d.reviewer_id, &d.signer_id, &d.leader_id].iter().any(|id| id.as_deref() == Some(me))
        || tasks.iter().any(|t| {
            t.user_id.as_deref() == Some(me)
                || t.done_by.as_deref() == Some(me)
                || (t.unit_id.as_deref() == Some(p.organ_id.as_str()) && pools.contains(&t.pool.as_str()))
        })
}

/// People a document form offers: colleagues (核稿人, 传阅人), signers and leaders.
#[derive(Debug, Clone, Default)]
pub struct DocPeople {
    pub colleagues: Vec<zs_store::org::Person>,
    pub signers: Vec<zs_store::org::Person>,
    pub leaders: Vec<zs_store::org::Person>,
}

impl App {
    pub async fn document_people(&self, p: &Principal) -> Result<DocPeople> {
        let mut c = self.db.conn().await?;
        let working: Vec<Role> = Role::ALL.into_iter().filter(|r| !r.is_admin_triad()).collect();
        let colleagues = zs_store::org::people(&mut c, Some(&p.organ_id), &working).await?;
        let signers = zs_store::org::people(&mut c, None, &[Role::Leader, Role::OfficeDirector]).await?;
        let leaders = zs_store::org::people(&mut c, None, &[Role::Leader]).await?;
        Ok(DocPeople { colleagues, signers, leaders })
    }

    /// Load a document the principal may open, with its tasks; 404 otherwise (an existing document
    /// outside someone's need-to-know is not acknowledged either).
    pub(crate) async fn load_doc(
        &self,
        c: &mut impl Exec,
        p: &Principal,
        id: &str,
    ) -> Result<(Document, Vec<TaskRow>)> {
        let d = store::get(c, id).await?.ok_or_else(not_found)?;
        let tasks = store::tasks(c, id).await?;
        let action = Action::ReadDocument {
            organ: !p.organ_id.is_empty() && p.organ_id == d.unit_id,
            involved: involved(p, &d, &tasks),
            classification: d.content.classification,
        };
        match decide(&p.subject, &action) {
            zs_domain::Decision::Allow => Ok((d, tasks)),
            // Above clearance is said plainly; outside need-to-know looks like absence.
            zs_domain::Decision::Deny(r) if d.content.classification > p.subject.clearance => Err(AppError::Denied(r)),
            zs_domain::Decision::Deny(_) => Err(not_found()),
        }
    }

    /// A document's page. Opening 内部 or 工作秘密 material is audited.
    pub async fn document(&self, p: &Principal, id: &str) -> Result<DocView> {
        let mut c = self.db.conn().await?;
        let (doc, tasks) = self.load_doc(&mut c, p, id).await?;
        let versions = store::versions(&mut c, id).await?;
        let events = store::events(&mut c, id).await?;
        let distributions = store::distributions(&mut c, id).await?;
        let files = store::files(&mut c, id).await?;
        let handling_items = zs_store::tracking::by_source(&mut c, "document", id).await?;
        let unit_name = zs_store::org::get_unit(&mut c, &doc.unit_id).await?.map(|u| u.name).unwrap_or_default();
        let mut ids: Vec<String> = [&doc.drafter_id, &doc.reviewer_id, &doc.signer_id, &doc.leader_id]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        ids.extend(tasks.iter().filter_map(|t| t.user_id.clone()));
        let names = zs_store::org::user_names(&mut c, &ids).await?;
        drop(c);
        if doc.content.classification.read_is_audited() {
            let mut tx = self.db.begin().await?;
            self.record_open(&mut tx, p, "document", id, doc.content.classification).await?;
            tx.commit().await?;
        }
        let ps = parties(p, &doc, &tasks);
        let mut actions = available(table(doc.flow), doc.state, &ps);
        flow::refine_actions(&doc, &tasks, &mut actions);
        let edit = zs_domain::document::editable(doc.state, &ps);
        Ok(DocView {
            doc,
            unit_name,
            versions,
            events,
            tasks,
            distributions,
            files,
            handling_items,
            parties: ps,
            actions,
            edit,
            names,
        })
    }

    /// Documents the principal may open, filtered (the 公文 list and the API).
    pub async fn documents(&self, p: &Principal, f: &DocFilter) -> Result<(Vec<Document>, i64)> {
        let mut c = self.db.conn().await?;
        Ok(store::list(&mut c, &p.viewer(), f).await?)
    }

    pub(crate) async fn doc_event(
        &self,
        tx: &mut impl Exec,
        p: &Principal,
        doc_id: &str,
        act: &str,
        text: &str,
        now: i64,
    ) -> Result<()> {
        store::insert_event(
            tx,
            &EventRow {
                id: zs_domain::new_id(),
                document_id: doc_id.into(),
                act: act.into(),
                actor_id: Some(p.user.id.clone()).filter(|s| !s.is_empty()),
                actor_name: p.user.name.clone(),
                at_ms: now,
                text: text.into(),
            },
        )
        .await?;
        Ok(())
    }
}
