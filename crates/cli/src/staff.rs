//! `passerelle user …` and `passerelle token …`: staff accounts and API tokens from the
//! server's shell, where the first administrator is made.

use std::io::{BufRead, IsTerminal};

use anyhow::{bail, Context};
use chrono::{Duration, Utc};
use clap::Subcommand;
use passerelle_auth::{digest, generate_secret, hash_password, SecretKind};
use passerelle_store::{
    account_for_sign_in, create_account, create_token, list_accounts, list_tokens, revoke_token,
    set_password, Actor, Database, StoreError,
};
use passerelle_types::{check_password, is_email, NewApiToken, Role};

#[derive(Subcommand)]
pub enum UserAction {
    /// Crée un compte. Le mot de passe (12 caractères au moins) est demandé au terminal, ou
    /// lu sur la première ligne de l'entrée standard quand elle n'est pas un terminal.
    Create {
        #[arg(long)]
        email: String,
        /// `admin` (tout, comptes et journal compris) ou `editor` (le contenu).
        #[arg(long, default_value = "editor")]
        role: Role,
    },
    /// Liste les comptes.
    List,
    /// Donne un nouveau mot de passe à un compte (demandé comme pour `create`) et met fin à
    /// ses sessions : après une restauration d'archive, ou un oubli.
    Password {
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand)]
pub enum TokenAction {
    /// Crée un jeton pour un compte et affiche son secret, une seule fois.
    Create {
        /// Adresse du compte.
        #[arg(long)]
        email: String,
        /// Nom du jeton (à quoi il sert).
        #[arg(long)]
        name: String,
        /// Durée de validité en jours (1 à 365).
        #[arg(long, default_value_t = 90)]
        days: u32,
    },
    /// Liste les jetons (d'un compte, ou de tous).
    List {
        #[arg(long)]
        email: Option<String>,
    },
    /// Révoque un jeton.
    Revoke {
        /// Identifiant du jeton (voir `token list`).
        id: String,
    },
}

pub fn user(db: &Database, action: &UserAction) -> anyhow::Result<()> {
    let mut conn = db.connection()?;
    match action {
        UserAction::Create { email, role } => {
            if !is_email(email) {
                bail!("adresse électronique invalide : {email}");
            }
            let password = read_password()?;
            let account = make_account(db, &Actor::command_line(), email, &password, *role)?;
            println!(
                "Compte créé : {} ({}), identifiant {}.",
                account.email,
                account.role.label(),
                account.id
            );
        }
        UserAction::Password { email } => {
            let password = read_password()?;
            if let Err(message) = check_password(&password) {
                bail!("{message}");
            }
            let account = set_password(
                &mut conn,
                &Actor::command_line(),
                email,
                &hash_password(&password)?,
            )?;
            println!("Mot de passe changé pour {}.", account.email);
        }
        UserAction::List => {
            for member in list_accounts(&mut conn)? {
                let account = member.account;
                let state = if account.disabled_at.is_some() {
                    " (désactivé)"
                } else {
                    ""
                };
                println!(
                    "{}\t{}\t{}{state}",
                    account.id,
                    account.role.as_str(),
                    account.email
                );
            }
        }
    }
    Ok(())
}

fn make_account(
    db: &Database,
    actor: &Actor,
    email: &str,
    password: &str,
    role: Role,
) -> anyhow::Result<passerelle_types::Account> {
    if let Err(message) = check_password(password) {
        bail!("{message}");
    }
    let hash = hash_password(password)?;
    match create_account(&mut *db.connection()?, actor, email, &hash, role) {
        Ok(account) => Ok(account),
        Err(StoreError::Invalid(errors)) => bail!("{}", messages(&errors)),
        Err(other) => Err(other.into()),
    }
}

/// Validation messages, for a terminal.
fn messages(errors: &[passerelle_types::FieldError]) -> String {
    errors
        .iter()
        .map(|e| e.message.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// At a terminal, asked without echo; otherwise the first line of standard input, so that
/// an install script can pipe it in.
fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Mot de passe (12 caractères au moins) : ")?;
        let second = rpassword::prompt_password("Mot de passe, encore : ")?;
        if first != second {
            bail!("les deux saisies diffèrent");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("lecture du mot de passe sur l'entrée standard")?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

/// With `PASSERELLE_ADMIN_EMAIL` and `PASSERELLE_ADMIN_PASSWORD` set and no account yet,
/// creates the first administrator: an installation can start ready to sign in.
pub fn bootstrap_admin(db: &Database, actor: &Actor) -> anyhow::Result<()> {
    let (Ok(email), Ok(password)) = (
        std::env::var("PASSERELLE_ADMIN_EMAIL"),
        std::env::var("PASSERELLE_ADMIN_PASSWORD"),
    ) else {
        return Ok(());
    };
    if !list_accounts(&mut *db.connection()?)?.is_empty() {
        return Ok(());
    }
    let account = make_account(db, actor, &email, &password, Role::Admin)
        .context("création du premier administrateur (PASSERELLE_ADMIN_EMAIL)")?;
    tracing::info!(email = %account.email, "premier administrateur créé");
    Ok(())
}

pub fn token(db: &Database, action: &TokenAction) -> anyhow::Result<()> {
    let mut conn = db.connection()?;
    let actor = Actor::command_line();
    match action {
        TokenAction::Create { email, name, days } => {
            let request = NewApiToken {
                name: name.clone(),
                expires_in_days: Some(*days),
            };
            let days = match request.validity_days() {
                Ok(days) => days,
                Err(errors) => bail!("{}", messages(&errors)),
            };
            let Some((account, _)) = account_for_sign_in(&mut conn, email)? else {
                bail!("aucun compte actif pour {email}");
            };
            let secret = generate_secret(SecretKind::ApiToken);
            let prefix: String = secret.chars().take(8).collect();
            let token = create_token(
                &mut conn,
                &actor,
                &account.id.hyphenated().to_string(),
                name,
                &digest(&secret),
                &prefix,
                Utc::now() + Duration::days(i64::from(days)),
            )?;
            println!(
                "Jeton « {} » créé pour {} (identifiant {}), valable jusqu'au {}.",
                token.name,
                account.email,
                token.id,
                token.expires_at.format("%d/%m/%Y")
            );
            println!("Secret, affiché cette seule fois :");
            println!("{secret}");
        }
        TokenAction::List { email } => {
            let account_id = match email {
                Some(email) => match account_for_sign_in(&mut conn, email)? {
                    Some((account, _)) => Some(account.id.hyphenated().to_string()),
                    None => bail!("aucun compte actif pour {email}"),
                },
                None => None,
            };
            for (owner, token) in list_tokens(&mut conn, account_id.as_deref())? {
                let state = if token.revoked_at.is_some() {
                    "révoqué"
                } else if token.expires_at < Utc::now() {
                    "expiré"
                } else {
                    "actif"
                };
                println!(
                    "{}\t{}…\t{}\t{}\t{state}\texpire le {}",
                    token.id,
                    token.prefix,
                    owner,
                    token.name,
                    token.expires_at.format("%d/%m/%Y")
                );
            }
        }
        TokenAction::Revoke { id } => {
            revoke_token(&mut conn, &actor, id, None)?;
            println!("Jeton {id} révoqué.");
        }
    }
    Ok(())
}
