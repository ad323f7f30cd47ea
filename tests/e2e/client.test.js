// The client in real Chromium against the real server and the seed content.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityViolations, crampedControls, screenshot, serverAndBrowser, takenOver } from './support.js';

const env = serverAndBrowser();

async function open(path) {
  const page = await env.browser.newPage({ locale: 'fr-FR' });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  await page.goto(env.server.url + path);
  await page.locator('main h1').first().waitFor();
  await takenOver(page);
  return { page, errors };
}

const count = (page) => page.locator('p.count').textContent();

test('search, filter, open a detail, come back to the same state, reload a filtered address', async () => {
  const { page, errors } = await open('/publications');
  await page.locator('p.count').waitFor();
  assert.equal(await count(page), '10 publications');

  await page.getByLabel('Rechercher une publication').fill('egalite');
  await page.waitForURL(/q=egalite/);
  await page.waitForFunction(() => document.querySelector('p.count')?.textContent === '2 publications');

  await page.getByLabel(/Document de capitalisation/).check();
  await page.waitForURL(/kind=document_capitalisation/);
  await page.waitForFunction(() => document.querySelector('p.count')?.textContent === '1 publication');
  const filtered = page.url();

  await page.getByRole('link', { name: /Égalité femmes-hommes et contrats de ville/ }).click();
  await page.waitForURL(/\/publications\/capitalisation-egalite-femmes-hommes-contrats-de-ville$/);
  await page.getByRole('heading', { level: 1, name: /document de capitalisation/ }).waitFor();
  assert.equal(await page.getByRole('link', { name: /Formation « Égalité femmes-hommes et contrats de ville » à Nîmes/ }).count(), 1);

  await page.goBack();
  await page.waitForURL(filtered);
  await page.waitForFunction(() => document.querySelector('p.count')?.textContent === '1 publication');
  assert.equal(await page.getByLabel('Rechercher une publication').inputValue(), 'egalite');
  assert.ok(await page.getByLabel(/Document de capitalisation/).isChecked());

  await page.reload();
  await page.waitForFunction(() => document.querySelector('p.count')?.textContent === '1 publication');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the keyboard alone goes from search to filter to detail', async () => {
  const { page } = await open('/recherche');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Aller au contenu');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'contenu');

  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'q');
  await page.keyboard.type('conseils citoyens');
  await page.waitForURL(/q=conseils/);
  await page.waitForFunction(() => /résultats/.test(document.querySelector('p.count')?.textContent ?? ''));

  // First filter value, by keyboard: Tab into the filters, Space ticks the box.
  await page.keyboard.press('Tab');
  const ticked = await page.evaluate(() => document.activeElement?.id);
  assert.match(ticked, /^type-/);
  await page.keyboard.press('Space');
  await page.waitForURL(/type=/);

  // On to the first result link, then Enter.
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press('Tab');
    const inResults = await page.evaluate(() => document.activeElement?.closest('ul.hits') !== null);
    if (inResults) break;
  }
  const target = await page.evaluate(() => document.activeElement?.textContent);
  await page.keyboard.press('Enter');
  await page.waitForFunction((title) => document.querySelector('main h1')?.textContent === title, target);
  // Focus follows the navigation to the new page's heading.
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  await page.close();
});

test('a slow answer to an older query never replaces the newer results', async () => {
  const { page } = await open('/publications');
  await page.locator('p.count').waitFor();
  // The answer for "guide" is held back 1.5 s; the one for "guide egalite" is not.
  let held = 0;
  await page.route(/\/api\/v1\/publications\?q=guide&?$/, async (route) => {
    held += 1;
    await new Promise((done) => setTimeout(done, 1500));
    await route.continue();
  });
  const box = page.getByLabel('Rechercher une publication');
  await box.fill('guide');
  await page.waitForURL(/q=guide$/);
  await box.fill('guide egalite');
  await page.waitForURL(/q=guide\+egalite$/);
  await page.waitForFunction(() => document.querySelector('p.count')?.textContent === '0 publication');
  // Once the held-back answer has arrived, the newer results are still shown.
  await page.waitForTimeout(2000);
  assert.ok(held > 0, 'the older query was sent and held back');
  assert.equal(await count(page), '0 publication');
  await page.close();
});

test('on a phone, filters fold behind a button and stay open while ticking', async () => {
  const { page } = await open('/publications');
  await page.setViewportSize({ width: 375, height: 800 });
  const toggle = page.getByRole('button', { name: 'Afficher les filtres' });
  await toggle.click();
  assert.equal(await page.getByRole('button', { name: 'Masquer les filtres' }).getAttribute('aria-expanded'), 'true');
  await page.getByLabel(/^Guide/).check();
  await page.waitForFunction(() => document.querySelector('p.count')?.textContent === '2 publications');
  assert.ok(await page.getByLabel(/^Guide/).isVisible(), 'the filters stay open after the redraw');
  await page.close();
});

test('a faulty address gets a French message and a retry button, not a blank page', async () => {
  const { page } = await open('/publications?limit=1000');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /Le paramètre « limit » doit être un entier entre 1 et 100/);
  assert.equal(await alert.getByRole('button', { name: 'Réessayer' }).count(), 1);
  await page.close();
});

