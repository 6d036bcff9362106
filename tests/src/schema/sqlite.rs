//! Reading the schema back from SQLite: the pragmas give columns, keys and indexes; CHECK
//! constraints and column collations only appear in the `CREATE TABLE` text kept in
//! `sqlite_schema` (which `ALTER TABLE … ADD COLUMN` extends), so that text is parsed for them.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::SqlitePool;

use super::{Column, Dialect, Family, ForeignKey, Index, Schema, Table};

/// The schema of a SQLite database, as [`super::differences`] compares it.
pub async fn schema_of_sqlite(pool: &SqlitePool) -> Schema {
    let mut schema = Schema { dialect: Dialect::Sqlite, ..Schema::default() };
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
         AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .expect("reading sqlite_schema");

    for (name, sql) in tables {
        let parsed = parse_create_table(&sql);
        let cols: Vec<(String, String, i64, Option<String>, i64)> =
            sqlx::query_as("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($1) ORDER BY cid")
                .bind(&name)
                .fetch_all(pool)
                .await
                .expect("reading pragma_table_info");
        let mut table = Table::default();
        let mut pk: Vec<(i64, String)> = Vec::new();
        for (col, decl, not_null, default, pk_pos) in cols {
            let mut family = sqlite_family(&decl);
            if family == Family::Integer && parsed.zero_one.contains(&col.to_lowercase()) {
                family = Family::Bool;
            }
            if pk_pos > 0 {
                pk.push((pk_pos, col.clone()));
            }
            let collation = parsed.collations.get(&col.to_lowercase()).cloned().filter(|c| c != "binary");
            table.columns.push(Column {
                name: col,
                family,
                not_null: not_null != 0 || pk_pos > 0,
                has_default: default.is_some(),
                collation,
            });
        }
        pk.sort();
        table.primary_key = pk.into_iter().map(|(_, c)| c).collect();
        table.checks = parsed.checks;

        let fks: Vec<ForeignKeyRow> = sqlx::query_as(
            "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list($1) ORDER BY id, seq",
        )
        .bind(&name)
        .fetch_all(pool)
        .await
        .expect("reading pragma_foreign_key_list");
        let mut by_id: BTreeMap<i64, ForeignKey> = BTreeMap::new();
        let mut implicit: BTreeSet<i64> = BTreeSet::new();
        for (id, _seq, ref_table, from, to, on_update, on_delete) in fks {
            let fk = by_id.entry(id).or_insert_with(|| ForeignKey {
                columns: Vec::new(),
                ref_table: ref_table.clone(),
                ref_columns: Vec::new(),
                on_delete: on_delete.to_uppercase(),
                on_update: on_update.to_uppercase(),
            });
            fk.columns.push(from);
            match to {
                Some(to) => fk.ref_columns.push(to),
                None => {
                    implicit.insert(id);
                }
            }
        }
        for id in implicit {
            // `REFERENCES t` without columns: the referenced table's primary key.
            let fk = by_id.get_mut(&id).unwrap();
            let pk: Vec<(String,)> = sqlx::query_as("SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk")
                .bind(&fk.ref_table)
                .fetch_all(pool)
                .await
                .expect("reading the referenced primary key");
            fk.ref_columns = pk.into_iter().map(|(c,)| c).collect();
        }
        table.foreign_keys = by_id.into_values().collect();

        let indexes: Vec<(String, i64, String, i64)> =
            sqlx::query_as("SELECT name, \"unique\", origin, partial FROM pragma_index_list($1)")
                .bind(&name)
                .fetch_all(pool)
                .await
                .expect("reading pragma_index_list");
        for (index, unique, origin, partial) in indexes {
            let keys: Vec<(Option<String>, i64, Option<String>)> =
                sqlx::query_as("SELECT name, \"desc\", coll FROM pragma_index_xinfo($1) WHERE key = 1 ORDER BY seqno")
                    .bind(&index)
                    .fetch_all(pool)
                    .await
                    .expect("reading pragma_index_xinfo");
            match origin.as_str() {
                "pk" => {} // already read from pragma_table_info
                "u" => {
                    table.unique.insert(keys.into_iter().map(|(c, _, _)| c.unwrap_or_else(|| "<expr>".into())).collect());
                }
                _ => {
                    let columns = keys
                        .into_iter()
                        .map(|(c, desc, coll)| {
                            key_column(
                                c.unwrap_or_else(|| "<expr>".into()),
                                desc != 0,
                                coll.map(|c| c.to_lowercase()).filter(|c| c != "binary"),
                            )
                        })
                        .collect();
                    schema.indexes.insert(index, Index { table: name.clone(), columns, unique: unique != 0, partial: partial != 0 });
                }
            }
        }
        schema.tables.insert(name, table);
    }

    let triggers: Vec<(String, String)> =
        sqlx::query_as("SELECT name, tbl_name FROM sqlite_schema WHERE type = 'trigger'").fetch_all(pool).await.expect("reading triggers");
    schema.triggers = triggers.into_iter().collect();
    schema
}

