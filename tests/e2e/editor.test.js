// The editors' screens in real Chromium: sign in, write a publication, publish it and
// find it on the public pages and in the search.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityViolations, choose, editor, narrowScreenProblems, screenshot, serverAndBrowser, signIn } from './support.js';

const env = serverAndBrowser();

// A new page, signed in as the editor, on the dashboard.
const signedIn = () => signIn(env.browser, env.server.url);

test('an editor signs in, writes and publishes a publication, and the public finds it', async () => {
  const page = await env.browser.newPage({ locale: 'fr-FR' });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto(`${env.server.url}/connexion`);
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
  await page.waitForURL(/\/redaction\/publications\/nouveau$/);

  // Saved empty: the same French messages as the API, beside the fields, focus on the first.
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Le titre est obligatoire.').waitFor();
  await page.getByText('Le type de publication est obligatoire.').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'title');

  await page.getByLabel('Titre (obligatoire)').fill('Jardins partagés dans les quartiers de Béziers');
  await page.getByLabel('Type (obligatoire)').selectOption('guide');
  await page.getByLabel('Résumé').fill('Un guide pour lancer un jardin partagé avec les habitants.');
  await page.getByLabel(/^Texte/).fill('## Pourquoi\n\nCultiver **ensemble** <script>alert(1)</script>');
  await choose(page, 'Thèmes', 'particip', 'Participation des habitants');
  await choose(page, 'Ajouter une structure (nom)', 'villes territoires', /^Villes et Territoires Occitanie/);
  await page.getByLabel(/^Rôle de Villes et Territoires Occitanie/).selectOption('auteur');
  await page.getByRole('button', { name: 'Aperçu du texte' }).click();
  await page.locator('.preview strong').filter({ hasText: 'ensemble' }).waitFor();
  assert.equal(await page.locator('.preview script').count(), 0);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Enregistré.').waitFor();
  await page.waitForURL(/\/redaction\/publications\/[0-9a-f-]{36}$/);
  assert.equal(await page.locator('.badge').textContent(), 'Brouillon');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'redaction-publication');
  // Nothing overflows sideways, nothing is squeezed to fit.
  assert.deepEqual(await narrowScreenProblems(page, 320), []);

  // Documents: the real type is read from the content, whatever the name says.
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  await page.getByLabel(/Déposer un document/).setInputFiles({ name: 'photo.pdf', mimeType: 'application/pdf', buffer: png });
  await page.getByText(/n'est pas un PDF/).waitFor();
  await page.getByLabel(/Déposer un document/).setInputFiles({ name: 'guide-jardins.pdf', mimeType: 'application/pdf', buffer: pdf });
  await page.getByText('« guide-jardins.pdf » déposé.').waitFor();
  await page.locator('.attachments li').filter({ hasText: 'guide-jardins.pdf' }).waitFor();

  // A draft is not public.
  const publicList = await page.request.get(`${env.server.url}/api/v1/publications?q=jardins`);
  assert.equal((await publicList.json()).total, 0);

  await page.getByRole('button', { name: 'Publier' }).click();
  await page.getByText('Publié : visible de tous dès maintenant.').waitFor();
  assert.equal(await page.locator('.badge').textContent(), 'Publié');

  await page.goto(`${env.server.url}/publications?theme=participation-des-habitants`);
  await page.getByRole('link', { name: 'Jardins partagés dans les quartiers de Béziers' }).waitFor();
  await page.goto(`${env.server.url}/recherche?q=jardin%20partage`);
  await page.getByRole('link', { name: /Jardins partagés/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Jardins partagés dans les quartiers de Béziers' }).waitFor();
  assert.equal(await page.locator('.body strong').textContent(), 'ensemble');
  await page.getByRole('link', { name: 'Villes et Territoires Occitanie' }).waitFor();
  const download = await page.request.get(env.server.url + await page.getByRole('link', { name: 'guide-jardins.pdf' }).getAttribute('href'));
  assert.equal(download.headers()['content-type'], 'application/pdf');
  assert.equal(await page.locator('.body script').count(), 0);

  // The public site links back to the editors' space (another bundle, a full page load),
  // where one signs out; signed out, that space is closed again.
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Rédaction' }).click();
  await page.getByRole('heading', { name: 'Espace rédaction' }).waitFor();
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(`${env.server.url}/`);
  await page.goto(`${env.server.url}/redaction`);
  await page.getByText('Cette page est réservée à l\'équipe.').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('a conflicting edit is caught and can be resolved deliberately', async () => {
  const page = await signedIn();
  await page.getByRole('link', { name: 'Nouvelle publication' }).click();
  await page.getByLabel('Titre (obligatoire)').fill('Note sur la médiation sociale');
  await page.getByLabel('Type (obligatoire)').selectOption('document');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.waitForURL(/\/redaction\/publications\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop();

  // Someone else changes the summary meanwhile (same account, another session).
  const session = await page.request.get(`${env.server.url}/api/v1/session`);
  const csrf = (await session.json()).csrf_token;
  const other = await page.request.patch(`${env.server.url}/api/v1/editorial/publications/${id}`, {
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
  await page.locator('.status-line').filter({ hasText: 'version 3' }).waitFor();
  const saved = await page.request.get(`${env.server.url}/api/v1/editorial/publications/${id}`);
  const body = await saved.json();
  assert.equal(body.content.summary, 'Mon résumé');
  assert.equal(body.version, 3);
  await page.close();
});

test('events and members have their own forms, checked like the API checks them', async () => {
  const page = await signedIn();

  await page.getByRole('navigation', { name: 'Contenus' }).getByRole('link', { name: 'Événements' }).click();
  await page.getByRole('link', { name: 'Nouvel événement' }).click();
  await page.getByLabel('Titre (obligatoire)').fill('Rencontre des conseils citoyens de l\'Aude');
  await page.getByLabel('Type (obligatoire)').selectOption('rencontre');
  await page.getByLabel('Jour de début').fill('2027-03-12');
  await page.getByLabel('Jour de fin').fill('2027-03-11');
  await page.getByRole('button', { name: 'Ajouter un lien' }).click();
  await page.getByLabel('Adresse du lien 1').fill('programme.pdf');
  await page.getByLabel('Intitulé du lien 1').fill('Programme de la journée');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Le jour de fin précède le jour de début.').waitFor();
  await page.getByText(/Adresse web complète attendue/).waitFor();
  await page.getByLabel('Jour de fin').fill('2027-03-13');
  await page.getByLabel('Adresse du lien 1').fill('https://www.villesetterritoires.fr/programme.pdf');
  await choose(page, 'Territoires', 'aude', /^Aude\s*département 11/);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Enregistré.').waitFor();
  await page.getByRole('button', { name: 'Publier' }).click();
  await page.getByText('Publié : visible de tous dès maintenant.').waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  await page.goto(`${env.server.url}/evenements?territory=departement-11`);
  await page.getByRole('link', { name: 'Rencontre des conseils citoyens de l\'Aude' }).click();
  await page.getByRole('link', { name: 'Programme de la journée' }).waitFor();

  await page.goto(`${env.server.url}/redaction/membres`);
  await page.getByRole('link', { name: 'Nouveau membre' }).click();
  await page.getByLabel('Nom (obligatoire)').fill('Conseil citoyen de Saint-Jean Saint-Pierre');
  await page.getByLabel('Type de structure (obligatoire)').selectOption('conseil_citoyen');
  await page.getByLabel('Adresse de contact').fill('pas une adresse');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Adresse électronique invalide.').waitFor();
  await page.getByLabel('Adresse de contact').fill('saint-jean@exemple.fr');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Enregistré.').waitFor();
  await page.getByRole('button', { name: 'Publier' }).click();
  await page.getByText('Publié : visible de tous dès maintenant.').waitFor();
  await page.getByRole('link', { name: 'Voir la page publique' }).click();
  await page.getByRole('heading', { level: 1, name: 'Conseil citoyen de Saint-Jean Saint-Pierre' }).waitFor();
  // Contacts stay private unless the member agreed.
  assert.equal(await page.getByText('saint-jean@exemple.fr').count(), 0);
  await page.close();
});

test('a personal API token is shown once, works, and stops working once revoked', async () => {
  const page = await signedIn();
  await page.getByRole('link', { name: "Jetons d'API" }).click();
  await page.getByLabel('Nom du jeton (à quoi il sert)').fill('Import depuis le tableur');
  await page.getByRole('button', { name: 'Créer le jeton' }).click();
  const secret = (await page.locator('code.secret').textContent()).trim();
  assert.match(secret, /^psl_/);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'redaction-jetons');
  // Nothing overflows sideways, nothing is squeezed to fit.
  assert.deepEqual(await narrowScreenProblems(page, 320), []);

  const me = await fetch(`${env.server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
  assert.equal(me.status, 200);
  await page.getByRole('button', { name: 'Révoquer le jeton Import depuis le tableur' }).click();
  await page.getByRole('cell', { name: 'Révoqué' }).waitFor();
  const after = await fetch(`${env.server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
  assert.equal(after.status, 401);
  await page.close();
});

test('themes are created, renamed and deleted, but not while content uses them', async () => {
  const page = await signedIn();
  await page.getByRole('navigation', { name: 'Contenus' }).getByRole('link', { name: 'Thèmes' }).click();
  await page.getByLabel('Libellé de « conseils-citoyens »').waitFor();
  await page.locator('.theme-row').filter({ has: page.getByLabel('Libellé de « conseils-citoyens »') })
    .getByRole('button', { name: 'Supprimer' }).click();
  await page.getByText(/retirez-le d'abord/).waitFor();

  await page.getByLabel('Nouveau thème').fill('Culture et quartiers');
  await page.getByRole('button', { name: 'Créer le thème' }).click();
  await page.getByText('« Culture et quartiers » créé.').waitFor();
  await page.getByLabel('Libellé de « culture-et-quartiers »').fill('Culture');
  const row = page.locator('.theme-row').filter({ has: page.getByLabel('Libellé de « culture-et-quartiers »') });
  await row.getByRole('button', { name: 'Renommer' }).click();
  await page.getByText('« Culture » enregistré.').waitFor();
  const themes = await (await fetch(`${env.server.url}/api/v1/themes`)).json();
  assert.ok(themes.some((t) => t.slug === 'culture-et-quartiers' && t.label === 'Culture'));
  await row.getByRole('button', { name: 'Supprimer' }).click();
  await page.getByText('« Culture » supprimé.').waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  await page.close();
});

test('the dashboard pages through every item, not only the first fifty', async () => {
  const page = await signedIn();
  const csrf = (await (await page.request.get(`${env.server.url}/api/v1/session`)).json()).csrf_token;
  const listed = await (await page.request.get(`${env.server.url}/api/v1/editorial/members?limit=1`)).json();
  for (let i = listed.total; i < 53; i += 1) {
    const created = await page.request.post(`${env.server.url}/api/v1/editorial/members`, {
      headers: { 'X-CSRF-Token': csrf },
      data: { name: `Conseil citoyen de test ${String(i).padStart(2, '0')}`, kind: 'conseil_citoyen' },
    });
    assert.equal(created.status(), 201, await created.text());
  }
  await page.goto(`${env.server.url}/redaction/membres`);
  const pager = page.getByRole('navigation', { name: 'Pages de résultats' });
  await pager.getByText('Page 1 sur 2').waitFor();
  const firstPage = await page.locator('table.editorial tbody tr').count();
  assert.equal(firstPage, 50);
  await pager.getByRole('link', { name: 'Page suivante' }).click();
  await page.waitForURL(/page=2/);
  await pager.getByText('Page 2 sur 2').waitFor();
  const secondPage = await page.locator('table.editorial tbody tr').count();
  assert.ok(secondPage >= 3, `${secondPage} lignes en page 2`);
  assert.deepEqual(await accessibilityViolations(page), []);
  await page.close();
});

test('an administrator previews a directory spreadsheet, sees its faulty row, then imports the rest', async () => {
  const page = await signedIn();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.getByRole('link', { name: "Importer l'annuaire" }).click();
  await page.waitForURL(/\/redaction\/import$/);
  await page.getByRole('heading', { name: "Importer l'annuaire du réseau" }).waitFor();
  await page.getByLabel('Fichier CSV').setInputFiles({
    name: 'annuaire.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Nom;Type;Commune\nConseil citoyen du Chemin-Bas;Conseil citoyen;Nîmes\nEntreprise Martin;entreprise;Nîmes\n'),
  });
  await page.getByRole('button', { name: 'Vérifier le fichier' }).click();

  // The preview: what would be written, the faulty row with its column, nothing written yet.
  await page.getByText('1 structure(s) créée(s), 0 mise(s) à jour, 0 déjà à jour ; 1 ligne(s) invalide(s).').waitFor();
  const kept = page.getByRole('row').filter({ hasText: 'Conseil citoyen du Chemin-Bas' });
  assert.match(await kept.innerText(), /2\s+Conseil citoyen du Chemin-Bas\s+créée/);
  const row = page.getByRole('row').filter({ hasText: 'B (Type)' });
  assert.match(await row.innerText(), /3\s+B \(Type\)\s+type « entreprise » inconnu/);
  const importButton = page.getByRole('button', { name: 'Importer', exact: true });
  assert.equal(await importButton.isDisabled(), true, 'nothing is imported while a row is invalid');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'import-annuaire');

  // Keyboard only: tick « skip the invalid rows », then import.
  await page.getByLabel('Importer les lignes valides et laisser les autres de côté').focus();
  await page.keyboard.press('Space');
  await importButton.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: 'Import terminé. 1 structure(s) créée(s)' }).waitFor();

  await page.goto(`${env.server.url}/reseau/conseil-citoyen-du-chemin-bas`);
  await page.getByRole('heading', { name: 'Conseil citoyen du Chemin-Bas' }).waitFor();
  assert.deepEqual(errors, []);
});

test('several drafts are published at once from the dashboard, and the refused one is named', async () => {
  const page = await signedIn();
  const csrf = (await (await page.request.get(`${env.server.url}/api/v1/session`)).json()).csrf_token;
  const ids = [];
  for (const title of ['Brouillon groupé A', 'Brouillon groupé B']) {
    const created = await page.request.post(`${env.server.url}/api/v1/editorial/publications`, {
      headers: { 'X-CSRF-Token': csrf }, data: { title, kind: 'guide' },
    });
    assert.equal(created.status(), 201, await created.text());
    ids.push((await created.json()).id);
  }
  await page.goto(`${env.server.url}/redaction/publications`);
  await page.getByLabel('Sélectionner « Brouillon groupé A »').check();
  await page.getByLabel('Sélectionner « Brouillon groupé B »').check();
  const group = page.getByRole('group', { name: 'Actions sur la sélection' });
  await group.getByText('2 sélectionné(s)').waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  // Meanwhile someone else edits B: its listed version is stale and it is refused, by name.
  const patched = await page.request.patch(`${env.server.url}/api/v1/editorial/publications/${ids[1]}`, {
    headers: { 'If-Match': '"1"', 'X-CSRF-Token': csrf, 'Content-Type': 'application/merge-patch+json' },
    data: JSON.stringify({ summary: 'Écrit entre-temps' }),
  });
  assert.equal(patched.status(), 200);
  await group.getByRole('button', { name: 'Publier la sélection', exact: true }).click();
  await page.getByText(/^1 élément\(s\) publié\(s\)\. Refusé\(s\) : « Brouillon groupé B »/).waitFor();
  assert.equal((await page.request.get(`${env.server.url}/api/v1/publications/${ids[0]}`)).status(), 200);
  assert.equal((await page.request.get(`${env.server.url}/api/v1/publications/${ids[1]}`)).status(), 404);
  // The list is read again (A shows as published): B, still a draft, can be published now.
  const row = (title) => page.getByRole('row').filter({ hasText: title });
  await row('Brouillon groupé A').getByRole('cell', { name: 'Publié', exact: true }).waitFor();
  await page.getByLabel('Sélectionner « Brouillon groupé B »').check();
  await group.getByRole('button', { name: 'Publier la sélection', exact: true }).click();
  await page.getByText('1 élément(s) publié(s).', { exact: true }).waitFor();
  await row('Brouillon groupé B').getByRole('cell', { name: 'Publié', exact: true }).waitFor();
  assert.equal((await page.request.get(`${env.server.url}/api/v1/publications/${ids[1]}`)).status(), 200);
  await page.close();
});
