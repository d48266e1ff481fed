/**
 * The browser side of WebAuthn, served by Barbican from the package itself: no CDN (apps should not
 * depend on one, and many networks reach none). @simplewebauthn/browser's UMD bundle is resolved
 * through Node's module resolution, so it is found in this repository and in an app that installed
 * the packed package alike. File names carry a hash of the content, so they can be cached forever.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { SecurityConfig } from '../../config/options.js';
import type { Route } from '../route.js';
import { WEBAUTHN_PAGE_SCRIPT } from './page-script.js';

export interface WebAuthnAssetUrls {
  /** @simplewebauthn/browser's UMD bundle (defines window.SimpleWebAuthnBrowser) */
  readonly library: string;
  /** the default pages' script (page-script.ts) */
  readonly page: string;
}

interface Asset {
  readonly name: string;
  readonly body: string;
}

let assets: readonly Asset[] | undefined;

/** The package's "." export is its CommonJS entry (script/index.js); the bundle sits beside it. */
function libraryBundle(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@simplewebauthn/browser');
  return readFileSync(join(dirname(entry), '..', 'dist', 'bundle', 'index.umd.min.js'), 'utf8');
}

function hashed(stem: string, body: string): Asset {
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 16);
  return { name: `${stem}-${hash}.js`, body };
}

/** Read once per process, the first time a Security with WebAuthn starts. */
function loadAssets(): readonly [Asset, Asset] {
  assets ??= [
    hashed('simplewebauthn-browser', libraryBundle()),
    hashed('barbican-webauthn', WEBAUTHN_PAGE_SCRIPT),
  ];
  return assets as readonly [Asset, Asset];
}

function assetDirectory(config: SecurityConfig): string {
  return `${config.urlPrefix}/wan-assets`;
}

export function webauthnAssetUrls(config: SecurityConfig): WebAuthnAssetUrls {
  const [library, page] = loadAssets();
  const directory = assetDirectory(config);
  return { library: `${directory}/${library.name}`, page: `${directory}/${page.name}` };
}

function serve(asset: Asset | undefined): Response {
  if (!asset) return new Response('Not Found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
  return new Response(asset.body, {
    status: 200,
    headers: {
      'Content-Type': 'text/javascript; charset=utf-8',
      // The name changes with the content, so a cached copy can never be stale.
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** GET <urlPrefix>/wan-assets/<name>: the two scripts above, nothing else (no file-system paths). */
export function webauthnAssetRoutes(config: SecurityConfig): Route[] {
  const served = new Map(loadAssets().map((asset) => [asset.name, asset]));
  return [
    {
      method: 'GET',
      path: `${assetDirectory(config)}/:name`,
      handler: async (state) =>
        serve(served.get(state.url.pathname.slice(assetDirectory(config).length + 1))),
    },
  ];
}
