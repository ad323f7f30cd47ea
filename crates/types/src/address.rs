//! The address is the state of a list: helpers that read and rewrite a query string, used
//! by the client's controls and by the pages the server writes, so both link alike.

/// Query pairs, without the leading `?`.
fn pairs(search: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(search.trim_start_matches('?')).unwrap_or_default()
}

fn encode(pairs: &[(String, String)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// The values of a list parameter (`theme=a,b`).
pub fn values(search: &str, param: &str) -> Vec<String> {
    pairs(search)
        .into_iter()
        .filter(|(k, _)| k == param)
        .flat_map(|(_, v)| v.split(',').map(str::to_owned).collect::<Vec<_>>())
        .filter(|v| !v.is_empty())
        .collect()
}

/// One parameter's value, if set.
pub fn value(search: &str, param: &str) -> Option<String> {
    pairs(search)
        .into_iter()
        .find(|(k, _)| k == param)
        .map(|(_, v)| v)
}

/// Sets (or, with an empty value, removes) a parameter; any change but a page change goes
/// back to the first page.
pub fn with(search: &str, param: &str, new_value: &str) -> String {
    let mut out: Vec<(String, String)> = pairs(search)
        .into_iter()
        .filter(|(k, _)| k != param && (param == "page" || k != "page"))
        .collect();
    if !new_value.is_empty() {
        out.push((param.to_owned(), new_value.to_owned()));
    }
    encode(&out)
}

/// Adds or removes one value of a list parameter.
pub fn toggled(search: &str, param: &str, value: &str) -> String {
    let mut current = values(search, param);
    if let Some(position) = current.iter().position(|v| v == value) {
        current.remove(position);
    } else {
        current.push(value.to_owned());
    }
    with(search, param, &current.join(","))
}

/// `path` with a query string, if any.
pub fn href(path: &str, search: &str) -> String {
    if search.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{search}")
    }
}

/// The code a partner site pastes to show a widget: the iframe and the few lines that give
/// it the height the widget asks for.
pub fn embed_code(origin: &str, path: &str, title: &str) -> String {
    format!(
        "<iframe src=\"{origin}{path}\" title=\"{title} — Passerelle\" \
         style=\"width:100%;border:0\" loading=\"lazy\"></iframe>\n\
         <script>addEventListener(\"message\",function(e){{\
         if(e.origin!==\"{origin}\"||!e.data||e.data.type!==\"passerelle:hauteur\")return;\
         document.querySelectorAll(\"iframe\").forEach(function(f){{\
         if(f.contentWindow===e.source)f.style.height=e.data.hauteur+\"px\"}})}});</script>"
    )
}

/// A key (slug or id) as one segment of a path: slugs are ASCII; anything else is encoded
/// rather than trusted.
pub fn segment(key: &str) -> String {
    key.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The filters of a query string: without the page, page size and order of the screen.
pub fn filters(search: &str) -> String {
    let kept: Vec<(String, String)> = pairs(search)
        .into_iter()
        .filter(|(k, _)| !matches!(k.as_str(), "page" | "limit" | "sort"))
        .collect();
    encode(&kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_leave_the_page_size_and_order_out() {
        assert_eq!(
            filters("theme=sante&page=3&limit=50&sort=title&q=nimes"),
            "theme=sante&q=nimes"
        );
    }

    #[test]
    fn toggling_a_value_adds_it_then_removes_it_and_resets_the_page() {
        let search = "?q=conseil&theme=sante&page=3";
        let added = toggled(search, "theme", "emploi-insertion");
        assert_eq!(values(&added, "theme"), vec!["sante", "emploi-insertion"]);
        assert_eq!(value(&added, "page"), None, "a new filter starts at page 1");
        assert_eq!(value(&added, "q").as_deref(), Some("conseil"));
        let removed = toggled(&added, "theme", "sante");
        assert_eq!(values(&removed, "theme"), vec!["emploi-insertion"]);
        let none = toggled(&removed, "theme", "emploi-insertion");
        assert!(!none.contains("theme"));
    }

    #[test]
    fn setting_the_page_keeps_the_filters() {
        let next = with("theme=sante&q=%C3%A9galit%C3%A9", "page", "2");
        assert_eq!(value(&next, "page").as_deref(), Some("2"));
        assert_eq!(value(&next, "q").as_deref(), Some("égalité"));
        assert_eq!(
            href("/publications", &next),
            format!("/publications?{next}")
        );
        assert_eq!(href("/publications", ""), "/publications");
    }

    #[test]
    fn an_empty_value_removes_the_parameter() {
        assert_eq!(with("q=conseil&kind=guide", "q", ""), "kind=guide");
    }
}
