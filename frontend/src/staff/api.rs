//! Calls made by signed-in editors: the session, the editorial API, documents, tokens.
//! Public reads come from [`crate::api`].

use gloo_net::http::Request;
use passerelle_types::{
    AcceptInvitation, Account, AccountChange, ActivityReport, ApiToken, Attachment, AuditList,
    CreatedApiToken, EditorialList, EditorialQuery, EditorialTheme, Invitation, InvitationInfo,
    MemberImport, MessageReceipt, NewAccount, NewApiToken, NewRegistration, Problem, Registration,
    RegistrationChange, RegistrationList, RegistrationSettings, SessionInfo, SignIn, SitePage,
    SitePageInput, SitePageKind, TeamMember, TeamMessage, Territory, Theme, ThemeInput,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::api::{decode, get_json, segment, ApiError};

/// Header carrying the session's anti-CSRF token on every change.
const CSRF_HEADER: &str = "X-CSRF-Token";

/// A change sent by a signed-in editor: JSON body, CSRF token, and the version read.
async fn send<T: DeserializeOwned>(
    method: &str,
    url: &str,
    csrf: &str,
    if_match: Option<i32>,
    body: Option<&impl Serialize>,
) -> Result<T, ApiError> {
    let mut builder = match method {
        "POST" => Request::post(url),
        "PUT" => Request::put(url),
        "DELETE" => Request::delete(url),
        _ => Request::patch(url),
    }
    .header("Accept", "application/json")
    .header(CSRF_HEADER, csrf);
    if let Some(version) = if_match {
        builder = builder.header("If-Match", &format!("\"{version}\""));
    }
    let request = match body {
        Some(body) => builder.json(body).map_err(|_| ApiError::Unreadable)?,
        None => builder.build().map_err(|_| ApiError::Unreadable)?,
    };
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

/// The current browser session, `None` when signed out.
pub async fn session() -> Result<Option<SessionInfo>, ApiError> {
    match get_json::<SessionInfo>("/api/v1/session").await {
        Ok(session) => Ok(Some(session)),
        Err(ApiError::Problem(problem)) if problem.status == 401 => Ok(None),
        Err(error) => Err(error),
    }
}

pub async fn sign_in(email: String, password: String) -> Result<SessionInfo, ApiError> {
    let response = Request::post("/api/v1/session")
        .header("Accept", "application/json")
        .json(&SignIn { email, password })
        .map_err(|_| ApiError::Unreadable)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    decode(response).await
}

/// A DELETE answered by 204 No Content.
async fn delete(url: &str, csrf: &str) -> Result<(), ApiError> {
    let response = Request::delete(url)
        .header(CSRF_HEADER, csrf)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if response.ok() {
        Ok(())
    } else {
        decode::<()>(response).await
    }
}

pub async fn sign_out(csrf: String) -> Result<(), ApiError> {
    delete("/api/v1/session", &csrf).await
}

pub async fn themes() -> Result<Vec<Theme>, ApiError> {
    get_json("/api/v1/themes").await
}

pub async fn territories() -> Result<Vec<Territory>, ApiError> {
    get_json("/api/v1/territories").await
}

/// A page of an editorial list: `plural` is `publications`, `events` or `members`.
pub async fn editorial_list(
    plural: &'static str,
    query: &EditorialQuery,
) -> Result<EditorialList, ApiError> {
    get_json(&format!(
        "/api/v1/editorial/{plural}?{}",
        query.to_query_string()
    ))
    .await
}

/// The item as the public will read it once published.
pub async fn public_preview<P: DeserializeOwned>(
    plural: &'static str,
    id: String,
) -> Result<P, ApiError> {
    get_json(&format!(
        "/api/v1/editorial/{plural}/{}/preview",
        segment(&id)
    ))
    .await
}

pub async fn editorial_item<V: DeserializeOwned>(
    plural: &'static str,
    id: String,
) -> Result<V, ApiError> {
    get_json(&format!("/api/v1/editorial/{plural}/{}", segment(&id))).await
}

pub async fn create_item<I: Serialize, V: DeserializeOwned>(
    csrf: String,
    plural: &'static str,
    input: I,
) -> Result<V, ApiError> {
    send(
        "POST",
        &format!("/api/v1/editorial/{plural}"),
        &csrf,
        None,
        Some(&input),
    )
    .await
}

pub async fn save_item<I: Serialize, V: DeserializeOwned>(
    csrf: String,
    plural: &'static str,
    id: String,
    version: i32,
    input: I,
) -> Result<V, ApiError> {
    let url = format!("/api/v1/editorial/{plural}/{}", segment(&id));
    send("PUT", &url, &csrf, Some(version), Some(&input)).await
}

/// `publish`, `unpublish`, `restore`, or `delete` (which needs the version read).
pub async fn item_action<V: DeserializeOwned>(
    csrf: String,
    plural: &'static str,
    id: String,
    action: &'static str,
    version: i32,
) -> Result<V, ApiError> {
    let base = format!("/api/v1/editorial/{plural}/{}", segment(&id));
    if action == "delete" {
        send("DELETE", &base, &csrf, Some(version), None::<&()>).await
    } else {
        send(
            "POST",
            &format!("{base}/{action}"),
            &csrf,
            Some(version),
            None::<&()>,
        )
        .await
    }
}

/// A page of an item's history, newest first.
pub async fn history(plural: &'static str, id: String) -> Result<AuditList, ApiError> {
    get_json(&format!(
        "/api/v1/editorial/{plural}/{}/history?limit=100",
        segment(&id)
    ))
    .await
}

/// Makes `version` the content again, as a version after `current`.
pub async fn restore_version<V: DeserializeOwned>(
    csrf: String,
    plural: &'static str,
    id: String,
    version: i32,
    current: i32,
) -> Result<V, ApiError> {
    let url = format!(
        "/api/v1/editorial/{plural}/{}/versions/{version}/restore",
        segment(&id)
    );
    send("POST", &url, &csrf, Some(current), None::<&()>).await
}

#[derive(Serialize)]
struct PreviewRequest<'a> {
    markdown: &'a str,
}

#[derive(serde::Deserialize)]
struct PreviewResponse {
    html: String,
}

/// The body as the public will see it (rendered and sanitized by the server).
pub async fn preview(csrf: String, markdown: String) -> Result<String, ApiError> {
    let response: PreviewResponse = send(
        "POST",
        "/api/v1/editorial/preview",
        &csrf,
        None,
        Some(&PreviewRequest {
            markdown: &markdown,
        }),
    )
    .await?;
    Ok(response.html)
}

pub async fn attachments(publication: String) -> Result<Vec<Attachment>, ApiError> {
    get_json(&format!(
        "/api/v1/editorial/publications/{}/attachments",
        segment(&publication)
    ))
    .await
}

pub async fn remove_attachment(
    csrf: String,
    publication: String,
    attachment: String,
) -> Result<(), ApiError> {
    let url = format!(
        "/api/v1/editorial/publications/{}/attachments/{}",
        segment(&publication),
        segment(&attachment)
    );
    delete(&url, &csrf).await
}

/// Sends a file with XMLHttpRequest, the one browser API that reports upload progress:
/// `progress` goes from 0 to 1, then `done` gets the outcome.
pub fn upload_attachment(
    csrf: &str,
    publication: &str,
    file: web_sys::File,
    progress: impl Fn(f64) + 'static,
    done: impl Fn(Result<Attachment, ApiError>) + 'static,
) {
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let done: Rc<dyn Fn(Result<Attachment, ApiError>)> = Rc::new(done);
    let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
        done(Err(ApiError::Network));
        return;
    };
    let url = format!(
        "/api/v1/editorial/publications/{}/attachments",
        segment(publication)
    );
    let form = web_sys::FormData::new();
    let ready = xhr.open("POST", &url).is_ok()
        && xhr.set_request_header(CSRF_HEADER, csrf).is_ok()
        && xhr.set_request_header("Accept", "application/json").is_ok()
        && form.as_ref().is_ok_and(|form| {
            form.append_with_blob_and_filename("file", &file, &file.name())
                .is_ok()
        });
    let Ok(form) = form else {
        done(Err(ApiError::Network));
        return;
    };
    if !ready {
        done(Err(ApiError::Network));
        return;
    }
    // The closures live as long as the page: one small allocation per upload.
    let on_progress =
        Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |event: web_sys::ProgressEvent| {
            if event.length_computable() && event.total() > 0.0 {
                progress(event.loaded() / event.total());
            }
        });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    on_progress.forget();
    let answered = xhr.clone();
    let finished = done.clone();
    let on_load = Closure::<dyn Fn()>::new(move || {
        let text = answered.response_text().ok().flatten().unwrap_or_default();
        let status = answered.status().unwrap_or(0);
        let outcome = if (200..300).contains(&status) {
            serde_json::from_str::<Attachment>(&text).map_err(|_| ApiError::Unreadable)
        } else {
            Err(serde_json::from_str::<Problem>(&text)
                .map(ApiError::Problem)
                .unwrap_or(ApiError::Unreadable))
        };
        finished(outcome);
    });
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    let on_error = Closure::<dyn Fn()>::new(move || done(Err(ApiError::Network)));
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    let _ = xhr.send_with_opt_form_data(Some(&form));
}

