//! Test helpers: the real app on port 0 with a temporary SQLite file (or, with
//! `FESTPLAN_TEST_POSTGRES` set, a fresh database on that PostgreSQL server), a real local SMTP
//! server, and seeded data.

pub mod conduct;
pub mod hostile;
pub mod openspace;
pub mod packing;
pub mod peek;
pub mod schema;
pub mod weight;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use app::db::events::NewEvent;
use app::events::model::EventKind;
use app::state::AppState;
use festplan_server::Config;
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is in the workspace").to_path_buf()
}

/// Runs the browser journey `tests/e2e/<script>` (playwright-core in Debian's Chromium) against
/// `app` with `extra` arguments, and fails with its report unless every check passed.
pub async fn journey(app: &TestApp, script: &str, extra: &[&std::ffi::OsStr]) {
    let root = workspace_root();
    assert!(
        root.join("target/site/pkg/festplan_bg.wasm").exists(),
        "the browser bundle is missing: run `cargo xtask build` (or `cargo xtask test`) first"
    );
    assert!(root.join("tests/e2e/node_modules/playwright-core").exists(), "browser-test packages are missing: run `cargo xtask setup`");
    let output = tokio::process::Command::new("node")
        .arg(std::path::Path::new("tests/e2e").join(script))
        .arg(&app.url)
        .args(extra)
        .current_dir(&root)
        .output()
        .await
        .expect("node runs");
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    println!("{report}");
    assert!(output.status.success(), "browser journey {script} failed:\n{report}");
}

/// Logs go to the test's captured output; `FESTPLAN_LOG` sets the level.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("FESTPLAN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,app=info,festplan_server=info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_test_writer().try_init();
}

/// The PostgreSQL server the tests run against instead of SQLite, as a URL to its maintenance
/// database (`postgres://postgres@127.0.0.1:PORT/postgres`); unset: SQLite.
pub fn postgres_server() -> Option<String> {
    std::env::var("FESTPLAN_TEST_POSTGRES").ok().filter(|url| !url.is_empty())
}

/// A new, empty database on the test PostgreSQL server, so every app starts from nothing as
/// with its own SQLite file; `None` when the tests run on SQLite.
pub async fn postgres_database() -> Option<String> {
    use sqlx::Connection as _;
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let server = postgres_server()?;
    let name = format!("festplan_test_{}_{}", std::process::id(), NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    let mut admin = sqlx::PgConnection::connect(&server).await.expect("the test PostgreSQL server answers");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await.expect("create a test database");
    let (base, _) = server.rsplit_once('/').expect("the server URL names a database");
    Some(format!("{base}/{name}"))
}

/// A running Festplan on a free port, with its own data folder.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub url: String,
    pub addr: SocketAddr,
    pub state: AppState,
    pub data_dir: PathBuf,
    _dir: TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Starts the app after `configure` has adjusted the test defaults.
    pub async fn spawn_with(configure: impl FnOnce(&mut Config)) -> Self {
        init_logging();
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: dir.path().to_path_buf(),
            site_root: workspace_root().join("target/site"),
            mail_retry_secs: 1,
            ..Config::default()
        };
        configure(&mut config);
        if config.database_url.is_none() {
            config.database_url = postgres_database().await;
        }
        let listener = tokio::net::TcpListener::bind(config.bind).await.expect("bind");
        let addr = listener.local_addr().expect("local addr");
        if config.public_url.is_none() {
            config.public_url = Some(format!("http://{addr}/").parse().expect("url"));
        }
        let state = festplan_server::build_state(&config).await.expect("app state");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(festplan_server::serve(listener, state.clone(), async {
            let _ = stopped.await;
        }));
        Self {
            url: format!("http://{addr}"),
            addr,
            state,
            data_dir: dir.path().to_path_buf(),
            _dir: dir,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// A client that keeps cookies and does not follow redirects.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("client")
    }

    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// Inserts a published public event starting `days_ahead` days from now, three hours long.
    pub async fn seed_event(&self, slug: &str, kind: EventKind, title: &str, days_ahead: i64) -> i64 {
        let starts_at = app::db::now() + days_ahead * 86_400;
        let event = NewEvent {
            slug: slug.into(),
            kind,
            title: title.into(),
            starts_at,
            ends_at: starts_at + 3 * 3600,
            time_zone: "Europe/Berlin".into(),
            venue_name: "Forsterstr. 29, Halle (Saale)".into(),
            published: true,
        };
        app::db::events::insert(&self.state.db, &event).await.expect("seed event")
    }

    /// Graceful shutdown, as on SIGTERM.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.expect("server task").expect("server stopped cleanly");
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A free TCP port on loopback (nothing listens on it right after).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port()
}

