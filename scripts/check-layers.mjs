#!/usr/bin/env node
// Fails on an #include that points up a layer or across to a module it may
// not use: the table below is the layering of docs/architecture.md, and
// src/CMakeLists.txt links each module's library with exactly these. Run by
// scripts/test; `node scripts/check-layers.mjs` alone prints what it checked.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// Each module and the modules its files may include (besides its own). A
// module is a folder under src/; http/handlers is one of its own (http is the
// server, router and JSON reading below every handler).
const allowed = {
  core: [],
  ledger: ['core'],
  program: ['core'],
  engine: ['core', 'ledger', 'program'],
  sim: ['core', 'program', 'engine'],
  notify: ['core'],
  accounts: ['core'],
  agents: ['core', 'ledger', 'program', 'engine', 'notify', 'accounts'],
  clients: ['core', 'ledger', 'program', 'engine', 'notify', 'accounts', 'agents'],
  billing: ['core', 'ledger', 'program', 'engine', 'notify', 'accounts', 'agents', 'clients'],
  documents: ['core', 'ledger', 'program', 'engine', 'notify', 'accounts', 'agents', 'clients', 'billing'],
  payouts: ['core', 'ledger', 'program', 'engine', 'notify', 'accounts', 'agents', 'clients', 'billing', 'documents'],
  storage: ['core', 'ledger', 'program', 'engine', 'notify', 'accounts', 'agents', 'clients', 'billing', 'payouts'],
  journal: ['core', 'ledger', 'program', 'engine', 'notify', 'accounts', 'agents', 'clients', 'billing', 'storage'],
  jobs: ['core', 'ledger', 'program', 'engine', 'notify', 'accounts', 'storage', 'journal'],
  http: ['core'],
  handlers: ['core', 'ledger', 'program', 'engine', 'notify', 'accounts', 'agents', 'clients', 'payouts', 'billing',
             'documents', 'jobs', 'http'],
  app: ['core', 'ledger', 'program', 'engine', 'sim', 'notify', 'accounts', 'agents', 'clients', 'payouts', 'billing',
        'documents', 'storage', 'journal', 'jobs', 'http', 'handlers'],
};

// The folder a file belongs to.
function moduleOf(path) {
  const [top, name] = path.split('/');
  if (top === 'http' && name === 'handlers') return 'handlers';
  return top;
}

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'src');
const files = [];
(function walk(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(c|h)pp$/.test(entry)) files.push(relative(root, path));
  }
})(root);

const problems = [];
let includes = 0;
for (const file of files) {
  const from = moduleOf(file);
  if (!(from in allowed)) {
    problems.push(`${file}: module "${from}" is not in scripts/check-layers.mjs's table`);
    continue;
  }
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  lines.forEach((line, index) => {
    const match = /^\s*#\s*include\s+"([^"]+)"/.exec(line);
    if (!match || !match[1].includes('/')) return;
    includes += 1;
    const to = moduleOf(match[1]);
    if (to === from || allowed[from].includes(to)) return;
    problems.push(`src/${file}:${index + 1}: ${from} may not include ${match[1]} (${to}); ` +
                  `${from} may use ${allowed[from].join(', ') || 'nothing else'}`);
  });
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`check-layers: ${problems.length} include(s) break the layering (docs/architecture.md)`);
  process.exit(1);
}
console.log(`check-layers: ${includes} includes in ${files.length} files follow the layering`);
