// The client's weight (raw, gzip, brotli) and its first contentful paint in headless
// Chromium, median of 5 cold loads, for the home page and a search result page. Writes the
// figures as JSON to the path given (scripts/bench puts them in docs/benchmarks.md).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { root, startBrowser, startServer } from './support.js';

const output = process.argv[2];
const dist = join(root, 'frontend', 'dist');

const weight = { raw: 0, gzip: 0, brotli: 0 };
for (const name of readdirSync(dist).filter((n) => /\.(wasm|js|css)$/.test(n))) {
  const bytes = readFileSync(join(dist, name));
  weight.raw += bytes.length;
  weight.gzip += gzipSync(bytes, { level: 9 }).length;
  weight.brotli += brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
}

// The stylesheet the build inlined into the page.
const inline = readFileSync(join(dist, 'index.html'), 'utf8').match(/<style[^>]*>([\s\S]*?)<\/style>/)?.[1];
if (inline) {
  const bytes = Buffer.from(inline);
  weight.raw += bytes.length;
  weight.gzip += gzipSync(bytes, { level: 9 }).length;
  weight.brotli += brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
}

const pages = { accueil: '/', recherche: '/recherche?q=conseils+citoyens' };
const server = await startServer();
const browser = await startBrowser();
const paint = {};
try {
  for (const [name, path] of Object.entries(pages)) {
    const samples = [];
    for (let run = 0; run < 5; run += 1) {
      // A new context each time: nothing cached, as for a first visit.
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(server.url + path, { waitUntil: 'load' });
      await page.waitForSelector('h1');
      samples.push(await page.evaluate(() => new Promise((done) => {
        new PerformanceObserver((list) => {
          const entry = list.getEntriesByName('first-contentful-paint')[0];
          if (entry) done(entry.startTime);
        }).observe({ type: 'paint', buffered: true });
      })));
      await context.close();
    }
    samples.sort((a, b) => a - b);
    paint[name] = { median_ms: samples[2], samples_ms: samples };
  }
} finally {
  await browser.close();
  await server.stop();
}
const figures = { weight, paint };
writeFileSync(output, JSON.stringify(figures, null, 2));
console.log(JSON.stringify(figures));
