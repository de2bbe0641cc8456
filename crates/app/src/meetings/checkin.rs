//! 签到: at the door a screen shows the meeting's code and its QR code; attendees scan or type it
//! from their own signed-in phone, or the clerk signs them in. The code is an HMAC of the meeting and
//! a five-minute window under a server secret, so it cannot be made without the server, and a code
//! photographed and passed on stops working within minutes. Signing in twice is refused, and so is a
//! wrong code; after `MAX_BAD_CODES` wrong codes a seat can only be signed in by the clerk.

use super::{seat_of, Turnout};
use crate::audit::record;
use crate::{App, AppError, Principal, Result};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zs_domain::meeting::{hm, Invitee, MeetAct, MeetParty, Meeting, FLOW, MAX_BAD_CODES};
use zs_domain::workflow::step;
use zs_domain::{text, Invalid};
use zs_store::meetings as store;
use zs_store::Exec;

/// How long one code is shown; a code is accepted in its window and the next.
pub const CHECKIN_WINDOW_MS: i64 = 5 * 60_000;
/// How far back a code is still recognised (to say "expired" rather than "wrong").
const RECOGNISED_WINDOWS: i64 = 36;

/// What the door screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckInCode {
    /// Six digits.
    pub code: String,
    /// The path the QR code opens: `/meetings/{id}/checkin?code=…`.
    pub path: String,
    /// When the screen should show the next code.
    pub next_ms: i64,
}

/// The code of one window: HMAC-SHA256 truncated to six digits as TOTP does (RFC 4226 §5.3).
fn code_for(secret: &[u8], meeting_id: &str, window: i64) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else { return String::new() };
    mac.update(format!("zhongshu-checkin:{meeting_id}:{window}").as_bytes());
    let tag = mac.finalize().into_bytes();
    let off = usize::from(tag[tag.len() - 1] & 0x0f);
    let bin = u32::from_be_bytes([tag[off] & 0x7f, tag[off + 1], tag[off + 2], tag[off + 3]]);
    format!("{:06}", bin % 1_000_000)
}

/// Equal without an early exit, so timing tells nothing about how much of a guess was right.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CodeCheck {
    Valid,
    Expired,
    Wrong,
}

fn check_code(secret: &[u8], meeting_id: &str, code: &str, now: i64) -> CodeCheck {
    let w = now.div_euclid(CHECKIN_WINDOW_MS);
    if [w, w - 1].iter().any(|k| same(code, &code_for(secret, meeting_id, *k))) {
        return CodeCheck::Valid;
    }
    if (2..=RECOGNISED_WINDOWS).any(|k| same(code, &code_for(secret, meeting_id, w - k))) {
        return CodeCheck::Expired;
    }
    CodeCheck::Wrong
}

impl App {
    /// The server secret, made on first use (inside the caller's transaction).
    async fn checkin_secret(&self, c: &mut impl Exec) -> Result<Vec<u8>> {
        Ok(store::checkin_secret(c, &crate::auth::random_token(32)).await?.into_bytes())
    }

    /// The secret for showing codes: read (the door screen polls), written only the first time.
    async fn shown_secret(&self) -> Result<Vec<u8>> {
        let mut c = self.db.conn().await?;
        if let Some(v) = zs_store::settings::get(&mut c, store::CHECKIN_SECRET).await? {
            return Ok(v.into_bytes());
        }
        drop(c);
        let mut tx = self.db.begin().await?;
        let secret = self.checkin_secret(&mut tx).await?;
        tx.commit().await?;
        Ok(secret)
    }

