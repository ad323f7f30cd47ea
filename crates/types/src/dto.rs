//! Response bodies of the read API.
//!
//! Field comments become the descriptions of the OpenAPI document.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::enums::*;

/// A theme of urban policy work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"slug": "egalite-femmes-hommes", "label": "Égalité femmes-hommes"})))]
pub struct Theme {
    /// Identifiant stable, utilisé dans le filtre `theme`.
    pub slug: String,
    /// Libellé en français.
    pub label: String,
}

/// A territory of the official geography (INSEE codes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"id": "departement-30", "code": "30", "level": "departement", "name": "Gard", "parent_id": "region-76"})))]
pub struct Territory {
    /// Identifiant stable `niveau-code`, utilisé dans le filtre `territory`.
    pub id: String,
    /// Code officiel INSEE (code de région, de département ou code commune).
    pub code: String,
    /// Échelon administratif.
    pub level: TerritoryLevel,
    /// Nom officiel.
    pub name: String,
    /// Territoire englobant (la région d'un département, le département d'une commune).
    pub parent_id: Option<String>,
}

/// A link to a document, a page or a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Link {
    /// Adresse absolue.
    pub url: String,
    /// Intitulé du lien, en français.
    pub label: String,
    /// Type de média (par exemple `application/pdf`), s'il est connu.
    pub media_type: Option<String>,
}

/// A document attached to a publication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub id: Uuid,
    /// Nom du fichier, nettoyé, avec l'extension de son type réel.
    pub file_name: String,
    /// Type reconnu d'après le contenu du fichier.
    pub media_type: String,
    pub size_bytes: u64,
    /// Adresse de téléchargement.
    pub url: String,
    pub created_at: DateTime<Utc>,
}

/// A publication as it appears in lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicationSummary {
    pub id: Uuid,
    /// Identifiant lisible, stable une fois publié.
    pub slug: String,
    pub title: String,
    /// Résumé en texte brut.
    pub summary: String,
    pub kind: PublicationKind,
    /// Date de publication, quand elle est connue au jour près.
    pub publication_date: Option<NaiveDate>,
    /// Année de publication, quand elle est connue.
    pub year: Option<i32>,
    pub themes: Vec<Theme>,
    pub territories: Vec<Territory>,
    /// Dernière modification (UTC) : suit les mises à jour pour une copie incrémentale.
    pub updated_at: DateTime<Utc>,
    /// Numéro de version, augmenté à chaque modification.
    pub version: i32,
}

/// A publication with its content and related items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Publication {
    #[serde(flatten)]
    pub summary: PublicationSummary,
    /// Corps du texte, en Markdown.
    pub body: String,
    /// Corps du texte rendu en HTML assaini (sans script ni gestionnaire d'événement),
    /// prêt à insérer dans une page.
    pub body_html: String,
    /// Documents et pages liés.
    pub links: Vec<Link>,
    /// Documents déposés sur la plateforme (PDF, images, bureautique).
    pub attachments: Vec<Attachment>,
    /// Mots-clés libres, dans leur ordre.
    pub keywords: Vec<String>,
    /// Structures impliquées, avec leur rôle.
    pub organizations: Vec<PublicationOrganization>,
    /// Événements liés (par exemple le séminaire dont le document est issu).
    pub events: Vec<EventSummary>,
    pub created_at: DateTime<Utc>,
}

/// An organization involved in a publication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicationOrganization {
    pub role: PublicationRole,
    pub member: MemberSummary,
}

