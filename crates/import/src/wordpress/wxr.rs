//! Reading a WordPress export file (WXR 1.0 to 1.2, an RSS document with WordPress's own
//! namespaces) into plain records, before anything is mapped or written.
//!
//! The file is read whole and checked as XML: a real export that arrives damaged (a
//! doubled `<![CDATA[`, an HTML entity XML does not know, a truncated end) is refused with
//! the line and column of the fault rather than half-read.

use std::collections::HashMap;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use crate::error::{ImportError, Position};

/// A category or tag, on the site or on one post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// `category`, `post_tag`, `tribe_events_cat`…
    pub domain: String,
    pub slug: String,
    pub label: String,
}

/// One `<item>` of the export: a post, a page, an attachment, an event, a venue…
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Post {
    /// Line of the `<item>` in the file, for messages.
    pub line: usize,
    pub id: u64,
    pub title: String,
    pub link: String,
    pub post_type: String,
    pub status: String,
    /// `post_name`, possibly percent-encoded.
    pub name: String,
    /// `post_date`, in the site's time zone (`0000-00-00 00:00:00` when never set).
    pub date: String,
    pub excerpt: String,
    pub content: String,
    pub parent: u64,
    pub attachment_url: Option<String>,
    pub terms: Vec<Term>,
    pub meta: Vec<(String, String)>,
    pub comments: usize,
}

impl Post {
    /// The first value of a meta key, if any and not blank.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Every value of a meta key (The Events Calendar repeats `_EventOrganizerID`).
    pub fn meta_all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.meta
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }
}

/// The export: where it comes from, the site's categories and every item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Export {
    /// `wp:base_site_url`, else the channel's `link`: what origins are named after.
    pub site_url: String,
    pub version: String,
    pub categories: Vec<Term>,
    pub posts: Vec<Post>,
}

impl Export {
    pub fn posts_by_id(&self) -> HashMap<u64, &Post> {
        self.posts.iter().map(|p| (p.id, p)).collect()
    }
}

/// The namespaces an export uses, whatever prefix the file gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    None,
    Wp,
    Content,
    Excerpt,
    Other,
}

fn namespace(resolved: &ResolveResult<'_>) -> Ns {
    match resolved {
        ResolveResult::Unbound => Ns::None,
        ResolveResult::Bound(ns) => {
            let uri = String::from_utf8_lossy(ns.as_ref());
            // `http://` and `https://` both occur in real files, as do versions 1.0 to 1.2.
            let uri = uri
                .trim_start_matches("https://")
                .trim_start_matches("http://");
            if uri.starts_with("wordpress.org/export/") {
                if uri.trim_end_matches('/').ends_with("/excerpt") {
                    Ns::Excerpt
                } else {
                    Ns::Wp
                }
            } else if uri.starts_with("purl.org/rss/1.0/modules/content") {
                Ns::Content
            } else {
                Ns::Other
            }
        }
        ResolveResult::Unknown(_) => Ns::Other,
    }
}

