// Check-in staff open the camera on the check-in page and hold a guest's QR code in front of it.
// Chromium's fake camera plays a video of that code (written by the test), so the whole path
// runs: camera permission, frames, the in-browser QR reader and the check-in itself.
import { base, check, launch, openPage, eventually, axeViolations, finish, hydrated } from './lib.mjs';

const [video, session, slug] = process.argv.slice(3);
const { browser, page: first, problems } = await launch([
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-video-capture=${video}`,
]);
await first.close();
const staff = await openPage(browser, problems, [{ name: 'festplan_session', value: session }]);

await staff.goto(`${base}/events/${slug}/check-in`);
await hydrated(staff);
await staff.getByRole('button', { name: 'Scan with the camera' }).click();
const opened = await eventually(() => staff.getByRole('button', { name: 'Stop the camera' }).isVisible());
check(opened, `the camera opens${opened ? '' : `: ${await staff.locator('.scanner').innerText()}`}`);
if (!opened) await finish(browser, problems);
check(await eventually(() => staff.getByText(/Welcome, ada: party of 2 checked in at \d\d:\d\d/).isVisible()), 'the code held up to the camera checks the party in');
check(await axeViolations(staff, 'check-in with camera') === 0, 'axe-core finds no violations while the camera is open');
// The code stays in view: it is not checked in again and again.
await staff.waitForTimeout(4000);
check(await staff.getByText(/already checked in/).count() === 0, 'a code that stays in view is checked in once');
await staff.getByRole('button', { name: 'Stop the camera' }).click();
check(await eventually(() => staff.getByRole('button', { name: 'Scan with the camera' }).isVisible()), 'the camera closes');
check(await staff.locator('video').evaluate((v) => v.srcObject === null || v.srcObject.getTracks().every((t) => t.readyState === 'ended')),
  'closing turns the camera off');

await finish(browser, problems);
