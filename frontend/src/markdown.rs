//! The little Markdown the content uses (paragraphs, `##` headings, `-` lists, `>` quotes),
//! rendered as views: text is never injected as HTML.

use leptos::prelude::*;

enum Block {
    Heading(String),
    Paragraph(String),
    List(Vec<String>),
    Quote(Vec<String>),
}

fn blocks(markdown: &str) -> Vec<Block> {
    markdown
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(|block| {
            let lines: Vec<&str> = block.lines().map(str::trim).collect();
            if let Some(title) = block.strip_prefix("## ") {
                Block::Heading(title.trim().to_owned())
            } else if lines.iter().all(|l| l.starts_with("- ")) {
                Block::List(lines.iter().map(|l| l[2..].to_owned()).collect())
            } else if lines.iter().all(|l| l.starts_with('>')) {
                Block::Quote(
                    lines
                        .iter()
                        .map(|l| l.trim_start_matches('>').trim().to_owned())
                        .filter(|l| !l.is_empty())
                        .collect(),
                )
            } else {
                Block::Paragraph(lines.join(" "))
            }
        })
        .collect()
}

pub fn render(markdown: &str) -> impl IntoView {
    blocks(markdown)
        .into_iter()
        .map(|block| match block {
            Block::Heading(text) => view! { <h2>{text}</h2> }.into_any(),
            Block::Paragraph(text) => view! { <p>{text}</p> }.into_any(),
            Block::List(items) => view! {
                <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
            }
            .into_any(),
            Block::Quote(lines) => view! {
                <blockquote>{lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}</blockquote>
            }
            .into_any(),
        })
        .collect_view()
}
