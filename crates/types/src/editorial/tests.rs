use super::*;

#[test]
fn slugs_fold_french_titles() {
    assert_eq!(
        slugify("Égalité femmes-hommes : l'œuvre des contrats de ville"),
        "egalite-femmes-hommes-l-oeuvre-des-contrats-de-ville"
    );
    assert_eq!(slugify("   !!! "), "sans-titre");
    assert!(is_slug(&slugify(&"très long titre ".repeat(40))));
    assert!(slugify(&"très long titre ".repeat(40)).len() <= MAX_SLUG_CHARS);
}

#[test]
fn slug_shape() {
    assert!(is_slug("rencontre-2019"));
    for bad in ["", "-a", "a-", "a--b", "A", "é", "a b", "a/b"] {
        assert!(!is_slug(bad), "{bad}");
    }
}

#[test]
fn publication_errors_name_their_fields_in_french() {
    let input = PublicationInput {
        slug: Some("Pas Un Slug".to_owned()),
        year: Some(2019),
        publication_date: NaiveDate::from_ymd_opt(2020, 3, 1),
        themes: vec!["a".to_owned(), "a".to_owned()],
        links: vec![Link {
            url: "javascript:alert(1)".to_owned(),
            label: String::new(),
            media_type: None,
        }],
        ..Default::default()
    };
    let errors = input.validate().err().unwrap_or_default();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "slug",
            "title",
            "kind",
            "year",
            "themes[1]",
            "links[0].url",
            "links[0].label"
        ]
    );
    assert!(errors[1].message.contains("obligatoire"));
}

#[test]
fn event_end_before_start_is_refused() {
    let input = EventInput {
        title: "Séminaire".to_owned(),
        kind: Some(EventKind::ALL[0]),
        start_date: NaiveDate::from_ymd_opt(2026, 3, 10),
        end_date: NaiveDate::from_ymd_opt(2026, 3, 9),
        ..Default::default()
    };
    let errors = input.validate().err().unwrap_or_default();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, "end_date");
}

#[test]
fn addresses() {
    assert!(is_web_address("https://www.villesetterritoires.fr/x"));
    assert!(!is_web_address("javascript:alert(1)"));
    assert!(!is_web_address("https://"));
    assert!(!is_web_address("https://a b"));
    assert!(is_email("contact@conseil-citoyen.fr"));
    assert!(!is_email("contact@localhost"));
    assert!(!is_email("a b@c.fr"));
}
