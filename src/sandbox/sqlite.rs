//! What every dialect's SQLite file needs: the connection settings and the versioned
//! migrations (`PRAGMA user_version`); each dialect brings its own list.

use rusqlite::Connection;

use super::{SandboxConfig, SandboxError};

/// What a dialect's file is told apart by and filled with when it is new.
pub(crate) struct DialectFile<'a> {
    /// A table only this dialect makes: a file with a schema but not this table is another
    /// dialect's, and is refused rather than changed.
    pub marker_table: &'a str,
    /// The file counts as new (and is seeded) while this table is empty.
    pub users_table: &'a str,
    pub migrations: &'a [&'a str],
}

/// Opens `config.db_path` for a dialect: configured, refused when another dialect made it,
/// migrated, and seeded with `seed` when it holds no user yet.
pub(crate) fn open_dialect(
    config: &SandboxConfig,
    file: DialectFile,
    seed: impl FnOnce(&mut Connection) -> Result<(), SandboxError>,
) -> Result<Connection, SandboxError> {
    let path = config.db_path.clone();
    let db_error = |source| SandboxError::Database {
        path: path.clone(),
        source,
    };
    let mut conn = Connection::open(&config.db_path).map_err(db_error)?;
    configure(&conn).map_err(db_error)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(db_error)?;
    let ours: bool = conn
        .query_row(
            "SELECT COUNT(*) > 0 FROM sqlite_master WHERE name = ?1",
            [file.marker_table],
            |row| row.get(0),
        )
        .map_err(db_error)?;
    if version > 0 && !ours {
        return Err(SandboxError::OtherDialect { path });
    }
    run_migrations(&mut conn, file.migrations).map_err(db_error)?;
    let users: i64 = conn
        .query_row(
            &format!("SELECT COUNT(*) FROM {}", file.users_table),
            [],
            |row| row.get(0),
        )
        .map_err(db_error)?;
    if users == 0 {
        seed(&mut conn)?;
    }
    Ok(conn)
}

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
