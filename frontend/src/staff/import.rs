//! Importing the network directory from a spreadsheet (administrators): choose the CSV
//! file, see what it would do and every invalid row, then import.

use leptos::prelude::*;
use leptos::task::spawn_local;
use passerelle_types::{FieldError, MemberImport};

use crate::api::ApiError;
use crate::components::Submit;
use crate::staff::api;
use crate::staff::session::use_session;

/// Rows of the preview shown in full; the others are counted.
const SHOWN_ROWS: usize = 200;

/// `/redaction/import`, inside an `AdminPage`.
#[component]
pub fn ImportForm() -> impl IntoView {
    let session = use_session();
    let file = RwSignal::new_local(None::<web_sys::File>);
    let preview = RwSignal::new(None::<MemberImport>);
    let done = RwSignal::new(None::<MemberImport>);
    let skip_invalid = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let refused = RwSignal::new(Vec::<FieldError>::new());

    let chosen = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let picked = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        file.set(picked);
        preview.set(None);
        done.set(None);
        failure.set(None);
        refused.set(Vec::new());
    };
    // Sends the file: a preview (`dry_run`), or the import itself.
    let send = move |dry_run: bool| {
        let Some(sheet) = file.get_untracked() else {
            failure.set(Some("Choisissez d'abord un fichier CSV.".to_owned()));
            return;
        };
        let csrf = session.csrf();
        let skip = skip_invalid.get_untracked();
        busy.set(true);
        failure.set(None);
        refused.set(Vec::new());
        spawn_local(async move {
            match api::import_members(csrf, sheet, dry_run, skip).await {
                Ok(outcome) if dry_run => preview.set(Some(outcome)),
                Ok(outcome) => {
                    preview.set(None);
                    done.set(Some(outcome));
                }
                Err(ApiError::Problem(problem)) if problem.status == 422 => {
                    refused.set(problem.errors);
                    failure.set(Some(problem.detail));
                }
                Err(error) => failure.set(Some(error.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <p class="lede">"Enregistrez l'annuaire depuis votre tableur au format CSV (séparateur point-virgule ou virgule). Colonnes reconnues : Nom, Type, Commune (nom ou code INSEE), Département, Site internet, Contact public, Téléphone, Thèmes, Code QPV, Description. Une structure déjà présente (même nom, même territoire) est mise à jour par les cellules remplies ; les structures importées sont publiées."</p>
        <form class="editor-form narrow" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); send(true); }>
            <p class="field">
                <label for="sheet">"Fichier CSV"</label>
                <input id="sheet" type="file" accept=".csv,text/csv" on:change=chosen />
            </p>
            <Submit busy label="Vérifier le fichier" busy_label="Lecture du fichier…" />
        </form>
        {move || failure.get().map(|message| view! {
            <div class="error" role="alert">
                <p>{message}</p>
                {(!refused.get().is_empty()).then(|| view! {
                    <ul>{refused.get().into_iter().map(|e| view! { <li>{format!("{} : {}", e.field, e.message)}</li> }).collect_view()}</ul>
                })}
            </div>
        })}
        {move || preview.get().map(|outcome| {
            let invalid = !outcome.rejected.is_empty();
            view! {
                <section aria-labelledby="apercu">
                    <h2 id="apercu">"Ce que l'import ferait"</h2>
                    <p role="status">{format!(
                        "{} structure(s) créée(s), {} mise(s) à jour, {} déjà à jour ; {} ligne(s) invalide(s). Rien n'a encore été écrit.",
                        outcome.created, outcome.updated, outcome.unchanged,
                        outcome.rejected.iter().map(|r| r.line).collect::<std::collections::BTreeSet<_>>().len()
                    )}</p>
                    {(!outcome.rows.is_empty()).then(|| {
                        let more = outcome.rows.len().saturating_sub(SHOWN_ROWS);
                        view! {
                            <div class="table-scroll"><table class="editorial">
                                <caption>"Lignes retenues"</caption>
                                <thead><tr><th scope="col">"Ligne"</th><th scope="col">"Structure"</th><th scope="col">"Effet"</th></tr></thead>
                                <tbody>{outcome.rows.iter().take(SHOWN_ROWS).map(|row| view! {
                                    <tr><td>{row.line}</td><td>{row.name.clone()}</td><td>{row.outcome.label()}</td></tr>
                                }).collect_view()}</tbody>
                            </table></div>
                            {(more > 0).then(|| view! { <p>{format!("… et {more} autre(s) ligne(s).")}</p> })}
                        }
                    })}
                    {invalid.then(|| view! {
                        <div class="table-scroll"><table class="editorial">
                            <caption>"Lignes invalides"</caption>
                            <thead><tr><th scope="col">"Ligne"</th><th scope="col">"Colonne"</th><th scope="col">"Problème"</th></tr></thead>
                            <tbody>{outcome.rejected.into_iter().map(|row| view! {
                                <tr><td>{row.line}</td><td>{row.column}</td><td>{row.message}</td></tr>
                            }).collect_view()}</tbody>
                        </table></div>
                        <p class="field check">
                            <input id="skip" type="checkbox" bind:checked=skip_invalid />
                            <label for="skip">"Importer les lignes valides et laisser les autres de côté"</label>
                        </p>
                    })}
                    {(!outcome.warnings.is_empty()).then(|| view! {
                        <h3>"À vérifier"</h3>
                        <ul>{outcome.warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                    })}
                    <button type="button" class="primary"
                        disabled=move || busy.get() || (invalid && !skip_invalid.get())
                        on:click=move |_| send(false)>"Importer"</button>
                </section>
            }
        })}
        {move || done.get().map(|outcome| view! {
            <div class="success" role="status">
                <p><strong>"Import terminé."</strong>{format!(
                    " {} structure(s) créée(s), {} mise(s) à jour, {} déjà à jour.",
                    outcome.created, outcome.updated, outcome.unchanged
                )}</p>
                <p><a href="/redaction/membres">"Voir les membres du réseau"</a></p>
            </div>
        })}
    }
}
