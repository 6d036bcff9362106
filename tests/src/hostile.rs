//! Hostile text: a corpus of strings that try to become markup, and a check that pages
//! showing them contain nothing the app did not write.
//!
//! Every page that shows user-written text is checked with [`assert_pages_inert`]: the same
//! setup is made once with a plain string and once with each hostile one, the served pages are
//! parsed with a real HTML parser (html5ever, through scraper), and each hostile page must have
//! exactly the plain page's elements and attribute names, in the same order, and no link that
//! leaves the site or runs script.

use std::future::Future;

use scraper::{ElementRef, Html};

use crate::TestApp;

/// The text the hostile pages are compared against.
pub const PLAIN: &str = "Plain words";

/// Markup, attribute breakers, raw-text closers, script links, line breaks, direction
/// overrides, a 64 KiB string and NUL.
pub fn corpus() -> Vec<String> {
    let mut strings: Vec<String> = [
        "<b>bold</b><img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        "D</title><form method=post action=/api/account/email><input name=email value=eve@evil.example><button>RSVP",
        "</textarea><form action=//evil.example><button>Go</button></form>",
        "<meta http-equiv=refresh content=\"0;url=https://evil.example/\">",
        "\" onmouseover=\"alert(1)\" x=\"",
        "' autofocus onfocus='alert(1)' x='",
        "\"><svg onload=alert(1)>",
        "[click](javascript:alert(1)) <a href=\"javascript:alert(1)\">x</a>",
        "[far away](//evil.example/phish) [also](/\\evil.example) <a href=//evil.example>y</a>",
        "![x](javascript:alert(1)) [after](https://example.org/)",
        "<!-- comment --><![CDATA[x]]><style>body{display:none}</style>",
        "line one\r\nline two\rline three\nSubject: injected",
        "\u{202E}gnp.exe\u{202C} \u{2066}isolated\u{2069}",
        "nul\0byte",
        "&lt;b&gt;already escaped&lt;/b&gt; &amp; &#x3C;script&#x3E;",
        "</noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    ]
    .map(String::from)
    .to_vec();
    if crate::postgres_server().is_some() {
        // PostgreSQL's text cannot hold NUL at all (and the app refuses control characters).
        strings.retain(|s| !s.contains('\0'));
    }
    strings.push(format!("<i>{}</i>", "x".repeat(64 * 1024)));
    strings
}

/// Sets up with `seed(app, text)` for the plain string and for every hostile one, each in an
/// app of its own, fetches the pages `seed` names (a path and the client to fetch it with),
/// and asserts that each hostile page has the plain page's shape and no unsafe link.
/// `seed` may store `text` however it likes, also past the app's own validation.
pub async fn assert_pages_inert<Seed, Fut>(seed: Seed)
where
    Seed: Fn(TestApp, String) -> Fut,
    Fut: Future<Output = (TestApp, Vec<(String, reqwest::Client)>)>,
{
    let plain = pages_for(&seed, PLAIN.to_string()).await;
    assert!(!plain.is_empty(), "the seed names no page");
    for text in corpus() {
        let hostile = pages_for(&seed, text.clone()).await;
        let label: String = text.chars().take(60).collect();
        for ((path, plain_html), (_, hostile_html)) in plain.iter().zip(&hostile) {
            assert_no_unsafe_links(hostile_html, &format!("{path} with {label:?}"));
            let (want, got) = (shape(plain_html), shape(hostile_html));
            if want != got {
                let at = want.iter().zip(&got).position(|(a, b)| a != b).unwrap_or(want.len().min(got.len()));
                panic!(
                    "{path} with {label:?}: the page's elements differ from the plain page's at element {at}:\n  plain:   {:?}\n  hostile: {:?}",
                    &want[at.saturating_sub(2)..(at + 3).min(want.len())],
                    &got[at.saturating_sub(2)..(at + 3).min(got.len())],
                );
            }
        }
    }
}

async fn pages_for<Seed, Fut>(seed: &Seed, text: String) -> Vec<(String, String)>
where
    Seed: Fn(TestApp, String) -> Fut,
    Fut: Future<Output = (TestApp, Vec<(String, reqwest::Client)>)>,
{
    let (app, pages) = seed(TestApp::spawn().await, text.clone()).await;
    let mut out = Vec::new();
    let label: String = text.chars().take(60).collect();
    for (path, client) in pages {
        let fetch = async {
            let response = client.get(app.at(&path)).send().await.expect("page request");
            assert_eq!(response.status(), 200, "{path} with {label:?}");
            response.text().await.expect("page body")
        };
        let html = tokio::time::timeout(std::time::Duration::from_secs(30), fetch)
            .await
            .unwrap_or_else(|_| panic!("{path} with {label:?}: no page within 30 s"));
        out.push((path, html));
    }
    app.stop().await;
    out
}

/// Every element outside rendered Markdown as `tag[attribute names]`, in document order.
/// Inside `.description` (Markdown) the user decides the structure; [`assert_no_unsafe_links`]
/// and the sanitizer's allow-list keep that part safe.
pub fn shape(html: &str) -> Vec<String> {
    let document = Html::parse_document(html);
    let mut out = Vec::new();
    for node in document.root_element().descendants() {
        let Some(element) = ElementRef::wrap(node) else { continue };
        let in_markdown = element.ancestors().filter_map(ElementRef::wrap).any(|a| a.value().classes().any(|c| c == "description"));
        if in_markdown {
            assert_markdown_element(element);
            continue;
        }
        let mut names: Vec<&str> = element.value().attrs().map(|(name, _)| name).collect();
        names.sort_unstable();
        out.push(format!("{}[{}]", element.value().name(), names.join(" ")));
    }
    out
}

/// What the Markdown sanitizer may leave: text structure and links with `href` and `rel` only.
fn assert_markdown_element(element: ElementRef<'_>) {
    const TAGS: &[&str] = &[
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
    let name = element.value().name();
    assert!(TAGS.contains(&name), "rendered Markdown holds a <{name}>: {}", element.html());
    for (attr, value) in element.value().attrs() {
        let allowed = matches!((name, attr), ("a", "href") | ("a", "rel") | ("ol", "start"));
        assert!(allowed, "rendered Markdown holds <{name} {attr}={value:?}>");
    }
    if name == "a" {
        let rel = element.value().attr("rel").unwrap_or_default();
        assert!(rel.contains("nofollow") && rel.contains("noopener"), "a Markdown link without rel=nofollow noopener: {}", element.html());
    }
}

/// No attribute that browsers follow points off the site without a scheme (`//host`), or runs script.
pub fn assert_no_unsafe_links(html: &str, context: &str) {
    let document = Html::parse_document(html);
    for node in document.root_element().descendants() {
        let Some(element) = ElementRef::wrap(node) else { continue };
        for (attr, value) in element.value().attrs() {
            let value = value.trim().to_ascii_lowercase();
            assert!(!attr.starts_with("on"), "{context}: an event handler attribute {attr} on <{}>", element.value().name());
            if matches!(attr, "href" | "src" | "action" | "formaction" | "poster" | "data") {
                let shown: String = value.chars().take(80).collect();
                // The app's own pictures (the check-in QR code) are data: images; nothing else is.
                let data = value.starts_with("data:") && !(attr == "src" && value.starts_with("data:image/"));
                assert!(!value.starts_with("javascript:") && !value.starts_with("vbscript:") && !data, "{context}: {attr}={shown:?}");
                assert!(!value.starts_with("//") && !value.starts_with("/\\") && !value.starts_with('\\'), "{context}: {attr}={shown:?}");
            }
            if element.value().name() == "meta" && attr == "http-equiv" {
                panic!("{context}: a <meta http-equiv> the app did not write");
            }
        }
    }
}

/// The text of the page's `<title>`.
pub fn title_of(html: &str) -> String {
    let document = Html::parse_document(html);
    let selector = scraper::Selector::parse("title").expect("selector");
    document.select(&selector).next().map(|t| t.text().collect()).unwrap_or_default()
}
