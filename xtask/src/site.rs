//! Builds `target/site`: `pkg/festplan.js` and `pkg/festplan_bg.wasm` (the guests' islands),
//! `pkg/festplan_staff.js` and `pkg/festplan_staff_bg.wasm` (with the staff's), `pkg/festplan_openspace*`
//! `pkg/festplan_line*` and `pkg/festplan_station*` (the open space's, the packing line's and a station
//! screen's islands), `pkg/scanner.js` and
//! `pkg/scanner_bg.wasm` (the QR reader the check-in page fetches on demand), `pkg/festplan.css` and
//! the files of `public/`.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

use crate::{cargo, run_command, setup, step, workspace_root};

const NAME: &str = "festplan";

pub fn build(release: bool) -> Result<()> {
    let root = workspace_root();
    let site = root.join("target/site");
    let pkg = site.join("pkg");
    fs::create_dir_all(&pkg)?;

    // Bundles of the same sources: guests' pages load the first, staff pages (the door,
    // the organizer's lists) the second, which adds their islands.
    let app = wasm_module(&pkg, "festplan-app", "app", NAME, &["--features", "hydrate"], release)?;
    let staff = wasm_module(&pkg, "festplan-app", "app", &format!("{NAME}_staff"), &["--features", "staff"], release)?;
    // The open space's, the packing line's and a station screen's islands, each for its own pages.
    let openspace = wasm_module(&pkg, "festplan-app", "app", &format!("{NAME}_openspace"), &["--features", "openspace"], release)?;
    let line = wasm_module(&pkg, "festplan-app", "app", &format!("{NAME}_line"), &["--features", "line"], release)?;
    let station = wasm_module(&pkg, "festplan-app", "app", &format!("{NAME}_station"), &["--features", "station"], release)?;
    // The QR reader the check-in page fetches when staff open the camera.
    wasm_module(&pkg, "festplan-scanner", "scanner", "scanner", &[], release)?;

    step("collecting styles and static files");
    fs::write(pkg.join(format!("{NAME}.css")), stylesheet(&root.join("style"))?)?;
    copy_dir(&root.join("public"), &site)?;
    // Which build this is: the weight budget holds for the release bundle only.
    fs::write(pkg.join("profile"), if release { "release\n" } else { "dev\n" })?;
    for bundle in [app, staff, openspace, line, station] {
        eprintln!("    {}: {} KiB", bundle.display(), fs::metadata(&bundle)?.len() / 1024);
    }
    Ok(())
}

/// Compiles `package` (library `lib`) to wasm and writes `pkg/<name>.js` and `pkg/<name>_bg.wasm`,
/// optimised for size in release builds; returns the path of the wasm file.
fn wasm_module(pkg: &Path, package: &str, lib: &str, name: &str, extra: &[&str], release: bool) -> Result<std::path::PathBuf> {
    let root = workspace_root();
    let profile = if release { "wasm-release" } else { "dev" };
    step(&format!("building {name}_bg.wasm ({package}, profile {profile})"));
    let mut args =
        vec!["rustc", "-p", package, "--lib", "--crate-type", "cdylib", "--target", "wasm32-unknown-unknown", "--profile", profile];
    args.extend_from_slice(extra);
    cargo(&args, false)?;
    let dir = if release { "wasm-release" } else { "debug" };
    let wasm = root.join(format!("target/wasm32-unknown-unknown/{dir}/{lib}.wasm"));

    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .out_name(name)
        .web(true)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .typescript(false)
        .debug(!release)
        .generate(pkg)
        .map_err(|e| anyhow::anyhow!("wasm-bindgen: {e}"))?;

    let bundle = pkg.join(format!("{name}_bg.wasm"));
    if release {
        match setup::find_wasm_opt() {
            Some(wasm_opt) => {
                step(&format!("optimising {name}_bg.wasm for size (wasm-opt -Oz)"));
                run_command(
                    Command::new(wasm_opt)
                        .arg("-Oz")
                        .arg("--enable-bulk-memory")
                        .arg("--enable-nontrapping-float-to-int")
                        .arg("--enable-sign-ext")
                        .arg("--enable-reference-types")
                        .arg("--enable-multivalue")
                        .arg(&bundle)
                        .arg("-o")
                        .arg(&bundle),
                )?;
            }
            None => eprintln!("    wasm-opt not found (it comes from npm's binaryen): {name}_bg.wasm stays larger"),
        }
    }
    Ok(bundle)
}

/// The CSS files of `style/`, in name order, as one stylesheet.
fn stylesheet(dir: &Path) -> Result<String> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "css"))
        .collect();
    files.sort();
    let mut css = String::new();
    for file in files {
        css.push_str(&fs::read_to_string(&file)?);
        css.push('\n');
    }
    Ok(css)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    for entry in fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            fs::create_dir_all(&target)?;
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
