// The team screen in real Chromium: an administrator adds a colleague, who chooses a
// password through the link, signs in and edits; the administrator undoes the edit from the
// item's history, then disables the colleague, whose session and token stop at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityViolations, editor as admin, narrowScreenProblems, screenshot, serverAndBrowser, signIn } from './support.js';

const env = serverAndBrowser();

test('an administrator adds a colleague who signs in with the link and edits, restores the previous version, then disables the colleague', async () => {
  const errors = [];
  const adminPage = await signIn(env.browser, env.server.url, admin);
  adminPage.on('pageerror', (error) => errors.push(error.message));
  await adminPage.getByRole('link', { name: 'Équipe', exact: true }).click();
  await adminPage.waitForURL(/\/redaction\/equipe$/);
  await adminPage.getByRole('heading', { name: 'Membres de l\'équipe' }).waitFor();

  // Refused before it reaches the server, with the focus on the field.
  await adminPage.getByLabel('Adresse électronique').fill('pas-une-adresse');
  await adminPage.getByRole('button', { name: 'Ajouter et créer son lien' }).click();
  await adminPage.getByText('Adresse électronique invalide.').waitFor();
  await adminPage.waitForFunction(() => document.activeElement?.id === 'email');

  await adminPage.getByLabel('Adresse électronique').fill('lea.martin@exemple.fr');
  await adminPage.getByLabel('Rôle', { exact: true }).selectOption('editor');
  await adminPage.getByRole('button', { name: 'Ajouter et créer son lien' }).click();
  await adminPage.getByRole('status').filter({ hasText: 'lea.martin@exemple.fr est ajouté' }).waitFor();
  const link = await adminPage.getByLabel("Lien d'invitation").inputValue();
  assert.match(link, /\/redaction\/invitation#psi_/);
  const row = adminPage.getByRole('row').filter({ hasText: 'lea.martin@exemple.fr' });
  await row.getByText(/Invitation en attente/).waitFor();
  assert.deepEqual(await accessibilityViolations(adminPage), []);
  await screenshot(adminPage, 'equipe');
  assert.deepEqual(await narrowScreenProblems(adminPage, 320), []);

  // The colleague, in a browser of their own, opens the link.
  const context = await env.browser.newContext({ locale: 'fr-FR' });
  const colleague = await context.newPage();
  colleague.on('pageerror', (error) => errors.push(error.message));
  await colleague.goto(link);
  await colleague.getByRole('heading', { name: 'Choisir votre mot de passe' }).waitFor();
  await colleague.getByText(/lea\.martin@exemple\.fr/).waitFor();
  await colleague.getByLabel(/^Mot de passe/).fill('jardins-partages-2026');
  await colleague.getByLabel('Le même mot de passe, à nouveau').fill('jardins-partages-2025');
  await colleague.getByRole('button', { name: 'Enregistrer et entrer' }).click();
  await colleague.getByText('Les deux saisies diffèrent.').waitFor();
  assert.deepEqual(await accessibilityViolations(colleague), []);
  await screenshot(colleague, 'invitation');
  await colleague.getByLabel('Le même mot de passe, à nouveau').fill('jardins-partages-2026');
  await colleague.getByRole('button', { name: 'Enregistrer et entrer' }).click();
  await colleague.waitForURL(/\/redaction$/);
  // An editor does not see the team screen's entry.
  await colleague.getByRole('heading', { name: 'Espace rédaction' }).waitFor();
  assert.equal(await colleague.getByRole('link', { name: 'Équipe', exact: true }).count(), 0);

  // The colleague edits a publication.
  await colleague.locator('table.editorial tbody a').first().click();
  await colleague.waitForURL(/\/redaction\/publications\/[0-9a-f-]{36}$/);
  const originalSummary = await colleague.getByLabel('Résumé').inputValue();
  await colleague.getByLabel('Résumé').fill('Résumé revu par Léa.');
  await colleague.getByRole('button', { name: 'Enregistrer' }).click();
  await colleague.getByText('Enregistré.').waitFor();
  const itemUrl = colleague.url();
  // And makes a token for a script.
  const csrf = (await (await colleague.request.get(`${env.server.url}/api/v1/session`)).json()).csrf_token;
  const created = await colleague.request.post(`${env.server.url}/api/v1/tokens`, {
    headers: { 'X-CSRF-Token': csrf }, data: { name: 'Script de Léa' },
  });
  assert.equal(created.status(), 201);
  const { secret } = await created.json();

  // The link worked once.
  const reused = await colleague.request.get(`${env.server.url}/api/v1/invitations/${link.split('#')[1]}`);
  assert.equal(reused.status(), 404);

  // The administrator finds Léa's change in the item's history and undoes it.
  await adminPage.goto(itemUrl);
  await adminPage.getByRole('heading', { name: 'Historique' }).waitFor();
  const step = adminPage.locator('.history-list > li').filter({ hasText: 'lea.martin@exemple.fr' });
  await step.getByText('Résumé revu par Léa.').waitFor();
  assert.deepEqual(await accessibilityViolations(adminPage), []);
  await screenshot(adminPage, 'historique');
  await step.getByRole('button', { name: /^Rétablir la version \d+, d'avant ce changement$/ }).click();
  await adminPage.getByText(/rétablie : c'est maintenant la version/).waitFor();
  assert.equal(await adminPage.getByLabel('Résumé').inputValue(), originalSummary);
  await adminPage.locator('.history-list > li').first().getByText('Version antérieure rétablie').waitFor();

  // The administrator sees the sign-in and the token, then disables the account.
  await adminPage.goto(`${env.server.url}/redaction/equipe`);
  const refreshed = adminPage.getByRole('row').filter({ hasText: 'lea.martin@exemple.fr' });
  await refreshed.getByRole('cell', { name: 'Actif', exact: true }).waitFor();
  assert.doesNotMatch(await refreshed.textContent(), /Jamais/);
  assert.equal(await refreshed.getByRole('cell', { name: '1', exact: true }).count(), 1);
  await refreshed.getByRole('button', { name: 'Désactiver lea.martin@exemple.fr' }).click();
  await adminPage.getByRole('status').filter({ hasText: 'est désactivé' }).waitFor();
  await refreshed.getByRole('cell', { name: 'Désactivé', exact: true }).waitFor();

  // Her session and her token stop working at once.
  const after = await colleague.request.get(`${env.server.url}/api/v1/editorial/publications`);
  assert.equal(after.status(), 401);
  const byToken = await colleague.request.get(`${env.server.url}/api/v1/me`, {
    headers: { Authorization: `Bearer ${secret}` },
  });
  assert.equal(byToken.status(), 401);
  await colleague.reload();
  await colleague.getByText("Cette page est réservée à l'équipe.").waitFor();

  // The whole log, read by person: Léa's password, her edit, her token.
  await adminPage.getByRole('link', { name: '← Espace rédaction' }).click();
  await adminPage.getByRole('link', { name: 'Journal', exact: true }).click();
  await adminPage.waitForURL(/\/redaction\/journal$/);
  await adminPage.getByLabel('Personne').selectOption('lea.martin@exemple.fr');
  await adminPage.getByRole('button', { name: 'Filtrer' }).click();
  await adminPage.waitForURL(/actor=lea\.martin%40exemple\.fr/);
  // Once the filtered page is in, every row is hers.
  await adminPage.waitForFunction(() => {
    const actors = [...document.querySelectorAll('table.journal tbody td:nth-child(2)')];
    return actors.length > 0 && actors.every((cell) => cell.textContent === 'lea.martin@exemple.fr');
  });
  const rows = adminPage.locator('table.journal tbody tr');
  await rows.filter({ hasText: 'Mot de passe choisi' }).first().waitFor();
  await rows.filter({ hasText: 'Modification' }).first().waitFor();
  assert.deepEqual(await accessibilityViolations(adminPage), []);
  await screenshot(adminPage, 'journal');

  assert.deepEqual(errors, []);
  await context.close();
  await adminPage.close();
});
