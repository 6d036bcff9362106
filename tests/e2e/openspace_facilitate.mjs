// Two proposers of the same topic: A asks to merge into B's session, B accepts (the dots carry
// over up to the per-session limit), then B moves the merged session by what each cell costs.
import { base, check, launch, openPage, eventually, axeViolations, finish, hydrated, reportCrashes, text } from './lib.mjs';

const [sessionA, sessionB, slug, aId, bId] = process.argv.slice(3);
const [aTitle, bTitle] = ['Raspberry Pis', 'Deploying lots of Raspberry Pis'];
const { browser, page: first, problems } = await launch();
await first.close();
reportCrashes(problems);
const pageOf = (id) => `${base}/events/${slug}/open-space/sessions/${id}`;
const dotsOn = async (page, id) => Number(await text(page.locator(`dl.facts [data-dots-for="${id}"]`)));
const whereAndWhen = (page) => text(page.locator('dl.facts dt:text-is("Where and when") + dd'));

// A asks to join B's session.
const ada = await openPage(browser, problems, [{ name: 'festplan_session', value: sessionA }]);
await ada.goto(pageOf(aId));
await hydrated(ada);
check(await ada.getByRole('heading', { level: 1, name: aTitle, exact: true }).isVisible(), "A's session page opens");
check(await ada.getByRole('heading', { name: 'Merge into another session' }).isVisible(), 'its proposer may merge it');
const aDots = await dotsOn(ada, aId);
check(aDots > 0, `A's session has dots (${aDots})`);
check(await axeViolations(ada, "A's session page") === 0, "axe-core finds no violations on A's session page");
await ada.locator('#merge-into').selectOption({ label: bTitle });
await ada.getByRole('button', { name: 'Ask to merge', exact: true }).click();
check(await eventually(() => ada.getByText(`Asked the facilitators of “${bTitle}”`).isVisible()), 'asking says who decides');
check(await ada.getByText(`Into “${bTitle}”: waiting for its facilitators.`).isVisible(), 'the request waits on A’s page');

// B accepts.
const bob = await openPage(browser, problems, [{ name: 'festplan_session', value: sessionB }]);
await bob.goto(pageOf(bId));
await hydrated(bob);
const bDots = await dotsOn(bob, bId);
check(await bob.getByText(`“${aTitle}” asks to join this session.`).isVisible(), "B's page shows the request");
check(await axeViolations(bob, "B's session page with a merge request") === 0, "axe-core finds no violations on B's session page");
await bob.getByRole('button', { name: `Accept merging ${aTitle}`, exact: true }).click();
const said = bob.getByRole('status').filter({ hasText: `Merged: “${aTitle}” is now part of “${bTitle}”` });
check(await eventually(() => said.isVisible()), 'accepting says the sessions are one');
await hydrated(bob);
const back = (await text(said)).includes('1 dot over the per-session limit went back to its voter') ? 1 : 0;
check(back === 1, 'a dot over the per-session limit goes back to its voter');
const merged = await dotsOn(bob, bId);
check(merged === bDots + aDots - back, `the dots carry over (${bDots} + ${aDots} − ${back} = ${merged})`);
check((await text(bob.locator('dl.facts dt:text-is("Facilitators") + dd'))).includes('ada'), 'A facilitates the merged session too');

const list = await openPage(browser, problems, [{ name: 'festplan_session', value: sessionB }]);
await list.goto(`${base}/events/${slug}/open-space`);
await hydrated(list);
const titles = await list.locator('.session-list li.session-card h3').allInnerTexts();
check(!titles.includes(aTitle) && titles.includes(bTitle), `A's session is gone from the participants' page (${titles.join(' | ')})`);
check(await axeViolations(list, "participants' page after the merge") === 0, "axe-core finds no violations on the participants' page");
await list.close();

// B moves the session by what it costs.
check(await bob.locator('#move-heading').isVisible(), 'the move screen is there');
const option = bob.locator('li.move-option', { has: bob.getByRole('button', { name: /^Move here: / }) }).first();
const cost = await text(option.locator('p.move-cost'));
check(/^\d+ of its voters have another session then; missed dots (\+\d+|−\d+|±0)/.test(cost), `a cell says what moving there costs ("${cost}")`);
const button = option.getByRole('button', { name: /^Move here: / });
const cell = (await button.getAttribute('aria-label')).replace('Move here: ', '');
const from = await whereAndWhen(bob);
check(from !== cell, `the session is elsewhere now (${from})`);
await button.click();
check(await eventually(() => bob.getByRole('status').filter({ hasText: 'Moved.' }).isVisible()), 'moving says so');
await hydrated(bob);
const now = await whereAndWhen(bob);
check(now === cell, `"Where and when" shows the new room and time (${now})`);
check(await axeViolations(bob, "B's session page after the move") === 0, "axe-core finds no violations on B's session page after the move");

await finish(browser, problems);