/// When an event takes place, in Europe/Paris wall-clock time.
///
/// Dates and times not given by the source stay empty; `period` then says in words what
/// is known (for example « septembre-octobre 2019 »).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Schedule {
    /// Jour de début (heure de Paris).
    pub start_date: Option<NaiveDate>,
    /// Heure de début (heure de Paris), si elle est connue.
    pub start_time: Option<NaiveTime>,
    /// Jour de fin, si l'événement dure plusieurs jours ou que sa fin est connue.
    pub end_date: Option<NaiveDate>,
    /// Heure de fin, si elle est connue.
    pub end_time: Option<NaiveTime>,
    /// Début exact avec le décalage horaire en vigueur ce jour-là, quand l'heure est connue.
    pub starts_at: Option<DateTime<FixedOffset>>,
    /// Fin exacte avec le décalage horaire en vigueur ce jour-là, quand l'heure est connue.
    pub ends_at: Option<DateTime<FixedOffset>>,
    /// Période en toutes lettres quand les dates exactes ne sont pas connues.
    pub period: Option<String>,
    /// Année de l'événement, quand elle est connue.
    pub year: Option<i32>,
    /// Fuseau horaire des dates et heures : toujours `Europe/Paris`.
    pub time_zone: String,
}

/// Where an event takes place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Venue {
    /// Nom du lieu.
    pub name: Option<String>,
    /// Adresse postale.
    pub address: Option<String>,
    /// Commune du lieu.
    pub commune: Option<Territory>,
}

/// An event as it appears in lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventSummary {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    /// Résumé en texte brut.
    pub summary: String,
    pub kind: EventKind,
    pub status: EventStatus,
    pub schedule: Schedule,
    pub venue: Option<Venue>,
    /// Adresse de la réunion en ligne (visioconférence), si l'événement se tient en ligne.
    pub online_url: Option<String>,
    pub themes: Vec<Theme>,
    pub territories: Vec<Territory>,
    /// Dernière modification (UTC) : suit les mises à jour pour une copie incrémentale.
    pub updated_at: DateTime<Utc>,
    /// Numéro de version, augmenté à chaque modification.
    pub version: i32,
}

/// An event with its content and related items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    #[serde(flatten)]
    pub summary: EventSummary,
    /// Description détaillée, en Markdown.
    pub body: String,
    /// Description rendue en HTML assaini, prête à insérer dans une page.
    pub body_html: String,
    /// Programme, inscription et autres liens.
    pub links: Vec<Link>,
    /// Structures impliquées, avec leur rôle.
    pub organizations: Vec<EventOrganization>,
    /// Publications issues de l'événement ou liées à lui.
    pub publications: Vec<PublicationSummary>,
    pub created_at: DateTime<Utc>,
}

/// An organization involved in an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventOrganization {
    pub role: EventRole,
    pub member: MemberSummary,
}

/// A network member as it appears in lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberSummary {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub kind: MemberKind,
    /// Code du quartier prioritaire de la politique de la ville, le cas échéant.
    pub qpv_code: Option<String>,
    pub themes: Vec<Theme>,
    pub territories: Vec<Territory>,
    /// Dernière modification (UTC) : suit les mises à jour pour une copie incrémentale.
    pub updated_at: DateTime<Utc>,
    /// Numéro de version, augmenté à chaque modification.
    pub version: i32,
}

/// Public contact details of a member, shown only when the member made them public.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A WGS 84 point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeoPoint {
    pub latitude: f64,
    pub longitude: f64,
}

/// A network member with its description and related items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    #[serde(flatten)]
    pub summary: MemberSummary,
    /// Présentation, en Markdown.
    pub description: String,
    /// Présentation rendue en HTML assaini, prête à insérer dans une page.
    pub description_html: String,
    /// Site internet.
    pub website: Option<String>,
    /// Contact public ; absent si la structure ne l'a pas rendu public.
    pub contact: Option<Contact>,
    /// Position géographique.
    pub location: Option<GeoPoint>,
    /// Publications auxquelles la structure a contribué.
    pub publications: Vec<MemberPublication>,
    /// Événements auxquels la structure a pris part.
    pub events: Vec<MemberEvent>,
    pub created_at: DateTime<Utc>,
}

/// A publication a member took part in, with its role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberPublication {
    pub role: PublicationRole,
    pub publication: PublicationSummary,
}

/// An event a member took part in, with its role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberEvent {
    pub role: EventRole,
    pub event: EventSummary,
}

