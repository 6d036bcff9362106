// Keyboard only (Tab, Shift+Tab, Enter, Space, Escape and the arrow keys; typing into fields;
// no clicks): the skip link, a guest's RSVP on an event page, the phone menu and the door's code
// field. After each step the focus is where a keyboard user expects it, and the focused link,
// button or field shows a visible focus ring in the light and the dark scheme.
import { base, check, launch, openPage, eventually, finish, hydrated, reportCrashes, focused, describeFocus, focusIndicator, phone, desktop }
  from './lib.mjs';

const [slug, staffSession, code] = process.argv.slice(3);
const { browser, page: first, problems } = await launch();
await first.close();
reportCrashes(problems);

/// Presses `key` until the focus matches `wanted` (at most `max` presses); returns the focus then.
async function pressUntil(page, key, wanted, max = 40) {
  for (let n = 0; n < max; n += 1) {
    await page.keyboard.press(key);
    const f = await focused(page);
    if (wanted(f)) return f;
  }
  return focused(page);
}

/// The focused element shows a focus ring in both schemes, with 3:1 contrast against the page.
async function ringVisible(page, what) {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    const ring = await focusIndicator(page);
    check(ring.visible && (ring.contrast === null || ring.contrast >= 3),
      `${what} shows a visible focus ring (${scheme}: outline ${ring.outline}, shadow ${ring.boxShadow}, contrast ${ring.contrast})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const inMain = (page) => page.evaluate(() => document.getElementById('main')?.contains(document.activeElement) ?? false);

// 1. The skip link: the first Tab reaches it, Enter puts the focus on the content, and the next
// Tab goes on from there, not from the top of the page.
const guest = await openPage(browser, problems, [], { viewport: desktop, reducedMotion: 'reduce' });
await guest.goto(`${base}/events/${slug}`);
await hydrated(guest);
await guest.keyboard.press('Tab');
let f = await focused(guest);
check(f.classes?.includes('skip-link'), `the first Tab reaches the skip link (${describeFocus(f)})`);
check(await guest.locator('.skip-link').isVisible(), 'the focused skip link is visible');
await ringVisible(guest, 'the skip link');
await guest.keyboard.press('Enter');
check(await eventually(async () => (await focused(guest)).id === 'main'), `Enter on the skip link puts the focus on the content (${describeFocus(await focused(guest))})`);
await guest.keyboard.press('Tab');
f = await focused(guest);
check(await inMain(guest), `the next Tab stays in the content (${describeFocus(f)})`);
if (f.tag === 'a') await ringVisible(guest, `a link in the content (${describeFocus(f)})`);

// 2. The RSVP form: Tab to the answers, choose "Maybe" with an arrow key, fill the fields, step
// back with Shift+Tab, and send with Enter.
f = await pressUntil(guest, 'Tab', (x) => x.name === 'answer');
check(f.name === 'answer' && f.value === 'yes', `Tab reaches the answers, on the chosen "Yes" (${describeFocus(f)})`);
await ringVisible(guest, 'the answer radio button');
await guest.keyboard.press('ArrowDown');
f = await focused(guest);
check(f.name === 'answer' && f.value === 'maybe' && f.checked, `ArrowDown moves to "Maybe" and chooses it (${describeFocus(f)})`);
await guest.keyboard.press('Tab');
f = await focused(guest);
check(f.id === 'rsvp-name', `Tab leaves the answers for the name field (${describeFocus(f)})`);
await ringVisible(guest, 'the name field');
await guest.keyboard.type('Kim');
await guest.keyboard.press('Tab');
f = await focused(guest);
check(f.id === 'rsvp-email', `Tab goes on to the email field (${describeFocus(f)})`);
await guest.keyboard.type('kim@example.org');
f = await pressUntil(guest, 'Tab', (x) => x.id === 'rsvp-party', 3);
check(f.id === 'rsvp-party', `Tab reaches the party size (${describeFocus(f)})`);
await guest.keyboard.press('ArrowUp');
check((await focused(guest)).value === '2', 'ArrowUp makes the party two');
await guest.keyboard.press('Tab');
await guest.keyboard.press('Shift+Tab');
f = await focused(guest);
check(f.id === 'rsvp-party' && f.value === '2', `Shift+Tab steps back to the party size, still two (${describeFocus(f)})`);
f = await pressUntil(guest, 'Tab', (x) => x.tag === 'button' && x.type === 'submit', 8);
check(f.tag === 'button' && f.type === 'submit', `Tab reaches the send button (${describeFocus(f)})`);
await ringVisible(guest, 'the send button');
await guest.keyboard.press('Enter');
const notice = guest.locator('main [role="status"], main [role="alert"]').filter({ hasText: "We've mailed the address you gave" });
const sent = await eventually(() => notice.first().isVisible());
const said = sent ? '' : `: ${(await guest.locator('main [role="status"], main [role="alert"]').allInnerTexts()).join(' | ')}`;
check(sent, `Enter sends the answer and a status message says so${said}`);
await hydrated(guest);
f = await focused(guest);
const focusOnOutcome = await guest.evaluate(() => {
  const el = document.activeElement;
  return Boolean(el && el !== document.body && (el.closest('.rsvp-form, .rsvp-result') || el.matches('[role="status"], [role="alert"]')));
});
check(focusOnOutcome, `after sending, the focus is on the message or in the form, not back at the top of the page (${describeFocus(f)})`);

// 3. The phone menu: Enter opens it, its links follow, Escape closes it and gives the focus back
// to its button; Space opens it too.
const small = await openPage(browser, problems, [], { viewport: phone, isMobile: true, hasTouch: true, reducedMotion: 'reduce' });
await small.goto(`${base}/events/${slug}`);
await hydrated(small);
const isMenuButton = (x) => x.region === 'header' && ((x.tag === 'button' && x.expanded !== null) || x.tag === 'summary');
const menuOpen = () => small.evaluate(() => {
  const el = document.activeElement;
  const toggle = el?.closest('header')?.querySelector('button[aria-expanded], summary');
  return toggle ? toggle.getAttribute('aria-expanded') === 'true' || Boolean(toggle.closest('details')?.open) : null;
});
const navLinkVisible = () => small.locator('#site-nav a').first().isVisible();
f = await pressUntil(small, 'Tab', isMenuButton, 6);
const hasMenu = isMenuButton(f);
check(hasMenu, `on a phone, Tab reaches the menu button in the header (${describeFocus(f)})`);
if (hasMenu) {
  await ringVisible(small, 'the menu button');
  check(await menuOpen() === false && !(await navLinkVisible()), 'the menu starts closed');
  await small.keyboard.press('Enter');
  check(await eventually(async () => (await menuOpen()) === true && navLinkVisible()), 'Enter opens the menu and shows its links');
  await small.keyboard.press('Tab');
  f = await focused(small);
  check(await small.evaluate(() => document.getElementById('site-nav')?.contains(document.activeElement) ?? false),
    `Tab goes from the open menu's button into its links (${describeFocus(f)})`);
  await small.keyboard.press('Escape');
  f = await focused(small);
  check(isMenuButton(f) && await menuOpen() === false, `Escape closes the menu and gives the focus back to its button (${describeFocus(f)})`);
  await small.keyboard.press('Space');
  check(await eventually(async () => (await menuOpen()) === true), 'Space opens the menu too');
  await small.keyboard.press('Escape');
  f = await focused(small);
  check(isMenuButton(f) && await menuOpen() === false, `and Escape closes it again, the focus on its button (${describeFocus(f)})`);
}

// 4. The door: the code field has the focus; type the code, Enter, the welcome is announced and
// the cleared field has the focus for the next guest.
const door = await openPage(browser, problems, [{ name: 'festplan_session', value: staffSession }], { viewport: desktop, reducedMotion: 'reduce' });
await door.goto(`${base}/events/${slug}/check-in`);
await hydrated(door);
f = await focused(door);
if (f.id !== 'check-in-code') f = await pressUntil(door, 'Tab', (x) => x.id === 'check-in-code');
check(f.id === 'check-in-code', `the code field has the focus on arrival, or Tab reaches it (${describeFocus(f)})`);
await ringVisible(door, 'the code field');
await door.keyboard.type(code);
await door.keyboard.press('Enter');
const welcome = door.locator('[role="status"]').filter({ hasText: /Welcome, Ada/ });
check(await eventually(() => welcome.first().isVisible()), 'Enter checks the guest in and a status message welcomes them');
f = await focused(door);
check(f.id === 'check-in-code' && f.value === '', `the focus is back in the code field, cleared for the next guest (${describeFocus(f)}, "${f.value}")`);
await door.keyboard.type(code);
await door.keyboard.press('Enter');
check(await eventually(() => door.locator('[role="status"], [role="alert"]').filter({ hasText: /already checked in/ }).first().isVisible()),
  'the same code again says the party is already in');
f = await focused(door);
check(f.id === 'check-in-code' && f.value === '', `and the focus is in the cleared code field again (${describeFocus(f)})`);

await finish(browser, problems);
