//! Rich text: editors write Markdown; readers get HTML with nothing active left in it.
//!
//! Markdown may carry raw HTML, so the rendered HTML goes through ammonia's allow-list:
//! scripts, event handlers, `javascript:` links, styles and frames are removed, and links
//! leave with `rel="noopener noreferrer"`. The client inserts this HTML as is.

use pulldown_cmark::{html, Options, Parser};

/// Renders Markdown to sanitized HTML.
pub fn to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    SANITIZER.clean(&unsafe_html).to_string()
}

/// Built once: the allow-lists are a few dozen sets of names, longer to build than a
/// page to clean.
static SANITIZER: std::sync::LazyLock<ammonia::Builder<'static>> = std::sync::LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder.url_schemes(["http", "https", "mailto", "tel"].into());
    builder
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_markdown_the_content_uses() {
        let html = to_safe_html(
            "## Les ateliers\n\nUn *atelier* par quartier :\n\n- Nîmes\n- Alès\n\n> Une citation",
        );
        assert!(html.contains("<h2>Les ateliers</h2>"), "{html}");
        assert!(html.contains("<em>atelier</em>"), "{html}");
        assert!(html.contains("<li>Nîmes</li>"), "{html}");
        assert!(html.contains("<blockquote>"), "{html}");
    }

    #[test]
    fn stored_payloads_come_back_inert() {
        let payloads = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[clic](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">clic</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<svg onload=alert(1)>",
            "<p style=\"background:url(javascript:alert(1))\">x</p>",
            "<div onmouseover=\"alert(1)\">survol</div>",
        ];
        for payload in payloads {
            let html = to_safe_html(payload).to_lowercase();
            for needle in [
                "<script",
                "onerror",
                "javascript:",
                "<iframe",
                "onload",
                "style=",
                "onmouseover",
                "<svg",
            ] {
                assert!(!html.contains(needle), "{payload} → {html}");
            }
        }
    }

    #[test]
    fn links_stay_and_open_safely() {
        let html = to_safe_html("[Le guide](https://www.villesetterritoires.fr/guide.pdf)");
        assert!(
            html.contains("href=\"https://www.villesetterritoires.fr/guide.pdf\""),
            "{html}"
        );
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
    }
}
