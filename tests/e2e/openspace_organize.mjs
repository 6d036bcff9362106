// An organizer turns an open space on, then on another lays out a room and a slot, keeps a
// cell free, pins a session, places the rest, reads the figures and locks the schedule.
import { base, check, launch, openPage, eventually, axeViolations, finish, hydrated, reportCrashes, text } from './lib.mjs';

const [session, offSlug, slug, pinId, pinTitle] = process.argv.slice(3);
const { browser, page: first, problems } = await launch();
await first.close();
reportCrashes(problems);
const org = await openPage(browser, problems, [{ name: 'festplan_session', value: session }]);
const said = (words) => org.getByRole('status').filter({ hasText: words });

// An event whose open space is not on yet.
await org.goto(`${base}/events/${offSlug}/open-space/setup`);
await hydrated(org);
check(await org.getByRole('button', { name: 'Turn on the open space' }).isVisible(), 'the set-up offers to turn the open space on');
check(await org.getByRole('heading', { name: 'Rooms' }).count() === 0, 'no rooms before it is on');
check(await axeViolations(org, 'set-up, off') === 0, 'axe-core finds no violations on the set-up before it is on');
await org.getByLabel('Who may propose and vote').selectOption('accounts');
await org.getByRole('button', { name: 'Turn on the open space' }).click();
check(await eventually(() => org.getByRole('button', { name: 'Save settings' }).isVisible()), 'the open space is on');
check(await org.getByRole('heading', { name: 'Rooms' }).isVisible(), 'rooms and slots come next');
check(await org.getByLabel('Who may propose and vote').inputValue() === 'accounts', 'the settings are kept');

// A seeded open space with proposals and dots.
await org.goto(`${base}/events/${slug}/open-space/setup`);
await hydrated(org);
check(await axeViolations(org, 'set-up before placing') === 0, 'axe-core finds no violations on the set-up before placing');

await org.locator('#room-name').fill('Attic');
await org.locator('#room-capacity').fill('8');
await org.getByRole('button', { name: 'Add room', exact: true }).click();
check(await eventually(() => org.getByRole('button', { name: 'Remove room Attic' }).isVisible()), 'the room is added');
await hydrated(org);

await org.locator('#slot-starts').fill('2030-07-04T12:00');
await org.locator('#slot-ends').fill('2030-07-04T12:50');
await org.getByRole('button', { name: 'Add slot', exact: true }).click();
const when = 'Thu 4 Jul 12:00–12:50';
check(await eventually(() => org.getByRole('button', { name: `Remove slot ${when}` }).isVisible()), 'the slot is added');
await hydrated(org);

await org.getByLabel(`Why Garden, ${when} is kept free`).fill('Lunch');
await org.getByRole('button', { name: `Keep free: Garden, ${when}`, exact: true }).click();
check(await eventually(() => org.getByRole('button', { name: `Free: Garden, ${when}`, exact: true }).isVisible()), 'the cell is kept free');
check(await org.getByText('kept free: Lunch').isVisible(), 'the grid says why');
await hydrated(org);

await org.locator(`select#pin-${pinId}`).selectOption({ label: `${when}, Attic` });
await org.getByRole('button', { name: `Pin ${pinTitle}`, exact: true }).click();
check(await eventually(() => said(`“${pinTitle}” is pinned.`).isVisible()), 'the session is pinned');
await hydrated(org);

await org.getByRole('button', { name: 'Place sessions' }).click();
check(await eventually(() => said('Placed. Missed dots:').isVisible()), 'placing reports the missed dots');
await hydrated(org);
const figures = org.locator('table.figures');
check(await figures.isVisible(), 'the figures are shown');
const heads = await figures.locator('thead th').allInnerTexts();
check(['This placement', 'Greedy baseline', 'Lower bound'].every((h) => heads.includes(h)), `the figures compare with the baseline and the bound (${heads.join(' | ')})`);
const [placed, greedy, bound] = (await figures.locator('tbody td').allInnerTexts()).map((t) => Number(t.match(/\((\d+) of \d+\)/)?.[1]));
check(bound <= placed && placed <= greedy, `lower bound ≤ this placement ≤ greedy (${bound} ≤ ${placed} ≤ ${greedy})`);
check(placed >= 1, 'a voter with more sessions than slots misses dots, and the figures say so');

// The pinned session is in its cell: the Attic column of the 12:00 row.
const grid = org.locator('section[aria-labelledby="setup-grid-heading"] table');
const column = (await grid.locator('thead th').allInnerTexts()).indexOf('Attic');
const row = grid.locator('tbody tr', { has: org.locator('th', { hasText: when }) });
check(column > 0 && (await text(row.locator('td').nth(column - 1))).includes(`${pinTitle} (pinned)`), 'the pinned session is in its cell');
check((await text(org.locator('ul.pins li', { hasText: pinTitle }))).includes(`Attic, ${when}`), 'the pins list says where it is');
check((await text(row.locator('td').nth((await grid.locator('thead th').allInnerTexts()).indexOf('Garden') - 1))).includes('kept free: Lunch'),
  'the cell kept free stays free');
check(await axeViolations(org, 'set-up after placing') === 0, 'axe-core finds no violations on the set-up after placing');

await org.getByRole('button', { name: 'Lock the schedule' }).click();
check(await eventually(() => org.getByRole('button', { name: 'Unlock the schedule' }).isVisible()), 'the schedule is locked');
check(await org.getByText('The schedule is locked: unlock it to place or move sessions.').isVisible(), 'the page says placing waits for an unlock');
check(await axeViolations(org, 'set-up, locked') === 0, 'axe-core finds no violations on the locked set-up');

await finish(browser, problems);