/// Parses a whole export.
pub fn parse(source: &str) -> Result<Export, ImportError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut reader = NsReader::from_str(source);
    reader.config_mut().check_end_names = true;
    let mut export = Export::default();
    let mut channel_link = String::new();
    // Open elements, outermost first, with their namespace.
    let mut open: Vec<(Ns, String)> = Vec::new();
    let mut text = String::new();
    let mut post: Option<Post> = None;
    let mut term: Option<Term> = None;
    let mut meta: (String, String) = Default::default();
    let mut site_category = (String::new(), String::new());
    let at = |reader: &NsReader<&[u8]>, offset: u64| position(source, offset, reader);
    loop {
        let before = reader.buffer_position();
        let (resolved, event) = match reader.read_resolved_event() {
            Ok(pair) => pair,
            Err(error) => {
                return Err(ImportError::Malformed {
                    at: at(&reader, reader.error_position()),
                    message: xml_message(&error),
                })
            }
        };
        match event {
            Event::Start(start) => {
                let ns = namespace(&resolved);
                let name = local_name(&start);
                text.clear();
                match (ns, name.as_str(), depth_path(&open).as_str()) {
                    (Ns::None, "item", "rss/channel") => {
                        post = Some(Post {
                            line: at(&reader, before).line,
                            ..Post::default()
                        });
                    }
                    (Ns::None, "category", "rss/channel/item") => {
                        term = Some(Term {
                            domain: attribute(&start, "domain").unwrap_or_default(),
                            slug: attribute(&start, "nicename").unwrap_or_default(),
                            label: String::new(),
                        });
                    }
                    (Ns::Wp, "comment", "rss/channel/item") => {
                        if let Some(post) = post.as_mut() {
                            post.comments += 1;
                        }
                    }
                    _ => {}
                }
                open.push((ns, name));
            }
            // `<category domain="…" nicename="…"/>` carries no label: the slug serves.
            Event::Empty(start)
                if namespace(&resolved) == Ns::None
                    && local_name(&start) == "category"
                    && depth_path(&open) == "rss/channel/item" =>
            {
                if let Some(post) = post.as_mut() {
                    let slug = attribute(&start, "nicename").unwrap_or_default();
                    post.terms.push(Term {
                        domain: attribute(&start, "domain").unwrap_or_default(),
                        label: slug.clone(),
                        slug,
                    });
                }
            }
            Event::Text(t) => {
                let decoded = t.decode().map_err(|e| ImportError::Malformed {
                    at: at(&reader, before),
                    message: format!("texte illisible : {e}"),
                })?;
                if decoded.contains("]]>") {
                    return Err(ImportError::Malformed {
                        at: at(&reader, before),
                        message: "« ]]> » hors d'une section CDATA : une section CDATA a sans \
                                  doute été ouverte deux fois (<![CDATA[<![CDATA[…)."
                            .to_owned(),
                    });
                }
                text.push_str(&decoded);
            }
            Event::CData(c) => {
                let decoded = c.decode().map_err(|e| ImportError::Malformed {
                    at: at(&reader, before),
                    message: format!("section CDATA illisible : {e}"),
                })?;
                // A section that opens with another opening is the doubled `<![CDATA[` of a
                // damaged export (the `]]>` left over after it, if any, is caught as text);
                // further in, `<![CDATA[` is text: old posts wrap their scripts in
                // `//<![CDATA[`.
                if decoded.trim_start().starts_with("<![CDATA[") {
                    return Err(ImportError::Malformed {
                        at: at(&reader, before),
                        message: "section CDATA ouverte deux fois (<![CDATA[<![CDATA[…) : le \
                                  fichier a été abîmé à l'export."
                            .to_owned(),
                    });
                }
                text.push_str(&decoded);
            }
            Event::GeneralRef(reference) => {
                let name = reference.decode().unwrap_or_default().into_owned();
                let resolved_char = reference.resolve_char_ref().ok().flatten();
                match resolved_char
                    .map(String::from)
                    .or_else(|| resolve_predefined_entity(&name).map(str::to_owned))
                {
                    Some(value) => text.push_str(&value),
                    None => {
                        return Err(ImportError::Malformed {
                            at: at(&reader, before),
                            message: format!(
                                "entité « &{name}; » inconnue en XML (les entités HTML comme \
                                 &nbsp; ne sont permises que dans une section CDATA)."
                            ),
                        })
                    }
                }
            }
            Event::End(_) => {
                let Some((ns, name)) = open.pop() else {
                    continue;
                };
                let parent = depth_path(&open);
                let value = std::mem::take(&mut text);
                end_element(
                    ns,
                    &name,
                    &parent,
                    value,
                    &mut export,
                    &mut channel_link,
                    &mut post,
                    &mut term,
                    &mut meta,
                    &mut site_category,
                );
            }
            Event::Eof => {
                if let Some((_, name)) = open.last() {
                    return Err(ImportError::Malformed {
                        at: at(&reader, source.len() as u64),
                        message: format!(
                            "fin de fichier inattendue : l'élément <{name}> n'est pas fermé \
                             (fichier tronqué ?)."
                        ),
                    });
                }
                break;
            }
            _ => {}
        }
    }
    if export.version.is_empty() && export.posts.is_empty() {
        return Err(ImportError::NotAnExport);
    }
    if export.site_url.is_empty() {
        export.site_url = channel_link;
    }
    export.site_url = export.site_url.trim().trim_end_matches('/').to_owned();
    Ok(export)
}

