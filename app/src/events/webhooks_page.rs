//! `/events/<slug>/webhooks`: the organizers' webhooks, their deliveries and a form for more.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn as _;

use super::pages::slug_param;
use super::webhooks::{RedeliverWebhook, SubscribeWebhook, SubscriptionView, UnsubscribeWebhook, WebhooksPage, get_webhooks};
use crate::ui::{Enhance, ErrorView, FormError, FormNotice};

#[component]
pub fn EventWebhooksPage() -> impl IntoView {
    let slug = slug_param();
    let page = Resource::new(slug, get_webhooks);
    view! {
        <Title text="Webhooks"/>
        <section class="webhooks">
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
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
        <Title text=format!("Integrations: {}", page.event_title)/>
        <h1>"Integrations: " {page.event_title.clone()}</h1>
        <p><a href=format!("/events/{}/edit", page.slug)>"Back to the editor"</a></p>
        <p>
            "Festplan posts each change you choose to your address as JSON, signed the Standard Webhooks way "
            "(headers webhook-id, webhook-timestamp and webhook-signature), in order, and tries again for a while when your side is down."
        </p>
        {subscriptions}
        <super::embed::EmbedSettings
            event_id=page.event_id
            card_url=page.card_url.clone()
            event_url=page.event_url.clone()
            title=page.event_title.clone()
            origins=page.embed_origins.clone()
        />
        <section aria-labelledby="subscribe-heading">
            <h2 id="subscribe-heading">"Add a webhook"</h2>
            <FormNotice action=SubscribeWebhook::PATH/>
            <Enhance><ActionForm action=subscribe attr:class="stack">
                <input type="hidden" name="event_id" value=page.event_id.to_string()/>
                <label for="webhook-url">"Address (https://…)"</label>
                <input id="webhook-url" name="url" type="url" required maxlength="2000" placeholder="https://example.org/festplan-hook"/>
                <fieldset>
                    <legend>"Tell it about"</legend>
                    {kinds}
                </fieldset>
                <fieldset>
                    <legend>"For"</legend>
                    <div class="choice">
                        <input type="radio" id="scope-event" name="scope" value="event" checked/>
                        <label for="scope-event">"This event"</label>
                    </div>
                    {page.series.clone().map(|series| view! {
                        <div class="choice">
                            <input type="radio" id="scope-series" name="scope" value="series"/>
                            <label for="scope-series">{format!("Every event of the series {series}")}</label>
                        </div>
                    })}
                    {page.admin.then(|| view! {
                        <div class="choice">
                            <input type="radio" id="scope-instance" name="scope" value="instance"/>
                            <label for="scope-instance">"Every event on this instance (administrators)"</label>
                        </div>
                    })}
                </fieldset>
                <FormError result=subscribe.value()/>
                <button type="submit" class="primary">"Add the webhook"</button>
            </ActionForm></Enhance>
        </section>
    }
}

#[component]
fn Subscription(s: SubscriptionView) -> impl IntoView {
    let unsubscribe = ServerAction::<UnsubscribeWebhook>::new();
    let redeliver = ServerAction::<RedeliverWebhook>::new();
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
                            <button type="submit">"Send again"</button>
                        </ActionForm></Enhance>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="webhook" aria-labelledby=labelled_by>
            <h2 id=heading class="webhook-url">{s.url.clone()}</h2>
            <p>{format!("Tells about: {}", s.kinds.join(", "))}</p>
            <p>{format!("For {}.", s.scope)}</p>
            <FormNotice action=RedeliverWebhook::PATH/>
            {if s.deliveries.is_empty() {
                view! { <p class="muted">"Nothing sent yet."</p> }.into_any()
            } else {
                view! {
                    <table class="deliveries">
                        <caption>"Recent deliveries"</caption>
                        <thead><tr><th scope="col">"Queued"</th><th scope="col">"What"</th><th scope="col">"Outcome"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                        <tbody>{deliveries}</tbody>
                    </table>
                }.into_any()
            }}
            <Enhance><ActionForm action=unsubscribe attr:class="inline-form">
                <input type="hidden" name="subscription_id" value=s.id.to_string()/>
                <button type="submit" class="danger">"Remove this webhook"</button>
            </ActionForm></Enhance>
        </section>
    }
}
