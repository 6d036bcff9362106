//! The whole integration suite as one test binary: each module was once its own binary, and
//! each of those linked the whole app (370 MB apiece, 13 GB for 37 of them, more disk than a
//! fresh CI machine can spare). `cargo test -p festplan-tests --test suite rsvp::` runs one module.

mod account;
mod api;
mod approval;
mod attacks;
mod attendees;
mod auth;
mod browser;
mod check_in;
mod conduct;
mod conduct_browser;
mod conduct_leaks;
mod embed;
mod events;
mod feeds;
mod forms;
mod german;
mod group_commit;
mod guest;
mod hostile_conduct;
mod hostile_openspace;
mod hostile_packing;
mod hostile_text;
mod http;
mod invitations;
mod live;
mod mail;
mod openspace;
mod openspace_api;
mod openspace_browser;
mod organizer;
mod packing;
mod packing_browser;
mod privacy;
mod questions;
mod roles;
mod rsvp;
mod rsvp_mail;
mod security;
mod sweep;
mod waitlist;
mod webhooks;
mod weight;
