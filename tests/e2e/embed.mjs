// A club's own website (another origin) shows an event's RSVP card in a frame: the places left,
// and a button that opens the RSVP form on Festplan. The event's own page refuses the frame.
import { base, check, launch, openPage, eventually, axeViolations, finish, reportCrashes, text } from './lib.mjs';

const [club, slug] = process.argv.slice(3);
const { browser, page: first, problems } = await launch();
await first.close();
reportCrashes(problems);

const page = await openPage(browser, problems);
await page.goto(club);
const card = page.frameLocator('#card');
check(await eventually(async () => (await text(card.locator('#places'))) === '3 places left'), 'the card on the club\'s site shows the places left');
check((await text(card.locator('h1'))) === 'Summer party', 'and the event');
const [popup] = await Promise.all([page.context().waitForEvent('page'), card.getByRole('link', { name: 'RSVP on Festplan' }).click()]);
await popup.waitForLoadState();
check(popup.url() === `${base}/events/${slug}`, `the button opens the event on Festplan (${popup.url()})`);
check(await popup.getByRole('button', { name: 'Send my answer' }).isVisible(), 'with its RSVP form');
const framed = page.frameLocator('#page');
check(!(await text(framed.locator('body'))).includes('Send my answer'), "the event's own page is not shown in the club's frame");
check(!page.frames().some((f) => f.url() === `${base}/events/${slug}`), 'the browser refused to frame it');

const direct = await openPage(browser, problems);
await direct.goto(`${base}/events/${slug}/embed`);
check(await axeViolations(direct, 'RSVP card') === 0, 'axe-core finds no violations on the card');

// The refused frame is the point; the browser says so on the console.
await finish(browser, problems.filter((p) => !(p.startsWith('console:') && p.includes('frame'))));
