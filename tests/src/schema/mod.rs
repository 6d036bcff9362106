//! The schema the migrations leave behind, read back from SQLite or PostgreSQL into one
//! comparable description, and the differences between two of them as readable lines. The two
//! migration folders are written by hand and kept in step; this is what tells when they drift.
//!
//! Compared: tables; their columns in order (name, type family, NOT NULL, whether a default
//! exists, a non-default collation); primary keys; UNIQUE constraints; foreign keys with their
//! ON DELETE and ON UPDATE; the number of CHECK constraints per table (their texts differ between
//! the dialects, so only the count can be compared); indexes other than those behind a primary key
//! or UNIQUE constraint (key columns with DESC and collation, unique, partial); and triggers with
//! their tables. sqlx's `_sqlx_migrations` and SQLite's internal tables are left out.
//!
//! What makes the same schema in both dialects compare equal:
//! - Type families follow SQLite's affinity rules; PostgreSQL's types map onto them (int2/4/8
//!   integer, text/varchar text, float4/8 real, bytea blob, numeric numeric).
//! - Flags. SQLite has no boolean type: a flag is an INTEGER, often with `CHECK (col IN (0, 1))`.
//!   A column limited to 0/1 that way is `bool` on either side, and that CHECK is not counted, as
//!   PostgreSQL's BOOLEAN needs none. A SQLite `integer` may still match a PostgreSQL `bool`
//!   (a flag without the CHECK, like `users.is_admin`); any other pair of families must be equal,
//!   so a checked flag must be BOOLEAN on PostgreSQL, and a PostgreSQL integer never passes for one.
//! - Primary-key columns count as NOT NULL on SQLite too: `INTEGER PRIMARY KEY` is the rowid and
//!   never NULL, and PostgreSQL forces NOT NULL on every primary-key column.
//! - An identity column has no default, like SQLite's `INTEGER PRIMARY KEY`, whose numbering is
//!   not a default either.
//! - Collations: none for the dialect's default, others by their lower-cased name (`nocase`).

mod postgres;
mod sqlite;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

pub use postgres::schema_of_postgres;
pub use sqlite::schema_of_sqlite;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    #[default]
    Sqlite,
    Postgres,
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Schema {
    /// Where it was read from: SQLite's integers may stand for flags, PostgreSQL's may not.
    pub dialect: Dialect,
    pub tables: BTreeMap<String, Table>,
    pub indexes: BTreeMap<String, Index>,
    /// Trigger name → its table.
    pub triggers: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// In the table's order, which `SELECT *` and positional INSERTs depend on.
    pub columns: Vec<Column>,
    /// Empty: none.
    pub primary_key: Vec<String>,
    /// Each UNIQUE constraint's columns, in its order.
    pub unique: BTreeSet<Vec<String>>,
    pub foreign_keys: BTreeSet<ForeignKey>,
    /// CHECK constraints other than the 0/1 ones that make a column `bool`.
    pub checks: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub family: Family,
    pub not_null: bool,
    pub has_default: bool,
    /// None: the default collation.
    pub collation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    Integer,
    Bool,
    Text,
    Real,
    Blob,
    Numeric,
    Other(String),
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Family::Integer => f.write_str("integer"),
            Family::Bool => f.write_str("bool"),
            Family::Text => f.write_str("text"),
            Family::Real => f.write_str("real"),
            Family::Blob => f.write_str("blob"),
            Family::Numeric => f.write_str("numeric"),
            Family::Other(t) => write!(f, "other({t})"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    /// "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT" or "NO ACTION".
    pub on_delete: String,
    pub on_update: String,
}

impl fmt::Display for ForeignKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {} ON UPDATE {}",
            self.columns.join(", "),
            self.ref_table,
            self.ref_columns.join(", "),
            self.on_delete,
            self.on_update
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    pub table: String,
    /// Key columns: the column name (or `<expr>`), then ` DESC` and ` COLLATE name` where they apply.
    pub columns: Vec<String>,
    pub unique: bool,
    /// Has a WHERE clause; the predicates' texts differ between the dialects.
    pub partial: bool,
}

impl fmt::Display for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}INDEX ON {} ({}){}",
            if self.unique { "UNIQUE " } else { "" },
            self.table,
            self.columns.join(", "),
            if self.partial { " WHERE …" } else { "" }
        )
    }
}

