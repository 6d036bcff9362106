//! The bytes a first visit to the event page costs, as the server sends them.

use anyhow::{Result, bail};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Resource {
    pub path: String,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

#[derive(Debug, Serialize)]
pub struct Weight {
    pub resources: Vec<Resource>,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

/// Fetches the page and everything it loads from `/pkg/` (styles, JS glue, wasm)
/// with no compression, gzip and brotli, and counts the bytes on the wire.
pub async fn first_load(page_url: &str) -> Result<Weight> {
    let client = reqwest::Client::new();
    let origin = page_url.split("/events/").next().unwrap_or(page_url);
    let html = client.get(page_url).send().await?.text().await?;
    let mut urls = vec![page_url.to_string()];
    for path in assets(&html) {
        urls.push(format!("{origin}{path}"));
    }
    let mut resources = Vec::new();
    for url in urls {
        let mut sizes = [0usize; 3];
        for (size, encoding) in sizes.iter_mut().zip(["identity", "gzip", "br"]) {
            let response = client.get(&url).header("accept-encoding", encoding).send().await?;
            if !response.status().is_success() {
                bail!("{url} answered {}", response.status());
            }
            *size = response.bytes().await?.len();
        }
        let path = url.strip_prefix(origin).unwrap_or(&url).to_string();
        resources.push(Resource { path, raw: sizes[0], gzip: sizes[1], brotli: sizes[2] });
    }
    Ok(Weight {
        raw: resources.iter().map(|r| r.raw).sum(),
        gzip: resources.iter().map(|r| r.gzip).sum(),
        brotli: resources.iter().map(|r| r.brotli).sum(),
        resources,
    })
}

/// The `/pkg/…` paths named in `href` and `src` attributes and in the hydration script
/// (which imports the JS glue and fetches the wasm), each once.
fn assets(html: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for (start, _) in html.match_indices("/pkg/") {
        let end = html[start..].find(['"', '\'', ' ', '>', ')']).map_or(html.len(), |e| start + e);
        let path = html[start..end].to_string();
        if !found.contains(&path) {
            found.push(path);
        }
    }
    found
}
