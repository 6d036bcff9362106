//! The one place where user-written text becomes HTML.
//!
//! Plain text always goes through the framework's escaping. Two Leptos paths do not escape
//! and are wrapped here, each pinned by a test in `tests/tests/suite/hostile_text.rs`:
//! - leptos_meta 0.8.7 writes the `<title>` text raw into the head (after the formatter runs),
//!   so the page-title formatter escapes it;
//! - tachys 0.2.19 treats `<textarea>` like `<script>` (`ESCAPE_CHILDREN = false`), so its
//!   content is escaped by [`TextArea`].
//!
//! Markdown is rendered by pulldown-cmark and then cleaned by ammonia's allow-list.

use leptos::prelude::*;

/// The document title for a page titled `text`, ready for leptos_meta's raw head writer.
pub fn page_title(text: String) -> String {
    let full = if text.is_empty() { "Festplan".to_string() } else { format!("{text} · Festplan") };
    // In the browser the title is set as `document.title`, which is text already.
    if cfg!(feature = "ssr") { html_escape::encode_text(&full).into_owned() } else { full }
}

/// A `<textarea>` whose content is escaped on the server. A leading newline is doubled,
/// because the HTML parser drops the first newline after `<textarea>`.
#[component]
pub fn TextArea(
    id: &'static str,
    name: &'static str,
    #[prop(into, optional)] value: String,
    #[prop(default = 4)] rows: u32,
    #[prop(optional)] required: bool,
    #[prop(optional)] lang: Option<&'static str>,
    #[prop(optional)] maxlength: Option<usize>,
) -> impl IntoView {
    let content = if cfg!(feature = "ssr") {
        let lead = if value.starts_with('\n') { "\n" } else { "" };
        format!("{lead}{}", html_escape::encode_text(&value))
    } else {
        value
    };
    view! {
        <textarea id=id name=name rows=rows.to_string() required=required lang=lang maxlength=maxlength.map(|m| m.to_string())>
            {content}
        </textarea>
    }
}

/// Markdown to HTML: raw HTML in the source shows as text, and the result passes ammonia's
/// allow-list: only http(s) and mailto links or paths on this site (never `//host`), every
/// link `rel="nofollow noopener noreferrer"`, no images, scripts, styles or attributes of
/// our own choosing.
#[cfg(feature = "ssr")]
pub fn markdown(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser};
    let events = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        other => other,
    });
    let mut rendered = String::new();
    pulldown_cmark::html::push_html(&mut rendered, events);
    cleaner().clean(&rendered).to_string()
}

#[cfg(feature = "ssr")]
fn cleaner() -> &'static ammonia::Builder<'static> {
    use std::sync::OnceLock;
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let tags = [
            "p",
            "br",
            "hr",
            "em",
            "strong",
            "del",
            "code",
            "pre",
            "blockquote",
            "ul",
            "ol",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "a",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
        ];
        let mut builder = ammonia::Builder::empty();
        builder
            .tags(tags.into_iter().collect())
            .tag_attributes([("a", ["href"].into_iter().collect()), ("ol", ["start"].into_iter().collect())].into_iter().collect())
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .url_relative(ammonia::UrlRelative::Custom(Box::new(site_path)))
            .link_rel(Some("nofollow noopener noreferrer"));
        builder
    })
}

/// A relative link is kept only when it stays on this site: `/path` or `#anchor`.
#[cfg(feature = "ssr")]
fn site_path(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    (is_site_path(url) || url.starts_with('#')).then_some(std::borrow::Cow::Borrowed(url))
}

/// Whether `url` is a path on this site. `//host` and `/\host` lead to another site in every browser.
#[cfg(feature = "ssr")]
pub fn is_site_path(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//") && !url.contains('\\')
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn markdown_renders_without_raw_html_or_script_links() {
        let html = markdown("**Bring** a salad <script>alert(1)</script> [x](javascript:alert(1)) [map](https://osm.org)");
        assert!(html.contains("<strong>Bring</strong>"));
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("<a href=\"https://osm.org\" rel=\"nofollow noopener noreferrer\">map</a>"), "{html}");
    }

    #[test]
    fn protocol_relative_links_lose_their_target() {
        for link in ["//evil.example/x", "/\\evil.example", "\\\\evil.example", "https:/\\evil.example"] {
            let html = markdown(&format!("[go]({link})"));
            // pulldown-cmark writes a backslash as %5C, which browsers keep as part of a path here.
            for start in ["href=\"//", "href=\"/\\", "href=\"\\", "href=\"https:"] {
                assert!(!html.contains(start), "{link}: {html}");
            }
            assert!(html.contains("go"), "{html}");
        }
        assert!(markdown("[next](/events/bbq)").contains("href=\"/events/bbq\""));
    }

    #[test]
    fn an_unsafe_image_leaves_the_following_link_closed() {
        let html = markdown("![x](javascript:alert(1)) [map](https://osm.org) after");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("</a> after"), "{html}");
        assert_eq!(html.matches("<a ").count(), html.matches("</a>").count(), "{html}");
    }

    #[test]
    fn page_titles_are_escaped_for_the_head() {
        assert_eq!(page_title("D</title><meta http-equiv=refresh>".into()), "D&lt;/title&gt;&lt;meta http-equiv=refresh&gt; · Festplan");
        assert_eq!(page_title(String::new()), "Festplan");
    }
}
