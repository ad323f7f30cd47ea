// The team's screens at the scale of a real centre: 5,000 communes and 3,000 members in the
// database. The dashboard searches and filters as one types, the pickers offer a few
// choices at a time and are driven by the keyboard; the time each takes is measured here
// and printed, with a generous ceiling that only a screen drawing everything would break.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { accessibilityViolations, narrowScreenProblems, screenshot, serverAndBrowser, signIn } from './support.js';

const env = serverAndBrowser();
const COMMUNES = 5000;
const MEMBERS = 3000;
// Far above what a responsive screen takes (tens of milliseconds), far below what drawing
// thousands of rows or options costs on this machine.
const CEILING_MS = 1500;

// Written straight into the server's SQLite database, as an import would leave it: the
// team's lists and the territories are read from the database at each request.
const fill = String.raw`
import re, sqlite3, sys, unicodedata, uuid
db = sqlite3.connect(sys.argv[1], timeout=30)
def slug(text):
    bare = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode().lower()
    return re.sub("[^a-z0-9]+", "-", bare).strip("-")
departements = ["11", "30", "31", "34", "66"]
starts = ["Saint-", "Sainte-", "Villeneuve-", "Mont", "Castel", "La Bastide-", "Pont-", "Roque", "Font", "Puech"]
roots = ["Arnaud", "Béral", "Cazals", "Durfort", "Escales", "Fabrègues", "Gignac", "Hortes", "Issel", "Jonquières",
         "Lavelanet", "Marsillargues", "Nébian", "Olonzac", "Pézenas", "Quarante", "Rieux", "Sérignan", "Tressan", "Usclas",
         "Vendres", "Aspiran", "Bessan", "Canet", "Dio", "Espondeilhan", "Florensac", "Gabian", "Hérépian", "Lézignan",
         "Magalas", "Nissan", "Octon", "Paulhan", "Roujan", "Servian", "Thézan", "Valros", "Alignan", "Boujan",
         "Cers", "Caux", "Fos", "Laurens", "Montblanc", "Neffiès", "Pailhès", "Puissalicon", "Saint-Chinian", "Vias"]
ends = ["", "-sur-Aude", "-d'Olt", "-le-Vieux", "-de-Lauragais", "-du-Gard", "-les-Bains", "-en-Val", "-la-Plaine", "-Haute"]
names = [s + r + e for e in ends for s in starts for r in roots][:int(sys.argv[2])]
communes = []
for i, name in enumerate(names):
    dep = departements[i % len(departements)]
    code = "9%04d" % i
    communes.append(("commune-" + code, code, "commune", name, "departement-" + dep))
db.executemany("INSERT INTO territories (id, code, level, name, parent_id) VALUES (?, ?, ?, ?, ?)", communes)
kinds = ["conseil_citoyen", "association", "collectif", "collectivite", "equipement"]
members = []
links = []
for i in range(int(sys.argv[3])):
    commune = communes[i % len(communes)]
    kind = kinds[i % len(kinds)]
    label = {"conseil_citoyen": "Conseil citoyen de", "association": "Association des habitants de",
             "collectif": "Collectif du quartier de", "collectivite": "Mairie de", "equipement": "Centre social de"}[kind]
    member = str(uuid.uuid4())
    name = "%s %s" % (label, commune[3])
    members.append((member, slug(name), name, kind, "", 0,
                    "published" if i % 3 else "draft", "2026-11-01 10:00:00", "2026-11-%02d 10:00:00" % (1 + i % 28), 1,
                    "2026-11-01 10:00:00" if i % 3 else None))
    links.append((member, commune[0]))
db.executemany("INSERT INTO members (id, slug, name, kind, description, contact_public, editorial_status, created_at, updated_at, version, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", members)
db.executemany("INSERT INTO member_territories (member_id, territory_id) VALUES (?, ?)", links)
db.commit()
`;

const errors = [];

