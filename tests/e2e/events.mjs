// An organizer creates and publishes a BBQ; a guest RSVPs with a party of 3 and a dietary
// answer, gets the mail, follows its link and cancels; the next guest waits, then moves up.
import { base, check, launch, openPage, eventually, axeViolations, finish, hydrated, mailWith, expectFailure } from './lib.mjs';

const [maildir, session] = process.argv.slice(3);
const { browser, page: first, problems } = await launch();
await first.close();
const organizer = await openPage(browser, problems, [{ name: 'festplan_session', value: session }]);

// The organizer's draft.
await organizer.goto(`${base}/events/new`);
await hydrated(organizer);
check(await axeViolations(organizer, 'new event') === 0, 'axe-core finds no violations on the editor');
await organizer.getByLabel('Title', { exact: true }).fill('Developer BBQ');
await organizer.getByLabel('Kind', { exact: true }).selectOption('bbq');
await organizer.getByLabel('Starts (local time at the venue)', { exact: true }).fill('2099-04-30T14:00');
// An end before the start: the server says so beside the form (a 422 the journey expects), and nothing typed is lost.
expectFailure('/api/events/create');
await organizer.getByLabel('Ends', { exact: true }).fill('2099-04-29T22:00');
await organizer.getByRole('button', { name: 'Create draft' }).click();
check(await eventually(() => organizer.getByRole('alert').filter({ hasText: 'the end must not be before the start' }).isVisible()),
  'a refused draft shows why beside the form');
check(await organizer.getByLabel('Title', { exact: true }).inputValue() === 'Developer BBQ', 'the refused form keeps what was typed');
check(organizer.url() === `${base}/events/new`, 'the refused form stays on its page');
await organizer.getByLabel('Ends', { exact: true }).fill('2099-04-30T22:00');
await organizer.getByLabel('Venue', { exact: true }).fill('Hof am Werk');
await organizer.getByLabel('Places (empty: no limit)', { exact: true }).fill('3');
await organizer.getByLabel('Description (Markdown)', { exact: true }).fill('Bring **your own** mug.');
await organizer.getByRole('button', { name: 'Create draft' }).click();
await organizer.waitForURL(`${base}/events/developer-bbq`);
check(await eventually(() => organizer.getByText('Draft: only organizers').isVisible()), 'the new event opens as a draft');
check(await axeViolations(organizer, 'draft event page') === 0, 'axe-core finds no violations on the draft event page');

// Files download when clicked; the page router leaves them alone.
for (const [name, file] of [['Attendees as CSV', 'developer-bbq-attendees.csv'], ['Calendar file (.ics)', 'developer-bbq.ics']]) {
  const [download] = await Promise.all([organizer.waitForEvent('download', { timeout: 10000 }).catch(() => null), organizer.getByRole('link', { name }).click()]);
  check(download?.suggestedFilename() === file, `"${name}" downloads ${file}`);
  check(organizer.url() === `${base}/events/developer-bbq`, `"${name}" leaves the page where it was`);
}

await organizer.getByRole('link', { name: 'Edit event' }).click();
await hydrated(organizer);
check(await organizer.getByText('Every RSVP form already asks for dietary needs').isVisible(), 'dietary needs are asked once, by the form itself');
await organizer.getByRole('button', { name: 'Publish' }).click();
check(await eventually(() => organizer.getByRole('button', { name: 'Unpublish' }).isVisible()), 'the event is published');
check(await axeViolations(organizer, 'edit event') === 0, 'axe-core finds no violations on the edit page');

// A guest answers for three.
const guest = await openPage(browser, problems);
await guest.goto(`${base}/events/developer-bbq`);
await hydrated(guest);
check(await guest.getByText('3 of 3 places left').isVisible(), 'the page shows the free places');
const viewerTime = await eventually(() => guest.getByText(/Your time: .*Apr 30.*08:00.*EDT/).isVisible());
if (!viewerTime) console.log(`  facts: ${await guest.locator('.facts').innerText()}`);
check(viewerTime, "the start is shown in the viewer's time too");
check(await axeViolations(guest, 'event page') === 0, 'axe-core finds no violations on the event page');
// From the keyboard, after the page came to life: the first Tab reaches "Skip to content", and
// Enter puts the focus on the content.
await guest.keyboard.press('Tab');
check(await guest.evaluate(() => document.activeElement?.classList.contains('skip-link')), 'the first Tab reaches the skip link');
await guest.keyboard.press('Enter');
check(await eventually(() => guest.evaluate(() => document.activeElement?.id === 'main')), 'Enter on the skip link moves the focus to the content');
// "Add to calendar": the file, and the event prefilled in Google's and Outlook's web calendars.
const google = await guest.getByRole('link', { name: 'Google', exact: true }).getAttribute('href');
check(google.startsWith('https://calendar.google.com/calendar/render?action=TEMPLATE') && google.includes('text=Developer+BBQ'), `the Google link carries the event (${google})`);
const outlook = await guest.getByRole('link', { name: 'Outlook', exact: true }).getAttribute('href');
check(outlook.startsWith('https://outlook.live.com/calendar/0/deeplink/compose?') && outlook.includes('subject=Developer+BBQ'), 'the Outlook link carries the event');
check(await guest.getByText('At most 20 people per answer.').first().isVisible(), 'the form states the largest party');
await guest.getByLabel('Your name', { exact: true }).fill('Grace');
await guest.getByLabel('Email', { exact: true }).fill('grace@example.org');
await guest.getByLabel('How many people, you included?', { exact: true }).fill('3');
await guest.getByLabel('Dietary needs (optional)', { exact: true }).fill('2 vegetarian');
await guest.getByRole('button', { name: 'Send my answer' }).click();
// A guest without an account hears the same reply whoever answered before; the mail tells the rest.
check(await eventually(() => guest.getByText("We've mailed the address you gave").first().isVisible()), 'the guest is told to look in the mail');
check(await eventually(() => guest.getByText('Full: new answers join the waitlist.').isVisible()), 'the event now shows as full');

