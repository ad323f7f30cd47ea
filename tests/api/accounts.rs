//! Sign-in, sessions, CSRF, throttling and accounts.

use std::time::{Duration, Instant};

use passerelle_tests::{
    assert_contains, cookie_pair, expect_problem, for_both_backends, fresh_database,
    on_fresh_databases, spawn_app_on_with, test_settings, Backend, BrowserSession, Expect, TestApp,
};
use passerelle_types::{Account, CreatedApiToken, Problem, Role, SessionInfo};
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn a_browser_session_needs_its_csrf_token_to_change_anything(app: TestApp) {
    let editor = app.staff(Role::Editor);
    // The address is matched without regard to case.
    let (response, set_cookie) = app
        .sign_in(&editor.email.to_uppercase(), &editor.password)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let set_cookie = set_cookie.expect("a session cookie");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(
            set_cookie.contains(attribute),
            "{attribute} absent : {set_cookie}"
        );
    }
    assert!(
        !set_cookie.contains("Secure"),
        "plain HTTP here: {set_cookie}"
    );
    let session: SessionInfo = response.json().await.expect("session");
    assert_eq!(session.account.email, editor.email);
    let cookie = cookie_pair(&set_cookie);

    let current: SessionInfo = app
        .request(Method::GET, "/api/v1/session")
        .header("Cookie", &cookie)
        .expect_json(200)
        .await;
    assert_eq!(current.csrf_token, session.csrf_token);

    let create = |csrf: Option<&str>| {
        let mut request = app
            .request(Method::POST, "/api/v1/editorial/themes")
            .header("Cookie", &cookie)
            .json(&json!({"label": "Jeunesse et quartiers"}));
        if let Some(csrf) = csrf {
            request = request.header("X-CSRF-Token", csrf);
        }
        request
    };
    let refused = create(None).expect_problem(403).await;
    assert_contains(&refused.detail, "CSRF");
    create(Some("faux-jeton")).expect_problem(403).await;
    let created = create(Some(&session.csrf_token)).answer().await;
    assert_eq!(created.status(), StatusCode::CREATED);

    // Reading needs no CSRF token.
    app.request(Method::GET, "/api/v1/editorial/publications")
        .header("Cookie", &cookie)
        .expect_status(200)
        .await;

    // Tokens are made from a session, shown once; a token cannot make tokens.
    let created: CreatedApiToken = app
        .request(Method::POST, "/api/v1/tokens")
        .header("Cookie", &cookie)
        .header("X-CSRF-Token", &session.csrf_token)
        .json(&json!({"name": "Script d'import", "expires_in_days": 30}))
        .expect_json(201)
        .await;
    assert!(created.secret.starts_with("psl_"));
    app.request_with(&created.secret, Method::POST, "/api/v1/tokens")
        .json(&json!({"name": "Encore"}))
        .expect_problem(403)
        .await;

    // Signed out: the cookie no longer opens anything.
    app.request(Method::DELETE, "/api/v1/session")
        .header("Cookie", &cookie)
        .header("X-CSRF-Token", &session.csrf_token)
        .expect_status(204)
        .await;
    app.request(Method::GET, "/api/v1/editorial/publications")
        .header("Cookie", &cookie)
        .expect_problem(401)
        .await;
}

async fn the_cookie_is_secure_behind_an_https_proxy(app: TestApp) {
    let editor = app.staff(Role::Editor);
    let response = app
        .request(Method::POST, "/api/v1/session")
        .header("X-Forwarded-Proto", "https")
        .json(&json!({"email": editor.email, "password": editor.password}))
        .expect_status(200)
        .await;
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect();
    assert_eq!(cookies.len(), 2, "{cookies:?}");
    assert!(cookies.iter().all(|c| c.contains("Secure")), "{cookies:?}");
    // The hint readable by scripts carries no secret.
    let hint = cookies
        .iter()
        .find(|c| c.starts_with("passerelle_connecte="))
        .expect("hint");
    assert!(
        hint.starts_with("passerelle_connecte=1;") && !hint.contains("HttpOnly"),
        "{hint}"
    );
}

async fn wrong_passwords_are_slowed_then_refused(backend: Backend) {
    let Some(db) = fresh_database(backend) else {
        return;
    };
    let mut settings = test_settings(None);
    settings.sign_in_throttle.slow_after = 2;
    settings.sign_in_throttle.refuse_after = 4;
    settings.sign_in_throttle.delay_step = Duration::from_millis(300);
    let app = spawn_app_on_with(db, settings);
    let editor = app.staff(Role::Editor);

    // Unknown address and wrong password get the same answer.
    let (unknown, _) = app.sign_in("personne@exemple.fr", "n'importe quoi").await;
    let unknown = expect_problem(unknown, 401).await;
    let (wrong, cookie) = app.sign_in(&editor.email, "mauvais mot de passe").await;
    assert!(cookie.is_none());
    let wrong = expect_problem(wrong, 401).await;
    assert_eq!(unknown.detail, wrong.detail);

    let (_, _) = app.sign_in(&editor.email, "mauvais 2").await;
    let started = Instant::now();
    let (slowed, _) = app.sign_in(&editor.email, "mauvais 3").await;
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    expect_problem(slowed, 401).await;
    let _ = app.sign_in(&editor.email, "mauvais 4").await;

    // Now refused, even with the right password, with a Retry-After.
    let (refused, _) = app.sign_in(&editor.email, &editor.password).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = refused
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!(retry_after > 0 && retry_after <= 15 * 60, "{retry_after}");
    let refused: Problem = refused.json().await.expect("problem");
    assert_contains(&refused.detail, "Réessayez");
    // Another address is not affected.
    let admin = app.staff(Role::Admin);
    let (ok, _) = app.sign_in(&admin.email, &admin.password).await;
    assert_eq!(ok.status(), StatusCode::OK);
}

