// An organizer decides on the parties asking to come: one approved, one declined with a note.
import { base, check, launch, openPage, eventually, axeViolations, finish, hydrated } from './lib.mjs';

const [session, slug] = process.argv.slice(3);
const { browser, page: first, problems } = await launch();
await first.close();
const organizer = await openPage(browser, problems, [{ name: 'festplan_session', value: session }]);

await organizer.goto(`${base}/events/${slug}/attendees`);
await hydrated(organizer);
check(await organizer.getByRole('heading', { name: 'Waiting for your approval' }).isVisible(), 'the parties asking to come are listed');
check(await axeViolations(organizer, 'attendees with approvals') === 0, 'axe-core finds no violations on the attendee list with approvals');
const counts = () => organizer.locator('ul.counts').first().innerText();
check((await counts()).includes('3 awaiting approval in 2 parties'), 'the counts show who waits for a decision');

await organizer.getByRole('button', { name: 'Approve ada' }).click();
check(await eventually(async () => (await counts()).includes('2 going in 1 party')), 'approving gives the party its places');
check(await eventually(async () => (await organizer.getByRole('button', { name: 'Approve ada' }).count()) === 0), 'an approved party leaves the list');

await organizer.getByLabel('Note to them (optional)').fill('Staff only this year, sorry.');
await organizer.getByRole('button', { name: 'Decline bob' }).click();
check(await eventually(async () => (await counts()).includes('1 declined')), 'declining is counted');
check(await eventually(async () => (await organizer.getByRole('heading', { name: 'Waiting for your approval' }).count()) === 0), 'with nobody left to decide, the section goes');
check(await organizer.getByText('declined. Staff only this year, sorry.').isVisible(), 'the decision and its note are in the audit trail');

await finish(browser, problems);