/// Sends a spreadsheet to import the directory from: a preview (`dry_run`), or the import.
pub async fn import_members(
    csrf: String,
    sheet: web_sys::File,
    dry_run: bool,
    skip_invalid: bool,
) -> Result<MemberImport, ApiError> {
    let url = format!("/api/v1/imports/members?dry_run={dry_run}&skip_invalid={skip_invalid}");
    let request = Request::post(&url)
        .header("Accept", "application/json")
        .header("Content-Type", "text/csv")
        .header(CSRF_HEADER, &csrf)
        .body(sheet)
        .map_err(|_| ApiError::Unreadable)?;
    decode(request.send().await.map_err(|_| ApiError::Network)?).await
}

pub async fn tokens() -> Result<Vec<ApiToken>, ApiError> {
    get_json("/api/v1/tokens").await
}

pub async fn create_token(csrf: String, request: NewApiToken) -> Result<CreatedApiToken, ApiError> {
    send("POST", "/api/v1/tokens", &csrf, None, Some(&request)).await
}

pub async fn revoke_token(csrf: String, id: String) -> Result<(), ApiError> {
    delete(&format!("/api/v1/tokens/{}", segment(&id)), &csrf).await
}

/// A page of the whole audit log; `search` holds its filters and page.
pub async fn audit(search: String) -> Result<AuditList, ApiError> {
    get_json(&format!("/api/v1/audit?{search}")).await
}

