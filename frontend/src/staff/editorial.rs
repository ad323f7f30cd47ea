//! What the editors' form shows for each kind of item: its fields, described once, so that
//! one editor component serves publications, events and members.

use crate::components::optional_text;
use chrono::{NaiveDate, NaiveTime};
use passerelle_types::{
    EditorialEvent, EditorialInput, EditorialMember, EditorialPublication, EditorialView,
    EventInput, EventKind, EventOrganizationInput, EventRole, EventStatus, Link, MemberInput,
    MemberKind, PublicationInput, PublicationKind, PublicationOrganizationInput, PublicationRole,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use uuid::Uuid;

/// Reference lists a field can choose from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    Themes,
    Territories,
}

/// One input of a form. `id` is also the API field name, so that a 422 message lands
/// beside the right input.
pub enum Field<I> {
    /// A one-line text (`input_type`: text, date, time, email, url, tel, number).
    Line {
        id: &'static str,
        label: &'static str,
        input_type: &'static str,
        get: fn(&I) -> String,
        set: fn(&mut I, String),
    },
    /// Several lines; `markdown` offers a preview.
    Text {
        id: &'static str,
        label: &'static str,
        rows: u32,
        markdown: bool,
        get: fn(&I) -> String,
        set: fn(&mut I, String),
    },
    /// One value from a closed list (slug, label).
    Choice {
        id: &'static str,
        label: &'static str,
        options: Vec<(&'static str, &'static str)>,
        get: fn(&I) -> Option<&'static str>,
        set: fn(&mut I, &str),
    },
    Check {
        id: &'static str,
        label: &'static str,
        get: fn(&I) -> bool,
        set: fn(&mut I, bool),
    },
    /// Links to documents and pages: address and wording, in order.
    Links {
        id: &'static str,
        label: &'static str,
        get: fn(&I) -> &Vec<Link>,
        get_mut: fn(&mut I) -> &mut Vec<Link>,
    },
    /// Network members involved, each with a role (slug, label).
    Organizations {
        id: &'static str,
        label: &'static str,
        roles: Vec<(&'static str, &'static str)>,
        get: fn(&I) -> Vec<(Uuid, &'static str)>,
        set: fn(&mut I, Vec<(Uuid, String)>),
    },
    /// Several values from a reference list.
    Many {
        id: &'static str,
        label: &'static str,
        source: Reference,
        get: fn(&I) -> &Vec<String>,
        get_mut: fn(&mut I) -> &mut Vec<String>,
    },
}

/// A kind of item as the editors' screens know it.
pub trait EditorKind: 'static {
    type Input: EditorialInput
        + Clone
        + Default
        + PartialEq
        + Serialize
        + DeserializeOwned
        + Send
        + Sync
        + 'static;
    type View: EditorialView<Content = Self::Input>
        + Clone
        + DeserializeOwned
        + Send
        + Sync
        + 'static;
    /// Path segment of the API (`publications`, `events`, `members`).
    const API: &'static str;
    /// Path segment of the client (`publications`, `evenements`, `membres`).
    const ROUTE: &'static str;
    /// Where the public page of an item lives (`/publications`, `/evenements`, `/reseau`).
    const PUBLIC: &'static str;
    /// « la publication », « l'événement », « le membre ».
    const THE: &'static str;
    const NEW_TITLE: &'static str;
    /// Whether documents can be attached (publications only).
    const ATTACHMENTS: bool = false;
    /// Whether it takes registrations (events only).
    const REGISTRATIONS: bool = false;
    /// The detail the public reads, and its page's article.
    type Public: DeserializeOwned + Clone + 'static;

    fn fields() -> Vec<Field<Self::Input>>;
    fn article(public: Self::Public) -> leptos::prelude::AnyView;
}

fn date_text(date: Option<NaiveDate>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn time_text(time: Option<NaiveTime>) -> String {
    time.map(|t| t.format("%H:%M").to_string())
        .unwrap_or_default()
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .ok()
}

fn options<V: Copy>(
    all: &[V],
    slug: fn(V) -> &'static str,
    label: fn(V) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|v| (slug(*v), label(*v))).collect()
}

