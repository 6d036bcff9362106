// The accessibility sweep: axe-core on every page of the app, as each audience sees it (a
// signed-out visitor, an organizer, a guest with their personal link, check-in staff), in
// English and German, light and dark; public pages also at a phone's size (its menu open). Pages an audience
// may not see are visited too: they must render an accessible not-found or sign-in page.
// Argument: a JSON plan {routes: [{path, public}], audiences: [{name, lang, locale, cookies,
// own: [{path, public}]}]} written by tests/tests/suite/sweep.rs.
import { base, check, launch, finish, axeFindings, phone, desktop } from './lib.mjs';

const plan = JSON.parse(process.argv[3]);
const started = Date.now();
const { browser, page: first, problems } = await launch();
await first.close();

let checks = 0;
const findings = [];
// What each audience's pages said in the console or failed to load (not the page's own status:
// a page the audience may not see answers 404 on purpose).
const noise = [];
const notes = [];
let unhydrated = 0;

async function sweep(audience) {
  const context = await browser.newContext({
    locale: audience.locale,
    timezoneId: 'Europe/Berlin',
    viewport: desktop,
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  if (audience.cookies.length) await context.addCookies(audience.cookies.map((c) => ({ ...c, url: base })));
  const page = await context.newPage();
  let current = '';
  page.on('pageerror', (err) => noise.push(`${audience.name}/${audience.lang} ${current}: page error: ${err.message}`));
  page.on('console', (msg) => {
    const own = msg.location().url === page.url() && msg.text().startsWith('Failed to load resource');
    if (msg.type() === 'error' && !own) noise.push(`${audience.name}/${audience.lang} ${current}: console: ${msg.text()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && res.url() !== page.url() && res.request().resourceType() !== 'document') {
      noise.push(`${audience.name}/${audience.lang} ${current}: HTTP ${res.status()} ${res.url()}`);
    }
  });
  const statuses = [];
  for (const route of [...plan.routes, ...(audience.own || [])]) {
    current = route.path;
    const response = await page.goto(`${base}${route.path}`, { waitUntil: 'load' });
    statuses.push(`${route.path} ${response?.status()}`);
    if (!response || response.status() >= 500) noise.push(`${audience.name}/${audience.lang} ${route.path}: HTTP ${response?.status()}`);
    // A page without its own policy (the nonce) gets the server's strict default, which blocks
    // its stylesheet and scripts: say so plainly, as the page's colours then fail too.
    const policy = (await response?.allHeaders())?.['content-security-policy'] || '';
    if (!policy.includes('nonce-')) noise.push(`${audience.name}/${audience.lang} ${route.path}: served without the page's own CSP (${policy})`);
    // Islands change the page when they come to life: check what a person then sees.
    // (The embed card is the server's own page, without islands or their loader.)
    const islands = await page.evaluate(() => Boolean(document.querySelector('leptos-island')));
    // A bundle of another build never comes to life (its console error is kept): after a few
    // such pages, wait no longer for the rest.
    if (islands) {
      await page.waitForSelector('html[data-hydrated]', { state: 'attached', timeout: unhydrated < 3 ? 20000 : 1000 }).catch(() => {
        unhydrated += 1;
        noise.push(`${audience.name}/${audience.lang} ${route.path}: never hydrated`);
      });
    }
    // A page in the other language is not an accessibility fault while <html lang> says which: noted, not failed.
    const lang = await page.evaluate(() => document.documentElement.lang);
    if (lang !== audience.lang) notes.push(`${audience.name}/${audience.lang} ${route.path}: <html lang="${lang}">`);
    const sizes = route.public ? [['desktop', desktop], ['phone', phone]] : [['desktop', desktop]];
    for (const [size, viewport] of sizes) {
      if (size !== 'desktop') {
        await page.setViewportSize(viewport);
        // On a phone the links fold behind the menu button: checked open, so the links are checked too.
        const menu = page.locator('header button[aria-expanded="false"]').first();
        if (await menu.isVisible()) await menu.click();
      }
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        const violations = await axeFindings(page);
        checks += 1;
        for (const v of violations) {
          findings.push({ path: route.path, audience: audience.name, lang: audience.lang, scheme, size, id: v.id, impact: v.impact,
            targets: v.nodes.map((n) => n.target.join(' ')), help: v.help });
        }
      }
      if (size !== 'desktop') await page.setViewportSize(desktop);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }
  console.log(`  ${audience.name} (${audience.lang}): ${statuses.join(', ')}`);
  await context.close();
}

// Two audiences at a time: the browser's renderers keep both cores busy without queueing.
const queue = [...plan.audiences];
await Promise.all([0, 1].map(async () => {
  while (queue.length) await sweep(queue.shift());
}));

for (const f of findings) {
  console.log(`  axe: ${f.path} [${f.audience}, ${f.lang}, ${f.scheme}, ${f.size}] ${f.id} (${f.impact}): ${f.help} — ${f.targets.join(', ')}`);
}
// The same finding on many combinations, once: which page, which rule, where.
const summary = new Map();
for (const f of findings) {
  const key = `${f.path} ${f.id}`;
  const seen = summary.get(key) || { combos: new Set(), targets: new Set() };
  seen.combos.add(`${f.audience}/${f.lang}/${f.scheme}/${f.size}`);
  f.targets.forEach((t) => seen.targets.add(t));
  summary.set(key, seen);
}
if (summary.size) console.log('  violations by page and rule:');
for (const [key, seen] of summary) {
  console.log(`    ${key}: ${seen.combos.size} combination(s); ${[...seen.targets].slice(0, 6).join(', ')}`);
}
const distinct = [...new Set(noise)];
for (const n of distinct.slice(0, 40)) console.log(`  ${n}`);
if (distinct.length > 40) console.log(`  … and ${distinct.length - 40} more like these`);
for (const n of notes) console.log(`  note: ${n}`);
const seconds = Math.round((Date.now() - started) / 1000);
console.log(`  ${checks} page checks (page × audience × language × scheme × size) in ${seconds} s`);
check(checks > 0 && findings.length === 0, `axe-core finds no violations in ${checks} page checks`);
check(noise.length === 0, 'every page hydrates and loads without a server error, console errors or failed requests');
await finish(browser, problems);
