use leptos::prelude::*;
use leptos_router::components::A;

use crate::auth::ui::UserNav;

/// The page frame: skip link, header with navigation, main content, footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <div class="bar">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"✦"</span>
                    "Festplan"
                </A>
                <nav id="site-nav" aria-label="Main">
                    <ul>
                        <li>
                            <A href="/">"Upcoming events"</A>
                        </li>
                        <UserNav/>
                    </ul>
                </nav>
            </div>
        </header>
        <main id="main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <p>"Festplan — plans for BBQs, sprints, parties and meetups."</p>
        </footer>
    }
}
