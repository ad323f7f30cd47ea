use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use passerelle_http::{Application, Settings};
use passerelle_store::{Actor, Database, DatabaseUrl};

use crate::import::ImportSource;
use crate::staff::{self, TokenAction, UserAction};

#[derive(Parser)]
#[command(
    name = "passerelle",
    version,
    about = "Passerelle : publications, événements et réseau d'un centre de ressources politique de la ville"
)]
pub struct Cli {
    /// Base de données : `postgres://…`, `sqlite://CHEMIN` ou un chemin de fichier SQLite.
    /// Par défaut, `passerelle.sqlite3` dans le dossier de données.
    #[arg(long, env = "DATABASE_URL", global = true)]
    database_url: Option<String>,

    /// Dossier de données (base SQLite par défaut).
    #[arg(
        long,
        env = "PASSERELLE_DATA_DIR",
        default_value = "data",
        global = true
    )]
    data_dir: PathBuf,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Applique les migrations, charge le contenu initial si la base est vide et sert l'API
    /// et le client web.
    Serve {
        /// Adresse d'écoute.
        #[arg(long, env = "PASSERELLE_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Dossier du client web construit par Trunk.
        #[arg(long, env = "PASSERELLE_SPA_DIR", default_value = "frontend/dist")]
        spa_dir: PathBuf,
        /// Ne pas charger le contenu initial dans une base vide.
        #[arg(long)]
        no_seed: bool,
        /// Intervalle, en millisecondes, de la recherche des changements faits par d'autres
        /// instances sur la même base (0 : jamais).
        #[arg(long, env = "PASSERELLE_REFRESH_MS", default_value_t = 500)]
        refresh_ms: u64,
        /// Dossier des documents déposés (par défaut `documents` dans le dossier de données).
        #[arg(long, env = "PASSERELLE_DOCUMENTS_DIR")]
        documents_dir: Option<PathBuf>,
        /// Dossier où l'index de recherche est conservé d'un démarrage à l'autre (par défaut
        /// `index` dans le dossier de données) ; chaque instance a le sien.
        #[arg(long, env = "PASSERELLE_INDEX_DIR")]
        index_dir: Option<PathBuf>,
        /// Intervalle minimal, en secondes, entre deux points de reprise de l'index conservé
        /// pendant que le contenu change (un redémarrage rejoue les changements suivants).
        #[arg(long, env = "PASSERELLE_CHECKPOINT_SECS", default_value_t = 60)]
        checkpoint_secs: u64,
        /// Taille maximale d'un document déposé, en mégaoctets.
        #[arg(long, env = "PASSERELLE_MAX_UPLOAD_MB", default_value_t = 20)]
        max_upload_mb: u64,
        /// Nom du centre de ressources, auteur et éditeur des fils et des données liées.
        #[arg(
            long,
            env = "PASSERELLE_PUBLISHER",
            default_value = "Villes et Territoires Occitanie"
        )]
        publisher: String,
        /// Lectures permises par minute et par adresse IP cliente.
        #[arg(long, env = "PASSERELLE_RATE_LIMIT_READS", default_value_t = 1200)]
        rate_limit_reads: u32,
        /// Écritures permises par minute et par adresse IP cliente.
        #[arg(long, env = "PASSERELLE_RATE_LIMIT_WRITES", default_value_t = 120)]
        rate_limit_writes: u32,
        /// Tentatives de connexion permises par minute et par adresse IP cliente.
        #[arg(long, env = "PASSERELLE_RATE_LIMIT_SIGN_IN", default_value_t = 30)]
        rate_limit_sign_in: u32,
        /// Mandataires inverses (adresses ou réseaux CIDR, séparés par des virgules) dont
        /// l'en-tête X-Forwarded-For désigne le client : l'adresse cliente est la plus à
        /// droite de la chaîne qui n'est pas l'un d'eux.
        #[arg(long, env = "PASSERELLE_TRUSTED_PROXIES", default_value = "")]
        trusted_proxies: passerelle_http::TrustedProxies,
        /// Ancien réglage, remplacé par PASSERELLE_TRUSTED_PROXIES : refusé, pour qu'un
        /// déploiement qui le donnait ne perde pas en silence ses limites par client.
        #[arg(long, env = "PASSERELLE_TRUST_FORWARDED", hide = true)]
        trust_forwarded: bool,
        /// Origine publique du site (https://ressources.exemple.fr) : celle de tous les
        /// liens absolus. Exigée quand le serveur écoute hors de la boucle locale.
        #[arg(long, env = "PASSERELLE_PUBLIC_URL")]
        public_url: Option<String>,
        /// Jeton qui ouvre /metrics hors de la machine (Authorization: Bearer …) ; sans
        /// lui, seules les connexions locales directes les lisent.
        #[arg(long, env = "PASSERELLE_METRICS_TOKEN", hide_env_values = true)]
        metrics_token: Option<String>,
    },
    /// Applique les migrations en attente.
    Migrate,
    /// Charge les éléments du contenu initial absents de la base (sans rien modifier d'autre).
    Seed,
    /// Reconstruit l'index de recherche depuis la base et affiche ce qu'il contient.
    ///
    /// `serve` reprend l'index conservé dans son dossier d'index, ou le construit s'il n'y en
    /// a pas : cette commande vérifie que le contenu de la base s'indexe et mesure le temps
    /// que cela prend, sans toucher à l'index conservé.
    Reindex,
    /// Écrit le document OpenAPI sur la sortie standard.
    Openapi,
    /// Écrit tout le site dans une archive de sauvegarde (tar) : contenus avec brouillons et
    /// corbeille, thèmes, territoires, documents et leurs fichiers, comptes sans mot de
    /// passe, journal d'audit. Une archive se restaure par `import archive`.
    Export {
        /// Fichier à écrire (par défaut `passerelle-AAAA-MM-JJ.tar`).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Dossier des documents (par défaut `documents` dans le dossier de données).
        #[arg(long, env = "PASSERELLE_DOCUMENTS_DIR")]
        documents_dir: Option<PathBuf>,
    },
    /// Importe le contenu d'un autre site, tout ou rien : une erreur n'écrit rien.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Comptes de l'équipe.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Jetons d'API personnels.
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
}

