// Comments in known states for the moderation tests, posted through the API.
import request from 'supertest';
import type { TestApp } from './app';

let counter = 0;

/** A text the shipped rules hold (an email address in the text), unique per call. */
export const heldText = () => `Great article, write to me at reader${++counter}.${Date.now()}@example.org to talk more`;

export async function postComment(t: TestApp, site: string, text: string, extra: Record<string, unknown> = {}): Promise<{ id: string; decision: string }> {
  // A different author each time, so the flood rule never joins in.
  const res = await request(t.app).post('/v1/comments').set(t.auth(site)).send({ name: `Reader ${++counter}`, text, ...extra });
  if (res.status !== 201) throw new Error(`posting a comment answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { id: res.body.id, decision: res.body.decision };
}

export async function postHeld(t: TestApp, site: string): Promise<string> {
  const { id, decision } = await postComment(t, site, heldText());
  if (decision !== 'hold') throw new Error(`expected the rules to hold an email in the text, got ${decision}`);
  return id;
}

export const actOn = (t: TestApp, moderator: string, id: string, body: Record<string, unknown>) =>
  request(t.app).post(`/v1/moderation/comments/${id}/actions`).set(t.asModerator(moderator)).send(body);
