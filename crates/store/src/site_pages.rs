//! The site's own pages: the legal notice, the personal-data notice and the accessibility
//! statement, as the administrators wrote them, or their default text until they do.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use passerelle_types::{Conformity, SitePage, SitePageInput, SitePageKind};

use crate::audit::{record_audit, Actor, AuditRecord};
use crate::db::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::parse_vocabulary;
use crate::schema::site_pages;

/// The text a page shows until an administrator writes it: what the page must say, with
/// what the software already knows of itself, and where the centre must complete it.
fn default_page(kind: SitePageKind) -> SitePageInput {
    let (title, body, conformity) = match kind {
        SitePageKind::LegalNotice => (
            "Mentions légales",
            "## Éditeur\n\n\
             Ce site est édité par le centre de ressources politique de la ville. \
             *À compléter : dénomination, forme juridique, adresse du siège, numéro \
             SIREN, directeur ou directrice de la publication, adresse de contact.*\n\n\
             ## Hébergement\n\n\
             *À compléter : nom, adresse et téléphone de l'hébergeur.*\n\n\
             ## Contenus\n\n\
             Les publications restent la propriété de leurs auteurs. Les données de \
             l'annuaire et de l'agenda sont ouvertes : elles se réutilisent par l'API du \
             site, en citant la source.\n",
            None,
        ),
        SitePageKind::PersonalData => (
            "Données personnelles",
            "## Ce que nous recueillons et pourquoi\n\n\
             Quand vous vous inscrivez à un événement, nous recueillons votre nom, votre \
             adresse électronique, et si vous les donnez votre structure, votre commune, \
             qui vous êtes (élu·e, habitant·e, professionnel·le…) et vos besoins liés à un \
             handicap. Ces données servent à organiser l'événement : vous confirmer votre \
             place, vous prévenir d'un changement, vous accueillir. La base légale est votre \
             consentement, donné dans le formulaire.\n\n\
             ## Combien de temps\n\n\
             Une demande d'inscription non confirmée est effacée après 48 heures. Les \
             inscriptions sont effacées trois mois après l'événement ; seuls restent des \
             comptes anonymes (nombre d'inscrits par public et par département), pour le \
             bilan d'activité du centre.\n\n\
             ## Qui les voit\n\n\
             Seule l'équipe du centre. Aucune donnée n'est transmise à des tiers, aucun \
             outil de mesure d'audience ni de publicité n'est utilisé, et le site ne dépose \
             aucun cookie chez les visiteurs.\n\n\
             ## Vos droits\n\n\
             Le lien personnel reçu par courriel permet de voir, de modifier ou d'annuler \
             votre inscription à tout moment. Pour exercer vos autres droits (accès, \
             rectification, effacement, opposition), écrivez au centre. *À compléter : \
             adresse de contact ou du délégué à la protection des données.* Vous pouvez \
             aussi adresser une réclamation à la CNIL.\n",
            None,
        ),
        SitePageKind::Accessibility => (
            "Accessibilité",
            "Le centre s'engage à rendre son site accessible, conformément à l'article 47 \
             de la loi n° 2005-102 du 11 février 2005.\n\n\
             ## État de conformité\n\n\
             Ce site n'a pas encore fait l'objet d'un audit de conformité au RGAA 4.1 : il \
             est donc déclaré non conforme. Chacune de ses pages est cependant vérifiée \
             automatiquement (aucune erreur relevée par axe-core), et se parcourt au \
             clavier seul.\n\n\
             ## Signaler un défaut\n\n\
             Si vous ne pouvez pas accéder à un contenu ou à un service, écrivez au centre \
             pour être orienté vers une alternative accessible ou obtenir le contenu sous \
             une autre forme. *À compléter : adresse de contact.*\n\n\
             ## Voies de recours\n\n\
             Si vous n'obtenez pas de réponse satisfaisante, vous pouvez écrire au \
             Défenseur des droits (formulaire en ligne, délégués en région, ou courrier \
             gratuit : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07).\n",
            Some(Conformity::None),
        ),
    };
    SitePageInput {
        title: title.to_owned(),
        body: body.to_owned(),
        conformity,
    }
}

type PageRow = (String, String, String, Option<String>, NaiveDateTime);

fn to_page(kind: SitePageKind, row: Option<PageRow>) -> StoreResult<SitePage> {
    Ok(match row {
        Some((title, body, body_html, conformity, updated_at)) => SitePage {
            kind,
            title,
            body,
            body_html,
            conformity: conformity
                .map(|c| parse_vocabulary(&c, "état de conformité"))
                .transpose()?,
            updated_at: Some(updated_at.and_utc()),
        },
        None => {
            let page = default_page(kind);
            SitePage {
                kind,
                body_html: passerelle_markdown::to_safe_html(&page.body),
                title: page.title,
                body: page.body,
                conformity: page.conformity,
                updated_at: None,
            }
        }
    })
}

/// A page of the site, as written or by default.
pub fn site_page(conn: &mut DbConnection, kind: SitePageKind) -> StoreResult<SitePage> {
    let row: Option<PageRow> = site_pages::table
        .filter(site_pages::slug.eq(kind.as_str()))
        .select((
            site_pages::title,
            site_pages::body,
            site_pages::body_html,
            site_pages::conformity,
            site_pages::updated_at,
        ))
        .first(conn)
        .optional()?;
    to_page(kind, row)
}

/// An administrator rewrites a page; audited with the text before and after.
pub fn save_site_page(
    conn: &mut DbConnection,
    actor: &Actor,
    kind: SitePageKind,
    input: SitePageInput,
) -> StoreResult<SitePage> {
    input.validate(kind).map_err(StoreError::Invalid)?;
    crate::db::write_transaction(conn, |conn| {
        let before = site_page(conn, kind)?;
        diesel::delete(site_pages::table.filter(site_pages::slug.eq(kind.as_str())))
            .execute(conn)?;
        diesel::insert_into(site_pages::table)
            .values((
                site_pages::slug.eq(kind.as_str()),
                site_pages::title.eq(input.title.trim()),
                site_pages::body.eq(&input.body),
                site_pages::body_html.eq(passerelle_markdown::to_safe_html(&input.body)),
                site_pages::conformity.eq(input.conformity.map(|c| c.as_str())),
                site_pages::updated_at.eq(crate::now()),
            ))
            .execute(conn)?;
        let after = site_page(conn, kind)?;
        let text = |page: &SitePage| serde_json::json!({"title": page.title, "body": page.body, "conformity": page.conformity});
        record_audit(
            conn,
            actor,
            AuditRecord::unversioned(
                "update",
                "site_page",
                kind.as_str(),
                crate::diff(&text(&before), &text(&after)),
            ),
        )?;
        Ok(after)
    })
}
