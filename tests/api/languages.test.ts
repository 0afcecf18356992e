// The detected language in the API answer, stored with the decision, for the
// comments that were once approved: German and French swearing, now held.
import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app';

describe('languages through POST /v1/comments', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp('languages'); });
  afterAll(async () => { await t.close(); });

  const post = (body: Record<string, unknown>) => request(t.app).post('/v1/comments').set(t.auth('news1')).send({ name: 'Leser', ...body });

  it.each([
    ['de', 'Scheiße, ihr Arschlöcher'],
    ['fr', 'connards, putain de merde, vous êtes tous des enculés'],
  ])('holds %s swearing and answers the detected language', async (code, text) => {
    const res = await post({ text });
    expect(res.status).toBe(201);
    expect(res.body.decision).toBe('hold');
    expect(res.body.reasons.some((r: { check: string }) => r.check === 'profanity')).toBe(true);
    expect(res.body.detectedLanguage).toEqual({ code, confidence: expect.any(Number) });
    const stored = await request(t.app).get(`/v1/comments/${res.body.id}`).set(t.auth('news1'));
    expect(stored.body.detectedLanguage).toEqual(res.body.detectedLanguage);
  });

  it("answers unknown for a text too short to tell, and keeps the site's language field as sent", async () => {
    const res = await post({ text: 'Prima!', language: 'de-AT' });
    expect(res.status).toBe(201);
    expect(res.body.detectedLanguage).toEqual({ code: 'unknown', confidence: 0 });
    const stored = await request(t.app).get(`/v1/comments/${res.body.id}`).set(t.auth('news1'));
    expect(stored.body.language).toBe('de-AT');
  });

  it('says in the decision that the English models did not score a German comment', async () => {
    const res = await post({ text: 'Der Stadtrat hat heute den Haushalt veröffentlicht, die Bibliothek bleibt offen.' });
    expect(res.body.decision).toBe('approve');
    expect(res.body.scores.toxicity).toBeUndefined();
    expect(res.body.reasons).toEqual([expect.objectContaining({ rule: 'classifier.language', action: 'approve' })]);
  });
});