/// Files what an element held into the record it belongs to.
#[allow(clippy::too_many_arguments)]
fn end_element(
    ns: Ns,
    name: &str,
    parent: &str,
    value: String,
    export: &mut Export,
    channel_link: &mut String,
    post: &mut Option<Post>,
    term: &mut Option<Term>,
    meta: &mut (String, String),
    site_category: &mut (String, String),
) {
    match (parent, ns, name) {
        ("rss/channel", Ns::None, "link") => *channel_link = value.trim().to_owned(),
        ("rss/channel", Ns::Wp, "base_site_url") => export.site_url = value.trim().to_owned(),
        ("rss/channel", Ns::Wp, "wxr_version") => export.version = value.trim().to_owned(),
        ("rss/channel", Ns::Wp, "category") => {
            let (slug, label) = std::mem::take(site_category);
            export.categories.push(Term {
                domain: "category".to_owned(),
                slug,
                label,
            });
        }
        ("rss/channel/category", Ns::Wp, "category_nicename") => {
            site_category.0 = value.trim().to_owned()
        }
        ("rss/channel/category", Ns::Wp, "cat_name") => site_category.1 = value.trim().to_owned(),
        ("rss/channel", Ns::None, "item") => {
            if let Some(done) = post.take() {
                export.posts.push(done);
            }
        }
        ("rss/channel/item", _, _) => {
            let Some(post) = post.as_mut() else { return };
            match (ns, name) {
                (Ns::None, "title") => post.title = value.trim().to_owned(),
                (Ns::None, "link") => post.link = value.trim().to_owned(),
                (Ns::Content, "encoded") => post.content = value,
                (Ns::Excerpt, "encoded") => post.excerpt = value,
                (Ns::Wp, "post_id") => post.id = value.trim().parse().unwrap_or(0),
                (Ns::Wp, "post_date") => post.date = value.trim().to_owned(),
                (Ns::Wp, "post_name") => post.name = value.trim().to_owned(),
                (Ns::Wp, "status") => post.status = value.trim().to_owned(),
                (Ns::Wp, "post_parent") => post.parent = value.trim().parse().unwrap_or(0),
                (Ns::Wp, "post_type") => post.post_type = value.trim().to_owned(),
                (Ns::Wp, "attachment_url") => {
                    post.attachment_url = Some(value.trim().to_owned()).filter(|u| !u.is_empty())
                }
                (Ns::Wp, "postmeta") => post.meta.push(std::mem::take(meta)),
                (Ns::None, "category") => {
                    if let Some(mut done) = term.take() {
                        done.label = value.trim().to_owned();
                        if done.slug.is_empty() {
                            done.slug = done.label.clone();
                        }
                        post.terms.push(done);
                    }
                }
                _ => {}
            }
        }
        ("rss/channel/item/postmeta", Ns::Wp, "meta_key") => meta.0 = value.trim().to_owned(),
        ("rss/channel/item/postmeta", Ns::Wp, "meta_value") => meta.1 = value,
        _ => {}
    }
}

/// The path of the open elements by local name (`rss/channel/item`).
fn depth_path(open: &[(Ns, String)]) -> String {
    open.iter()
        .map(|(_, name)| name.as_str())
        .collect::<Vec<_>>()
        .join("/")
}

fn local_name(start: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(start.local_name().as_ref()).into_owned()
}

fn attribute(start: &BytesStart<'_>, wanted: &str) -> Option<String> {
    start.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == wanted.as_bytes())
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.trim().to_owned())
            })
            .flatten()
    })
}

fn xml_message(error: &quick_xml::Error) -> String {
    use quick_xml::Error as E;
    match error {
        E::Syntax(syntax) => format!("XML invalide : {syntax}"),
        E::IllFormed(ill) => format!("XML mal formé : {ill}"),
        E::Encoding(e) => format!("encodage illisible (UTF-8 attendu) : {e}"),
        other => format!("XML illisible : {other}"),
    }
}

