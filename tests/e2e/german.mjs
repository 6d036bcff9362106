// A German browser (Chromium with de-DE): the home page, the event page, the answer, the mail,
// the personal page and the error page speak German; the switcher turns the page English.
import { base, check, launch, openPage, eventually, axeViolations, finish, hydrated, mailWith, reportCrashes } from './lib.mjs';

const maildir = process.argv[3];
const { browser, problems } = await launch();
reportCrashes(problems);
const page = await openPage(browser, problems, [], { locale: 'de-DE' });

await page.goto(`${base}/`);
await hydrated(page);
check(await page.evaluate(() => document.documentElement.lang) === 'de', '<html lang> says German');
check(await page.getByRole('heading', { name: 'Kommende Veranstaltungen' }).isVisible(), 'the home page lists "Kommende Veranstaltungen"');
check(await page.getByRole('link', { name: 'Sommerfest im Hof' }).isVisible(), "the card shows the event's German title");
check(await page.getByRole('link', { name: 'Grillfest', exact: true }).isVisible(), 'the kinds are German');
check(await axeViolations(page, 'home, de, light') === 0, 'axe-core finds no violations on the German home page (light)');
await page.emulateMedia({ colorScheme: 'dark' });
check(await axeViolations(page, 'home, de, dark') === 0, 'axe-core finds no violations on the German home page (dark)');
await page.emulateMedia({ colorScheme: 'light' });

await page.getByRole('link', { name: 'Sommerfest im Hof' }).click();
await page.waitForURL(`${base}/events/sommerfest`);
await hydrated(page);
for (const words of ['Wann', 'Wo', 'Plätze', 'In den Kalender', 'Kommen Sie?', 'Höchstens 20 Personen pro Antwort.']) {
  check(await page.getByText(words, { exact: true }).first().isVisible(), `the event page says "${words}"`);
}
await page.getByLabel('Ihr Name', { exact: true }).fill('Grete');
await page.getByLabel('E-Mail', { exact: true }).fill('grete@example.org');
await page.getByLabel('Wie viele Personen, Sie eingeschlossen?', { exact: true }).fill('2');
check(await axeViolations(page, 'event page, de') === 0, 'axe-core finds no violations on the German event page');
await page.getByRole('button', { name: 'Antwort senden' }).click();
check(await eventually(() => page.getByText('Danke! Wir haben an die angegebene Adresse geschrieben').first().isVisible()), 'the answer is acknowledged in German');

const mail = await mailWith(maildir, 'grete@example.org');
check(Boolean(mail) && mail.includes('Hallo Grete,') && mail.includes('Sie sind dabei (Gruppe von 2)'), 'the confirmation mail is German');
const link = mail?.match(/https?:\/\/[^\s]+\/rsvp\/[0-9a-z-]+/)?.[0];
check(Boolean(link), 'the mail carries the personal link');

await page.goto(link);
await hydrated(page);
check(await page.getByRole('heading', { name: 'Antwort ändern' }).isVisible(), 'the personal page is German');
check(await page.getByText('Sie sind dabei (Gruppe von 2).').isVisible(), 'and says where the answer stands');
check(await axeViolations(page, 'personal page, de') === 0, 'axe-core finds no violations on the German personal page');

// The switcher: one click, the same page in English.
await page.getByRole('button', { name: 'Show in English' }).click();
check(await eventually(() => page.getByRole('heading', { name: 'Change your answer' }).isVisible()), 'the switcher shows the same page in English');
check(page.url() === link, 'and stays on the page');
check(await page.evaluate(() => document.documentElement.lang) === 'en', '<html lang> follows');
await page.getByRole('button', { name: 'Auf Deutsch anzeigen' }).click();
check(await eventually(() => page.getByRole('heading', { name: 'Antwort ändern' }).isVisible()), 'and back to German');

const missing = await page.goto(`${base}/no/such/seite`);
check(missing.status() === 404, 'an unknown address answers 404');
check(await page.getByRole('heading', { name: 'Seite nicht gefunden' }).isVisible(), 'the 404 page is German');
check(await axeViolations(page, '404, de') === 0, 'axe-core finds no violations on the German 404 page');

await finish(browser, problems);
