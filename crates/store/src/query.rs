use crate::db::{Ex, Exec};
use crate::Result;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::FromRow;
use std::borrow::Cow;

/// A bound value. The set is what both backends encode alike.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(Option<String>),
    Int(Option<i64>),
    Bool(bool),
    Bytes(Vec<u8>),
}

impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(Some(v.to_string()))
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(Some(v))
    }
}
impl From<&String> for Arg {
    fn from(v: &String) -> Self {
        Arg::Text(Some(v.clone()))
    }
}
impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Self {
        Arg::Text(v)
    }
}
impl From<Option<&str>> for Arg {
    fn from(v: Option<&str>) -> Self {
        Arg::Text(v.map(str::to_string))
    }
}
impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::Int(Some(v))
    }
}
impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Self {
        Arg::Int(v)
    }
}
impl From<Vec<u8>> for Arg {
    fn from(v: Vec<u8>) -> Self {
        Arg::Bytes(v)
    }
}
impl From<bool> for Arg {
    fn from(v: bool) -> Self {
        Arg::Bool(v)
    }
}

/// A statement written once for both backends, with `$1`-style placeholders.
#[derive(Debug, Clone)]
pub struct Q {
    sql: Cow<'static, str>,
    args: Vec<Arg>,
}

pub fn q(sql: impl Into<Cow<'static, str>>) -> Q {
    Q { sql: sql.into(), args: Vec::new() }
}

/// A row type that decodes on both backends.
pub trait Row: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Row for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}

macro_rules! bind_all {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for a in $args {
            query = match a {
                Arg::Text(v) => query.bind(v),
                Arg::Int(v) => query.bind(v),
                Arg::Bool(v) => query.bind(v),
                Arg::Bytes(v) => query.bind(v),
            };
        }
        query
    }};
}

impl Q {
    pub fn bind(mut self, a: impl Into<Arg>) -> Self {
        self.args.push(a.into());
        self
    }

    /// Append SQL text (for filters built at run time).
    pub fn push(mut self, sql: &str) -> Self {
        self.sql.to_mut().push_str(sql);
        self
    }

    /// Append a placeholder for the next argument and bind it.
    pub fn push_arg(mut self, a: impl Into<Arg>) -> Self {
        self.args.push(a.into());
        let n = self.args.len();
        self.sql.to_mut().push_str(&format!("${n}"));
        self
    }

    /// Append `($a, $b, …)` binding each value; `(NULL)` for none, so `x IN (NULL)` matches nothing.
    pub fn push_in<A: Into<Arg>>(mut self, values: impl IntoIterator<Item = A>) -> Self {
        self = self.push("(");
        let mut any = false;
        for v in values {
            if any {
                self = self.push(", ");
            }
            self = self.push_arg(v);
            any = true;
        }
        if !any {
            self = self.push("NULL");
        }
        self.push(")")
    }

    /// The number the next placeholder will get.
    pub fn next_index(&self) -> usize {
        self.args.len() + 1
    }

    /// For a `FROM … WHERE …` fragment: the total count and one page of `columns`, ordered by
    /// `order_by`, with the fragment's arguments bound to both statements. Every list page pages this way.
    pub async fn count_and_page<R: Row>(
        &self,
        c: &mut impl Exec,
        columns: &str,
        order_by: &str,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<R>, i64)> {
        let around = |before: String, after: String| Q {
            sql: format!("{before}{}{after}", self.sql).into(),
            args: self.args.clone(),
        };
        let (total,): (i64,) = around("SELECT COUNT(*)".into(), String::new()).fetch_one(c).await?;
        let rows =
            around(format!("SELECT {columns}"), format!(" ORDER BY {order_by} LIMIT {limit} OFFSET {}", offset.max(0)))
                .fetch_all(c)
                .await?;
        Ok((rows, total))
    }

    pub async fn execute(self, c: &mut impl Exec) -> Result<u64> {
        Ok(match c.ex() {
            Ex::Sqlite(c) => bind_all!(sqlx::query(&self.sql), self.args).execute(c).await?.rows_affected(),
            Ex::Postgres(c) => bind_all!(sqlx::query(&self.sql), self.args).execute(c).await?.rows_affected(),
        })
    }

    pub async fn fetch_all<R: Row>(self, c: &mut impl Exec) -> Result<Vec<R>> {
        Ok(match c.ex() {
            Ex::Sqlite(c) => bind_all!(sqlx::query_as::<_, R>(&self.sql), self.args).fetch_all(c).await?,
            Ex::Postgres(c) => bind_all!(sqlx::query_as::<_, R>(&self.sql), self.args).fetch_all(c).await?,
        })
    }

    pub async fn fetch_optional<R: Row>(self, c: &mut impl Exec) -> Result<Option<R>> {
        Ok(match c.ex() {
            Ex::Sqlite(c) => bind_all!(sqlx::query_as::<_, R>(&self.sql), self.args).fetch_optional(c).await?,
            Ex::Postgres(c) => bind_all!(sqlx::query_as::<_, R>(&self.sql), self.args).fetch_optional(c).await?,
        })
    }

    pub async fn fetch_one<R: Row>(self, c: &mut impl Exec) -> Result<R> {
        Ok(match c.ex() {
            Ex::Sqlite(c) => bind_all!(sqlx::query_as::<_, R>(&self.sql), self.args).fetch_one(c).await?,
            Ex::Postgres(c) => bind_all!(sqlx::query_as::<_, R>(&self.sql), self.args).fetch_one(c).await?,
        })
    }
}

/// A LIKE pattern matching `text` anywhere, with `%`, `_` and `\\` taken literally.
/// Use as `LOWER(col) LIKE $n ESCAPE '\\'` (the text is lower-cased here).
pub fn contains_pattern(text: &str) -> String {
    format!("%{}%", escape_like(&text.to_lowercase()))
}

/// A LIKE pattern matching values that start with `text` (case kept).
pub fn prefix_pattern(text: &str) -> String {
    format!("{}%", escape_like(text))
}

fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(super::contains_pattern("Li_Ming%"), "%li\\_ming\\%%");
        assert_eq!(super::prefix_pattern("auth.sign_in"), "auth.sign\\_in%");
    }
}
