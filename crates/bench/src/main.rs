//! `passerelle-bench`: builds the search engine over a reproducible synthetic French corpus
//! and prints build time, index size, search latency and memory.
//!
//! Figures, not a pass/fail test: see the README's performance section.

mod corpus;
mod load;

use std::time::{Duration, Instant};

use clap::Parser;
use passerelle_search::EngineBuilder;
use passerelle_types::{ItemType, Pagination, SearchQuery};

#[derive(Parser)]
#[command(about = "Mesure le moteur de recherche sur un corpus synthétique reproductible")]
struct Args {
    /// Nombre de publications.
    #[arg(long, default_value_t = 100_000)]
    publications: usize,
    /// Nombre d'événements.
    #[arg(long, default_value_t = 20_000)]
    events: usize,
    /// Nombre de membres du réseau.
    #[arg(long, default_value_t = 10_000)]
    members: usize,
    /// Passes sur le jeu de requêtes.
    #[arg(long, default_value_t = 10)]
    rounds: usize,
    /// Graine du générateur : même graine, même corpus.
    #[arg(long, default_value_t = 2019)]
    seed: u64,
    /// Affiche aussi la latence médiane et le nombre de résultats de chaque requête.
    #[arg(long)]
    detail: bool,
    /// Écrit le corpus, publié, dans cette base (migrée) au lieu de mesurer le moteur :
    /// `sqlite://CHEMIN` ou `postgres://…`.
    #[arg(long, value_name = "DATABASE_URL")]
    load_into: Option<String>,
}

/// A fixed mix of what people type, with and without filters.
fn query_mix() -> Vec<SearchQuery> {
    let text = [
        "conseil citoyen",
        "conseils citoyens Gard",
        "egalite femmes hommes",
        "renouvellement urbain",
        "renouvelement urbain",
        "renouv",
        "mediaton sante",
        "\"contrat de ville\"",
        "formation",
        "politique de la ville",
        "participation des habitants",
        "zero chomeur longue duree",
        "seminaire regional",
        "emploi des jeunes",
        "logement social",
        "Nimes",
        "Montpellier quartier prioritaire",
        "transition ecologique",
        "numerique",
        "education",
        "culture sport",
        "acces aux droits",
    ];
    let mut mix: Vec<SearchQuery> = text
        .iter()
        .map(|q| SearchQuery {
            q: (*q).to_owned(),
            ..SearchQuery::default()
        })
        .collect();
    mix.push(SearchQuery {
        q: "conseil".to_owned(),
        theme: vec!["participation-des-habitants".to_owned()],
        territory: vec!["departement-34".to_owned()],
        ..SearchQuery::default()
    });
    mix.push(SearchQuery {
        q: "formation".to_owned(),
        types: vec![ItemType::Event],
        year: vec![2024],
        ..SearchQuery::default()
    });
    mix.push(SearchQuery {
        q: "egalite".to_owned(),
        kind: vec!["guide".to_owned(), "dossier_thematique".to_owned()],
        pagination: Pagination { page: 3, limit: 20 },
        ..SearchQuery::default()
    });
    mix
}

fn memory_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|line| line.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(rank).copied().unwrap_or_default()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    println!(
        "Corpus : {} publications, {} événements, {} membres (graine {})",
        args.publications, args.events, args.members, args.seed
    );
    // The items are generated as they are indexed, as the server reads them from the
    // database in batches: the corpus is never whole in memory.
    let started = Instant::now();
    let corpus = corpus::generate(args.seed, args.publications, args.events, args.members);
    if let Some(url) = &args.load_into {
        let db = passerelle_store::Database::open(&url.parse()?)?;
        db.migrate()?;
        let loaded = load::load(&db, corpus)?;
        println!(
            "{loaded} éléments écrits en {:.1} s",
            started.elapsed().as_secs_f64()
        );
        return Ok(());
    }
    let mut builder = EngineBuilder::new(corpus.themes, corpus.territories)?;
    for item in corpus.items {
        builder.add(item)?;
    }
    let engine = builder.finish()?;
    let build = started.elapsed();
    println!(
        "Génération du corpus et construction de l'index : {:.1} s",
        build.as_secs_f64()
    );
    println!(
        "Taille de l'index : {:.1} Mo",
        engine.index_size_bytes() as f64 / 1_048_576.0
    );

    let mix = query_mix();
    for query in &mix {
        engine.search(query)?; // warm-up
    }
    let mut latencies = Vec::with_capacity(mix.len() * args.rounds);
    let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); mix.len()];
    let mut totals = vec![0u64; mix.len()];
    let mut hits = 0u64;
    for _ in 0..args.rounds {
        for (i, query) in mix.iter().enumerate() {
            let started = Instant::now();
            let results = engine.search(query)?;
            let elapsed = started.elapsed();
            latencies.push(elapsed);
            per_query[i].push(elapsed);
            totals[i] = results.page.total;
            hits += results.page.total;
        }
    }
    if args.detail {
        for ((query, times), total) in mix.iter().zip(&mut per_query).zip(&totals) {
            times.sort();
            println!(
                "  {:>7.2} ms  {:>7} résultats  {}",
                percentile(times, 0.5).as_secs_f64() * 1000.0,
                total,
                query.to_query_string()
            );
        }
    }
    latencies.sort();
    println!(
        "Recherche avec facettes ({} requêtes × {} passes, {} résultats en moyenne) : p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        mix.len(),
        args.rounds,
        hits / latencies.len().max(1) as u64,
        percentile(&latencies, 0.50).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
    );
    // What a write costs every instance: one item replaced in the index.
    let mut updates = Vec::new();
    for (n, item) in corpus::generate(args.seed + 1, 20, 0, 0).items.enumerate() {
        let started = Instant::now();
        engine.upsert(item)?;
        updates.push(started.elapsed());
        if n == 0 {
            engine.search(&mix[0])?;
        }
    }
    updates.sort();
    println!(
        "Mise à jour d'un élément ({} ajouts) : médiane {:.1} ms, max {:.1} ms",
        updates.len(),
        percentile(&updates, 0.5).as_secs_f64() * 1000.0,
        updates.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
    );
    if let (Some(rss), Some(peak)) = (memory_kib("VmRSS:"), memory_kib("VmHWM:")) {
        println!(
            "Mémoire résidente, index construit : {:.0} Mo (pic {:.0} Mo)",
            rss as f64 / 1024.0,
            peak as f64 / 1024.0
        );
    }
    Ok(())
}
