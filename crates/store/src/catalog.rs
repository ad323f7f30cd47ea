//! Everything published, read whole for the search and list engine.

use diesel::prelude::*;
use passerelle_types::{EventSummary, MemberSummary, PublicationSummary, Territory, Theme};

use crate::db::DbConnection;
use crate::error::StoreResult;
use crate::reference::{list_territories, list_themes, Reference};
use crate::schema::{events, members, publications};
use crate::{
    events as event_rows, members as member_rows, publications as publication_rows, Scope,
};

/// Published items with their long text (body, or a member's description).
pub struct PublishedCatalog {
    pub themes: Vec<Theme>,
    pub territories: Vec<Territory>,
    pub publications: Vec<(PublicationSummary, String)>,
    pub events: Vec<(EventSummary, String)>,
    pub members: Vec<(MemberSummary, String)>,
}

/// Reads the catalogue in one transaction, so that it is consistent.
pub fn published_catalog(conn: &mut DbConnection) -> StoreResult<PublishedCatalog> {
    conn.transaction(|conn| {
        let reference = Reference::load(conn)?;
        let publication_bodies = texts(
            publications::table
                .filter(crate::publicly_visible!(publications))
                .select((publications::id, publications::body))
                .load(conn)?,
        );
        let event_bodies = texts(
            events::table
                .filter(crate::publicly_visible!(events))
                .select((events::id, events::body))
                .load(conn)?,
        );
        let member_descriptions = texts(
            members::table
                .filter(crate::publicly_visible!(members))
                .select((members::id, members::description))
                .load(conn)?,
        );
        Ok(PublishedCatalog {
            themes: list_themes(conn)?,
            territories: list_territories(conn)?,
            publications: with_text(
                publication_rows::summaries(conn, Scope::All, &reference)?,
                |p| p.id.to_string(),
                publication_bodies,
            ),
            events: with_text(
                event_rows::summaries(conn, Scope::All, &reference)?,
                |e| e.id.to_string(),
                event_bodies,
            ),
            members: with_text(
                member_rows::summaries(conn, Scope::All, &reference)?,
                |m| m.id.to_string(),
                member_descriptions,
            ),
        })
    })
}

fn texts(rows: Vec<(String, String)>) -> std::collections::HashMap<String, String> {
    rows.into_iter().collect()
}

fn with_text<T>(
    items: Vec<T>,
    id: impl Fn(&T) -> String,
    mut texts: std::collections::HashMap<String, String>,
) -> Vec<(T, String)> {
    items
        .into_iter()
        .map(|item| {
            let text = texts.remove(&id(&item)).unwrap_or_default();
            (item, text)
        })
        .collect()
}

/// One published item with its long text.
pub enum PublishedItem {
    Publication(PublicationSummary, String),
    Event(Box<EventSummary>, String),
    Member(MemberSummary, String),
}

/// The item as the index must now show it, or `None` if it is no longer published.
pub fn published_item(
    conn: &mut DbConnection,
    entity: crate::ChangedEntity,
    id: &str,
) -> StoreResult<Option<PublishedItem>> {
    use crate::ChangedEntity;
    let reference = Reference::load(conn)?;
    let ids = [id.to_owned()];
    let scope = Scope::Ids(&ids);
    Ok(match entity {
        ChangedEntity::Publication => {
            let text = publications::table
                .filter(publications::id.eq(id))
                .select(publications::body)
                .first::<String>(conn)
                .optional()?;
            publication_rows::summaries(conn, scope, &reference)?
                .pop()
                .map(|p| PublishedItem::Publication(p, text.unwrap_or_default()))
        }
        ChangedEntity::Event => {
            let text = events::table
                .filter(events::id.eq(id))
                .select(events::body)
                .first::<String>(conn)
                .optional()?;
            event_rows::summaries(conn, scope, &reference)?
                .pop()
                .map(|e| PublishedItem::Event(Box::new(e), text.unwrap_or_default()))
        }
        ChangedEntity::Member => {
            let text = members::table
                .filter(members::id.eq(id))
                .select(members::description)
                .first::<String>(conn)
                .optional()?;
            member_rows::summaries(conn, scope, &reference)?
                .pop()
                .map(|m| PublishedItem::Member(m, text.unwrap_or_default()))
        }
        ChangedEntity::Reference => None,
    })
}
