// A lead sets up an event's packing line from nothing: the target, a sponsor and their item, a
// box checked in that falls short, a dispensing and the folding station, and a shift.
import { base, check, launch, openPage, eventually, axeViolations, finish, hydrated, reportCrashes, text } from './lib.mjs';

const [session, slug] = process.argv.slice(3);
const { browser, page: first, problems } = await launch();
await first.close();
reportCrashes(problems);
const lead = await openPage(browser, problems, [{ name: 'festplan_session', value: session }]);
const button = (name) => lead.getByRole('button', { name, exact: true });

await lead.goto(`${base}/events/${slug}/packing`);
await hydrated(lead);
check(await button('Set up the packing line').isVisible(), 'an event without a line offers to set one up');
check(await lead.locator('#sponsor-name').count() === 0, 'no sponsors before the line is set up');
check(await axeViolations(lead, 'leads, no line') === 0, 'axe-core finds no violations on the leads page before set-up');

await lead.locator('#line-target').fill('3000');
await lead.locator('#line-tables').fill('two long tables in hall B');
await button('Set up the packing line').click();
check(await eventually(() => button('Save the line').isVisible()), 'the line is set up');
await hydrated(lead);
check(await lead.locator('#line-target').inputValue() === '3000', 'the target is kept');

await lead.locator('#sponsor-name').fill('Acme');
await lead.locator('#sponsor-contact').fill('swag@acme.example');
await lead.locator('#sponsor-tier').fill('Gold');
await button('Add sponsor').click();
const sponsors = lead.locator('section[aria-labelledby="sponsors-heading"] ul');
check(await eventually(async () => (await text(sponsors)).includes('Acme')), 'the sponsor is listed');
await hydrated(lead);

await lead.locator('#item-sponsor').selectOption({ label: 'Acme' });
await lead.locator('#item-name').fill('pens');
await lead.locator('#item-per-bag').fill('1');
await lead.locator('#item-expected').fill('3000');
await lead.locator('#item-notes').fill('blue ink');
await button('Add item').click();
const items = lead.locator('table.packing-table');
check(await eventually(async () => (await text(items)).includes('pens')), 'the item is listed');
await hydrated(lead);

await lead.locator('#check-in-item').selectOption({ label: 'Acme: pens' });
await lead.locator('#check-in-received').fill('2600');
await lead.locator('#check-in-note').fill('one box of 400 missing');
await button('Check in').click();
check(await eventually(() => lead.getByRole('status').filter({ hasText: 'Checked in.' }).isVisible()), 'the box is checked in');
await hydrated(lead);
check(await lead.locator('h2#stock-heading').isVisible(), 'the stock against the target is shown');
const short = lead.locator('ul[aria-labelledby="short-heading"]');
check((await text(lead.locator('h3#short-heading'))) === 'Short of the target', 'a "Short of the target" list');
const shortLines = await short.locator('li').allInnerTexts();
check(shortLines.length === 1 && shortLines[0].endsWith(': 2,600 received for 3,000 bags'), `the item is short (${shortLines.join(' | ')})`);

await lead.locator('#station-name').fill('Table 1: pens');
await lead.locator('#station-kind').selectOption('dispense');
await lead.locator('#station-item').selectOption({ label: 'Acme: pens' });
await button('Add station').click();
const links = lead.locator('input[id^="station-link-"]');
check(await eventually(async () => (await links.count()) === 1), 'the dispensing station is added');
await hydrated(lead);
await lead.locator('#station-name').fill('Fold and stack');
await lead.locator('#station-kind').selectOption('fold');
await button('Add station').click();
check(await eventually(async () => (await links.count()) === 2), 'the folding station is added');
await hydrated(lead);
const stations = await lead.locator('ol.stations > li').allInnerTexts();
check(stations[0]?.includes('Table 1: pens') && stations[1]?.includes('Fold and stack'), 'the stations are in walking order');
const paths = await links.evaluateAll((inputs) => inputs.map((i) => i.value));
const keyed = new RegExp(`^/events/${slug}/packing/stations/\\d+\\?key=\\S+$`);
check(paths.length === 2 && paths.every((p) => keyed.test(p)), `each station has its phone's link (${paths.join(', ')})`);

await lead.locator('#shift-starts').fill('2030-07-04T09:00');
await lead.locator('#shift-ends').fill('2030-07-04T12:00');
await lead.locator('#shift-needed').fill('12');
await button('Add shift').click();
const shifts = lead.locator('section[aria-labelledby="shifts-heading"] ul.setup-list');
check(await eventually(async () => (await text(shifts)).includes('Thu 4 Jul, 09:00–12:00')), 'the shift is listed in the event\'s time');
await hydrated(lead);
check((await text(shifts)).includes('0 of 12 volunteers'), 'the shift needs twelve volunteers');
check(await axeViolations(lead, 'leads, set up') === 0, 'axe-core finds no violations on the leads page once set up');

await finish(browser, problems);