async fn admins_manage_accounts_and_keep_one_admin(app: TestApp) {
    let admin = app.staff(Role::Admin);
    let session = BrowserSession::open(&app, &admin.email, &admin.password).await;
    let send = |method: Method, path: &str, body: serde_json::Value| {
        session.request(method, path).json(&body)
    };
    let short = send(
        Method::POST,
        "/api/v1/accounts",
        json!({"email": "x@exemple.fr", "password": "court", "role": "editor"}),
    )
    .expect_problem(422)
    .await;
    assert_eq!(short.errors[0].field, "password");
    let created: Account = send(
        Method::POST,
        "/api/v1/accounts",
        json!({"email": "Claire@Exemple.fr", "password": "un-mot-de-passe-long", "role": "editor"}),
    )
    .expect_json(201)
    .await;
    assert_eq!(
        (created.email.as_str(), created.role),
        ("claire@exemple.fr", Role::Editor)
    );
    send(
        Method::POST,
        "/api/v1/accounts",
        json!({"email": "claire@exemple.fr", "password": "un-mot-de-passe-long", "role": "editor"}),
    )
    .expect_problem(422)
    .await;

    // The new account signs in; disabled, it cannot any more.
    let (ok, _) = app
        .sign_in("claire@exemple.fr", "un-mot-de-passe-long")
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
    let disabled = send(
        Method::PATCH,
        &format!("/api/v1/accounts/{}", created.id),
        json!({"disabled": true}),
    )
    .answer()
    .await;
    assert_eq!(disabled.status(), StatusCode::OK);
    let (refused, _) = app
        .sign_in("claire@exemple.fr", "un-mot-de-passe-long")
        .await;
    expect_problem(refused, 401).await;

    // The only admin cannot demote themself.
    let me: Account = app
        .request_with(&admin.token, Method::GET, "/api/v1/me")
        .expect_json(200)
        .await;
    let conflict = send(
        Method::PATCH,
        &format!("/api/v1/accounts/{}", me.id),
        json!({"role": "editor"}),
    )
    .expect_problem(409)
    .await;
    assert_contains(&conflict.detail, "dernier administrateur");
}

async fn the_public_api_exposes_no_staff_data(app: TestApp) {
    let admin = app.staff(Role::Admin);
    for path in [
        "/api/v1/accounts",
        "/api/v1/audit",
        "/api/v1/tokens",
        "/api/v1/me",
        "/api/v1/editorial/members",
    ] {
        let response = app.get_with_status(path, 401).await;
        let body = response.text().await.unwrap_or_default();
        assert!(!body.contains(&admin.email), "{path}: {body}");
    }
}

async fn accounts_are_managed_from_a_session_and_never_with_a_token(app: TestApp) {
    let admin = app.staff(Role::Admin);
    let editor = app.staff(Role::Editor);
    let refused = app
        .request_with(&admin.token, Method::POST, "/api/v1/accounts")
        .json(&json!({"email": "ombre@exemple.fr", "password": "un-mot-de-passe-long", "role": "admin"}))
        .expect_problem(403)
        .await;
    assert_contains(&refused.detail, "session");
    let accounts: Vec<Account> = app
        .request_with(&admin.token, Method::GET, "/api/v1/accounts")
        .expect_json(200)
        .await;
    assert!(accounts.iter().all(|a| a.email != "ombre@exemple.fr"));
    let target = accounts
        .iter()
        .find(|a| a.email == editor.email)
        .expect("the editor");
    app.request_with(
        &admin.token,
        Method::PATCH,
        &format!("/api/v1/accounts/{}", target.id),
    )
    .json(&json!({"role": "admin"}))
    .expect_problem(403)
    .await;
}

async fn a_disabled_account_gets_none_of_its_tokens_back_when_enabled_again(app: TestApp) {
    let admin = app.staff(Role::Admin);
    let editor = app.staff(Role::Editor);
    let me = |token: &str| app.request_with(token, Method::GET, "/api/v1/me");
    // Its token works before; it reads its own account.
    let editor_account: Account = me(&editor.token).expect_json(200).await;
    let (cookie, csrf) = app.browser_session(&admin.email, &admin.password).await;
    for disabled in [true, false] {
        let response = app
            .request(
                Method::PATCH,
                &format!("/api/v1/accounts/{}", editor_account.id),
            )
            .header("Cookie", &cookie)
            .header("X-CSRF-Token", &csrf)
            .json(&json!({ "disabled": disabled }))
            .answer()
            .await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    me(&editor.token).expect_problem(401).await;
    // The account itself works again: a new sign-in succeeds.
    let (signed_in, _) = app.sign_in(&editor.email, &editor.password).await;
    assert_eq!(signed_in.status(), StatusCode::OK);
}

for_both_backends!(wrong_passwords_are_slowed_then_refused);

on_fresh_databases!(
    accounts_are_managed_from_a_session_and_never_with_a_token,
    a_disabled_account_gets_none_of_its_tokens_back_when_enabled_again,
    a_browser_session_needs_its_csrf_token_to_change_anything,
    the_cookie_is_secure_behind_an_https_proxy,
    admins_manage_accounts_and_keep_one_admin,
    the_public_api_exposes_no_staff_data
);
