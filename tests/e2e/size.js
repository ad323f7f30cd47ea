// Prints what a browser downloads for each bundle of the client (wasm + JS + CSS),
// compressed with brotli as a server would send it, and fails when the public bundle,
// which every visitor loads, is over its budget. Run after a release build of the client.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

// Standalone (no dependency), so that scripts/run can use it without installing anything.
const PUBLIC_BUDGET_KB = 250;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'frontend', 'dist');

function weigh(dir, title) {
  let total = 0;
  for (const name of readdirSync(dir).filter((n) => /\.(wasm|js|css)$/.test(n)).sort()) {
    const raw = readFileSync(join(dir, name));
    const compressed = brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length;
    total += compressed;
    console.log(`  ${name} : ${(raw.length / 1024).toFixed(0)} Ko, ${(compressed / 1024).toFixed(0)} Ko brotli`);
  }
  // A stylesheet the build inlined into the page is downloaded too.
  const index = join(dir, 'index.html');
  const inline = existsSync(index)
    ? [...readFileSync(index, 'utf8').matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join('')
    : '';
  if (inline) {
    const compressed = brotliCompressSync(Buffer.from(inline), {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length;
    total += compressed;
    console.log(`  feuille de style dans index.html : ${(inline.length / 1024).toFixed(0)} Ko, ${(compressed / 1024).toFixed(0)} Ko brotli`);
  }
  const kb = total / 1024;
  console.log(`${title} (brotli) : ${kb.toFixed(0)} Ko`);
  return kb;
}

const publicKb = weigh(dist, 'Client public transféré');
if (existsSync(join(dist, 'redaction'))) {
  weigh(join(dist, 'redaction'), 'Espace rédaction transféré');
}
if (existsSync(join(dist, 'inscription'))) {
  weigh(join(dist, 'inscription'), 'Inscription à un événement transférée');
}
if (publicKb > PUBLIC_BUDGET_KB) {
  console.error(`Le client public dépasse son budget : ${publicKb.toFixed(0)} Ko > ${PUBLIC_BUDGET_KB} Ko (brotli).`);
  process.exit(1);
}
