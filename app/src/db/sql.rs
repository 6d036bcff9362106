//! One query, two databases. `query`, `query_as` and `query_scalar` mirror sqlx's, but bind
//! each value for SQLite and for PostgreSQL at once and run on whichever the connection is.
//!
//! Why not sqlx's `Any` driver: it decodes only a handful of types and refuses a `bool` read
//! from a SQLite INTEGER column, which every flag here is; the native drivers keep every
//! type and SQLite's path exactly as it was. Binding twice costs one extra small encode per
//! value. Where the two dialects differ, [`either`] carries both texts.

use std::marker::PhantomData;

use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArguments, PgConnection, PgPool, PgRow, Postgres};
use sqlx::sqlite::{SqliteArguments, SqliteConnection, SqlitePool, SqliteRow};
use sqlx::{Arguments, Encode, FromRow, SqlSafeStr, SqlStr, Sqlite, Type};

use super::{Conn, Pool};

/// Which database a pool or connection talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A value that both databases can bind. (Not `for<'q>`: sqlx encodes `Option<T>` only for a
/// `T: 'q`, which would ask every borrowed value to be `'static`.)
pub trait Param<'q>: Encode<'q, Sqlite> + Type<Sqlite> + Encode<'q, Postgres> + Type<Postgres> + Send {}
impl<'q, T> Param<'q> for T where T: Encode<'q, Sqlite> + Type<Sqlite> + Encode<'q, Postgres> + Type<Postgres> + Send {}

/// A row type both databases can produce.
pub trait Record: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Record for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}

/// A column value both databases can decode.
pub trait Scalar:
    for<'r> sqlx::Decode<'r, Sqlite> + Type<Sqlite> + for<'r> sqlx::Decode<'r, Postgres> + Type<Postgres> + Send + Unpin
{
}
impl<T> Scalar for T where
    T: for<'r> sqlx::Decode<'r, Sqlite> + Type<Sqlite> + for<'r> sqlx::Decode<'r, Postgres> + Type<Postgres> + Send + Unpin
{
}

/// The statement's text: one for both, or one per dialect.
pub struct Statement {
    sqlite: SqlStr,
    postgres: Option<SqlStr>,
}

impl<S: SqlSafeStr> From<S> for Statement {
    fn from(sql: S) -> Self {
        Self { sqlite: sql.into_sql_str(), postgres: None }
    }
}

/// A statement whose text differs between the dialects (e.g. `json_each` against
/// `json_array_elements_text`). Both texts take the same parameters.
pub fn either(sqlite: impl SqlSafeStr, postgres: impl SqlSafeStr) -> Statement {
    Statement { sqlite: sqlite.into_sql_str(), postgres: Some(postgres.into_sql_str()) }
}

/// A SQLite statement with PostgreSQL's words put in for its few SQLite-only phrases, e.g.
/// `("group_concat(role)", "string_agg(role, ',')")`.
pub fn translated(sqlite: impl Into<String>, swaps: &[(&str, &str)]) -> Statement {
    let sqlite = sqlite.into();
    let postgres = swaps.iter().fold(sqlite.clone(), |sql, (from, to)| sql.replace(from, to));
    either(sqlx::AssertSqlSafe(sqlite), sqlx::AssertSqlSafe(postgres))
}

/// The ids in `$1`, a JSON array bound as text: `id IN (SELECT value FROM json_each($1))`.
pub const JSON_IDS: (&str, &str) =
    ("SELECT value FROM json_each($1)", "SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($1 AS json))");

/// An empty blob: SQLite's `x''` is a bit string to PostgreSQL.
pub const EMPTY_BLOB: (&str, &str) = ("x''", "CAST('' AS bytea)");

impl Statement {
    fn for_backend(self, backend: Backend) -> SqlStr {
        match (backend, self.postgres) {
            (Backend::Postgres, Some(pg)) => pg,
            _ => self.sqlite,
        }
    }
}

