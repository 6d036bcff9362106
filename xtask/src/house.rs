//! Checks of the code's shape that no compiler makes: every Rust file stays readable in one
//! sitting (at most 500 lines).

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::{step, workspace_root};

/// The longest a Rust source file may be.
const MAX_LINES: usize = 500;

pub fn check() -> Result<()> {
    step(&format!("checking that no Rust file is over {MAX_LINES} lines"));
    let root = workspace_root();
    let mut files = Vec::new();
    for dir in ["app", "server", "tests", "xtask"] {
        rust_files(&root.join(dir), &mut files)?;
    }
    let mut long: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let lines = std::fs::read_to_string(path).ok()?.lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", path.strip_prefix(&root).unwrap_or(path).display()))
        })
        .collect();
    long.sort();
    if !long.is_empty() {
        bail!("split these files, each is over {MAX_LINES} lines:\n  {}", long.join("\n  "));
    }
    Ok(())
}

pub fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if path.is_dir() {
            if name != "node_modules" && name != "target" && !name.starts_with('.') {
                rust_files(&path, out)?;
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
    Ok(())
}
