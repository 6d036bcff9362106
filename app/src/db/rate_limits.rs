//! Rate limits shared by every instance on one PostgreSQL database (SQLite keeps them in
//! memory, see `auth::rate_limit`).

use super::Db;

/// Takes one attempt of `key`'s allowance at `now_ms` under the GCRA: each attempt moves the
/// key's theoretical arrival time `interval_ms` on, and an attempt is granted while that time
/// is at most `tolerance_ms` ahead of now. One statement decides and records, so parallel
/// attempts on any instance never pass the allowance. Returns the wait in milliseconds when refused.
pub async fn take(db: &Db, key: &str, now_ms: i64, interval_ms: i64, tolerance_ms: i64) -> Result<Option<i64>, sqlx::Error> {
    let (tat, granted): (i64, bool) = super::query_as(
        "INSERT INTO rate_limits (key, tat, granted) VALUES ($1, $2 + $3, TRUE)
         ON CONFLICT (key) DO UPDATE SET
             granted = GREATEST(rate_limits.tat, $2) - $2 <= $4,
             tat = CASE WHEN GREATEST(rate_limits.tat, $2) - $2 <= $4 THEN GREATEST(rate_limits.tat, $2) + $3 ELSE rate_limits.tat END
         RETURNING tat, granted",
    )
    .bind(key)
    .bind(now_ms)
    .bind(interval_ms)
    .bind(tolerance_ms)
    .fetch_one(db)
    .await?;
    Ok((!granted).then(|| tat - tolerance_ms - now_ms))
}

/// Forgets keys whose allowance has refilled completely.
pub async fn sweep(db: &Db, now_ms: i64) -> Result<u64, sqlx::Error> {
    super::query("DELETE FROM rate_limits WHERE tat < $1").bind(now_ms).execute(db).await.map(|r| r.rows_affected())
}
