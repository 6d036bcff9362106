//! `festplan migrate-to`: every table of a SQLite database copied into an empty PostgreSQL
//! database whose migrations have run, in one transaction, then counted on both sides.
//!
//! The PostgreSQL schema decides: its tables, their columns and types (SQLite's 0/1 flags
//! become booleans, bytes stay bytes), and the order (a table after those it refers to).
//! Rows keep their ids; each identity sequence then continues after the largest.

use std::collections::{BTreeMap, BTreeSet};

use futures::TryStreamExt as _;
use sqlx::postgres::Postgres;
use sqlx::{AssertSqlSafe, Row as _};

use super::{Db, Pool};

/// One table's rows in the source and, after the copy, in the target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableCount {
    pub table: String,
    pub source: i64,
    pub target: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("the source is not a SQLite database")]
    SourceNotSqlite,
    #[error("the target is not a PostgreSQL database")]
    TargetNotPostgres,
    #[error("the target database is not empty ({0}); migrate-to only fills a new, empty database")]
    NotEmpty(String),
    #[error("{0}")]
    Schema(String),
    #[error("table {table}: {source}")]
    Table { table: String, source: sqlx::Error },
    #[error("the row counts differ after copying, nothing was kept: {0}")]
    Mismatch(String),
    #[error(transparent)]
    Sql(#[from] sqlx::Error),
}

/// Rows per INSERT: few enough statements to be quick, far below PostgreSQL's 65 535 parameters.
const BATCH_ROWS: usize = 200;

#[derive(Clone, Copy, Debug)]
enum Kind {
    I64,
    I32,
    I16,
    Bool,
    Bytes,
    Text,
    F64,
    F32,
}

impl Kind {
    fn of(data_type: &str) -> Option<Self> {
        Some(match data_type {
            "bigint" => Self::I64,
            "integer" => Self::I32,
            "smallint" => Self::I16,
            "boolean" => Self::Bool,
            "bytea" => Self::Bytes,
            "text" | "character varying" | "character" => Self::Text,
            "double precision" => Self::F64,
            "real" => Self::F32,
            _ => return None,
        })
    }
}

enum Value {
    I64(Option<i64>),
    I32(Option<i32>),
    I16(Option<i16>),
    Bool(Option<bool>),
    Bytes(Option<Vec<u8>>),
    Text(Option<String>),
    F64(Option<f64>),
    F32(Option<f32>),
}

struct Column {
    name: String,
    kind: Kind,
    /// Refers to its own table (a merged session's target): written after all rows are in.
    self_ref: bool,
}

struct Table {
    name: String,
    columns: Vec<Column>,
}

/// Copies every table of `source` (SQLite) into `target` (PostgreSQL, migrated, empty).
pub async fn sqlite_to_postgres(source: &Db, target: &Db) -> Result<Vec<TableCount>, CopyError> {
    let Pool::Sqlite(source) = source.pool() else { return Err(CopyError::SourceNotSqlite) };
    let Pool::Postgres(target) = target.pool() else { return Err(CopyError::TargetNotPostgres) };
    let mut pg = target.begin().await?;
    let tables = schema(&mut pg).await?;
    let mut filled = Vec::new();
    for table in &tables {
        let rows = count_pg(&mut pg, &table.name).await?;
        if rows > 0 {
            filled.push(format!("{}: {rows} rows", table.name));
        }
    }
    if !filled.is_empty() {
        let more = if filled.len() > 3 { format!(" and {} more tables", filled.len() - 3) } else { String::new() };
        return Err(CopyError::NotEmpty(format!("{}{more}", filled[..filled.len().min(3)].join(", "))));
    }
    // The copy carries the derived tables too (RSVP totals, waitlist buckets): the triggers that
    // keep them would count every row twice. Disabled inside this transaction only.
    for table in &tables {
        let sql = format!("ALTER TABLE {} DISABLE TRIGGER USER", quoted(&table.name));
        sqlx::query(AssertSqlSafe(sql)).execute(&mut *pg).await?;
    }
    // One read transaction on SQLite: every table from the same moment.
    let mut lite = source.begin().await?;
    let mut counts = Vec::new();
    for table in &tables {
        copy_table(&mut lite, &mut pg, table).await.map_err(|source| CopyError::Table { table: table.name.clone(), source })?;
        let source_rows = count_lite(&mut lite, &table.name).await?;
        counts.push(TableCount { table: table.name.clone(), source: source_rows, target: 0 });
    }
    lite.rollback().await?;
    for table in &tables {
        let sql = format!("ALTER TABLE {} ENABLE TRIGGER USER", quoted(&table.name));
        sqlx::query(AssertSqlSafe(sql)).execute(&mut *pg).await?;
    }
    reset_sequences(&mut pg).await?;
    for c in &mut counts {
        c.target = count_pg(&mut pg, &c.table).await?;
    }
    let differ: Vec<String> =
        counts.iter().filter(|c| c.source != c.target).map(|c| format!("{}: {} vs {}", c.table, c.source, c.target)).collect();
    if !differ.is_empty() {
        pg.rollback().await?;
        return Err(CopyError::Mismatch(differ.join(", ")));
    }
    pg.commit().await?;
    Ok(counts)
}

