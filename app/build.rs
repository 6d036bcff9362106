//! Fingerprints the app's sources, so that a page and the browser bundle it loads can tell
//! whether they come from the same build (`BUILD_ID`). Both are compiled from these files:
//! the server natively, the bundle to wasm; a bundle left over from older sources has
//! another fingerprint and refuses to hydrate the page, loudly.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.toml");
    // `sqlx::migrate!` embeds the migrations: a new one must rebuild the app.
    println!("cargo:rerun-if-changed=../migrations");
    let mut files = Vec::new();
    collect(Path::new("src"), &mut files);
    files.push(PathBuf::from("Cargo.toml"));
    files.sort();
    let mut hasher = DefaultHasher::new();
    for file in files {
        file.hash(&mut hasher);
        std::fs::read(&file).expect("app source readable").hash(&mut hasher);
    }
    println!("cargo:rustc-env=FESTPLAN_BUILD_ID={:016x}", hasher.finish());
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("app/src readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
