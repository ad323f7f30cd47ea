//! For administrators: the site's own pages (`/redaction/pages`), which every page's
//! footer links to, and the year's activity (`/redaction/bilan`) with its charts.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use passerelle_types::{
    ActivityReport, Conformity, FieldError, SitePageInput, SitePageKind, Tally,
};

use super::pages::{message_for, AdminPage};
use crate::components::*;
use crate::staff::api;
use crate::staff::session::use_session;

/// `/redaction/pages`.
#[component]
pub fn SitePagesPage() -> impl IntoView {
    view! {
        <AdminPage title="Pages du site">
            <p>"Les pages que chaque pied de page propose. Tant qu'une page n'a pas été modifiée, elle montre un texte par défaut à compléter (les passages en italique)."</p>
            {SitePageKind::ALL.iter().map(|kind| view! { <SitePageEditor kind=*kind /> }).collect_view()}
        </AdminPage>
    }
}

#[component]
fn SitePageEditor(kind: SitePageKind) -> impl IntoView {
    let session = use_session();
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let conformity = RwSignal::new(None::<Conformity>);
    let loaded = RwSignal::new(None::<Result<Option<String>, String>>);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<(bool, String)>);
    spawn_local(async move {
        match api::site_page(kind).await {
            Ok(page) => {
                title.set(page.title);
                body.set(page.body);
                conformity.set(page.conformity);
                loaded.set(Some(Ok(page
                    .updated_at
                    .map(|at| at.format("%d/%m/%Y").to_string()))));
            }
            Err(error) => loaded.set(Some(Err(error.message()))),
        }
    });
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = SitePageInput {
            title: title.get_untracked(),
            body: body.get_untracked(),
            conformity: conformity.get_untracked(),
        };
        if !passes(errors, input.validate(kind)) {
            return;
        }
        let csrf = session.csrf();
        spawn_local(async move {
            match api::save_site_page(csrf, kind, input).await {
                Ok(page) => {
                    loaded.set(Some(Ok(page
                        .updated_at
                        .map(|at| at.format("%d/%m/%Y").to_string()))));
                    outcome.set(Some((true, format!("« {} » enregistrée.", page.title))));
                }
                Err(crate::api::ApiError::Problem(p)) if p.status == 422 => {
                    refused(errors, p.errors);
                }
                Err(error) => outcome.set(Some((false, error.message()))),
            }
        });
    };
    let slug = kind.as_str();
    let error = move |field: &'static str| move || errors.with(|e| message_for(e, field));
    view! {
        <section class="site-page" aria-labelledby=format!("{slug}-titre")>
            <h2 id=format!("{slug}-titre")>{kind.label()}</h2>
            {move || match loaded.get() {
                None => view! { <Loading what="de la page" /> }.into_any(),
                Some(Err(message)) => view! { <div class="error" role="alert"><p>{message}</p></div> }.into_any(),
                Some(Ok(updated)) => view! {
                    <p class="hint">
                        <a href=format!("/{slug}") rel="external">{format!("Voir la page /{slug}")}</a>
                        {match updated {
                            Some(day) => format!(" — modifiée le {day}."),
                            None => " — texte par défaut, jamais modifié.".to_owned(),
                        }}
                    </p>
                    <form class="editor-form" on:submit=save novalidate>
                        <div aria-live="polite">{move || outcome.get().map(|(ok, text)| view! {
                            <p class=if ok { "success" } else { "error" }>{text}</p>
                        })}</div>
                        <p class="field">
                            <label for=format!("{slug}-intitule")>"Titre"</label>
                            <input id=format!("{slug}-intitule") prop:value=move || title.get()
                                on:input=move |ev| title.set(event_target_value(&ev))
                                aria-invalid=move || error("title")().map(|_| "true") />
                            {move || error("title")().map(|m| view! { <span class="field-error">{m}</span> })}
                        </p>
                        {(kind == SitePageKind::Accessibility).then(|| view! {
                            <p class="field">
                                <label for="conformite">"État de conformité au RGAA (repris au pied de chaque page)"</label>
                                <select id="conformite" on:change=move |ev| conformity.set(event_target_value(&ev).parse().ok())>
                                    {Conformity::ALL.iter().map(|c| {
                                        let c = *c;
                                        view! { <option value=c.as_str() selected=move || conformity.get() == Some(c)>{c.label()}</option> }
                                    }).collect_view()}
                                </select>
                            </p>
                        })}
                        <p class="field">
                            <label for=format!("{slug}-texte")>"Texte (Markdown : ## titre, *italique*, **gras**, - liste, [lien](https://…))"</label>
                            <textarea id=format!("{slug}-texte") rows="14" prop:value=move || body.get()
                                on:input=move |ev| body.set(event_target_value(&ev))
                                aria-invalid=move || error("body")().map(|_| "true")></textarea>
                            {move || error("body")().map(|m| view! { <span class="field-error">{m}</span> })}
                        </p>
                        <p><button type="submit" class="primary">{format!("Enregistrer « {} »", kind.label())}</button></p>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}

/// `/redaction/bilan?annee=…`.
#[component]
pub fn ReportPage() -> impl IntoView {
    let query = use_query_map();
    let year = Memo::new(move |_| {
        query
            .read()
            .get("annee")
            .and_then(|y| y.parse::<i32>().ok())
    });
    let report = LocalResource::new(move || api::activity_report(year.get()));
    view! {
        <AdminPage title="Bilan d'activité">
            <Transition fallback=|| view! { <Loading what="du bilan" /> }>
                {move || report.get().map(|result| match result {
                    Err(error) => view! { <Failure error retry=Callback::new(move |()| report.refetch()) /> }.into_any(),
                    Ok(report) => view! { <Report report /> }.into_any(),
                })}
            </Transition>
        </AdminPage>
    }
}

const MONTHS: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];

#[component]
fn Report(report: ActivityReport) -> impl IntoView {
    let year = report.year;
    let months = |pick: fn(&passerelle_types::MonthActivity) -> u32| {
        report
            .months
            .iter()
            .map(|m| Tally {
                key: m.month.to_string(),
                label: MONTHS[(m.month as usize).saturating_sub(1) % 12].to_owned(),
                count: pick(m),
            })
            .collect::<Vec<_>>()
    };
    let registrations = months(|m| m.registrations);
    let events = months(|m| m.events);
    view! {
        <nav aria-label="Années" class="toggle">
            {report.years.iter().map(|y| {
                let y = *y;
                view! { <a class="button" href=format!("/redaction/bilan?annee={y}")
                    aria-current=(y == year).then_some("page")>{y}</a> }
            }).collect_view()}
        </nav>
        <p class="actions">
            <a class="button" href=format!("/api/v1/editorial/report.csv?year={year}") download="" rel="external">
                {format!("Télécharger le bilan {year} (CSV)")}
            </a>
        </p>
        <h2>{format!("En {year}")}</h2>
        <ul class="figures">
            <li><strong>{report.events_held}</strong>" événement(s) tenu(s)"</li>
            <li><strong>{report.registrations}</strong>" inscription(s) confirmée(s)"</li>
            <li><strong>{report.attended}</strong>" présent(s)"</li>
            <li><strong>{report.waiting}</strong>" resté(s) en liste d'attente"</li>
            <li><strong>{report.publications_published}</strong>" publication(s) parue(s)"</li>
        </ul>
        <BarChart id="mois-inscriptions" title=format!("Inscriptions confirmées par mois, {year}")
            heading="Mois" bars=registrations />
        <BarChart id="mois-evenements" title=format!("Événements tenus par mois, {year}")
            heading="Mois" bars=events />
        <BarChart id="publics" title=format!("Publics inscrits, {year}")
            heading="Public" bars=report.audiences.clone() />
        <BarChart id="departements" title=format!("Départements des inscrits, {year}")
            heading="Département" bars=report.departements.clone() />
    }
}

/// A horizontal bar chart drawn in SVG, named and described for assistive technologies,
/// with the table it is drawn from just below (RGAA 1.8: the data in text too).
#[component]
fn BarChart(
    id: &'static str,
    title: String,
    heading: &'static str,
    bars: Vec<Tally>,
) -> impl IntoView {
    const LABEL: f64 = 220.0;
    const WIDTH: f64 = 640.0;
    const ROW: f64 = 28.0;
    let total: u32 = bars.iter().map(|b| b.count).sum();
    let most = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1) as f64;
    let height = ROW * bars.len().max(1) as f64 + 8.0;
    let description = bars
        .iter()
        .map(|b| format!("{} : {}", b.label, b.count))
        .collect::<Vec<_>>()
        .join(" ; ");
    let rows = bars
        .iter()
        .enumerate()
        .map(|(i, bar)| {
            let y = ROW * i as f64 + 4.0;
            let length = (WIDTH - LABEL - 60.0) * bar.count as f64 / most;
            view! {
                <text x=LABEL - 8.0 y=y + 17.0 text-anchor="end" class="chart-label">{bar.label.clone()}</text>
                <rect x=LABEL y=y + 3.0 width=length.max(1.0) height=ROW - 8.0 class="chart-bar" />
                <text x=LABEL + length + 6.0 y=y + 17.0 class="chart-value">{bar.count}</text>
            }
        })
        .collect_view();
    let table_rows = bars
        .into_iter()
        .map(|bar| view! { <tr><th scope="row">{bar.label}</th><td>{bar.count}</td></tr> })
        .collect_view();
    if total == 0 {
        return view! {
            <section class="chart" aria-labelledby=format!("{id}-legende")>
                <h3 id=format!("{id}-legende")>{title}</h3>
                <p class="empty">"Aucune donnée pour cette année."</p>
            </section>
        }
        .into_any();
    }
    view! {
        <figure class="chart" aria-labelledby=format!("{id}-legende")>
            <figcaption id=format!("{id}-legende")><h3>{title.clone()}</h3></figcaption>
            <svg role="img" viewBox=format!("0 0 {WIDTH} {height}") width="100%"
                aria-labelledby=format!("{id}-svg-titre {id}-svg-description")>
                <title id=format!("{id}-svg-titre")>{title.clone()}</title>
                <desc id=format!("{id}-svg-description")>{description}</desc>
                {rows}
            </svg>
            <div class="table-scroll"><table class="editorial">
                <caption class="count">{format!("{title} : les nombres")}</caption>
                <thead><tr><th scope="col">{heading}</th><th scope="col">"Nombre"</th></tr></thead>
                <tbody>{table_rows}</tbody>
            </table></div>
        </figure>
    }
    .into_any()
}
