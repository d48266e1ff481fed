/**
 * The two sides of a side-by-side wire walk: the Flask-Security 5.1.2 peer over HTTP (its mail read
 * from the sink's JSONL file) and an in-process Barbican on the demo's routes (its mail read from a
 * capturing mailer). Each side answers "the newest six-digit code mailed to X".
 */
import { readFileSync } from 'node:fs';
import { HOTP, Secret } from 'otpauth';
import type { MailToSend } from '../../src/mail/mailer.js';
import { createDemoSecurity } from '../../test/fixtures/demo-routes.js';
import { queuedMail } from '../../test/fixtures/queued-mail.js';
import { type Shape, Walker } from './walk.js';

export interface Side {
  readonly walker: Walker;
  /** The newest six-digit code mailed to `to`. */
  code(to: string): Promise<string>;
}

export function totp(secret: string, offset = 0): string {
  const counter = Math.floor(Date.now() / 30_000) + offset;
  return HOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, counter });
}

function firstCode(text: string): string {
  const match = /\b(\d{6})\b/.exec(text);
  if (!match?.[1]) throw new Error(`no code in mail: ${text.slice(0, 200)}`);
  return match[1];
}

export function peerSide(url: string, mailFile: string): Side {
  return {
    walker: new Walker((request) => fetch(request), url),
    async code(to) {
      const lines = readFileSync(mailFile, 'utf8').trim().split('\n').reverse();
      for (const line of lines) {
        const mail = JSON.parse(line) as { to?: string; rcpt_tos?: string[]; text?: string };
        if ((mail.rcpt_tos ?? [mail.to]).includes(to) && mail.text) return firstCode(mail.text);
      }
      throw new Error(`peer: no mail to ${to}`);
    },
  };
}

export async function barbicanSide(
  config: Record<string, unknown>,
): Promise<{ side: Side; close(): Promise<void> }> {
  const sent: MailToSend[] = [];
  const t = await createDemoSecurity({
    mailer: {
      async send(message) {
        sent.push(message);
      },
    },
    config,
  });
  return {
    side: {
      walker: new Walker(t.fetch, 'http://app.test'),
      async code(to) {
        // Delivered mail is blanked in the outbox, so read what the mailer got; wait for the worker.
        for (let i = 0; i < 50; i += 1) {
          const queued = (await queuedMail(t, 5)).find((entry) => entry.to === to && entry.text !== '');
          if (queued) return firstCode(queued.text);
          const mail = sent.findLast((message) => message.to === to && /\b\d{6}\b/.test(message.text));
          if (mail && sent.length > 0) return firstCode(mail.text);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        throw new Error(`barbican: no mail to ${to}`);
      },
    },
    close: () => t.close(),
  };
}

export type Step = (side: Side, memo: Map<string, string>) => Promise<Shape>;

function cell(shape: Shape): string {
  const location = shape.location === null ? '' : ` → ${shape.location.replace(/^https?:\/\/[^/]+/, '')}`;
  return `${shape.status}${location}<br>${shape.keys.join(' ') || '—'}`;
}

function diff(peer: Shape, ours: Shape): string {
  if (peer.status !== ours.status) return 'status';
  const missing = peer.keys.filter((key) => !ours.keys.includes(key));
  const extra = ours.keys.filter((key) => !peer.keys.includes(key));
  if (missing.length === 0 && extra.length === 0) return 'same';
  return [...missing.map((key) => `−${key}`), ...extra.map((key) => `+${key}`)].join(' ');
}

/** Runs every step on both sides in turn and prints the markdown table. */
export async function compare(
  steps: ReadonlyArray<readonly [string, Step]>,
  barbicanConfig: Record<string, unknown>,
): Promise<void> {
  const peerUrl = process.env.PEER_URL ?? 'http://127.0.0.1:5199';
  const peer = peerSide(peerUrl, process.env.PEER_MAIL ?? '/tmp/peer-mail.jsonl');
  const ours = await barbicanSide(barbicanConfig);
  const memoPeer = new Map<string, string>();
  const memoOurs = new Map<string, string>();
  const rows: string[] = ['| step | Flask-Security 5.1.2 | Barbican | difference |', '|---|---|---|---|'];
  try {
    for (const [name, step] of steps) {
      const a = await step(peer, memoPeer);
      const b = await step(ours.side, memoOurs);
      rows.push(`| ${name} | ${cell(a)} | ${cell(b)} | ${diff(a, b)} |`);
    }
  } finally {
    await ours.close();
  }
  console.log(rows.join('\n'));
}
