use super::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

#[test]
fn clause_matches_keep_each_entry_score_from_every_segment() {
    // Segments hold entries in any order, across the 64-bit words of the set.
    let segments = vec![
        vec![(130, 1.5), (3, 0.25), (64, 2.0)],
        vec![],
        vec![(0, 4.0), (200, 0.5), (63, 3.0)],
    ];
    let matches = ClauseMatches::new(&segments, Vec::new());
    let expected: std::collections::BTreeMap<usize, Score> = segments
        .iter()
        .flatten()
        .map(|(entry, score)| (*entry as usize, *score))
        .collect();
    assert_eq!(
        matches.set.ones().collect::<Vec<_>>(),
        expected.keys().copied().collect::<Vec<_>>()
    );
    for (entry, score) in expected {
        assert_eq!(matches.score(entry), score, "entry {entry}");
    }
    let nothing = ClauseMatches::new(&[], Vec::new());
    assert_eq!(nothing.set.count_ones(..), 0);
}

#[test]
fn an_event_ending_today_is_still_upcoming() {
    let today = date(2026, 11, 26);
    let span = Some((date(2026, 11, 25), today));
    assert!(in_period(span, EventPeriod::Upcoming, today));
    assert!(!in_period(span, EventPeriod::Past, today));
    assert!(!in_period(None, EventPeriod::Past, today));
    assert!(in_period(None, EventPeriod::All, today));
}

fn publication(n: u128, title: &str, theme: &str) -> PublicationSummary {
    PublicationSummary {
        id: Uuid::from_u128(n),
        slug: format!("publication-{n}"),
        title: title.to_owned(),
        summary: String::new(),
        kind: PublicationKind::Guide,
        publication_date: None,
        year: Some(2020),
        themes: vec![Theme {
            slug: theme.to_owned(),
            label: theme.to_owned(),
        }],
        territories: Vec::new(),
        updated_at: chrono::DateTime::UNIX_EPOCH,
        version: 1,
    }
}

fn search(engine: &Engine, q: &str) -> Vec<String> {
    let query = PublicationQuery {
        q: q.to_owned(),
        ..PublicationQuery::default()
    };
    let list = engine.publications(&query).expect("search");
    list.items.into_iter().map(|p| p.slug).collect()
}

#[test]
fn single_items_are_added_replaced_and_removed() {
    let engine = Engine::build(CatalogSource {
        themes: vec![Theme {
            slug: "sante".to_owned(),
            label: "Santé".to_owned(),
        }],
        publications: vec![(publication(1, "Médiation en santé", "sante"), String::new())],
        ..CatalogSource::default()
    })
    .expect("engine");
    engine
        .upsert(CatalogItem::publication(
            publication(2, "Jardins partagés", "sante"),
            "potagers".to_owned(),
        ))
        .expect("add");
    assert_eq!(search(&engine, "potagers"), vec!["publication-2"]);
    assert_eq!(engine.counts(), [2, 0, 0]);

    replace_with_vergers(&engine);
    assert!(search(&engine, "jardins").is_empty());
    assert!(
        search(&engine, "potagers").is_empty(),
        "matches kept for a query are forgotten when the content changes"
    );
    assert_eq!(search(&engine, "vergers"), vec!["publication-2"]);
    assert_eq!(engine.counts(), [2, 0, 0]);

    // Details take their summaries from here: each once, as now, and only live ones.
    let ids = [2, 1, 2, 7].map(Uuid::from_u128);
    let titles = |engine: &Engine| -> Vec<String> {
        engine
            .publication_summaries(&ids)
            .into_iter()
            .map(|p| p.title)
            .collect()
    };
    assert_eq!(titles(&engine), ["Vergers partagés", "Médiation en santé"]);
    assert_eq!(
        engine.publication_summaries(&ids)[0].themes[0].slug,
        "sante",
        "with their themes"
    );
    assert!(engine.event_summaries(&ids).is_empty());
    assert!(engine.member_summaries(&ids).is_empty());

    engine.remove(Uuid::from_u128(1)).expect("remove");
    assert_eq!(titles(&engine), ["Vergers partagés"]);
    assert!(search(&engine, "mediation").is_empty());
    let all = engine
        .publications(&PublicationQuery::default())
        .expect("list");
    assert_eq!(all.page.total, 1);
    assert_eq!(
        all.facets.theme[0].count, 1,
        "removed items leave the counts"
    );
}

