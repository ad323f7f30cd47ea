//! Closed vocabularies. Each value has a stable ASCII slug (used in JSON and URLs) and a
//! French label (shown to people).

use std::fmt;
use std::str::FromStr;

/// Declares an enum whose variants serialize as slugs and carry a French label.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $slug:literal, $label:literal; )+ }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $slug)] $variant, )+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The slug used in JSON, URLs and the database.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $slug),+ }
            }

            /// The French label shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        // Written by hand: utoipa's derive does not see `serde(rename)` given through a
        // macro fragment, and would publish the variant names instead of the slugs.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                let labels = [$(concat!("`", $slug, "` (", $label, ")")),+].join(", ");
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($slug),+]))
                    .description(Some(format!("Valeurs : {labels}.")))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}

        impl Vocabulary for $name {
            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
            fn label(self) -> &'static str {
                $name::label(self)
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($slug => Ok($name::$variant),)+
                    _ => Err(UnknownValue {
                        value: s.to_owned(),
                        expected: $name::ALL.iter().map(|v| v.as_str()).collect(),
                    }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// A closed vocabulary: every value has a slug and a French label.
pub trait Vocabulary: Copy + FromStr<Err = UnknownValue> {
    fn as_str(self) -> &'static str;
    fn label(self) -> &'static str;
}

/// The French label of a slug of vocabulary `T`, or the slug itself if it is not one.
pub fn label_of<T: Vocabulary>(slug: &str) -> String {
    slug.parse::<T>()
        .map(|v| v.label().to_owned())
        .unwrap_or_else(|_| slug.to_owned())
}

/// A slug that is not part of a vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    pub value: String,
    pub expected: Vec<&'static str>,
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "valeur inconnue « {} » (valeurs possibles : {})",
            self.value,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for UnknownValue {}

vocabulary! {
    /// Kind of a publication.
    PublicationKind {
        EtatDesLieux = "etat_des_lieux", "État des lieux";
        Guide = "guide", "Guide";
        DossierThematique = "dossier_thematique", "Dossier thématique";
        DocumentCapitalisation = "document_capitalisation", "Document de capitalisation";
        CompteRendu = "compte_rendu", "Compte rendu";
        PresentationFormation = "presentation_formation", "Présentation de formation";
        Video = "video", "Vidéo";
        /// A document whose nature the source does not state more precisely.
        Document = "document", "Document";
    }
}

vocabulary! {
    /// Kind of an event.
    EventKind {
        Rencontre = "rencontre", "Rencontre";
        Seminaire = "seminaire", "Séminaire";
        Formation = "formation", "Formation";
        Webinaire = "webinaire", "Webinaire";
        Atelier = "atelier", "Atelier";
    }
}

vocabulary! {
    /// Whether an event takes place as planned.
    EventStatus {
        Scheduled = "scheduled", "Programmé";
        Cancelled = "cancelled", "Annulé";
        Postponed = "postponed", "Reporté";
    }
}

vocabulary! {
    /// Kind of a network member (an organization).
    MemberKind {
        ConseilCitoyen = "conseil_citoyen", "Conseil citoyen";
        Association = "association", "Association";
        Collectif = "collectif", "Collectif d'habitants ou d'associations";
        Collectivite = "collectivite", "Collectivité territoriale";
        ServiceEtat = "service_etat", "Service de l'État";
        OrganismePublic = "organisme_public", "Organisme public";
        CentreRessources = "centre_ressources", "Centre de ressources";
        Equipement = "equipement", "Équipement";
        Etablissement = "etablissement", "Établissement d'enseignement ou de recherche";
        Autre = "autre", "Autre structure";
    }
}

vocabulary! {
    /// Role an organization plays in a publication.
    PublicationRole {
        Auteur = "auteur", "Auteur";
        Commanditaire = "commanditaire", "Commanditaire";
        Partenaire = "partenaire", "Partenaire";
        Soutien = "soutien", "Soutien";
        Intervenant = "intervenant", "Intervenant";
        Sujet = "sujet", "Structure présentée";
    }
}

vocabulary! {
    /// Role an organization plays in an event.
    EventRole {
        Organisateur = "organisateur", "Organisateur";
        Animateur = "animateur", "Animateur";
        Initiateur = "initiateur", "À l'initiative";
        Partenaire = "partenaire", "Partenaire";
        Intervenant = "intervenant", "Intervenant";
        Exemple = "exemple", "Exemple présenté";
        Lieu = "lieu", "Lieu d'accueil";
    }
}

vocabulary! {
    /// Administrative level of a territory.
    TerritoryLevel {
        Region = "region", "Région";
        Departement = "departement", "Département";
        Commune = "commune", "Commune";
    }
}

vocabulary! {
    /// Order of a publication list.
    PublicationSort {
        Relevance = "relevance", "Les plus pertinentes d'abord";
        DateDesc = "date_desc", "Les plus récentes d'abord";
        DateAsc = "date_asc", "Les plus anciennes d'abord";
        Title = "title", "Par titre";
        /// For partner mirrors, with `updated_since`: the least recently changed first.
        Updated = "updated", "Par date de modification";
    }
}

vocabulary! {
    /// Order of an event list.
    EventSort {
        Relevance = "relevance", "Les plus pertinents d'abord";
        DateAsc = "date_asc", "Les plus proches d'abord";
        DateDesc = "date_desc", "Les plus récents d'abord";
        Title = "title", "Par titre";
        /// For partner mirrors, with `updated_since`: the least recently changed first.
        Updated = "updated", "Par date de modification";
    }
}

vocabulary! {
    /// Order of a member list.
    MemberSort {
        Relevance = "relevance", "Les plus pertinents d'abord";
        Name = "name", "Par nom";
        /// For partner mirrors, with `updated_since`: the least recently changed first.
        Updated = "updated", "Par date de modification";
    }
}

vocabulary! {
    /// Order of search results across every kind of item.
    SearchSort {
        Relevance = "relevance", "Les plus pertinents d'abord";
        DateDesc = "date_desc", "Les plus récents d'abord";
        DateAsc = "date_asc", "Les plus anciens d'abord";
        Title = "title", "Par titre";
        /// For partner mirrors, with `updated_since`: the least recently changed first.
        Updated = "updated", "Par date de modification";
    }
}

vocabulary! {
    /// The three kinds of items the platform publishes.
    ItemType {
        Publication = "publication", "Publications";
        Event = "event", "Événements";
        Member = "member", "Membres du réseau";
    }
}

vocabulary! {
    /// Which events to list, relative to today in Europe/Paris.
    EventPeriod {
        Upcoming = "upcoming", "À venir";
        Past = "past", "Passés";
        All = "all", "Tous";
    }
}

vocabulary! {
    /// What a staff account may do.
    Role {
        /// Everything, including accounts and the audit log.
        Admin = "admin", "Administrateur";
        /// Content only.
        Editor = "editor", "Rédacteur";
    }
}

vocabulary! {
    /// Whether the public sees an item.
    EditorialStatus {
        Draft = "draft", "Brouillon";
        Published = "published", "Publié";
    }
}

vocabulary! {
    /// Who registers for an event, as the registration form asks it.
    Audience {
        Professionnel = "professionnel", "Professionnel·le de la politique de la ville";
        Elu = "elu", "Élu·e";
        ConseilCitoyen = "conseil_citoyen", "Membre d'un conseil citoyen";
        Habitant = "habitant", "Habitant·e";
        Autre = "autre", "Autre";
    }
}

vocabulary! {
    /// Where a registration stands.
    RegistrationStatus {
        /// Waiting for its address to be confirmed through the emailed link.
        Pending = "pending", "À confirmer";
        Confirmed = "confirmed", "Inscription confirmée";
        Waiting = "waiting", "Liste d'attente";
        Cancelled = "cancelled", "Annulée";
    }
}

vocabulary! {
    /// How an event takes registrations.
    RegistrationMode {
        /// The form of this site, with its emails and waiting list.
        Passerelle = "passerelle", "Sur ce site";
        /// A link to another site.
        External = "external", "Sur un autre site";
    }
}

vocabulary! {
    /// The pages every public site owes its visitors, written by the administrators; their
    /// slug is their address (`/mentions-legales`…).
    SitePageKind {
        LegalNotice = "mentions-legales", "Mentions légales";
        PersonalData = "donnees-personnelles", "Données personnelles";
        Accessibility = "accessibilite", "Accessibilité";
    }
}

vocabulary! {
    /// How far the site meets the RGAA, as its accessibility statement declares and every
    /// page's footer repeats.
    Conformity {
        Full = "full", "totalement conforme";
        Partial = "partial", "partiellement conforme";
        None = "none", "non conforme";
    }
}

vocabulary! {
    /// Order of the team's lists.
    EditorialSort {
        Updated = "updated", "Derniers modifiés d'abord";
        Title = "title", "Par titre";
        Created = "created", "Derniers créés d'abord";
    }
}

// By hand: `vocabulary!` derives the same traits for every vocabulary, Default not among them.
#[allow(clippy::derivable_impls)]
impl Default for EditorialSort {
    fn default() -> Self {
        EditorialSort::Updated
    }
}

impl ItemType {
    /// The kinds an item of this type can be (slug, label), as its `kind` field takes them.
    pub fn kinds(self) -> Vec<(&'static str, &'static str)> {
        fn pairs<V: Vocabulary>(all: &[V]) -> Vec<(&'static str, &'static str)> {
            all.iter().map(|v| (v.as_str(), v.label())).collect()
        }
        match self {
            ItemType::Publication => pairs(PublicationKind::ALL),
            ItemType::Event => pairs(EventKind::ALL),
            ItemType::Member => pairs(MemberKind::ALL),
        }
    }

    /// The site's section of items of this type: `/publications`, `/evenements`, `/reseau`.
    pub fn section(self) -> &'static str {
        match self {
            ItemType::Publication => "/publications",
            ItemType::Event => "/evenements",
            ItemType::Member => "/reseau",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_through_serde_and_from_str() {
        for kind in PublicationKind::ALL {
            let json = serde_json::to_string(kind).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
            assert_eq!(kind.as_str().parse::<PublicationKind>(), Ok(*kind));
        }
    }

    #[test]
    fn unknown_slug_lists_the_expected_values_in_french() {
        let err = "brochure".parse::<EventKind>().err();
        let message = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("« brochure »"), "{message}");
        assert!(message.contains("seminaire"), "{message}");
    }
}
