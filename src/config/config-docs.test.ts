import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigDocs } from '../../scripts/config-docs.js';
import { FLASK_SECURITY_OPTIONS } from './flask-security-options.js';
import { OPTION_SPECS } from './options.js';

const DOCS_FILE = new URL('../../docs/configuration.md', import.meta.url);

describe('docs/configuration.md', () => {
  it('is what scripts/config-docs.ts renders (UPDATE_DOCS=1 rewrites it)', () => {
    const rendered = renderConfigDocs();
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOCS_FILE, rendered);
    expect(readFileSync(DOCS_FILE, 'utf8')).toBe(rendered);
  });

  it('lists every option and every unsupported Flask-Security option', () => {
    const rendered = renderConfigDocs();
    for (const option of Object.keys(OPTION_SPECS)) expect(rendered).toContain(`| \`${option}\` `);
    for (const [option, status] of Object.entries(FLASK_SECURITY_OPTIONS)) {
      if (status.status !== 'supported') expect(rendered).toContain(`| \`${option}\` `);
    }
  });
});