async function signedIn() {
  const page = await signIn(env.browser, env.server.url);
  page.on('pageerror', (error) => errors.push(error.message));
  return page;
}

/// Milliseconds from `action` until `settled` resolves.
async function timed(what, action, settled) {
  const start = performance.now();
  await action();
  await settled();
  const took = Math.round(performance.now() - start);
  console.log(`# ${what} : ${took} ms`);
  assert.ok(took < CEILING_MS, `${what} : ${took} ms`);
  return took;
}

test('with 5,000 communes and 3,000 members the dashboard and the pickers answer as one types', async () => {
  execFileSync('python3', ['-c', fill, join(env.server.dataDir, 'passerelle.sqlite3'), String(COMMUNES), String(MEMBERS)]);
  const page = await signedIn();
  const caption = page.locator('table.editorial caption');

  // The members' list: its pages, its search as one types, its filters.
  await timed('tableau de bord des membres (3 000 et plus)', () => page.goto(`${env.server.url}/redaction/membres`),
    () => caption.filter({ hasText: /^3\d{3} élément\(s\)$/ }).waitFor());
  assert.equal(await page.locator('table.editorial tbody tr').count(), 50);
  const search = page.getByRole('searchbox', { name: 'Rechercher dans les titres' });
  await timed('recherche à la frappe « centre social pezenas »', () => search.fill('centre social pezenas'),
    () => caption.filter({ hasText: /^\d{1,3} élément\(s\)$/ }).waitFor());
  await page.waitForURL(/q=centre\+social\+pezenas/);
  const found = await page.locator('table.editorial tbody tr td:nth-child(2)').allTextContents();
  assert.ok(found.length > 0 && found.every((title) => /^Centre social de .*Pézenas/.test(title)), found.join(' | '));
  await page.getByLabel('État', { exact: true }).selectOption('draft');
  await page.waitForURL(/status=draft/);
  await page.getByLabel('Trier', { exact: true }).selectOption('title');
  await page.waitForURL(/sort=title/);
  // Drafts only, by title (accents aside), once the list has followed both choices.
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('table.editorial tbody tr')];
    const fold = (t) => t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const titles = rows.map((row) => fold(row.children[1].textContent));
    return rows.length > 0
      && rows.every((row) => row.children[3].textContent === 'Brouillon')
      && titles.every((title, i) => i === 0 || titles[i - 1] <= title);
  });

  // The territory filter: a combobox over every territory, driven by the keyboard.
  await page.goto(`${env.server.url}/redaction/membres`);
  await caption.filter({ hasText: /^3\d{3} élément\(s\)$/ }).waitFor();
  const place = page.getByRole('combobox', { name: 'Territoire (avec ce qu\'il contient)', exact: true });
  const placeList = page.locator('#filtre-territoire-choix');
  await timed('choix de territoire, « saint ar » parmi 5 000 communes', () => place.fill('saint ar'),
    () => page.waitForFunction(() => {
      const shown = [...document.querySelectorAll('#filtre-territoire-choix [role="option"]')].map((o) => o.textContent);
      return shown.length > 0 && shown.every((o) => /^Saint/.test(o) && /ar/i.test(o));
    }));
  await page.locator('#filtre-territoire-etat').filter({ hasText: /^Les 20 premiers résultats sur \d+/ }).waitFor();
  assert.ok(await placeList.getByRole('option').count() <= 20);
  await place.fill('');
  await place.pressSequentially('Saint-Arnaud-sur', { delay: 30 });
  // Once typing pauses, the choices are those of the whole text.
  await page.waitForFunction(() => {
    const shown = [...document.querySelectorAll('#filtre-territoire-choix [role="option"]')].map((o) => o.textContent);
    return shown.length === 1 && shown[0].startsWith('Saint-Arnaud-sur-Aude ');
  });
  await place.press('ArrowDown');
  const active = await place.getAttribute('aria-activedescendant');
  assert.match(await page.locator(`[id="${active}"]`).textContent(), /^Saint-Arnaud-sur-Aude/);
  assert.equal(await page.locator(`[id="${active}"]`).getAttribute('aria-selected'), 'true');
  await place.press('Enter');
  await page.waitForURL(/territory=commune-9/);
  await page.getByRole('button', { name: /^Retirer Saint-Arnaud-sur-Aude \(/ }).waitFor();
  await caption.filter({ hasText: /^1 élément\(s\)$/ }).waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'tableau-de-bord-filtre');
  // Nothing overflows sideways, nothing is squeezed to fit.
  assert.deepEqual(await narrowScreenProblems(page, 375), []);
  // Escape closes the choices, then empties the field; removing the chip lifts the filter.
  await place.fill('mont');
  await placeList.getByRole('option').first().waitFor();
  await place.press('Escape');
  assert.equal(await place.getAttribute('aria-expanded'), 'false');
  await page.getByRole('button', { name: /^Retirer Saint-Arnaud-sur-Aude \(/ }).click();
  await caption.filter({ hasText: /^3\d{3} élément\(s\)$/ }).waitFor();

  // A new publication: territories among 5,000 communes, members among 3,000.
  await page.goto(`${env.server.url}/redaction/publications/nouveau`);
  const territories = page.getByRole('combobox', { name: 'Territoires', exact: true });
  await timed('territoires de la publication, « villeneuve gignac »', () => territories.fill('villeneuve gignac'),
    () => page.locator('#territories-choix').getByRole('option', { name: /^Villeneuve-Gignac / }).first().waitFor());
  const options = await page.locator('#territories-choix').getByRole('option').allTextContents();
  assert.ok(options.length <= 20 && options.every((o) => /Villeneuve-Gignac/.test(o)), options.join(' | '));
  // A commune shows its département beside its name: two of the same name stay apart.
  assert.ok(options.some((o) => /, (11|30|31|34|66)$/.test(o)), options.join(' | '));
  await territories.press('ArrowDown');
  await territories.press('Enter');
  const chip = page.getByRole('list', { name: 'Territoires : choix faits' }).getByRole('listitem');
  await chip.first().waitFor();
  assert.equal(await chip.count(), 1);
  const organizations = page.getByRole('combobox', { name: 'Ajouter une structure (nom)', exact: true });
  await timed('structures impliquées, « conseil citoyen fabregues » parmi 3 000', () => organizations.fill('conseil citoyen fabregues'),
    () => page.locator('#organizations-recherche-choix').getByRole('option').first().waitFor());
  const members = await page.locator('#organizations-recherche-choix').getByRole('option').allTextContents();
  assert.ok(members.length > 0 && members.length <= 20 && members.every((m) => /^Conseil citoyen de .*Fabrègues/.test(m)), members.join(' | '));
  await organizations.press('ArrowDown');
  await organizations.press('Enter');
  await page.getByLabel(/^Rôle de Conseil citoyen de /).waitFor();
  await page.getByLabel('Titre (obligatoire)').fill('Les conseils citoyens des petites communes');
  await page.getByLabel('Type (obligatoire)').selectOption('guide');
  assert.deepEqual(await accessibilityViolations(page), []);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Enregistré.').waitFor();

  // « Prévisualiser »: the public page's layout under a « Brouillon » banner; still a draft.
  await page.getByRole('link', { name: 'Prévisualiser' }).click();
  await page.waitForURL(/\/apercu$/);
  await page.locator('.draft-banner').filter({ hasText: /^Brouillon/ }).waitFor();
  await page.getByRole('heading', { level: 1, name: 'Les conseils citoyens des petites communes' }).waitFor();
  await page.getByRole('link', { name: /^Conseil citoyen de .*Fabrègues/ }).waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'apercu-brouillon');
  const pub = await page.request.get(`${env.server.url}/api/v1/publications?q=conseils%20citoyens%20petites%20communes`);
  assert.equal((await pub.json()).total, 0);
  assert.deepEqual(errors, []);
  await page.close();
});
