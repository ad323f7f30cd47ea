//! Documents attached to publications: type read from the content, names cleaned, size
//! limited, private until the publication is, and files removed with their record.

use passerelle_tests::{
    assert_contains, for_both_backends, fresh_database, header, required_header, spawn_app_on_with,
    test_settings, Backend, Expect, TestApp,
};
use passerelle_types::{Attachment, EditorialPublication, Problem, Publication, Role};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::json;

const PDF: &[u8] =
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R',
];
const EXE: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8\x00";
const LIMIT: u64 = 64 * 1024;

struct Setup {
    app: TestApp,
    token: String,
    publication: EditorialPublication,
    documents_dir: std::path::PathBuf,
}

async fn setup(backend: Backend) -> Option<Setup> {
    let db = fresh_database(backend)?;
    let mut settings = test_settings(None);
    settings.max_upload_bytes = LIMIT;
    let documents_dir = settings.documents_dir.clone();
    let app = spawn_app_on_with(db, settings);
    let token = app.staff(Role::Editor).token;
    let publication: EditorialPublication = app
        .request_with(&token, Method::POST, "/api/v1/editorial/publications")
        .json(&json!({"title": "Actes du séminaire de Narbonne", "kind": "compte_rendu"}))
        .send()
        .await
        .expect("create")
        .json()
        .await
        .expect("publication");
    Some(Setup {
        app,
        token,
        publication,
        documents_dir,
    })
}

impl Setup {
    fn attachments_path(&self) -> String {
        format!(
            "/api/v1/editorial/publications/{}/attachments",
            self.publication.id
        )
    }

    async fn upload(&self, name: &str, bytes: &[u8]) -> reqwest::Response {
        let form = Form::new().part(
            "file",
            Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
        );
        self.editor(Method::POST, &self.attachments_path())
            .multipart(form)
            .answer()
            .await
    }

    /// A request by the editor who made the publication.
    fn editor(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.app.request(method, path).bearer_auth(&self.token)
    }

    async fn publish(&self) {
        let path = format!(
            "/api/v1/editorial/publications/{}/publish",
            self.publication.id
        );
        self.editor(Method::POST, &path).expect_status(200).await;
    }

    fn stored_files(&self) -> usize {
        std::fs::read_dir(&self.documents_dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.path().is_file())
                    .count()
            })
            .unwrap_or(0)
    }
}

async fn a_document_is_private_until_its_publication_is_published(backend: Backend) {
    let Some(setup) = setup(backend).await else {
        return;
    };
    let response = setup.upload("../../etc/Actes – séminaire.pdf", PDF).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let attachment: Attachment = response.json().await.expect("attachment");
    assert_eq!(
        attachment.file_name,
        "Actes – séminaire.pdf".replace('–', "-")
    );
    assert_eq!(attachment.media_type, "application/pdf");
    assert_eq!(attachment.size_bytes, PDF.len() as u64);
    assert_eq!(setup.stored_files(), 1);

    // A draft's document is not public; editors can fetch it.
    let public = setup.app.get(&attachment.url).await;
    assert_eq!(public.status(), StatusCode::NOT_FOUND);
    let own = format!("{}/{}", setup.attachments_path(), attachment.id);
    setup.editor(Method::GET, &own).expect_status(200).await;

    setup.publish().await;
    let detail: Publication = setup
        .app
        .json(&format!("/api/v1/publications/{}", setup.publication.slug))
        .await;
    assert_eq!(detail.attachments, vec![attachment.clone()]);
    let download = setup.app.get(&attachment.url).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(header(&download, "content-type"), "application/pdf");
    assert_eq!(header(&download, "x-content-type-options"), "nosniff");
    let disposition = header(&download, "content-disposition");
    assert!(disposition.starts_with("inline"), "{disposition}");
    assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
    assert_eq!(download.bytes().await.expect("bytes").as_ref(), PDF);
    let head = setup
        .app
        .request(Method::HEAD, &attachment.url)
        .expect_status(200)
        .await;
    assert_eq!(header(&head, "content-type"), "application/pdf");

    // Removed: the record and the file go.
    setup.editor(Method::DELETE, &own).expect_status(204).await;
    assert_eq!(setup.stored_files(), 0);
    assert_eq!(
        setup.app.get(&attachment.url).await.status(),
        StatusCode::NOT_FOUND
    );

    // The public page, read (and kept by the server) before, follows each change at once.
    let detail_path = format!("/api/v1/publications/{}", setup.publication.slug);
    let detail: Publication = setup.app.json(&detail_path).await;
    assert!(detail.attachments.is_empty(), "{:?}", detail.attachments);
    let response = setup.upload("Programme.pdf", PDF).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let programme: Attachment = response.json().await.expect("attachment");
    let detail: Publication = setup.app.json(&detail_path).await;
    assert_eq!(detail.attachments, vec![programme.clone()]);

    // Documents come oldest first, beside the links and organizations read with them.
    let response = setup.upload("Annexes.pdf", PDF).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let annexes: Attachment = response.json().await.expect("attachment");
    let detail: Publication = setup.app.json(&detail_path).await;
    assert_eq!(detail.attachments, vec![programme, annexes]);
}

