//! Diesel schema, written with SQL types that both SQLite and PostgreSQL support, so one
//! schema serves both backends. UUIDs are stored as text; timestamps are UTC.

diesel::table! {
    themes (slug) {
        slug -> Text,
        label -> Text,
        version -> Integer,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    territories (id) {
        id -> Text,
        code -> Text,
        level -> Text,
        name -> Text,
        parent_id -> Nullable<Text>,
    }
}

diesel::table! {
    members (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        kind -> Text,
        description -> Text,
        description_html -> Nullable<Text>,
        website -> Nullable<Text>,
        contact_email -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        contact_public -> Bool,
        qpv_code -> Nullable<Text>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        editorial_status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        published_at -> Nullable<Timestamp>,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    events (id) {
        id -> Text,
        slug -> Text,
        title -> Text,
        summary -> Text,
        body -> Text,
        body_html -> Nullable<Text>,
        kind -> Text,
        status -> Text,
        start_date -> Nullable<Date>,
        start_time -> Nullable<Time>,
        end_date -> Nullable<Date>,
        end_time -> Nullable<Time>,
        period -> Nullable<Text>,
        year -> Nullable<Integer>,
        venue_name -> Nullable<Text>,
        online_url -> Nullable<Text>,
        venue_address -> Nullable<Text>,
        venue_commune_id -> Nullable<Text>,
        editorial_status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        published_at -> Nullable<Timestamp>,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    publications (id) {
        id -> Text,
        slug -> Text,
        title -> Text,
        summary -> Text,
        body -> Text,
        body_html -> Nullable<Text>,
        kind -> Text,
        publication_date -> Nullable<Date>,
        year -> Nullable<Integer>,
        editorial_status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        published_at -> Nullable<Timestamp>,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    member_themes (member_id, theme_slug) {
        member_id -> Text,
        theme_slug -> Text,
    }
}

diesel::table! {
    member_territories (member_id, territory_id) {
        member_id -> Text,
        territory_id -> Text,
    }
}

diesel::table! {
    event_themes (event_id, theme_slug) {
        event_id -> Text,
        theme_slug -> Text,
    }
}

diesel::table! {
    event_territories (event_id, territory_id) {
        event_id -> Text,
        territory_id -> Text,
    }
}

diesel::table! {
    event_organizations (event_id, member_id, role) {
        event_id -> Text,
        member_id -> Text,
        role -> Text,
        position -> Integer,
    }
}

diesel::table! {
    event_links (event_id, position) {
        event_id -> Text,
        position -> Integer,
        url -> Text,
        label -> Text,
        media_type -> Nullable<Text>,
    }
}

diesel::table! {
    publication_themes (publication_id, theme_slug) {
        publication_id -> Text,
        theme_slug -> Text,
    }
}

diesel::table! {
    publication_territories (publication_id, territory_id) {
        publication_id -> Text,
        territory_id -> Text,
    }
}

diesel::table! {
    publication_organizations (publication_id, member_id, role) {
        publication_id -> Text,
        member_id -> Text,
        role -> Text,
        position -> Integer,
    }
}

diesel::table! {
    publication_links (publication_id, position) {
        publication_id -> Text,
        position -> Integer,
        url -> Text,
        label -> Text,
        media_type -> Nullable<Text>,
    }
}

diesel::table! {
    publication_keywords (publication_id, position) {
        publication_id -> Text,
        position -> Integer,
        keyword -> Text,
    }
}

diesel::table! {
    publication_events (publication_id, event_id) {
        publication_id -> Text,
        event_id -> Text,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    themes,
    territories,
    members,
    events,
    publications,
    member_themes,
    member_territories,
    event_themes,
    event_territories,
    event_organizations,
    event_links,
    publication_themes,
    publication_territories,
    publication_organizations,
    publication_links,
    publication_keywords,
    publication_events,
    content_changes,
    accounts,
    sessions,
    api_tokens,
    sign_in_failures,
    audit_log,
    attachments,
    invitations,
    registration_settings,
    registrations,
    outbox,
    event_notices,
    registration_tallies,
    site_pages,
);

diesel::table! {
    content_changes (id) {
        id -> BigInt,
        entity -> Text,
        entity_id -> Text,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    accounts (id) {
        id -> Text,
        email -> Text,
        password_hash -> Text,
        role -> Text,
        created_at -> Timestamp,
        disabled_at -> Nullable<Timestamp>,
        last_sign_in_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    invitations (token_hash) {
        token_hash -> Text,
        account_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Text,
        account_id -> Text,
        csrf_token -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Text,
        account_id -> Text,
        name -> Text,
        token_hash -> Text,
        prefix -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sign_in_failures (id) {
        id -> BigInt,
        email -> Text,
        failed_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        occurred_at -> Timestamp,
        actor_id -> Nullable<Text>,
        actor_email -> Text,
        action -> Text,
        entity -> Text,
        entity_id -> Text,
        version -> Nullable<Integer>,
        changes -> Text,
    }
}

diesel::table! {
    attachments (id) {
        id -> Text,
        publication_id -> Text,
        file_name -> Text,
        media_type -> Text,
        size_bytes -> BigInt,
        storage_key -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(sessions -> accounts (account_id));
diesel::joinable!(api_tokens -> accounts (account_id));
diesel::joinable!(invitations -> accounts (account_id));
diesel::joinable!(attachments -> publications (publication_id));

diesel::table! {
    import_origins (origin) {
        origin -> Text,
        entity -> Text,
        entity_id -> Text,
        fingerprint -> Text,
        imported_at -> Timestamp,
    }
}

diesel::table! {
    registration_settings (event_id) {
        event_id -> Text,
        mode -> Text,
        external_url -> Nullable<Text>,
        capacity -> Nullable<Integer>,
        waiting_list -> Bool,
        opens_at -> Nullable<Timestamp>,
        closes_at -> Nullable<Timestamp>,
        reminder_hours -> Nullable<Integer>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    registrations (id) {
        id -> Text,
        event_id -> Text,
        token_hash -> Text,
        email -> Text,
        name -> Text,
        organisation -> Nullable<Text>,
        audience -> Text,
        commune -> Nullable<Text>,
        accessibility_needs -> Nullable<Text>,
        newsletter -> Bool,
        status -> Text,
        created_at -> Timestamp,
        confirm_before -> Nullable<Timestamp>,
        confirmed_at -> Nullable<Timestamp>,
        cancelled_at -> Nullable<Timestamp>,
        attended -> Bool,
        updated_at -> Timestamp,
        reminded_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        kind -> Text,
        recipient -> Text,
        message -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    event_notices (id) {
        id -> BigInt,
        event_id -> Text,
        kind -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    registration_tallies (event_id, status, audience, departement, attended) {
        event_id -> Text,
        status -> Text,
        audience -> Text,
        departement -> Text,
        attended -> Bool,
        count -> Integer,
    }
}

diesel::table! {
    site_pages (slug) {
        slug -> Text,
        title -> Text,
        body -> Text,
        body_html -> Text,
        conformity -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}