/// Every way `b` differs from `a`, one readable line each; empty when they describe the same
/// schema (see the module's documentation for what counts as the same).
pub fn differences(a: &Schema, b: &Schema) -> Vec<String> {
    let (da, db) = (a.dialect, b.dialect);
    let mut out = Vec::new();

    for name in a.tables.keys().chain(b.tables.keys()).collect::<BTreeSet<_>>() {
        let (ta, tb) = match (a.tables.get(name), b.tables.get(name)) {
            (Some(ta), Some(tb)) => (ta, tb),
            (Some(_), None) => {
                out.push(format!("table {name}: only in {da}"));
                continue;
            }
            (None, _) => {
                out.push(format!("table {name}: only in {db}"));
                continue;
            }
        };
        table_differences(name, (ta, da), (tb, db), &mut out);
    }

    for name in a.indexes.keys().chain(b.indexes.keys()).collect::<BTreeSet<_>>() {
        match (a.indexes.get(name), b.indexes.get(name)) {
            (Some(ia), Some(ib)) if ia == ib => {}
            (Some(ia), Some(ib)) => out.push(format!("index {name}: {ia} in {da}, {ib} in {db}")),
            (Some(ia), None) => out.push(format!("index {name}: only in {da} ({ia})")),
            (None, Some(ib)) => out.push(format!("index {name}: only in {db} ({ib})")),
            (None, None) => unreachable!("the name came from one of them"),
        }
    }

    for name in a.triggers.keys().chain(b.triggers.keys()).collect::<BTreeSet<_>>() {
        match (a.triggers.get(name), b.triggers.get(name)) {
            (Some(x), Some(y)) if x == y => {}
            (Some(x), Some(y)) => out.push(format!("trigger {name}: on {x} in {da}, on {y} in {db}")),
            (Some(x), None) => out.push(format!("trigger {name} (on {x}): only in {da}")),
            (None, Some(y)) => out.push(format!("trigger {name} (on {y}): only in {db}")),
            (None, None) => unreachable!("the name came from one of them"),
        }
    }
    out
}

fn table_differences(name: &str, (ta, da): (&Table, Dialect), (tb, db): (&Table, Dialect), out: &mut Vec<String>) {
    for ca in &ta.columns {
        let Some(cb) = tb.columns.iter().find(|c| c.name == ca.name) else {
            out.push(format!("column {name}.{}: only in {da}", ca.name));
            continue;
        };
        let col = format!("column {name}.{}", ca.name);
        if !families_match(&ca.family, da, &cb.family, db) {
            out.push(format!("{col}: type {} in {da}, {} in {db}", ca.family, cb.family));
        }
        if ca.not_null != cb.not_null {
            out.push(format!("{col}: {} in {da}, {} in {db}", null_word(ca.not_null), null_word(cb.not_null)));
        }
        if ca.has_default != cb.has_default {
            out.push(format!("{col}: {} in {da}, {} in {db}", default_word(ca.has_default), default_word(cb.has_default)));
        }
        if ca.collation != cb.collation {
            out.push(format!("{col}: collation {} in {da}, {} in {db}", coll_word(&ca.collation), coll_word(&cb.collation)));
        }
    }
    for cb in &tb.columns {
        if !ta.columns.iter().any(|c| c.name == cb.name) {
            out.push(format!("column {name}.{}: only in {db}", cb.name));
        }
    }
    // The order of the columns both have; missing ones are reported above.
    let names_a: Vec<&str> = ta.columns.iter().map(|c| c.name.as_str()).collect();
    let names_b: Vec<&str> = tb.columns.iter().map(|c| c.name.as_str()).collect();
    let common_a: Vec<&str> = names_a.iter().copied().filter(|n| names_b.contains(n)).collect();
    let common_b: Vec<&str> = names_b.iter().copied().filter(|n| names_a.contains(n)).collect();
    if common_a != common_b {
        out.push(format!("table {name}: column order ({}) in {da}, ({}) in {db}", common_a.join(", "), common_b.join(", ")));
    }

    if ta.primary_key != tb.primary_key {
        out.push(format!("table {name}: primary key ({}) in {da}, ({}) in {db}", ta.primary_key.join(", "), tb.primary_key.join(", ")));
    }
    for u in ta.unique.difference(&tb.unique) {
        out.push(format!("table {name}: UNIQUE ({}) only in {da}", u.join(", ")));
    }
    for u in tb.unique.difference(&ta.unique) {
        out.push(format!("table {name}: UNIQUE ({}) only in {db}", u.join(", ")));
    }
    for fk in ta.foreign_keys.difference(&tb.foreign_keys) {
        out.push(format!("table {name}: {fk} only in {da}"));
    }
    for fk in tb.foreign_keys.difference(&ta.foreign_keys) {
        out.push(format!("table {name}: {fk} only in {db}"));
    }
    if ta.checks != tb.checks {
        out.push(format!("table {name}: {} CHECK constraints in {da}, {} in {db}", ta.checks, tb.checks));
    }
}

/// Equal families match; so does a SQLite `integer` with a `bool`, as SQLite has no boolean type.
fn families_match(fa: &Family, da: Dialect, fb: &Family, db: Dialect) -> bool {
    fa == fb
        || (*fa == Family::Integer && da == Dialect::Sqlite && *fb == Family::Bool)
        || (*fb == Family::Integer && db == Dialect::Sqlite && *fa == Family::Bool)
}

fn null_word(not_null: bool) -> &'static str {
    if not_null { "NOT NULL" } else { "nullable" }
}

fn default_word(has: bool) -> &'static str {
    if has { "has a default" } else { "no default" }
}

fn coll_word(c: &Option<String>) -> &str {
    c.as_deref().unwrap_or("default")
}
