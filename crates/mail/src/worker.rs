//! The worker that empties the outbox: it claims the messages due, sends each, marks it
//! sent or schedules it again. Several instances on one PostgreSQL share the outbox without
//! sending a message twice (see `passerelle_store::outbox`).

use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Address, FileTransport, SmtpTransport, Transport};
use passerelle_store::{outbox, Database, StoreResult};

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

/// How often what is past its keeping time is erased.
const CLEANUP_EVERY: Duration = Duration::from_secs(600);
/// Days a message sent stays in the outbox (names and addresses in it), for questions.
pub const SENT_KEPT_DAYS: i64 = 30;

/// Erases messages sent more than `SENT_KEPT_DAYS` ago and registrations left unconfirmed.
fn forget(db: &Database) -> StoreResult<()> {
    let mut conn = db.connection()?;
    let before = passerelle_store::now() - chrono::Duration::days(SENT_KEPT_DAYS);
    let messages = outbox::forget_sent(&mut conn, before)?;
    let unconfirmed = passerelle_store::registrations::forget_unconfirmed(&mut conn)?;
    if messages + unconfirmed > 0 {
        tracing::info!(messages, unconfirmed, "données échues effacées");
    }
    Ok(())
}

/// Writes the reminders due, then empties the outbox, every `every`, on a thread of its own, as long as `owner` lives (the
/// server's state: a server stopped, in a test, lets its database go).
pub fn spawn_worker(
    db: Database,
    sender: Sender,
    from: Address,
    every: Duration,
    owner: std::sync::Weak<Composer>,
) {
    std::thread::Builder::new()
        .name("courriels".to_owned())
        .spawn(move || {
            let mut last_cleanup: Option<std::time::Instant> = None;
            while let Some(postman) = owner.upgrade() {
                if last_cleanup.is_none_or(|at| at.elapsed() >= CLEANUP_EVERY) {
                    if let Err(error) = forget(&db) {
                        tracing::warn!(%error, "effacement des données échues reporté");
                    }
                    last_cleanup = Some(std::time::Instant::now());
                }
                let reminders = db.connection().and_then(|mut conn| {
                    passerelle_store::registrations::queue_reminders(&mut conn, postman.as_ref())
                });
                if let Err(error) = reminders {
                    tracing::warn!(%error, "rappels non écrits, nouvel essai plus tard");
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