fn key_column(name: String, desc: bool, collation: Option<String>) -> String {
    let mut s = name;
    if desc {
        s.push_str(" DESC");
    }
    if let Some(c) = collation {
        s.push_str(" COLLATE ");
        s.push_str(&c);
    }
    s
}

/// SQLite's type affinity (https://www.sqlite.org/datatype3.html#determination_of_column_affinity).
fn sqlite_family(declared: &str) -> Family {
    let t = declared.to_uppercase();
    if t.contains("INT") {
        Family::Integer
    } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
        Family::Text
    } else if t.contains("BLOB") || t.trim().is_empty() {
        Family::Blob
    } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
        Family::Real
    } else {
        Family::Numeric
    }
}

/// What the `CREATE TABLE` text tells beyond the pragmas.
#[derive(Debug, Default)]
struct Parsed {
    /// CHECK constraints, without the 0/1 ones.
    checks: usize,
    /// Lower-cased names of columns a `CHECK (col IN (0, 1))` limits to 0 and 1.
    zero_one: BTreeSet<String>,
    /// Lower-cased column name → lower-cased collation, where the column has a COLLATE clause.
    collations: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A word, number, operator or quoted identifier (unquoted).
    Word(String),
    /// A string literal; its text never matters here.
    Str,
    Open,
    Close,
    Comma,
}

impl Tok {
    fn is(&self, word: &str) -> bool {
        matches!(self, Tok::Word(w) if w.eq_ignore_ascii_case(word))
    }
}

