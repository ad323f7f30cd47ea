//! The messages of registrations, in French: a plain-text part beside the HTML one, the
//! person's own link in each, and the event as an `.ics` attachment once a place is theirs.

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::Message;
use passerelle_feeds::Site;
use passerelle_store::registrations::{MailFacts, MailKind, Postman};

use crate::config::MailConfig;
use passerelle_feeds::escape_html as escape;

/// Composes the messages and makes the personal links' secrets.
pub struct Composer {
    site: Site,
    from: Mailbox,
    /// Where to write for anything else (an accessibility need): the sender's address.
    contact: String,
}

impl Composer {
    pub fn new(config: &MailConfig, site: Site) -> Result<Composer, String> {
        let address = config
            .from_address
            .parse()
            .map_err(|e| format!("PASSERELLE_MAIL_FROM « {} » : {e}", config.from_address))?;
        Ok(Composer {
            site,
            from: Mailbox::new(Some(config.from_name.clone()), address),
            contact: config.from_address.clone(),
        })
    }

    /// The message that brings a colleague their one-time link to choose a password.
    pub fn invitation(
        &self,
        to: &str,
        link: &str,
        until: chrono::DateTime<chrono::Utc>,
    ) -> Result<String, String> {
        let until = until.with_timezone(&chrono_tz::Europe::Paris);
        let parts = [
            Part::Text("Bonjour,".to_owned()),
            Part::Text(format!(
                "Un compte vous attend dans l'espace rédaction de {}. Choisissez votre mot de \
                 passe par ce lien, valable une seule fois, jusqu'au {} à {} (heure de Paris) :",
                self.site.publisher,
                passerelle_types::french_date(until.date_naive()),
                until.format("%H:%M")
            )),
            Part::Link("Choisir mon mot de passe", link.to_owned()),
            Part::Text(
                "Si vous n'attendiez pas ce message, ignorez-le : sans mot de passe choisi, le \
                 compte reste fermé."
                    .to_owned(),
            ),
        ];
        self.message(
            to,
            format!(
                "Votre accès à l'espace rédaction de {}",
                self.site.publisher
            ),
            &parts,
            None,
            None,
        )
    }

    /// The person's own page of their registration; the secret stays after `#`, out of
    /// the server's logs.
    fn link(&self, secret: &str) -> String {
        self.site.url(&format!("/inscription#{secret}"))
    }
}

/// A paragraph of the message: text, or a labelled link.
enum Part {
    Text(String),
    Link(&'static str, String),
}

impl Postman for Composer {
    fn new_secret(&self) -> (String, String) {
        let secret = passerelle_auth::generate_secret(passerelle_auth::SecretKind::Registration);
        let digest = passerelle_auth::digest(&secret);
        (secret, digest)
    }

