//! Sign-in, emailed-link, account and first-run setup pages, and the navigation's account entry.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn as _;

use super::api::{
    ConfirmEmailChange, CreateApiToken, DeleteAccount, RequestEmailChange, RequestSignInLink, RevokeApiTokens, SetPassword, SetupAdmin,
    SignInWithLink, SignInWithPassword, SignOut, SignOutEverywhere, UpdateProfile, current_user,
};
use super::model::{Language, MIN_PASSWORD_CHARS, Me};
use crate::error::AppError;
use crate::ui::{Enhance, FormError, FormNotice};

/// Who is signed in, shared by the navigation and the pages (read once per page).
#[derive(Clone, Copy)]
pub struct Auth {
    pub me: Resource<Result<Option<Me>, AppError>>,
}

impl Auth {
    pub fn provide() {
        let me = Resource::new(|| (), |_| current_user());
        provide_context(Auth { me });
    }
}

/// "Sign in", or the account's name and a sign-out button.
#[component]
pub fn UserNav() -> impl IntoView {
    let auth = expect_context::<Auth>();
    let sign_out = ServerAction::<SignOut>::new();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match auth.me.await {
                    Ok(Some(me)) => view! {
                        <li>
                            <a href="/events/new">"New event"</a>
                        </li>
                        <li>
                            <a href="/account" class="user-name">{me.display_name}</a>
                        </li>
                        <li>
                            // A plain form: signing out reloads anyway, and the navigation needs no wasm.
                            <ActionForm action=sign_out attr:class="inline-form">
                                <button type="submit" class="link-button">"Sign out"</button>
                            </ActionForm>
                        </li>
                    }
                        .into_any(),
                    _ => view! {
                        <li>
                            <a href="/sign-in">"Sign in"</a>
                        </li>
                    }
                        .into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let link = ServerAction::<RequestSignInLink>::new();
    let password = ServerAction::<SignInWithPassword>::new();
    view! {
        <Title text="Sign in"/>
        <section class="narrow">
            <h1>"Sign in"</h1>
            <p class="muted">"No password needed: we email you a link that signs you in. New here? The same link creates your account."</p>
            <Enhance><ActionForm action=link attr:class="stack">
                <label for="link-email">"Email"</label>
                <input id="link-email" type="email" name="email" autocomplete="email" required/>
                <FormError result=link.value()/>
                <FormNotice action=RequestSignInLink::PATH/>
                <button type="submit" class="primary">"Email me a sign-in link"</button>
            </ActionForm></Enhance>
            <h2>"Or use your password"</h2>
            <Enhance><ActionForm action=password attr:class="stack">
                <label for="password-email">"Email"</label>
                <input id="password-email" type="email" name="email" autocomplete="username" required/>
                <label for="password">"Password"</label>
                <input id="password" type="password" name="password" autocomplete="current-password" required/>
                <FormError result=password.value()/>
                <button type="submit">"Sign in with password"</button>
            </ActionForm></Enhance>
            <p class="muted">"Forgot your password? Use the emailed link above, then set a new one on your account page."</p>
        </section>
    }
}

/// Where the emailed link leads. Signing in takes a click, so a mail scanner
/// that opens the link does not use it up.
#[component]
pub fn LinkPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let sign_in = ServerAction::<SignInWithLink>::new();
    view! {
        <Title text="Finish signing in"/>
        <section class="narrow">
            <h1>"Finish signing in"</h1>
            <Enhance><ActionForm action=sign_in attr:class="stack">
                <input type="hidden" name="token" value=token/>
                <FormError result=sign_in.value()/>
                <button type="submit" class="primary">"Sign in to Festplan"</button>
            </ActionForm></Enhance>
            <p class="muted">
                "Link not working? " <a href="/sign-in">"Request a new one"</a> "."
            </p>
        </section>
    }
}

