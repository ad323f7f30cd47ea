// What a calendar application makes of our iCalendar feed: ical.js (the parser of
// Thunderbird) reads the VTIMEZONE and places each event at its real instant, winter and
// summer. And the « Réutiliser cette sélection » panel hands on the filters in use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import ICAL from 'ical.js';
import { request } from 'playwright-core';
import { accessibilityViolations, editor, serverAndBrowser, takenOver } from './support.js';

const env = serverAndBrowser();

async function signedIn() {
  const api = await request.newContext({ baseURL: env.server.url });
  const session = await api.post('/api/v1/session', { data: editor });
  assert.equal(session.status(), 200, await session.text());
  const { csrf_token: csrf } = await session.json();
  return { api, csrf };
}

async function publishEvent({ api, csrf }, event) {
  const created = await api.post('/api/v1/editorial/events', {
    data: event, headers: { 'X-CSRF-Token': csrf },
  });
  assert.equal(created.status(), 201, await created.text());
  const { id, version } = await created.json();
  const published = await api.post(`/api/v1/editorial/events/${id}/publish`, {
    headers: { 'X-CSRF-Token': csrf, 'If-Match': `"${version}"` },
  });
  assert.equal(published.status(), 200, await published.text());
}

test('a calendar application places our events at their Paris time, winter and summer', async () => {
  const staff = await signedIn();
  const place = { venue_commune: 'commune-11262', themes: ['conseils-citoyens'], territories: ['departement-11'] };
  await publishEvent(staff, {
    title: 'Atelier de janvier', kind: 'formation', ...place,
    start_date: '2027-01-14', start_time: '18:00:00', end_time: '20:00:00',
  });
  await publishEvent(staff, {
    title: 'Rencontre de juillet', kind: 'rencontre', ...place,
    start_date: '2027-07-08', start_time: '09:30:00', end_time: '12:00:00',
  });

  const response = await staff.api.get('/api/v1/events.ics?territory=departement-11');
  assert.match(response.headers()['content-type'], /^text\/calendar/);
  const calendar = new ICAL.Component(ICAL.parse(await response.text()));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(zone);
  }
  const events = Object.fromEntries(calendar.getAllSubcomponents('vevent')
    .map((component) => new ICAL.Event(component))
    .map((event) => [event.summary, event]));
  // 18:00 in Paris in January is 17:00 UTC; 09:30 in July is 07:30 UTC.
  assert.equal(events['Atelier de janvier'].startDate.toJSDate().toISOString(), '2027-01-14T17:00:00.000Z');
  assert.equal(events['Atelier de janvier'].endDate.toJSDate().toISOString(), '2027-01-14T19:00:00.000Z');
  assert.equal(events['Rencontre de juillet'].startDate.toJSDate().toISOString(), '2027-07-08T07:30:00.000Z');
  assert.equal(calendar.getFirstPropertyValue('name'), 'Villes et Territoires Occitanie — événements');
  await staff.api.dispose();
});

test('the list hands its filters on to the calendar, the feed, the spreadsheet and the widget', async () => {
  const page = await env.browser.newPage({ locale: 'fr-FR' });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${env.server.url}/evenements?territory=departement-34&when=all`);
  await takenOver(page);
  await page.locator('p.count').waitFor();
  await page.getByText('Réutiliser cette sélection').click();
  const href = (name) => page.getByRole('link', { name }).getAttribute('href');
  assert.equal(await href(/agenda \(iCalendar\)/), '/api/v1/events.ics?territory=departement-34&when=all');
  assert.equal(await href(/fil d'actualité/), '/api/v1/events.atom?territory=departement-34&when=all');
  assert.equal(await href(/tableau \(CSV\)/), '/api/v1/events?territory=departement-34&when=all&format=csv');
  const code = await page.getByLabel(/Intégrer cette sélection/).inputValue();
  assert.ok(code.includes(`<iframe src="${env.server.url}/widgets/evenements?territory=departement-34&when=all"`), code);

  // The snippet works: pasted in a page of another origin, the iframe takes the height
  // the widget asks for.
  const partner = createServer((_, response) => {
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.end(`<!doctype html><html lang="fr"><title>Partenaire</title><body>${code}</body></html>`);
  });
  await new Promise((listening) => partner.listen(0, '127.0.0.1', listening));
  const host = await env.browser.newPage();
  await host.goto(`http://localhost:${partner.address().port}/`);
  await host.waitForFunction(() => parseInt(document.querySelector('iframe').style.height, 10) > 150);
  const frame = host.frames().find((f) => f.url().includes('/widgets/evenements'));
  assert.ok(await frame.getByRole('heading', { name: 'Événements' }).isVisible());
  partner.close();

  // The widget alone: accessible, and narrow enough for a sidebar.
  const widget = await env.browser.newPage({ viewport: { width: 280, height: 600 } });
  await widget.goto(`${env.server.url}/widgets/publications?theme=conseils-citoyens`);
  assert.deepEqual(await accessibilityViolations(widget), []);
  assert.ok(await widget.evaluate(() => document.documentElement.scrollWidth <= 280));
  await widget.close();

  await page.getByRole('button', { name: 'Copier le code' }).click();
  await page.getByText(/Code copié|Copie impossible/).waitFor();
  assert.deepEqual(errors, []);
  await host.close();
  await page.close();
});
