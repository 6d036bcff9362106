//! Installs what the build and the tests need when it is missing, saying what it does.
//! Everything here is idempotent: a second run finds the tools and does nothing.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::{run_command, step, workspace_root};

/// npm's binaryen; Debian's older wasm-opt (108) produces bundles that fail to hydrate.
const BINARYEN: &str = "binaryen@132.0.0";
const MIN_WASM_OPT_VERSION: u32 = 116;

pub fn wasm_target() -> Result<()> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    step("installing the wasm32-unknown-unknown target (rustup)");
    run_command(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// Installs binaryen from npm into `target/tools` when npm is available; optional.
pub fn wasm_opt() {
    if find_wasm_opt().is_some() || !has("npm") {
        return;
    }
    step(&format!("installing wasm-opt ({BINARYEN} from npm) into target/tools"));
    let tools = workspace_root().join("target/tools");
    let _ = std::fs::create_dir_all(&tools);
    let result = run_command(Command::new("npm").args(["install", "--no-audit", "--no-fund", "--prefix"]).arg(&tools).arg(BINARYEN));
    if let Err(err) = result {
        eprintln!("    could not install wasm-opt ({err:#}); building without it");
    }
}

pub fn find_wasm_opt() -> Option<PathBuf> {
    let local = workspace_root().join("target/tools/node_modules/.bin/wasm-opt");
    if local.exists() {
        return Some(local);
    }
    let version = output("wasm-opt", &["--version"])?;
    let number: u32 = version.split_whitespace().find_map(|w| w.parse().ok())?;
    (number >= MIN_WASM_OPT_VERSION).then(|| PathBuf::from("wasm-opt"))
}

/// Chromium, an SMTP server for mail tests, and the npm packages of the browser tests.
pub fn test_tools() -> Result<()> {
    if chromium().is_none() {
        step("installing Chromium (apt-get) for the browser tests");
        apt_install(&["chromium"])?;
    }
    // aiosmtpd: the SMTP server mail tests deliver to; icalendar: an independent reader of our
    // .ics files; schemathesis: tests the JSON API against its OpenAPI document;
    // standardwebhooks: the reference implementation that checks our webhook signatures.
    for (module, apt_package) in
        [("aiosmtpd", "python3-aiosmtpd"), ("icalendar", "python3-icalendar"), ("schemathesis", ""), ("standardwebhooks", "")]
    {
        if python_has(module) {
            continue;
        }
        step(&format!("installing {module} (pip) for the tests"));
        let pip = Command::new("python3").args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", module]).status();
        if !matches!(pip, Ok(s) if s.success()) {
            if apt_package.is_empty() {
                bail!("could not install {module} with pip");
            }
            apt_install(&[apt_package])?;
        }
    }
    let e2e = workspace_root().join("tests/e2e");
    let stamp = e2e.join("node_modules/.package-lock.json");
    let fresh = std::fs::metadata(&stamp)
        .and_then(|s| s.modified())
        .ok()
        .zip(std::fs::metadata(e2e.join("package-lock.json")).and_then(|l| l.modified()).ok())
        .is_some_and(|(installed, lock)| installed >= lock);
    if !fresh {
        step("installing the browser-test packages (npm ci in tests/e2e)");
        run_command(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&e2e))?;
    }
    Ok(())
}

pub fn chromium() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("FESTPLAN_CHROMIUM") {
        return Some(path.into());
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"].into_iter().map(PathBuf::from).find(|p| p.exists())
}

pub fn apt_install(packages: &[&str]) -> Result<()> {
    if !has("apt-get") {
        bail!("please install {} with your package manager", packages.join(" "));
    }
    let sudo = if output("id", &["-u"]).is_some_and(|id| id.trim() == "0") { None } else { Some("sudo") };
    let mut update = Command::new(sudo.unwrap_or("apt-get"));
    let mut install = Command::new(sudo.unwrap_or("apt-get"));
    if sudo.is_some() {
        update.arg("apt-get");
        install.arg("apt-get");
    }
    run_command(update.args(["-q", "update"]).stdout(Stdio::null()))?;
    run_command(install.args(["install", "-y", "-q", "--no-install-recommends"]).args(packages).env("DEBIAN_FRONTEND", "noninteractive"))
        .with_context(|| format!("installing {}", packages.join(" ")))
}

fn python_has(module: &str) -> bool {
    Command::new("python3").args(["-c", &format!("import {module}")]).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

fn has(program: &str) -> bool {
    Command::new(program).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
