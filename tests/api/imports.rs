//! The network directory imported from a spreadsheet through the API, as the editors'
//! screen does it: a preview that writes nothing, then the import.

use passerelle_tests::{expect_json, expect_problem, on_fresh_databases, TestApp};
use passerelle_types::{Member, MemberImport, Problem, Role, RowOutcome};
use reqwest::Method;

const SHEET: &str = "Nom;Type;Commune;Site internet\n\
Collectif des Jardins de Pissevin;collectif;Nîmes;www.jardins-pissevin.example\n\
Entreprise Martin;entreprise;Nîmes;\n\
Régie de quartier Ouest;association;34172;\n";

async fn send(app: &TestApp, token: &str, query: &str, sheet: &str) -> reqwest::Response {
    app.request_with(
        token,
        Method::POST,
        &format!("/api/v1/imports/members{query}"),
    )
    .header("Content-Type", "text/csv")
    .body(sheet.to_owned())
    .send()
    .await
    .expect("request")
}

on_fresh_databases!(a_directory_is_previewed_then_imported_by_an_administrator);

async fn a_directory_is_previewed_then_imported_by_an_administrator(app: TestApp) {
    let editor = app.staff(Role::Editor);
    expect_problem(send(&app, &editor.token, "?dry_run=true", SHEET).await, 403).await;
    let admin = app.staff(Role::Admin);

    // The preview: what would happen, each invalid row with its column, nothing written.
    let preview: MemberImport =
        expect_json(send(&app, &admin.token, "?dry_run=true", SHEET).await, 200).await;
    assert!(preview.dry_run);
    assert_eq!((preview.created, preview.updated), (2, 0));
    let rows: Vec<(u32, &str, RowOutcome)> = preview
        .rows
        .iter()
        .map(|row| (row.line, row.name.as_str(), row.outcome))
        .collect();
    assert_eq!(
        rows,
        [
            (2, "Collectif des Jardins de Pissevin", RowOutcome::Created),
            (4, "Régie de quartier Ouest", RowOutcome::Created)
        ]
    );
    assert_eq!(preview.rejected.len(), 1, "{:?}", preview.rejected);
    assert_eq!(
        (
            preview.rejected[0].line,
            preview.rejected[0].column.as_str()
        ),
        (3, "B (Type)")
    );
    expect_problem(
        app.get("/api/v1/members/collectif-des-jardins-de-pissevin")
            .await,
        404,
    )
    .await;

    // The import refuses the whole sheet while a row is invalid, naming it.
    let problem: Problem = expect_json(send(&app, &admin.token, "", SHEET).await, 422).await;
    assert_eq!(problem.errors[0].field, "ligne 3, colonne B (Type)");
    expect_problem(
        app.get("/api/v1/members/collectif-des-jardins-de-pissevin")
            .await,
        404,
    )
    .await;

    // Told to skip it, it imports the others, public and searchable at once.
    let done: MemberImport = expect_json(
        send(&app, &admin.token, "?skip_invalid=true", SHEET).await,
        200,
    )
    .await;
    assert!(!done.dry_run);
    assert_eq!(done.created, 2);
    let member: Member = app
        .json("/api/v1/members/collectif-des-jardins-de-pissevin")
        .await;
    assert_eq!(
        member.website.as_deref(),
        Some("https://www.jardins-pissevin.example")
    );
    let found: passerelle_types::SearchResults = app.json("/api/v1/search?q=pissevin").await;
    assert_eq!(found.page.total, 1);

    // The same sheet again changes nothing.
    let again: MemberImport = expect_json(
        send(&app, &admin.token, "?skip_invalid=true", SHEET).await,
        200,
    )
    .await;
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
}