/// A public document is revalidated at each use (a withdrawn one leaves shared caches at
/// once), read in parts on demand, and sent as stored: compressed formats are not
/// compressed again. An image opened on its own runs nothing.
async fn public_documents_are_revalidated_sent_in_ranges_and_not_recompressed(backend: Backend) {
    let Some(setup) = setup(backend).await else {
        return;
    };
    let mut pdf = PDF.to_vec();
    pdf.extend(std::iter::repeat_n(b"% commentaire\n".as_slice(), 2000).flatten());
    let response = setup.upload("Rapport.pdf", &pdf).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let document: Attachment = response.json().await.expect("attachment");
    let response = setup.upload("Affiche.png", PNG).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let image: Attachment = response.json().await.expect("attachment");
    setup.publish().await;
    let get = |headers: &[(&str, &str)]| {
        let mut request = setup
            .app
            .request(Method::GET, &document.url)
            .header("Accept-Encoding", "br, gzip");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send()
    };
    let whole = get(&[]).await.expect("download");
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(header(&whole, "cache-control"), "public, no-cache");
    assert_eq!(header(&whole, "content-encoding"), "");
    assert_eq!(header(&whole, "accept-ranges"), "bytes");
    let etag = required_header(&whole, "etag");
    assert_eq!(whole.bytes().await.expect("bytes").as_ref(), pdf.as_slice());
    let again = get(&[("If-None-Match", etag.as_str())])
        .await
        .expect("again");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let part = get(&[("Range", "bytes=0-9")]).await.expect("range");
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        header(&part, "content-range"),
        format!("bytes 0-9/{}", pdf.len())
    );
    assert_eq!(part.bytes().await.expect("bytes").as_ref(), &pdf[..10]);
    let picture = setup.app.get(&image.url).await;
    assert_eq!(picture.status(), StatusCode::OK);
    assert_eq!(header(&picture, "content-security-policy"), "sandbox");
}

async fn disguised_oversized_or_anonymous_uploads_are_refused(backend: Backend) {
    let Some(setup) = setup(backend).await else {
        return;
    };
    for (name, bytes, status, words) in [
        ("rapport.pdf", EXE, 415, "non accepté"),
        ("rapport.pdf", PNG, 415, "n'est pas un PDF"),
        (
            "page.html",
            b"<html><script>alert(1)</script></html>".as_slice(),
            415,
            "non accepté",
        ),
        ("vide.pdf", b"".as_slice(), 415, "vide"),
    ] {
        let response = setup.upload(name, bytes).await;
        assert_eq!(response.status().as_u16(), status, "{name}");
        let problem: Problem = response.json().await.expect("problem");
        assert!(problem.detail.contains(words), "{name}: {}", problem.detail);
    }
    let mut big = PDF.to_vec();
    big.resize((LIMIT + 1) as usize, b' ');
    let response = setup.upload("gros.pdf", &big).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let problem: Problem = response.json().await.expect("problem");
    assert_contains(&problem.detail, "64 Ko");

    // A PNG under its own name is welcome.
    assert_eq!(
        setup.upload("affiche", PNG).await.status(),
        StatusCode::CREATED
    );

    setup
        .app
        .request(Method::POST, &setup.attachments_path())
        .multipart(Form::new().part("file", Part::bytes(PDF.to_vec()).file_name("a.pdf")))
        .expect_status(401)
        .await;
    // Only the accepted PNG was kept.
    assert_eq!(setup.stored_files(), 1);
}

for_both_backends!(
    public_documents_are_revalidated_sent_in_ranges_and_not_recompressed,
    a_document_is_private_until_its_publication_is_published,
    disguised_oversized_or_anonymous_uploads_are_refused,
);
