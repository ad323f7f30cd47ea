use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h1 tabindex="-1">"Page introuvable"</h1>
        <p>"Cette adresse ne correspond à aucune page de Passerelle."</p>
        <p><a href="/">"Revenir à l'accueil"</a> " ou " <a href="/recherche">"lancer une recherche"</a> "."</p>
    }
}
