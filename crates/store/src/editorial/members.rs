//! How a network member's content maps to its tables.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use passerelle_types::{EditorialMember, FieldError, ItemType, MemberInput};

use super::{optional_text, replace_values, save_content, unknown_filing, values_of, Editable};
use crate::db::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::models::DRAFT;
use crate::parse_vocabulary;
use crate::schema::members;

pub struct Members;

impl Editable for Members {
    const TYPE: ItemType = ItemType::Member;
    type Input = MemberInput;
    type View = EditorialMember;
    type Public = passerelle_types::Member;

    fn check_references(
        conn: &mut DbConnection,
        input: &MemberInput,
    ) -> StoreResult<Vec<FieldError>> {
        unknown_filing(conn, &input.themes, &input.territories, &[])
    }

    fn write(
        conn: &mut DbConnection,
        id: &str,
        slug: &str,
        input: &MemberInput,
        created_at: Option<NaiveDateTime>,
    ) -> StoreResult<()> {
        let kind = input
            .kind
            .ok_or_else(|| StoreError::invalid("kind", "Le type de structure est obligatoire."))?;
        let content = (
            members::slug.eq(slug),
            members::name.eq(input.name.trim()),
            members::kind.eq(kind.as_str()),
            members::description.eq(input.description.trim()),
            members::description_html.eq(crate::models::rendered_body(input.description.trim())),
            members::website.eq(optional_text(&input.website)),
            members::contact_email.eq(optional_text(&input.contact_email)),
            members::contact_phone.eq(optional_text(&input.contact_phone)),
            members::contact_public.eq(input.contact_public),
            members::qpv_code.eq(optional_text(&input.qpv_code)),
            members::latitude.eq(input.latitude),
            members::longitude.eq(input.longitude),
        );
        save_content!(conn, members, id, created_at, content);
        replace_values!(
            conn,
            member_themes(member_id, theme_slug),
            id,
            &input.themes
        );
        replace_values!(
            conn,
            member_territories(member_id, territory_id),
            id,
            &input.territories
        );
        Ok(())
    }

    fn read(conn: &mut DbConnection, id: &str) -> StoreResult<MemberInput> {
        type Row = (
            (String, String, String, String),
            (Option<String>, Option<String>, Option<String>, bool),
            (Option<String>, Option<f64>, Option<f64>),
        );
        let (
            (slug, name, kind, description),
            (website, contact_email, contact_phone, contact_public),
            (qpv_code, latitude, longitude),
        ): Row = members::table
            .filter(members::id.eq(id))
            .select((
                (
                    members::slug,
                    members::name,
                    members::kind,
                    members::description,
                ),
                (
                    members::website,
                    members::contact_email,
                    members::contact_phone,
                    members::contact_public,
                ),
                (members::qpv_code, members::latitude, members::longitude),
            ))
            .first(conn)?;
        let themes = values_of!(conn, member_themes(member_id, theme_slug), id);
        let territories = values_of!(conn, member_territories(member_id, territory_id), id);
        Ok(MemberInput {
            slug: Some(slug),
            name,
            kind: Some(parse_vocabulary(&kind, "type de structure")?),
            description,
            website,
            contact_email,
            contact_phone,
            contact_public,
            qpv_code,
            latitude,
            longitude,
            themes,
            territories,
        })
    }
}
