// A visitor without an account signs up for a shift at a station.
import { base, check, launch, eventually, axeViolations, finish, hydrated } from './lib.mjs';

const [slug, shift, station] = process.argv.slice(3);
const { browser, page, problems } = await launch();
process.on('uncaughtException', (e) => {
  console.log(`FAILED - ${e.message.split('\n')[0]}`);
  for (const p of problems) console.log(`  ${p}`);
  process.exit(1);
});

await page.goto(`${base}/events/${slug}/packing/volunteer`);
await hydrated(page);
check(await page.locator(`#job-${shift}`).isVisible(), 'the shift offers its jobs');
check(await axeViolations(page, 'volunteer sign-up') === 0, 'axe-core finds no violations on the sign-up');
await page.locator(`#job-${shift}`).selectOption({ label: 'At a station' });
await page.locator(`#station-${shift}`).selectOption({ label: station });
await page.locator(`#name-${shift}`).fill('Ada Lovelace');
await page.locator(`#email-${shift}`).fill('ada@example.org');
await page.getByRole('button', { name: /^Sign up for / }).click();
const notice = page.getByRole('status').filter({ hasText: 'Thank you, Ada Lovelace' });
check(await eventually(() => notice.isVisible()), 'the sign-up is confirmed');
await hydrated(page);
check((await notice.innerText()).includes(`at the ${station} station`), 'the notice names the station');
check(await page.getByText(`Ada Lovelace, at ${station}`).isVisible(), 'the shift lists the volunteer');
check(await axeViolations(page, 'volunteer sign-up, signed up') === 0, 'axe-core finds no violations after signing up');

await finish(browser, problems);
