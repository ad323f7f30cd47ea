//! The backup archive from the API: administrators download what `passerelle export`
//! writes; nobody else does.

use std::collections::BTreeMap;
use std::io::Read;

use passerelle_tests::{expect_problem, header, on_fresh_databases, seed_counts, TestApp};
use passerelle_types::{EditorialPublication, Role};
use reqwest::Method;

on_fresh_databases!(an_administrator_downloads_the_whole_site_as_a_checked_archive);

async fn an_administrator_downloads_the_whole_site_as_a_checked_archive(app: TestApp) {
    expect_problem(app.get("/api/v1/archive").await, 401).await;
    let archive = |token: String| {
        let request = app.request_with(&token, Method::GET, "/api/v1/archive");
        async move { request.send().await.expect("request") }
    };
    expect_problem(archive(app.staff(Role::Editor).token).await, 403).await;

    let admin = app.staff(Role::Admin);
    let response = archive(admin.token.clone()).await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-type"), "application/x-tar");
    assert_eq!(header(&response, "cache-control"), "no-store");
    assert!(header(&response, "content-disposition").contains("passerelle-"));
    let bytes = response.bytes().await.expect("body");

    // A real tar reader finds every file the manifest lists, with its checksum.
    let mut files = BTreeMap::new();
    let mut tar = tar::Archive::new(&bytes[..]);
    for entry in tar.entries().expect("a tar file") {
        let mut entry = entry.expect("an entry");
        let name = entry.path().expect("a name").to_string_lossy().into_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).expect("content");
        files.insert(name, content);
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&files["manifest.json"]).expect("manifest");
    assert_eq!(manifest["format"], "passerelle-archive");
    for (name, digest) in manifest["sha256"].as_object().expect("checksums") {
        let actual: String = sha256(&files[name]);
        assert_eq!(Some(actual.as_str()), digest.as_str(), "{name}");
    }
    let publications: Vec<EditorialPublication> = std::str::from_utf8(&files["publications.jsonl"])
        .expect("UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("an editorial publication"))
        .collect();
    assert_eq!(publications.len() as u64, seed_counts().publications);
    let accounts = std::str::from_utf8(&files["accounts.jsonl"]).expect("UTF-8");
    assert!(accounts.contains(&admin.email));
    assert!(
        !accounts.contains("argon2"),
        "no password hash leaves the server"
    );
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
