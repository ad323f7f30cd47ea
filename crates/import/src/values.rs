//! Values as people type them in the sources, made into what Passerelle stores.

use passerelle_types::{slugify, Vocabulary};

/// A web address: as written with its scheme, or with `https://` added to a bare
/// `www.exemple.fr` (common in real sites and spreadsheets); `None` if it is not one.
pub fn web_address(value: &str) -> Option<String> {
    let value = value.trim();
    if value.starts_with("https://") || value.starts_with("http://") {
        return Some(value.to_owned());
    }
    let bare = !value.is_empty()
        && !value.contains(char::is_whitespace)
        && value.contains('.')
        && !value.contains('@');
    bare.then(|| format!("https://{}", value.trim_start_matches("//")))
}

/// A vocabulary value from its identifier (`conseil_citoyen`) or its French label, whole
/// or its first words (`Collectivité` for « Collectivité territoriale »), without regard
/// to accents or case.
pub fn vocabulary<V: Vocabulary>(value: &str, all: &[V]) -> Option<V> {
    let folded = slugify(value);
    all.iter().copied().find(|v| {
        let label = slugify(v.label());
        v.as_str().replace('_', "-") == folded
            || label == folded
            || label.starts_with(&format!("{folded}-"))
            // Plurals: « Associations », « Conseils citoyens ».
            || label.split('-').map(|w| format!("{w}s")).collect::<Vec<_>>().join("-") == folded
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use passerelle_types::MemberKind;

    #[test]
    fn bare_addresses_get_a_scheme_and_others_are_refused() {
        assert_eq!(
            web_address("www.exemple.fr").as_deref(),
            Some("https://www.exemple.fr")
        );
        assert_eq!(
            web_address(" http://a.fr/x ").as_deref(),
            Some("http://a.fr/x")
        );
        assert_eq!(web_address("contact@a.fr"), None);
        assert_eq!(web_address("voir le site"), None);
    }

    #[test]
    fn kinds_are_read_from_identifiers_labels_their_start_and_plurals() {
        let all = MemberKind::ALL;
        assert_eq!(
            vocabulary("conseil_citoyen", all),
            Some(MemberKind::ConseilCitoyen)
        );
        assert_eq!(
            vocabulary("Conseil citoyen", all),
            Some(MemberKind::ConseilCitoyen)
        );
        assert_eq!(
            vocabulary("CONSEILS CITOYENS", all),
            Some(MemberKind::ConseilCitoyen)
        );
        assert_eq!(
            vocabulary("Collectivité", all),
            Some(MemberKind::Collectivite)
        );
        assert_eq!(
            vocabulary("Service de l'État", all),
            Some(MemberKind::ServiceEtat)
        );
        assert_eq!(vocabulary("Entreprise", all), None);
    }
}