/// A real SMTP server (Python's aiosmtpd) that stores what it receives in a Maildir.
pub struct SmtpSink {
    pub port: u16,
    maildir: TempDir,
    child: Child,
}

impl SmtpSink {
    pub async fn start() -> Self {
        Self::start_on(free_port()).await
    }

    pub async fn start_on(port: u16) -> Self {
        let maildir = tempfile::tempdir().expect("maildir");
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path().join("box"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (run `cargo xtask setup` to install it)");
        let sink = Self { port, maildir, child };
        let ready =
            wait_until(Duration::from_secs(15), || async { tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() }).await;
        assert!(ready, "SMTP test server did not start on port {port}");
        sink
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The Maildir that received messages land in (`new/`), for browser journeys that read mail.
    pub fn maildir(&self) -> PathBuf {
        self.maildir.path().join("box")
    }

    /// Every message received so far, raw.
    pub fn messages(&self) -> Vec<String> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            let Ok(entries) = std::fs::read_dir(self.maildir.path().join("box").join(sub)) else { continue };
            for entry in entries.flatten() {
                if let Ok(text) = std::fs::read_to_string(entry.path()) {
                    out.push(text);
                }
            }
        }
        out
    }

    /// Waits until at least `count` messages have arrived (or the timeout passes) and returns them all.
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<String> {
        wait_until(timeout, || async { self.messages().len() >= count }).await;
        self.messages()
    }

