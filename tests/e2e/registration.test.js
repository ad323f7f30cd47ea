// Registering for an event in real Chromium, with the server's mail going to a real SMTP
// server (aiosmtpd), on SQLite and on PostgreSQL: the form, the confirmation link followed
// from the received message, the calendar attached and read by ical.js, the last place
// taken, the waiting list, a cancellation and the promotion it brings, one's details
// changed — each message parsed as MIME (mailparser); then the team's side.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { request } from 'playwright-core';
import {
  accessibilityViolations, editor, narrowScreenProblems, postgresDatabase, screenshot, signIn,
  startBrowser, startServer, startSmtp, takenOver,
} from './support.js';

for (const backend of ['SQLite', 'PostgreSQL']) {
  describe(`sur ${backend}`, () => {
    const env = {};
    before(async () => {
      if (backend === 'PostgreSQL') {
        env.database = postgresDatabase();
        if (!env.database) return;
      }
      env.smtp = await startSmtp();
      const database = env.database ? { DATABASE_URL: env.database.url } : {};
      env.server = await startServer({ ...env.smtp.env, ...database });
      env.browser = await startBrowser();
    });
    after(async () => {
      await env.browser?.close();
      await env.server?.stop();
      env.smtp?.stop();
      env.database?.drop();
    });
    const skip = () => backend === 'PostgreSQL' && !env.database;
    const tag = backend === 'SQLite' ? '' : '-postgresql';
    test('a visitor registers, confirms by the emailed link, takes the last place; the next waits, and gets the place when it is freed', async (t) => {
      if (skip()) return t.skip('PostgreSQL injoignable');
      await visitorsPath(env, tag);
    });
    test('the team sees who registered in the event\'s editor, adds someone, writes to all, marks who came and exports the list', async (t) => {
      if (skip()) return t.skip('PostgreSQL injoignable');
      await teamsPath(env, tag);
    });
  });
}

/// The messages received so far, once `count` are there, parsed.
async function mails(env, count) {
  return Promise.all((await env.smtp.waitFor(count)).map((raw) => simpleParser(raw)));
}

