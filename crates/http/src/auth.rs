//! Who is calling: a staff member signed in through the browser (session cookie, with a
//! CSRF token on every state-changing request) or a script (personal API token sent as
//! `Authorization: Bearer`). Handlers ask for [`Staff`] or [`Admin`] as an argument.

use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::http::{header, Method};
use actix_web::web::Data;
use actix_web::{FromRequest, HttpRequest};
use passerelle_auth::{digest, is_api_token, same_secret};
use passerelle_store::{account_for_token, find_session, Actor, Database};
use passerelle_types::{Account, Role};

use crate::blocking::with_db;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "passerelle_session";
/// A cookie without secret that tells the client a session may exist, so that public
/// visitors' browsers never ask for one (the session cookie itself is out of JavaScript's
/// reach).
pub const SIGNED_IN_HINT_COOKIE: &str = "passerelle_connecte";
/// Header that must repeat the session's CSRF token on state-changing requests.
pub const CSRF_HEADER: &str = "X-CSRF-Token";
/// How long a browser session lasts.
pub const SESSION_HOURS: i64 = 12;

/// How the caller proved who they are.
#[derive(Debug, Clone)]
pub enum Credential {
    Session { token: String },
    ApiToken,
}

/// A signed-in staff member (admin or editor).
#[derive(Debug, Clone)]
pub struct Staff {
    pub account: Account,
    pub credential: Credential,
}

impl Staff {
    pub fn actor(&self) -> Actor {
        Actor {
            id: Some(self.account.id.hyphenated().to_string()),
            email: self.account.email.clone(),
        }
    }
}

/// A signed-in administrator.
#[derive(Debug, Clone)]
pub struct Admin(pub Staff);

type Authenticated<T> = Pin<Box<dyn Future<Output = ApiResult<T>>>>;

impl FromRequest for Staff {
    type Error = ApiError;
    type Future = Authenticated<Staff>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(&req).await })
    }
}

impl FromRequest for Admin {
    type Error = ApiError;
    type Future = Authenticated<Admin>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let staff = authenticate(&req).await?;
            if staff.account.role != Role::Admin {
                return Err(ApiError::Forbidden(
                    "Cette opération est réservée aux administrateurs.".to_owned(),
                ));
            }
            Ok(Admin(staff))
        })
    }
}

impl Admin {
    /// The same administrator, if they called from a browser session: managing accounts
    /// is refused to API tokens, since an account a token made would outlive the token.
    pub fn in_session(self) -> ApiResult<Admin> {
        match self.0.credential {
            Credential::ApiToken => Err(ApiError::Forbidden(
                "Les comptes se gèrent depuis une session de navigateur, pas avec un jeton \
                 d'API : connectez-vous."
                    .to_owned(),
            )),
            Credential::Session { .. } => Ok(self),
        }
    }
}

fn database(req: &HttpRequest) -> ApiResult<Database> {
    req.app_data::<Data<AppState>>()
        .map(|state| state.db.clone())
        .ok_or_else(|| ApiError::Internal("base de données absente de l'application".to_owned()))
}

async fn authenticate(req: &HttpRequest) -> ApiResult<Staff> {
    let db = database(req)?;
    if let Some(authorization) = req.headers().get(header::AUTHORIZATION) {
        let secret = authorization
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .unwrap_or_default()
            .to_owned();
        if !is_api_token(&secret) {
            return Err(ApiError::Unauthorized(
                "En-tête Authorization invalide : « Bearer » suivi d'un jeton psl_… attendu."
                    .to_owned(),
            ));
        }
        let token_digest = digest(&secret);
        let account = with_db(&db, move |conn| account_for_token(conn, &token_digest)).await?;
        return match account {
            Some(account) => Ok(Staff {
                account,
                credential: Credential::ApiToken,
            }),
            None => Err(ApiError::Unauthorized(
                "Jeton inconnu, expiré ou révoqué.".to_owned(),
            )),
        };
    }
    let Some(cookie) = req.cookie(SESSION_COOKIE) else {
        return Err(ApiError::Unauthorized(
            "Connectez-vous, ou envoyez un jeton d'API en Authorization: Bearer.".to_owned(),
        ));
    };
    let token = cookie.value().to_owned();
    let token_digest = digest(&token);
    let Some(session) = with_db(&db, move |conn| find_session(conn, &token_digest)).await? else {
        return Err(ApiError::Unauthorized(
            "Votre session a expiré : reconnectez-vous.".to_owned(),
        ));
    };
    if changes_state(req.method()) {
        let sent = req
            .headers()
            .get(CSRF_HEADER)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        if !same_secret(sent, &session.csrf_token) {
            return Err(ApiError::Forbidden(format!(
                "Jeton anti-CSRF absent ou invalide : renvoyez dans l'en-tête {CSRF_HEADER} celui reçu à la connexion."
            )));
        }
    }
    Ok(Staff {
        account: session.account,
        credential: Credential::Session { token },
    })
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The session cookie: HttpOnly, SameSite=Strict, and Secure when the request came over
/// HTTPS (directly or through a proxy that says so); and its hint, readable by the client.
pub fn session_cookies(req: &HttpRequest, value: &str, max_age_secs: i64) -> [Cookie<'static>; 2] {
    let secure = req.connection_info().scheme() == "https";
    let build = |name: &'static str, value: String, http_only: bool| {
        Cookie::build(name, value)
            .path("/")
            .http_only(http_only)
            .same_site(SameSite::Strict)
            .secure(secure)
            .max_age(time::Duration::seconds(max_age_secs))
            .finish()
    };
    let hint = if value.is_empty() { "" } else { "1" };
    [
        build(SESSION_COOKIE, value.to_owned(), true),
        build(SIGNED_IN_HINT_COOKIE, hint.to_owned(), false),
    ]
}
