// The home page: rendered on the server, hydrated in the browser, accessible.
import { base, check, launch, eventually, axeViolations, finish, hydrated } from './lib.mjs';

const { browser, page, problems } = await launch();

// Server-side rendering: the HTML itself names Festplan and lists the events.
const raw = await (await page.request.get(`${base}/`)).text();
check(raw.includes('<h1>Festplan</h1>'), 'the server-rendered HTML names Festplan');
check(raw.includes('Developer &amp; admin BBQ'), 'the server-rendered HTML lists the upcoming BBQ');

const wasm = page.waitForResponse((r) => r.url().endsWith('/pkg/festplan_bg.wasm'));
await page.goto(`${base}/`);
check((await wasm).status() === 200, 'the wasm bundle loads');

// Once the app has taken over, the small-screen menu folds behind its button.
await page.setViewportSize({ width: 390, height: 800 });
await hydrated(page);
check(!(await page.locator('#site-nav').isVisible()), 'on a phone the menu starts folded');
const toggle = page.locator('button.nav-toggle');
const opens = await eventually(async () => {
  if ((await toggle.getAttribute('aria-expanded')) === 'true') return true;
  await toggle.click();
  return (await toggle.getAttribute('aria-expanded')) === 'true';
});
check(opens, 'after hydration the menu button opens the navigation');
check(await page.locator('#site-nav').isVisible(), 'the opened navigation is visible');

// Client-side navigation: the filter changes the list without reloading the page.
await page.evaluate(() => { window.__samePage = true; });
await page.getByRole('link', { name: 'Sprint', exact: true }).click();
const filtered = await eventually(async () =>
  page.url().endsWith('/?kind=sprint') && (await page.locator('.event-card').count()) === 1);
check(filtered, 'the Sprint filter shows only the sprint');
check(await page.locator('.event-card h3').first().innerText() === 'Code sprint', 'the sprint is the one listed');
check(await page.evaluate(() => window.__samePage === true), 'filtering happened without a page reload');

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
