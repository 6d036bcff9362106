//! Workspace tasks: `cargo xtask <build|serve|test>`.
//!
//! Builds the browser bundle without extra tools: the wasm crate with cargo,
//! bindings with `wasm-bindgen-cli-support` (pinned to the same version as the
//! `wasm-bindgen` crate), `wasm-opt` from npm's binaryen when npm is there,
//! then styles and static files into `target/site`.

mod house;
mod layers;
mod postgres;
mod setup;
mod site;

use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

const USAGE: &str = "usage: cargo xtask <command>

  serve   install what is missing, build in release mode, and serve on http://127.0.0.1:3000
  test    install what is missing (wasm target, Chromium, SMTP test server, npm packages,
          PostgreSQL), build the release bundle and run every test, the weight budget of each page
          included; the database tests run on SQLite, then again on a private PostgreSQL server
  bench   build in release mode and benchmark the server on a scratch database
          (table printed, JSON in target/bench/latest.json; --quick for a smoke run;
          --postgres: two instances on one private PostgreSQL server, target/bench/postgres.json)
  build   build the browser bundle and the server [--release]
  site    build only the browser bundle into target/site [--release]
  setup   only install what is missing";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<()> {
    let (command, rest) = args.split_first().map(|(c, r)| (c.as_str(), r)).unwrap_or(("help", &[]));
    let release = rest.iter().any(|a| a == "--release");
    match command {
        "build" => {
            setup::wasm_target()?;
            site::build(release)?;
            cargo(&["build", "-p", "festplan-server"], release)
        }
        "site" => {
            setup::wasm_target()?;
            if release {
                setup::wasm_opt();
            }
            site::build(release)
        }
        "serve" => serve(rest),
        "test" => test(rest),
        "bench" => bench(rest),
        "setup" => {
            setup::wasm_target()?;
            setup::wasm_opt();
            setup::test_tools()
        }
        _ => {
            println!("{USAGE}");
            if command == "help" || command == "--help" { Ok(()) } else { bail!("unknown command `{command}`") }
        }
    }
}

fn serve(extra: &[String]) -> Result<()> {
    setup::wasm_target()?;
    setup::wasm_opt();
    site::build(true)?;
    cargo(&["build", "-p", "festplan-server"], true)?;
    step("starting Festplan on http://127.0.0.1:3000 (data in ./data, Ctrl-C stops)");
    let status = Command::new(workspace_root().join("target/release/festplan"))
        .args(extra.iter().filter(|a| *a != "--release"))
        .current_dir(workspace_root())
        .status()
        .context("starting target/release/festplan")?;
    if !status.success() {
        bail!("festplan exited with {status}");
    }
    Ok(())
}

fn test(extra: &[String]) -> Result<()> {
    setup::wasm_target()?;
    step("checking the formatting (cargo fmt --check; `cargo fmt` fixes it)");
    cargo(&["fmt", "--all", "--check"], false)?;
    house::check()?;
    layers::check()?;
    lint()?;
    setup::test_tools()?;
    // The release bundle: the browser journeys run against what ships, and the weight budget
    // is measured on it.
    setup::wasm_opt();
    site::build(true)?;
    // Started before the first run, so a server that cannot start fails the command early; the
    // schema comparison runs in the second run, against this server.
    let postgres = postgres::start(false)?;
    step("running the test suite (unit, integration, mail, browser) on SQLite");
    // Doc-tests are left out: there are none, and their empty summary would close the report.
    let mut args = vec!["test", "--workspace", "--exclude", "xtask", "--all-targets"];
    args.extend(extra.iter().map(String::as_str));
    let mut command = cargo_command(&args, false);
    run_command(&mut command)?;
    step("running the database tests again on PostgreSQL (the integration suite, browser journeys included, and the command line)");
    for target in [["-p", "festplan-tests", "--test", "suite"], ["-p", "festplan-server", "--test", "cli"]] {
        let mut args = vec!["test"];
        args.extend(target);
        args.extend(extra.iter().map(String::as_str));
        let mut command = cargo_command(&args, false);
        run_command(command.env("FESTPLAN_TEST_POSTGRES", &postgres.url))?;
    }
    Ok(())
}

/// Clippy with warnings as errors, on both builds of the app: the server's and the browser's.
fn lint() -> Result<()> {
    step("linting the server build (clippy)");
    cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], false)?;
    // The guests' bundle (every other island as a plain component), and every island at once.
    for features in ["festplan-app/hydrate", "festplan-app/staff,festplan-app/openspace,festplan-app/line,festplan-app/station"] {
        step(&format!("linting the browser build (clippy, wasm32, {features})"));
        let browser = ["clippy", "-p", "festplan-app", "-p", "festplan-scanner", "--lib", "--features", features];
        cargo(&[&browser[..], &["--target", "wasm32-unknown-unknown", "--", "-D", "warnings"]].concat(), false)?;
    }
    Ok(())
}

fn bench(extra: &[String]) -> Result<()> {
    setup::wasm_target()?;
    setup::wasm_opt();
    site::build(true)?;
    cargo(&["build", "-p", "festplan-server", "-p", "festplan-bench"], true)?;
    let bench = workspace_root().join("target/release/festplan-bench");
    if extra.iter().any(|a| a == "--postgres") {
        // A private server with production durability; the bench gets its URL.
        let postgres = postgres::start(true)?;
        step("benchmarking two release servers on one PostgreSQL database (a few minutes; --quick for seconds)");
        let rest: Vec<&String> = extra.iter().filter(|a| *a != "--postgres").collect();
        return run_command(Command::new(bench).args(rest).args(["--postgres", &postgres.url]).current_dir(workspace_root()));
    }
    step("benchmarking the release server (a few minutes; --quick for seconds)");
    run_command(Command::new(bench).args(extra).current_dir(workspace_root()))
}

/// Runs cargo from the workspace root.
fn cargo(args: &[&str], release: bool) -> Result<()> {
    run_command(&mut cargo_command(args, release))
}

fn cargo_command(args: &[&str], release: bool) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.args(args).current_dir(workspace_root());
    if release {
        command.arg("--release");
    }
    command
}

fn run_command(command: &mut Command) -> Result<()> {
    let status = command.status().with_context(|| format!("running {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed with {status}");
    }
    Ok(())
}

fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// Says what is happening, so a long first run is not a silent one.
fn step(what: &str) {
    eprintln!("==> {what}");
}
