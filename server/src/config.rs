//! Configuration: built-in defaults, then an optional TOML file, then
//! `FESTPLAN_*` environment variables, each overriding the one before.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use url::Url;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address the server listens on.
    pub bind: SocketAddr,
    /// Where mail links point. Defaults to `http://<bind>/`.
    pub public_url: Option<Url>,
    /// Defaults to an SQLite file in `data_dir`.
    pub database_url: Option<String>,
    /// `smtp://host:port` or `smtps://user:pass@host`; without it mail goes to `data_dir/mail/*.eml`.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// Where replies to mail go when an event names no reply address of its own (Reply-To).
    pub mail_reply_to: Option<String>,
    /// Seconds before the first retry of a failed delivery; doubles with each further failure.
    pub mail_retry_secs: u64,
    /// Days a code-of-conduct report is kept after it was resolved or closed.
    pub conduct_retention_days: u32,
    /// Let webhooks reach loopback and private addresses (tests, or a closed network).
    pub allow_private_webhooks: bool,
    /// Days after an event's end that its guests' personal data is kept.
    pub guest_retention_days: u32,
    /// Holds the SQLite file, the generated secret key and file-transport mail.
    pub data_dir: PathBuf,
    /// The built browser bundle and static files (`pkg/`, `favicon.ico`).
    pub site_root: PathBuf,
    /// 64 hex characters. Generated and kept in `data_dir/secret.key` when not given.
    pub secret_key: Option<String>,
    pub max_body_bytes: usize,
    pub log_format: LogFormat,
    /// The reverse proxy in front of Festplan; only its `X-Forwarded-For` is believed.
    pub trusted_proxy: Option<std::net::IpAddr>,
    /// Send `Strict-Transport-Security` when the public URL is https.
    pub hsts: bool,
    /// Extend HSTS to every subdomain of the public host (only if they all serve https).
    pub hsts_include_subdomains: bool,
    /// Bearer token for `/metrics`; without one, `/metrics` answers only direct loopback clients.
    pub metrics_token: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 3000)),
            public_url: None,
            database_url: None,
            smtp_url: None,
            mail_from: "Festplan <festplan@localhost>".into(),
            mail_reply_to: None,
            mail_retry_secs: 5,
            conduct_retention_days: 365,
            allow_private_webhooks: false,
            guest_retention_days: 180,
            data_dir: PathBuf::from("data"),
            site_root: PathBuf::from("target/site"),
            secret_key: None,
            max_body_bytes: 4 * 1024 * 1024,
            log_format: LogFormat::Text,
            trusted_proxy: None,
            hsts: true,
            hsts_include_subdomains: false,
            metrics_token: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("config file {path}: {source}")]
    Parse { path: PathBuf, source: Box<toml::de::Error> },
    #[error("{var}: {message}")]
    Env { var: &'static str, message: String },
    #[error("secret key: {0}")]
    Secret(String),
}

/// The config file read when `FESTPLAN_CONFIG` names none.
pub const DEFAULT_FILE: &str = "festplan.toml";

