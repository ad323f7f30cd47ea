//! Themes and territories: small reference tables that every listing needs whole.

use std::collections::{BTreeMap, HashMap};

use diesel::prelude::*;
use passerelle_types::{Territory, TerritoryLevel, Theme};

use crate::db::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::models::{TerritoryRow, ThemeRow};
use crate::schema::{territories, themes};

/// The themes and the territory tree, loaded once per request.
pub struct Reference {
    themes: BTreeMap<String, String>,
    territories: HashMap<String, Territory>,
}

impl Reference {
    pub fn load(conn: &mut DbConnection) -> StoreResult<Self> {
        let theme_rows = themes::table
            .filter(themes::deleted_at.is_null())
            .select(ThemeRow::as_select())
            .load(conn)?;
        let territory_rows = territories::table
            .select(TerritoryRow::as_select())
            .load(conn)?;
        let territories = territory_rows
            .into_iter()
            .map(|row| Ok((row.id.clone(), territory_from_row(row)?)))
            .collect::<StoreResult<_>>()?;
        Ok(Reference {
            themes: theme_rows.into_iter().map(|t| (t.slug, t.label)).collect(),
            territories,
        })
    }

    pub fn theme(&self, slug: &str) -> StoreResult<Theme> {
        self.themes
            .get(slug)
            .map(|label| Theme {
                slug: slug.to_owned(),
                label: label.clone(),
            })
            .ok_or_else(|| StoreError::Corrupt(format!("thème inconnu {slug}")))
    }

    /// The themes of an item, from its theme slugs.
    pub fn themes_of(&self, slugs: Option<&Vec<String>>) -> StoreResult<Vec<Theme>> {
        slugs
            .into_iter()
            .flatten()
            .map(|slug| self.theme(slug))
            .collect()
    }

    /// The territories of an item, from their ids.
    pub fn territories_of(&self, ids: Option<&Vec<String>>) -> StoreResult<Vec<Territory>> {
        ids.into_iter()
            .flatten()
            .map(|id| self.territory(id))
            .collect()
    }

    pub fn territory(&self, id: &str) -> StoreResult<Territory> {
        self.territories
            .get(id)
            .cloned()
            .ok_or_else(|| StoreError::Corrupt(format!("territoire inconnu {id}")))
    }
}

fn territory_from_row(row: TerritoryRow) -> StoreResult<Territory> {
    let level = row
        .level
        .parse::<TerritoryLevel>()
        .map_err(|e| StoreError::Corrupt(format!("territoire {} : {e}", row.id)))?;
    Ok(Territory {
        id: row.id,
        code: row.code,
        level,
        name: row.name,
        parent_id: row.parent_id,
    })
}

/// Every theme, by label.
pub fn list_themes(conn: &mut DbConnection) -> StoreResult<Vec<Theme>> {
    Ok(themes::table
        .filter(themes::deleted_at.is_null())
        .order(themes::label.asc())
        .select(ThemeRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|t| Theme {
            slug: t.slug,
            label: t.label,
        })
        .collect())
}

/// A territory's id and those of every territory within it (a région's départements and
/// their communes); only the id asked for when it is unknown, so that it finds nothing.
pub fn territory_and_within(conn: &mut DbConnection, id: &str) -> StoreResult<Vec<String>> {
    let mut all = vec![id.to_owned()];
    let mut level = vec![id.to_owned()];
    // Régions, départements, communes: two levels below at most, one query each.
    for _ in 0..2 {
        if level.is_empty() {
            break;
        }
        level = territories::table
            .filter(territories::parent_id.eq_any(&level))
            .select(territories::id)
            .load(conn)?;
        all.extend(level.iter().cloned());
    }
    Ok(all)
}

/// Every territory: régions, then départements, then communes, each by code.
pub fn list_territories(conn: &mut DbConnection) -> StoreResult<Vec<Territory>> {
    let mut all = territories::table
        .select(TerritoryRow::as_select())
        .load(conn)?
        .into_iter()
        .map(territory_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
    all.sort_by(|a, b| (a.level, &a.code).cmp(&(b.level, &b.code)));
    Ok(all)
}

/// The départements: (id, INSEE code, name) each.
pub(crate) fn departements(conn: &mut DbConnection) -> StoreResult<Vec<(String, String, String)>> {
    Ok(territories::table
        .filter(territories::level.eq(TerritoryLevel::Departement.as_str()))
        .select((territories::id, territories::code, territories::name))
        .load(conn)?)
}
