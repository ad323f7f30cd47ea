//! `sitemap.xml` (sitemaps.org protocol 0.9): every public page, for search engines.

use chrono::{DateTime, Utc};
use quick_xml::escape::escape;

/// A page and when it last changed, if known.
pub struct Page {
    pub url: String,
    pub modified: Option<DateTime<Utc>>,
}

pub fn sitemap(pages: impl IntoIterator<Item = Page>) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages {
        out.push_str("  <url><loc>");
        out.push_str(&escape(page.url.as_str()));
        out.push_str("</loc>");
        if let Some(modified) = page.modified {
            out.push_str("<lastmod>");
            out.push_str(&modified.format("%Y-%m-%dT%H:%M:%SZ").to_string());
            out.push_str("</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
