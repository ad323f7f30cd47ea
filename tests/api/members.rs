use diesel::RunQueryDsl;
use passerelle_store::models::{MemberRow, DRAFT, PUBLISHED};
use passerelle_store::schema::members;
use passerelle_tests::{
    for_both_backends, on_both_backends, seed_counts, spawn_app_with, Backend, TestApp,
};
use passerelle_types::{Member, MemberKind, MemberList, PublicationRole};

async fn lists_the_network_by_name(app: TestApp) {
    let list: MemberList = app.json("/api/v1/members").await;
    assert_eq!(list.page.total, seed_counts().members);
    assert_eq!(list.items[0].name, "Agropolis International");
    let services: MemberList = app.json("/api/v1/members?kind=service_etat").await;
    assert!(services
        .items
        .iter()
        .all(|m| m.kind == MemberKind::ServiceEtat));
    assert_eq!(services.page.total, 3);
}

async fn members_of_a_departement_include_those_of_its_communes(app: TestApp) {
    let herault: MemberList = app.json("/api/v1/members?territory=departement-34").await;
    let slugs: Vec<_> = herault.items.iter().map(|m| m.slug.as_str()).collect();
    assert!(slugs.contains(&"prefecture-de-l-herault"));
    assert!(
        slugs.contains(&"agropolis-international"),
        "attached to Montpellier: {slugs:?}"
    );
    assert!(!slugs.contains(&"iness-narbonne"));
}

async fn detail_lists_what_the_resource_centre_produced_and_ran(app: TestApp) {
    let centre: Member = app
        .json("/api/v1/members/villes-et-territoires-occitanie")
        .await;
    assert_eq!(centre.summary.kind, MemberKind::CentreRessources);
    let authored = centre
        .publications
        .iter()
        .filter(|p| p.role == PublicationRole::Auteur)
        .count();
    assert_eq!(authored, 9);
    assert!(centre.events.len() >= 9);
    assert!(centre.contact.is_none());
}

async fn iness_is_linked_to_its_video(app: TestApp) {
    let iness: Member = app.json("/api/v1/members/iness-narbonne").await;
    assert_eq!(iness.summary.kind, MemberKind::Equipement);
    assert_eq!(iness.publications.len(), 1);
    assert_eq!(
        iness.publications[0].publication.slug,
        "video-iness-narbonne"
    );
    assert!(iness.description.contains("Sandrine Solé"));
}

on_both_backends!(
    lists_the_network_by_name,
    members_of_a_departement_include_those_of_its_communes,
    detail_lists_what_the_resource_centre_produced_and_ran,
    iness_is_linked_to_its_video,
);

fn member(slug: &str, status: &str, contact_public: bool) -> MemberRow {
    let now = chrono::Utc::now().naive_utc();
    MemberRow {
        id: uuid::Uuid::new_v4().to_string(),
        slug: slug.to_owned(),
        name: format!("Conseil citoyen {slug}"),
        kind: "conseil_citoyen".to_owned(),
        description: String::new(),
        description_html: None,
        website: None,
        contact_email: Some("contact@example.org".to_owned()),
        contact_phone: Some("04 00 00 00 00".to_owned()),
        contact_public,
        qpv_code: Some("QN03401M".to_owned()),
        latitude: Some(43.61),
        longitude: Some(3.87),
        editorial_status: status.to_owned(),
        created_at: now,
        updated_at: now,
        published_at: (status == "published").then_some(now),
    }
}

async fn contact_is_shown_only_when_made_public(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |conn| {
        for row in [
            member("public", PUBLISHED, true),
            member("prive", PUBLISHED, false),
        ] {
            diesel::insert_into(members::table)
                .values(row)
                .execute(conn)
                .expect("insert");
        }
    })
    .await
    else {
        return;
    };
    let public: Member = app.json("/api/v1/members/public").await;
    let contact = public.contact.expect("public contact shown");
    assert_eq!(contact.email.as_deref(), Some("contact@example.org"));
    assert_eq!(public.summary.qpv_code.as_deref(), Some("QN03401M"));
    assert_eq!(public.location.map(|p| p.latitude), Some(43.61));

    let private: Member = app.json("/api/v1/members/prive").await;
    assert!(private.contact.is_none());
    let raw = app
        .get("/api/v1/members/prive")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(
        !raw.contains("contact@example.org"),
        "private contact leaked: {raw}"
    );
}

async fn draft_members_are_never_exposed(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |conn| {
        diesel::insert_into(members::table)
            .values(member("brouillon", DRAFT, true))
            .execute(conn)
            .expect("insert");
    })
    .await
    else {
        return;
    };
    app.problem("/api/v1/members/brouillon", 404).await;
    let list: MemberList = app.json("/api/v1/members?kind=conseil_citoyen").await;
    assert_eq!(list.page.total, 0);
    let all: MemberList = app.json("/api/v1/members").await;
    assert!(!all
        .facets
        .kind
        .iter()
        .any(|f| f.value == "conseil_citoyen" && f.count > 0));
}

for_both_backends!(
    contact_is_shown_only_when_made_public,
    draft_members_are_never_exposed
);