    /// Waits up to 15 s for a message not in `before`, to `to`, whose text contains `needle`.
    pub async fn new_mail(&self, before: &[String], to: &str, needle: &str) -> String {
        let mut found = None;
        wait_until(Duration::from_secs(15), || {
            found = self.messages().into_iter().find(|m| !before.contains(m) && m.contains(to) && mail_text(m).contains(needle));
            let done = found.is_some();
            async move { done }
        })
        .await;
        found.unwrap_or_else(|| {
            panic!("no new mail to {to} saying {needle:?}; got: {:#?}", self.messages().iter().map(|m| mail_text(m)).collect::<Vec<_>>())
        })
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `check` every 50 ms until it holds or `timeout` passes; returns whether it held.
pub async fn wait_until<F, Fut>(timeout: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if check().await {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

impl TestApp {
    /// Delivers every mail that is due, then returns all that `smtp` received: no waiting for
    /// the outbox worker (aiosmtpd has stored a message before it accepts it).
    pub async fn mail(&self, smtp: &SmtpSink) -> Vec<String> {
        self.state.outbox.deliver_now(&self.state.db, &self.state.mailer).await.expect("the outbox delivers");
        smtp.messages()
    }

    /// The mail not in `before`, to `to`, whose text contains `needle`, once due mail is delivered.
    pub async fn new_mail(&self, smtp: &SmtpSink, before: &[String], to: &str, needle: &str) -> String {
        let all = self.mail(smtp).await;
        all.iter().find(|m| !before.contains(m) && m.contains(to) && mail_text(m).contains(needle)).cloned().unwrap_or_else(|| {
            panic!("no new mail to {to} saying {needle:?}; got: {:#?}", all.iter().map(|m| mail_text(m)).collect::<Vec<_>>())
        })
    }

    /// A same-origin form POST to a server function, as the app's own pages send it.
    pub async fn post(&self, client: &reqwest::Client, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        client.post(self.at(path)).header("origin", &self.url).form(form).send().await.expect("request")
    }

    /// Creates an account (unless it exists) and a session for it, returning its id and a client carrying the cookie.
    pub async fn signed_in(&self, email: &str, is_admin: bool) -> (i64, reqwest::Client) {
        let (id, session) = self.session_for(email, is_admin).await;
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::COOKIE, format!("{}={session}", app::auth::session::COOKIE).parse().unwrap());
        let client = reqwest::Client::builder().default_headers(headers).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        (id, client)
    }

    /// Creates an account (unless it exists) and a session for it: its id and the cookie's value.
    pub async fn session_for(&self, email: &str, is_admin: bool) -> (i64, String) {
        let db = &self.state.db;
        let now = app::db::now();
        let mut tx = db.begin_write().await.unwrap();
        let id = match app::db::users::by_email_tx(&mut tx, email).await.unwrap() {
            Some(user) => user.id,
            None => app::db::users::insert(&mut tx, email, email.split('@').next().unwrap(), is_admin, now).await.unwrap(),
        };
        let session = app::auth::session::new_secret();
        app::db::sessions::insert(&mut tx, &app::auth::session::hash_secret(&session), id, now, now + 3600).await.unwrap();
        tx.commit().await.unwrap();
        (id, session)
    }

    /// The service-level caller for an existing account, as a signed-in request would carry it.
    pub async fn actor_for(&self, email: &str) -> app::auth::service::Actor {
        let user = app::db::users::by_email(&self.state.db, email).await.unwrap().expect("an account");
        app::auth::service::Actor { user: Some(user.into()), client: "test".into(), session_hash: None }
    }

    /// Signs `email` in and makes it the owner of `event_id`: the organizer most tests need.
    pub async fn owner_of(&self, event_id: i64, email: &str) -> reqwest::Client {
        let (id, client) = self.signed_in(email, false).await;
        self.grant_role(event_id, id, app::auth::model::EventRole::Owner).await;
        client
    }

    /// Gives `user_id` a role on `event_id` directly in the database.
    pub async fn grant_role(&self, event_id: i64, user_id: i64, role: app::auth::model::EventRole) {
        let mut tx = self.state.db.begin_write().await.unwrap();
        app::db::roles::grant(&mut tx, event_id, user_id, role, user_id, app::db::now()).await.unwrap();
        tx.commit().await.unwrap();
    }
}

/// An answer as a guest gives it on the event page: named after the address, no notes or questions.
pub fn guest_answer(event_id: i64, email: &str, answer: app::rsvp::model::Answer, party_size: i64) -> app::rsvp::service::RsvpRequest {
    app::rsvp::service::RsvpRequest {
        event_id,
        name: email.split('@').next().unwrap().to_string(),
        email: email.to_string(),
        answer,
        party_size,
        dietary: String::new(),
        answers: Default::default(),
        invitation: None,
        language: app::locale::Locale::en,
    }
}

/// Runs `python3 -c script args…` with `input` on its stdin, for the independent checkers
/// (`icalendar`, `standardwebhooks`); its stdout, or a failure naming `what` and the error.
pub fn python(script: &str, args: &[&str], input: &str, what: &str) -> String {
    use std::io::Write;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 (run `cargo xtask setup` to install the checkers)");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("python's stdin");
    let out = child.wait_with_output().expect("python3 finished");
    assert!(out.status.success(), "{what} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The body of a raw mail with quoted-printable soft breaks and escapes undone.
pub fn mail_text(raw: &str) -> String {
    let unfolded = raw.replace("=\r\n", "").replace("=\n", "");
    let mut out = String::with_capacity(unfolded.len());
    let bytes = unfolded.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(&unfolded[i + 1..i + 3], 16)
        {
            out.push(byte as char);
            i += 3;
            continue;
        }
        out.push(bytes[i] as char);
        i += 1;
    }
    out
}

/// The first link in `raw` that starts with `prefix`.
pub fn link_in(raw: &str, prefix: &str) -> Option<String> {
    let text = mail_text(raw);
    let start = text.find(prefix)?;
    let link: String = text[start..].chars().take_while(|c| !c.is_whitespace()).collect();
    Some(link)
}

/// `count` guests (`guest{i}@example.org`, one place each) answering yes at once, guest `i`
/// through `states[i % n]` (several instances behind a proxy when `n > 1`); each from a device of
/// its own. Every answer must be accepted.
pub async fn answer_all_at_once(states: &[AppState], event_id: i64, count: usize) {
    let tasks: Vec<_> = (0..count)
        .map(|i| {
            let state = states[i % states.len()].clone();
            tokio::spawn(async move {
                let request = guest_answer(event_id, &format!("guest{i}@example.org"), app::rsvp::model::Answer::Yes, 1);
                app::rsvp::service::respond(&state, &app::auth::service::Actor::anonymous(format!("client-{i}")), request).await
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().expect("every RSVP is answered");
    }
}

impl TestApp {
    /// Publishes a meetup (slug `tonight`) starting in three hours: inside the reminder window.
    pub async fn seed_meetup_tonight(&self) -> i64 {
        let soon = app::db::now() + 3 * 3600;
        let event = NewEvent {
            slug: "tonight".into(),
            kind: EventKind::Meetup,
            title: "Meetup tonight".into(),
            starts_at: soon,
            ends_at: soon + 3600,
            time_zone: "Europe/Berlin".into(),
            venue_name: String::new(),
            published: true,
        };
        app::db::events::insert(&self.state.db, &event).await.unwrap()
    }

    /// Publishes a public event with `capacity` places (None: unlimited), starting in a week.
    pub async fn seed_event_with_capacity(&self, slug: &str, capacity: Option<i64>) -> i64 {
        let id = self.seed_event(slug, EventKind::Bbq, &format!("Event {slug}"), 7).await;
        sqlx_set_capacity(&self.state.db, id, capacity).await;
        id
    }

    /// Answers as an anonymous guest through the service, as the event page does.
    pub async fn rsvp(
        &self,
        event_id: i64,
        email: &str,
        answer: app::rsvp::model::Answer,
        party_size: i64,
    ) -> Result<app::rsvp::model::RsvpOutcome, app::error::AppError> {
        let request = guest_answer(event_id, email, answer, party_size);
        // Each guest answers from a device of their own, as at a real event.
        app::rsvp::service::respond(&self.state, &app::auth::service::Actor::anonymous(email), request).await
    }

    /// (email, status, party size, waitlist seq) of every RSVP of an event, in id order.
    pub async fn rsvps(&self, event_id: i64) -> Vec<(String, String, i64, Option<i64>)> {
        let mut rows = app::db::rsvps::for_event(&self.state.db, event_id).await.unwrap();
        rows.sort_by_key(|r| r.id);
        rows.into_iter().map(|r| (r.email, r.status.as_str().to_string(), r.party_size, r.waitlist_seq)).collect()
    }
}

async fn sqlx_set_capacity(db: &app::db::Db, id: i64, capacity: Option<i64>) {
    peek::set_capacity(db, id, capacity).await;
}

impl TestApp {
    /// Changes a guest's RSVP through their personal link, as the link's page does.
    pub async fn change_rsvp(
        &self,
        event_id: i64,
        email: &str,
        answer: app::rsvp::model::Answer,
        party_size: i64,
    ) -> Result<app::rsvp::model::RsvpOutcome, app::error::AppError> {
        let mut conn = self.state.db.read().await.unwrap();
        let row = app::db::rsvps::by_email(&mut conn, event_id, email).await.unwrap().expect("an RSVP to change");
        drop(conn);
        let token = app::rsvp::service::manage_token(&self.state.settings.secret_key, row.id);
        let change = app::rsvp::service::LinkChange {
            name: row.name,
            answer,
            party_size,
            dietary: row.dietary,
            answers: Default::default(),
            language: app::locale::parse(&row.language),
        };
        app::rsvp::service::change_by_link(&self.state, &token, change).await
    }
}
