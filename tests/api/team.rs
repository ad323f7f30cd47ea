//! The team: colleagues added without a password choose theirs through a one-time link;
//! the list says who signed in when, with how many tokens; disabling someone ends it all.

use chrono::{Duration, Utc};
use diesel::{ExpressionMethods, RunQueryDsl};
use passerelle_store::schema::invitations;
use passerelle_tests::{
    assert_contains, cookie_pair, expect_json, expect_problem, for_both_backends,
    fresh_app_with_smtp, on_fresh_databases, Backend, BrowserSession, Expect, SmtpServer, TestApp,
};
use passerelle_types::{
    Account, AuditList, Invitation, InvitationInfo, Role, SessionInfo, TeamMember,
};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// What an administrator's browser does on the team screen.
trait TeamScreen {
    async fn invite(&self, email: &str, role: &str) -> (Account, String);
    async fn link(&self, account: &Account) -> String;
    async fn team_member(&self, email: &str) -> TeamMember;
}

/// An administrator signed in with a browser.
async fn admin_session(app: &TestApp) -> BrowserSession<'_> {
    let admin = app.staff(Role::Admin);
    BrowserSession::open(app, &admin.email, &admin.password).await
}

impl TeamScreen for BrowserSession<'_> {
    /// Adds a colleague without a password and returns the account with its first link.
    async fn invite(&self, email: &str, role: &str) -> (Account, String) {
        let account: Account = expect_json(
            self.send(
                Method::POST,
                "/api/v1/accounts",
                json!({"email": email, "role": role}),
            )
            .await,
            201,
        )
        .await;
        let secret = self.link(&account).await;
        (account, secret)
    }

    /// A new link for `account`: the secret after `#`.
    async fn link(&self, account: &Account) -> String {
        let invitation: Invitation = expect_json(
            self.send(
                Method::POST,
                &format!("/api/v1/accounts/{}/invitation", account.id),
                json!({}),
            )
            .await,
            201,
        )
        .await;
        let (page, secret) = invitation.url.split_once('#').expect("a secret after #");
        assert!(page.ends_with("/redaction/invitation"), "{page}");
        secret.to_owned()
    }

    /// The team screen's line for the account at `email`.
    async fn team_member(&self, email: &str) -> TeamMember {
        let team: Vec<TeamMember> = self
            .request(Method::GET, "/api/v1/accounts")
            .expect_json(200)
            .await;
        team.into_iter()
            .find(|m| m.account.email == email)
            .expect("listed")
    }
}

async fn accept(app: &TestApp, secret: &str, password: &str) -> reqwest::Response {
    app.request(Method::POST, &format!("/api/v1/invitations/{secret}"))
        .json(&json!({ "password": password }))
        .answer()
        .await
}

async fn an_invited_colleague_chooses_a_password_through_the_link_and_is_signed_in(app: TestApp) {
    let admin = admin_session(&app).await;
    let (account, secret) = admin.invite("Lea@Exemple.fr", "editor").await;
    assert!(secret.starts_with("psi_"), "{secret}");

    // No password yet: nothing opens the account, not even an empty one.
    for password in ["", "un-mot-de-passe-long"] {
        let (refused, _) = app.sign_in("lea@exemple.fr", password).await;
        expect_problem(refused, 401).await;
    }
    let waiting = admin.team_member(&account.email).await;
    assert!(!waiting.has_password);
    let expires = waiting.invitation_expires_at.expect("a pending invitation");
    let hours = (expires - Utc::now()).num_minutes() as f64 / 60.0;
    assert!((47.9..=48.0).contains(&hours), "{hours} h");

    let info: InvitationInfo =
        expect_json(app.get(&format!("/api/v1/invitations/{secret}")).await, 200).await;
    assert_eq!(info.email, "lea@exemple.fr");

    let short = expect_problem(accept(&app, &secret, "court").await, 422).await;
    assert_eq!(short.errors[0].field, "password");
    let accepted = accept(&app, &secret, "mon-mot-de-passe-a-moi").await;
    assert_eq!(accepted.status(), StatusCode::OK);
    let set_cookie = accepted
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .map(cookie_pair)
        .expect("a session cookie");
    let session: SessionInfo = accepted.json().await.expect("session");
    assert_eq!(session.account.email, "lea@exemple.fr");
    app.request(Method::GET, "/api/v1/session")
        .header("Cookie", &set_cookie)
        .expect_status(200)
        .await;

    // The link worked once.
    expect_problem(accept(&app, &secret, "un-autre-mot-de-passe").await, 404).await;
    expect_problem(app.get(&format!("/api/v1/invitations/{secret}")).await, 404).await;
    let (signed_in, _) = app
        .sign_in("lea@exemple.fr", "mon-mot-de-passe-a-moi")
        .await;
    assert_eq!(signed_in.status(), StatusCode::OK);

    let lea = admin.team_member(&account.email).await;
    assert!(lea.has_password);
    assert_eq!(lea.invitation_expires_at, None);
    assert!(lea.account.last_sign_in_at.is_some());

    // Both steps are in the audit log, the second as Léa's own.
    let audit: AuditList = admin
        .request(
            Method::GET,
            &format!("/api/v1/audit?entity=account&entity_id={}", account.id),
        )
        .expect_json(200)
        .await;
    let steps: Vec<(&str, &str)> = audit
        .items
        .iter()
        .map(|e| (e.action.as_str(), e.actor.as_str()))
        .collect();
    assert!(steps.contains(&("password", "lea@exemple.fr")), "{steps:?}");
    assert!(
        steps.iter().any(|(action, _)| *action == "invite"),
        "{steps:?}"
    );
}

