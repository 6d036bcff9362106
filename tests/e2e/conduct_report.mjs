// A frightened attendee reports an incident on a phone, anonymously, from the event page; keeps
// the follow-up code and opens the report with it. A responder, on a desktop, acknowledges the
// report, replies, records a removal of the person named and recuses a colleague who is
// conflicted. The reporter reads the reply with the code, and the recused colleague is refused.
import { base, check, launch, openPage, eventually, axeViolations, finish, hydrated, reportCrashes, text } from './lib.mjs';

const [slug, responderSession, recusedSession, removed] = process.argv.slice(3);
const what = 'He kept touching my shoulder after I asked him to stop.';
const { browser, page: first, problems } = await launch();
await first.close();
reportCrashes(problems);
const words = async (locator) => (await text(locator)).replace(/\s+/g, ' ').trim();

// The reporter, on a phone, without an account.
const phone = await openPage(browser, problems, [], { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
await phone.goto(`${base}/events/${slug}`);
await hydrated(phone);
await phone.getByRole('link', { name: 'Report an incident' }).click();
await phone.waitForURL(`**/events/${slug}/conduct/report`);
await hydrated(phone);
const firstInMain = await phone.locator('main section > :is(h1, aside, p, form, div)').evaluateAll((els) => els.map((e) => e.tagName));
check(firstInMain[0] === 'H1' && firstInMain[1] === 'ASIDE', `the emergency box comes right after the heading (${firstInMain.slice(0, 3)})`);
check((await words(phone.locator('.emergency'))).includes('Call the emergency number 112 first.'), 'the form says whom to call first');
check((await words(phone.locator('.emergency'))).includes('On site: Kim, +49 170 1234567'), "the form shows the event's on-site contact");
check(await axeViolations(phone, 'report form') === 0, 'axe-core finds no violations on the report form');
await phone.getByRole('button', { name: 'Send the report' }).click();
check(await phone.locator('#report-what:invalid').count() === 1, 'the browser asks for what happened before sending');
await phone.getByLabel('No', { exact: true }).check();
await phone.getByLabel('What happened?').fill(what);
await phone.getByLabel('When and where? (optional)').fill('Saturday, 21:00, by the grill');
await phone.getByLabel('Who was involved? (optional)').fill(`A man in a red jacket, ${removed}`);
await phone.getByLabel('No: I will follow up with my code').check();
await phone.getByRole('button', { name: 'Send the report' }).click();
await phone.waitForURL(`**/events/${slug}/conduct/sent`);
const code = (await text(phone.locator('#follow-up-code'))).trim();
check(/^[A-Z2-9]{5}(-[A-Z2-9]{5}){4}$/.test(code), `the follow-up code is shown once (${code})`);
check(await axeViolations(phone, 'report sent') === 0, 'axe-core finds no violations on the code page');
await phone.reload();
check(await phone.locator('#follow-up-code').count() === 0, 'a reload does not show the code again');

await phone.getByRole('link', { name: 'Follow up on your report' }).click();
await phone.waitForURL(`**/events/${slug}/conduct/follow-up`);
await hydrated(phone);
await phone.getByLabel('Follow-up code').fill(code.toLowerCase().replaceAll('-', ' '));
await phone.getByRole('button', { name: 'Open my report' }).click();
const status = phone.locator('#report-status');
check(await eventually(async () => (await words(status)).endsWith('Status: New.')), 'the code opens the report: it is new');
check((await text(phone.locator('main'))).includes(what), 'the reporter sees what they reported');
check(await axeViolations(phone, 'follow-up') === 0, 'axe-core finds no violations on the follow-up page');

// The responder, on a desktop.
const desk = await openPage(browser, problems, [{ name: 'festplan_session', value: responderSession }]);
await desk.goto(`${base}/events/${slug}/conduct/reports`);
await hydrated(desk);
check(await axeViolations(desk, 'reports') === 0, 'axe-core finds no violations on the list of reports');
await desk.getByRole('link', { name: /^Report \d+ · sent / }).click();
await hydrated(desk);
check((await text(desk.locator('main'))).includes(what), 'the responder reads the report');
check(await axeViolations(desk, 'report') === 0, 'axe-core finds no violations on the report');
await desk.getByRole('button', { name: 'Mark acknowledged' }).click();
const deskStatus = desk.locator('#report-status');
check(await eventually(async () => (await words(deskStatus)).endsWith('Status: Acknowledged.')), 'the responder acknowledges the report');
await hydrated(desk);
await desk.getByLabel('Text').fill('Thank you for telling us. We have spoken to him and are keeping an eye out.');
await desk.getByRole('button', { name: 'Send', exact: true }).click();
check(await eventually(() => desk.getByRole('status').filter({ hasText: 'Reply sent' }).isVisible()), 'the reply is sent');
await hydrated(desk);
await desk.getByLabel('Action', { exact: true }).selectOption('removal');
await desk.getByLabel(/The person's email address/).fill(removed);
await desk.getByLabel('Reason (responders only)').fill('Went on after being asked to stop; second report this year.');
await desk.getByRole('button', { name: 'Record the action' }).click();
check(await eventually(() => desk.getByRole('status').filter({ hasText: 'Action recorded' }).isVisible()), 'the removal is recorded');
await hydrated(desk);
check((await text(desk.locator('.timeline'))).includes(`Removed ${removed}`), 'the timeline shows the removal');
await desk.getByLabel('Responder', { exact: true }).selectOption({ label: 'sam' });
await desk.getByRole('button', { name: 'Recuse' }).click();
check(await eventually(async () => (await text(desk.locator('#recused'))) === 'Recused: sam.'), 'the colleague is recused');

// The reporter reads the reply with the report still open on the phone.
await phone.reload();
await hydrated(phone);
check((await words(status)).endsWith('Status: Acknowledged.'), 'the reporter sees the report acknowledged');
check((await text(phone.locator('.timeline'))).includes('We have spoken to him'), 'the reporter reads the reply');
check(!(await text(phone.locator('main'))).includes('second report this year'), "the removal's reason stays with the responders");

// The recused colleague.
const recused = await openPage(browser, problems, [{ name: 'festplan_session', value: recusedSession }]);
const reportUrl = desk.url();
const refused = await recused.goto(reportUrl);
check(refused.status() === 409, `the recused responder is refused (${refused.status()})`);
check((await text(recused.locator('main'))).includes('You are recused from this report.'), 'they are told only that they are recused');
check(!(await text(recused.locator('main'))).includes(what), 'and read nothing of the report');
check(await axeViolations(recused, 'recused') === 0, 'axe-core finds no violations on the refusal');

// The refusal is expected; nothing else may fail.
const expectedRefusal = `HTTP 409 ${reportUrl}`;
await finish(browser, problems.filter((p) => p !== expectedRefusal && !(p.startsWith('console:') && p.includes('409'))));