/// One form field, named by the input's field it edits: that name is also its `id`, so an
/// input and the API's 422 for it cannot drift apart. The first word says how the value is
/// shown and read back.
macro_rules! field {
    (@line $name:ident, $label:expr, $input_type:literal, $get:expr, $set:expr) => {
        Field::Line {
            id: stringify!($name),
            label: $label,
            input_type: $input_type,
            get: $get,
            set: $set,
        }
    };
    (line $name:ident, $label:expr) => {
        field!(@line $name, $label, "text", |i| i.$name.clone(), |i, v| i.$name = v)
    };
    (optional $name:ident, $label:expr, $input_type:literal) => {
        field!(@line $name, $label, $input_type,
            |i| i.$name.clone().unwrap_or_default(),
            |i, v| i.$name = optional_text(v))
    };
    (date $name:ident, $label:expr) => {
        field!(@line $name, $label, "date", |i| date_text(i.$name), |i, v| i.$name = parse_date(&v))
    };
    (time $name:ident, $label:expr) => {
        field!(@line $name, $label, "time", |i| time_text(i.$name), |i, v| i.$name = parse_time(&v))
    };
    // Degrees, a comma accepted for the decimal point as French keyboards type it.
    (coordinate $name:ident, $label:expr) => {
        field!(@line $name, $label, "text",
            |i| i.$name.map(|v| v.to_string()).unwrap_or_default(),
            |i, v| i.$name = v.trim().replace(',', ".").parse().ok())
    };
    (text $name:ident, $label:expr, rows: $rows:literal, markdown: $markdown:literal) => {
        Field::Text {
            id: stringify!($name),
            label: $label,
            rows: $rows,
            markdown: $markdown,
            get: |i| i.$name.clone(),
            set: |i, v| i.$name = v,
        }
    };
    (check $name:ident, $label:expr) => {
        Field::Check {
            id: stringify!($name),
            label: $label,
            get: |i| i.$name,
            set: |i, v| i.$name = v,
        }
    };
    (choice $name:ident, $label:expr, $values:ident) => {
        Field::Choice {
            id: stringify!($name),
            label: $label,
            options: options($values::ALL, $values::as_str, $values::label),
            get: |i| i.$name.map($values::as_str),
            set: |i, v| i.$name = v.parse().ok(),
        }
    };
    (many $name:ident, $label:expr, $source:ident) => {
        Field::Many {
            id: stringify!($name),
            label: $label,
            source: Reference::$source,
            get: |i| &i.$name,
            get_mut: |i| &mut i.$name,
        }
    };
    (links $name:ident, $label:expr) => {
        Field::Links {
            id: stringify!($name),
            label: $label,
            get: |i| &i.$name,
            get_mut: |i| &mut i.$name,
        }
    };
    // Rows whose role does not parse (none can: the choice lists only known roles) are dropped.
    (organizations $name:ident, $label:expr, $roles:ident, $row:ident) => {
        Field::Organizations {
            id: stringify!($name),
            label: $label,
            roles: options($roles::ALL, $roles::as_str, $roles::label),
            get: |i| {
                i.$name
                    .iter()
                    .map(|o| (o.member_id, o.role.as_str()))
                    .collect()
            },
            set: |i, rows| {
                i.$name = rows
                    .into_iter()
                    .filter_map(|(member_id, role)| {
                        Some($row {
                            member_id,
                            role: role.parse().ok()?,
                        })
                    })
                    .collect()
            },
        }
    };
}

pub struct Publications;

impl EditorKind for Publications {
    type Public = passerelle_types::Publication;
    fn article(public: Self::Public) -> leptos::prelude::AnyView {
        crate::pages::detail::publication_article(public)
    }
    type Input = PublicationInput;
    type View = EditorialPublication;
    const API: &'static str = "publications";
    const ROUTE: &'static str = "publications";
    const PUBLIC: &'static str = "/publications";
    const THE: &'static str = "cette publication";
    const NEW_TITLE: &'static str = "Nouvelle publication";
    const ATTACHMENTS: bool = true;

