//! CSV exports that open as they should in a French-locale spreadsheet: semicolons (the
//! comma is the decimal separator there), a UTF-8 byte-order mark (so accents survive),
//! dates as JJ/MM/AAAA.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Europe::Paris;
use passerelle_types::{
    ActivityReport, EventSummary, MemberSummary, PublicationSummary, Registration, Territory, Theme,
};

use crate::Site;

const BYTE_ORDER_MARK: &[u8] = "\u{feff}".as_bytes();

pub fn publications(site: &Site, items: &[PublicationSummary]) -> Vec<u8> {
    table(
        &[
            "Titre",
            "Type",
            "Date de publication",
            "Année",
            "Thèmes",
            "Territoires",
            "Résumé",
            "Adresse",
            "Identifiant",
            "Dernière modification",
        ],
        items.iter().map(|p| {
            vec![
                p.title.clone(),
                p.kind.label().to_owned(),
                p.publication_date.map(date).unwrap_or_default(),
                p.year.map(|y| y.to_string()).unwrap_or_default(),
                themes(&p.themes),
                territories(&p.territories),
                p.summary.clone(),
                site.publication_page(&p.slug),
                p.id.to_string(),
                instant(p.updated_at),
            ]
        }),
    )
}

/// The registrations of an event, for the team: personal data, never public.
pub fn registrations(items: &[Registration]) -> Vec<u8> {
    table(
        &[
            "Nom",
            "Adresse électronique",
            "Structure",
            "Vous êtes",
            "Commune",
            "Besoins d'accessibilité",
            "État",
            "Rang en liste d'attente",
            "Présent",
            "Actualités du centre",
            "Inscrit le",
            "Confirmé le",
        ],
        items.iter().map(|r| {
            vec![
                r.name.clone(),
                r.email.clone(),
                r.organisation.clone().unwrap_or_default(),
                r.audience.label().to_owned(),
                r.commune.clone().unwrap_or_default(),
                r.accessibility_needs.clone().unwrap_or_default(),
                r.status.label().to_owned(),
                r.position.map(|p| p.to_string()).unwrap_or_default(),
                if r.attended { "oui" } else { "non" }.to_owned(),
                if r.newsletter { "oui" } else { "non" }.to_owned(),
                instant(r.created_at),
                r.confirmed_at.map(instant).unwrap_or_default(),
            ]
        }),
    )
}

/// The year's activity, one row per figure, for pivot tables: year, section, element,
/// indicator, number.
pub fn activity(report: &ActivityReport) -> Vec<u8> {
    use passerelle_types::wording::MONTHS;
    let year = report.year.to_string();
    let mut rows: Vec<[String; 4]> = [
        ("Événements tenus", report.events_held),
        ("Inscriptions confirmées", report.registrations),
        ("Présents", report.attended),
        ("Restés en liste d'attente", report.waiting),
        ("Publications parues", report.publications_published),
    ]
    .into_iter()
    .map(|(what, n)| ["Année".into(), year.clone(), what.into(), n.to_string()])
    .collect();
    for month in &report.months {
        let name = MONTHS[(month.month as usize).saturating_sub(1) % 12];
        for (what, n) in [
            ("Événements tenus", month.events),
            ("Inscriptions confirmées", month.registrations),
            ("Présents", month.attended),
            ("Publications parues", month.publications),
        ] {
            rows.push(["Mois".into(), name.into(), what.into(), n.to_string()]);
        }
    }
    for (section, tallies) in [
        ("Public", &report.audiences),
        ("Département", &report.departements),
    ] {
        for tally in tallies {
            rows.push([
                section.into(),
                tally.label.clone(),
                "Inscriptions confirmées".into(),
                tally.count.to_string(),
            ]);
        }
    }
    table(
        &["Année", "Rubrique", "Élément", "Indicateur", "Nombre"],
        rows.into_iter()
            .map(|[section, element, what, n]| vec![year.clone(), section, element, what, n]),
    )
}

pub fn events(site: &Site, items: &[EventSummary]) -> Vec<u8> {
    table(
        &[
            "Titre",
            "Type",
            "Statut",
            "Date de début",
            "Heure de début",
            "Date de fin",
            "Heure de fin",
            "Période",
            "Lieu",
            "Commune",
            "Thèmes",
            "Territoires",
            "Résumé",
            "Adresse",
            "Identifiant",
            "Dernière modification",
        ],
        items.iter().map(|e| {
            let s = &e.schedule;
            let venue = e.venue.as_ref();
            vec![
                e.title.clone(),
                e.kind.label().to_owned(),
                e.status.label().to_owned(),
                s.start_date.map(date).unwrap_or_default(),
                s.start_time.map(time).unwrap_or_default(),
                s.end_date.map(date).unwrap_or_default(),
                s.end_time.map(time).unwrap_or_default(),
                s.period.clone().unwrap_or_default(),
                [
                    venue.and_then(|v| v.name.clone()),
                    venue.and_then(|v| v.address.clone()),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
                venue
                    .and_then(|v| v.commune.as_ref())
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                themes(&e.themes),
                territories(&e.territories),
                e.summary.clone(),
                site.event_page(&e.slug),
                e.id.to_string(),
                instant(e.updated_at),
            ]
        }),
    )
}

pub fn members(site: &Site, items: &[MemberSummary]) -> Vec<u8> {
    table(
        &[
            "Nom",
            "Type",
            "Quartier prioritaire (code)",
            "Thèmes",
            "Territoires",
            "Adresse",
            "Identifiant",
            "Dernière modification",
        ],
        items.iter().map(|m| {
            vec![
                m.name.clone(),
                m.kind.label().to_owned(),
                m.qpv_code.clone().unwrap_or_default(),
                themes(&m.themes),
                territories(&m.territories),
                site.member_page(&m.slug),
                m.id.to_string(),
                instant(m.updated_at),
            ]
        }),
    )
}

fn table(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(BYTE_ORDER_MARK.to_vec());
    // Writing to memory cannot fail; a row that could not be written would be dropped
    // rather than abort the whole export.
    let _ = writer.write_record(header);
    for row in rows {
        let _ = writer.write_record(row.iter().map(|cell| defuse(cell).into_owned()));
    }
    writer.into_inner().unwrap_or_default()
}

/// A cell starting like a formula would run as one in a spreadsheet (CSV injection): a
/// leading apostrophe makes it text.
fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn date(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

fn time(at: NaiveTime) -> String {
    at.format("%H:%M").to_string()
}

/// In Paris time, as the rest of the table.
fn instant(at: DateTime<Utc>) -> String {
    at.with_timezone(&Paris)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

fn themes(themes: &[Theme]) -> String {
    themes
        .iter()
        .map(|t| t.label.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn territories(territories: &[Territory]) -> String {
    territories
        .iter()
        .map(|t| t.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_plain_text_is_not() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("Égalité, femmes-hommes"), "Égalité, femmes-hommes");
    }
}
