//! The OpenAPI 3.1 description of `/api/v1`.

use serde_json::{Value, json};

fn error_responses(codes: &[&str]) -> serde_json::Map<String, Value> {
    let describe = |code: &str| match code {
        "400" => "The request could not be read (not JSON, wrong content type).",
        "401" => "A bearer token is required, or the one given is unknown.",
        "403" => "The token's account may not do this.",
        "404" => "No such event, or one the caller may not see.",
        "409" => "The event does not take this now (cancelled, over, past its RSVP deadline).",
        "422" => "A field is invalid; `detail.field` names it and `detail.message` says why.",
        "429" => "Too many attempts; try again later.",
        _ => "Error",
    };
    codes
        .iter()
        .map(|code| {
            let body = json!({ "description": describe(code), "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
            (code.to_string(), body)
        })
        .collect()
}

fn responses(ok_code: &str, ok_description: &str, schema: Value, errors: &[&str]) -> Value {
    let mut all = error_responses(errors);
    all.insert(ok_code.into(), json!({ "description": ok_description, "content": { "application/json": { "schema": schema } } }));
    Value::Object(all)
}

fn slug_parameter() -> Value {
    json!({ "name": "slug", "in": "path", "required": true, "schema": { "type": "string", "example": "bbq" }, "example": "bbq" })
}

fn json_body(schema: &str) -> Value {
    json!({ "required": true, "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } })
}

pub fn document(base_url: &str) -> Value {
    let reference = |name: &str| json!({ "$ref": format!("#/components/schemas/{name}") });
    let local_time = json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$", "description": "Local date and time at the venue", "example": "2099-08-17T16:00" });
    let event_fields = json!({
        "title": { "type": "string", "minLength": 1, "maxLength": 120, "pattern": "\\S" },
        "kind": { "type": "string", "enum": ["bbq", "sprint", "party", "meetup", "conference", "open_space", "other"] },
        "description": { "type": "string", "maxLength": 20000, "description": "Markdown" },
        "starts_at": local_time,
        "ends_at": local_time,
        "time_zone": { "type": "string", "description": "IANA time zone", "example": "Europe/Berlin" },
        "venue_name": { "type": "string", "maxLength": 200 },
        "venue_address": { "type": "string", "maxLength": 500 },
        "capacity": { "type": ["integer", "null"], "minimum": 0, "maximum": 100000 },
        "visibility": { "type": "string", "enum": ["public", "unlisted", "private"] },
        "rsvp_deadline": { "oneOf": [local_time, { "type": "null" }] },
        "series": { "type": ["string", "null"], "maxLength": 80, "description": "The series this event is one date of (events giving the same name share it); null or empty for none", "example": "Developer BBQ" },
        "requires_approval": { "type": "boolean", "description": "Organizers approve each yes before it holds a place" },
        "published": { "type": "boolean" }
    });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Festplan API",
            "version": "1.0.0",
            "description": "Events and RSVPs of this Festplan instance, so other tools can keep it the one source of truth."
        },
        "servers": [{ "url": base_url.trim_end_matches('/') }],
        "components": {
            "securitySchemes": { "token": { "type": "http", "scheme": "bearer", "description": "Create a token on your account page." } },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["kind"],
                    "properties": { "kind": { "type": "string" }, "detail": {} }
                },
                "EventSummary": {
                    "type": "object",
                    "required": ["slug", "title", "kind", "starts_at", "when", "venue_name", "url"],
                    "properties": {
                        "slug": { "type": "string" }, "title": { "type": "string" }, "kind": { "type": "string" },
                        "starts_at": { "type": "string", "format": "date-time" }, "when": { "type": "string" },
                        "venue_name": { "type": "string" }, "url": { "type": "string", "format": "uri" }
                    }
                },
                "Event": {
                    "type": "object",
                    "required": ["slug", "title", "kind", "description_html", "starts_at", "ends_at", "time_zone", "when",
                                 "venue_name", "venue_address", "capacity", "places_left", "status", "visibility", "requires_approval", "series", "url"],
                    "properties": {
                        "slug": { "type": "string" }, "title": { "type": "string" }, "kind": { "type": "string" },
                        "description_html": { "type": "string" },
                        "starts_at": { "type": "string", "format": "date-time" }, "ends_at": { "type": "string", "format": "date-time" },
                        "time_zone": { "type": "string" }, "when": { "type": "string" },
                        "venue_name": { "type": "string" }, "venue_address": { "type": "string" },
                        "capacity": { "type": ["integer", "null"] }, "places_left": { "type": ["integer", "null"] },
                        "status": { "type": "string", "enum": ["draft", "published", "cancelled"] },
                        "visibility": { "type": "string", "enum": ["public", "unlisted", "private"] },
                        "requires_approval": { "type": "boolean" },
                        "series": {
                            "type": ["object", "null"],
                            "required": ["slug", "title", "url"],
                            "properties": { "slug": { "type": "string" }, "title": { "type": "string" }, "url": { "type": "string", "format": "uri" } }
                        },
                        "url": { "type": "string", "format": "uri" }
                    }
                },
                "EventCreate": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["title", "kind", "starts_at", "ends_at", "time_zone"],
                    "properties": event_fields.clone()
                },
                "EventPatch": { "type": "object", "additionalProperties": false, "properties": event_fields },
                "RsvpIn": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["name", "email", "answer", "party_size"],
                    "properties": {
                        "name": { "type": "string", "minLength": 1, "maxLength": 80, "pattern": "\\S" },
                        "email": { "type": "string", "format": "email", "example": "ada@example.org" },
                        "answer": { "type": "string", "enum": ["yes", "maybe", "no"] },
                        "party_size": { "type": "integer", "minimum": 1, "maximum": 20 },
                        "dietary": { "type": "string", "maxLength": 500 },
                        "answers": {
                            "type": "object",
                            "description": "Answers to the event's questions, by question id",
                            "additionalProperties": { "type": "array", "items": { "type": "string" } }
                        }
                    }
                },
                "RsvpOut": {
                    "type": "object",
                    "required": ["status", "party_size", "waitlist_position", "message"],
                    "properties": {
                        "status": { "enum": ["going", "waitlisted", "maybe", "not_going", "pending", "declined", null], "description": "pending: awaits the organizers' approval; null unless the token's account organizes the event: the guest's mail says where the answer landed (the reply is the same whether or not the address had answered before)" },
                        "party_size": { "type": "integer" },
                        "waitlist_position": { "type": ["integer", "null"] },
                        "message": { "type": "string" }
                    }
                },
                "Attendee": {
                    "type": "object",
                    "required": ["name", "email", "status", "party_size", "dietary", "waitlist_position", "checked_in", "answers"],
                    "properties": {
                        "name": { "type": "string" }, "email": { "type": "string" },
                        "status": { "type": "string", "enum": ["going", "waitlisted", "maybe", "not_going", "pending", "declined"] },
                        "party_size": { "type": "integer" }, "dietary": { "type": "string" },
                        "waitlist_position": { "type": ["integer", "null"] }, "checked_in": { "type": "boolean" },
                        "answers": { "type": "array", "items": { "type": "array", "items": { "type": "string" }, "minItems": 2, "maxItems": 2 } }
                    }
                },
                "AttendeeList": {
                    "type": "object",
                    "required": ["event_id", "title", "slug", "capacity", "counts", "attendees", "summary", "audit"],
                    "properties": {
                        "event_id": { "type": "integer" }, "title": { "type": "string" }, "slug": { "type": "string" },
                        "capacity": { "type": ["integer", "null"] },
                        "counts": { "type": "object", "additionalProperties": { "type": "integer" } },
                        "attendees": { "type": "array", "items": reference("Attendee") },
                        "summary": { "type": "array", "items": { "type": "object" } },
                        "audit": { "type": "array", "items": { "type": "object" } }
                    }
                }
            }
        },
        "paths": {
            "/api/v1/events": {
                "get": {
                    "operationId": "listEvents",
                    "summary": "Upcoming public events, soonest first",
                    "responses": responses("200", "The events", json!({ "type": "array", "items": reference("EventSummary") }), &[])
                },
                "post": {
                    "operationId": "createEvent",
                    "summary": "Create an event (a draft unless `published` is true); the token's account becomes its owner",
                    "security": [{ "token": [] }],
                    "requestBody": json_body("EventCreate"),
                    "responses": responses("201", "The new event", reference("Event"), &["400", "401", "404", "409", "422"])
                }
            },
            "/api/v1/events/{slug}": {
                "parameters": [slug_parameter()],
                "get": {
                    "operationId": "getEvent",
                    "summary": "One event; drafts and private events need an organizer's token",
                    "security": [{}, { "token": [] }],
                    "responses": responses("200", "The event", reference("Event"), &["401", "404"])
                },
                "patch": {
                    "operationId": "updateEvent",
                    "summary": "Change some fields of an event (organizers)",
                    "security": [{ "token": [] }],
                    "requestBody": json_body("EventPatch"),
                    "responses": responses("200", "The changed event", reference("Event"), &["400", "401", "404", "409", "422"])
                }
            },
            "/api/v1/events/{slug}/rsvps": {
                "parameters": [slug_parameter()],
                "get": {
                    "operationId": "listRsvps",
                    "summary": "Attendees with counts (organizers)",
                    "security": [{ "token": [] }],
                    "responses": responses("200", "The attendee list", reference("AttendeeList"), &["401", "404"])
                },
                "post": {
                    "operationId": "createRsvp",
                    "summary": "Answer for someone; a full event puts a \"yes\" on the waitlist",
                    "security": [{}, { "token": [] }],
                    "requestBody": json_body("RsvpIn"),
                    "responses": responses("200", "Taken; where it landed is told to organizers and by mail", reference("RsvpOut"), &["400", "401", "404", "409", "422", "429"])
                }
            }
        }
    })
}