pub async fn team() -> Result<Vec<TeamMember>, ApiError> {
    get_json("/api/v1/accounts").await
}

pub async fn create_account(csrf: String, account: NewAccount) -> Result<Account, ApiError> {
    send("POST", "/api/v1/accounts", &csrf, None, Some(&account)).await
}

pub async fn update_account(
    csrf: String,
    id: String,
    change: AccountChange,
) -> Result<Account, ApiError> {
    let url = format!("/api/v1/accounts/{}", segment(&id));
    send("PATCH", &url, &csrf, None, Some(&change)).await
}

/// A new one-time link for the account `id`, replacing any earlier one.
pub async fn invite(csrf: String, id: String) -> Result<Invitation, ApiError> {
    let url = format!("/api/v1/accounts/{}/invitation", segment(&id));
    send("POST", &url, &csrf, None, None::<&()>).await
}

/// What the link `secret` is for; a 404 when it no longer works.
pub async fn invitation(secret: String) -> Result<InvitationInfo, ApiError> {
    get_json(&format!("/api/v1/invitations/{}", segment(&secret))).await
}

/// Chooses the password through the link `secret`, which signs in.
pub async fn accept_invitation(secret: String, password: String) -> Result<SessionInfo, ApiError> {
    let url = format!("/api/v1/invitations/{}", segment(&secret));
    send("POST", &url, "", None, Some(&AcceptInvitation { password })).await
}

