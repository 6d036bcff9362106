//! The OpenAPI 3.1 description of `/api/v1`, generated from the handlers' `#[utoipa::path]`
//! attributes and the types they take and give; `tests/snapshots/openapi.json` pins it.

use utoipa::OpenApi;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};

use crate::{api_openspace, api_v1};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Festplan API",
        version = "1.0.0",
        description = "Events, RSVPs and open spaces of this Festplan instance, so other tools can keep it the one source of truth."
    ),
    paths(
        api_v1::list_events,
        api_v1::create_event,
        api_v1::get_event,
        api_v1::update_event,
        api_v1::list_rsvps,
        api_v1::create_rsvp,
        api_openspace::put_open_space,
        api_openspace::import,
        api_openspace::place,
        api_openspace::get_placement
    ),
    modifiers(&BearerToken)
)]
struct ApiDoc;

/// The `token` security scheme the paths name: an API token from the account page.
struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.description = Some("Create a token on your account page.".into());
        openapi.components.get_or_insert_with(Default::default).add_security_scheme("token", SecurityScheme::Http(scheme));
    }
}

/// The document as served, for the instance at `base_url`.
pub fn document(base_url: &str) -> serde_json::Value {
    let mut doc = ApiDoc::openapi();
    doc.servers = Some(vec![utoipa::openapi::Server::new(base_url.trim_end_matches('/'))]);
    serde_json::to_value(doc).expect("the document serializes")
}
