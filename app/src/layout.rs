use leptos::prelude::*;
use leptos_router::components::A;
use server_fn::ServerFn as _;

use crate::auth::api::ChooseLanguage;
use crate::auth::ui::UserNav;
use crate::i18n::td_string;
use crate::locale::{self, Locale};

/// The page frame: skip link, header with navigation and the language switcher, main content, footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let l = locale::current();
    view! {
        <a class="skip-link" href="#main">{td_string!(l, frame.skip)}</a>
        <header class="site-header">
            <div class="bar">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"✦"</span>
                    "Festplan"
                </A>
                // Phones: the links fold behind this button. It stays hidden until `islands.js`
                // wires it up (Escape closes it), so without scripts the links wrap under the name.
                <button type="button" class="menu-toggle" aria-expanded="false" aria-controls="site-nav" hidden>
                    {td_string!(l, frame.menu)}
                </button>
                <nav id="site-nav" aria-label=td_string!(l, frame.main_nav)>
                    <ul>
                        <li>
                            <A href="/">{td_string!(l, frame.upcoming)}</A>
                        </li>
                        <UserNav/>
                        <li><LanguageSwitch locale=l/></li>
                    </ul>
                </nav>
            </div>
        </header>
        <main id="main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <p>{td_string!(l, frame.footer)}</p>
        </footer>
    }
}

/// One button that shows the page in the other language: a plain form, so it works before and
/// without the wasm; the server keeps the choice and brings the visitor back to this page.
#[component]
fn LanguageSwitch(locale: Locale) -> impl IntoView {
    let other = if locale == Locale::de { Locale::en } else { Locale::de };
    let location = leptos_router::hooks::use_location();
    let search = location.search.get_untracked();
    let search = search.trim_start_matches('?');
    let path = location.pathname.get_untracked();
    let back = if search.is_empty() { path } else { format!("{path}?{search}") };
    view! {
        <form method="post" action=ChooseLanguage::PATH class="language-switch">
            <input type="hidden" name="language" value=locale::code(other)/>
            <input type="hidden" name="back" value=back/>
            <button type="submit" class="link-button" lang=locale::code(other) aria-label=td_string!(locale, frame.switch_label)>
                {td_string!(locale, frame.switch)}
            </button>
        </form>
    }
}
