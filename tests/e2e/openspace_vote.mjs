// A visitor of an open space open to anyone with the link takes part by name on a phone,
// proposes a session, puts two dots on a placed one and stars their own; the board, open on a
// desktop in another browser, follows the dots live without a reload.
import { readFileSync } from 'node:fs';
import { base, check, launch, openPage, eventually, axeViolations, finish, hydrated, reportCrashes, text } from './lib.mjs';

const [slug, placed] = process.argv.slice(3);
const mine = 'Sourdough for programmers';
const { browser, page: first, problems } = await launch();
await first.close();
reportCrashes(problems);

// The wall screen, on a desktop in a browser of its own.
const board = await openPage(browser, problems);
const stream = board.waitForResponse((r) => r.url().includes(`/events/${slug}/open-space/live`), { timeout: 30000 }).catch(() => null);
await board.goto(`${base}/events/${slug}/board`);
await hydrated(board);
check((await stream)?.status() === 200, 'the board follows the open space live');
const cell = board.locator('table.board-grid td', { has: board.locator('strong', { hasText: placed }) });
const boardDots = async () => Number((await text(cell.locator('.dots'))).match(/\d+/)?.[0] ?? NaN);
const before = await boardDots();
check(Number.isInteger(before), `the board shows the dots on "${placed}" (${before})`);
check((await text(board.locator('.board-status'))).includes('The schedule may still change.'), 'the board says the schedule may change');
check(await axeViolations(board, 'board') === 0, 'axe-core finds no violations on the board');
await board.evaluate(() => { window.notReloaded = true; });

// The visitor, on a phone.
const visitor = await openPage(browser, problems);
await visitor.setViewportSize({ width: 390, height: 844 });
await visitor.goto(`${base}/events/${slug}/open-space`);
await hydrated(visitor);
check(await visitor.getByText('Give your name below to propose and vote.').isVisible(), 'a visitor is asked for a name');
check(await visitor.getByRole('link', { name: 'Download my agenda (.ics)' }).count() === 0, 'a visitor has no agenda yet');
check(await axeViolations(visitor, 'open space, visitor on a phone') === 0, 'axe-core finds no violations on the open space (phone)');
const wide = await visitor.evaluate(() => document.documentElement.scrollWidth);
check(wide <= 390, `the page fits the phone's width (${wide}px)`);

await visitor.locator('#join-name').fill('Grace');
await visitor.getByRole('button', { name: 'Take part', exact: true }).click();
check(await eventually(() => visitor.getByText('Welcome, Grace.').isVisible()), 'taking part greets the visitor by name');
await hydrated(visitor);
const dotsLeft = () => text(visitor.locator('p.status-line'));
check((await dotsLeft()).includes('You have 5 dots left'), 'a participant starts with all their dots');
check(await visitor.getByRole('link', { name: 'Download my agenda (.ics)' }).isVisible(), 'a participant gets their agenda');

await visitor.locator('#propose-title').fill(mine);
await visitor.locator('#propose-description').fill('Bring a **starter**.');
await visitor.getByRole('button', { name: 'Propose', exact: true }).click();
check(await eventually(() => visitor.getByText('Your session is on the board.').isVisible()), 'proposing says the session is on the board');
await hydrated(visitor);
const card = (title) => visitor.locator('li.session-card', { has: visitor.getByRole('heading', { name: title, exact: true }) });
check(await card(mine).isVisible(), 'the new session is listed');
check((await text(card(mine).locator('.session-meta'))).includes('with Grace'), 'the proposer facilitates it');

// Two dots on a placed session; the board in the other browser follows each.
for (const n of [1, 2]) {
  await visitor.getByRole('button', { name: `Add a dot to ${placed}`, exact: true }).click();
  check(await eventually(async () => (await text(card(placed).locator('.my-dots'))) === `Your dots: ${n}`), `the visitor's card shows "Your dots: ${n}"`);
  await hydrated(visitor);
  check((await dotsLeft()).includes(`You have ${5 - n} dots left`), `the dots-left line says ${5 - n}`);
  const seen = await eventually(async () => (await boardDots()) === before + n);
  check(seen, `the board shows ${before + n} dots on "${placed}" without a reload (shows ${await boardDots()})`);
}
check(await board.evaluate(() => window.notReloaded === true), 'the board was not reloaded');
check(/Updated \d\d:\d\d\./.test(await text(board.locator('.board-status'))), 'the board says when it was updated');
check(await axeViolations(board, 'board after live updates') === 0, 'axe-core finds no violations on the updated board');

await visitor.getByRole('button', { name: `Star ${mine}`, exact: true }).click();
check(await eventually(() => visitor.getByRole('button', { name: `Unstar ${mine}`, exact: true }).isVisible()), 'the star holds');
await hydrated(visitor);
const myList = await text(visitor.locator('ul.my-sessions'));
check(myList.includes(mine) && myList.includes(placed), 'my sessions list the proposal and the voted one');
const agenda = visitor.getByRole('link', { name: 'Download my agenda (.ics)' });
check(await agenda.isVisible(), '"Download my agenda (.ics)" is offered');
const [download] = await Promise.all([visitor.waitForEvent('download', { timeout: 10000 }).catch(() => null), agenda.click()]);
check(download?.suggestedFilename() === `${slug}-my-agenda.ics`, 'the agenda downloads as a calendar file');
const ics = download ? readFileSync(await download.path(), 'utf8') : '';
check(ics.includes('BEGIN:VCALENDAR') && ics.includes(`SUMMARY:${placed}`), 'the agenda holds the placed session voted for');
check(await axeViolations(visitor, 'open space, participant on a phone') === 0, 'axe-core finds no violations on the open space after voting (phone)');

await finish(browser, problems);
