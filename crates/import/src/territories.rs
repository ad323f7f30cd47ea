//! Finding Passerelle's territories from what a source writes: a commune by INSEE code or
//! by name (told apart by its département when two share a name), a département by code or
//! by name. Names are compared without accents, case or punctuation.

use std::collections::HashMap;

use passerelle_types::{slugify, Territory, TerritoryLevel};

#[derive(Debug, Default)]
pub struct Territories {
    /// Folded commune name → (territory id, département code).
    communes: HashMap<String, Vec<(String, String)>>,
    /// Ids of every territory.
    ids: Vec<String>,
    /// Folded département name → code.
    departements: HashMap<String, String>,
    /// Territory id → the id of the territory that contains it.
    parents: HashMap<String, String>,
}

impl Territories {
    pub fn new(territories: &[Territory]) -> Self {
        let mut known = Territories::default();
        for t in territories {
            known.ids.push(t.id.clone());
            if let Some(parent) = &t.parent_id {
                known.parents.insert(t.id.clone(), parent.clone());
            }
            match t.level {
                TerritoryLevel::Commune => {
                    let departement = t
                        .parent_id
                        .as_deref()
                        .and_then(|p| p.strip_prefix("departement-"))
                        .unwrap_or("")
                        .to_owned();
                    known
                        .communes
                        .entry(slugify(&t.name))
                        .or_default()
                        .push((t.id.clone(), departement));
                }
                TerritoryLevel::Departement => {
                    known.departements.insert(slugify(&t.name), t.code.clone());
                }
                TerritoryLevel::Region => {}
            }
        }
        known
    }

    /// A commune by INSEE code (`30189`, `2A004`) or by name; with several of that name,
    /// the one of `departement` (a code).
    pub fn commune(&self, text: &str, departement: Option<&str>) -> Option<&str> {
        let text = text.trim();
        if is_insee_code(text) {
            let id = format!("commune-{}", text.to_ascii_uppercase());
            return self
                .ids
                .iter()
                .find(|known| **known == id)
                .map(String::as_str);
        }
        let found = self.communes.get(&slugify(text))?;
        match (found.as_slice(), departement) {
            ([(id, _)], _) => Some(id),
            (several, Some(code)) => several
                .iter()
                .find(|(_, d)| d == code)
                .map(|(id, _)| id.as_str()),
            _ => None,
        }
    }

    /// A département's code from its code (`34`, `2A`, `971`) or its name (`Hérault`).
    pub fn departement(&self, text: &str) -> Option<String> {
        let text = text.trim();
        let code = text.to_ascii_uppercase();
        let id = format!("departement-{code}");
        if self.ids.contains(&id) {
            return Some(code);
        }
        self.departements.get(&slugify(text)).cloned()
    }
}

impl Territories {
    /// Whether one territory is the other or lies within it (a commune in its département,
    /// a département in its région), either way round.
    pub fn overlap(&self, a: &str, b: &str) -> bool {
        self.within(a, b) || self.within(b, a)
    }

    fn within(&self, inner: &str, outer: &str) -> bool {
        let mut current = Some(inner);
        // Communes, départements, régions: three steps at most; the bound guards a cycle.
        for _ in 0..4 {
            match current {
                Some(id) if id == outer => return true,
                Some(id) => current = self.parents.get(id).map(String::as_str),
                None => return false,
            }
        }
        false
    }
}

/// The département code of a French postcode (`30900` → `30`, `97110` → `971`).
pub fn departement_of_postcode(postcode: &str) -> Option<String> {
    let postcode = postcode.trim();
    if postcode.len() != 5 || !postcode.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(
        if postcode.starts_with("97") || postcode.starts_with("98") {
            postcode[..3].to_owned()
        } else if postcode.starts_with("20") {
            // Corsica's postcodes do not say which of 2A and 2B.
            return None;
        } else {
            postcode[..2].to_owned()
        },
    )
}

fn is_insee_code(text: &str) -> bool {
    text.len() == 5
        && text.is_ascii()
        && (text.chars().all(|c| c.is_ascii_digit())
            || (text[..2].eq_ignore_ascii_case("2a") || text[..2].eq_ignore_ascii_case("2b"))
                && text[2..].chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn territory(id: &str, level: TerritoryLevel, name: &str, parent: Option<&str>) -> Territory {
        Territory {
            id: id.to_owned(),
            code: id.rsplit('-').next().unwrap_or_default().to_owned(),
            level,
            name: name.to_owned(),
            parent_id: parent.map(str::to_owned),
        }
    }

    fn known() -> Territories {
        use TerritoryLevel::*;
        Territories::new(&[
            territory("region-76", Region, "Occitanie", None),
            territory("departement-30", Departement, "Gard", Some("region-76")),
            territory("departement-34", Departement, "Hérault", None),
            territory("commune-30189", Commune, "Nîmes", Some("departement-30")),
            territory(
                "commune-11001",
                Commune,
                "Saint-Martin",
                Some("departement-11"),
            ),
            territory(
                "commune-34001",
                Commune,
                "Saint-Martin",
                Some("departement-34"),
            ),
        ])
    }

    #[test]
    fn a_commune_is_found_by_code_or_by_name_and_told_apart_by_its_departement() {
        let known = known();
        assert_eq!(known.commune("30189", None), Some("commune-30189"));
        assert_eq!(known.commune("NIMES", None), Some("commune-30189"));
        assert_eq!(
            known.commune("Saint Martin", Some("34")),
            Some("commune-34001")
        );
        assert_eq!(known.commune("Saint-Martin", None), None);
        assert_eq!(known.commune("99999", None), None);
    }

    #[test]
    fn a_departement_is_found_by_code_or_by_name() {
        let known = known();
        assert_eq!(known.departement("34").as_deref(), Some("34"));
        assert_eq!(known.departement("herault").as_deref(), Some("34"));
        assert_eq!(known.departement("Lozère"), None);
        assert_eq!(departement_of_postcode("30900").as_deref(), Some("30"));
        assert_eq!(departement_of_postcode("97110").as_deref(), Some("971"));
        assert_eq!(departement_of_postcode("20000"), None);
    }

    #[test]
    fn territories_overlap_when_one_lies_within_the_other() {
        let known = known();
        assert!(known.overlap("commune-30189", "region-76"));
        assert!(known.overlap("region-76", "commune-30189"));
        assert!(known.overlap("departement-30", "departement-30"));
        assert!(!known.overlap("commune-30189", "departement-34"));
    }
}
