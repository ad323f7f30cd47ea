//! A post's HTML — classic editor (paragraphs as blank lines, shortcodes) or block editor
//! (`<!-- wp:… -->` comments) — as Markdown. The Markdown then goes through the same
//! sanitising renderer as what editors write.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use htmd::{Element, HtmlToMarkdown};
use regex::{Captures, Regex};

/// A post's content as Markdown, and what the conversion met.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Converted {
    pub markdown: String,
    /// Shortcodes this importer does not know, kept as text, by name.
    pub unknown_shortcodes: BTreeMap<String, usize>,
}

/// What the content needs to know of the export: the address of each attachment, and the
/// attachments of the post itself (a `[gallery]` without `ids` shows them).
pub struct Attachments<'a> {
    pub urls: &'a HashMap<u64, String>,
    pub of_post: &'a [u64],
}

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}")))
}

/// Converts a post's HTML to Markdown.
pub fn to_markdown(html: &str, attachments: &Attachments<'_>) -> Converted {
    static BLOCK_COMMENT: OnceLock<Regex> = OnceLock::new();
    let html = regex(&BLOCK_COMMENT, r"<!--\s*/?wp:[^>]*?-->").replace_all(html, "");
    let mut unknown = BTreeMap::new();
    let html = shortcodes(&html, attachments, &mut unknown);
    let html = paragraphs(&html);
    let markdown = converter()
        .convert(&html)
        .unwrap_or_else(|_| plain_text(&html));
    Converted {
        markdown: tidy(&markdown),
        unknown_shortcodes: unknown,
    }
}

fn converter() -> HtmlToMarkdown {
    HtmlToMarkdown::builder()
        .skip_tags(vec!["script", "style", "noscript", "form", "button"])
        // An embedded player becomes a link to what it plays.
        .add_handler(
            vec!["iframe", "embed"],
            |_: &dyn htmd::element_handler::Handlers, element: Element| {
                let src = element
                    .attrs
                    .iter()
                    .find(|a| &*a.name.local == "src")
                    .map(|a| a.value.to_string())?;
                Some(format!("\n\n[Contenu intégré : {src}]({src})\n\n").into())
            },
        )
        .build()
}

/// Replaces the shortcodes this importer knows by HTML, keeps the others as text.
fn shortcodes(
    html: &str,
    attachments: &Attachments<'_>,
    unknown: &mut BTreeMap<String, usize>,
) -> String {
    static ENCLOSED: OnceLock<Vec<(&'static str, Regex)>> = OnceLock::new();
    // Shortcodes that wrap content: `[caption …]<img …> Légende[/caption]`, `[embed]URL[/embed]`;
    // each closed by its own name (an unclosed `[video …]` must not reach the next `[/embed]`).
    let enclosed = ENCLOSED.get_or_init(|| {
        ["caption", "wp_caption", "embed", "audio", "video"]
            .into_iter()
            .filter_map(|name| {
                let pattern =
                    format!(r#"(?s)\[{name}((?:[^\]"']|"[^"]*"|'[^']*')*)\](.*?)\[/{name}\]"#);
                Regex::new(&pattern).ok().map(|r| (name, r))
            })
            .collect()
    });
    let mut html = html.to_owned();
    for (name, pattern) in enclosed {
        html = pattern
            .replace_all(&html, |c: &Captures<'_>| {
                let attrs = shortcode_attributes(&c[1]);
                let inner = c[2].trim();
                match *name {
                    "embed" => link_paragraph(inner, inner),
                    "audio" | "video" => {
                        media(name, &attrs).unwrap_or_else(|| link_paragraph(inner, inner))
                    }
                    _ => caption(inner, attrs.get("caption").map(String::as_str)),
                }
            })
            .into_owned();
    }
    static SINGLE: OnceLock<Regex> = OnceLock::new();
    let single = regex(
        &SINGLE,
        r#"\[(/?)([A-Za-z][A-Za-z0-9_-]*)((?:[^\]"'\[]|"[^"]*"|'[^']*')*)\]"#,
    );
    single
        .replace_all(&html, |c: &Captures<'_>| {
            let attrs = shortcode_attributes(&c[3]);
            match (&c[1], &c[2]) {
                ("", "gallery") => gallery(&attrs, attachments),
                ("", "audio" | "video") => media(&c[2], &attrs).unwrap_or_default(),
                (_, name) => {
                    if c[1].is_empty() {
                        *unknown.entry(name.to_owned()).or_default() += 1;
                    }
                    c[0].to_owned()
                }
            }
        })
        .into_owned()
}