    fn fields() -> Vec<Field<PublicationInput>> {
        vec![
            field!(line title, "Titre (obligatoire)"),
            field!(choice kind, "Type (obligatoire)", PublicationKind),
            field!(date publication_date, "Date de publication"),
            field!(text summary, "Résumé", rows: 3, markdown: false),
            field!(
                text body,
                "Texte (Markdown : ## titre, *italique*, **gras**, - liste, [lien](https://…))",
                rows: 12,
                markdown: true
            ),
            field!(many themes, "Thèmes", Themes),
            field!(many territories, "Territoires", Territories),
            // Kept as typed, commas and spaces included, so that typing a comma does not
            // vanish; the server drops blank keywords and trims the others.
            Field::Line {
                id: "keywords",
                label: "Mots-clés (séparés par des virgules)",
                input_type: "text",
                get: |i| i.keywords.join(","),
                set: |i, v| i.keywords = v.split(',').map(str::to_owned).collect(),
            },
            field!(links links, "Liens (documents, pages)"),
            field!(
                organizations organizations,
                "Structures impliquées",
                PublicationRole,
                PublicationOrganizationInput
            ),
        ]
    }
}

pub struct Events;

impl EditorKind for Events {
    const REGISTRATIONS: bool = true;
    type Public = passerelle_types::Event;
    fn article(public: Self::Public) -> leptos::prelude::AnyView {
        crate::pages::detail::event_article(public, ())
    }
    type Input = EventInput;
    type View = EditorialEvent;
    const API: &'static str = "events";
    const ROUTE: &'static str = "evenements";
    const PUBLIC: &'static str = "/evenements";
    const THE: &'static str = "cet événement";
    const NEW_TITLE: &'static str = "Nouvel événement";

    fn fields() -> Vec<Field<EventInput>> {
        vec![
            field!(line title, "Titre (obligatoire)"),
            field!(choice kind, "Type (obligatoire)", EventKind),
            // An event is scheduled until said otherwise.
            Field::Choice {
                id: "status",
                label: "Statut",
                options: options(EventStatus::ALL, EventStatus::as_str, EventStatus::label),
                get: |i| Some(i.status.unwrap_or(EventStatus::Scheduled).as_str()),
                set: |i, v| i.status = v.parse().ok(),
            },
            field!(date start_date, "Jour de début"),
            field!(time start_time, "Heure de début (heure de Paris)"),
            field!(date end_date, "Jour de fin"),
            field!(time end_time, "Heure de fin"),
            field!(
                optional period,
                "Période en toutes lettres (si les dates ne sont pas connues)",
                "text"
            ),
            field!(optional venue_name, "Lieu", "text"),
            field!(optional venue_address, "Adresse", "text"),
            field!(
                optional venue_commune,
                "Commune du lieu (identifiant, par exemple commune-30189)",
                "text"
            ),
            field!(
                optional online_url,
                "Réunion en ligne (adresse de la visioconférence)",
                "url"
            ),
            field!(text summary, "Résumé", rows: 3, markdown: false),
            field!(text body, "Description (Markdown)", rows: 10, markdown: true),
            field!(many themes, "Thèmes", Themes),
            field!(many territories, "Territoires", Territories),
            field!(links links, "Liens (programme, inscription, visioconférence)"),
            field!(
                organizations organizations,
                "Structures impliquées",
                EventRole,
                EventOrganizationInput
            ),
        ]
    }
}

pub struct Members;

impl EditorKind for Members {
    type Public = passerelle_types::Member;
    fn article(public: Self::Public) -> leptos::prelude::AnyView {
        crate::pages::detail::member_article(public)
    }
    type Input = MemberInput;
    type View = EditorialMember;
    const API: &'static str = "members";
    const ROUTE: &'static str = "membres";
    const PUBLIC: &'static str = "/reseau";
    const THE: &'static str = "ce membre";
    const NEW_TITLE: &'static str = "Nouveau membre du réseau";

