//! A combobox with search, after the WAI-ARIA Authoring Practices (« list autocomplete »):
//! typing filters, the arrows move through the choices, Enter picks, Escape closes. What is
//! chosen shows as chips, each with a button of its own to remove it. Only the first
//! [`SHOWN`] choices are drawn, so that thousands of communes or members stay quick.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use passerelle_types::{slugify, Territory, TerritoryLevel, Theme};

/// One value to choose: what is stored, what is read, and what tells it apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
    /// Read beside the label: the département of a commune, the kind of a member.
    pub detail: Option<String>,
}

impl Choice {
    /// The label with its detail, as a chip and a « Retirer » button read it.
    pub fn full_label(&self) -> String {
        match &self.detail {
            Some(detail) => format!("{} ({detail})", self.label),
            None => self.label.clone(),
        }
    }
}

/// At most this many choices are drawn; typing more narrows them down.
pub const SHOWN: usize = 20;

/// What a search found: the choices to draw and how many match in all.
pub type Found = Result<(Vec<Choice>, usize), String>;

/// Choices of a list the client holds whole (themes, territories), each with the text it is
/// found by, without accents or capitals.
#[derive(Clone, Default)]
pub struct LocalChoices {
    all: Arc<Vec<(String, Choice)>>,
    by_value: Arc<HashMap<String, Choice>>,
}

// Built once per load: the same list is the same allocation.
impl PartialEq for LocalChoices {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.all, &other.all)
    }
}

impl LocalChoices {
    pub fn new(choices: Vec<Choice>) -> Self {
        let by_value = choices
            .iter()
            .map(|c| (c.value.clone(), c.clone()))
            .collect();
        let all = choices
            .into_iter()
            .map(|c| (slugify(&c.label), c))
            .collect();
        LocalChoices {
            all: Arc::new(all),
            by_value: Arc::new(by_value),
        }
    }

    pub fn themes(themes: Vec<Theme>) -> Self {
        Self::new(
            themes
                .into_iter()
                .map(|t| Choice {
                    value: t.slug,
                    label: t.label,
                    detail: None,
                })
                .collect(),
        )
    }

    /// Régions, départements and communes, each commune with its département beside it
    /// (several communes share a name).
    pub fn territories(territories: Vec<Territory>) -> Self {
        let names: HashMap<String, (String, String)> = territories
            .iter()
            .map(|t| (t.id.clone(), (t.name.clone(), t.code.clone())))
            .collect();
        Self::new(
            territories
                .into_iter()
                .map(|t| {
                    let parent = t.parent_id.as_ref().and_then(|p| names.get(p));
                    let detail = match (t.level, parent) {
                        (TerritoryLevel::Commune, Some((name, code))) => format!("{name}, {code}"),
                        (TerritoryLevel::Departement, Some((name, _))) => {
                            format!("département {}, {name}", t.code)
                        }
                        (TerritoryLevel::Departement, None) => format!("département {}", t.code),
                        (TerritoryLevel::Region, _) => "région".to_owned(),
                        (_, None) => t.level.label().to_lowercase(),
                    };
                    Choice {
                        value: t.id,
                        label: t.name,
                        detail: Some(detail),
                    }
                })
                .collect(),
        )
    }

    pub fn get(&self, value: &str) -> Option<Choice> {
        self.by_value.get(value).cloned()
    }

    /// The chosen values as choices; one no longer known keeps its value as its label.
    pub fn chosen(&self, values: &[String]) -> Vec<Choice> {
        values
            .iter()
            .map(|v| {
                self.get(v).unwrap_or_else(|| Choice {
                    value: v.clone(),
                    label: v.clone(),
                    detail: None,
                })
            })
            .collect()
    }

    /// The first choices whose label holds every typed word (accents and case aside), those
    /// that begin with the first word first, and how many match in all.
    pub fn matching(&self, text: &str) -> (Vec<Choice>, usize) {
        let words: Vec<String> = text
            .split_whitespace()
            .map(slugify)
            .filter(|w| !w.is_empty())
            .collect();
        let found: Vec<&(String, Choice)> = self
            .all
            .iter()
            .filter(|(folded, _)| words.iter().all(|w| folded.contains(w.as_str())))
            .collect();
        let starts = |folded: &str| words.first().is_none_or(|w| folded.starts_with(w.as_str()));
        let shown = found
            .iter()
            .filter(|(folded, _)| starts(folded))
            .chain(found.iter().filter(|(folded, _)| !starts(folded)))
            .take(SHOWN)
            .map(|(_, c)| c.clone())
            .collect();
        (shown, found.len())
    }
}