/// The target's tables, each after the tables it refers to, with their columns.
async fn schema(pg: &mut sqlx::PgConnection) -> Result<Vec<Table>, CopyError> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_sqlx_migrations'
         ORDER BY table_name",
    )
    .fetch_all(&mut *pg)
    .await?;
    let references: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT CAST(t.relname AS TEXT), CAST(r.relname AS TEXT), CAST(a.attname AS TEXT)
         FROM pg_constraint c
         JOIN pg_class t ON t.oid = c.conrelid
         JOIN pg_class r ON r.oid = c.confrelid
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
         WHERE c.contype = 'f' AND t.relnamespace = CAST(current_schema() AS regnamespace)",
    )
    .fetch_all(&mut *pg)
    .await?;
    let mut needs: BTreeMap<&str, BTreeSet<&str>> = names.iter().map(|n| (n.as_str(), BTreeSet::new())).collect();
    let mut self_refs = BTreeSet::new();
    for (table, referred, column) in &references {
        if table == referred {
            self_refs.insert((table.as_str(), column.as_str()));
        } else if let Some(set) = needs.get_mut(table.as_str()) {
            set.insert(referred.as_str());
        }
    }
    let mut ordered = Vec::new();
    while !needs.is_empty() {
        let ready: Vec<&str> = needs.iter().filter(|(_, n)| n.iter().all(|r| !needs.contains_key(r))).map(|(t, _)| *t).collect();
        if ready.is_empty() {
            let left: Vec<&str> = needs.keys().copied().collect();
            return Err(CopyError::Schema(format!("these tables refer to each other in a cycle: {}", left.join(", "))));
        }
        for table in ready {
            needs.remove(table);
            ordered.push(table.to_string());
        }
    }
    let mut tables = Vec::new();
    for name in ordered {
        check_identifier(&name)?;
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT), CAST(is_generated AS TEXT)
             FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1
             ORDER BY ordinal_position",
        )
        .bind(&name)
        .fetch_all(&mut *pg)
        .await?;
        let mut columns = Vec::new();
        // Generated columns are computed by PostgreSQL itself.
        for (column, data_type, _) in rows.into_iter().filter(|(_, _, generated)| generated != "ALWAYS") {
            check_identifier(&column)?;
            let kind =
                Kind::of(&data_type).ok_or_else(|| CopyError::Schema(format!("{name}.{column}: type {data_type} is not supported")))?;
            let self_ref = self_refs.contains(&(name.as_str(), column.as_str()));
            columns.push(Column { name: column, kind, self_ref });
        }
        if columns.iter().any(|c| c.self_ref) && !columns.iter().any(|c| c.name == "id") {
            return Err(CopyError::Schema(format!("{name} refers to itself but has no id column")));
        }
        tables.push(Table { name, columns });
    }
    Ok(tables)
}

/// Table and column names are put into SQL text: only plain lower-case names are accepted.
fn check_identifier(name: &str) -> Result<(), CopyError> {
    let plain = name.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain { Ok(()) } else { Err(CopyError::Schema(format!("unexpected name {name:?} in the schema"))) }
}

fn quoted(name: &str) -> String {
    format!("\"{name}\"")
}

async fn count_pg(pg: &mut sqlx::PgConnection, table: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM {}", quoted(table)))).fetch_one(pg).await
}

async fn count_lite(lite: &mut sqlx::SqliteConnection, table: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM {}", quoted(table)))).fetch_one(lite).await
}

