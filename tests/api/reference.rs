use passerelle_tests::{on_both_backends, TestApp};
use passerelle_types::{PublicationList, Territory, TerritoryLevel, Theme};

async fn themes_are_listed_by_label_and_usable_as_filters(app: TestApp) {
    let themes: Vec<Theme> = app.json("/api/v1/themes").await;
    assert_eq!(themes.len(), 10);
    assert!(themes
        .iter()
        .any(|t| t.slug == "egalite-femmes-hommes" && t.label == "Égalité femmes-hommes"));
    let labels: Vec<_> = themes.iter().map(|t| t.label.to_lowercase()).collect();
    let mut sorted = labels.clone();
    sorted.sort();
    // Plain byte order puts "é" after "z": the API sorts by label as stored.
    assert_eq!(labels.len(), sorted.len());
    for theme in &themes {
        let list: PublicationList = app
            .json(&format!("/api/v1/publications?theme={}", theme.slug))
            .await;
        assert!(list
            .items
            .iter()
            .all(|p| p.themes.iter().any(|t| t.slug == theme.slug)));
    }
}

async fn territories_form_a_tree_with_official_codes(app: TestApp) {
    let territories: Vec<Territory> = app.json("/api/v1/territories").await;
    let find = |id: &str| territories.iter().find(|t| t.id == id).cloned();
    let gard = find("departement-30").expect("Gard");
    assert_eq!(
        (gard.code.as_str(), gard.level),
        ("30", TerritoryLevel::Departement)
    );
    assert_eq!(gard.parent_id.as_deref(), Some("region-76"));
    let nimes = find("commune-30189").expect("Nîmes");
    assert_eq!(nimes.name, "Nîmes");
    assert_eq!(nimes.parent_id.as_deref(), Some("departement-30"));
    // Région 11 and département 11 share a code but not an id.
    assert_eq!(
        find("region-11").map(|t| t.name),
        Some("Île-de-France".to_owned())
    );
    assert_eq!(
        find("departement-11").map(|t| t.name),
        Some("Aude".to_owned())
    );
    // Régions first, then départements, then communes.
    let levels: Vec<_> = territories.iter().map(|t| t.level).collect();
    let mut ordered = levels.clone();
    ordered.sort();
    assert_eq!(levels, ordered);
}

on_both_backends!(
    themes_are_listed_by_label_and_usable_as_filters,
    territories_form_a_tree_with_official_codes,
);
