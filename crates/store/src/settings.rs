//! Administrator-loaded calendar years and key/value settings.

use crate::{q, Exec, Result};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CalendarYearRow {
    pub year: i64,
    pub source: String,
    pub loaded_by: String,
    pub loaded_ms: i64,
}

pub async fn calendar_years(c: &mut impl Exec) -> Result<Vec<CalendarYearRow>> {
    q("SELECT year, source, loaded_by, loaded_ms FROM calendar_years ORDER BY year").fetch_all(c).await
}

pub async fn put_calendar_year(c: &mut impl Exec, r: &CalendarYearRow) -> Result<()> {
    q("INSERT INTO calendar_years (year, source, loaded_by, loaded_ms) VALUES ($1, $2, $3, $4)
       ON CONFLICT (year) DO UPDATE SET source = $2, loaded_by = $3, loaded_ms = $4")
    .bind(r.year)
    .bind(&r.source)
    .bind(&r.loaded_by)
    .bind(r.loaded_ms)
    .execute(c)
    .await?;
    Ok(())
}

/// A stamp that changes whenever calendar data changes, so every node can tell when to reload.
pub async fn calendar_stamp(c: &mut impl Exec) -> Result<(i64, i64)> {
    q("SELECT COUNT(*), COALESCE(MAX(loaded_ms), 0) FROM calendar_years").fetch_one(c).await
}

pub async fn get(c: &mut impl Exec, key: &str) -> Result<Option<String>> {
    let row: Option<(String,)> = q("SELECT value FROM settings WHERE key = $1").bind(key).fetch_optional(c).await?;
    Ok(row.map(|r| r.0))
}

pub async fn put(c: &mut impl Exec, key: &str, value: &str) -> Result<()> {
    q("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = $2")
        .bind(key)
        .bind(value)
        .execute(c)
        .await?;
    Ok(())
}