async fn a_newer_link_replaces_the_older_one_and_a_link_runs_out(app: TestApp) {
    let admin = admin_session(&app).await;
    let (account, first) = admin.invite("marc@exemple.fr", "editor").await;
    let second = admin.link(&account).await;
    let replaced = expect_problem(accept(&app, &first, "un-mot-de-passe-long").await, 404).await;
    assert_contains(&replaced.detail, "nouveau");

    // Two days later, the second has run out too.
    let mut conn = app.db.connection().expect("connection");
    diesel::update(invitations::table)
        .set(invitations::expires_at.eq((Utc::now() - Duration::minutes(1)).naive_utc()))
        .execute(&mut **conn)
        .expect("age the links");
    expect_problem(app.get(&format!("/api/v1/invitations/{second}")).await, 404).await;
    expect_problem(accept(&app, &second, "un-mot-de-passe-long").await, 404).await;
    // A new link works again.
    let third = admin.link(&account).await;
    assert_eq!(
        accept(&app, &third, "un-mot-de-passe-long").await.status(),
        StatusCode::OK
    );
}

async fn only_an_administrator_in_a_browser_session_can_invite(app: TestApp) {
    let admin = app.staff(Role::Admin);
    let editor = app.staff(Role::Editor);
    let me: Account = app
        .request_with(&editor.token, Method::GET, "/api/v1/me")
        .expect_json(200)
        .await;
    let path = format!("/api/v1/accounts/{}/invitation", me.id);
    app.request(Method::POST, &path).expect_problem(401).await;
    app.request_with(&admin.token, Method::POST, &path)
        .expect_problem(403)
        .await;
    BrowserSession::open(&app, &editor.email, &editor.password)
        .await
        .request(Method::POST, &path)
        .expect_problem(403)
        .await;
    let unknown = admin_session(&app)
        .await
        .send(
            Method::POST,
            &format!("/api/v1/accounts/{}/invitation", uuid::Uuid::new_v4()),
            json!({}),
        )
        .await;
    expect_problem(unknown, 404).await;
}

async fn disabling_a_colleague_ends_their_session_tokens_and_link(app: TestApp) {
    let admin = admin_session(&app).await;
    let editor = app.staff(Role::Editor);
    let (cookie, _) = app.browser_session(&editor.email, &editor.password).await;
    let member = admin.team_member(&editor.email).await;
    assert_eq!(member.active_tokens, 1);
    assert!(member.has_password && member.account.last_sign_in_at.is_some());
    let link = admin.link(&member.account).await;

    let disabled = admin
        .send(
            Method::PATCH,
            &format!("/api/v1/accounts/{}", member.account.id),
            json!({"disabled": true}),
        )
        .await;
    assert_eq!(disabled.status(), StatusCode::OK);
    app.request(Method::GET, "/api/v1/editorial/publications")
        .header("Cookie", &cookie)
        .expect_problem(401)
        .await;
    app.request_with(&editor.token, Method::GET, "/api/v1/editorial/publications")
        .expect_problem(401)
        .await;
    expect_problem(accept(&app, &link, "un-mot-de-passe-long").await, 404).await;
    let member = admin.team_member(&editor.email).await;
    assert_eq!(member.active_tokens, 0);
    assert_eq!(member.invitation_expires_at, None);
    // A disabled account is not invited: it is enabled first.
    let refused = admin
        .send(
            Method::POST,
            &format!("/api/v1/accounts/{}/invitation", member.account.id),
            json!({}),
        )
        .await;
    expect_problem(refused, 409).await;
}

async fn the_link_also_arrives_by_email(backend: Backend) {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    let Some(app) = fresh_app_with_smtp(backend, &smtp) else {
        return;
    };
    let admin = admin_session(&app).await;
    let (_, secret) = admin.invite("nadia@exemple.fr", "editor").await;
    let received = smtp.wait_for(1).await;
    let message = mail_parser::MessageParser::default()
        .parse(&received[0])
        .expect("a MIME message");
    assert_eq!(
        message
            .to()
            .and_then(|to| to.first())
            .and_then(|a| a.address()),
        Some("nadia@exemple.fr")
    );
    assert!(message
        .subject()
        .is_some_and(|s| s.starts_with("Votre accès à l'espace rédaction")));
    let text = message.body_text(0).unwrap_or_default();
    assert!(
        text.contains(&format!("/redaction/invitation#{secret}")),
        "{text}"
    );
    let html = message.body_html(0).unwrap_or_default();
    assert!(html.contains("Choisir mon mot de passe"), "{html}");
    let accepted = accept(&app, &secret, "un mot de passe assez long").await;
    assert_eq!(accepted.status(), 200);
}

for_both_backends!(the_link_also_arrives_by_email);

on_fresh_databases!(
    an_invited_colleague_chooses_a_password_through_the_link_and_is_signed_in,
    a_newer_link_replaces_the_older_one_and_a_link_runs_out,
    only_an_administrator_in_a_browser_session_can_invite,
    disabling_a_colleague_ends_their_session_tokens_and_link
);
