//! `festplan migrate-to --database-url postgres://…`: moves an instance from its SQLite file
//! to PostgreSQL. The copy itself (and its SQL) is `app::db::copy`.

use anyhow::{Context as _, bail};
use app::db::Db;
use app::db::copy::TableCount;

use crate::Config;

/// Copies the configured SQLite database into the empty PostgreSQL database at `target_url`
/// (its migrations run first) and returns every table's row counts, equal on both sides.
pub async fn migrate_to(config: &Config, target_url: &str) -> anyhow::Result<Vec<TableCount>> {
    let source_url = config.database_url();
    if app::db::is_postgres(&source_url) {
        bail!("the configured database is PostgreSQL already; migrate-to copies from the SQLite file");
    }
    if !app::db::is_postgres(target_url) {
        bail!("--database-url must name a PostgreSQL database (postgres://…)");
    }
    // Opening a missing file would create an empty database and copy nothing.
    let path = source_url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if !std::path::Path::new(path).exists() {
        bail!("no SQLite database at {path}: set database_url or data_dir to the instance's");
    }
    let source = Db::connect(&source_url).await.context("opening the SQLite database")?;
    let target = Db::connect(target_url).await.context("connecting to PostgreSQL and running its migrations")?;
    let copied = app::db::copy::sqlite_to_postgres(&source, &target).await;
    source.close().await;
    target.close().await;
    Ok(copied?)
}

/// The counts as a table for the terminal.
pub fn report(counts: &[TableCount]) -> String {
    let width = counts.iter().map(|c| c.table.len()).max().unwrap_or(0).max("table".len());
    let mut out = format!("{:<width$}  {:>10}  {:>10}\n", "table", "sqlite", "postgres");
    for c in counts {
        out.push_str(&format!("{:<width$}  {:>10}  {:>10}\n", c.table, c.source, c.target));
    }
    let rows: i64 = counts.iter().map(|c| c.target).sum();
    out.push_str(&format!("{} tables, {rows} rows copied; every count matches.\n", counts.len()));
    out
}