/// Where a query runs: a connection (pooled or in a transaction) or the pool.
pub enum Target<'c> {
    Sqlite(&'c mut SqliteConnection),
    SqlitePool(&'c SqlitePool),
    Postgres(&'c mut PgConnection),
    PostgresPool(&'c PgPool),
}

impl Target<'_> {
    fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) | Self::SqlitePool(_) => Backend::Sqlite,
            Self::Postgres(_) | Self::PostgresPool(_) => Backend::Postgres,
        }
    }
}

/// What a query can run on; sqlx's `Executor` for both databases.
pub trait Exec<'c> {
    fn target(self) -> Target<'c>;
}

impl<'c> Exec<'c> for &'c mut Conn {
    fn target(self) -> Target<'c> {
        match self {
            Conn::Sqlite(c) => Target::Sqlite(c),
            Conn::SqliteTx(t) => Target::Sqlite(t),
            Conn::Postgres(c) => Target::Postgres(c),
            Conn::PostgresTx(t) => Target::Postgres(t),
        }
    }
}

impl<'c> Exec<'c> for &'c Pool {
    fn target(self) -> Target<'c> {
        match self {
            Pool::Sqlite(p) => Target::SqlitePool(p),
            Pool::Postgres(p) => Target::PostgresPool(p),
        }
    }
}

impl<'c> Exec<'c> for &'c super::Db {
    fn target(self) -> Target<'c> {
        self.pool().target()
    }
}

/// The values bound so far, encoded for each database; the first failure is kept.
#[derive(Default)]
struct Args<'q> {
    sqlite: SqliteArguments,
    postgres: PgArguments,
    error: Option<BoxDynError>,
    borrows: PhantomData<&'q ()>,
}

impl<'q> Args<'q> {
    fn add<T: Param<'q>>(&mut self, value: T) {
        if self.error.is_some() {
            return;
        }
        let added = self.sqlite.add(&value).and_then(|()| self.postgres.add(value));
        if let Err(e) = added {
            self.error = Some(e);
        }
    }

    /// A value that could not be encoded fails the query before it is sent, as in sqlx.
    fn check(&mut self) -> Result<(), sqlx::Error> {
        self.error.take().map_or(Ok(()), |e| Err(sqlx::Error::Encode(e)))
    }
}

/// Runs `$body` with `$ex` bound to the target's executor and `$q` to the statement built by
/// `$make` (one of sqlx's `*_with` constructors) for that database.
macro_rules! dispatch {
    ($target:expr, $statement:expr, $args:expr, $make:path, |$q:ident, $ex:ident| $body:expr) => {{
        let target = $target;
        let sql = $statement.for_backend(target.backend());
        let mut args = $args;
        args.check()?;
        let Args { sqlite, postgres, .. } = args;
        match target {
            Target::Sqlite($ex) => {
                let $q = $make(sql, sqlite);
                $body
            }
            Target::SqlitePool($ex) => {
                let $q = $make(sql, sqlite);
                $body
            }
            Target::Postgres($ex) => {
                let $q = $make(sql, postgres);
                $body
            }
            Target::PostgresPool($ex) => {
                let $q = $make(sql, postgres);
                $body
            }
        }
    }};
}

/// What a statement changed.
#[derive(Clone, Copy, Debug)]
pub struct Done {
    rows: u64,
}

impl Done {
    pub fn rows_affected(&self) -> u64 {
        self.rows
    }
}

/// A statement without rows to read (or whose rows are ignored).
#[must_use = "a query does nothing until it is executed"]
pub struct Query<'q> {
    statement: Statement,
    args: Args<'q>,
}

pub fn query<'q>(statement: impl Into<Statement>) -> Query<'q> {
    Query { statement: statement.into(), args: Args::default() }
}

