// The organizer's attendee list on a 360 px phone: nothing scrolls sideways, the search is a
// plain form, a row's action works in place, the invited can be sent their invitation again.
import { base, check, launch, openPage, eventually, axeViolations, finish, hydrated } from './lib.mjs';

const [session, slug] = process.argv.slice(3);
const { browser, page: first, problems } = await launch();
await first.close();
const organizer = await openPage(browser, problems, [{ name: 'festplan_session', value: session }], { viewport: { width: 360, height: 740 } });

const sideways = () => organizer.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
await organizer.goto(`${base}/events/${slug}/attendees`);
await hydrated(organizer);
check(await sideways() <= 0, `at 360 px the list does not scroll sideways (${await sideways()} px too wide)`);
check(await axeViolations(organizer, 'attendees on a phone') === 0, 'axe-core finds no violations on the attendee list on a phone');

// The search: a plain GET form.
await organizer.getByLabel('Search by name or email', { exact: true }).fill('grace');
await organizer.getByRole('button', { name: 'Show', exact: true }).click();
check(await eventually(() => organizer.url().includes('q=grace')), 'the search is in the address');
check(await eventually(async () => (await organizer.getByText('Showing 1 of 3 RSVPs.').count()) === 1), 'the search finds one party');
check(await sideways() <= 0, 'the searched list does not scroll sideways either');

// A row's action, in place.
await organizer.getByRole('button', { name: /Check in grace/ }).click();
check(await eventually(async () => (await organizer.getByRole('button', { name: /Check in grace/ }).count()) === 0), 'the checked-in party loses its check-in button');

// The invited who have not answered.
await organizer.getByRole('button', { name: /Send again to nobody-yet@example\.org/ }).click();
check(await eventually(() => organizer.getByText('The invitation to nobody-yet@example.org was sent again.').isVisible()), 'the invitation goes out again');

await finish(browser, problems);
