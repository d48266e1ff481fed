import { describe, expect, it } from 'vitest';
import { FLASK_SECURITY_OPTIONS, flaskSecurityOptionStatus } from './flask-security-options.js';
import { camelToSnake, snakeToCamel, upstreamKey } from './option-names.js';
import { OPTION_SPECS } from './options.js';

describe('FLASK_SECURITY_OPTIONS', () => {
  it('marks as supported exactly the Flask-Security options OPTION_SPECS implements', () => {
    const supported = Object.entries(FLASK_SECURITY_OPTIONS)
      .filter(([, status]) => status.status === 'supported')
      .map(([option]) => option)
      .sort();
    const implemented = Object.entries(OPTION_SPECS)
      .filter(([option, spec]) => spec.origin === 'flask-security' || option === 'secretKey')
      .map(([option]) => option)
      .sort();
    expect(supported).toEqual(implemented);
  });

  it('spells every key so that it maps back to its upstream SNAKE_CASE name', () => {
    for (const option of Object.keys(FLASK_SECURITY_OPTIONS)) {
      expect(snakeToCamel(camelToSnake(option))).toBe(option);
      expect(upstreamKey(option)).toMatch(/^(SECURITY_)?[A-Z0-9_]+$/);
    }
    expect(upstreamKey('secretKey')).toBe('SECRET_KEY');
    expect(upstreamKey('csrfProtectMechanisms')).toBe('SECURITY_CSRF_PROTECT_MECHANISMS');
  });

  it('gives every planned option a feature and every not-applicable one a reason', () => {
    for (const status of Object.values(FLASK_SECURITY_OPTIONS)) {
      if (status.status === 'planned') expect(status.feature).toMatch(/^[a-z][a-z-]+$/);
      if (status.status === 'not-applicable') expect(status.reason.length).toBeGreaterThan(5);
    }
  });
});

describe('flaskSecurityOptionStatus', () => {
  it('covers message keys by prefix and nothing else unknown', () => {
    expect(flaskSecurityOptionStatus('msgPasswordMismatch')).toEqual({
      status: 'planned',
      feature: 'messages',
    });
    expect(flaskSecurityOptionStatus('messages')).toBeUndefined();
    expect(flaskSecurityOptionStatus('constructor')).toBeUndefined();
  });
});