// The next guest joins the waitlist.
const next = await openPage(browser, problems);
await next.goto(`${base}/events/developer-bbq`);
await hydrated(next);
await next.getByLabel('Your name', { exact: true }).fill('Linus');
await next.getByLabel('Email', { exact: true }).fill('linus@example.org');
// On a full event the button says what the answer does.
await next.getByRole('button', { name: 'Join the waitlist' }).click();
check(await eventually(() => next.getByText("We've mailed the address you gave").isVisible()), 'the next guest is told to look in the mail');
const waiting = await mailWith(maildir, 'linus@example.org');
check(Boolean(waiting) && waiting.includes('number 1 on the waitlist'), 'the next guest is mailed that they are first on the waitlist');
check(await axeViolations(next, 'event page with a waitlist answer') === 0, 'axe-core finds no violations on the page of a full event');

// A guest whose browser runs no scripts answers through the plain form: it posts, the server
// redirects back, and the page says what happened.
const plainContext = await browser.newContext({ javaScriptEnabled: false, timezoneId: 'America/New_York', locale: 'en-US' });
const plain = await plainContext.newPage();
await plain.goto(`${base}/events/developer-bbq`);
await plain.getByLabel('Your name', { exact: true }).fill('Ada');
await plain.getByLabel('Email', { exact: true }).fill('ada@example.org');
await plain.getByLabel('Maybe', { exact: true }).check();
await plain.getByRole('button', { name: 'Join the waitlist' }).click();
await plain.waitForLoadState();
// (server_fn rebuilds the address without its error fields and leaves a bare "?".)
check(plain.url().replace(/\?$/, '') === `${base}/events/developer-bbq`, `without scripts the answer comes back to the event page (${plain.url()}: ${await plain.locator('.rsvp-form .form-error').innerText().catch(() => '')})`);
check(await plain.getByRole('status').filter({ hasText: "We've mailed the address you gave" }).isVisible(), 'without scripts the page says the answer was taken');
await plain.reload();
check(await plain.getByText("We've mailed the address you gave").count() === 0, 'the notice shows once');
await plainContext.close();

// Grace's mail links to her RSVP; she cancels there.
const mail = await mailWith(maildir, 'grace@example.org');
const link = mail && mail.match(/http:\/\/[^\s]+\/rsvp\/[0-9]+-[0-9a-f]+/)?.[0];
check(Boolean(link), 'the confirmation mail carries a personal link');
check(Boolean(mail) && mail.includes('text/calendar'), 'the confirmation mail carries a calendar entry');
await guest.goto(link);
await hydrated(guest);
check(await guest.getByText("You're going (party of 3).").isVisible(), 'the personal page shows the answer');
check(await guest.getByRole('img', { name: /QR code for check-in code/ }).isVisible(), 'the personal page shows the check-in QR code');
check(await axeViolations(guest, 'RSVP link') === 0, 'axe-core finds no violations on the personal page');
await guest.getByLabel('No', { exact: true }).check();
await guest.getByRole('button', { name: 'Save' }).click();
check(await eventually(() => guest.getByText('Noted: not going').isVisible()), 'the cancellation is confirmed');

// Linus moved up, and the organizer sees it.
const promotion = await mailWith(maildir, 'you have a place');
check(Boolean(promotion), 'the waitlisted guest is told a place is theirs');
const code = promotion?.match(/Your check-in code: ([0-9A-Z]{3}(?:-[0-9A-Z]{3})+)/)?.[1];
check(Boolean(code), 'the mail carries a check-in code');
await organizer.goto(`${base}/events/developer-bbq/attendees`);
await hydrated(organizer);
const row = organizer.getByRole('row', { name: /Linus/ });
check(await eventually(async () => (await row.innerText()).includes('Going')), 'the attendee list shows Linus going');
check(await organizer.getByText('2 vegetarian').isVisible(), 'dietary notes are listed for the organizer');
check(await organizer.getByRole('heading', { name: 'Dietary needs' }).isVisible(), 'the dietary summary is shown');
check(await axeViolations(organizer, 'attendees') === 0, 'axe-core finds no violations on the attendee list');

// The attendee list, left open in a second tab, follows the door live.
const watcher = await organizer.context().newPage();
await watcher.goto(`${base}/events/developer-bbq/attendees`);
await hydrated(watcher);
const arrived = async (n) => (await watcher.locator('ul.counts').first().innerText()).includes(`${n} checked in`);
check(await arrived(0), 'nobody has arrived yet');

// At the entrance.
await organizer.goto(`${base}/events/developer-bbq/check-in`);
await hydrated(organizer);
await organizer.getByLabel('Code (scan or type)', { exact: true }).fill(code);
await organizer.getByRole('button', { name: 'Check in' }).click();
check(await eventually(() => organizer.getByText('Welcome, Linus: party of 1').isVisible()), 'check-in greets the party');
check(await eventually(() => arrived(1)), 'the open attendee list counts the arrival without a reload');
await organizer.getByLabel('Code (scan or type)', { exact: true }).fill(code);
await organizer.getByRole('button', { name: 'Check in' }).click();
check(await eventually(() => organizer.getByText(/already checked in at \d\d:\d\d/).isVisible()), 'a second scan says when they arrived');
check(await axeViolations(organizer, 'check-in') === 0, 'axe-core finds no violations on the check-in page');

await finish(browser, problems);
