//! The frame around every page — skip link, header, footer — as the client's `Layout`
//! draws it (`frontend/src/layout.rs`).

use maud::{html, Markup};
use passerelle_types::Conformity;

/// The public sections, as the header names them.
pub const SECTIONS: [(&str, &str); 5] = [
    ("/", "Accueil"),
    ("/publications", "Publications"),
    ("/evenements", "Événements"),
    ("/reseau", "Réseau"),
    ("/recherche", "Recherche"),
];

/// What the frame shows besides the page: where the visitor is, the accessibility status
/// of the footer, and whether a member of the team is signed in (the header then links to
/// the editors' space).
pub struct Frame<'a> {
    pub path: &'a str,
    pub status: Conformity,
    pub signed_in: bool,
}

/// The links of every page's footer, the accessibility one with its status.
pub fn footer_links(status: Conformity) -> Markup {
    html! {
        nav aria-label="Pages du site" {
            ul.legal {
                li { a href="/mentions-legales" rel="external" { "Mentions légales" } }
                li { a href="/donnees-personnelles" rel="external" { "Données personnelles" } }
                li { a href="/accessibilite" rel="external" { "Accessibilité : " (status.label()) } }
                li { a href="/plan-du-site" rel="external" { "Plan du site" } }
            }
        }
    }
}

/// The page's content in the site's frame.
pub fn frame(f: &Frame, main: Markup) -> Markup {
    html! {
        a.skip-link href="#contenu" { "Aller au contenu" }
        header.site-header {
            div.wrap {
                a.brand href="/" { "Passerelle" }
                p.tagline { "Centre de ressources politique de la ville" }
                nav aria-label="Navigation principale" {
                    ul {
                        @for (href, label) in &SECTIONS[1..] {
                            // The router's links mark the section being read.
                            @let here = f.path == *href || f.path.starts_with(&format!("{href}/"));
                            li { a href=(href) aria-current=[here.then_some("page")] { (label) } }
                        }
                        @if f.signed_in {
                            li { a href="/redaction" rel="external" { "Rédaction" } }
                        }
                    }
                }
            }
        }
        main #contenu .wrap tabindex="-1" { (main) }
        footer {
            div.wrap {
                p {
                    "Les données de Passerelle sont ouvertes : "
                    a href="/api/docs/" rel="external" { "documentation de l'API" }
                    "."
                }
                (footer_links(f.status))
                @if !f.signed_in {
                    p { a href="/connexion" rel="external" { "Espace rédaction" } }
                }
            }
        }
    }
}
