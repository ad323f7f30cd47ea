//! A walk over every operation of a document, for the passes that complete it after the
//! handlers' attributes are read (tags, security, media types, common answers).

use utoipa::openapi::path::{HttpMethod, Operation, PathItem};
use utoipa::openapi::OpenApi;

/// Every operation of `document`, with its method.
pub(crate) fn operations_mut(
    document: &mut OpenApi,
) -> impl Iterator<Item = (HttpMethod, &mut Operation)> {
    document.paths.paths.values_mut().flat_map(|item| {
        let PathItem {
            get,
            put,
            post,
            delete,
            options,
            head,
            patch,
            trace,
            ..
        } = item;
        [
            (HttpMethod::Get, get),
            (HttpMethod::Put, put),
            (HttpMethod::Post, post),
            (HttpMethod::Delete, delete),
            (HttpMethod::Options, options),
            (HttpMethod::Head, head),
            (HttpMethod::Patch, patch),
            (HttpMethod::Trace, trace),
        ]
        .into_iter()
        .filter_map(|(method, operation)| operation.as_mut().map(|o| (method, o)))
    })
}