/// One value of a facet and how many items it would leave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"value": "departement-30", "label": "Gard", "count": 3, "selected": false})))]
pub struct FacetValue {
    /// Valeur à passer au filtre correspondant.
    pub value: String,
    /// Libellé en français.
    pub label: String,
    /// Nombre d'éléments qui correspondraient, compte tenu des autres filtres actifs.
    pub count: u64,
    /// Vrai si la valeur fait partie des filtres actifs.
    pub selected: bool,
}

/// Facet counts of the publication list.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicationFacets {
    pub kind: Vec<FacetValue>,
    pub theme: Vec<FacetValue>,
    pub territory: Vec<FacetValue>,
    pub year: Vec<FacetValue>,
}

/// Facet counts of the event list.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventFacets {
    pub kind: Vec<FacetValue>,
    pub theme: Vec<FacetValue>,
    pub territory: Vec<FacetValue>,
    pub year: Vec<FacetValue>,
}

/// Facet counts of the member list.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberFacets {
    pub kind: Vec<FacetValue>,
    pub theme: Vec<FacetValue>,
    pub territory: Vec<FacetValue>,
}

/// Where a page sits in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageInfo {
    /// Nombre total d'éléments correspondant aux filtres.
    pub total: u64,
    /// Numéro de la page renvoyée (à partir de 1).
    pub page: u32,
    /// Nombre maximal d'éléments par page.
    pub limit: u32,
    /// Nombre de pages.
    pub page_count: u32,
}

impl PageInfo {
    pub fn new(total: u64, page: u32, limit: u32) -> Self {
        let page_count = total.div_ceil(u64::from(limit.max(1)));
        PageInfo {
            total,
            page,
            limit,
            page_count: u32::try_from(page_count).unwrap_or(u32::MAX),
        }
    }
}

/// A page of publications.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicationList {
    pub items: Vec<PublicationSummary>,
    #[serde(flatten)]
    pub page: PageInfo,
    pub facets: PublicationFacets,
}

/// A page of events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventList {
    pub items: Vec<EventSummary>,
    #[serde(flatten)]
    pub page: PageInfo,
    pub facets: EventFacets,
}

/// A page of network members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberList {
    pub items: Vec<MemberSummary>,
    #[serde(flatten)]
    pub page: PageInfo,
    pub facets: MemberFacets,
}

/// An item the public no longer sees (unpublished or put in the bin) after having been
/// published: what a partner's copy must remove.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Withdrawal {
    /// Type d'élément : `publication`, `event` ou `member`.
    #[serde(rename = "type")]
    pub item_type: ItemType,
    pub id: Uuid,
    pub slug: String,
    /// Quand l'élément a été retiré (UTC).
    pub withdrawn_at: DateTime<Utc>,
}

/// Items withdrawn since a date, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WithdrawalList {
    pub items: Vec<Withdrawal>,
    #[serde(flatten)]
    pub page: PageInfo,
}

/// One result of a search across every kind of item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    /// Type d'élément : `publication`, `event` ou `member`.
    #[serde(rename = "type")]
    pub item_type: ItemType,
    pub id: Uuid,
    pub slug: String,
    /// Titre (ou nom, pour un membre).
    pub title: String,
    /// Extrait du résumé, en HTML échappé, les mots trouvés entre `<mark>` et `</mark>`.
    pub snippet: String,
    /// Type de publication, d'événement ou de structure (identifiant).
    pub kind: String,
    /// Libellé français de ce type.
    pub kind_label: String,
    /// Date de publication ou de début, quand elle est connue au jour près.
    pub date: Option<NaiveDate>,
    /// Année, quand elle est connue.
    pub year: Option<i32>,
}

/// Facet counts of a search.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchFacets {
    /// Nombre de résultats par type d'élément.
    #[serde(rename = "type")]
    pub item_type: Vec<FacetValue>,
    pub kind: Vec<FacetValue>,
    pub theme: Vec<FacetValue>,
    pub territory: Vec<FacetValue>,
    pub year: Vec<FacetValue>,
}

/// A page of search results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResults {
    pub items: Vec<SearchHit>,
    #[serde(flatten)]
    pub page: PageInfo,
    pub facets: SearchFacets,
}
