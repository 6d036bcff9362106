//! The app's dependency order, checked: a module may use the modules at its own layer and
//! below, never one above. Domain modules stack `auth` ← `events` ← `rsvp` (← the open space,
//! the packing line and the conduct reports); what every module stands on lies below
//! them; the pages that compose several modules lie above them all.

use std::path::Path;

use anyhow::{Result, bail};

use crate::{step, workspace_root};

/// Each module of `app/src` and its layer: lower numbers are further down.
const LAYERS: &[(&str, u8)] = &[
    // What every module stands on.
    ("error", 0),
    ("i18n", 0),
    ("locale", 0),
    ("csv", 0),
    ("html", 0),
    ("cookies", 0),
    ("browser", 0),
    ("security", 0),
    ("live", 0),
    ("db", 0),
    ("mail", 0),
    ("ui", 0),
    ("state", 0),
    ("seal", 0),
    ("webhooks", 0),
    // The domain, bottom up.
    ("auth", 1),
    ("events", 2),
    ("rsvp", 3),
    // Each uses rsvp, events and auth, never one another.
    ("openspace", 4),
    ("packing", 4),
    ("conduct", 4),
    // A person's own data across the modules: it reads their tables through `db` only.
    ("privacy", 4),
    // Composition: the pages several modules fill, the frame, the route table, the demo data.
    ("pages", 9),
    ("layout", 9),
    ("app", 9),
    ("demo", 9),
    ("lib", 9),
];

/// Upward uses that are allowed, each for a reason.
const ALLOWED: &[(&str, &str, &str)] = &[
    // Rows decode into the model's enums at the database boundary (`sqlx::Type` on them).
    ("db", "auth::model", "typed rows"),
    ("db", "events::model", "typed rows"),
    ("db", "rsvp::model", "typed rows"),
    ("db", "openspace::model", "typed rows"),
    ("db", "packing::model", "typed rows"),
    ("db", "conduct::model", "typed rows"),
    // The app's state holds one runtime handle per module: it names them and calls none.
    ("state", "auth::rate_limit", "the limits' handle"),
    ("state", "events::page_cache", "the public pages' cache"),
    ("state", "packing::live", "the packing lines' live feeds"),
];

pub fn check() -> Result<()> {
    step("checking that app modules use only their own layer and those below (xtask/src/layers.rs)");
    let src = workspace_root().join("app/src");
    let mut files = Vec::new();
    crate::house::rust_files(&src, &mut files)?;
    let mut wrong = Vec::new();
    for file in files {
        let module = module_of(&src, &file);
        let Some(own) = layer(&module) else { bail!("{}: module `{module}` has no layer in xtask/src/layers.rs", file.display()) };
        let text = std::fs::read_to_string(&file)?;
        for (number, line) in text.lines().enumerate() {
            for used in uses(line) {
                let target = used.split("::").next().unwrap_or_default();
                let Some(theirs) = layer(target) else { continue };
                let allowed = ALLOWED.iter().any(|(from, to, _)| *from == module && used.starts_with(to));
                if theirs > own && !allowed {
                    wrong.push(format!("app/src/{}:{}: `{module}` uses `crate::{used}`, a layer above it", rel(&src, &file), number + 1));
                }
            }
        }
    }
    if !wrong.is_empty() {
        bail!("a lower module reaches up (let the higher one register a seam instead):\n  {}", wrong.join("\n  "));
    }
    Ok(())
}

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(name, _)| *name == module).map(|(_, layer)| *layer)
}

/// `app/src/rsvp/api.rs` → `rsvp`, `app/src/html.rs` → `html`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file);
    let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
    first.trim_end_matches(".rs").to_string()
}

fn rel(src: &Path, file: &Path) -> String {
    file.strip_prefix(src).unwrap_or(file).display().to_string()
}

/// The paths a line names under `crate::`, in code and in comments alike (a lower module's
/// docs naming a higher one are a dependency too), e.g. `rsvp::model::Status`; a grouped
/// `use crate::{auth::x, rsvp::y}` names each of its members.
fn uses(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            found.extend(group[..end].split(',').map(|m| path_at(m.trim())).filter(|p| !p.is_empty()));
        } else {
            found.push(path_at(rest));
        }
    }
    found
}

/// The `a::b::c` path at the start of `text`.
fn path_at(text: &str) -> String {
    text.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect::<String>().trim_end_matches(':').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_read_from_plain_and_grouped_uses() {
        assert_eq!(uses("use crate::rsvp::model::Status;"), ["rsvp::model::Status"]);
        assert_eq!(uses("use crate::{auth::roles, events::model::X};"), ["auth::roles", "events::model::X"]);
        assert_eq!(uses("let x = crate::db::now() + crate::html::markdown(y);"), ["db::now", "html::markdown"]);
    }
}