/// `key="value"`, `key='value'` and `key=value` pairs of a shortcode.
fn shortcode_attributes(text: &str) -> HashMap<String, String> {
    static PAIR: OnceLock<Regex> = OnceLock::new();
    regex(
        &PAIR,
        r#"([A-Za-z0-9_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))"#,
    )
    .captures_iter(text)
    .map(|c| {
        let value = c
            .get(2)
            .or(c.get(3))
            .or(c.get(4))
            .map_or("", |m| m.as_str());
        (c[1].to_ascii_lowercase(), value.to_owned())
    })
    .collect()
}

/// A captioned image: the image (and its link) kept, the caption as a line under it.
fn caption(inner: &str, caption_attribute: Option<&str>) -> String {
    static IMAGE: OnceLock<Regex> = OnceLock::new();
    let image = regex(
        &IMAGE,
        r"(?s)^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$",
    );
    let (figure, text) = match image.captures(inner) {
        Some(c) => (c[1].to_owned(), c[2].trim().to_owned()),
        None => (String::new(), inner.trim().to_owned()),
    };
    let text = caption_attribute.map_or(text, str::to_owned);
    format!("<figure>{figure}<figcaption>{text}</figcaption></figure>\n\n")
}

fn media(kind: &str, attrs: &HashMap<String, String>) -> Option<String> {
    let sources = [
        "src", "mp3", "m4a", "ogg", "wav", "mp4", "webm", "ogv", "m4v", "wmv", "flv",
    ];
    let url = sources
        .iter()
        .find_map(|k| attrs.get(*k))
        .filter(|u| !u.is_empty())?;
    let label = if kind == "audio" {
        "Écouter"
    } else {
        "Voir la vidéo"
    };
    Some(link_paragraph(
        &format!("{label} : {}", file_name(url)),
        url,
    ))
}

fn gallery(attrs: &HashMap<String, String>, attachments: &Attachments<'_>) -> String {
    let ids: Vec<u64> = match attrs.get("ids") {
        Some(ids) => ids
            .split(',')
            .filter_map(|id| id.trim().parse().ok())
            .collect(),
        None => attachments.of_post.to_vec(),
    };
    let items: String = ids
        .iter()
        .filter_map(|id| attachments.urls.get(id))
        .map(|url| format!("<li><a href=\"{url}\">{}</a></li>", file_name(url)))
        .collect();
    if items.is_empty() {
        String::new()
    } else {
        format!("<ul>{items}</ul>\n\n")
    }
}

fn link_paragraph(label: &str, url: &str) -> String {
    format!("<p><a href=\"{url}\">{label}</a></p>\n\n")
}

fn file_name(url: &str) -> &str {
    url.rsplit('/').find(|s| !s.is_empty()).unwrap_or(url)
}