/// An input that searches `search` as one types and offers what it finds. `chosen` shows
/// as chips (leave it empty when the caller shows the choices itself).
#[component]
pub fn Combobox<F, Fut>(
    /// The input's id; the list's and the options' ids are made from it.
    id: String,
    label: String,
    #[prop(into)] chosen: Signal<Vec<Choice>>,
    search: F,
    on_pick: Callback<Choice>,
    on_remove: Callback<Choice>,
    /// Placeholder of the input.
    #[prop(optional)]
    placeholder: &'static str,
    /// `aria-invalid` and `aria-describedby` of the input, when a field error applies.
    #[prop(optional, into)]
    error_id: Signal<Option<String>>,
) -> impl IntoView
where
    F: Fn(String) -> Fut + Clone + 'static,
    Fut: Future<Output = Found> + 'static,
{
    let text = RwSignal::new(String::new());
    let wanted = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let found = LocalResource::new(move || {
        let search = search.clone();
        let (open, wanted) = (open.get(), wanted.get());
        async move {
            if open {
                Some(search(wanted).await)
            } else {
                None
            }
        }
    });
    // The last answer stays while the next is on its way: no flicker as one types.
    let shown = RwSignal::new(Vec::<Choice>::new());
    let total = RwSignal::new(None::<Result<usize, String>>);
    Effect::new(move |_| match found.get().flatten() {
        Some(Ok((choices, count))) => {
            shown.set(choices);
            total.set(Some(Ok(count)));
        }
        Some(Err(message)) => {
            shown.set(Vec::new());
            total.set(Some(Err(message)));
        }
        None => {}
    });
    let pending: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let list_id = format!("{id}-choix");
    let status_id = format!("{id}-etat");
    let option_id = {
        let id = id.clone();
        move |index: usize| format!("{id}-choix-{index}")
    };
    let pick = move |choice: Choice| {
        on_pick.run(choice);
        text.set(String::new());
        wanted.set(String::new());
        open.set(false);
        active.set(None);
    };
    let on_input = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        text.set(typed.clone());
        active.set(None);
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        if !open.get_untracked() {
            // The first key opens the list on what it typed, not on every choice.
            wanted.set(typed);
            open.set(true);
            return;
        }
        let handle =
            set_timeout_with_handle(move || wanted.set(typed), Duration::from_millis(120)).ok();
        pending.set_value(handle);
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = shown.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                if !open.get_untracked() {
                    open.set(true);
                    active.set(None);
                } else if count > 0 {
                    active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
                }
            }
            "ArrowUp" => {
                ev.prevent_default();
                if open.get_untracked() && count > 0 {
                    active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
                }
            }
            "Enter" => {
                if let Some(index) = active.get_untracked().filter(|_| open.get_untracked()) {
                    // Picks instead of sending the form around.
                    ev.prevent_default();
                    if let Some(choice) = shown.with_untracked(|s| s.get(index).cloned()) {
                        pick(choice);
                    }
                }
            }
            "Escape" => {
                if open.get_untracked() {
                    ev.prevent_default();
                    open.set(false);
                    active.set(None);
                } else {
                    text.set(String::new());
                    wanted.set(String::new());
                }
            }
            "Tab" => open.set(false),
            _ => {}
        }
    };
    let status = move || match total.get() {
        _ if !open.get() => String::new(),
        None => "Recherche…".to_owned(),
        Some(Err(message)) => message,
        Some(Ok(0)) => "Aucun résultat.".to_owned(),
        Some(Ok(count)) if count > SHOWN => {
            format!("Les {SHOWN} premiers résultats sur {count} : précisez la recherche.")
        }
        Some(Ok(count)) => format!("{count} résultat(s)."),
    };
    let described = {
        let status_id = status_id.clone();
        move || match error_id.get() {
            Some(error) => format!("{status_id} {error}"),
            None => status_id.clone(),
        }
    };
    let active_id = {
        let option_id = option_id.clone();
        move || active.get().filter(|_| open.get()).map(&option_id)
    };
    let chips_label = format!("{label} : choix faits");
    view! {
        <div class="combobox">
            <label for=id.clone()>{label.clone()}</label>
            <Show when=move || !chosen.with(Vec::is_empty)>
                <ul class="chips" aria-label=chips_label.clone()>
                    <For each=move || chosen.get() key=|c| c.value.clone() let:choice>
                        <li class="chip">
                            <span>{choice.full_label()}</span>
                            <button type="button" class="chip-remove"
                                aria-label=format!("Retirer {}", choice.full_label())
                                on:click={
                                    let choice = choice.clone();
                                    move |_| on_remove.run(choice.clone())
                                }>"×"</button>
                        </li>
                    </For>
                </ul>
            </Show>
            <div class="combobox-field">
            <input id=id type="text" role="combobox" autocomplete="off" spellcheck="false"
                aria-autocomplete="list" aria-controls=list_id.clone()
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-activedescendant=active_id
                aria-describedby=described
                aria-invalid=move || error_id.get().map(|_| "true")
                placeholder=placeholder
                prop:value=move || text.get()
                on:input=on_input
                on:keydown=on_keydown
                on:click=move |_| open.set(true)
                on:blur=move |_| { open.set(false); active.set(None); } />
            <ul id=list_id role="listbox" class="combobox-list" aria-label=label
                hidden=move || !open.get() || shown.with(Vec::is_empty)>
                {move || shown.get().into_iter().enumerate().map(|(index, choice)| {
                    let chosen_one = choice.clone();
                    view! {
                        <li id=option_id(index) role="option"
                            aria-selected=move || if active.get() == Some(index) { "true" } else { "false" }
                            // Keeps the focus in the input, where the keyboard is.
                            on:mousedown=|ev| ev.prevent_default()
                            on:click=move |_| pick(chosen_one.clone())>
                            <span>{choice.label}</span>
                            // The space keeps the label and the detail apart in the option's name.
                            {choice.detail.map(|d| view! { " " <span class="detail">{d}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            </div>
            <p id=status_id class="combobox-status" aria-live="polite">{status}</p>
        </div>
    }
}

/// A search over a list held whole, as [`Combobox`] takes it.
pub fn local_search(
    choices: Signal<Option<LocalChoices>>,
) -> impl Fn(String) -> std::future::Ready<Found> + Clone + 'static {
    move |text: String| {
        std::future::ready(match choices.get_untracked() {
            Some(list) => Ok(list.matching(&text)),
            None => Err("Chargement des choix…".to_owned()),
        })
    }
}
