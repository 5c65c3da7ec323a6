//! `tenantdeck export <kind> -f FILE`: `get` into a file, for every organization when none is
//! named, with a progress bar on standard error (`indicatif`, drawn only on a terminal). The
//! file is written beside its place and put there only once it is whole, so a failed export
//! leaves what was there before.

use std::io::BufWriter;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use super::Failure;
use super::get::{GetRequest, get};
use super::output::Format;
use crate::api::Provider;

/// The format a file's extension names (csv when it names none).
pub fn format_of(path: &Path) -> Format {
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => Format::Json,
        Some("jsonl" | "ndjson") => Format::Jsonl,
        Some("yaml" | "yml") => Format::Yaml,
        _ => Format::Csv,
    }
}

/// Writes the rows to `target`; answers how many, and says on standard error where they went.
pub async fn export<P: Provider>(
    provider: &P,
    provider_name: &str,
    request: &GetRequest,
    target: &Path,
) -> Result<usize, Failure> {
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let staging = tempfile::NamedTempFile::new_in(folder).map_err(Failure::Output)?;
    let out = BufWriter::new(staging.reopen().map_err(Failure::Output)?);
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("{spinner} {msg} {bar:30} {pos}/{len} reads ({eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(format!("exporting {}", request.kind.word()));
    let progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let rows = get(provider, provider_name, request, out, &progress).await;
    bar.finish_and_clear();
    let rows = rows?;
    staging
        .persist(target)
        .map_err(|e| Failure::Output(e.error))?;
    eprintln!("tenantdeck: wrote {rows} rows to {}", target.display());
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_names_the_format() {
        assert_eq!(format_of(Path::new("a/users.json")), Format::Json);
        assert_eq!(format_of(Path::new("users.ndjson")), Format::Jsonl);
        assert_eq!(format_of(Path::new("users.yml")), Format::Yaml);
        assert_eq!(format_of(Path::new("users")), Format::Csv);
    }
}