/// A folder of its own to keep engines in, removed with the returned guard.
fn kept_folder() -> (tempfile::TempDir, Arc<IndexFolder>) {
    let dir = tempfile::tempdir().expect("folder");
    let folder = IndexFolder::take(dir.path())
        .expect("folder")
        .expect("free");
    (dir, Arc::new(folder))
}

fn replace_with_vergers(engine: &Engine) {
    engine
        .upsert(CatalogItem::publication(
            publication(2, "Vergers partagés", "sante"),
            String::new(),
        ))
        .expect("replace");
}

fn kept_engine(folder: &Arc<IndexFolder>) -> Engine {
    let mut builder = EngineBuilder::kept(
        vec![Theme {
            slug: "sante".to_owned(),
            label: "Santé".to_owned(),
        }],
        Vec::new(),
        Some(folder.clone()),
    )
    .expect("builder");
    for (n, title) in [(1, "Médiation en santé"), (2, "Jardins partagés")] {
        builder
            .add(CatalogItem::publication(
                publication(n, title, "sante"),
                "quartiers prioritaires".to_owned(),
            ))
            .expect("add");
    }
    builder.finish().expect("engine")
}

#[test]
fn a_kept_engine_is_resumed_as_saved_and_goes_on_changing() {
    let (_dir, folder) = kept_folder();
    let engine = kept_engine(&folder);
    replace_with_vergers(&engine);
    engine.save(&"état 1").expect("save");
    drop(engine);

    let (engine, state) = Engine::resume::<String>(folder.clone())
        .expect("resume")
        .expect("a kept engine");
    assert_eq!(state, "état 1");
    assert_eq!(engine.counts(), [2, 0, 0]);
    assert_eq!(search(&engine, "vergers"), vec!["publication-2"]);
    assert!(search(&engine, "jardins").is_empty());
    assert_eq!(search(&engine, "quartiers"), vec!["publication-1"]);
    let list = engine
        .publications(&PublicationQuery::default())
        .expect("list");
    assert_eq!(list.facets.theme[0].label, "Santé");
    assert_eq!(list.facets.theme[0].count, 2);

    // New documents take numbers the index has not used.
    engine
        .upsert(CatalogItem::publication(
            publication(3, "Ruchers urbains", "sante"),
            String::new(),
        ))
        .expect("add");
    engine.remove(Uuid::from_u128(1)).expect("remove");
    assert_eq!(search(&engine, "ruchers"), vec!["publication-3"]);
    assert!(search(&engine, "mediation").is_empty());
    assert_eq!(search(&engine, "vergers"), vec!["publication-2"]);
}

#[test]
fn what_changed_after_the_checkpoint_is_left_to_the_replay() {
    let (_dir, folder) = kept_folder();
    let engine = kept_engine(&folder);
    engine.save(&0_u32).expect("save");
    // Committed to the kept index, but not checkpointed: a crash comes first.
    replace_with_vergers(&engine);
    drop(engine);

    let (engine, _) = Engine::resume::<u32>(folder)
        .expect("resume")
        .expect("a kept engine");
    // Neither version of the replaced item: the change log's replay brings it back.
    assert!(search(&engine, "vergers").is_empty());
    assert!(search(&engine, "jardins").is_empty());
    assert_eq!(search(&engine, "mediation"), vec!["publication-1"]);
    assert_eq!(engine.counts(), [1, 0, 0]);
    replace_with_vergers(&engine);
    assert_eq!(search(&engine, "vergers"), vec!["publication-2"]);
}

#[test]
fn a_kept_folder_serves_one_instance_and_a_damaged_checkpoint_is_refused() {
    let (dir, folder) = kept_folder();
    assert!(
        IndexFolder::take(dir.path()).expect("folder").is_none(),
        "taken"
    );
    assert!(Engine::resume::<u32>(folder.clone())
        .expect("nothing kept yet")
        .is_none());
    let engine = kept_engine(&folder);
    engine.save(&0_u32).expect("save");
    let generation = folder.current().expect("current");
    drop(engine);
    let catalogue = generation.join(kept::CATALOGUE);
    let text = std::fs::read_to_string(&catalogue).expect("catalogue");
    let cut = text.trim_end().rfind('\n').expect("several lines");
    std::fs::write(&catalogue, &text[..cut]).expect("truncate");
    assert!(Engine::resume::<u32>(folder).is_err());
}

#[test]
fn long_summaries_are_cut_at_a_word() {
    assert_eq!(shorten("un deux trois", 8), "un deux…");
    assert_eq!(escape_html("<a & b>"), "&lt;a &amp; b&gt;");
}