/// Comments are dropped and string literals kept only as [`Tok::Str`], so that a `CHECK (` or
/// `COLLATE` inside a default or a comment is not taken for a clause.
fn tokenize(sql: &str) -> Vec<Tok> {
    let chars: Vec<char> = sql.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '-' && chars.get(i + 1) == Some(&'-') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
        } else if c == '\'' {
            i += 1;
            loop {
                if i >= chars.len() {
                    break;
                }
                if chars[i] == '\'' {
                    if chars.get(i + 1) == Some(&'\'') {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
            toks.push(Tok::Str);
        } else if c == '"' || c == '`' || c == '[' {
            let close = if c == '[' { ']' } else { c };
            let mut w = String::new();
            i += 1;
            while i < chars.len() {
                if chars[i] == close {
                    if close != ']' && chars.get(i + 1) == Some(&close) {
                        w.push(close);
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                w.push(chars[i]);
                i += 1;
            }
            toks.push(Tok::Word(w));
        } else if c == '(' {
            toks.push(Tok::Open);
            i += 1;
        } else if c == ')' {
            toks.push(Tok::Close);
            i += 1;
        } else if c == ',' {
            toks.push(Tok::Comma);
            i += 1;
        } else if c.is_alphanumeric() || c == '_' || c == '$' || c == '.' {
            let mut w = String::new();
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$' || chars[i] == '.') {
                w.push(chars[i]);
                i += 1;
            }
            toks.push(Tok::Word(w));
        } else {
            toks.push(Tok::Word(c.to_string()));
            i += 1;
        }
    }
    toks
}

fn parse_create_table(sql: &str) -> Parsed {
    let toks = tokenize(sql);
    let mut parsed = Parsed::default();
    let Some(start) = toks.iter().position(|t| *t == Tok::Open) else {
        return parsed;
    };
    // The definitions: split the body at top-level commas.
    let mut defs: Vec<Vec<Tok>> = vec![Vec::new()];
    let mut depth = 0usize;
    for t in &toks[start + 1..] {
        match t {
            Tok::Open => depth += 1,
            Tok::Close if depth == 0 => break,
            Tok::Close => depth -= 1,
            Tok::Comma if depth == 0 => {
                defs.push(Vec::new());
                continue;
            }
            _ => {}
        }
        defs.last_mut().unwrap().push(t.clone());
    }
    for def in defs {
        let Some(first) = def.first() else { continue };
        let is_constraint = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"].iter().any(|w| first.is(w));
        let column = match (is_constraint, first) {
            (false, Tok::Word(w)) => Some(w.to_lowercase()),
            _ => None,
        };
        let mut depth = 0usize;
        let mut i = 0;
        while i < def.len() {
            match &def[i] {
                Tok::Open => depth += 1,
                Tok::Close => depth = depth.saturating_sub(1),
                t if depth == 0 && t.is("CHECK") && def.get(i + 1) == Some(&Tok::Open) => {
                    // The body: up to the matching parenthesis.
                    let mut d = 0usize;
                    let mut j = i + 1;
                    let mut body = Vec::new();
                    while j < def.len() {
                        match def[j] {
                            Tok::Open => d += 1,
                            Tok::Close => d -= 1,
                            _ => {}
                        }
                        if d == 0 {
                            break;
                        }
                        if j > i + 1 {
                            body.push(def[j].clone());
                        }
                        j += 1;
                    }
                    match zero_one_column(&body) {
                        Some(c) => {
                            parsed.zero_one.insert(c);
                        }
                        None => parsed.checks += 1,
                    }
                    i = j;
                }
                t if depth == 0 && t.is("COLLATE") => {
                    if let (Some(c), Some(Tok::Word(coll))) = (&column, def.get(i + 1)) {
                        parsed.collations.insert(c.clone(), coll.to_lowercase());
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
    parsed
}

/// `col IN (0, 1)` (or `(1, 0)`): the column.
fn zero_one_column(body: &[Tok]) -> Option<String> {
    match body {
        [Tok::Word(col), inw, Tok::Open, Tok::Word(a), Tok::Comma, Tok::Word(b), Tok::Close]
            if inw.is("IN") && ((a == "0" && b == "1") || (a == "1" && b == "0")) =>
        {
            Some(col.to_lowercase())
        }
        _ => None,
    }
}

/// A row of `pragma_foreign_key_list`: id, seq, table, from, to, on update, on delete.
type ForeignKeyRow = (i64, i64, String, String, Option<String>, String, String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_checks_and_collations() {
        let p = parse_create_table(
            "CREATE TABLE t (
                a INTEGER NOT NULL CHECK (a IN (0, 1)), -- a comment with CHECK (x) in it
                b TEXT NOT NULL COLLATE NOCASE DEFAULT 'CHECK (' CHECK (b <> ''),
                c INTEGER CHECK (c IS NULL OR c >= 0),
                CONSTRAINT two CHECK (c < 10), UNIQUE (a, b)
            , d INTEGER NOT NULL DEFAULT 0 CHECK (d IN (1,0)))",
        );
        assert_eq!(p.checks, 3);
        assert_eq!(p.zero_one, ["a", "d"].into_iter().map(String::from).collect());
        assert_eq!(p.collations.get("b").map(String::as_str), Some("nocase"));
    }
}
