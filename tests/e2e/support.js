// Starts the real server (seeded SQLite in a temporary folder, the built client) and
// Debian's Chromium, for the end-to-end tests.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '..', '..');
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const screenshots = process.env.PASSERELLE_SCREENSHOTS ?? join(root, 'screenshots');

/// The first administrator, created by the server at start (PASSERELLE_ADMIN_*).
export const editor = { email: 'redaction@exemple.fr', password: 'un mot de passe de test' };

export async function startServer(extraEnv = {}) {
  const binary = process.env.PASSERELLE_BIN
    ?? join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'debug', 'passerelle');
  const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-e2e-'));
  const child = spawn(binary, [
    'serve', '--bind', '127.0.0.1:0', '--data-dir', dataDir,
    '--spa-dir', join(root, 'frontend', 'dist'),
  ], {
    env: {
      ...process.env, NO_COLOR: '1', RUST_LOG: 'info', DATABASE_URL: '',
      PASSERELLE_ADMIN_EMAIL: editor.email, PASSERELLE_ADMIN_PASSWORD: editor.password,
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines = createInterface({ input: child.stderr });
  const url = await new Promise((done, fail) => {
    child.on('exit', (code) => fail(new Error(`passerelle s'est arrêté (code ${code})`)));
    lines.on('line', (line) => {
      const found = line.match(/http:\/\/127\.0\.0\.1:(\d+)/);
      if (found) done(`http://127.0.0.1:${found[1]}`);
    });
  });
  const exited = new Promise((done) => child.on('exit', done));
  return {
    url,
    dataDir,
    // The server writes its kept index into the data folder until it exits: remove the
    // folder only then.
    async stop() {
      child.kill();
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// A database of its own on the local PostgreSQL for a server of the tests, or null when
// PostgreSQL cannot be reached (an error when PASSERELLE_REQUIRE_POSTGRES=1).
export function postgresDatabase() {
  const base = process.env.PASSERELLE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `passerelle_e2e_${process.pid}_${Date.now()}`;
  try {
    execFileSync('psql', [base, '-q', '-c', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
  } catch (error) {
    if (process.env.PASSERELLE_REQUIRE_POSTGRES === '1') throw error;
    console.warn(`PostgreSQL injoignable (${base}) : tests PostgreSQL du navigateur ignorés.`);
    return null;
  }
  return {
    url: base.replace(/\/[^/]*$/, `/${name}`),
    drop() {
      execFileSync('psql', [base, '-q', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: 'pipe' });
    },
  };
}

export async function startBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/// Once the client has taken the place of the page the server wrote (`#serveur`): the
/// page is then the client's, live.
export async function takenOver(page) {
  await page.waitForFunction(() => !document.getElementById('serveur'));
}

/// Violations reported by axe-core on the current page (WCAG 2.1 A and AA rules), once the
/// client is live (`serverMarkup` to check the server's page while the client is held back).
export async function accessibilityViolations(page, { serverMarkup = false } = {}) {
  if (!serverMarkup) await takenOver(page);
  // Evaluated through the browser's debugging protocol: the page's Content-Security-Policy
  // (rightly) refuses an injected inline script.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(' | ')})`);
  });
}

export async function screenshot(page, name) {
  mkdirSync(screenshots, { recursive: true });
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(screenshots, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

// The real server and a browser for the tests of one file: started before them, stopped
// after. Read `env.server` and `env.browser` once the tests run.
export function serverAndBrowser() {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await startBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

// Form controls too narrow to use (a date field 20 px wide, a select that shows « Au » of
// « Auteur »), buttons whose label is clipped, and boxes squeezed out of shape by a label
// that wraps: each named with its width. Empty when every control in `main` is usable.
export async function crampedControls(page) {
  return page.evaluate(() => [...document.querySelectorAll('main input, main select, main button, main textarea')]
    .filter((control) => control.offsetParent !== null)
    .flatMap((control) => {
      const box = control.getBoundingClientRect();
      const name = `${control.tagName.toLowerCase()}#${control.id || control.name || control.getAttribute('aria-label') || control.textContent.trim().slice(0, 20)}`;
      if (control.type === 'checkbox' || control.type === 'radio') {
        return box.width < 12 || Math.abs(box.width - box.height) > 2 ? [`${name} : ${box.width}×${box.height} px`] : [];
      }
      if (control.tagName === 'BUTTON') {
        // A button shows its whole label.
        return control.scrollWidth - control.clientWidth > 1
          ? [`${name} : ${Math.round(box.width)} px pour ${control.scrollWidth} px de contenu`]
          : [];
      }
      // A field, whose text may be longer than any box, is cramped when the layout makes
      // it narrower than it would be on its own (a select narrower than its options), or
      // than 120 px.
      const saved = control.style.cssText;
      control.style.cssText += ';width:max-content;min-width:0;max-width:none;flex:none';
      const natural = control.getBoundingClientRect().width;
      control.style.cssText = saved;
      const cramped = box.width < Math.min(natural, 120) - 1;
      return cramped ? [`${name} : ${Math.round(box.width)} px au lieu de ${Math.round(natural)} px`] : [];
    }));
}

// Picks a value in a combobox of the editors' screens: types `typed`, waits for `option`
// among the choices offered, and clicks it. Returns the combobox.
export async function choose(page, label, typed, option) {
  const box = page.getByRole('combobox', { name: label, exact: true });
  await box.fill(typed);
  const list = page.locator(`[id="${await box.getAttribute('aria-controls')}"]`);
  await list.getByRole('option', { name: option }).first().click();
  return box;
}

// What a screen `width` px wide breaks on the current page: a sideways overflow, controls
// squeezed to fit (see crampedControls). Empty when the page holds; the page goes back to
// 1280 px after.
export async function narrowScreenProblems(page, width) {
  await page.setViewportSize({ width, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const problems = await crampedControls(page);
  if (overflow > 0) problems.unshift(`${overflow} px de débordement horizontal à ${width} px`);
  await page.setViewportSize({ width: 1280, height: 900 });
  return problems;
}

// A new page of `browser`, signed in to the editors' space (as the first administrator
// unless told otherwise) and on the dashboard.
export async function signIn(browser, url, account = editor) {
  const page = await browser.newPage({ locale: 'fr-FR' });
  await page.goto(`${url}/connexion`);
  await page.getByLabel('Adresse électronique').fill(account.email);
  await page.getByLabel('Mot de passe').fill(account.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/redaction$/);
  return page;
}

// A real SMTP server on a loopback port: Python's aiosmtpd (PyPI, pinned) running the same
// script as the API tests (tests/support/smtp_server.py), in the virtual environment they
// make under the build folder (made here if missing). Each message received is a file.
const AIOSMTPD = '1.4.6';

async function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

export async function startSmtp() {
  const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
  const venv = join(target, `aiosmtpd-${AIOSMTPD}`);
  if (!existsSync(join(venv, 'ready'))) {
    execFileSync('python3', ['-m', 'venv', venv]);
    execFileSync(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `aiosmtpd==${AIOSMTPD}`]);
    writeFileSync(join(venv, 'ready'), AIOSMTPD);
  }
  const inbox = mkdtempSync(join(tmpdir(), 'passerelle-smtp-'));
  const port = await freePort();
  const script = readFileSync(join(root, 'tests', 'support', 'smtp_server.py'), 'utf8');
  const child = spawn(join(venv, 'bin', 'python'), ['-c', script, String(port), inbox], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((done, fail) => {
    child.on('exit', (code) => fail(new Error(`aiosmtpd s'est arrêté (code ${code})`)));
    createInterface({ input: child.stdout }).on('line', (line) => line.trim() === 'ready' && done());
  });
  const received = () => readdirSync(inbox).filter((name) => name.endsWith('.eml')).sort()
    .map((name) => readFileSync(join(inbox, name)));
  return {
    port,
    // What the server needs to send its mail here.
    env: { PASSERELLE_SMTP_HOST: '127.0.0.1', PASSERELLE_SMTP_PORT: String(port), PASSERELLE_SMTP_TLS: 'none', PASSERELLE_MAIL_FROM: 'inscriptions@exemple.fr' },
    received,
    // Every message once `count` have arrived (10 s at most).
    async waitFor(count) {
      const deadline = Date.now() + 10_000;
      while (received().length < count) {
        if (Date.now() > deadline) throw new Error(`${received().length} courriel(s) reçu(s), ${count} attendu(s)`);
        await new Promise((done) => setTimeout(done, 50));
      }
      return received();
    },
    stop() {
      child.kill();
      rmSync(inbox, { recursive: true, force: true });
    },
  };
}