    /// The door screen's code (会务 and the 主持人), while sign-in is possible.
    pub async fn checkin_code(&self, p: &Principal, id: &str) -> Result<CheckInCode> {
        let now = self.clock_ms();
        let mut c = self.db.conn().await?;
        let l = self.load_meeting(&mut c, p, id).await?;
        drop(c);
        if !l.is_organizer() && !l.parties.contains(&MeetParty::Chair) {
            return Err(AppError::Denied("签到码由会务人员在会场门口展示。".into()));
        }
        // The screen is shown while the flow takes sign-ins, to the chair too.
        step(FLOW, l.meeting.state, MeetAct::CheckIn, &[MeetParty::Organizer]).map_err(super::refused)?;
        let secret = self.shown_secret().await?;
        let w = now.div_euclid(CHECKIN_WINDOW_MS);
        let code = code_for(&secret, id, w);
        Ok(CheckInCode {
            path: format!("/meetings/{id}/checkin?code={code}"),
            code,
            next_ms: (w + 1) * CHECKIN_WINDOW_MS,
        })
    }

    /// An attendee signs in with the code from the door. The seat is their own, their unit's, or the
    /// one they substitute for.
    pub async fn check_in_with_code(&self, p: &Principal, id: &str, code: &str) -> Result<Invitee> {
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let l = self.load_meeting(&mut tx, p, id).await?;
        let m = &l.meeting;
        let Some(seat) = seat_of(p, &l.invitees).cloned() else {
            let mine = l.invitees.iter().find(|i| i.unit_id == p.user.unit_id && i.checked_in_ms.is_some());
            return Err(match mine {
                Some(i) if i.is_unit() => AppError::Conflict(format!(
                    "{}已由{}于{}签到，请勿重复签到。",
                    i.name,
                    i.checkin_name,
                    hm(i.checked_in_ms.unwrap_or_default())
                )),
                _ => AppError::Denied("您不在本次会议的参会名单中，请与会务人员联系。".into()),
            });
        };
        l.step(MeetAct::CheckIn)?;
        m.check_in_open(now).map_err(AppError::Conflict)?;
        if let Some(at) = seat.checked_in_ms {
            return Err(AppError::Conflict(format!("您已于{}签到，请勿重复签到。", hm(at))));
        }
        if seat.bad_codes >= MAX_BAD_CODES {
            return Err(AppError::Denied("签到码输错次数过多，请到签到台由会务人员为您签到。".into()));
        }
        let code = code.trim();
        let secret = self.checkin_secret(&mut tx).await?;
        let check = if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
            check_code(&secret, id, code, now)
        } else {
            CodeCheck::Wrong
        };
        match check {
            CodeCheck::Valid => {}
            CodeCheck::Expired => {
                return Err(Invalid::field(
                    "code",
                    "签到码已过期，请扫描会场门口屏幕上的最新二维码，或输入屏幕上的签到码。",
                )
                .into())
            }
            CodeCheck::Wrong => {
                // Kept although the sign-in fails: wrong codes are counted and audited.
                store::count_bad_code(&mut tx, &seat.id).await?;
                let detail = format!("“{}”签到码错误：{}（{}）", m.title, p.user.name, seat.name);
                record(&mut tx, &p.actor(), "meeting.check_in_refused", "meeting", id, &detail, now).await?;
                tx.commit().await?;
                return Err(Invalid::field("code", "签到码不正确，请核对会场门口屏幕上的6位签到码。").into());
            }
        }
        if !store::check_in(&mut tx, &seat.id, &p.user.name, "code", now).await? {
            return Err(AppError::Conflict("这个座次刚刚已经签到，请勿重复签到。".into()));
        }
        let detail = format!("“{}”签到：{}（{}）", m.title, p.user.name, seat.name);
        record(&mut tx, &p.actor(), "meeting.check_in", "meeting", id, &detail, now).await?;
        tx.commit().await?;
        Ok(Invitee {
            checked_in_ms: Some(now),
            checkin_name: p.user.name.clone(),
            checkin_method: "code".into(),
            ..seat
        })
    }

    /// The clerk signs someone in at the desk (no phone, forgot the code, a substitute without an
    /// account). `name`: who actually came, when not the person asked.
    pub async fn check_in_by_clerk(&self, p: &Principal, id: &str, invitee_id: &str, name: &str) -> Result<Invitee> {
        let now = self.clock_ms();
        let name = text::optional("name", "签到人姓名", name, 40)?;
        let mut tx = self.db.begin().await?;
        let l = self.load_meeting(&mut tx, p, id).await?;
        if !l.is_organizer() {
            return Err(AppError::Denied("只有会务人员可以代为签到。".into()));
        }
        l.step(MeetAct::CheckIn)?;
        l.meeting.check_in_open(now).map_err(AppError::Conflict)?;
        let seat = l
            .invitees
            .iter()
            .find(|i| i.id == invitee_id)
            .cloned()
            .ok_or_else(|| AppError::NotFound("参会名单中没有这一项。".into()))?;
        if let Some(at) = seat.checked_in_ms {
            return Err(AppError::Conflict(format!("{}已于{}签到。", seat.name, hm(at))));
        }
        let who = if !name.is_empty() {
            name
        } else {
            seat.rsvp.as_ref().map(|r| r.name.clone()).filter(|n| !n.is_empty()).unwrap_or_else(|| seat.name.clone())
        };
        if !store::check_in(&mut tx, &seat.id, &who, "clerk", now).await? {
            return Err(AppError::Conflict(format!("{}刚刚已经签到。", seat.name)));
        }
        let detail = format!("“{}”会务代签到：{who}（{}）", l.meeting.title, seat.name);
        record(&mut tx, &p.actor(), "meeting.check_in", "meeting", id, &detail, now).await?;
        tx.commit().await?;
        Ok(Invitee { checked_in_ms: Some(now), checkin_name: who, checkin_method: "clerk".into(), ..seat })
    }

    /// The live list: who is present, on leave, not yet here (会务 and the 主持人).
    pub async fn attendance(&self, p: &Principal, id: &str) -> Result<(Meeting, Vec<Invitee>, Turnout)> {
        let mut c = self.db.conn().await?;
        let l = self.load_meeting(&mut c, p, id).await?;
        if !l.is_organizer() && !l.parties.contains(&MeetParty::Chair) {
            return Err(AppError::Denied("签到情况供会务人员和会议主持人查看。".into()));
        }
        let turnout = Turnout::of(&l.invitees);
        Ok((l.meeting, l.invitees, turnout))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_depend_on_secret_meeting_and_window() {
        let c = code_for(b"secret", "m1", 100);
        assert_eq!(c.len(), 6);
        assert!(c.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(c, code_for(b"secret", "m1", 100), "deterministic");
        let others = [code_for(b"other", "m1", 100), code_for(b"secret", "m2", 100), code_for(b"secret", "m1", 101)];
        // Six digits collide by chance one time in a million; these three were checked to differ.
        assert!(others.iter().all(|o| *o != c), "{c} {others:?}");
    }

    #[test]
    fn a_code_lives_two_windows_then_expires() {
        let now = 1_000 * CHECKIN_WINDOW_MS + 17;
        let current = code_for(b"s", "m", 1_000);
        assert_eq!(check_code(b"s", "m", &current, now), CodeCheck::Valid);
        assert_eq!(check_code(b"s", "m", &current, now + CHECKIN_WINDOW_MS), CodeCheck::Valid, "next window");
        assert_eq!(check_code(b"s", "m", &current, now + 2 * CHECKIN_WINDOW_MS), CodeCheck::Expired);
        assert_eq!(check_code(b"s", "m", &current, now + 40 * CHECKIN_WINDOW_MS), CodeCheck::Wrong, "forgotten");
        assert_eq!(check_code(b"other", "m", &current, now), CodeCheck::Wrong, "another server's");
        assert_eq!(check_code(b"s", "m2", &current, now), CodeCheck::Wrong, "another meeting's");
        assert!(same("123456", "123456") && !same("123456", "123457") && !same("12345", "123456"));
    }
}