async fn copy_table(lite: &mut sqlx::SqliteConnection, pg: &mut sqlx::PgConnection, table: &Table) -> Result<(), sqlx::Error> {
    let names: Vec<String> = table.columns.iter().map(|c| quoted(&c.name)).collect();
    let select = format!("SELECT {} FROM {}", names.join(", "), quoted(&table.name));
    let id_at = table.columns.iter().position(|c| c.name == "id");
    let mut later: Vec<(usize, Value, Value)> = Vec::new();
    let mut batch: Vec<Vec<Value>> = Vec::new();
    let mut rows = sqlx::query(AssertSqlSafe(select)).fetch(&mut *lite);
    while let Some(row) = rows.try_next().await? {
        let mut values = Vec::with_capacity(table.columns.len());
        for (i, column) in table.columns.iter().enumerate() {
            let value = read(&row, i, column.kind)?;
            if column.self_ref && !is_null(&value) {
                let id = read(&row, id_at.expect("checked in schema()"), Kind::I64)?;
                later.push((i, id, value));
                values.push(null_of(column.kind));
            } else {
                values.push(value);
            }
        }
        batch.push(values);
        if batch.len() == BATCH_ROWS {
            insert(pg, table, &names, std::mem::take(&mut batch)).await?;
        }
    }
    drop(rows);
    if !batch.is_empty() {
        insert(pg, table, &names, batch).await?;
    }
    for (i, id, value) in later {
        let sql = format!("UPDATE {} SET {} = $1 WHERE id = $2", quoted(&table.name), names[i]);
        let query = bind(sqlx::query(AssertSqlSafe(sql)), value);
        bind(query, id).execute(&mut *pg).await?;
    }
    Ok(())
}

async fn insert(pg: &mut sqlx::PgConnection, table: &Table, names: &[String], rows: Vec<Vec<Value>>) -> Result<(), sqlx::Error> {
    let width = names.len();
    let tuples: Vec<String> = (0..rows.len())
        .map(|r| format!("({})", (1..=width).map(|c| format!("${}", r * width + c)).collect::<Vec<_>>().join(", ")))
        .collect();
    let sql = format!("INSERT INTO {} ({}) VALUES {}", quoted(&table.name), names.join(", "), tuples.join(", "));
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for value in rows.into_iter().flatten() {
        query = bind(query, value);
    }
    query.execute(pg).await.map(|_| ())
}

type PgQuery<'q> = sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments>;

fn bind(query: PgQuery<'_>, value: Value) -> PgQuery<'_> {
    match value {
        Value::I64(v) => query.bind(v),
        Value::I32(v) => query.bind(v),
        Value::I16(v) => query.bind(v),
        Value::Bool(v) => query.bind(v),
        Value::Bytes(v) => query.bind(v),
        Value::Text(v) => query.bind(v),
        Value::F64(v) => query.bind(v),
        Value::F32(v) => query.bind(v),
    }
}

/// Reads column `i` as the target's type wants it; SQLite keeps flags as 0/1 integers.
fn read(row: &sqlx::sqlite::SqliteRow, i: usize, kind: Kind) -> Result<Value, sqlx::Error> {
    Ok(match kind {
        Kind::I64 => Value::I64(row.try_get(i)?),
        Kind::I32 => Value::I32(row.try_get::<Option<i64>, _>(i)?.map(|v| v as i32)),
        Kind::I16 => Value::I16(row.try_get::<Option<i64>, _>(i)?.map(|v| v as i16)),
        Kind::Bool => Value::Bool(row.try_get::<Option<i64>, _>(i)?.map(|v| v != 0)),
        Kind::Bytes => Value::Bytes(row.try_get(i)?),
        Kind::Text => Value::Text(row.try_get(i)?),
        Kind::F64 => Value::F64(row.try_get(i)?),
        Kind::F32 => Value::F32(row.try_get::<Option<f64>, _>(i)?.map(|v| v as f32)),
    })
}

fn null_of(kind: Kind) -> Value {
    match kind {
        Kind::I64 => Value::I64(None),
        Kind::I32 => Value::I32(None),
        Kind::I16 => Value::I16(None),
        Kind::Bool => Value::Bool(None),
        Kind::Bytes => Value::Bytes(None),
        Kind::Text => Value::Text(None),
        Kind::F64 => Value::F64(None),
        Kind::F32 => Value::F32(None),
    }
}

fn is_null(value: &Value) -> bool {
    match value {
        Value::I64(v) => v.is_none(),
        Value::I32(v) => v.is_none(),
        Value::I16(v) => v.is_none(),
        Value::Bool(v) => v.is_none(),
        Value::Bytes(v) => v.is_none(),
        Value::Text(v) => v.is_none(),
        Value::F64(v) => v.is_none(),
        Value::F32(v) => v.is_none(),
    }
}

/// Each identity (or serial) column's sequence continues after the largest id copied.
async fn reset_sequences(pg: &mut sqlx::PgConnection) -> Result<(), CopyError> {
    let columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'
           AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')",
    )
    .fetch_all(&mut *pg)
    .await?;
    for (table, column) in columns {
        check_identifier(&table)?;
        check_identifier(&column)?;
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{t}', '{column}'), MAX({c})) FROM {t} HAVING MAX({c}) IS NOT NULL",
            t = quoted(&table),
            c = quoted(&column),
        );
        sqlx::query(AssertSqlSafe(sql)).execute(&mut *pg).await?;
    }
    Ok(())
}
