// Lighthouse (version pinned by scripts/bench-mobile) on the six kinds of public page, as a
// phone on a mobile network sees them: both throttling methods — simulated (Lighthouse's
// default, computed from an unthrottled load) and applied (`devtools`: 1.6 Mb/s, 150 ms
// round trip, CPU 4× slower, really imposed) — median of 5 cold runs each (a new browser
// profile per run). Writes the figures into docs/benchmarks.md, section « Premier affichage
// sur téléphone », and as JSON to the path given.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { root, startServer } from './support.js';

const run = promisify(execFile);
const lighthouse = process.env.LIGHTHOUSE ?? 'lighthouse';
const output = process.argv[2];
const runs = Number(process.env.PASSERELLE_LIGHTHOUSE_RUNS ?? 5);

const server = await startServer();
const api = async (path) => (await fetch(server.url + path)).json();
const first = async (path) => (await api(path)).items[0].slug;
const pages = [
  ['Accueil', '/'],
  ['Liste filtrée', '/publications?theme=conseils-citoyens'],
  ['Recherche', '/recherche?q=conseils+citoyens'],
  ['Publication', `/publications/${await first('/api/v1/publications?limit=1')}`],
  ['Événement', `/evenements/${await first('/api/v1/events?when=past&limit=1')}`],
  ['Membre', `/reseau/${await first('/api/v1/members?limit=1')}`],
];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function measure(url, method) {
  const { stdout } = await run(lighthouse, [
    url, '--quiet', '--output=json', '--output-path=stdout',
    '--only-categories=performance,accessibility',
    `--throttling-method=${method}`,
    '--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run',
  ], { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? '/usr/bin/chromium' }, maxBuffer: 64 * 1024 * 1024 });
  const report = JSON.parse(stdout);
  const value = (id) => report.audits[id]?.numericValue ?? NaN;
  return {
    performance: Math.round(report.categories.performance.score * 100),
    accessibility: Math.round(report.categories.accessibility.score * 100),
    fcp: value('first-contentful-paint'),
    lcp: value('largest-contentful-paint'),
    tbt: value('total-blocking-time'),
    cls: value('cumulative-layout-shift'),
  };
}

const results = {};
try {
  for (const method of ['simulate', 'devtools']) {
    results[method] = [];
    for (const [name, path] of pages) {
      const samples = [];
      for (let i = 0; i < runs; i += 1) samples.push(await measure(server.url + path, method));
      const summary = Object.fromEntries(
        Object.keys(samples[0]).map((key) => [key, median(samples.map((s) => s[key]))]),
      );
      results[method].push({ name, path, ...summary, scores: samples.map((s) => s.performance) });
      console.log(method, name, JSON.stringify(summary));
    }
  }
} finally {
  await server.stop();
}
if (output) writeFileSync(output, JSON.stringify(results, null, 2));

const { stdout: version } = await run(lighthouse, ['--version']);
const seconds = (ms) => `${(ms / 1000).toFixed(2).replace('.', ',')} s`;
const table = (method) => [
  '| page | Performance | FCP | LCP | TBT | CLS | Accessibilité | scores des 5 passages |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ...results[method].map((r) => `| ${r.name} \`${r.path.length > 40 ? `${r.path.slice(0, 40)}…` : r.path}\` | **${r.performance}** | ${seconds(r.fcp)} | ${seconds(r.lcp)} | ${Math.round(r.tbt)} ms | ${r.cls.toFixed(3).replace('.', ',')} | ${r.accessibility} | ${r.scores.join(', ')} |`),
];
const section = [
  '<!-- lighthouse: début (écrit par scripts/bench-mobile) -->',
  '### Premier affichage sur téléphone (Lighthouse)',
  '',
  `Lighthouse ${version.trim()}, profil mobile (écran de téléphone, réseau 4G lent, processeur 4× plus lent), Chromium sans interface sur la même machine que le serveur (build release, contenu initial), médiane de ${runs} passages à froid (profil de navigateur neuf à chaque passage).`,
  '',
  '**Limitation simulée** (méthode par défaut de Lighthouse : chargement sans frein, durées recalculées pour le profil) :',
  '',
  ...table('simulate'),
  '',
  '**Limitation appliquée** (`--throttling-method=devtools` : débit, latence et processeur réellement bridés) :',
  '',
  ...table('devtools'),
  '<!-- lighthouse: fin -->',
].join('\n');

const doc = join(root, 'docs', 'benchmarks.md');
const current = readFileSync(doc, 'utf8');
const marked = /<!-- lighthouse: début[\s\S]*?<!-- lighthouse: fin -->/;
writeFileSync(doc, marked.test(current) ? current.replace(marked, section) : `${current.trimEnd()}\n\n${section}\n`);
console.log(section);
