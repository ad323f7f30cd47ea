//! Where mail goes, read from the environment: an SMTP server (host, port, TLS mode,
//! credentials), or, without one, `.eml` files in a folder.

use std::path::PathBuf;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// TLS from the first byte (port 465).
    Tls,
    /// STARTTLS, required (port 587).
    StartTls,
    /// None: only for a server on the same machine or in tests.
    None,
}

#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    /// User name and password, if the server asks.
    pub credentials: Option<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct MailConfig {
    /// The sender: the centre's name and address.
    pub from_name: String,
    pub from_address: String,
    /// None: messages are written as files in `folder`.
    pub smtp: Option<SmtpSettings>,
    pub folder: PathBuf,
    /// Wait after a first failed attempt, doubled at each new one (an hour at most).
    pub retry_after: std::time::Duration,
    /// Months after an event its registrations' personal data are erased (3 by default,
    /// `PASSERELLE_REGISTRATIONS_KEPT_MONTHS`); anonymous counts stay.
    pub registrations_kept_months: u32,
    /// How often the worker erases what is past its keeping time (ten minutes).
    pub cleanup_every: std::time::Duration,
}

impl MailConfig {
    /// `PASSERELLE_SMTP_HOST`, `PASSERELLE_SMTP_PORT`, `PASSERELLE_SMTP_TLS` (`tls`,
    /// `starttls` or `none`), `PASSERELLE_SMTP_USER`, `PASSERELLE_SMTP_PASSWORD`,
    /// `PASSERELLE_MAIL_FROM`; without a host, files under `data_dir/courriels`. And how long
    /// registrations are kept: `PASSERELLE_REGISTRATIONS_KEPT_MONTHS`.
    pub fn from_env(centre: &str, data_dir: &std::path::Path) -> Result<MailConfig, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let smtp = match var("PASSERELLE_SMTP_HOST") {
            None => None,
            Some(host) => {
                let security = match var("PASSERELLE_SMTP_TLS").as_deref().unwrap_or("starttls") {
                    "tls" => SmtpSecurity::Tls,
                    "starttls" => SmtpSecurity::StartTls,
                    "none" => SmtpSecurity::None,
                    other => {
                        return Err(format!(
                            "PASSERELLE_SMTP_TLS vaut « {other} » : tls, starttls ou none attendu."
                        ))
                    }
                };
                let default_port = match security {
                    SmtpSecurity::Tls => 465,
                    SmtpSecurity::StartTls => 587,
                    SmtpSecurity::None => 25,
                };
                let port = match var("PASSERELLE_SMTP_PORT") {
                    Some(port) => port.parse().map_err(|_| {
                        format!("PASSERELLE_SMTP_PORT vaut « {port} » : un numéro de port attendu.")
                    })?,
                    None => default_port,
                };
                let credentials =
                    match (var("PASSERELLE_SMTP_USER"), var("PASSERELLE_SMTP_PASSWORD")) {
                        (Some(user), Some(password)) => Some((user, password)),
                        (None, None) => None,
                        _ => {
                            return Err(
                                "PASSERELLE_SMTP_USER et PASSERELLE_SMTP_PASSWORD vont ensemble."
                                    .to_owned(),
                            )
                        }
                    };
                Some(SmtpSettings {
                    host,
                    port,
                    security,
                    credentials,
                })
            }
        };
        Ok(MailConfig {
            from_name: centre.to_owned(),
            from_address: var("PASSERELLE_MAIL_FROM")
                .unwrap_or_else(|| "ne-pas-repondre@passerelle.invalid".to_owned()),
            smtp,
            folder: data_dir.join("courriels"),
            retry_after: std::time::Duration::from_secs(30),
            registrations_kept_months: match var("PASSERELLE_REGISTRATIONS_KEPT_MONTHS") {
                None => 3,
                Some(months) => months
                    .parse()
                    .ok()
                    .filter(|m| (1..=120).contains(m))
                    .ok_or_else(|| {
                        format!(
                            "PASSERELLE_REGISTRATIONS_KEPT_MONTHS vaut « {months} » : un nombre \
                             de mois de 1 à 120 attendu."
                        )
                    })?,
            },
            cleanup_every: std::time::Duration::from_secs(600),
        })
    }
}
