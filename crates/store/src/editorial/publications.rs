//! How a publication's content maps to its tables.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use passerelle_types::{
    EditorialPublication, FieldError, ItemType, PublicationInput, PublicationOrganizationInput,
};

use super::distinct_roles;
use super::{
    optional_text, organizations_from, replace_rows, replace_values, save_content, unknown_events,
    unknown_filing, values_of, Editable,
};
use crate::db::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::models::{PublicationEvent, PublicationLinkRow, PublicationOrganizationRow, DRAFT};
use crate::schema::{publication_keywords, publications};
use crate::{parse_id, parse_vocabulary};

pub struct Publications;

impl Editable for Publications {
    const TYPE: ItemType = ItemType::Publication;
    type Input = PublicationInput;
    type View = EditorialPublication;
    type Public = passerelle_types::Publication;

    fn check_references(
        conn: &mut DbConnection,
        input: &PublicationInput,
    ) -> StoreResult<Vec<FieldError>> {
        let members: Vec<_> = input.organizations.iter().map(|o| o.member_id).collect();
        let mut errors = unknown_filing(conn, &input.themes, &input.territories, &members)?;
        errors.extend(unknown_events(conn, &input.events)?);
        Ok(errors)
    }

    fn write(
        conn: &mut DbConnection,
        id: &str,
        slug: &str,
        input: &PublicationInput,
        created_at: Option<NaiveDateTime>,
    ) -> StoreResult<()> {
        let kind = input.kind.ok_or_else(|| {
            StoreError::invalid("kind", "Le type de publication est obligatoire.")
        })?;
        let content = (
            publications::slug.eq(slug),
            publications::title.eq(input.title.trim()),
            publications::summary.eq(input.summary.trim()),
            publications::body.eq(input.body.trim()),
            publications::body_html.eq(crate::models::rendered_body(input.body.trim())),
            publications::kind.eq(kind.as_str()),
            publications::publication_date.eq(input.publication_date),
            publications::year.eq(input.year),
        );
        save_content!(conn, publications, id, created_at, content);
        replace_values!(
            conn,
            publication_themes(publication_id, theme_slug),
            id,
            &input.themes
        );
        replace_values!(
            conn,
            publication_territories(publication_id, territory_id),
            id,
            &input.territories
        );
        let organizations: Vec<_> = distinct_roles(
            input
                .organizations
                .iter()
                .map(|o| (o.member_id, o.role.as_str())),
        )
        .into_iter()
        .map(|(position, member_id, role)| PublicationOrganizationRow {
            publication_id: id.to_owned(),
            member_id,
            role,
            position,
        })
        .collect();
        replace_rows!(
            conn,
            publication_organizations,
            publication_id,
            id,
            &organizations
        );
        let links: Vec<_> = (0..)
            .zip(&input.links)
            .map(|(position, link)| PublicationLinkRow {
                publication_id: id.to_owned(),
                position,
                url: link.url.trim().to_owned(),
                label: link.label.trim().to_owned(),
                media_type: optional_text(&link.media_type),
            })
            .collect();
        replace_rows!(conn, publication_links, publication_id, id, &links);
        let events: Vec<_> = input
            .events
            .iter()
            .map(|event| PublicationEvent {
                publication_id: id.to_owned(),
                event_id: event.hyphenated().to_string(),
            })
            .collect();
        replace_rows!(conn, publication_events, publication_id, id, &events);
        let keywords: Vec<_> = input
            .keywords
            .iter()
            .filter(|keyword| !keyword.trim().is_empty())
            .zip(0..)
            .map(|(keyword, position): (&String, i32)| {
                (
                    publication_keywords::publication_id.eq(id),
                    publication_keywords::position.eq(position),
                    publication_keywords::keyword.eq(keyword.trim()),
                )
            })
            .collect();
        replace_rows!(conn, publication_keywords, publication_id, id, &keywords);
        Ok(())
    }

    fn read(conn: &mut DbConnection, id: &str) -> StoreResult<PublicationInput> {
        type Row = (
            String,
            String,
            String,
            String,
            String,
            Option<NaiveDate>,
            Option<i32>,
        );
        let (slug, title, summary, body, kind, publication_date, year): Row = publications::table
            .filter(publications::id.eq(id))
            .select((
                publications::slug,
                publications::title,
                publications::summary,
                publications::body,
                publications::kind,
                publications::publication_date,
                publications::year,
            ))
            .first(conn)?;
        let themes = values_of!(conn, publication_themes(publication_id, theme_slug), id);
        let territories = values_of!(
            conn,
            publication_territories(publication_id, territory_id),
            id
        );
        let organizations = organizations_from(
            values_of!(
                conn,
                publication_organizations(publication_id, (member_id, role)),
                id,
                by position as (String, String)
            ),
            |member_id, role| PublicationOrganizationInput { member_id, role },
        )?;
        let links = crate::publications::links_of(conn, id)?;
        let events = values_of!(conn, publication_events(publication_id, event_id), id)
            .iter()
            .map(|event| parse_id(event))
            .collect::<StoreResult<_>>()?;
        let keywords = values_of!(
            conn,
            publication_keywords(publication_id, keyword),
            id,
            by position as String
        );
        Ok(PublicationInput {
            slug: Some(slug),
            title,
            summary,
            body,
            kind: Some(parse_vocabulary(&kind, "type de publication")?),
            publication_date,
            year,
            themes,
            territories,
            organizations,
            links,
            events,
            keywords,
        })
    }
}
