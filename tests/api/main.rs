//! API integration tests: the real server on a random port, each test once on SQLite and
//! once on PostgreSQL.

mod accounts;
mod archive;
mod details;
mod differential;
mod documents;
mod editorial;
mod errors;
mod events;
mod facets;
mod feeds;
mod hostile_writes;
mod http_caching;
mod imports;
mod limits;
mod members;
mod openapi;
mod outage;
mod pages;
mod publications;
mod reference;
mod registrations;
mod relevance;
mod schema;
mod search;
mod seed;
mod server;
mod site;
mod team;
