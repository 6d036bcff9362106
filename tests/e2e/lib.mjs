// Shared set-up for browser journeys: Debian's Chromium through playwright-core,
// with every console error, page error and CSP violation collected.
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

export const base = process.argv[2];
if (!base) {
  console.error('usage: node <journey>.mjs http://127.0.0.1:PORT');
  process.exit(2);
}

let failures = 0;
// Requests a journey makes fail on purpose (a form the server refuses); every other failure counts.
const expectedFailures = ['/no/such/'];
export function expectFailure(urlPart) {
  expectedFailures.push(urlPart);
}
const expected = (url) => expectedFailures.some((part) => url.includes(part));
export function check(condition, what) {
  console.log(`${condition ? 'ok' : 'FAILED'} - ${what}`);
  if (!condition) failures += 1;
}

/// Starts Chromium; `extraArgs` adds switches (a fake camera, for example).
export async function launch(extraArgs = []) {
  const browser = await chromium.launch({
    executablePath: process.env.FESTPLAN_CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...extraArgs,
    ],
  });
  const problems = [];
  const page = await openPage(browser, problems);
  return { browser, page, problems };
}

/// A page in a fresh browser context (its own cookies), watched like the first one; `options`
/// adds context options (a phone's viewport and touch, for example).
export async function openPage(browser, problems, cookies = [], options = {}) {
  // A viewer far from the events' zone, so times shown "in your time" are visible and fixed.
  const context = await browser.newContext({ timezoneId: 'America/New_York', locale: 'en-US', ...options });
  if (cookies.length) await context.addCookies(cookies.map((c) => ({ ...c, url: base })));
  // The browser fires this event for each CSP violation; keep them where the journey can read them.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !expected(msg.location().url)) problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400 && !expected(res.url())) problems.push(`HTTP ${res.status()} ${res.url()}`);
  });
  return page;
}

/// The newest mail in a Maildir that mentions `needle`, with quoted-printable undone.
export async function mailWith(maildir, needle, seen = new Set()) {
  let found;
  await eventually(() => {
    const dir = join(maildir, 'new');
    let files = [];
    try { files = readdirSync(dir); } catch { return false; }
    for (const f of files) {
      if (seen.has(f)) continue;
      const text = readFileSync(join(dir, f), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      if (text.includes(needle)) { found = text; seen.add(f); return true; }
    }
    return false;
  });
  return found;
}

/// Waits until `probe` returns true, trying every 100 ms for up to `ms`.
export async function eventually(probe, ms = 15000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await probe()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/// Runs axe-core on the page as it is now; returns the number of violations, printing each.
export async function axeViolations(page, label) {
  const result = await new AxeBuilder({ page }).analyze();
  for (const v of result.violations) {
    console.log(`  axe (${label}): ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
  return result.violations.length;
}

export async function finish(browser, problems) {
  for (const p of problems) console.log(`  ${p}`);
  check(problems.length === 0, 'no console errors, page errors, failed requests or CSP violations');
  await browser.close();
  console.log(failures === 0 ? 'all checks passed' : `${failures} check(s) failed`);
  process.exit(failures === 0 ? 0 : 1);
}

/// Waits until the page's islands have come to life (at once on a page without islands).
export async function hydrated(page) {
  await page.waitForSelector('html[data-hydrated]', { state: 'attached', timeout: 30000 });
}

/// A step that throws (a page that never comes to life) still reports what the browser said.
export function reportCrashes(problems) {
  process.on('uncaughtException', (e) => {
    console.log(`FAILED - ${e.message.split('\n')[0]}`);
    for (const p of problems) console.log(`  ${p}`);
    process.exit(1);
  });
}

/// The text of `locator`, or '' when it is not there within 2 s.
export const text = (locator) => locator.innerText({ timeout: 2000 }).catch(() => '');

/// Sizes the sweep and the keyboard journey look at: a small phone and a laptop.
export const phone = { width: 390, height: 844 };
export const desktop = { width: 1280, height: 900 };

/// axe-core's violations on the page as it is now (the same rules as `axeViolations`), unprinted.
/// axe is put into the page once per document and run there: several checks of one page (light
/// and dark, phone and desktop) then cost a tenth of `AxeBuilder`'s, which loads it every time.
export async function axeFindings(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource());
  return page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations));
}
let axeScript;
const axeSource = () => (axeScript ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));

/// What has the keyboard focus: tag, id, name, type, role, classes, the start of its text and the
/// landmark it is in (`tag` is 'body' when the focus is nowhere in particular).
export async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return { tag: 'none' };
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id || '',
      name: el.getAttribute('name') || '',
      type: el.getAttribute('type') || '',
      role: el.getAttribute('role') || '',
      classes: [...el.classList],
      text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().split('\n')[0].slice(0, 60),
      value: 'value' in el ? String(el.value) : undefined,
      checked: 'checked' in el ? el.checked : undefined,
      expanded: el.getAttribute('aria-expanded'),
      region: el.closest('header') ? 'header' : el.closest('main') ? 'main' : el.closest('footer') ? 'footer' : '',
    };
  });
}

/// A short name for `focused(page)`'s answer, for messages.
export const describeFocus = (f) => `${f.tag}${f.id ? `#${f.id}` : ''}${f.name ? `[name=${f.name}]` : ''}${f.classes?.length ? `.${f.classes.join('.')}` : ''}${f.text ? ` "${f.text}"` : ''}`;

/// Whether the focused element shows where it is: a visible outline (style not none, width over
/// 0, a colour that is not transparent) or a box-shadow, and the outline's contrast against the
/// page behind it (WCAG 1.4.11 asks 3:1).
export async function focusIndicator(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { visible: false, why: 'nothing has the focus' };
    const style = getComputedStyle(el);
    const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    // The colour behind the element: the first ancestor with an opaque background.
    let back = [255, 255, 255];
    for (let node = el.parentElement; node; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0.9)) { back = c.slice(0, 3); break; }
    }
    const outlineColor = rgb(style.outlineColor);
    const transparent = outlineColor.length === 4 && outlineColor[3] === 0;
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && !transparent;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    const [a, b] = [lum(outlineColor.slice(0, 3)), lum(back)];
    const contrast = outline ? (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) : null;
    return {
      visible: Boolean(outline || shadow),
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      boxShadow: style.boxShadow,
      contrast: contrast && Math.round(contrast * 100) / 100,
      focusVisible: el.matches(':focus-visible'),
    };
  });
}
