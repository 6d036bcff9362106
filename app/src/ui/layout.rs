use leptos::prelude::*;
use leptos_router::components::A;

use crate::auth::ui::UserNav;

/// The page frame: skip link, header with navigation, main content, footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let (menu_open, set_menu_open) = signal(false);
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <div class="bar">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"✦"</span>
                    "Festplan"
                </A>
                <button
                    type="button"
                    class="nav-toggle"
                    aria-controls="site-nav"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| set_menu_open.update(|open| *open = !*open)
                >
                    "Menu"
                </button>
                <nav id="site-nav" aria-label="Main" class:open=menu_open>
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