/// Line and column (in characters, from 1) of a byte offset of the file.
fn position(source: &str, offset: u64, _reader: &NsReader<&[u8]>) -> Position {
    let offset = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(source.len());
    let mut cut = offset;
    while !source.is_char_boundary(cut) {
        cut -= 1;
    }
    let before = &source[..cut];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before, |newline| &before[newline + 1..])
        .chars()
        .count()
        + 1;
    Position { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export(items: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="https://wordpress.org/export/1.2/">
<channel>
  <title>Centre</title>
  <link>https://centre.example</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://centre.example/</wp:base_site_url>
  <wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[egalite]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Égalité]]></wp:cat_name></wp:category>
{items}
</channel>
</rss>
"#
        )
    }

    #[test]
    fn an_item_gives_its_fields_terms_and_meta_whatever_the_namespace_scheme() {
        let file = export(
            r#"<item>
    <title><![CDATA[Guide &amp; outils]]></title>
    <link>https://centre.example/guide/</link>
    <dc:creator><![CDATA[admin]]></dc:creator>
    <content:encoded><![CDATA[<p>Texte &nbsp;libre</p>]]></content:encoded>
    <excerpt:encoded><![CDATA[Résumé]]></excerpt:encoded>
    <wp:post_id>42</wp:post_id>
    <wp:post_date><![CDATA[2019-03-14 10:22:33]]></wp:post_date>
    <wp:post_name><![CDATA[guide-outils]]></wp:post_name>
    <wp:status><![CDATA[publish]]></wp:status>
    <wp:post_type><![CDATA[post]]></wp:post_type>
    <category domain="category" nicename="egalite"><![CDATA[Égalité]]></category>
    <category domain="post_tag" nicename="emploi"><![CDATA[Emploi]]></category>
    <wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[7]]></wp:meta_value></wp:postmeta>
    <wp:comment><wp:comment_id>1</wp:comment_id></wp:comment>
  </item>"#,
        );
        let parsed = parse(&file).expect("valid export");
        assert_eq!(parsed.site_url, "https://centre.example");
        assert_eq!(parsed.version, "1.2");
        assert_eq!(parsed.categories[0].label, "Égalité");
        let post = &parsed.posts[0];
        assert_eq!(post.id, 42);
        assert_eq!(
            post.title, "Guide &amp; outils",
            "CDATA keeps entities as written"
        );
        assert_eq!(post.content, "<p>Texte &nbsp;libre</p>");
        assert_eq!(post.excerpt, "Résumé");
        assert_eq!(post.status, "publish");
        assert_eq!(post.terms.len(), 2);
        assert_eq!(post.terms[1].domain, "post_tag");
        assert_eq!(post.meta("_thumbnail_id"), Some("7"));
        assert_eq!(post.comments, 1);
        assert_eq!(post.line, 11);

        let http = file.replace(
            "https://wordpress.org/export/1.2/",
            "http://wordpress.org/export/1.1/",
        );
        assert_eq!(parse(&http).expect("1.1 over http").posts, parsed.posts);
    }

    fn malformed(file: &str) -> (Position, String) {
        match parse(file) {
            Err(ImportError::Malformed { at, message }) => (at, message),
            other => panic!("expected a malformed file, got {other:?}"),
        }
    }

    #[test]
    fn a_literal_cdata_opening_inside_content_and_a_split_section_are_text() {
        let file = export(
            "<item><title>Script</title><content:encoded><![CDATA[<script>//<![CDATA[\nvar a = 1;\n//]]]]><![CDATA[></script>]]></content:encoded><wp:post_id>3</wp:post_id></item>",
        );
        let parsed = parse(&file).expect("a valid export");
        assert_eq!(
            parsed.posts[0].content,
            "<script>//<![CDATA[\nvar a = 1;\n//]]></script>"
        );
    }

    #[test]
    fn a_doubled_cdata_is_refused_with_its_line() {
        let file = export(
            "<item>\n<title><![CDATA[<![CDATA[Titre]]>]]></title>\n<wp:post_id>1</wp:post_id></item>",
        );
        let (at, message) = malformed(&file);
        assert_eq!(at.line, 12);
        assert!(message.contains("deux fois"), "{message}");
    }

    #[test]
    fn an_html_entity_outside_cdata_is_refused_with_its_line_and_column() {
        let file = export("<item>\n  <title>Un&nbsp;titre</title></item>");
        let (at, message) = malformed(&file);
        assert_eq!((at.line, at.column), (12, 12));
        assert!(message.contains("&nbsp;"), "{message}");
    }

    #[test]
    fn a_truncated_file_is_refused() {
        let file = export("<item><title>Coupé</title>");
        let cut = &file[..file.find("</channel>").expect("channel end")];
        let (_, message) = malformed(cut);
        assert!(message.contains("tronqué"), "{message}");
    }

    #[test]
    fn a_file_that_is_not_an_export_says_so() {
        assert!(matches!(
            parse("<html><body>Bonjour</body></html>"),
            Err(ImportError::NotAnExport)
        ));
    }
}
