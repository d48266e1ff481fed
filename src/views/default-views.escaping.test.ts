/**
 * No default page can print a value unescaped: every text prop of every default view (the kernel's
 * and each feature's) gets a hostile payload, and not one page lets it through as markup.
 */
import { describe, expect, it } from 'vitest';
import { FEATURES } from '../features/registry.js';
import { FLASH_MARKER, insertFlashes } from '../http/flash.js';
import { raw } from './html.js';
import { defaultViews, type FormPageProps, type Views } from './views.js';

const EVIL = `"'><script>alert(1)</script>`;
const ESCAPED = '&quot;&#39;&gt;&lt;script&gt;alert(1)&lt;/script&gt;';

const form: FormPageProps = { action: EVIL, csrfToken: EVIL, errors: [EVIL], next: EVIL };
const ceremony = {
  action: EVIL,
  kind: 'get',
  optionsJSON: EVIL,
  csrfToken: EVIL,
  remember: false,
  next: EVIL,
  scripts: { library: EVIL, page: EVIL, nonce: EVIL },
} as const;

/** One set of hostile props per view; a view added to Views without props here fails to compile. */
const HOSTILE: { readonly [K in keyof Views]: Parameters<Views[K]>[0] } = {
  login: {
    ...form,
    identity: EVIL,
    identityAttributes: ['email', 'username'],
    rememberDefault: true,
    links: { register: EVIL, forgotPassword: EVIL, confirm: EVIL },
  },
  verify: { ...form, email: EVIL },
  message: { status: 400, title: EVIL, messages: [EVIL] },
  rateLimited: { messages: [EVIL], retryAfterSeconds: 90 },
  register: { ...form, email: EVIL, username: EVIL, usernameField: 'optional', passwordConfirm: true },
  sendConfirmation: { ...form, email: EVIL },
  confirmPassword: { ...form, email: EVIL },
  forgotPassword: { ...form, email: EVIL },
  resetPassword: form,
  changePassword: { ...form, activePassword: true },
  changeEmail: { ...form, currentEmail: EVIL, email: EVIL },
  changeUsername: { ...form, currentUsername: EVIL, username: EVIL },
  recoverUsername: { ...form, email: EVIL },
  twoFactorValidate: { ...form, rescue: { action: EVIL, options: [EVIL] } },
  twoFactorSetup: {
    ...form,
    methods: [EVIL],
    currentMethod: EVIL,
    chosen: EVIL,
    validate: form,
    // The QR code is the one trusted prop (SafeHtml, made by Barbican's renderer).
    authenticator: { key: EVIL, uri: EVIL, qrCodeSVG: raw('<svg></svg>') },
  },
  recoveryCodes: { ...form, codes: [EVIL], unused: 1 },
  recovery: form,
  sessions: {
    ...form,
    revokeAction: EVIL,
    sessions: [false, true].map((current) => ({
      id: EVIL,
      createdAt: new Date(0),
      lastSeenAt: new Date(0),
      ip: EVIL,
      userAgent: EVIL,
      remember: false,
      expiresAt: new Date(0),
      current,
    })),
  },
  twoFactorSelect: { ...form, methods: [EVIL] },
  wanSignin: {
    ...form,
    identityField: true,
    identity: EVIL,
    rememberDefault: true,
    isSecondary: false,
    recovery: EVIL,
    ceremony: { ...ceremony, remember: true },
  },
  wanVerify: { ...form, email: EVIL, ceremony },
  wanRegister: {
    ...form,
    credentials: [
      {
        name: EVIL,
        credential_id: EVIL,
        transports: [EVIL],
        lastuse: EVIL,
        usage: EVIL,
        backup_state: true,
        device_type: EVIL,
        discoverable: 'Unknown',
      },
    ],
    name: EVIL,
    allowFirst: true,
    deleteAction: EVIL,
    ceremony: null,
  },
  usSignin: {
    ...form,
    identity: EVIL,
    identityAttributes: ['email'],
    rememberDefault: true,
    codeMethods: [EVIL],
    chosenMethod: EVIL,
    sendCodeAction: EVIL,
    notice: EVIL,
  },
  usVerify: {
    ...form,
    email: EVIL,
    codeMethods: [EVIL],
    chosenMethod: EVIL,
    sendCodeAction: EVIL,
    notice: EVIL,
  },
  usSetup: {
    ...form,
    setupMethods: [EVIL, 'sms'],
    activeMethods: [EVIL],
    deletableMethods: [EVIL],
    phone: EVIL,
    chosen: EVIL,
    validate: form,
    // The QR code is the one trusted prop (SafeHtml, made by Barbican's renderer).
    authenticator: { key: EVIL, uri: EVIL, qrCodeSVG: raw('<svg></svg>') },
  },
};

const views: Partial<Views> = Object.assign({}, defaultViews, ...FEATURES.map((f) => f.views ?? {}));
const names = Object.keys(views) as Array<keyof Views>;

describe('every default view', () => {
  it('is covered here', () => {
    expect(names.sort()).toEqual(Object.keys(HOSTILE).sort());
  });

  it.each(names)('%s escapes every prop', (name) => {
    const view = views[name] as (props: Parameters<Views[typeof name]>[0]) => string;
    const page = view(HOSTILE[name]);
    expect(page).not.toContain('<script>');
    expect(page).not.toContain(`"'>`);
    // The payload did reach the page, escaped (a view that dropped every prop would prove nothing).
    expect(page).toContain(ESCAPED);
  });
});

describe('flash messages', () => {
  it('are escaped where a page shows them', () => {
    const page = insertFlashes(`<body>${FLASH_MARKER}</body>`, [EVIL]);
    expect(page).toBe(`<body><ul class="flashes"><li class="fs-flash-msg">${ESCAPED}</li></ul></body>`);
  });
});
