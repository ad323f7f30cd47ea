//! How an event's content maps to its tables.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;
use passerelle_types::{
    EditorialEvent, EventInput, EventOrganizationInput, EventStatus, FieldError, ItemType,
    TerritoryLevel,
};

use super::distinct_roles;
use super::{
    optional_text, organizations_from, replace_rows, replace_values, save_content, unknown_filing,
    values_of, Editable,
};
use crate::db::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::models::{EventLinkRow, EventOrganizationRow, DRAFT};
use crate::parse_vocabulary;
use crate::schema::{events, territories};

pub struct Events;

impl Editable for Events {
    const TYPE: ItemType = ItemType::Event;
    type Input = EventInput;
    type View = EditorialEvent;
    type Public = passerelle_types::Event;

    fn check_references(
        conn: &mut DbConnection,
        input: &EventInput,
    ) -> StoreResult<Vec<FieldError>> {
        let members: Vec<_> = input.organizations.iter().map(|o| o.member_id).collect();
        let mut errors = unknown_filing(conn, &input.themes, &input.territories, &members)?;
        if let Some(commune) = optional_text(&input.venue_commune) {
            let level: Option<String> = territories::table
                .filter(territories::id.eq(&commune))
                .select(territories::level)
                .first(conn)
                .optional()?;
            if level.as_deref() != Some(TerritoryLevel::Commune.as_str()) {
                errors.push(FieldError::new(
                    "venue_commune",
                    format!("Commune inconnue : « {commune} » (identifiant attendu : commune-CODE_INSEE)."),
                ));
            }
        }
        Ok(errors)
    }

    fn write(
        conn: &mut DbConnection,
        id: &str,
        slug: &str,
        input: &EventInput,
        created_at: Option<NaiveDateTime>,
    ) -> StoreResult<()> {
        let kind = input
            .kind
            .ok_or_else(|| StoreError::invalid("kind", "Le type d'événement est obligatoire."))?;
        let status = input.status.unwrap_or(EventStatus::Scheduled);
        let content = (
            (
                events::slug.eq(slug),
                events::title.eq(input.title.trim()),
                events::summary.eq(input.summary.trim()),
                events::body.eq(input.body.trim()),
                events::body_html.eq(crate::models::rendered_body(input.body.trim())),
                events::kind.eq(kind.as_str()),
                events::status.eq(status.as_str()),
                events::start_date.eq(input.start_date),
                events::start_time.eq(input.start_time),
                events::end_date.eq(input.end_date),
                events::end_time.eq(input.end_time),
            ),
            (
                events::period.eq(optional_text(&input.period)),
                events::year.eq(input.year),
                events::venue_name.eq(optional_text(&input.venue_name)),
                events::venue_address.eq(optional_text(&input.venue_address)),
                events::venue_commune_id.eq(optional_text(&input.venue_commune)),
                events::online_url.eq(optional_text(&input.online_url)),
            ),
        );
        save_content!(conn, events, id, created_at, content);
        replace_values!(conn, event_themes(event_id, theme_slug), id, &input.themes);
        replace_values!(
            conn,
            event_territories(event_id, territory_id),
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
        .map(|(position, member_id, role)| EventOrganizationRow {
            event_id: id.to_owned(),
            member_id,
            role,
            position,
        })
        .collect();
        replace_rows!(conn, event_organizations, event_id, id, &organizations);
        let links: Vec<_> = (0..)
            .zip(&input.links)
            .map(|(position, link)| EventLinkRow {
                event_id: id.to_owned(),
                position,
                url: link.url.trim().to_owned(),
                label: link.label.trim().to_owned(),
                media_type: optional_text(&link.media_type),
            })
            .collect();
        replace_rows!(conn, event_links, event_id, id, &links);
        Ok(())
    }

    fn replaced(
        conn: &mut DbConnection,
        id: &str,
        before: &EventInput,
        after: &EventInput,
    ) -> StoreResult<()> {
        crate::registrations::notice_changes(conn, id, before, after)
    }

    fn read(conn: &mut DbConnection, id: &str) -> StoreResult<EventInput> {
        type Row = (
            (String, String, String, String, String, String),
            (
                Option<NaiveDate>,
                Option<NaiveTime>,
                Option<NaiveDate>,
                Option<NaiveTime>,
                Option<String>,
                Option<i32>,
            ),
            (
                Option<String>,
                Option<String>,
                Option<String>,
                Option<String>,
            ),
        );
        let (
            (slug, title, summary, body, kind, status),
            (start_date, start_time, end_date, end_time, period, year),
            (venue_name, venue_address, venue_commune, online_url),
        ): Row = events::table
            .filter(events::id.eq(id))
            .select((
                (
                    events::slug,
                    events::title,
                    events::summary,
                    events::body,
                    events::kind,
                    events::status,
                ),
                (
                    events::start_date,
                    events::start_time,
                    events::end_date,
                    events::end_time,
                    events::period,
                    events::year,
                ),
                (
                    events::venue_name,
                    events::venue_address,
                    events::venue_commune_id,
                    events::online_url,
                ),
            ))
            .first(conn)?;
        let themes = values_of!(conn, event_themes(event_id, theme_slug), id);
        let territories = values_of!(conn, event_territories(event_id, territory_id), id);
        let organizations = organizations_from(
            values_of!(
                conn,
                event_organizations(event_id, (member_id, role)),
                id,
                by position as (String, String)
            ),
            |member_id, role| EventOrganizationInput { member_id, role },
        )?;
        let links = crate::events::links_of(conn, id)?;
        Ok(EventInput {
            slug: Some(slug),
            title,
            summary,
            body,
            kind: Some(parse_vocabulary(&kind, "type d'événement")?),
            status: Some(parse_vocabulary(&status, "statut d'événement")?),
            start_date,
            start_time,
            end_date,
            end_time,
            period,
            year,
            venue_name,
            venue_address,
            venue_commune,
            online_url,
            themes,
            territories,
            organizations,
            links,
        })
    }
}
