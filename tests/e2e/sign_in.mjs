// Sign in through the emailed link, see your name in the navigation, sign out.
import { base, check, launch, eventually, axeViolations, finish, hydrated, mailWith } from './lib.mjs';

const maildir = process.argv[3];
const { browser, page, problems } = await launch();

await page.goto(`${base}/sign-in`);
check(await axeViolations(page, 'sign-in') === 0, 'axe-core finds no violations on the sign-in page');
await hydrated(page);
await page.getByLabel('Email').first().fill('grace@example.org');
await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
check(await eventually(() => page.getByRole('status').filter({ hasText: 'Check your inbox' }).isVisible()),
  'the page says a link is on its way');

// Read the link from the mail the SMTP server received.
const mail = await mailWith(maildir, 'grace@example.org');
const link = mail && mail.match(/http:\/\/[^\s]+\/auth\/link\?token=[A-Za-z0-9_-]+/)?.[0];
check(Boolean(link) && link.startsWith(base), 'the mail carries a sign-in link to this server');

await page.goto(link);
await hydrated(page);
check(await axeViolations(page, 'link') === 0, 'axe-core finds no violations on the link page');
await page.getByRole('button', { name: 'Sign in to Festplan' }).click();
const named = await eventually(() => page.locator('#site-nav .user-name').filter({ hasText: 'grace' }).isVisible());
check(named, 'the navigation shows the signed-in name');

await page.goto(`${base}/account`);
await hydrated(page);
check(await page.getByRole('heading', { name: 'Your account' }).isVisible(), 'the account page opens');
check(await page.getByText('grace@example.org').first().isVisible(), 'the account page shows the email address');
check(await axeViolations(page, 'account') === 0, 'axe-core finds no violations on the account page');

await page.getByRole('button', { name: 'Sign out', exact: true }).click();
const signedOut = await eventually(() => page.locator('#site-nav').getByRole('link', { name: 'Sign in' }).isVisible());
check(signedOut, 'after signing out the navigation offers to sign in again');
const me = await (await page.request.get(`${base}/api/auth/me`)).json();
check(me === null, 'the server no longer knows the session');

await finish(browser, problems);