test('typing a date range narrows the list and goes into the address', async () => {
  const { page, errors } = await open('/evenements?when=past');
  await page.locator('p.count').waitFor();
  const before = await count(page);
  assert.deepEqual(await crampedControls(page), []);
  await page.getByLabel('Du', { exact: true }).fill('2019-01-01');
  await page.waitForURL(/from=2019-01-01/);
  await page.getByLabel('Au', { exact: true }).fill('2019-12-31');
  await page.waitForURL(/to=2019-12-31/);
  await page.waitForFunction((earlier) => document.querySelector('p.count')?.textContent !== earlier, before);
  const cards = await page.locator('.cards > li').allTextContents();
  assert.ok(cards.length > 0, 'aucun événement en 2019');
  assert.ok(cards.every((card) => card.includes('2019')), cards.join('\n'));
  await page.reload();
  assert.equal(await page.getByLabel('Du', { exact: true }).inputValue(), '2019-01-01');
  assert.deepEqual(errors, []);
  await page.close();
});

test('with nothing upcoming, the events page says so and shows the latest past ones', async () => {
  const { page, errors } = await open('/evenements');
  await page.getByText('Aucun événement annoncé pour le moment').waitFor();
  await page.locator('.empty .cards > li').first().waitFor();
  assert.ok(await page.locator('.empty .cards > li').count() > 0);
  await page.getByRole('link', { name: 'Tous les événements passés' }).click();
  await page.waitForURL(/when=past/);
  assert.deepEqual(errors, []);
  await page.close();
});

const pages = [
  ['accueil', '/'],
  ['publications', '/publications?theme=egalite-femmes-hommes'],
  ['evenements', '/evenements?when=past'],
  ['evenements-a-venir', '/evenements'],
  ['reseau', '/reseau?territory=departement-34'],
  ['recherche', '/recherche?q=conseils%20citoyens'],
  ['publication', '/publications/capitalisation-egalite-femmes-hommes-contrats-de-ville'],
  ['evenement', '/evenements/rencontres-conseils-citoyens-herault-2019'],
  ['membre', '/reseau/iness-narbonne'],
  ['page-introuvable', '/nulle-part'],
];

for (const [name, path] of pages) {
  test(`${name}: no accessibility violation, screenshots at 1280 and 375 px`, async () => {
    const { page, errors } = await open(path);
    await page.waitForLoadState('networkidle');
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    assert.deepEqual(await accessibilityViolations(page), []);
    await screenshot(page, name);
    assert.deepEqual(await crampedControls(page), []);
    // Usable from 320 px wide: nothing overflows sideways.
    await page.setViewportSize({ width: 320, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${overflow} px de débordement horizontal à 320 px`);
    // The page that is not one answers 404, which the browser reports.
    const expected = path === '/nulle-part' ? [/status of 404/] : [];
    assert.equal(errors.length, expected.length, errors.join(' | '));
    errors.forEach((error, i) => assert.match(error, expected[i]));
    await page.close();
  });
}

test('a visitor downloads only the public bundle; the editors\' space loads its own', async () => {
  const page = await env.browser.newPage({ locale: 'fr-FR' });
  const fetched = [];
  page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
  await page.goto(env.server.url + '/evenements');
  await takenOver(page);
  await page.locator('p.count').waitFor();
  assert.ok(fetched.some((path) => /^\/passerelle-web-.*\.wasm$/.test(path)), fetched.join(' '));
  assert.deepEqual(fetched.filter((path) => path.startsWith('/redaction')), []);

  // The footer's link leaves the public router for the editors' bundle.
  await page.getByRole('link', { name: 'Espace rédaction' }).click();
  await page.getByRole('heading', { level: 1, name: "Connexion à l'espace rédaction" }).waitFor();
  assert.ok(fetched.some((path) => /^\/redaction\/redaction-.*\.wasm$/.test(path)), fetched.join(' '));
  // And its header leads back to the public site.
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Publications' }).click();
  await page.waitForURL(/\/publications$/);
  await takenOver(page);
  await page.locator('p.count').waitFor();
  assert.equal(new URL(page.url()).pathname, '/publications');
  await page.close();
});

test('each page is named after its heading; a detail page loaded first carries its share preview until one leaves it', async () => {
  const { page, errors } = await open('/evenements/rencontres-conseils-citoyens-herault-2019');
  await page.waitForFunction(() => document.title === "4e rencontres territoriales des conseils citoyens de l'Hérault — Passerelle");
  assert.equal(await page.locator('link[rel="canonical"]').getAttribute('href'), `${env.server.url}/evenements/rencontres-conseils-citoyens-herault-2019`);
  const linkedData = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
  assert.equal(linkedData['@type'], 'Event');

  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Publications' }).click();
  await page.waitForFunction(() => document.title === 'Publications — Passerelle');
  assert.equal(await page.locator('[data-apercu]').count(), 0);

  // A detail reached inside the client describes itself in the head too.
  const first = page.locator('ul.cards h2 a').first();
  const href = await first.getAttribute('href');
  await first.click();
  await page.waitForURL(`${env.server.url}${href}`);
  await page.waitForFunction((path) => {
    const script = document.querySelector('script[type="application/ld+json"]');
    return script && JSON.parse(script.textContent).url.endsWith(path);
  }, href);
  assert.deepEqual(errors, []);
  await page.close();
});
