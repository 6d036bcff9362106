// An organizer looks at the event's webhook: one delivery went out; sends it again, then adds a
// second webhook and keeps its secret, shown once.
import { base, check, launch, openPage, eventually, axeViolations, finish, hydrated, reportCrashes, text } from './lib.mjs';

const [session, slug, receiverUrl] = process.argv.slice(3);
const { browser, page: first, problems } = await launch();
await first.close();
reportCrashes(problems);
const page = await openPage(browser, problems, [{ name: 'festplan_session', value: session }]);

await page.goto(`${base}/events/${slug}/edit`);
await page.getByRole('link', { name: 'Integrations: webhooks, and the RSVP card for your website' }).click();
await page.waitForURL(`**/events/${slug}/webhooks`);
await hydrated(page);
const table = page.locator('table.deliveries');
check((await text(table)).includes('rsvp.created'), 'the delivery of the new RSVP is listed');
check((await text(table)).includes('delivered (204)'), 'with its outcome');
check(await axeViolations(page, 'webhooks') === 0, 'axe-core finds no violations on the webhooks page');
await page.getByRole('button', { name: 'Send again' }).first().click();
check(await eventually(() => page.getByRole('status').filter({ hasText: 'Queued to be sent again.' }).isVisible()), 'a delivery is queued again');
await hydrated(page);

await page.getByLabel('Address (https://…)').fill(receiverUrl.replace('/hook', '/second'));
await page.getByLabel('Event changed (event.changed)').check();
await page.getByLabel('Event cancelled (event.cancelled)').check();
await page.getByRole('button', { name: 'Add the webhook' }).click();
const notice = page.getByRole('status').filter({ hasText: 'The signing secret, shown only now: whsec_' });
check(await eventually(() => notice.isVisible()), 'the new webhook\'s secret is shown once');
await hydrated(page);
check(await page.getByRole('heading', { name: receiverUrl.replace('/hook', '/second') }).isVisible(), 'the new webhook is listed');
check((await text(page.locator('main'))).includes('Tells about: event.changed, event.cancelled'), 'with what it hears of');
check(await axeViolations(page, 'webhooks, added') === 0, 'axe-core finds no violations after adding one');
await page.reload();
check(!(await text(page.locator('main'))).includes('whsec_'), 'the secret is not shown again');

await finish(browser, problems);