    fn fields() -> Vec<Field<MemberInput>> {
        vec![
            field!(line name, "Nom (obligatoire)"),
            field!(choice kind, "Type de structure (obligatoire)", MemberKind),
            field!(text description, "Présentation (Markdown)", rows: 8, markdown: true),
            field!(optional website, "Site web", "url"),
            field!(optional contact_email, "Adresse de contact", "email"),
            field!(optional contact_phone, "Téléphone", "tel"),
            field!(
                check contact_public,
                "Le membre accepte que ses coordonnées soient publiques"
            ),
            field!(
                optional qpv_code,
                "Code du quartier prioritaire (par exemple QN03004M)",
                "text"
            ),
            field!(coordinate latitude, "Latitude"),
            field!(coordinate longitude, "Longitude"),
            field!(many themes, "Thèmes", Themes),
            field!(many territories, "Territoires", Territories),
        ]
    }
}

/// Names of the fields that differ between two versions, for the conflict message.
pub fn changed_fields<I: Serialize>(mine: &I, theirs: &I, fields: &[Field<I>]) -> Vec<String> {
    let (Ok(mine), Ok(theirs)) = (serde_json::to_value(mine), serde_json::to_value(theirs)) else {
        return Vec::new();
    };
    let (Some(mine), Some(theirs)) = (mine.as_object(), theirs.as_object()) else {
        return Vec::new();
    };
    mine.iter()
        .filter(|(key, value)| theirs.get(*key) != Some(value))
        .map(|(key, _)| field_label(fields, key))
        .collect()
}

/// How the form names the field `key` of the content, in lower case, without its hint.
pub fn field_label<I>(fields: &[Field<I>], key: &str) -> String {
    fields
        .iter()
        .find_map(|f| match f {
            Field::Line { id, label, .. }
            | Field::Text { id, label, .. }
            | Field::Choice { id, label, .. }
            | Field::Check { id, label, .. }
            | Field::Links { id, label, .. }
            | Field::Organizations { id, label, .. }
            | Field::Many { id, label, .. } => (*id == key).then_some(*label),
        })
        .map(|label| label.split(" (").next().unwrap_or(label).to_lowercase())
        .unwrap_or_else(|| key.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conflict_names_the_fields_that_differ_in_french() {
        let mine = PublicationInput {
            title: "A".to_owned(),
            summary: "mon résumé".to_owned(),
            ..Default::default()
        };
        let theirs = PublicationInput {
            title: "A".to_owned(),
            summary: "le sien".to_owned(),
            themes: vec!["sante".to_owned()],
            ..Default::default()
        };
        let changed = changed_fields(&mine, &theirs, &Publications::fields());
        assert_eq!(changed, ["résumé", "thèmes"]);
    }

    #[test]
    fn every_field_of_every_form_is_a_field_of_the_api() {
        fn ids<I>(fields: Vec<Field<I>>) -> Vec<&'static str> {
            fields
                .iter()
                .map(|f| match f {
                    Field::Line { id, .. }
                    | Field::Text { id, .. }
                    | Field::Choice { id, .. }
                    | Field::Check { id, .. }
                    | Field::Links { id, .. }
                    | Field::Organizations { id, .. }
                    | Field::Many { id, .. } => *id,
                })
                .collect()
        }
        let check = |ids: Vec<&'static str>, json: serde_json::Value| {
            for id in ids {
                assert!(json.get(id).is_some(), "{id} n'est pas un champ de l'API");
            }
        };
        check(
            ids(Publications::fields()),
            serde_json::to_value(PublicationInput::default()).unwrap_or_default(),
        );
        check(
            ids(Events::fields()),
            serde_json::to_value(EventInput::default()).unwrap_or_default(),
        );
        check(
            ids(Members::fields()),
            serde_json::to_value(MemberInput::default()).unwrap_or_default(),
        );
    }
}
