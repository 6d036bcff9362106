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
use crate::i18n::td_string;
use crate::locale;
use crate::ui::{Enhance, FieldError, FieldErrors, FormError, FormNotice};

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
    let l = locale::current();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match auth.me.await {
                    Ok(Some(me)) => view! {
                        <li><a href="/my-events">{crate::i18n::td_string!(crate::locale::current(), mine.title)}</a></li>
                        <li>
                            <a href="/events/new">{td_string!(l, auth.new_event)}</a>
                        </li>
                        <li>
                            <a href="/account" class="user-name">{me.display_name}</a>
                        </li>
                        <li>
                            // A plain form: signing out reloads anyway, and the navigation needs no wasm.
                            <ActionForm action=sign_out attr:class="inline-form">
                                <button type="submit" class="link-button">{td_string!(l, auth.sign_out)}</button>
                            </ActionForm>
                        </li>
                    }
                        .into_any(),
                    _ => view! {
                        <li>
                            <a href="/sign-in">{td_string!(l, auth.sign_in)}</a>
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
    let (link_errors, password_errors) = (FieldErrors::new(link.value()), FieldErrors::new(password.value()));
    let l = locale::current();
    view! {
        <Title text=td_string!(l, auth.sign_in)/>
        <section class="narrow">
            <h1>{td_string!(l, auth.sign_in)}</h1>
            <p class="muted">{td_string!(l, auth.sign_in_lead)}</p>
            <Enhance><ActionForm action=link attr:class="stack">
                <label for="link-email">{td_string!(l, auth.email)}</label>
                <input id="link-email" type="email" name="email" autocomplete="email" required
                    aria-invalid=link_errors.invalid("email") aria-describedby=link_errors.described_by("email", "link-email", None)/>
                <FieldError errors=link_errors field="email" id="link-email"/>
                <FormError result=link.value()/>
                <FormNotice action=RequestSignInLink::PATH/>
                <button type="submit" class="primary">{td_string!(l, auth.send_link)}</button>
            </ActionForm></Enhance>
            <h2>{td_string!(l, auth.or_password)}</h2>
            <Enhance><ActionForm action=password attr:class="stack">
                <label for="password-email">{td_string!(l, auth.email)}</label>
                <input id="password-email" type="email" name="email" autocomplete="username" required
                    aria-invalid=password_errors.invalid("email") aria-describedby=password_errors.described_by("email", "password-email", None)/>
                <FieldError errors=password_errors field="email" id="password-email"/>
                <label for="password">{td_string!(l, auth.password)}</label>
                <input id="password" type="password" name="password" autocomplete="current-password" required
                    aria-invalid=password_errors.invalid("password") aria-describedby=password_errors.described_by("password", "password", None)/>
                <FieldError errors=password_errors field="password" id="password"/>
                <FormError result=password.value()/>
                <button type="submit">{td_string!(l, auth.sign_in_password)}</button>
            </ActionForm></Enhance>
            <p class="muted">{td_string!(l, auth.forgot)}</p>
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
    let l = locale::current();
    view! {
        <Title text=td_string!(l, auth.finish)/>
        <section class="narrow">
            <h1>{td_string!(l, auth.finish)}</h1>
            <p>{td_string!(l, auth.link_why)}</p>
            <Enhance><ActionForm action=sign_in attr:class="stack">
                <input type="hidden" name="token" value=token/>
                <FormError result=sign_in.value()/>
                <button type="submit" class="primary">{td_string!(l, auth.sign_in_festplan)}</button>
            </ActionForm></Enhance>
            <p class="muted">
                {td_string!(l, auth.link_broken)} <a href="/sign-in">{td_string!(l, auth.request_new)}</a> "."
            </p>
        </section>
    }
}

#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let confirm = ServerAction::<ConfirmEmailChange>::new();
    let l = locale::current();
    view! {
        <Title text=td_string!(l, auth.confirm_title)/>
        <section class="narrow">
            <h1>{td_string!(l, auth.confirm_title)}</h1>
            <Enhance><ActionForm action=confirm attr:class="stack">
                <input type="hidden" name="token" value=token/>
                <FormError result=confirm.value()/>
                <FormNotice action=ConfirmEmailChange::PATH/>
                <button type="submit" class="primary">{td_string!(l, auth.use_address)}</button>
            </ActionForm></Enhance>
        </section>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let auth = expect_context::<Auth>();
    let l = locale::current();
    view! {
        <Title text=td_string!(l, auth.account_title)/>
        <section class="narrow">
            <h1>{td_string!(l, auth.account_title)}</h1>
            <Suspense fallback=move || view! { <p class="muted">{td_string!(l, frame.loading)}</p> }>
                {move || Suspend::new(async move {
                    match auth.me.await {
                        Ok(Some(me)) => view! { <AccountForms me/> }.into_any(),
                        _ => view! {
                            <p>
                                <a href="/sign-in">{td_string!(l, auth.sign_in)}</a>
                                {td_string!(l, auth.to_see_account)}
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
    let l = locale::current();
    let password_hint = if me.has_password { td_string!(l, auth.replace_password) } else { td_string!(l, auth.optional_password) };
    let (profile_errors, email_errors) = (FieldErrors::new(profile.value()), FieldErrors::new(email.value()));
    let (password_errors, token_errors, delete_errors) =
        (FieldErrors::new(password.value()), FieldErrors::new(token.value()), FieldErrors::new(delete.value()));
    view! {
        <h2>{td_string!(l, auth.profile)}</h2>
        <Enhance><ActionForm action=profile attr:class="stack">
            <label for="display-name">{td_string!(l, auth.name)}</label>
            <input id="display-name" name="display_name" value=me.display_name.clone() required maxlength="80" autocomplete="name"
                aria-invalid=profile_errors.invalid("display_name") aria-describedby=profile_errors.described_by("display_name", "display-name", None)/>
            <FieldError errors=profile_errors field="display_name" id="display-name"/>
            <label for="language">{td_string!(l, auth.language)}</label>
            <select id="language" name="language">{languages}</select>
            <FormError result=profile.value()/>
            <FormNotice action=UpdateProfile::PATH/>
            <button type="submit" class="primary">{td_string!(l, auth.save_profile)}</button>
        </ActionForm></Enhance>

        <h2>{td_string!(l, auth.email_heading)}</h2>
        <p>{td_string!(l, auth.signed_in_as)} <strong>{me.email.clone()}</strong> "."</p>
        <Enhance><ActionForm action=email attr:class="stack">
            <label for="new-email">{td_string!(l, auth.new_email)}</label>
            <input id="new-email" type="email" name="email" autocomplete="email" required
                aria-invalid=email_errors.invalid("email") aria-describedby=email_errors.described_by("email", "new-email", None)/>
            <FieldError errors=email_errors field="email" id="new-email"/>
            <FormError result=email.value()/>
            <FormNotice action=RequestEmailChange::PATH/>
            <button type="submit">{td_string!(l, auth.change_email)}</button>
        </ActionForm></Enhance>

        <h2>{td_string!(l, auth.password_heading)}</h2>
        <p class="muted">{password_hint}</p>
        <Enhance><ActionForm action=password attr:class="stack">
            <label for="new-password">{td_string!(l, auth.new_password)}</label>
            <input
                id="new-password"
                type="password"
                name="password"
                autocomplete="new-password"
                required
                minlength=MIN_PASSWORD_CHARS.to_string()
                aria-invalid=password_errors.invalid("password")
                aria-describedby=password_errors.described_by("password", "new-password", None)
            />
            <FieldError errors=password_errors field="password" id="new-password"/>
            <FormError result=password.value()/>
            <FormNotice action=SetPassword::PATH/>
            <button type="submit">{td_string!(l, auth.save_password)}</button>
        </ActionForm></Enhance>

        <h2>{td_string!(l, auth.tokens)}</h2>
        <p class="muted">{td_string!(l, auth.tokens_lead)}</p>
        <Enhance><ActionForm action=token attr:class="stack">
            <label for="token-name">{td_string!(l, auth.token_name)}</label>
            <input id="token-name" name="name" required maxlength="80" placeholder="intranet"
                aria-invalid=token_errors.invalid("name") aria-describedby=token_errors.described_by("name", "token-name", None)/>
            <FieldError errors=token_errors field="name" id="token-name"/>
            <FormError result=token.value()/>
            <FormNotice action=CreateApiToken::PATH/>
            <button type="submit">{td_string!(l, auth.create_token)}</button>
        </ActionForm></Enhance>
        <Enhance><ActionForm action=revoke_tokens attr:class="stack">
            <FormNotice action=RevokeApiTokens::PATH/>
            <button type="submit">{td_string!(l, auth.revoke_tokens)}</button>
        </ActionForm></Enhance>

        <h2>{td_string!(l, auth.sessions)}</h2>
        <Enhance><ActionForm action=everywhere attr:class="stack">
            <p class="muted">{td_string!(l, auth.sessions_lead)}</p>
            <FormError result=everywhere.value()/>
            <button type="submit">{td_string!(l, auth.sign_out_everywhere)}</button>
        </ActionForm></Enhance>

        <h2>{td_string!(l, auth.delete)}</h2>
        <div class="danger-zone">
            <p>{td_string!(l, auth.delete_lead)}</p>
            <Enhance><ActionForm action=delete attr:class="stack">
                <label for="confirm-email">{td_string!(l, auth.confirm_delete)}</label>
                <input id="confirm-email" type="email" name="confirm_email" autocomplete="off" required
                    aria-invalid=delete_errors.invalid("confirm_email") aria-describedby=delete_errors.described_by("confirm_email", "confirm-email", None)/>
                <FieldError errors=delete_errors field="confirm_email" id="confirm-email"/>
                <FormError result=delete.value()/>
                <button type="submit" class="danger">{td_string!(l, auth.delete)}</button>
            </ActionForm></Enhance>
        </div>
    }
}

/// First run: creates the administrator while none exists.
#[component]
pub fn SetupPage() -> impl IntoView {
    let open = Resource::new(|| (), |_| super::api::setup_open());
    let setup = ServerAction::<SetupAdmin>::new();
    let errors = FieldErrors::new(setup.value());
    let l = locale::current();
    view! {
        <Title text=td_string!(l, auth.setup_title)/>
        <section class="narrow">
            <h1>{td_string!(l, auth.setup_title)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match open.await {
                        Ok(true) => view! {
                            <p>{td_string!(l, auth.setup_lead)}</p>
                            <Enhance><ActionForm action=setup attr:class="stack">
                                <label for="admin-name">{td_string!(l, auth.your_name)}</label>
                                <input id="admin-name" name="display_name" required maxlength="80" autocomplete="name"
                                    aria-invalid=errors.invalid("display_name") aria-describedby=errors.described_by("display_name", "admin-name", None)/>
                                <FieldError errors field="display_name" id="admin-name"/>
                                <label for="admin-email">{td_string!(l, auth.email)}</label>
                                <input id="admin-email" type="email" name="email" required autocomplete="email"
                                    aria-invalid=errors.invalid("email") aria-describedby=errors.described_by("email", "admin-email", None)/>
                                <FieldError errors field="email" id="admin-email"/>
                                <FormError result=setup.value()/>
                                <FormNotice action=SetupAdmin::PATH/>
                                <button type="submit" class="primary">{td_string!(l, auth.create_admin)}</button>
                            </ActionForm></Enhance>
                        }
                            .into_any(),
                        _ => view! { <p>{td_string!(l, auth.already_set_up)} <a href="/sign-in">{td_string!(l, auth.sign_in)}</a> "."</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
