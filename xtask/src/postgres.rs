//! A private PostgreSQL server for the tests: Debian's `postgresql` package (installed when
//! missing), a cluster made by `initdb` in a temporary directory, on a free port, stopped and
//! removed when the tests are done.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::setup::apt_install;
use crate::step;

/// A running cluster; dropping it stops the server and removes its files.
pub struct Server {
    bin: PathBuf,
    dir: PathBuf,
    user: Option<&'static str>,
    /// `postgres://postgres@127.0.0.1:PORT/postgres`
    pub url: String,
}

/// Installs PostgreSQL if needed and starts a throwaway cluster. `durable`: as in production
/// (every commit synced); otherwise the tests' settings, which skip the syncs.
pub fn start(durable: bool) -> Result<Server> {
    let bin = match binaries() {
        Some(bin) => bin,
        None => {
            step("installing PostgreSQL (apt-get) for the tests on PostgreSQL");
            apt_install(&["postgresql"])?;
            binaries().context("PostgreSQL was installed, but no /usr/lib/postgresql/*/bin/initdb was found")?
        }
    };
    // PostgreSQL refuses to run as root: then it runs as the `postgres` user Debian's package made.
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let user = root.then_some("postgres");
    let dir = std::env::temp_dir().join(format!("festplan-pg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    if let Some(user) = user {
        run(Command::new("chown").args([user, &dir.display().to_string()]))?;
    }
    let port = free_port()?;
    let server = Server { bin, dir, user, url: format!("postgres://postgres@127.0.0.1:{port}/postgres") };
    step(&format!("starting a PostgreSQL server for the tests on port {port}"));
    let data = server.dir.join("data");
    server.as_owner(
        &server.bin.join("initdb"),
        &["-D", &data.display().to_string(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"],
    )?;
    let mut options = format!("-p {port} -k {} -c listen_addresses=127.0.0.1 -c max_connections=300", server.dir.display());
    if !durable {
        options.push_str(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
    }
    let log = server.dir.join("log").display().to_string();
    server.as_owner(&server.bin.join("pg_ctl"), &["-D", &data.display().to_string(), "-o", &options, "-l", &log, "-w", "start"])?;
    Ok(server)
}

impl Server {
    /// Runs `program` as the cluster's owner.
    fn as_owner(&self, program: &Path, args: &[&str]) -> Result<()> {
        let mut command = match self.user {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(program);
                c
            }
            None => Command::new(program),
        };
        run(command.args(args).stdout(Stdio::null()))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let data = self.dir.join("data").display().to_string();
        let _ = self.as_owner(&self.bin.join("pg_ctl"), &["-D", &data, "-m", "immediate", "stop"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Debian's `/usr/lib/postgresql/<version>/bin`, the newest one installed.
fn binaries() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, bin): &(u32, PathBuf)| bin.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn run(command: &mut Command) -> Result<()> {
    let status = command.status().with_context(|| format!("running {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed with {status}");
    }
    Ok(())
}
