// Builds the panels into build/web (hashed assets + index.html), or with
// --unit-tests / --browser-tests bundles and runs those suites with node:test.
// Every mode first checks the message catalogues: same keys in every
// language, the same {placeholders}, no empty message, and every key the code
// names exists.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const webDir = path.dirname(fileURLToPath(import.meta.url));
const repoDir = path.dirname(webDir);
const outDir = path.join(repoDir, 'build', 'web');
const languages = ['en', 'sw'];

function fail(message) {
  console.error(`build-web: ${message}`);
  process.exit(1);
}

function placeholders(message) {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
}

function readCatalogues() {
  const catalogueDir = path.join(webDir, 'src', 'i18n');
  const files = fs.readdirSync(path.join(catalogueDir, 'en')).filter((f) => f.endsWith('.json')).sort();
  const problems = [];
  const known = new Set();
  for (const file of files) {
    const byLanguage = Object.fromEntries(
      languages.map((language) => {
        const where = path.join(catalogueDir, language, file);
        if (!fs.existsSync(where)) {
          problems.push(`${language}/${file}: missing (every language has the same files)`);
          return [language, {}];
        }
        try {
          return [language, JSON.parse(fs.readFileSync(where, 'utf8'))];
        } catch (error) {
          problems.push(`${language}/${file}: not JSON (${error.message})`);
          return [language, {}];
        }
      }),
    );
    const namespace = file.replace(/\.json$/, '');
    const english = byLanguage.en;
    for (const language of languages) {
      const catalogue = byLanguage[language];
      for (const [key, message] of Object.entries(catalogue)) {
        if (typeof message !== 'string' || message.trim() === '') {
          problems.push(`${language}/${file}: "${key}" is empty or not a string`);
        }
        if (!(key in english)) problems.push(`${language}/${file}: "${key}" is not in en/${file}`);
        else if (placeholders(message) !== placeholders(english[key])) {
          problems.push(`${language}/${file}: "${key}" has placeholders {${placeholders(message)}}, en has {${placeholders(english[key])}}`);
        }
      }
      for (const key of Object.keys(english)) {
        if (!(key in catalogue)) problems.push(`${language}/${file}: "${key}" is missing`);
      }
    }
    for (const key of Object.keys(english)) known.add(`${namespace}.${key}`);
  }
  return { problems, known };
}

// Keys the code names literally: t('agent.dashboard.title'), tKey: 'x.y'.
function usedKeys() {
  const used = new Map();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const where = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(where);
      else if (/\.tsx?$/.test(entry.name)) {
        const text = fs.readFileSync(where, 'utf8');
        for (const match of text.matchAll(/\bt\(\s*'([a-z][\w]*\.[\w.-]+)'/g)) {
          used.set(match[1], path.relative(webDir, where));
        }
      }
    }
  };
  walk(path.join(webDir, 'src'));
  return used;
}

function checkCatalogues() {
  const { problems, known } = readCatalogues();
  for (const [key, file] of usedKeys()) {
    if (!known.has(key)) problems.push(`${file}: names "${key}", which no catalogue holds`);
  }
  if (problems.length) fail(`message catalogues:\n  ${problems.join('\n  ')}`);
}

async function buildPanels() {
  const staging = `${outDir}.tmp`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const result = await esbuild.build({
    entryPoints: { app: path.join(webDir, 'src', 'main.tsx') },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    outdir: path.join(staging, 'assets'),
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    metafile: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
    legalComments: 'linked',
  });
  const outputs = Object.keys(result.metafile.outputs).map((o) => '/' + path.relative(staging, path.resolve(o)));
  const js = outputs.find((o) => /\/app-\w+\.js$/.test(o));
  const css = outputs.find((o) => /\/app-\w+\.css$/.test(o));
  if (!js || !css) fail(`esbuild produced no app bundle (${outputs.join(', ')})`);
  const template = fs.readFileSync(path.join(webDir, 'index.html'), 'utf8');
  fs.writeFileSync(path.join(staging, 'index.html'), template.replace('{{js}}', js).replace('{{css}}', css));
  fs.cpSync(path.join(webDir, 'public'), staging, { recursive: true });
  // A gzip copy beside each text asset: wakala serve sends it to browsers that take gzip.
  const compress = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const where = path.join(dir, entry.name);
      if (entry.isDirectory()) compress(where);
      else if (/\.(js|css|svg|map)$/.test(entry.name)) {
        fs.writeFileSync(`${where}.gz`, zlib.gzipSync(fs.readFileSync(where), { level: 9 }));
      }
    }
  };
  compress(staging);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.renameSync(staging, outDir);
  const size = (file) => (fs.statSync(path.join(outDir, file)).size / 1024).toFixed(1);
  console.log(
    `build-web: ${path.relative(repoDir, outDir)}: ${js} (${size(js)} KiB, gzip ${size(`${js}.gz`)} KiB), ` +
      `${css} (${size(css)} KiB, gzip ${size(`${css}.gz`)} KiB)`,
  );
}

// Bundles each *.test.ts of `dir` for node and runs them with node:test.
async function runSuite(dir, outName, extraArgs) {
  const sourceDir = path.join(webDir, dir);
  const entries = fs.readdirSync(sourceDir).filter((f) => f.endsWith('.test.ts')).map((f) => path.join(sourceDir, f));
  // Under web/ so that the bundles' imports of npm packages find web/node_modules.
  const target = path.join(webDir, 'dist', outName);
  fs.rmSync(target, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: entries,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: target,
    outExtension: { '.js': '.mjs' },
    packages: 'external',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  const files = fs.readdirSync(target).filter((f) => f.endsWith('.mjs')).map((f) => path.join(target, f));
  const run = spawnSync(process.execPath, ['--enable-source-maps', '--test', ...extraArgs, ...files], {
    stdio: 'inherit',
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

checkCatalogues();
if (process.argv.includes('--unit-tests')) {
  await runSuite('test', 'unit', []);
} else if (process.argv.includes('--browser-tests')) {
    // One bundle directory per store: ctest runs the two stores' suites side by side.
  await runSuite('e2e', `browser-${process.env.WAKALA_TEST_ENGINE ?? 'sqlite'}`, ['--test-concurrency=1', ...process.argv.slice(3)]);
} else {
  await buildPanels();
}
