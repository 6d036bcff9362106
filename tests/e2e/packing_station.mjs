// A volunteer at the folding station taps on a phone: twice online, then with the hall's Wi-Fi
// gone three times, a reload without a network (the service worker keeps the screen), two more
// taps, and the network back. Every tap arrives once; the live line, open on a lead's desktop,
// follows without a reload.
import { base, check, launch, openPage, eventually, axeViolations, finish, hydrated, reportCrashes, text } from './lib.mjs';

const [session, slug, stationPath] = process.argv.slice(3);
const { browser, page: first, problems } = await launch();
await first.close();
reportCrashes(problems);
const words = async (locator) => (await text(locator)).replace(/\s+/g, ' ').trim();

// The live line on the lead's desktop, open the whole time.
const board = await openPage(browser, problems, [{ name: 'festplan_session', value: session }]);
const stream = board.waitForResponse((r) => r.url().includes(`/events/${slug}/packing/live`), { timeout: 30000 }).catch(() => null);
await board.goto(`${base}/events/${slug}/packing/line`);
await hydrated(board);
check((await stream)?.status() === 200, 'the live line follows the line');
check((await words(board.locator('#line-bags'))) === '0 of 100 bags', 'the live line starts at 0 of 100 bags');
check(await axeViolations(board, 'live line') === 0, 'axe-core finds no violations on the live line');
await board.evaluate(() => { window.notReloaded = true; });

// The phone at the folding station.
const phone = await openPage(browser, problems, [], { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
const context = phone.context();
const bagDone = phone.getByRole('button', { name: 'Bag done', exact: true });
const pending = () => text(phone.locator('#pending'));
const waiting = (n) => eventually(async () => (await pending()) === `${n} ${n === 1 ? 'tap' : 'taps'} waiting to sync`);
await phone.goto(`${base}${stationPath}`);
await hydrated(phone);
check(await phone.getByRole('heading', { name: 'Fold and stack' }).isVisible(), 'the phone shows its station');
check(await eventually(() => bagDone.isEnabled()), 'the "Bag done" button works once the screen runs');
check(await phone.getByRole('button').filter({ hasText: /Refill opened|Running low|Out/ }).count() === 0, 'the folding station has one button');
check((await pending()) === '0 taps waiting to sync', 'nothing waits at first');
check(await axeViolations(phone, 'station screen, phone') === 0, 'axe-core finds no violations on the station screen (phone)');
const wide = await phone.evaluate(() => document.documentElement.scrollWidth);
check(wide <= 390, `the station screen fits the phone's width (${wide}px)`);

for (let n = 0; n < 2; n += 1) await bagDone.tap();
check(await waiting(0), `two taps online are sent ("${await pending()}")`);
check(/^Last synced \d\d:\d\d:\d\d$/.test(await text(phone.locator('#synced'))), 'the screen says when it last synced');
check(await eventually(async () => (await words(board.locator('#line-bags'))) === '2 of 100 bags'), 'the live line shows 2 bags');

// The service worker keeps the screen and its bundle before the network goes.
const kept = await eventually(() =>
  phone.evaluate(async () => {
    if (!navigator.serviceWorker.controller) return false;
    const keys = await (await caches.open('festplan-station-v1')).keys();
    const urls = keys.map((r) => { const u = new URL(r.url); return u.pathname + u.search; });
    return urls.includes(location.pathname + location.search) && urls.some((u) => u.startsWith('/pkg/') && u.endsWith('_bg.wasm'));
  }), 20000);
check(kept, 'a service worker controls the screen and keeps it and its bundle');

await context.setOffline(true);
for (let n = 0; n < 3; n += 1) await bagDone.tap();
check(await waiting(3), `three taps offline wait on the phone ("${await pending()}")`);
check(await eventually(async () => (await text(phone.locator('#sync-note'))).startsWith('No connection')), 'the screen says there is no connection');
check((await words(phone.locator('#line-bags'))) === 'Bags done: 5 of 100', 'the phone counts its waiting bags');

const reloaded = await phone.reload().catch((e) => { console.log(`  reload: ${e.message.split('\n')[0]}`); return null; });
check(reloaded?.ok() && reloaded.fromServiceWorker(), 'the screen reloads without a network, from the service worker');
await hydrated(phone);
check(await phone.getByRole('heading', { name: 'Fold and stack' }).isVisible(), 'the reloaded screen still shows the station');
check(await eventually(() => bagDone.isEnabled()), 'the reloaded screen comes to life');
check(await waiting(3), `the three taps still wait after the reload ("${await pending()}")`);
check((await words(phone.locator('#line-bags'))) === 'Bags done: 5 of 100',
  `the reloaded screen counts the bags it knew ("${await words(phone.locator('#line-bags'))}")`);
for (let n = 0; n < 2; n += 1) await bagDone.tap();
check(await waiting(5), `two more taps make five waiting ("${await pending()}")`);
check((await words(phone.locator('#line-bags'))) === 'Bags done: 7 of 100', 'the phone counts seven bags before they are sent');
check((await words(board.locator('#line-bags'))) === '2 of 100 bags', 'the live line counts nothing that has not arrived');

await context.setOffline(false);
check(await waiting(0), `back online, every waiting tap is sent ("${await pending()}")`);
check(await eventually(async () => (await words(board.locator('#line-bags'))) === '7 of 100 bags'),
  `the live line reaches 7 of 100 bags without a reload ("${await words(board.locator('#line-bags'))}")`);
check(/^Updated \d\d:\d\d:\d\d$/.test(await text(board.locator('#line-updated'))), 'the live line says when it was updated');
check(await board.evaluate(() => window.notReloaded === true), 'the live line was not reloaded');
check(await eventually(async () => (await words(phone.locator('#line-bags'))) === 'Bags done: 7 of 100'),
  `the phone shows the line's 7 bags ("${await words(phone.locator('#line-bags'))}")`);
check(await axeViolations(phone, 'station screen after syncing') === 0, 'axe-core finds no violations on the station screen after syncing');
check(await axeViolations(board, 'live line after taps') === 0, 'axe-core finds no violations on the live line with bags and a chart');
check(await board.locator('svg[role="img"]').count() === 1, 'the live line draws its chart');

await finish(browser, problems);
