// The site's own pages and the year's figures in real Chromium: every page's footer leads
// to the legal notice, the personal-data notice, the accessibility statement (with its
// status) and the site map, written by the server, readable without the client; an
// administrator rewrites the statement; the « Bilan d'activité » draws its charts with the
// tables behind them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityViolations, narrowScreenProblems, screenshot, serverAndBrowser, signIn } from './support.js';

const env = serverAndBrowser();

test('the footer leads to the legal pages, readable by keyboard and without JavaScript', async () => {
  const page = await env.browser.newPage({ locale: 'fr-FR' });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${env.server.url}/publications`);
  const footer = page.getByRole('navigation', { name: 'Pages du site' });
  await footer.getByRole('link', { name: 'Accessibilité : non conforme' }).waitFor();
  await footer.getByRole('link', { name: 'Plan du site' }).click();
  await page.getByRole('heading', { level: 1, name: 'Plan du site' }).waitFor();
  assert.ok(await page.getByRole('link', { name: 'Publications', exact: true }).count() > 0);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'plan-du-site');
  assert.deepEqual(await narrowScreenProblems(page, 375), []);

  // From the keyboard: the skip link first, then the content.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Aller au contenu');

  // Without JavaScript, the pages are whole (axe, a script, runs on them with it).
  const plain = await env.browser.newPage({ locale: 'fr-FR', javaScriptEnabled: false });
  for (const [path, heading] of [
    ['/mentions-legales', 'Mentions légales'],
    ['/donnees-personnelles', 'Données personnelles'],
    ['/accessibilite', 'Accessibilité'],
  ]) {
    await plain.goto(`${env.server.url}${path}`);
    await plain.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.goto(`${env.server.url}${path}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], path);
  }
  await plain.getByText('Défenseur des droits', { exact: false }).first().waitFor();
  await screenshot(plain, 'accessibilite');
  await plain.close();
  assert.deepEqual(errors, []);
});

test('an administrator rewrites the accessibility statement and reads the year\'s figures', async () => {
  const page = await signIn(env.browser, env.server.url);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.getByRole('link', { name: 'Pages du site', exact: true }).click();
  await page.getByRole('heading', { level: 2, name: 'Accessibilité' }).waitFor();
  await page.getByLabel('État de conformité au RGAA (repris au pied de chaque page)').selectOption('partial');
  await page.locator('#accessibilite-texte').fill('## Audit\n\nAudit réalisé en novembre 2026 : 78 % des critères respectés.');
  await page.getByRole('button', { name: 'Enregistrer « Accessibilité »' }).click();
  await page.getByText('« Accessibilité » enregistrée.').waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'pages-du-site');
  assert.deepEqual(await narrowScreenProblems(page, 375), []);
  const visitor = await env.browser.newPage({ locale: 'fr-FR' });
  await visitor.goto(`${env.server.url}/`);
  await visitor.getByRole('link', { name: 'Accessibilité : partiellement conforme' }).click();
  // The page may be the server's, the client's still hidden beside it: the visible one.
  await visitor.getByText('78 % des critères respectés.').filter({ visible: true }).waitFor();

  await page.goto(`${env.server.url}/redaction`);
  await page.getByRole('link', { name: 'Bilan d\'activité', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Bilan d\'activité' }).waitFor();
  const year = new Date().getFullYear();
  await page.getByRole('heading', { level: 2, name: `En ${year}` }).waitFor();
  // A year without registrations says so rather than draw empty charts.
  const registrations = page.getByRole('region', { name: `Inscriptions confirmées par mois, ${year}` });
  await registrations.getByText('Aucune donnée pour cette année.').waitFor();
  // 2019, the year of the initial content's events: a chart, and the table behind it.
  await page.getByRole('navigation', { name: 'Années' }).getByRole('link', { name: '2019', exact: true }).click();
  await page.getByRole('heading', { level: 2, name: 'En 2019' }).waitFor();
  const events = 'Événements tenus par mois, 2019';
  await page.getByRole('img', { name: new RegExp(`^${events}`) }).waitFor();
  const table = page.getByRole('table', { name: `${events} : les nombres` });
  assert.equal(await table.getByRole('row').count(), 13);
  assert.equal(await table.getByRole('row', { name: /^oct\. / }).getByRole('cell').textContent(), '2');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'bilan');
  assert.deepEqual(await narrowScreenProblems(page, 375), []);
  const csv = await page.request.get(env.server.url + await page.getByRole('link', { name: 'Télécharger le bilan 2019 (CSV)' }).getAttribute('href'));
  assert.equal(csv.status(), 200);
  assert.match((await csv.text()).replace(/^\uFEFF/, '').split('\r\n')[0], /^Année;Rubrique;Élément;Indicateur;Nombre$/);
  assert.deepEqual(errors, []);
});