pub async fn editorial_themes() -> Result<Vec<EditorialTheme>, ApiError> {
    get_json("/api/v1/editorial/themes").await
}

pub async fn create_theme(csrf: String, label: String) -> Result<EditorialTheme, ApiError> {
    let input = ThemeInput { slug: None, label };
    send(
        "POST",
        "/api/v1/editorial/themes",
        &csrf,
        None,
        Some(&input),
    )
    .await
}

pub async fn rename_theme(
    csrf: String,
    slug: String,
    version: i32,
    label: String,
) -> Result<EditorialTheme, ApiError> {
    let url = format!("/api/v1/editorial/themes/{}", segment(&slug));
    let input = ThemeInput {
        slug: Some(slug),
        label,
    };
    send("PUT", &url, &csrf, Some(version), Some(&input)).await
}

/// `delete` (needs the version read) or `restore`.
pub async fn theme_action(
    csrf: String,
    slug: String,
    action: &'static str,
    version: i32,
) -> Result<EditorialTheme, ApiError> {
    let url = format!("/api/v1/editorial/themes/{}", segment(&slug));
    if action == "delete" {
        send("DELETE", &url, &csrf, Some(version), None::<&()>).await
    } else {
        send("POST", &format!("{url}/restore"), &csrf, None, None::<&()>).await
    }
}

fn registrations_url(event: &str) -> String {
    format!("/api/v1/editorial/events/{}/registration", segment(event))
}

pub async fn registration_settings(event: String) -> Result<RegistrationSettings, ApiError> {
    get_json(&registrations_url(&event)).await
}

pub async fn save_registration_settings(
    csrf: String,
    event: String,
    settings: RegistrationSettings,
) -> Result<RegistrationSettings, ApiError> {
    send(
        "PUT",
        &registrations_url(&event),
        &csrf,
        None,
        Some(&settings),
    )
    .await
}

/// The registrations of an event; `query` as the address writes it.
pub async fn registrations(event: String, query: String) -> Result<RegistrationList, ApiError> {
    get_json(&format!("{}s?{query}", registrations_url(&event))).await
}

pub async fn change_registration(
    csrf: String,
    event: String,
    registration: String,
    change: RegistrationChange,
) -> Result<Registration, ApiError> {
    let url = format!("{}s/{}", registrations_url(&event), segment(&registration));
    send("PATCH", &url, &csrf, None, Some(&change)).await
}

pub async fn add_registration(
    csrf: String,
    event: String,
    person: NewRegistration,
) -> Result<Registration, ApiError> {
    let url = format!("{}s", registrations_url(&event));
    send("POST", &url, &csrf, None, Some(&person)).await
}

pub async fn message_registrants(
    csrf: String,
    event: String,
    message: TeamMessage,
) -> Result<MessageReceipt, ApiError> {
    let url = format!("/api/v1/editorial/events/{}/messages", segment(&event));
    send("POST", &url, &csrf, None, Some(&message)).await
}

fn site_page_url(kind: SitePageKind) -> String {
    format!("/api/v1/editorial/pages/{}", kind.as_str())
}

pub async fn site_page(kind: SitePageKind) -> Result<SitePage, ApiError> {
    get_json(&site_page_url(kind)).await
}

pub async fn save_site_page(
    csrf: String,
    kind: SitePageKind,
    page: SitePageInput,
) -> Result<SitePage, ApiError> {
    send("PUT", &site_page_url(kind), &csrf, None, Some(&page)).await
}

pub async fn activity_report(year: Option<i32>) -> Result<ActivityReport, ApiError> {
    let query = year.map(|y| format!("?year={y}")).unwrap_or_default();
    get_json(&format!("/api/v1/editorial/report{query}")).await
}
