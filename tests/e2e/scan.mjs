// Check-in staff at the door. The code field has the cursor; a guest found by name is checked
// in part by their typed code (1 of a party of 2), the field is cleared and has the cursor again,
// the counter moves; then the camera reads the rest of the party from a guest's QR code.
// Chromium's fake camera plays a video of that code (written by the test), so the whole path
// runs: camera permission, frames, the in-browser QR reader and the check-in itself. A second
// typed check-in is a warning, a wrong code an error tied to the field.
import { base, check, launch, openPage, eventually, axeViolations, finish, hydrated, expectFailure } from './lib.mjs';

const [video, session, slug] = process.argv.slice(3);
const { browser, page: first, problems } = await launch([
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-video-capture=${video}`,
]);
await first.close();
const staff = await openPage(browser, problems, [{ name: 'festplan_session', value: session }]);

const codeField = staff.locator('#check-in-code');
const focusedId = () => staff.evaluate(() => document.activeElement?.id || '');
const said = staff.locator('#door-said');
const counter = staff.locator('.door-counter');

await staff.goto(`${base}/events/${slug}/check-in`);
await hydrated(staff);
check(await focusedId() === 'check-in-code', 'the code field has the cursor when the page opens');
check((await counter.innerText()).includes('0 of 2 people arrived'), 'the counter starts at 0 of 2');

// A guest without their code: found by name as the helper types.
await staff.locator('#door-search-q').fill('ADA');
const row = staff.locator('.door-guest', { hasText: 'ada' });
check(await eventually(() => row.isVisible()), 'typing a name lists the confirmed guest');
check((await row.innerText()).includes('party of 2'), 'with the size of the party');
const code = await row.locator('input[name="code"]').inputValue();

// One of the party arrives now: the code typed as read aloud (lower case, spaces), 1 person.
await codeField.fill(code.toLowerCase().replaceAll('-', ' '));
await staff.locator('#check-in-people').fill('1');
await codeField.press('Enter');
check(await eventually(() => said.getByText(/Welcome, ada: 1 of 2 arrived at \d\d:\d\d/).isVisible()), 'part of the party checks in');
check(await said.evaluate((e) => e.classList.contains('door-welcome')), 'a welcome looks like one');
check(await codeField.inputValue() === '' && await staff.locator('#check-in-people').inputValue() === '', 'the fields are cleared');
check(await focusedId() === 'check-in-code', 'the code field has the cursor again');
check(await eventually(async () => (await counter.innerText()).includes('1 of 2 people arrived')), 'the counter counts the arrival');

// The rest of the party holds the code up to the camera.
await staff.getByRole('button', { name: 'Scan with the camera' }).click();
const opened = await eventually(() => staff.getByRole('button', { name: 'Stop the camera' }).isVisible());
check(opened, `the camera opens${opened ? '' : `: ${await staff.locator('.scanner').innerText()}`}`);
if (!opened) await finish(browser, problems);
check(await eventually(() => said.getByText(/Welcome, ada: 2 of 2 arrived at \d\d:\d\d/).isVisible()), 'the code held up to the camera checks the rest of the party in');
check(await eventually(async () => (await counter.innerText()).includes('2 of 2 people arrived')), 'the counter says all are in');
check(await axeViolations(staff, 'check-in with camera') === 0, 'axe-core finds no violations while the camera is open');
// The code stays in view: it is not checked in again and again.
await staff.waitForTimeout(4000);
check(await staff.getByText(/already checked in/).count() === 0, 'a code that stays in view is checked in once');
await staff.getByRole('button', { name: 'Stop the camera' }).click();
check(await eventually(() => staff.getByRole('button', { name: 'Scan with the camera' }).isVisible()), 'the camera closes');
check(await staff.locator('video').evaluate((v) => v.srcObject === null || v.srcObject.getTracks().every((t) => t.readyState === 'ended')),
  'closing turns the camera off');

// The same code once more: a warning saying when, not a welcome.
await codeField.fill(code);
await codeField.press('Enter');
check(await eventually(() => said.getByText(/ada \(party of 2\) was already checked in at \d\d:\d\d/).isVisible()), 'a second check-in says when the party arrived');
check(await said.evaluate((e) => e.classList.contains('door-warning') && !e.classList.contains('door-welcome')), 'and looks like a warning');
check(await codeField.inputValue() === '' && await focusedId() === 'check-in-code', 'the field is cleared and has the cursor');

// A wrong code: an error tied to the field, which is ready for the next try. The server refuses it
// with 422, which the browser logs: expected from here on.
expectFailure('/api/rsvp/check-in');
await codeField.fill('K7Q-X4M-X9P');
await codeField.press('Enter');
check(await eventually(() => staff.getByRole('alert').getByText('This code is not valid for this event.').isVisible()), 'a wrong code is an error');
check(await codeField.getAttribute('aria-invalid') === 'true', 'tied to the code field');
check(await codeField.inputValue() === '' && await focusedId() === 'check-in-code', 'the field is cleared and has the cursor after an error too');
check(await axeViolations(staff, 'check-in after an error') === 0, 'axe-core finds no violations after an error');

await finish(browser, problems);