    fn compose(&self, facts: &MailFacts<'_>) -> Result<String, String> {
        let summary = &facts.event.summary;
        let title = &summary.title;
        let when = passerelle_feeds::when_and_where(summary);
        let link = self.link(facts.secret);
        let manage = Part::Link("Voir, modifier ou annuler votre inscription", link.clone());
        let place = || {
            let mut parts = vec![Part::Text(format!("Quand et où : {when}."))];
            let venue = summary.venue.as_ref().map(passerelle_types::wording::venue);
            if let Some(venue) = venue.filter(|v| !v.is_empty()) {
                parts.push(Part::Text(format!("Lieu : {venue}.")));
            }
            if let Some(url) = &summary.online_url {
                parts.push(Part::Link("Pour suivre l'événement en ligne", url.clone()));
            }
            parts.push(Part::Text(format!(
                "Un besoin lié à un handicap, un aménagement à prévoir ? Écrivez-nous à {} : \
                 nous ferons le nécessaire.",
                self.contact
            )));
            parts.push(Part::Text(
                "L'événement est joint à ce message : ouvrez le fichier pour l'ajouter à votre \
                 agenda."
                    .to_owned(),
            ));
            parts
        };
        let (subject, mut parts) = match facts.kind {
            MailKind::Confirm => (
                format!("Confirmez votre inscription : {title}"),
                vec![
                    Part::Text(format!(
                        "Vous avez demandé à vous inscrire à « {title} » ({when}). Pour confirmer \
                         votre adresse et votre inscription, ouvrez ce lien dans les 48 heures ; \
                         sans confirmation, votre demande sera effacée."
                    )),
                    Part::Link("Confirmer mon inscription", link.clone()),
                    Part::Text(
                        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : \
                         rien ne sera enregistré."
                            .to_owned(),
                    ),
                ],
            ),
            MailKind::Link => (
                format!("Votre lien d'inscription : {title}"),
                vec![
                    Part::Text(format!(
                        "Cette adresse est déjà inscrite à « {title} » ({when}) : voici à nouveau \
                         votre lien personnel. Il remplace le précédent."
                    )),
                    manage,
                ],
            ),
            MailKind::Registered => {
                let mut parts = vec![Part::Text(format!(
                    "Votre inscription à « {title} » est confirmée."
                ))];
                parts.extend(place());
                parts.push(manage);
                (format!("Inscription confirmée : {title}"), parts)
            }
            MailKind::Promoted => {
                let mut parts = vec![Part::Text(format!(
                    "Une place s'est libérée pour « {title} » : elle est à vous, votre \
                     inscription est confirmée."
                ))];
                parts.extend(place());
                parts.push(manage);
                (format!("Une place s'est libérée : {title}"), parts)
            }
            MailKind::Waiting => (
                format!("Liste d'attente : {title}"),
                vec![
                    Part::Text(format!(
                        "« {title} » est complet : vous êtes sur la liste d'attente, en position \
                         {}. Si une place se libère, elle vous revient et un courriel vous le \
                         dira.",
                        facts.position.unwrap_or(1)
                    )),
                    manage,
                ],
            ),
            MailKind::BeforeEvent => {
                let mut parts = vec![Part::Text(format!(
                    "« {title} » approche : nous vous attendons."
                ))];
                parts.extend(place());
                parts.push(Part::Text(
                    "Un empêchement ? Annulez votre inscription : votre place ira à quelqu'un \
                     d'autre."
                        .to_owned(),
                ));
                parts.push(manage);
                (format!("Rappel : {title}"), parts)
            }
            MailKind::EventChanged => {
                let mut parts = vec![Part::Text(format!(
                    "L'équipe a modifié la date, l'horaire ou le lieu de « {title} », auquel \
                     vous êtes inscrit·e. Voici ce qui vaut désormais."
                ))];
                parts.extend(place());
                parts.push(Part::Text(
                    "Si vous ne pouvez plus venir, annulez votre inscription : votre place \
                     ira à quelqu'un d'autre."
                        .to_owned(),
                ));
                parts.push(manage);
                (format!("Changement : {title}"), parts)
            }
            MailKind::EventPostponed => (
                format!("Événement reporté : {title}"),
                vec![
                    Part::Text(format!(
                        "« {title} » est reporté. Votre inscription est gardée : nous vous \
                         écrirons dès que la nouvelle date sera fixée."
                    )),
                    manage,
                ],
            ),
            MailKind::EventCancelled => (
                format!("Événement annulé : {title}"),
                vec![
                    Part::Text(format!(
                        "Nous sommes au regret de vous annoncer que « {title} » ({when}) est \
                         annulé. Vous n'avez rien à faire : cette inscription n'a plus \
                         d'effet."
                    )),
                    manage,
                ],
            ),
            MailKind::FromTeam => {
                let note = facts.note.ok_or("message de l'équipe sans texte")?;
                let mut parts = vec![Part::Text(format!(
                    "Un message de l'équipe à propos de « {title} » ({when}), auquel vous \
                     êtes inscrit·e :"
                ))];
                parts.extend(
                    note.body
                        .split("\n\n")
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(|p| Part::Text(p.to_owned())),
                );
                parts.push(manage);
                (format!("{} — {title}", note.subject.trim()), parts)
            }
            MailKind::Cancelled => (
                format!("Inscription annulée : {title}"),
                vec![
                    Part::Text(format!(
                        "Votre inscription à « {title} » est annulée. Merci de nous avoir \
                         prévenus : votre place revient à quelqu'un d'autre."
                    )),
                    Part::Link(
                        "Pour vous inscrire à nouveau",
                        self.site.event_page(&summary.slug),
                    ),
                ],
            ),
        };
        parts.insert(0, Part::Text(format!("Bonjour {},", facts.name)));
        parts.push(Part::Text(format!(
            "{}\n{}",
            self.site.publisher,
            self.site.event_page(&summary.slug)
        )));
        let calendar = match facts.kind {
            // A changed or cancelled event replaces the one in the person's calendar (same
            // UID, later SEQUENCE).
            MailKind::Registered
            | MailKind::Promoted
            | MailKind::BeforeEvent
            | MailKind::EventChanged
            | MailKind::EventCancelled => Some(passerelle_feeds::ical::single_event(
                &self.site,
                facts.event,
            )),
            _ => None,
        };
        // Messages about an event one is registered to: the mail program offers to stop
        // them, through the person's page, where they cancel.
        let unsubscribe = match facts.kind {
            MailKind::Confirm | MailKind::Cancelled => None,
            _ => Some(link),
        };
        self.message(facts.to, subject, &parts, calendar, unsubscribe)
    }
}

impl Composer {
    /// The whole message: a plain-text part and its HTML twin, and a calendar if given.
    fn message(
        &self,
        to: &str,
        subject: String,
        parts: &[Part],
        calendar: Option<String>,
        unsubscribe: Option<String>,
    ) -> Result<String, String> {
        let text = parts
            .iter()
            .map(|part| match part {
                Part::Text(text) => text.clone(),
                Part::Link(label, url) => format!("{label} :\n{url}"),
            })
            .collect::<Vec<_>>()
            .join("\n\n");
        let html = format!(
            "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{}</title></head><body>{}</body></html>",
            escape(&subject),
            parts
                .iter()
                .map(|part| match part {
                    Part::Text(text) => format!("<p>{}</p>", escape(text).replace('\n', "<br>")),
                    Part::Link(label, url) => format!(
                        "<p><a href=\"{}\">{}</a></p>",
                        escape(url),
                        escape(label)
                    ),
                })
                .collect::<String>()
        );
        let to: Mailbox = to.parse().map_err(|e| format!("adresse « {to} » : {e}"))?;
        let alternative = MultiPart::alternative_plain_html(text, html);
        let body = match calendar {
            Some(calendar) => {
                let kind = ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
                    .map_err(|e| e.to_string())?;
                MultiPart::mixed()
                    .multipart(alternative)
                    .singlepart(Attachment::new("evenement.ics".to_owned()).body(calendar, kind))
            }
            None => alternative,
        };
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject);
        if let Some(url) = unsubscribe {
            builder = builder.raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{url}>"),
            ));
        }
        let message = builder.multipart(body).map_err(|e| e.to_string())?;
        String::from_utf8(message.formatted()).map_err(|e| e.to_string())
    }
}
