//! Fingerprints the app's sources, so that a page and the browser bundle it loads can tell
//! whether they come from the same build (`BUILD_ID`). Both are compiled from these files:
//! the server natively, the bundle to wasm; a bundle left over from older sources has
//! another fingerprint and refuses to hydrate the page, loudly.
//!
//! It also turns `locales/{en,de}/*.json` into the `i18n` module (leptos_i18n), after checking that
//! English and German have the same keys: a word missing in one language fails the build.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.toml");
    // `sqlx::migrate!` embeds the migrations: a new one must rebuild the app.
    println!("cargo:rerun-if-changed=../migrations");
    println!("cargo:rerun-if-changed=locales");
    translations();
    let mut files = Vec::new();
    collect(Path::new("src"), &mut files);
    collect(Path::new("locales"), &mut files);
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

fn translations() {
    // One file per namespace and language, `locales/{en,de}/<namespace>.json`: each page's
    // words apart, and both languages hold the same namespaces and keys.
    let namespaces = |locale: &str| {
        let mut names: Vec<String> = std::fs::read_dir(format!("locales/{locale}"))
            .expect("locale directory readable")
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.strip_suffix(".json").map(str::to_owned))
            .collect();
        names.sort();
        names
    };
    let names = namespaces("en");
    assert_eq!(names, namespaces("de"), "locales/en and locales/de must hold the same namespace files");
    let keys = |locale: &str| {
        let mut keys = Vec::new();
        for name in &names {
            let path = format!("locales/{locale}/{name}.json");
            let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).expect("locale file readable"))
                .unwrap_or_else(|e| panic!("{path} is not JSON: {e}"));
            key_paths(&json, name.clone(), &mut keys);
        }
        keys
    };
    let (en, de) = (keys("en"), keys("de"));
    let only = |a: &[String], b: &[String]| a.iter().filter(|k| !b.contains(k)).cloned().collect::<Vec<_>>();
    let (missing_de, missing_en) = (only(&en, &de), only(&de, &en));
    assert!(
        missing_de.is_empty() && missing_en.is_empty(),
        "translations out of step: missing in German {missing_de:?}, missing in English {missing_en:?}"
    );
    let config = leptos_i18n_build::Config::new("en")
        .and_then(|c| c.add_locale("de"))
        .and_then(|c| c.add_namespaces(&names))
        .expect("locale configuration");
    let options = leptos_i18n_build::ParseOptions::default().interpolate_display(true);
    let infos = leptos_i18n_build::TranslationsInfos::parse(config.parse_options(options)).expect("translations parse");
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR set by cargo")).join("i18n");
    infos.generate_i18n_module(out).expect("i18n module written");
}

/// Every leaf's dotted path, "rsvp.status.going" for `{"rsvp": {"status": {"going": …}}}`.
fn key_paths(value: &serde_json::Value, prefix: String, keys: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                key_paths(inner, path, keys);
            }
        }
        _ => keys.push(prefix),
    }
}