impl Config {
    /// Loads defaults, then the file (`explicit`, else `FESTPLAN_CONFIG`, else `festplan.toml` if present), then the environment.
    pub fn load(explicit: Option<&Path>, env: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let named = explicit.map(Path::to_path_buf).or_else(|| env("FESTPLAN_CONFIG").map(PathBuf::from));
        let mut config = match named {
            Some(path) => Self::from_file(&path)?,
            None if Path::new(DEFAULT_FILE).exists() => Self::from_file(Path::new(DEFAULT_FILE))?,
            None => Self::default(),
        };
        config.apply_env(env)?;
        Ok(config)
    }

    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.into(), source })?;
        toml::from_str(&text).map_err(|source| ConfigError::Parse { path: path.into(), source: Box::new(source) })
    }

    fn apply_env(&mut self, env: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        fn parsed<T: std::str::FromStr>(var: &'static str, value: String) -> Result<T, ConfigError>
        where
            T::Err: std::fmt::Display,
        {
            value.trim().parse().map_err(|e: T::Err| ConfigError::Env { var, message: e.to_string() })
        }
        let non_empty = |var: &str| env(var).filter(|v| !v.trim().is_empty());
        if let Some(v) = non_empty("FESTPLAN_BIND") {
            self.bind = parsed("FESTPLAN_BIND", v)?;
        }
        if let Some(v) = non_empty("FESTPLAN_PUBLIC_URL") {
            self.public_url = Some(parsed("FESTPLAN_PUBLIC_URL", v)?);
        }
        if let Some(v) = non_empty("FESTPLAN_DATABASE_URL") {
            self.database_url = Some(v);
        }
        if let Some(v) = non_empty("FESTPLAN_SMTP_URL") {
            self.smtp_url = Some(v);
        }
        if let Some(v) = non_empty("FESTPLAN_MAIL_FROM") {
            self.mail_from = v;
        }
        if let Some(v) = non_empty("FESTPLAN_MAIL_REPLY_TO") {
            self.mail_reply_to = Some(v);
        }
        if let Some(v) = non_empty("FESTPLAN_GUEST_RETENTION_DAYS") {
            self.guest_retention_days = parsed("FESTPLAN_GUEST_RETENTION_DAYS", v)?;
        }
        if let Some(v) = non_empty("FESTPLAN_ALLOW_PRIVATE_WEBHOOKS") {
            self.allow_private_webhooks = parsed("FESTPLAN_ALLOW_PRIVATE_WEBHOOKS", v)?;
        }
        if let Some(v) = non_empty("FESTPLAN_CONDUCT_RETENTION_DAYS") {
            self.conduct_retention_days = parsed("FESTPLAN_CONDUCT_RETENTION_DAYS", v)?;
        }
        if let Some(v) = non_empty("FESTPLAN_MAIL_RETRY_SECS") {
            self.mail_retry_secs = parsed("FESTPLAN_MAIL_RETRY_SECS", v)?;
        }
        if let Some(v) = non_empty("FESTPLAN_DATA_DIR") {
            self.data_dir = v.into();
        }
        if let Some(v) = non_empty("FESTPLAN_SITE_ROOT") {
            self.site_root = v.into();
        }
        if let Some(v) = non_empty("FESTPLAN_SECRET_KEY") {
            self.secret_key = Some(v);
        }
        if let Some(v) = non_empty("FESTPLAN_MAX_BODY_BYTES") {
            self.max_body_bytes = parsed("FESTPLAN_MAX_BODY_BYTES", v)?;
        }
        if let Some(v) = non_empty("FESTPLAN_TRUSTED_PROXY") {
            self.trusted_proxy = Some(parsed("FESTPLAN_TRUSTED_PROXY", v)?);
        }
        if let Some(v) = non_empty("FESTPLAN_HSTS") {
            self.hsts = parsed("FESTPLAN_HSTS", v)?;
        }
        if let Some(v) = non_empty("FESTPLAN_HSTS_INCLUDE_SUBDOMAINS") {
            self.hsts_include_subdomains = parsed("FESTPLAN_HSTS_INCLUDE_SUBDOMAINS", v)?;
        }
        if let Some(v) = non_empty("FESTPLAN_METRICS_TOKEN") {
            self.metrics_token = Some(v);
        }
        if let Some(v) = non_empty("FESTPLAN_LOG_FORMAT") {
            self.log_format = match v.trim() {
                "text" => LogFormat::Text,
                "json" => LogFormat::Json,
                other => {
                    return Err(ConfigError::Env { var: "FESTPLAN_LOG_FORMAT", message: format!("`{other}`: use text or json") });
                }
            };
        }
        Ok(())
    }

    /// The `Strict-Transport-Security` value to send, if any: only for an https public URL.
    pub fn strict_transport(&self) -> Option<String> {
        let https = self.public_url().scheme() == "https";
        (https && self.hsts)
            .then(|| if self.hsts_include_subdomains { "max-age=31536000; includeSubDomains" } else { "max-age=31536000" }.to_string())
    }

    pub fn public_url(&self) -> Url {
        let mut url = self
            .public_url
            .clone()
            .unwrap_or_else(|| Url::parse(&format!("http://{}/", self.bind)).expect("a socket address makes a valid URL"));
        // Joining relative links needs the trailing slash.
        if !url.path().ends_with('/') {
            url.set_path(&format!("{}/", url.path()));
        }
        url
    }

    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("festplan.db").display()))
    }

    /// The configured secret key, or the one kept in `data_dir/secret.key`, generated on first run.
    pub fn secret_key(&self) -> Result<[u8; 32], ConfigError> {
        if let Some(hex_key) = &self.secret_key {
            return decode_key(hex_key);
        }
        let path = self.data_dir.join("secret.key");
        match std::fs::read_to_string(&path) {
            Ok(text) => decode_key(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key: [u8; 32] = rand::random();
                write_private(&path, &hex::encode(key)).map_err(|e| ConfigError::Secret(format!("{}: {e}", path.display())))?;
                tracing::info!(path = %path.display(), "generated a new secret key");
                Ok(key)
            }
            Err(e) => Err(ConfigError::Secret(format!("{}: {e}", path.display()))),
        }
    }
}

fn decode_key(text: &str) -> Result<[u8; 32], ConfigError> {
    let bytes = hex::decode(text.trim()).map_err(|e| ConfigError::Secret(e.to_string()))?;
    bytes.try_into().map_err(|_| ConfigError::Secret("must be 32 bytes (64 hex characters)".into()))
}

/// Writes a file only its owner can read.
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(contents.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn defaults_serve_locally_on_an_sqlite_file() {
        let c = Config::default();
        assert_eq!(c.bind.to_string(), "127.0.0.1:3000");
        assert_eq!(c.public_url().as_str(), "http://127.0.0.1:3000/");
        assert_eq!(c.database_url(), "sqlite://data/festplan.db");
        assert_eq!(c.smtp_url, None);
    }

    #[test]
    fn environment_overrides_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("festplan.toml");
        std::fs::write(
            &file,
            "bind = \"0.0.0.0:8080\"\npublic_url = \"https://fest.example.org\"\nmail_from = \"Fest <fest@example.org>\"\n",
        )
        .unwrap();
        let c = Config::load(Some(&file), env(&[("FESTPLAN_BIND", "127.0.0.1:9000")])).unwrap();
        assert_eq!(c.bind.to_string(), "127.0.0.1:9000");
        assert_eq!(c.public_url().as_str(), "https://fest.example.org/");
        assert_eq!(c.mail_from, "Fest <fest@example.org>");
    }

    #[test]
    fn bad_values_name_their_source() {
        let err = Config::load(None, env(&[("FESTPLAN_BIND", "localhost")])).unwrap_err();
        assert!(err.to_string().starts_with("FESTPLAN_BIND:"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.toml");
        std::fs::write(&file, "bnd = \"x\"").unwrap();
        let err = Config::from_file(&file).unwrap_err();
        assert!(err.to_string().contains("unknown field `bnd`"), "{err}");
    }

    #[test]
    fn secret_key_is_generated_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let c = Config { data_dir: dir.path().to_path_buf(), ..Config::default() };
        let first = c.secret_key().unwrap();
        assert_eq!(c.secret_key().unwrap(), first);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("secret.key")).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "secret key must not be readable by others");
        }
    }
}
