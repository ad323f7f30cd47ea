//! Publications: list with facets, detail with organizations and related events.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use diesel::prelude::*;
use passerelle_types::{
    label_of, Link, PageInfo, Publication, PublicationFacets, PublicationKind, PublicationList,
    PublicationOrganization, PublicationQuery, PublicationRole, PublicationSort,
    PublicationSummary,
};

use crate::db::DbConnection;
use crate::error::StoreResult;
use crate::listing::{
    apply_facets, by_date_then_title, by_title, date_span, facet_values, item_year, page_of,
    within, FacetOrder, FacetProfile,
};
use crate::models::{PublicationLinkRow, PublicationRow, PUBLISHED};
use crate::reference::Reference;
use crate::schema::{
    publication_events, publication_links, publication_organizations, publications,
};
use crate::{events, grouped_pairs, members, normalize_key, parse_id, parse_vocabulary, Scope};

#[derive(Queryable, Selectable)]
#[diesel(table_name = publications)]
struct PublicationHead {
    id: String,
    slug: String,
    title: String,
    summary: String,
    kind: String,
    publication_date: Option<NaiveDate>,
    year: Option<i32>,
}

/// Summaries of the published publications of a scope, most recent first.
pub(crate) fn summaries(
    conn: &mut DbConnection,
    scope: Scope<'_>,
    reference: &Reference,
) -> StoreResult<Vec<PublicationSummary>> {
    let query = publications::table
        .filter(publications::editorial_status.eq(PUBLISHED))
        .select(PublicationHead::as_select());
    let heads = match scope {
        Scope::All => query.load(conn)?,
        Scope::Ids(ids) => query.filter(publications::id.eq_any(ids)).load(conn)?,
    };
    let themes = grouped_pairs!(conn, scope, publication_themes, publication_id, theme_slug);
    let territories = grouped_pairs!(
        conn,
        scope,
        publication_territories,
        publication_id,
        territory_id
    );
    let mut summaries = heads
        .into_iter()
        .map(|head| {
            Ok(PublicationSummary {
                id: parse_id(&head.id)?,
                kind: parse_vocabulary(&head.kind, "type de publication")?,
                year: item_year(head.publication_date, head.year),
                themes: themes
                    .get(&head.id)
                    .into_iter()
                    .flatten()
                    .map(|slug| reference.theme(slug))
                    .collect::<StoreResult<_>>()?,
                territories: territories
                    .get(&head.id)
                    .into_iter()
                    .flatten()
                    .map(|id| reference.territory(id))
                    .collect::<StoreResult<_>>()?,
                slug: head.slug,
                title: head.title,
                summary: head.summary,
                publication_date: head.publication_date,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    sort(&mut summaries, PublicationSort::DateDesc);
    Ok(summaries)
}

fn span(p: &PublicationSummary) -> Option<(NaiveDate, NaiveDate)> {
    date_span(p.publication_date, None, p.year)
}

fn sort(items: &mut [PublicationSummary], order: PublicationSort) {
    match order {
        PublicationSort::Title => items.sort_by(|a, b| by_title(&a.title, &b.title)),
        PublicationSort::DateAsc | PublicationSort::DateDesc => items.sort_by(|a, b| {
            by_date_then_title(
                (span(a).map(|s| s.0), &a.title),
                (span(b).map(|s| s.0), &b.title),
                order == PublicationSort::DateDesc,
            )
        }),
    }
}

pub fn list_publications(
    conn: &mut DbConnection,
    query: &PublicationQuery,
) -> StoreResult<PublicationList> {
    let reference = Reference::load(conn)?;
    reference.check_themes("theme", &query.theme)?;
    reference.check_territories("territory", &query.territory)?;

    let candidates: Vec<PublicationSummary> = summaries(conn, Scope::All, &reference)?
        .into_iter()
        .filter(|p| within(span(p), query.from, query.to))
        .collect();
    let profiles: Vec<FacetProfile> = candidates
        .iter()
        .map(|p| {
            FacetProfile(vec![
                vec![p.kind.as_str().to_owned()],
                p.themes.iter().map(|t| t.slug.clone()).collect(),
                p.territories
                    .iter()
                    .flat_map(|t| reference.with_ancestors(&t.id))
                    .collect(),
                p.year.iter().map(ToString::to_string).collect(),
            ])
        })
        .collect();
    let selected = vec![
        query.kind.iter().map(|k| k.as_str().to_owned()).collect(),
        query.theme.clone(),
        query.territory.clone(),
        query.year.iter().map(ToString::to_string).collect(),
    ];
    let outcome = apply_facets(&profiles, &selected);
    let keep: HashSet<usize> = outcome.matching.iter().copied().collect();
    let mut matching: Vec<PublicationSummary> = candidates
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep.contains(i))
        .map(|(_, p)| p)
        .collect();
    sort(
        &mut matching,
        query.sort.unwrap_or(PublicationSort::DateDesc),
    );
    let total = matching.len() as u64;
    Ok(PublicationList {
        items: page_of(matching, query.pagination),
        page: PageInfo::new(total, query.pagination.page, query.pagination.limit),
        facets: PublicationFacets {
            kind: facet_values(
                &outcome.counts[0],
                &selected[0],
                FacetOrder::ByCount,
                label_of::<PublicationKind>,
            ),
            theme: facet_values(&outcome.counts[1], &selected[1], FacetOrder::ByCount, |s| {
                reference.theme_label(s)
            }),
            territory: facet_values(&outcome.counts[2], &selected[2], FacetOrder::ByCount, |s| {
                reference.territory_label(s)
            }),
            year: facet_values(
                &outcome.counts[3],
                &selected[3],
                FacetOrder::ByValueDesc,
                str::to_owned,
            ),
        },
    })
}

/// A published publication by id or slug, with its related items.
pub fn find_publication(conn: &mut DbConnection, key: &str) -> StoreResult<Option<Publication>> {
    let id_key = normalize_key(key);
    let Some(row) = publications::table
        .filter(publications::editorial_status.eq(PUBLISHED))
        .filter(publications::slug.eq(key).or(publications::id.eq(&id_key)))
        .select(PublicationRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let reference = Reference::load(conn)?;
    let ids = [row.id.clone()];
    let Some(summary) = summaries(conn, Scope::Ids(&ids), &reference)?.pop() else {
        return Ok(None);
    };

    let links = publication_links::table
        .filter(publication_links::publication_id.eq(&row.id))
        .order(publication_links::position)
        .select(PublicationLinkRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|l| Link {
            url: l.url,
            label: l.label,
            media_type: l.media_type,
        })
        .collect();

    let roles: Vec<(String, String)> = publication_organizations::table
        .filter(publication_organizations::publication_id.eq(&row.id))
        .order(publication_organizations::position)
        .select((
            publication_organizations::member_id,
            publication_organizations::role,
        ))
        .load(conn)?;
    let member_ids: Vec<String> = roles.iter().map(|(id, _)| id.clone()).collect();
    let members: HashMap<String, _> =
        members::summaries(conn, Scope::Ids(&member_ids), &reference)?
            .into_iter()
            .map(|m| (m.id.to_string(), m))
            .collect();
    let organizations = roles
        .iter()
        .filter_map(|(member_id, role)| {
            let member = members.get(member_id)?.clone();
            Some(
                parse_vocabulary::<PublicationRole>(role, "rôle")
                    .map(|role| PublicationOrganization { role, member }),
            )
        })
        .collect::<StoreResult<_>>()?;

    let event_ids: Vec<String> = publication_events::table
        .filter(publication_events::publication_id.eq(&row.id))
        .select(publication_events::event_id)
        .load(conn)?;
    let events = events::summaries(conn, Scope::Ids(&event_ids), &reference)?;

    Ok(Some(Publication {
        summary,
        body: row.body,
        links,
        organizations,
        events,
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
    }))
}
