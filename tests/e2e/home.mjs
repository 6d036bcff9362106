// The home page: rendered on the server, light on a phone, accessible.
import { base, check, launch, eventually, axeViolations, finish, hydrated } from './lib.mjs';

const { browser, page, problems } = await launch();

// Server-side rendering: the HTML itself names Festplan and lists the events.
const raw = await (await page.request.get(`${base}/`)).text();
check(raw.includes('<h1>Festplan</h1>'), 'the server-rendered HTML names Festplan');
check(raw.includes('Developer &amp; admin BBQ'), 'the server-rendered HTML lists the upcoming BBQ');

// The home page has nothing to hydrate: it loads no script bundle and no wasm at all.
const bundles = [];
page.on('request', (r) => { if (/\.(wasm|js)$/.test(new URL(r.url()).pathname)) bundles.push(r.url()); });
await page.setViewportSize({ width: 390, height: 800 });
await page.goto(`${base}/`);
await hydrated(page);
check(bundles.length === 0, `the home page loads no script or wasm bundle${bundles.length ? `: ${bundles.join(', ')}` : ''}`);

// On a phone the navigation folds behind the menu button (no wasm needed), which opens it.
const menu = page.getByRole('button', { name: 'Menu' });
check(await menu.getAttribute('aria-expanded') === 'false', 'on a phone the menu starts closed');
await menu.click();
check(await page.locator('#site-nav').getByRole('link', { name: 'Sign in' }).isVisible(), 'the menu button shows the navigation links');

// The filter is a plain link: the page it opens lists only the sprint.
await page.getByRole('link', { name: 'Sprint', exact: true }).click();
const filtered = await eventually(async () =>
  page.url().endsWith('/?kind=sprint') && (await page.locator('.event-card').count()) === 1);
check(filtered, 'the Sprint filter shows only the sprint');
check(await page.locator('.event-card h3').first().innerText() === 'Code sprint', 'the sprint is the one listed');
check(await page.getByRole('link', { name: 'Sprint', exact: true }).getAttribute('aria-current') === 'true', 'the chosen filter is marked');

await page.setViewportSize({ width: 1280, height: 900 });
check(await axeViolations(page, 'light') === 0, 'axe-core finds no violations (light scheme)');
await page.emulateMedia({ colorScheme: 'dark' });
check(await axeViolations(page, 'dark') === 0, 'axe-core finds no violations (dark scheme)');

// The not-found page is a real page too.
const missing = await page.goto(`${base}/no/such/page`);
check(missing.status() === 404, 'an unknown address answers 404');
check(await page.getByRole('heading', { name: 'Page not found' }).isVisible(), 'the 404 page says so');
check(await axeViolations(page, '404') === 0, 'axe-core finds no violations on the 404 page');

await finish(browser, problems);
