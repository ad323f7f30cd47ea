// The editors' screens in real Chromium: sign in, write a publication, publish it and
// find it on the public pages and in the search.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityViolations, editor, screenshot, startBrowser, startServer } from './support.js';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('an editor signs in, writes and publishes a publication, and the public finds it', async () => {
  const page = await browser.newPage({ locale: 'fr-FR' });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto(`${server.url}/connexion`);
  await page.getByLabel('Adresse électronique').fill(editor.email);
  await page.getByLabel('Mot de passe').fill('pas le bon');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('alert').filter({ hasText: 'Adresse ou mot de passe incorrect' }).waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'connexion');

  await page.getByLabel('Mot de passe').fill(editor.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/redaction$/);
  await page.getByRole('heading', { name: 'Espace rédaction' }).waitFor();
  await page.getByRole('link', { name: 'Nouvelle publication' }).click();
  await page.waitForURL(/\/redaction\/publications\/nouvelle$/);

  // Saved empty: the same French messages as the API, beside the fields, focus on the first.
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Le titre est obligatoire.').waitFor();
  await page.getByText('Le type de publication est obligatoire.').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'title');

  await page.getByLabel('Titre (obligatoire)').fill('Jardins partagés dans les quartiers de Béziers');
  await page.getByLabel('Type (obligatoire)').selectOption('guide');
  await page.getByLabel('Résumé').fill('Un guide pour lancer un jardin partagé avec les habitants.');
  await page.getByLabel(/^Texte/).fill('## Pourquoi\n\nCultiver **ensemble** <script>alert(1)</script>');
  await page.getByLabel('Participation des habitants').check();
  await page.getByRole('button', { name: 'Aperçu du texte' }).click();
  await page.locator('.preview strong').filter({ hasText: 'ensemble' }).waitFor();
  assert.equal(await page.locator('.preview script').count(), 0);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Enregistré.').waitFor();
  await page.waitForURL(/\/redaction\/publications\/[0-9a-f-]{36}$/);
  assert.equal(await page.locator('.badge').textContent(), 'Brouillon');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'redaction-publication');

  // A draft is not public.
  const publicList = await page.request.get(`${server.url}/api/v1/publications?q=jardins`);
  assert.equal((await publicList.json()).total, 0);

  await page.getByRole('button', { name: 'Publier' }).click();
  await page.getByText('Publié : visible de tous dès maintenant.').waitFor();
  assert.equal(await page.locator('.badge').textContent(), 'Publié');

  await page.goto(`${server.url}/publications?theme=participation-des-habitants`);
  await page.getByRole('link', { name: 'Jardins partagés dans les quartiers de Béziers' }).waitFor();
  await page.goto(`${server.url}/recherche?q=jardin%20partage`);
  await page.getByRole('link', { name: /Jardins partagés/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Jardins partagés dans les quartiers de Béziers' }).waitFor();
  assert.equal(await page.locator('.body strong').textContent(), 'ensemble');
  assert.equal(await page.locator('.body script').count(), 0);

  // Signed out, the editors' space is closed again.
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(`${server.url}/`);
  await page.goto(`${server.url}/redaction`);
  await page.getByText('Cette page est réservée à l\'équipe.').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('a conflicting edit is caught and can be resolved deliberately', async () => {
  const page = await browser.newPage({ locale: 'fr-FR' });
  await page.goto(`${server.url}/connexion`);
  await page.getByLabel('Adresse électronique').fill(editor.email);
  await page.getByLabel('Mot de passe').fill(editor.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/redaction$/);
  await page.getByRole('link', { name: 'Nouvelle publication' }).click();
  await page.getByLabel('Titre (obligatoire)').fill('Note sur la médiation sociale');
  await page.getByLabel('Type (obligatoire)').selectOption('document');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.waitForURL(/\/redaction\/publications\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop();

  // Someone else changes the summary meanwhile (same account, another session).
  const session = await page.request.get(`${server.url}/api/v1/session`);
  const csrf = (await session.json()).csrf_token;
  const other = await page.request.patch(`${server.url}/api/v1/editorial/publications/${id}`, {
    headers: { 'If-Match': '"1"', 'X-CSRF-Token': csrf, 'Content-Type': 'application/merge-patch+json' },
    data: JSON.stringify({ summary: 'Résumé écrit par une collègue' }),
  });
  assert.equal(other.status(), 200);

  await page.getByLabel('Résumé').fill('Mon résumé');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  const alert = page.locator('.conflict');
  await alert.waitFor();
  assert.match(await alert.textContent(), /version 2/);
  assert.match(await alert.textContent(), /résumé/);
  await page.getByRole('button', { name: 'Écraser avec ma version' }).click();
  await page.getByText('Enregistré.').waitFor();
  const saved = await page.request.get(`${server.url}/api/v1/editorial/publications/${id}`);
  const body = await saved.json();
  assert.equal(body.content.summary, 'Mon résumé');
  assert.equal(body.version, 3);
  await page.close();
});
