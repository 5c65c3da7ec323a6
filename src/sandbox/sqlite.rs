//! What every dialect's SQLite file needs: the connection settings and the versioned
//! migrations (`PRAGMA user_version`); each dialect brings its own list.

use rusqlite::Connection;

/// Connection settings every open needs (foreign keys are off by default in SQLite).
pub(crate) fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
    )
}

/// Applies the entries of `migrations` the database has not seen yet (any dialect's list).
pub(crate) fn run_migrations(conn: &mut Connection, migrations: &[&str]) -> rusqlite::Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    for (index, sql) in migrations.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
