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
        let theme_rows = themes::table.select(ThemeRow::as_select()).load(conn)?;
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

    pub fn territory(&self, id: &str) -> StoreResult<Territory> {
        self.territories
            .get(id)
            .cloned()
            .ok_or_else(|| StoreError::Corrupt(format!("territoire inconnu {id}")))
    }

    /// The territory and every territory containing it, innermost first: content attached
    /// to a commune also belongs to its département and région.
    pub fn with_ancestors(&self, id: &str) -> Vec<String> {
        let mut chain = Vec::new();
        let mut current = Some(id.to_owned());
        while let Some(id) = current {
            if chain.contains(&id) {
                break; // a cycle would be a data error; never loop on it
            }
            current = self.territories.get(&id).and_then(|t| t.parent_id.clone());
            chain.push(id);
        }
        chain
    }

    pub fn theme_label(&self, slug: &str) -> String {
        self.themes
            .get(slug)
            .cloned()
            .unwrap_or_else(|| slug.to_owned())
    }

    pub fn territory_label(&self, id: &str) -> String {
        self.territories
            .get(id)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| id.to_owned())
    }

    /// Rejects theme filters naming no existing theme.
    pub fn check_themes(&self, parameter: &str, slugs: &[String]) -> StoreResult<()> {
        match slugs.iter().find(|s| !self.themes.contains_key(*s)) {
            Some(unknown) => Err(StoreError::InvalidFilter {
                parameter: parameter.to_owned(),
                message: format!(
                    "Le paramètre « {parameter} » désigne un thème inconnu « {unknown} ». \
                     La liste des thèmes est donnée par /api/v1/themes."
                ),
            }),
            None => Ok(()),
        }
    }

    /// Rejects territory filters naming no existing territory.
    pub fn check_territories(&self, parameter: &str, ids: &[String]) -> StoreResult<()> {
        match ids.iter().find(|id| !self.territories.contains_key(*id)) {
            Some(unknown) => Err(StoreError::InvalidFilter {
                parameter: parameter.to_owned(),
                message: format!(
                    "Le paramètre « {parameter} » désigne un territoire inconnu « {unknown} ». \
                     La liste des territoires est donnée par /api/v1/territories."
                ),
            }),
            None => Ok(()),
        }
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
