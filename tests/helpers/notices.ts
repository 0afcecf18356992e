// Rules and requests for the report and appeal tests.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { TestApp } from './app';

/** The shipped rules with appeals on for news1 (news2 keeps the default: off). */
export function rulesWithAppeals(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rules-notices-'));
  cpSync('rules', dir, { recursive: true });
  mkdirSync(path.join(dir, 'sites'), { recursive: true });
  writeFileSync(path.join(dir, 'sites', 'news1.yaml'), 'appeals:\n  enabled: true\n  windowDays: 30\n');
  return dir;
}

export const report = (t: TestApp, site: string, id: string, body: Record<string, unknown>) =>
  request(t.app).post(`/v1/comments/${id}/reports`).set(t.auth(site)).send(body);

export const appeal = (t: TestApp, site: string, id: string, body: Record<string, unknown> = {}) =>
  request(t.app).post(`/v1/comments/${id}/appeals`).set(t.auth(site)).send(body);

export const decideAppeal = (t: TestApp, moderator: string, id: string, body: Record<string, unknown>) =>
  request(t.app).post(`/v1/moderation/comments/${id}/appeal-decision`).set(t.asModerator(moderator)).send(body);

export const LEGAL = { law: '§ 241 StGB (Bedrohung)', explanation: 'It threatens a named person with a crime.', goodFaith: true };
