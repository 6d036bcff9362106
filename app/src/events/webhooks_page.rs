//! `/events/<slug>/webhooks`: the organizers' webhooks, their deliveries and a form for more.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn as _;

use super::pages::slug_param;
use super::webhooks::{RedeliverWebhook, SubscribeWebhook, SubscriptionView, UnsubscribeWebhook, WebhooksPage, get_webhooks};
use crate::i18n::td_string;
use crate::locale;
use crate::ui::{Enhance, ErrorView, FieldError, FieldErrors, FormError, FormNotice};

#[component]
pub fn EventWebhooksPage() -> impl IntoView {
    let slug = slug_param();
    let page = Resource::new(slug, get_webhooks);
    let l = locale::current();
    view! {
        <Title text=td_string!(l, webhooks.title)/>
        <section class="webhooks">
            <Suspense fallback=move || view! { <p class="muted">{td_string!(l, frame.loading)}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || Suspend::new(async move { page.await.map(|page| view! { <WebhooksView page/> }) })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[component]
fn WebhooksView(page: WebhooksPage) -> impl IntoView {
    let subscribe = ServerAction::<SubscribeWebhook>::new();
    let errors = FieldErrors::new(subscribe.value());
    let l = locale::current();
    let kinds = page
        .kinds
        .iter()
        .enumerate()
        .map(|(i, (kind, label))| {
            let id = format!("kind-{}", kind.replace('.', "-"));
            view! {
                <div class="choice">
                    <input type="checkbox" id=id.clone() name=format!("kinds[{i}]") value=kind.clone()/>
                    <label for=id>{format!("{label} ({kind})")}</label>
                </div>
            }
        })
        .collect_view();
    let subscriptions = page.subscriptions.iter().map(|s| view! { <Subscription s=s.clone()/> }).collect_view();
    view! {
        <Title text=td_string!(l, webhooks.heading, title = page.event_title.clone()).to_string()/>
        <h1>{td_string!(l, webhooks.heading, title = page.event_title.clone())}</h1>
        <p><a href=format!("/events/{}/edit", page.slug)>{td_string!(l, webhooks.back)}</a></p>
        <p>{td_string!(l, webhooks.lead)}</p>
        {subscriptions}
        <super::embed::EmbedSettings
            event_id=page.event_id
            card_url=page.card_url.clone()
            event_url=page.event_url.clone()
            title=page.event_title.clone()
            origins=page.embed_origins.clone()
        />
        <section aria-labelledby="subscribe-heading">
            <h2 id="subscribe-heading">{td_string!(l, webhooks.add_heading)}</h2>
            <FormNotice action=SubscribeWebhook::PATH/>
            <Enhance><ActionForm action=subscribe attr:class="stack">
                <input type="hidden" name="event_id" value=page.event_id.to_string()/>
                <label for="webhook-url">{td_string!(l, webhooks.address)}</label>
                <input id="webhook-url" name="url" type="url" required maxlength="2000" placeholder="https://example.org/festplan-hook"
                    aria-invalid=errors.invalid("url") aria-describedby=errors.described_by("url", "webhook-url", None)/>
                <FieldError errors field="url" id="webhook-url"/>
                <fieldset>
                    <legend>{td_string!(l, webhooks.tell_about)}</legend>
                    {kinds}
                </fieldset>
                <fieldset>
                    <legend>{td_string!(l, webhooks.scope_for)}</legend>
                    <div class="choice">
                        <input type="radio" id="scope-event" name="scope" value="event" checked/>
                        <label for="scope-event">{td_string!(l, webhooks.this_event)}</label>
                    </div>
                    {page.series.clone().map(|series| view! {
                        <div class="choice">
                            <input type="radio" id="scope-series" name="scope" value="series"/>
                            <label for="scope-series">{td_string!(l, webhooks.every_in_series, series = series.clone())}</label>
                        </div>
                    })}
                    {page.admin.then(|| view! {
                        <div class="choice">
                            <input type="radio" id="scope-instance" name="scope" value="instance"/>
                            <label for="scope-instance">{td_string!(l, webhooks.every_on_instance)}</label>
                        </div>
                    })}
                </fieldset>
                <FormError result=subscribe.value()/>
                <button type="submit" class="primary">{td_string!(l, webhooks.add)}</button>
            </ActionForm></Enhance>
        </section>
    }
}

#[component]
fn Subscription(s: SubscriptionView) -> impl IntoView {
    let unsubscribe = ServerAction::<UnsubscribeWebhook>::new();
    let redeliver = ServerAction::<RedeliverWebhook>::new();
    let l = locale::current();
    let (heading, labelled_by) = (format!("webhook-{}", s.id), format!("webhook-{}", s.id));
    let deliveries = s
        .deliveries
        .clone()
        .into_iter()
        .map(|d| {
            view! {
                <tr>
                    <td>{d.when.clone()}</td>
                    <td>{d.kind.clone()}</td>
                    <td class:muted=!d.delivered>{d.outcome.clone()}</td>
                    <td>
                        <Enhance><ActionForm action=redeliver attr:class="inline-form">
                            <input type="hidden" name="delivery_id" value=d.id.to_string()/>
                            <button type="submit">{td_string!(l, webhooks.send_again)}</button>
                        </ActionForm></Enhance>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="webhook" aria-labelledby=labelled_by>
            <h2 id=heading class="webhook-url">{s.url.clone()}</h2>
            <p>{td_string!(l, webhooks.tells_about, kinds = s.kinds.join(", "))}</p>
            <p>{td_string!(l, webhooks.for_scope, scope = s.scope.clone())}</p>
            <FormNotice action=RedeliverWebhook::PATH/>
            {if s.deliveries.is_empty() {
                view! { <p class="muted">{td_string!(l, webhooks.nothing_sent)}</p> }.into_any()
            } else {
                view! {
                    <table class="deliveries">
                        <caption>{td_string!(l, webhooks.recent)}</caption>
                        <thead><tr>
                            <th scope="col">{td_string!(l, webhooks.queued)}</th>
                            <th scope="col">{td_string!(l, webhooks.what)}</th>
                            <th scope="col">{td_string!(l, webhooks.outcome)}</th>
                            <th scope="col"><span class="visually-hidden">{td_string!(l, webhooks.actions)}</span></th>
                        </tr></thead>
                        <tbody>{deliveries}</tbody>
                    </table>
                }.into_any()
            }}
            <Enhance><ActionForm action=unsubscribe attr:class="inline-form">
                <input type="hidden" name="subscription_id" value=s.id.to_string()/>
                <button type="submit" class="danger">{td_string!(l, webhooks.remove)}</button>
            </ActionForm></Enhance>
        </section>
    }
}
