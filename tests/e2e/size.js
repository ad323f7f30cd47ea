// Prints what a browser downloads for the client (wasm + JS + CSS), compressed with brotli
// as a server would send it. Run after `trunk build --release`.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

// Standalone (no dependency), so that scripts/run can use it without installing anything.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'frontend', 'dist');
let total = 0;
for (const name of readdirSync(dist).filter((n) => /\.(wasm|js|css)$/.test(n)).sort()) {
  const raw = readFileSync(join(dist, name));
  const compressed = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
  total += compressed;
  console.log(`${name}: ${(raw.length / 1024).toFixed(0)} Ko, ${(compressed / 1024).toFixed(0)} Ko brotli`);
}
console.log(`Client web transféré (brotli) : ${(total / 1024).toFixed(0)} Ko`);
