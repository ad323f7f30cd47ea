//! Any published item, whatever its kind: what the store reads for the search engine, what
//! the engine keeps in memory and writes to its kept index. One enum, so the three layers
//! need no conversion between look-alike types.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::dto::{EventSummary, MemberSummary, PublicationSummary};
use crate::enums::ItemType;

/// A published item as lists show it. Events carry their schedule and venue: boxed, so
/// the other variants stay small. Written as `{"publication": {…}}` in the kept index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemSummary {
    Publication(PublicationSummary),
    Event(Box<EventSummary>),
    Member(MemberSummary),
}

impl ItemSummary {
    pub fn id(&self) -> Uuid {
        match self {
            ItemSummary::Publication(p) => p.id,
            ItemSummary::Event(e) => e.id,
            ItemSummary::Member(m) => m.id,
        }
    }

    pub fn updated_at(&self) -> DateTime<Utc> {
        match self {
            ItemSummary::Publication(p) => p.updated_at,
            ItemSummary::Event(e) => e.updated_at,
            ItemSummary::Member(m) => m.updated_at,
        }
    }

    pub fn item_type(&self) -> ItemType {
        match self {
            ItemSummary::Publication(_) => ItemType::Publication,
            ItemSummary::Event(_) => ItemType::Event,
            ItemSummary::Member(_) => ItemType::Member,
        }
    }
}

/// A published item as the search engine takes it in: its summary, and the text it is
/// also searched by (body, keywords, documents' names…), which lists never show.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogItem {
    pub summary: ItemSummary,
    pub text: String,
}

impl CatalogItem {
    pub fn publication(summary: PublicationSummary, text: String) -> Self {
        CatalogItem {
            summary: ItemSummary::Publication(summary),
            text,
        }
    }

    pub fn event(summary: EventSummary, text: String) -> Self {
        CatalogItem {
            summary: ItemSummary::Event(Box::new(summary)),
            text,
        }
    }

    pub fn member(summary: MemberSummary, text: String) -> Self {
        CatalogItem {
            summary: ItemSummary::Member(summary),
            text,
        }
    }
}