#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let confirm = ServerAction::<ConfirmEmailChange>::new();
    view! {
        <Title text="Confirm your new email address"/>
        <section class="narrow">
            <h1>"Confirm your new email address"</h1>
            <Enhance><ActionForm action=confirm attr:class="stack">
                <input type="hidden" name="token" value=token/>
                <FormError result=confirm.value()/>
                <FormNotice action=ConfirmEmailChange::PATH/>
                <button type="submit" class="primary">"Use this address"</button>
            </ActionForm></Enhance>
        </section>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let auth = expect_context::<Auth>();
    view! {
        <Title text="Your account"/>
        <section class="narrow">
            <h1>"Your account"</h1>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match auth.me.await {
                        Ok(Some(me)) => view! { <AccountForms me/> }.into_any(),
                        _ => view! {
                            <p>
                                <a href="/sign-in">"Sign in"</a>
                                " to see your account."
                            </p>
                        }
                            .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AccountForms(me: Me) -> impl IntoView {
    let profile = ServerAction::<UpdateProfile>::new();
    let email = ServerAction::<RequestEmailChange>::new();
    let password = ServerAction::<SetPassword>::new();
    let everywhere = ServerAction::<SignOutEverywhere>::new();
    let delete = ServerAction::<DeleteAccount>::new();
    let token = ServerAction::<CreateApiToken>::new();
    let revoke_tokens = ServerAction::<RevokeApiTokens>::new();
    let languages = [Language::En, Language::De].map(|l| {
        view! {
            <option value=l.as_str() selected=me.language == l>
                {l.label()}
            </option>
        }
    });
    let password_hint = if me.has_password {
        "Replace your password. You can always sign in with an emailed link instead."
    } else {
        "Optional: a password lets you sign in without waiting for mail."
    };
    view! {
        <h2>"Profile"</h2>
        <Enhance><ActionForm action=profile attr:class="stack">
            <label for="display-name">"Name"</label>
            <input id="display-name" name="display_name" value=me.display_name.clone() required maxlength="80" autocomplete="name"/>
            <label for="language">"Language"</label>
            <select id="language" name="language">{languages}</select>
            <FormError result=profile.value()/>
            <FormNotice action=UpdateProfile::PATH/>
            <button type="submit" class="primary">"Save profile"</button>
        </ActionForm></Enhance>

        <h2>"Email"</h2>
        <p>"You sign in as " <strong>{me.email.clone()}</strong> "."</p>
        <Enhance><ActionForm action=email attr:class="stack">
            <label for="new-email">"New email address"</label>
            <input id="new-email" type="email" name="email" autocomplete="email" required/>
            <FormError result=email.value()/>
            <FormNotice action=RequestEmailChange::PATH/>
            <button type="submit">"Change email"</button>
        </ActionForm></Enhance>

        <h2>"Password"</h2>
        <p class="muted">{password_hint}</p>
        <Enhance><ActionForm action=password attr:class="stack">
            <label for="new-password">"New password"</label>
            <input
                id="new-password"
                type="password"
                name="password"
                autocomplete="new-password"
                required
                minlength=MIN_PASSWORD_CHARS.to_string()
            />
            <FormError result=password.value()/>
            <FormNotice action=SetPassword::PATH/>
            <button type="submit">"Save password"</button>
        </ActionForm></Enhance>

        <h2>"API tokens"</h2>
        <p class="muted">"Other tools (an intranet, a meetup page) use a token to read and update your events through the JSON API at /api/v1."</p>
        <Enhance><ActionForm action=token attr:class="stack">
            <label for="token-name">"Token name"</label>
            <input id="token-name" name="name" required maxlength="80" placeholder="intranet"/>
            <FormError result=token.value()/>
            <FormNotice action=CreateApiToken::PATH/>
            <button type="submit">"Create token"</button>
        </ActionForm></Enhance>
        <Enhance><ActionForm action=revoke_tokens attr:class="stack">
            <FormNotice action=RevokeApiTokens::PATH/>
            <button type="submit">"Revoke all my tokens"</button>
        </ActionForm></Enhance>

        <h2>"Sessions"</h2>
        <Enhance><ActionForm action=everywhere attr:class="stack">
            <p class="muted">"Lost a phone, or signed in on a shared computer? End every session, this one included."</p>
            <FormError result=everywhere.value()/>
            <button type="submit">"Sign out everywhere"</button>
        </ActionForm></Enhance>

        <h2>"Delete my account"</h2>
        <div class="danger-zone">
            <p>
                "Your account, your sessions and your event roles are deleted at once. "
                "RSVPs you made stay with their events under the name you gave, so organizers' counts stay right; "
                "code-of-conduct reports you filed stay with the event's responders, no longer linked to an account."
            </p>
            <Enhance><ActionForm action=delete attr:class="stack">
                <label for="confirm-email">"Type your email address to confirm"</label>
                <input id="confirm-email" type="email" name="confirm_email" autocomplete="off" required/>
                <FormError result=delete.value()/>
                <button type="submit" class="danger">"Delete my account"</button>
            </ActionForm></Enhance>
        </div>
    }
}

/// First run: creates the administrator while none exists.
#[component]
pub fn SetupPage() -> impl IntoView {
    let open = Resource::new(|| (), |_| super::api::setup_open());
    let setup = ServerAction::<SetupAdmin>::new();
    view! {
        <Title text="Set up Festplan"/>
        <section class="narrow">
            <h1>"Set up Festplan"</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match open.await {
                        Ok(true) => view! {
                            <p>"Create the administrator account. We email a sign-in link to this address."</p>
                            <Enhance><ActionForm action=setup attr:class="stack">
                                <label for="admin-name">"Your name"</label>
                                <input id="admin-name" name="display_name" required maxlength="80" autocomplete="name"/>
                                <label for="admin-email">"Email"</label>
                                <input id="admin-email" type="email" name="email" required autocomplete="email"/>
                                <FormError result=setup.value()/>
                                <FormNotice action=SetupAdmin::PATH/>
                                <button type="submit" class="primary">"Create administrator"</button>
                            </ActionForm></Enhance>
                        }
                            .into_any(),
                        _ => view! { <p>"Festplan is already set up. " <a href="/sign-in">"Sign in"</a> "."</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