const personalLink = (mail) => mail.text.match(/https?:\/\/\S+\/inscription#\S+/)[0];

/// An event taking one registration, with a waiting list, set up through the API as the
/// team's screens would.
async function eventWithOnePlace(env) {
  const api = await request.newContext({ baseURL: env.server.url });
  const session = await (await api.post('/api/v1/session', { data: { email: editor.email, password: editor.password } })).json();
  const headers = { 'X-CSRF-Token': session.csrf_token };
  const created = await (await api.post('/api/v1/editorial/events', {
    headers,
    data: {
      title: 'Rencontre des conseils citoyens de l\'Hérault', kind: 'rencontre',
      start_date: '2027-04-08', start_time: '14:00:00', end_time: '17:00:00',
      venue_name: 'Salle Pétrarque', venue_commune: 'commune-34172',
    },
  })).json();
  assert.equal((await api.post(`/api/v1/editorial/events/${created.id}/publish`, { headers })).status(), 200);
  const settings = await api.put(`/api/v1/editorial/events/${created.id}/registration`, {
    headers, data: { mode: 'passerelle', capacity: 1, waiting_list: true, reminder_hours: 48 },
  });
  assert.equal(settings.status(), 200);
  await api.dispose();
  env.eventId = created.id;
  return created.slug;
}

async function fillForm(page, name, email) {
  await page.getByLabel('Prénom et nom (obligatoire)').fill(name);
  await page.getByLabel('Adresse électronique (obligatoire)').fill(email);
  await page.getByLabel('Membre d\'un conseil citoyen').check();
  await page.getByLabel('Votre commune (facultatif)').fill('Montpellier');
  await page.getByLabel(/^J'accepte que ces informations/).check();
  await page.getByRole('button', { name: 'M\'inscrire' }).click();
  await page.getByRole('status').filter({ hasText: `Un courriel vient de partir vers ${email}` }).waitFor();
}

async function visitorsPath(env, tag) {
  const errors = [];
  const slug = await eventWithOnePlace(env);
  const page = await env.browser.newPage({ locale: 'fr-FR' });
  page.on('pageerror', (error) => errors.push(error.message));

  // The event's page tells the places left and leads to the form (another bundle).
  // Until the client has taken over, its view and the server's are both in the page.
  await page.goto(`${env.server.url}/evenements/${slug}`);
  await takenOver(page);
  await page.getByText('Plus qu\'une place.').waitFor();
  await page.getByRole('link', { name: 'S\'inscrire', exact: true }).click();
  await page.waitForURL(/\/inscription\/evenement\//);
  await page.getByRole('heading', { level: 1, name: /^S'inscrire : Rencontre des conseils citoyens/ }).waitFor();

  // Sent empty: each field says what it needs, the focus goes to the first.
  await page.getByRole('button', { name: 'M\'inscrire' }).click();
  await page.getByText('Le nom est obligatoire.').waitFor();
  await page.getByText(/Votre accord au traitement de ces données est nécessaire/).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'name');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, `inscription-formulaire${tag}`);
  assert.deepEqual(await narrowScreenProblems(page, 320), []);
  await fillForm(page, 'Léa Martin', 'lea.martin@exemple.fr');

  // The message: confirm through the link, which also opens one's own page.
  let [mail] = await mails(env, 1);
  assert.equal(mail.subject, 'Confirmez votre inscription : Rencontre des conseils citoyens de l\'Hérault');
  assert.equal(mail.to.value[0].address, 'lea.martin@exemple.fr');
  assert.match(mail.html, /<a href="http/);
  await page.goto(personalLink(mail));
  await page.getByText('Votre inscription est confirmée : une place vous attend.').waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, `inscription-confirmee${tag}`);
  const confirmed = (await mails(env, 2))[1];
  assert.equal(confirmed.subject, 'Inscription confirmée : Rencontre des conseils citoyens de l\'Hérault');
  const ics = confirmed.attachments.find((a) => a.filename === 'evenement.ics');
  const calendar = new ICAL.Component(ICAL.parse(ics.content.toString('utf8')));
  const entry = new ICAL.Event(calendar.getFirstSubcomponent('vevent'));
  assert.equal(entry.summary, 'Rencontre des conseils citoyens de l\'Hérault');
  assert.match(entry.location, /Salle Pétrarque/);

  // The place is taken: Bruno goes on the waiting list.
  const other = await env.browser.newPage({ locale: 'fr-FR' });
  other.on('pageerror', (error) => errors.push(error.message));
  await other.goto(`${env.server.url}/evenements/${slug}`);
  await takenOver(other);
  await other.getByText('Complet — liste d\'attente ouverte.').waitFor();
  await other.getByRole('link', { name: 'S\'inscrire sur la liste d\'attente' }).click();
  await fillForm(other, 'Bruno Garcia', 'bruno@exemple.fr');
  mail = (await mails(env, 3))[2];
  await other.goto(personalLink(mail));
  await other.getByText(/vous êtes sur la liste d'attente, en position 1/).waitFor();
  assert.match((await mails(env, 4))[3].subject, /^Liste d'attente/);

  // Léa cancels from her page; Bruno is told the place is his.
  await page.getByRole('button', { name: 'Annuler mon inscription' }).click();
  await page.getByRole('button', { name: 'Oui, annuler' }).click();
  await page.getByText('Votre inscription est annulée.').waitFor();
  const last = await mails(env, 6);
  const promoted = last.slice(4).find((m) => m.to.value[0].address === 'bruno@exemple.fr');
  assert.match(promoted.subject, /^Une place s'est libérée/);
  assert.ok(promoted.attachments.some((a) => a.filename === 'evenement.ics'));
  await other.goto(personalLink(promoted));
  await other.getByText('Votre inscription est confirmée : une place vous attend.').waitFor();
  assert.deepEqual(await accessibilityViolations(other), []);

  // Bruno changes his details from his page; his address stays.
  await other.getByRole('button', { name: 'Modifier mes informations' }).click();
  await other.getByLabel('Prénom et nom (obligatoire)').fill('');
  await other.getByRole('button', { name: 'Enregistrer' }).click();
  await other.getByText('Le nom est obligatoire.').waitFor();
  assert.deepEqual(await accessibilityViolations(other), []);
  await screenshot(other, `inscription-modifier${tag}`);
  await other.getByLabel('Prénom et nom (obligatoire)').fill('Bruno Garcia-Lopez');
  await other.getByLabel('Structure (facultatif)').fill('Conseil citoyen de Figuerolles');
  await other.getByLabel('Besoins liés à un handicap, aménagements à prévoir (facultatif)').fill('Place près de l\'écran');
  await other.getByRole('button', { name: 'Enregistrer' }).click();
  await other.getByRole('definition').filter({ hasText: 'Bruno Garcia-Lopez' }).waitFor();
  await other.getByRole('definition').filter({ hasText: 'Place près de l\'écran' }).waitFor();
  await other.getByRole('definition').filter({ hasText: 'bruno@exemple.fr' }).waitFor();

  // Every page's footer leads to the site's own pages, the accessibility one with its status.
  await other.getByRole('link', { name: 'Accessibilité : non conforme' }).click();
  await other.getByRole('heading', { level: 1, name: 'Accessibilité' }).waitFor();
  assert.deepEqual(await accessibilityViolations(other), []);
  assert.deepEqual(errors, []);
}

async function teamsPath(env, tag) {
  const eventId = env.eventId;
  const page = await signIn(env.browser, env.server.url);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${env.server.url}/redaction/evenements/${eventId}`);
  await page.getByRole('heading', { name: 'Inscriptions', exact: true }).waitFor();
  await page.getByText(/^1 confirmé\(s\) sur 1 places, 0 en liste d'attente, 0 à confirmer, 1 annulé\(s\), 0 présent\(s\)\.$/).waitFor();
  // Someone registered by phone: the form says what is missing, then the list holds them.
  await page.getByRole('button', { name: 'Inscrire quelqu\'un' }).click();
  const form = page.getByRole('form', { name: 'Inscrire quelqu\'un' });
  await form.getByRole('button', { name: 'Inscrire', exact: true }).click();
  await form.getByText('Le nom est obligatoire.').waitFor();
  await form.getByLabel('Prénom et nom', { exact: true }).fill('Chloé Petit');
  await form.getByLabel('Adresse électronique', { exact: true }).fill('chloe@exemple.fr');
  await form.getByLabel('Public de la personne').selectOption('habitant');
  await form.getByLabel('La personne a accepté que ces informations servent à son inscription').check();
  assert.deepEqual(await accessibilityViolations(page), []);
  await form.getByRole('button', { name: 'Inscrire', exact: true }).click();
  await page.getByText(/^1 confirmé\(s\) sur 1 places, 1 en liste d'attente/).waitFor();
  const added = (await mails(env, 7))[6];
  assert.equal(added.to.value[0].address, 'chloe@exemple.fr');
  assert.match(added.subject, /^Liste d'attente/);
  assert.match((await env.smtp.waitFor(7))[6].toString(), /List-Unsubscribe: <http\S+\/inscription#/);

  // One message to all those registered, confirmed or waiting.
  await page.getByRole('button', { name: 'Écrire aux inscrits' }).click();
  const message = page.getByRole('form', { name: 'Écrire aux inscrits' });
  await message.getByLabel('Objet', { exact: true }).fill('Changement de salle');
  await message.getByLabel(/^Message/).fill('Nous serons en salle Joffre.\n\nL\'accueil ne change pas.');
  await message.getByRole('button', { name: 'Envoyer', exact: true }).click();
  await page.getByText('Message envoyé à 2 personne(s).').waitFor();
  const notes = (await mails(env, 9)).slice(7);
  assert.deepEqual(notes.map((m) => m.to.value[0].address).sort(), ['bruno@exemple.fr', 'chloe@exemple.fr']);
  assert.ok(notes.every((m) => m.subject.startsWith('Changement de salle — ') && m.text.includes('salle Joffre')));
  assert.deepEqual(await accessibilityViolations(page), []);
  assert.deepEqual(await narrowScreenProblems(page, 375), []);

  const bruno = page.getByRole('row').filter({ hasText: 'bruno@exemple.fr' });
  await bruno.getByLabel('Bruno Garcia-Lopez était présent·e').check();
  await page.getByText(/, 1 présent\(s\)\.$/).waitFor();
  await page.getByLabel('Rechercher (nom, adresse, structure)').fill('martin');
  await page.getByText('1 inscription(s) affichée(s)').waitFor();
  assert.equal(await page.getByRole('row').filter({ hasText: 'bruno@exemple.fr' }).count(), 0);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, `inscriptions-equipe${tag}`);
  const csv = await page.request.get(env.server.url + await page.getByRole('link', { name: 'Exporter (CSV)' }).getAttribute('href'));
  assert.equal(csv.status(), 200);
  const text = (await csv.text()).replace(/^\uFEFF/, '');
  assert.match(text.split('\r\n')[0], /^Nom;Adresse électronique;Structure/);
  assert.match(text, /Léa Martin;lea\.martin@exemple\.fr/);
  assert.deepEqual(errors, []);
}
