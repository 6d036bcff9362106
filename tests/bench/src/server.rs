//! The release server as a child process on a scratch data directory.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

pub struct Server {
    child: Child,
    binary: PathBuf,
    pub data_dir: PathBuf,
    database_url: String,
    pub base: String,
    /// From spawning the process to the first 200 from `/healthz`.
    pub startup: Duration,
}

impl Server {
    /// Starts `binary` on a free port with a fresh SQLite database in `data_dir`.
    pub async fn start(binary: &Path, site_root: &Path, data_dir: &Path) -> Result<Self> {
        let database_url = format!("sqlite://{}", data_dir.join("festplan.db").display());
        Self::start_on(binary, site_root, data_dir, &database_url).await
    }

    /// Starts `binary` on a free port with `database_url`, which other instances may share.
    pub async fn start_on(binary: &Path, site_root: &Path, data_dir: &Path, database_url: &str) -> Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let base = format!("http://127.0.0.1:{port}");
        let log = std::fs::File::create(data_dir.join("server.log"))?;
        let mut command = Command::new(binary);
        command.stdout(log.try_clone()?).stderr(log);
        env(&mut command, data_dir, &base, database_url)
            .env("FESTPLAN_BIND", format!("127.0.0.1:{port}"))
            .env("FESTPLAN_SITE_ROOT", site_root);
        let client = reqwest::Client::new();
        let spawned = Instant::now();
        let mut child = command.spawn().with_context(|| format!("starting {}", binary.display()))?;
        loop {
            if let Ok(r) = client.get(format!("{base}/healthz")).send().await
                && r.status().is_success()
            {
                break;
            }
            if let Some(status) = child.try_wait()? {
                bail!("the server exited with {status}; see {}", data_dir.join("server.log").display());
            }
            if spawned.elapsed() > Duration::from_secs(30) {
                child.kill().ok();
                bail!("the server did not answer /healthz within 30 s");
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let startup = spawned.elapsed();
        let database_url = database_url.to_string();
        Ok(Self { child, binary: binary.to_path_buf(), data_dir: data_dir.to_path_buf(), database_url, base, startup })
    }

    /// Runs a command of the same binary (e.g. `admin token`) on the same database; returns its output.
    pub fn cli(&self, args: &[&str]) -> Result<String> {
        let mut command = Command::new(&self.binary);
        env(&mut command, &self.data_dir, &self.base, &self.database_url).args(args).stderr(Stdio::inherit());
        let output = command.output()?;
        if !output.status.success() {
            bail!("festplan {} failed with {}", args.join(" "), output.status);
        }
        Ok(String::from_utf8(output.stdout)?.trim().to_string())
    }

    /// Resident memory of the server process, in bytes.
    pub fn rss(&self) -> Result<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))?;
        let kib = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .context("VmRSS in /proc/PID/status")?;
        Ok(kib * 1024)
    }

    pub fn database_url(&self) -> &str {
        &self.database_url
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// Every instance of one benchmark signs and seals with the same key, as a deployment's must.
const SECRET_KEY: &str = "62656e6368206b65793a206e6f742061207365637265742c206f6e6c7920666f";

/// The configuration a server and its commands share: defaults plus a scratch data directory.
fn env<'a>(command: &'a mut Command, data_dir: &Path, base: &str, database_url: &str) -> &'a mut Command {
    command
        .env_remove("FESTPLAN_CONFIG")
        .env("FESTPLAN_DATA_DIR", data_dir)
        .env("FESTPLAN_DATABASE_URL", database_url)
        .env("FESTPLAN_SECRET_KEY", SECRET_KEY)
        .env("FESTPLAN_PUBLIC_URL", format!("{base}/"))
        // The load client stands in for thousands of guests on their own devices: it names each
        // one's address in X-Forwarded-For, which the server believes from this proxy only.
        .env("FESTPLAN_TRUSTED_PROXY", "127.0.0.1")
        .env_remove("FESTPLAN_SMTP_URL")
        .current_dir(data_dir)
}