/// WordPress's classic editor keeps paragraphs as blank lines and line breaks as newlines,
/// adding `<p>` and `<br>` only when it displays a post: add them the same way.
fn paragraphs(html: &str) -> String {
    static BLOCK: OnceLock<Regex> = OnceLock::new();
    static BLANK: OnceLock<Regex> = OnceLock::new();
    let block = regex(
        &BLOCK,
        r"(?i)^<(?:p|div|h[1-6]|ul|ol|li|table|thead|tbody|tr|td|th|blockquote|figure|pre|hr|dl|dt|dd|section|article|aside|iframe|address|details)\b",
    );
    regex(&BLANK, r"\n[ \t]*\n")
        .split(&html.replace("\r\n", "\n"))
        .map(str::trim)
        .filter(|chunk| !chunk.is_empty())
        .map(|chunk| {
            if block.is_match(chunk) {
                chunk.to_owned()
            } else {
                format!("<p>{}</p>", chunk.replace('\n', "<br>"))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Blank runs of more than one line collapsed; no blank lines at the ends.
fn tidy(markdown: &str) -> String {
    static BLANKS: OnceLock<Regex> = OnceLock::new();
    regex(&BLANKS, r"\n{3,}")
        .replace_all(markdown.trim(), "\n\n")
        .into_owned()
}

/// Text without tags, for when conversion fails and for summaries.
pub fn plain_text(html: &str) -> String {
    static TAG: OnceLock<Regex> = OnceLock::new();
    static SPACE: OnceLock<Regex> = OnceLock::new();
    let text = regex(&TAG, r"(?s)<[^>]*>").replace_all(html, " ");
    let text = decode_entities(&text);
    regex(&SPACE, r"\s+")
        .replace_all(text.trim(), " ")
        .into_owned()
}

/// HTML entities in titles and labels (`&amp;`, `&#8217;`, `&nbsp;`) as characters.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let spaced = text.replace("&nbsp;", "\u{a0}");
    quick_xml::escape::unescape(&spaced)
        .map(|t| t.into_owned())
        .unwrap_or(spaced)
}

/// A summary from the start of the Markdown: its first paragraph of text, cut at a word
/// before `max` characters.
pub fn first_paragraph(markdown: &str, max: usize) -> String {
    static LINK: OnceLock<Regex> = OnceLock::new();
    static MARKS: OnceLock<Regex> = OnceLock::new();
    let paragraph = markdown
        .split("\n\n")
        .map(str::trim)
        .find(|p| {
            !p.is_empty() && !p.starts_with('#') && !p.starts_with("![") && !p.starts_with('[')
        })
        .unwrap_or("");
    let text = regex(&LINK, r"!?\[([^\]]*)\]\([^)]*\)").replace_all(paragraph, "$1");
    let text = regex(&MARKS, r"[*_`>]|\\").replace_all(&text, "");
    cut_at_word(&text.split_whitespace().collect::<Vec<_>>().join(" "), max)
}

/// The text if it has at most `max` characters, else cut at a word before, with « … ».
pub fn cut_at_word(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(html: &str) -> Converted {
        let urls = HashMap::from([
            (
                7,
                "https://centre.example/wp-content/uploads/2019/03/plan.pdf".to_owned(),
            ),
            (
                8,
                "https://centre.example/wp-content/uploads/2019/03/photo.jpg".to_owned(),
            ),
        ]);
        to_markdown(
            html,
            &Attachments {
                urls: &urls,
                of_post: &[8],
            },
        )
    }

    #[test]
    fn classic_content_gets_its_paragraphs_and_line_breaks() {
        let md =
            convert("Premier paragraphe\navec un saut.\n\nSecond <strong>fort</strong>.").markdown;
        assert_eq!(
            md,
            "Premier paragraphe  \navec un saut.\n\nSecond **fort**."
        );
    }

    #[test]
    fn block_editor_comments_disappear_and_blocks_convert() {
        let md = convert(
            "<!-- wp:heading -->\n<h2>Contexte</h2>\n<!-- /wp:heading -->\n\n<!-- wp:list -->\n<ul><li>un</li><li>deux</li></ul>\n<!-- /wp:list -->",
        )
        .markdown;
        assert!(md.starts_with("## Contexte"), "{md}");
        assert!(
            md.contains("*   un") || md.contains("- un") || md.contains("* un"),
            "{md}"
        );
        assert!(!md.contains("wp:"), "{md}");
    }

    #[test]
    fn a_caption_keeps_its_image_and_its_text() {
        let md = convert(r#"[caption id="attachment_8" align="alignnone" width="300"]<img src="https://centre.example/wp-content/uploads/2019/03/photo.jpg" alt="Les habitants" /> Rencontre à Nîmes[/caption]"#).markdown;
        assert!(
            md.contains(
                "![Les habitants](https://centre.example/wp-content/uploads/2019/03/photo.jpg)"
            ),
            "{md}"
        );
        assert!(md.contains("Rencontre à Nîmes"), "{md}");
        assert!(!md.contains("[caption"), "{md}");
    }

    #[test]
    fn gallery_audio_video_and_embed_become_links() {
        let md = convert(
            "[gallery ids=\"7\"]\n\n[gallery]\n\n[audio mp3=\"https://centre.example/son.mp3\"][/audio]\n\n[video mp4=\"https://centre.example/film.mp4\"]\n\n[embed]https://www.youtube.com/watch?v=abc[/embed]",
        )
        .markdown;
        for expected in [
            "[plan.pdf](https://centre.example/wp-content/uploads/2019/03/plan.pdf)",
            "[photo.jpg](https://centre.example/wp-content/uploads/2019/03/photo.jpg)",
            "(https://centre.example/son.mp3)",
            "(https://centre.example/film.mp4)",
            "https://www.youtube.com/watch?v=abc",
        ] {
            assert!(md.contains(expected), "{expected} missing from:\n{md}");
        }
    }

    #[test]
    fn unknown_shortcodes_stay_as_text_and_are_counted() {
        let converted =
            convert("Écrivez-nous : [contact-form-7 id=\"12\"] ou [contact-form-7 id=\"13\"].");
        assert_eq!(converted.unknown_shortcodes.get("contact-form-7"), Some(&2));
        assert!(
            converted.markdown.contains("contact-form-7"),
            "{}",
            converted.markdown
        );
    }

    #[test]
    fn a_summary_is_the_first_paragraph_of_text_cut_at_a_word() {
        let md = "![photo](x.jpg)\n\nLe **conseil citoyen** de [Nîmes](https://n.fr) se réunit chaque mois.\n\nSuite.";
        assert_eq!(
            first_paragraph(md, 200),
            "Le conseil citoyen de Nîmes se réunit chaque mois."
        );
        assert_eq!(first_paragraph(md, 25), "Le conseil citoyen de…");
    }

    #[test]
    fn entities_of_titles_become_characters() {
        assert_eq!(
            decode_entities("L&#8217;égalité &amp; la ville"),
            "L’égalité & la ville"
        );
        assert_eq!(decode_entities("Déjà&nbsp;lu"), "Déjà\u{a0}lu");
    }
}