impl Cli {
    pub async fn run(self) -> anyhow::Result<()> {
        match &self.command {
            Command::Openapi => {
                println!("{}", passerelle_http::openapi_json());
                Ok(())
            }
            Command::Export {
                output,
                documents_dir,
            } => {
                let db = self.open_database()?;
                migrate(&db)?;
                crate::import::export(
                    &db,
                    output.as_deref(),
                    documents_dir.as_deref(),
                    &self.data_dir,
                )
            }
            Command::Import { source } => {
                let db = self.open_database()?;
                migrate(&db)?;
                crate::import::run(&db, source, &self.data_dir)
            }
            Command::User { action } => {
                let db = self.open_database()?;
                migrate(&db)?;
                staff::user(&db, action)
            }
            Command::Token { action } => {
                let db = self.open_database()?;
                migrate(&db)?;
                staff::token(&db, action)
            }
            Command::Migrate => {
                let db = self.open_database()?;
                let applied = migrate(&db)?;
                println!("{applied} migration(s) appliquée(s).");
                Ok(())
            }
            Command::Reindex => {
                let db = self.open_database()?;
                migrate(&db)?;
                let started = std::time::Instant::now();
                let engine = passerelle_catalog::build_engine(&db)?;
                let [publications, events, members] = engine.counts();
                println!(
                    "Index construit en {:.2} s : {publications} publication(s), {events} événement(s), {members} membre(s).",
                    started.elapsed().as_secs_f64()
                );
                Ok(())
            }
            Command::Seed => {
                let db = self.open_database()?;
                migrate(&db)?;
                let report = passerelle_seed::load(&mut *db.connection()?)?;
                println!(
                    "Contenu initial : {} publication(s), {} événement(s), {} membre(s), {} thème(s) et {} territoire(s) ajoutés.",
                    report.publications, report.events, report.members, report.themes, report.territories
                );
                Ok(())
            }
            Command::Serve {
                bind,
                spa_dir,
                no_seed,
                refresh_ms,
                documents_dir,
                index_dir,
                checkpoint_secs,
                max_upload_mb,
                publisher,
                rate_limit_reads,
                rate_limit_writes,
                rate_limit_sign_in,
                trusted_proxies,
                trust_forwarded,
                public_url,
                metrics_token,
            } => {
                if *trust_forwarded {
                    anyhow::bail!(
                        "PASSERELLE_TRUST_FORWARDED n'existe plus : donnez plutôt les adresses \
                         de vos mandataires inverses dans PASSERELLE_TRUSTED_PROXIES \
                         (par exemple 127.0.0.1 ou 10.0.0.0/8)."
                    );
                }
                let db = self.open_database()?;
                migrate(&db)?;
                if !no_seed {
                    let mut conn = db.connection()?;
                    if passerelle_seed::is_empty(&mut conn)? {
                        let report = passerelle_seed::load(&mut conn)?;
                        tracing::info!(items = report.total(), "contenu initial chargé");
                    }
                }
                staff::bootstrap_admin(&db, &Actor::command_line())?;
                let settings = Settings {
                    bind: bind.clone(),
                    spa_dir: Some(spa_dir.clone()),
                    workers: None,
                    refresh_every: (*refresh_ms > 0)
                        .then(|| std::time::Duration::from_millis(*refresh_ms)),
                    sign_in_throttle: Default::default(),
                    documents_dir: documents_dir
                        .clone()
                        .unwrap_or_else(|| self.data_dir.join("documents")),
                    max_upload_bytes: max_upload_mb.saturating_mul(1024 * 1024),
                    publisher: publisher.clone(),
                    read_deadline: std::time::Duration::from_secs(10),
                    index_dir: Some(
                        index_dir
                            .clone()
                            .unwrap_or_else(|| self.data_dir.join("index")),
                    ),
                    checkpoint_every: std::time::Duration::from_secs(*checkpoint_secs),
                    rate_limits: passerelle_http::RateLimitSettings {
                        reads: *rate_limit_reads,
                        writes: *rate_limit_writes,
                        sign_in: *rate_limit_sign_in,
                    },
                    trusted_proxies: trusted_proxies.clone(),
                    public_url: public_url.clone(),
                    metrics_token: metrics_token.clone(),
                    mail: passerelle_mail::MailConfig::from_env(publisher, &self.data_dir)
                        .map_err(anyhow::Error::msg)?,
                    mail_every: std::time::Duration::from_secs(2),
                };
                if !spa_dir.join("index.html").is_file() {
                    tracing::warn!(dir = %spa_dir.display(), "client web absent : seule l'API est servie");
                }
                let app = Application::build(&settings, db)
                    .with_context(|| format!("écoute impossible sur {bind}"))?;
                tracing::info!(
                    "Passerelle écoute sur http://{}",
                    display_addr(bind, app.port())
                );
                app.run_until_stopped().await?;
                tracing::info!("arrêt terminé");
                Ok(())
            }
        }
    }

    fn database_url(&self) -> anyhow::Result<DatabaseUrl> {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => Ok(url.parse()?),
            _ => Ok(DatabaseUrl::Sqlite(
                self.data_dir.join("passerelle.sqlite3"),
            )),
        }
    }

    fn open_database(&self) -> anyhow::Result<Database> {
        let url = self.database_url()?;
        tracing::info!(database = %url.redacted(), "connexion à la base de données");
        Database::open(&url).with_context(|| format!("ouverture de {}", url.redacted()))
    }
}

fn migrate(db: &Database) -> anyhow::Result<usize> {
    let applied = db.migrate()?;
    for version in &applied {
        tracing::info!(%version, "migration appliquée");
    }
    Ok(applied.len())
}

fn display_addr(bind: &str, port: u16) -> String {
    match bind.rsplit_once(':') {
        Some((host, _)) => format!("{host}:{port}"),
        None => format!("{bind}:{port}"),
    }
}