impl<'q> Query<'q> {
    pub fn bind<T: Param<'q>>(mut self, value: T) -> Self {
        self.args.add(value);
        self
    }

    pub async fn execute<'c>(self, on: impl Exec<'c>) -> Result<Done, sqlx::Error> {
        dispatch!(on.target(), self.statement, self.args, sqlx::query_with, |q, ex| {
            q.execute(ex).await.map(|r| Done { rows: r.rows_affected() })
        })
    }
}

/// A statement whose rows become `O`s.
#[must_use = "a query does nothing until it is executed"]
pub struct QueryAs<'q, O> {
    statement: Statement,
    args: Args<'q>,
    out: PhantomData<fn() -> O>,
}

pub fn query_as<'q, O: Record>(statement: impl Into<Statement>) -> QueryAs<'q, O> {
    QueryAs { statement: statement.into(), args: Args::default(), out: PhantomData }
}

impl<'q, O: Record> QueryAs<'q, O> {
    pub fn bind<T: Param<'q>>(mut self, value: T) -> Self {
        self.args.add(value);
        self
    }

    pub async fn fetch_all<'c>(self, on: impl Exec<'c>) -> Result<Vec<O>, sqlx::Error> {
        dispatch!(on.target(), self.statement, self.args, sqlx::query_as_with, |q, ex| q.fetch_all(ex).await)
    }

    pub async fn fetch_one<'c>(self, on: impl Exec<'c>) -> Result<O, sqlx::Error> {
        dispatch!(on.target(), self.statement, self.args, sqlx::query_as_with, |q, ex| q.fetch_one(ex).await)
    }

    pub async fn fetch_optional<'c>(self, on: impl Exec<'c>) -> Result<Option<O>, sqlx::Error> {
        dispatch!(on.target(), self.statement, self.args, sqlx::query_as_with, |q, ex| q.fetch_optional(ex).await)
    }
}

/// A statement whose rows are one value each.
#[must_use = "a query does nothing until it is executed"]
pub struct QueryScalar<'q, O> {
    statement: Statement,
    args: Args<'q>,
    out: PhantomData<fn() -> O>,
}

pub fn query_scalar<'q, O: Scalar>(statement: impl Into<Statement>) -> QueryScalar<'q, O> {
    QueryScalar { statement: statement.into(), args: Args::default(), out: PhantomData }
}

impl<'q, O: Scalar> QueryScalar<'q, O> {
    pub fn bind<T: Param<'q>>(mut self, value: T) -> Self {
        self.args.add(value);
        self
    }

    pub async fn fetch_all<'c>(self, on: impl Exec<'c>) -> Result<Vec<O>, sqlx::Error> {
        dispatch!(on.target(), self.statement, self.args, sqlx::query_scalar_with, |q, ex| q.fetch_all(ex).await)
    }

    pub async fn fetch_one<'c>(self, on: impl Exec<'c>) -> Result<O, sqlx::Error> {
        dispatch!(on.target(), self.statement, self.args, sqlx::query_scalar_with, |q, ex| q.fetch_one(ex).await)
    }

    pub async fn fetch_optional<'c>(self, on: impl Exec<'c>) -> Result<Option<O>, sqlx::Error> {
        dispatch!(on.target(), self.statement, self.args, sqlx::query_scalar_with, |q, ex| q.fetch_optional(ex).await)
    }
}

/// Runs `sql`, which may hold several statements, in one round trip (no parameters).
pub async fn raw<'c>(sql: &'static str, on: impl Exec<'c>) -> Result<(), sqlx::Error> {
    match on.target() {
        Target::Sqlite(c) => sqlx::raw_sql(sql).execute(c).await.map(|_| ()),
        Target::SqlitePool(p) => sqlx::raw_sql(sql).execute(p).await.map(|_| ()),
        Target::Postgres(c) => sqlx::raw_sql(sql).execute(c).await.map(|_| ()),
        Target::PostgresPool(p) => sqlx::raw_sql(sql).execute(p).await.map(|_| ()),
    }
}
