// The pages the server writes: read before the WebAssembly client and without it, then
// taken over by the client in place — same content, same place, no second request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityViolations, screenshot, serverAndBrowser, takenOver } from './support.js';

const env = serverAndBrowser();

// One address of each kind of public page, with what its main content must show.
const pages = [
  ['/', 'Le centre de ressources politique de la ville', 'Dernières publications'],
  ['/publications?theme=conseils-citoyens', 'Publications', '4 publications'],
  ['/recherche?q=conseils+citoyens', 'Recherche', 'résultats'],
  ['/publications/capitalisation-egalite-femmes-hommes-contrats-de-ville', /Égalité femmes-hommes et contrats de ville/, 'Structures impliquées'],
  ['/evenements?when=past', 'Événements', 'événements'],
  ['/reseau?territory=departement-11', 'Réseau', 'membres'],
];

test('every public page shows its main content without JavaScript', async () => {
  const page = await env.browser.newPage({ locale: 'fr-FR', javaScriptEnabled: false });
  for (const [path, heading, text] of pages) {
    const response = await page.goto(env.server.url + path);
    assert.equal(response.status(), 200, path);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    assert.ok((await page.locator('main').textContent()).includes(text), `${path} : « ${text} »`);
  }
  // A detail reached from its list, as a link.
  await page.goto(`${env.server.url}/evenements?when=past`);
  const first = page.locator('.cards > li h2 a').first();
  const title = await first.textContent();
  await first.click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  assert.match(await page.locator('main .when').textContent(), /\d{4}/);
  await screenshot(page, 'sans-javascript-evenement');
  await page.close();
});

test('without JavaScript the search form and the filters still work', async () => {
  const page = await env.browser.newPage({ locale: 'fr-FR', javaScriptEnabled: false });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`${env.server.url}/`);
  await page.getByLabel('Rechercher dans les publications, les événements et le réseau').fill('égalité');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.waitForURL(/\/recherche\?q=%C3%A9galit%C3%A9$/);
  assert.match(await page.locator('p.count').textContent(), /^\d+ résultats?$/);

  await page.goto(`${env.server.url}/publications`);
  // On a phone the filters cannot fold without the client: they show, with their button.
  await page.getByLabel(/^Guide/).check();
  await page.getByLabel(/^Conseils citoyens/).check();
  await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
  // The browser sends one parameter per box; the address is then written as the client does.
  await page.waitForURL(/\/publications\?kind=guide&theme=conseils-citoyens(&sort=date_desc)?$/);
  assert.ok(await page.getByLabel(/^Guide/).isChecked());
  const count = await page.locator('p.count').textContent();
  assert.match(count, /^\d+ publications?$/);
  await page.getByLabel('Rechercher une publication').fill('diagnostic');
  await page.getByLabel('Rechercher une publication').press('Enter');
  await page.waitForURL(/q=diagnostic/);
  assert.match(page.url(), /kind=guide/, 'the search keeps the filters');
  await screenshot(page, 'sans-javascript-liste');
  await page.close();
});

test('the client takes over in place, without asking the API again', async () => {
  const page = await env.browser.newPage({ locale: 'fr-FR' });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  for (const [path, heading] of pages) {
    const asked = [];
    const listen = (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) asked.push(request.url());
    };
    page.on('request', listen);
    // The client held back until the server's page has been measured.
    let release;
    const held = new Promise((done) => { release = done; });
    await page.route(/_bg\.wasm$/, async (route) => { await held; await route.continue(); });
    await page.goto(env.server.url + path);
    const place = () => page.evaluate(() => {
      const box = (selector) => {
        const element = document.querySelector(`.racine:not([hidden]) ${selector}`);
        return element && JSON.stringify(element.getBoundingClientRect());
      };
      return [box('main h1'), box('main .cards > li'), box('main p.count'), box('footer')];
    });
    const before = await place();
    assert.equal(await page.locator('#serveur').count(), 1, path);
    release();
    await takenOver(page);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    assert.deepEqual(await place(), before, `${path} : the content moved when the client took over`);
    page.off('request', listen);
    await page.unroute(/_bg\.wasm$/);
    // The one exception: JSON-LD of a detail, already in the head, is not asked again either.
    assert.deepEqual(asked, [], `${path} : the client asked again`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('the client\'s files are asked for once the page is read, never preloaded with it', async () => {
  const page = await env.browser.newPage({ locale: 'fr-FR' });
  for (const [path] of pages) {
    await page.goto(env.server.url + path);
    await takenOver(page);
    const { read, asked } = await page.evaluate(() => ({
      read: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
      asked: performance.getEntriesByType('resource')
        .filter((entry) => /\.(wasm|js)$/.test(new URL(entry.name).pathname))
        .map((entry) => entry.startTime),
    }));
    assert.equal(asked.length, 2, `${path} : the client's two files`);
    // Preloaded, they would share the network with the page, and Lighthouse would count them
    // in its estimate of the largest paint.
    assert.equal(await page.locator('link[rel=preload], link[rel=modulepreload]').count(), 0, path);
    for (const start of asked) assert.ok(start >= read, `${path} : asked at ${start} ms, page read at ${read} ms`);
  }
  await page.close();
});

test('typing in the search box before the client is live carries on in the client', async () => {
  const page = await env.browser.newPage({ locale: 'fr-FR' });
  let release;
  const held = new Promise((done) => { release = done; });
  await page.route(/_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.goto(`${env.server.url}/publications`);
  // The server's markup, checked by axe while the client waits.
  assert.deepEqual(await accessibilityViolations(page, { serverMarkup: true }), []);
  const box = page.getByLabel('Rechercher une publication');
  await box.focus();
  await page.keyboard.type('egalite');
  release();
  await takenOver(page);
  await page.waitForURL(/q=egalite/);
  await page.waitForFunction(() => document.querySelector('p.count')?.textContent === '2 publications');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'q');
  assert.equal(await page.getByLabel('Rechercher une publication').inputValue(), 'egalite');
  await page.close();
});
