use std::path::PathBuf;

use clap::{Parser, Subcommand};
use festplan_server::config::{Config, LogFormat};

/// Festplan: events, RSVPs, open spaces and swag-bag packing for community events.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Configuration file (default: $FESTPLAN_CONFIG, else ./festplan.toml when present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app (the default).
    Serve,
    /// Load demo events (a summer party, a code sprint, a BBQ, a sold-out conference) with attendees.
    Demo,
    /// Erase the guests' names, addresses and answers of events that ended more than
    /// `guest_retention_days` ago (the server does it hourly); `--dry-run` lists them only.
    Retention {
        #[arg(long)]
        dry_run: bool,
    },
    /// Copy every table of the configured SQLite database into an empty PostgreSQL database
    /// (running its migrations first), compare the row counts and print them. Then set
    /// `database_url` to it.
    MigrateTo {
        /// The target, e.g. postgres://festplan:secret@localhost/festplan
        #[arg(long)]
        database_url: String,
    },
    /// Manage instance administrators.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Make an account an administrator, creating it if needed; it signs in by emailed link.
    Create {
        #[arg(long)]
        email: String,
        /// Display name for a new account (default: the part of the address before the @).
        #[arg(long)]
        name: Option<String>,
    },
    /// Print a new API token for an existing account (for `Authorization: Bearer` on /api/v1).
    Token {
        #[arg(long)]
        email: String,
        /// What the token is for, e.g. "intranet".
        #[arg(long, default_value = "command line")]
        name: String,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let config = Config::load(cli.config.as_deref(), |k| std::env::var(k).ok())?;
    init_logging(config.log_format);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let state = festplan_server::build_state(&config).await?;
            let listener = festplan_server::listen(config.bind)?;
            festplan_server::serve(listener, state, festplan_server::shutdown_signal()).await?;
        }
        Command::Demo => {
            let state = festplan_server::build_state(&config).await?;
            let loaded = app::demo::load_once(&state).await.map_err(|e| anyhow::anyhow!("{}", e.message()))?;
            println!("{}", loaded.report());
            state.db.close().await;
        }
        Command::Retention { dry_run } => {
            let state = festplan_server::build_state(&config).await?;
            let days = config.guest_retention_days;
            let events = app::privacy::service::retention(&state, days, dry_run).await.map_err(|e| anyhow::anyhow!("{}", e.message()))?;
            let verb = if dry_run { "would erase" } else { "erased" };
            println!("Events that ended over {days} days ago: {verb} the guests' data of {}", events.len());
            for e in &events {
                println!("  {} ({}): {} RSVPs", e.slug, e.title, e.rsvps);
            }
            state.db.close().await;
        }
        Command::MigrateTo { database_url } => {
            let counts = festplan_server::migrate::migrate_to(&config, &database_url).await?;
            print!("{}", festplan_server::migrate::report(&counts));
        }
        Command::Admin { command: AdminCommand::Create { email, name } } => {
            let state = festplan_server::build_state(&config).await?;
            app::auth::service::make_admin(&state, &email, name.as_deref()).await.map_err(|e| anyhow::anyhow!("{}", e.message()))?;
            println!("{} is now an administrator. Sign in at {}sign-in", email.trim(), config.public_url());
            state.db.close().await;
        }
        Command::Admin { command: AdminCommand::Token { email, name } } => {
            let state = festplan_server::build_state(&config).await?;
            let token = app::auth::service::api_token_for(&state, &email, &name).await.map_err(|e| anyhow::anyhow!("{}", e.message()))?;
            println!("{token}");
            state.db.close().await;
        }
    }
    Ok(())
}

fn init_logging(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("FESTPLAN_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    // Logs go to stderr so that commands printing a result (e.g. `admin token`) keep stdout clean.
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}
