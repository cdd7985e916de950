/**
 * First Load JS of app routes, as `next build` printed it before Next 16: the scripts a first visit
 * loads (the framework's main files and every entry chunk of the route's layouts, page and boundaries),
 * raw and gzipped. Reads an existing build; prints figures only.
 *
 *   npm run build && npx tsx bench/first-load-js.ts [/masteries/[id] …] [--dir .next]
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const dirFlag = args.indexOf('--dir');
const buildDir = path.resolve(dirFlag === -1 ? '.next' : (args[dirFlag + 1] ?? '.next'));
const routes = args.filter((arg, index) => arg !== '--dir' && index !== dirFlag + 1);
if (routes.length === 0) routes.push('/masteries/[id]', '/masteries', '/signin');

const buildManifest = JSON.parse(readFileSync(path.join(buildDir, 'build-manifest.json'), 'utf8')) as { rootMainFiles: string[] };
const routeDirs = JSON.parse(readFileSync(path.join(buildDir, 'app-path-routes-manifest.json'), 'utf8')) as Record<string, string>;

function manifestOf(route: string): { entryJSFiles: Record<string, string[]> } {
  const appPath = Object.entries(routeDirs).find(([, served]) => served === route)?.[0];
  if (appPath === undefined) throw new Error(`No route ${route} in this build`);
  const file = path.join(buildDir, 'server/app', `${appPath}_client-reference-manifest.js`);
  if (!existsSync(file)) throw new Error(`No client manifest for ${route}`);
  const holder: { __RSC_MANIFEST?: Record<string, { entryJSFiles: Record<string, string[]> }> } = {};
  new Function('globalThis', readFileSync(file, 'utf8'))(holder);
  const manifest = holder.__RSC_MANIFEST?.[appPath];
  if (manifest === undefined) throw new Error(`The manifest of ${route} has no entry ${appPath}`);
  return manifest;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
for (const route of routes) {
  const files = new Set(buildManifest.rootMainFiles);
  for (const chunks of Object.values(manifestOf(route).entryJSFiles)) for (const chunk of chunks) files.add(chunk);
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const body = readFileSync(path.join(buildDir, file));
    raw += body.length;
    gzip += gzipSync(body).length;
  }
  console.log(`${route}: ${files.size} scripts, ${kb(raw)} raw, ${kb(gzip)} gzipped`);
}
