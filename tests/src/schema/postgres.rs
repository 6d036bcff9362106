//! Reading the schema back from PostgreSQL's catalogs, for the tables of the connection's
//! current schema.

use std::collections::BTreeSet;

use sqlx::PgPool;

use super::{Column, Dialect, Family, ForeignKey, Index, Schema, Table};

/// The schema of a PostgreSQL database: the tables of its current schema (`current_schema()`).
pub async fn schema_of_postgres(pool: &PgPool) -> Schema {
    let mut schema = Schema { dialect: Dialect::Postgres, ..Schema::default() };
    let tables: Vec<(i64, String)> = sqlx::query_as(
        "SELECT c.oid::int8, c.relname::text FROM pg_class c
         WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
           AND c.relname <> '_sqlx_migrations'
         ORDER BY c.relname",
    )
    .fetch_all(pool)
    .await
    .expect("reading pg_class");

    for (oid, name) in tables {
        let mut table = Table::default();

        // CHECK constraints; the 0/1 ones make their column `bool`.
        let checks: Vec<(String, Vec<String>)> = sqlx::query_as(
            "SELECT pg_get_constraintdef(con.oid),
                    ARRAY(SELECT a.attname::text FROM unnest(con.conkey) k(n)
                          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n)
             FROM pg_constraint con WHERE con.conrelid = $1::int8::oid AND con.contype = 'c'",
        )
        .bind(oid)
        .fetch_all(pool)
        .await
        .expect("reading CHECK constraints");
        let mut zero_one = BTreeSet::new();
        for (def, cols) in checks {
            match pg_zero_one_column(&def, &cols) {
                Some(c) => {
                    zero_one.insert(c);
                }
                None => table.checks += 1,
            }
        }

        let cols: Vec<(String, String, bool, bool, Option<String>)> = sqlx::query_as(
            "SELECT a.attname::text, t.typname::text, a.attnotnull, a.atthasdef,
                    CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                         THEN (SELECT co.collname::text FROM pg_collation co WHERE co.oid = a.attcollation) END
             FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
             WHERE a.attrelid = $1::int8::oid AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum",
        )
        .bind(oid)
        .fetch_all(pool)
        .await
        .expect("reading pg_attribute");
        for (col, typname, not_null, has_default, collation) in cols {
            let mut family = pg_family(&typname);
            if family == Family::Integer && zero_one.contains(&col) {
                family = Family::Bool;
            }
            let collation = collation.map(|c| c.to_lowercase()).filter(|c| c != "default");
            table.columns.push(Column { name: col, family, not_null, has_default, collation });
        }

        let constraints: Vec<ConstraintRow> = sqlx::query_as(
            "SELECT con.contype::text,
                    ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, o)
                          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.o),
                    (SELECT r.relname::text FROM pg_class r WHERE r.oid = con.confrelid),
                    ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, o)
                          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o),
                    con.confdeltype::text, con.confupdtype::text
             FROM pg_constraint con WHERE con.conrelid = $1::int8::oid AND con.contype IN ('p', 'u', 'f')",
        )
        .bind(oid)
        .fetch_all(pool)
        .await
        .expect("reading pg_constraint");
        for (kind, columns, ref_table, ref_columns, on_delete, on_update) in constraints {
            match kind.as_str() {
                "p" => table.primary_key = columns,
                "u" => {
                    table.unique.insert(columns);
                }
                _ => {
                    table.foreign_keys.insert(ForeignKey {
                        columns,
                        ref_table: ref_table.unwrap_or_default(),
                        ref_columns,
                        on_delete: pg_action(&on_delete),
                        on_update: pg_action(&on_update),
                    });
                }
            }
        }
        schema.tables.insert(name, table);
    }

    let indexes: Vec<(String, String, bool, bool, Vec<String>)> = sqlx::query_as(
        "SELECT i.relname::text, t.relname::text, ix.indisunique, ix.indpred IS NOT NULL,
                ARRAY(SELECT CASE WHEN ix.indkey[k - 1] = 0 THEN '<expr>' ELSE (SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k - 1]) END
                             || CASE WHEN ix.indoption[k - 1] & 1 = 1 THEN ' DESC' ELSE '' END
                             || COALESCE((SELECT ' COLLATE ' || lower(co.collname::text) FROM pg_collation co
                                          WHERE co.oid = ix.indcollation[k - 1] AND co.collname NOT IN ('default', 'C', 'POSIX')), '')
                      FROM generate_series(1, ix.indnkeyatts) k ORDER BY k)
         FROM pg_index ix
         JOIN pg_class i ON i.oid = ix.indexrelid
         JOIN pg_class t ON t.oid = ix.indrelid
         WHERE t.relnamespace = current_schema()::regnamespace AND t.relname <> '_sqlx_migrations'
           AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                           WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid AND con.contype IN ('p', 'u', 'x'))",
    )
    .fetch_all(pool)
    .await
    .expect("reading pg_index");
    for (name, table, unique, partial, columns) in indexes {
        schema.indexes.insert(name, Index { table, columns, unique, partial });
    }

    let triggers: Vec<(String, String)> = sqlx::query_as(
        "SELECT tg.tgname::text, c.relname::text FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
         WHERE NOT tg.tgisinternal AND c.relnamespace = current_schema()::regnamespace",
    )
    .fetch_all(pool)
    .await
    .expect("reading pg_trigger");
    schema.triggers = triggers.into_iter().collect();
    schema
}

fn pg_family(typname: &str) -> Family {
    match typname {
        "int2" | "int4" | "int8" => Family::Integer,
        "bool" => Family::Bool,
        "text" | "varchar" | "bpchar" | "name" | "citext" => Family::Text,
        "float4" | "float8" => Family::Real,
        "bytea" => Family::Blob,
        "numeric" => Family::Numeric,
        other => Family::Other(other.to_string()),
    }
}

fn pg_action(code: &str) -> String {
    match code {
        "a" => "NO ACTION",
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        other => other,
    }
    .to_string()
}

/// `CHECK ((col = ANY (ARRAY[0, 1])))`, with or without casts: the column.
fn pg_zero_one_column(def: &str, cols: &[String]) -> Option<String> {
    let [col] = cols else { return None };
    let squeezed: String = def
        .replace("::bigint", "")
        .replace("::integer", "")
        .replace("::smallint", "")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '(' && *c != ')' && *c != '"')
        .collect::<String>()
        .to_lowercase();
    let col_l = col.to_lowercase();
    let forms = [
        format!("check{col_l}=anyarray[0,1]"),
        format!("check{col_l}=anyarray[1,0]"),
        format!("check{col_l}=0or{col_l}=1"),
        format!("check{col_l}=1or{col_l}=0"),
    ];
    forms.contains(&squeezed).then(|| col.clone())
}

/// A constraint from `pg_constraint`: kind, columns, referenced table and columns, ON DELETE, ON UPDATE.
type ConstraintRow = (String, Vec<String>, Option<String>, Vec<String>, String, String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pg_zero_one() {
        let cols = vec!["x".to_string()];
        assert_eq!(pg_zero_one_column("CHECK ((x = ANY (ARRAY[(0)::bigint, (1)::bigint])))", &cols).as_deref(), Some("x"));
        assert_eq!(pg_zero_one_column("CHECK ((x = ANY (ARRAY[1, 0])))", &cols).as_deref(), Some("x"));
        assert_eq!(pg_zero_one_column("CHECK ((x = ANY (ARRAY[0, 1, 2])))", &cols), None);
    }
}
