//! The worker that empties the outbox: it claims the messages due, sends each, marks it
//! sent or schedules it again. Several instances on one PostgreSQL share the outbox without
//! sending a message twice (see `passerelle_store::outbox`).

use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Address, FileTransport, SmtpTransport, Transport};
use passerelle_store::{outbox, registrations, Database, StoreResult};

use crate::config::{MailConfig, SmtpSecurity};
use crate::Composer;

/// Where messages go, and how long a failed one waits.
pub struct Sender {
    transport: Channel,
    retry_after: Duration,
}

enum Channel {
    Smtp(Box<SmtpTransport>),
    /// One `.eml` file per message, in this folder.
    Files(FileTransport),
}

impl Sender {
    pub fn from_config(config: &MailConfig) -> Result<Sender, String> {
        let Some(smtp) = &config.smtp else {
            std::fs::create_dir_all(&config.folder)
                .map_err(|e| format!("dossier des courriels {} : {e}", config.folder.display()))?;
            return Ok(Sender {
                transport: Channel::Files(FileTransport::new(&config.folder)),
                retry_after: config.retry_after,
            });
        };
        let builder = match smtp.security {
            SmtpSecurity::Tls => SmtpTransport::relay(&smtp.host).map_err(|e| e.to_string())?,
            SmtpSecurity::StartTls => {
                SmtpTransport::starttls_relay(&smtp.host).map_err(|e| e.to_string())?
            }
            SmtpSecurity::None => SmtpTransport::builder_dangerous(&smtp.host),
        };
        let mut builder = builder
            .port(smtp.port)
            .timeout(Some(Duration::from_secs(20)));
        if let Some((user, password)) = &smtp.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Sender {
            transport: Channel::Smtp(Box::new(builder.build())),
            retry_after: config.retry_after,
        })
    }

    fn send(&self, envelope: &Envelope, message: &[u8]) -> Result<(), String> {
        match &self.transport {
            Channel::Smtp(transport) => transport
                .send_raw(envelope, message)
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Channel::Files(transport) => transport
                .send_raw(envelope, message)
                .map(|id| tracing::info!(fichier = %id, "courriel écrit (pas de serveur SMTP configuré)"))
                .map_err(|e| e.to_string()),
        }
    }
}

/// Sends what is due; returns how many messages left.
pub fn deliver_due(db: &Database, sender: &Sender, from: &Address) -> StoreResult<usize> {
    let mut sent = 0;
    loop {
        let claimed = {
            let mut conn = db.connection()?;
            outbox::claim_due(&mut conn, 20)?
        };
        if claimed.is_empty() {
            return Ok(sent);
        }
        for message in claimed {
            let outcome = message
                .recipient
                .parse::<Address>()
                .map_err(|e| e.to_string())
                .and_then(|to| {
                    Envelope::new(Some(from.clone()), vec![to]).map_err(|e| e.to_string())
                })
                .and_then(|envelope| sender.send(&envelope, message.message.as_bytes()));
            let mut conn = db.connection()?;
            match outcome {
                Ok(()) => {
                    outbox::mark_sent(&mut conn, message.id)?;
                    sent += 1;
                }
                Err(error) => {
                    tracing::warn!(id = message.id, kind = %message.kind, %error, tentative = message.attempts + 1, "courriel non envoyé, nouvel essai plus tard");
                    outbox::mark_failed(
                        &mut conn,
                        message.id,
                        message.attempts,
                        &error,
                        sender.retry_after,
                    )?;
                }
            }
        }
    }
}

/// Days a message sent stays in the outbox (names and addresses in it), for questions.
pub const SENT_KEPT_DAYS: i64 = 30;

/// Erases messages sent more than `SENT_KEPT_DAYS` ago, registrations left unconfirmed,
/// and those of events ended `kept_months` ago (their anonymous counts stay).
fn forget(db: &Database, kept_months: u32) -> StoreResult<()> {
    let mut conn = db.connection()?;
    let before = passerelle_store::now() - chrono::Duration::days(SENT_KEPT_DAYS);
    let messages = outbox::forget_sent(&mut conn, before)?;
    let unconfirmed = registrations::forget_unconfirmed(&mut conn)?;
    let past = registrations::erase_after_events(&mut conn, kept_months)?;
    if messages + unconfirmed + past > 0 {
        tracing::info!(messages, unconfirmed, past, "données échues effacées");
    }
    Ok(())
}

/// What the round writes before sending: reminders due, notices of changed events.
fn write_due(db: &Database, postman: &Composer) -> StoreResult<()> {
    let mut conn = db.connection()?;
    registrations::queue_reminders(&mut conn, postman)?;
    registrations::send_notices(&mut conn, postman)?;
    Ok(())
}

/// Writes the reminders and notices due, then empties the outbox, every `every`, and
/// erases what is past its keeping time every `cleanup_every`, on a thread of its own, as
/// long as `owner` lives (the server's state: a server stopped, in a test, lets its
/// database go).
pub fn spawn_worker(
    db: Database,
    sender: Sender,
    from: Address,
    config: &MailConfig,
    every: Duration,
    owner: std::sync::Weak<Composer>,
) {
    let (kept_months, cleanup_every) = (config.registrations_kept_months, config.cleanup_every);
    std::thread::Builder::new()
        .name("courriels".to_owned())
        .spawn(move || {
            let mut last_cleanup: Option<std::time::Instant> = None;
            while let Some(postman) = owner.upgrade() {
                if last_cleanup.is_none_or(|at| at.elapsed() >= cleanup_every) {
                    if let Err(error) = forget(&db, kept_months) {
                        tracing::warn!(%error, "effacement des données échues reporté");
                    }
                    last_cleanup = Some(std::time::Instant::now());
                }
                if let Err(error) = write_due(&db, &postman) {
                    tracing::warn!(%error, "rappels ou avis non écrits, nouvel essai plus tard");
                }
                drop(postman);
                if let Err(error) = deliver_due(&db, &sender, &from) {
                    tracing::warn!(%error, "boîte d'envoi illisible, nouvel essai plus tard");
                }
                std::thread::sleep(every);
            }
        })
        .map(|_| ())
        .unwrap_or_else(|error| tracing::error!(%error, "envoi des courriels impossible à lancer"));
}
