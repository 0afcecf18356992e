// The Perspective-compatible endpoints, with the request shapes Perspective
// clients send (Coral's among them), on a real database.
import request from 'supertest';
import { commentModel } from '../../src/store/comment-model';
import { feedbackModel } from '../../src/store/feedback-model';
import { startTestApp, type TestApp } from '../helpers/app';

const PROFANE = 'Well, the council is a fucking disgrace and everyone knows it.';
const CLEAN = 'The council published the budget today; the library hours stay the same.';

describe('Perspective-compatible endpoints', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp('compat_perspective'); });
  afterAll(async () => { await t.close(); });

  /** key null: send none. */
  const analyze = (body: unknown, key: string | null = t.keys.news1!) =>
    request(t.app).post(`/v1alpha1/comments:analyze${key === null ? '' : `?key=${encodeURIComponent(key)}`}`).send(body as object);

  // Exactly what Coral's toxic phase sends: POST {endpoint}/comments:analyze?key=...
  const coral = (text: string) => analyze({ comment: { text }, languages: ['en'], doNotStore: true, requestedAttributes: { TOXICITY: {} } });

  it("answers Coral's request with a TOXICITY probability, higher for a profane comment", async () => {
    const [profane, clean] = [await coral(PROFANE), await coral(CLEAN)];
    for (const res of [profane, clean]) {
      expect(res.status).toBe(200);
      expect(res.body.attributeScores.TOXICITY.summaryScore).toEqual({ value: expect.any(Number), type: 'PROBABILITY' });
      expect(res.body.languages).toEqual(['en']);
    }
    const value = (res: request.Response): number => res.body.attributeScores.TOXICITY.summaryScore.value;
    expect(value(profane)).toBeGreaterThan(value(clean));
    expect(value(profane)).toBeLessThanOrEqual(1);
    expect(value(clean)).toBeGreaterThanOrEqual(0);
  });

  it('scores every supported attribute as a probability', async () => {
    const res = await analyze({ comment: { text: PROFANE }, requestedAttributes: { TOXICITY: {}, SEVERE_TOXICITY: {}, PROFANITY: {}, SPAM: {} } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.attributeScores).sort()).toEqual(['PROFANITY', 'SEVERE_TOXICITY', 'SPAM', 'TOXICITY']);
    for (const score of Object.values<{ summaryScore: { value: number; type: string } }>(res.body.attributeScores)) {
      expect(score.summaryScore.type).toBe('PROBABILITY');
      expect(score.summaryScore.value).toBeGreaterThanOrEqual(0);
      expect(score.summaryScore.value).toBeLessThanOrEqual(1);
    }
  });

  it('answers IDENTITY_ATTACK, INSULT and THREAT, with spans on the words that drove them', async () => {
    const attributes = { IDENTITY_ATTACK: {}, INSULT: {}, THREAT: {}, TOXICITY: {} };
    const value = (res: request.Response, a: string) => res.body.attributeScores[a].summaryScore.value as number;
    const threat = 'I will kill you if you post here again.';
    const t1 = await analyze({ comment: { text: threat }, requestedAttributes: attributes, spanAnnotations: true });
    expect(t1.status).toBe(200);
    expect(value(t1, 'THREAT')).toBeGreaterThan(0.9);
    const span = t1.body.attributeScores.THREAT.spanScores[0];
    expect(threat.slice(span.begin, span.end)).toBe('I will kill you');
    const insult = 'You are a complete idiot.';
    const t2 = await analyze({ comment: { text: insult }, requestedAttributes: attributes, spanAnnotations: true });
    expect(value(t2, 'INSULT')).toBeGreaterThan(0.5);
    expect(value(t2, 'THREAT')).toBeLessThan(0.1);
    const words = t2.body.attributeScores.INSULT.spanScores.map((s: { begin: number; end: number }) => insult.slice(s.begin, s.end));
    expect(words).toContain('idiot');
    const calm = await analyze({ comment: { text: CLEAN }, requestedAttributes: attributes });
    for (const a of Object.keys(attributes)) expect(value(calm, a)).toBeLessThan(value(t2, 'INSULT'));
    const hate = await analyze({ comment: { text: 'Immigrants are vermin.' }, requestedAttributes: { IDENTITY_ATTACK: {} }, spanAnnotations: true });
    expect(hate.body.attributeScores.IDENTITY_ATTACK.spanScores.length).toBeGreaterThan(0);
  });

  it('points span scores at the profane word, in offsets of the text as sent', async () => {
    const res = await analyze({ comment: { text: PROFANE }, requestedAttributes: { PROFANITY: {} }, spanAnnotations: true });
    expect(res.status).toBe(200);
    const begin = PROFANE.indexOf('fucking');
    expect(res.body.attributeScores.PROFANITY.spanScores).toEqual([
      { begin, end: begin + 'fucking'.length, score: { value: expect.any(Number), type: 'PROBABILITY' } },
    ]);
  });

  it('keeps span offsets on the original text when the word is disguised', async () => {
    const text = 'Honestly\u200b this is f.u.c.k.i.n.g absurd';
    const res = await analyze({ comment: { text }, requestedAttributes: { PROFANITY: {} }, spanAnnotations: true });
    const [span] = res.body.attributeScores.PROFANITY.spanScores;
    expect(text.slice(span.begin, span.end)).toBe('f.u.c.k.i.n.g');
  });

  it('scores the whole text as one span without spanAnnotations', async () => {
    const res = await analyze({ comment: { text: CLEAN }, requestedAttributes: { PROFANITY: {} } });
    expect(res.body.attributeScores.PROFANITY.spanScores).toEqual([
      { begin: 0, end: CLEAN.length, score: res.body.attributeScores.PROFANITY.summaryScore },
    ]);
  });

  it('leaves out attributes scored below their scoreThreshold', async () => {
    const res = await analyze({ comment: { text: CLEAN }, requestedAttributes: { PROFANITY: { scoreThreshold: 0.9 } } });
    expect(res.status).toBe(200);
    expect(res.body.attributeScores).toEqual({});
  });

  it.each([
    ['a wrong key', 'not-a-key', 'API key not valid. Please pass a valid API key.'],
    ['no key', null, 'The request is missing a valid API key.'],
  ])('refuses %s with 403 in the Google error shape', async (_label, key, message) => {
    const res = await analyze({ comment: { text: CLEAN }, requestedAttributes: { TOXICITY: {} } }, key);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { code: 403, message, status: 'PERMISSION_DENIED' } });
  });

  it('accepts the key in the X-Goog-Api-Key header', async () => {
    const res = await request(t.app).post('/v1alpha1/comments:analyze').set('X-Goog-Api-Key', t.keys.news2!)
      .send({ comment: { text: CLEAN }, requestedAttributes: { TOXICITY: {} } });
    expect(res.status).toBe(200);
  });

  it.each([
    ['an unsupported attribute', { comment: { text: CLEAN }, requestedAttributes: { TOXICITY: {}, SEXUALLY_EXPLICIT: {} } }, /SEXUALLY_EXPLICIT is not supported/],
    ['an empty comment', { comment: { text: '' }, requestedAttributes: { TOXICITY: {} } }, /^Comment must be non-empty\.$/],
    ['a blank comment', { comment: { text: ' \n ' }, requestedAttributes: { TOXICITY: {} } }, /^Comment must be non-empty\.$/],
    ['no comment', { requestedAttributes: { TOXICITY: {} } }, /^Comment must be non-empty\.$/],
    ['no attributes', { comment: { text: CLEAN }, requestedAttributes: {} }, /at least one attribute/],
    ['a score type other than PROBABILITY', { comment: { text: CLEAN }, requestedAttributes: { TOXICITY: { scoreType: 'STD_DEV_SCORE' } } }, /PROBABILITY/],
    ['a comment over 20 KB', { comment: { text: 'a'.repeat(20 * 1024 + 1) }, requestedAttributes: { TOXICITY: {} } }, /too long/],
  ])('answers 400 INVALID_ARGUMENT for %s', async (_label, body, message) => {
    const res = await analyze(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 400, message: expect.stringMatching(message), status: 'INVALID_ARGUMENT' });
  });

  describe('languages', () => {
    const GERMAN = 'Der Stadtrat ist ein Haufen Arschlöcher und diese Scheiße glaubt niemand mehr.';
    const notSupported = (attribute: string, message: RegExp, detectedLanguages: string[]) => ({
      code: 400,
      message: expect.stringMatching(message),
      status: 'INVALID_ARGUMENT',
      details: [{ '@type': 'type.googleapis.com/google.commentanalyzer.v1alpha1.Error', errorType: 'LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE', languageNotSupportedByAttributeError: { detectedLanguages, attribute } }],
    });

    it('refuses a requested language the models do not read with LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE', async () => {
      const res = await analyze({ comment: { text: CLEAN }, requestedAttributes: { TOXICITY: {} }, languages: ['de'] });
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual(notSupported('TOXICITY', /^Attribute TOXICITY does not support request languages: de$/, ['en']));
    });

    it('refuses model attributes for a comment detected in another language, even when English is requested', async () => {
      for (const languages of [undefined, ['en']]) {
        const res = await analyze({ comment: { text: GERMAN }, requestedAttributes: { PROFANITY: {}, INSULT: {} }, ...(languages && { languages }) });
        expect(res.status).toBe(400);
        expect(res.body.error).toEqual(notSupported('INSULT', /^Attribute INSULT does not support request languages: /, ['de']));
      }
    });

    it('serves PROFANITY in every language with word lists, and names the detected language', async () => {
      const texts: Record<string, [string, string]> = {
        de: [GERMAN, 'Der Stadtrat hat heute den Haushalt veröffentlicht, die Bibliothek bleibt offen.'],
        fr: ['Ces connards du conseil municipal, putain, quelle bande de merde.', 'Le conseil municipal a publié le budget aujourd\'hui, la bibliothèque reste ouverte.'],
        pl: ['Ta kurwa z rady miasta znowu nas okłamała, pierdolę to wszystko.', 'Rada miasta opublikowała dziś budżet, biblioteka pozostaje otwarta.'],
      };
      for (const [code, [profane, clean]] of Object.entries(texts)) {
        const [bad, good] = [await analyze({ comment: { text: profane }, requestedAttributes: { PROFANITY: {} } }), await analyze({ comment: { text: clean }, requestedAttributes: { PROFANITY: {} } })];
        for (const res of [bad, good]) {
          expect(res.status).toBe(200);
          expect(res.body.detectedLanguages).toEqual([code]);
          expect(res.body.languages).toEqual([code]);
        }
        expect(bad.body.attributeScores.PROFANITY.summaryScore.value).toBeGreaterThan(good.body.attributeScores.PROFANITY.summaryScore.value);
      }
    });

    it('fills detectedLanguages for English too', async () => {
      const res = await analyze({ comment: { text: CLEAN }, requestedAttributes: { TOXICITY: {} } });
      expect(res.status).toBe(200);
      expect(res.body.detectedLanguages).toEqual(['en']);
    });
  });

  it('answers malformed JSON in the Google error shape, and leaves other routes their own', async () => {
    const bad = await request(t.app).post(`/v1alpha1/comments:analyze?key=${t.keys.news1}`).set('Content-Type', 'application/json').send('{"comment":');
    expect(bad.status).toBe(400);
    expect(bad.body.error.status).toBe('INVALID_ARGUMENT');
    const ours = await request(t.app).post('/v1/comments').set(t.auth('news1')).set('Content-Type', 'application/json').send('{"name":');
    expect(ours.body.error.code).toBe('malformed_json');
  });

  it('answers a 20 KB comment', async () => {
    const sentence = 'The committee will review the transport plan again next spring. ';
    const text = sentence.repeat(Math.ceil((20 * 1024) / sentence.length)).slice(0, 20 * 1024);
    expect(Buffer.byteLength(text)).toBe(20 * 1024);
    const res = await analyze({ comment: { text }, requestedAttributes: { TOXICITY: {}, SPAM: {} } });
    expect(res.status).toBe(200);
    expect(res.body.attributeScores.TOXICITY.spanScores[0]).toMatchObject({ begin: 0, end: text.length });
  });

  it('routes only the literal method name (the colon is not a route parameter)', async () => {
    const res = await request(t.app).post(`/v1alpha1/commentsXanalyze?key=${t.keys.news1}`).send({ comment: { text: CLEAN }, requestedAttributes: { TOXICITY: {} } });
    expect(res.status).toBe(404);
  });

  it('stores nothing for analyze', async () => {
    const text = 'A comment analysed once and never stored anywhere at all.';
    expect((await analyze({ comment: { text }, requestedAttributes: { TOXICITY: {}, SPAM: {} }, doNotStore: false })).status).toBe(200);
    expect(await commentModel(t.conn).countDocuments({ text })).toBe(0);
    expect(await feedbackModel(t.conn).countDocuments({ text })).toBe(0);
  });

  it('stores suggestscore as feedback, with a spam label when SPAM is suggested', async () => {
    const text = 'Earn $500 a day from home, message me now';
    const res = await request(t.app).post(`/v1alpha1/comments:suggestscore?key=${t.keys.news2}`).send({
      comment: { text },
      attributeScores: { SPAM: { summaryScore: { value: 1 } }, TOXICITY: { summaryScore: { value: 0 } } },
      languages: ['en'],
      clientToken: 'token-1',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ requestedLanguages: ['en'], clientToken: 'token-1' });
    const stored = await feedbackModel(t.conn).findOne({ text }).lean();
    expect(stored).toMatchObject({ site: 'news2', source: 'perspective', label: 'spam', attributes: { SPAM: 1, TOXICITY: 0 }, language: 'en' });
  });

  it('refuses a suggestscore without scores or with an unsupported attribute', async () => {
    const post = (body: object) => request(t.app).post(`/v1alpha1/comments:suggestscore?key=${t.keys.news2}`).send(body);
    expect((await post({ comment: { text: CLEAN }, attributeScores: {} })).status).toBe(400);
    expect((await post({ comment: { text: CLEAN }, attributeScores: { FLIRTATION: { summaryScore: { value: 1 } } } })).body.error.status).toBe('INVALID_ARGUMENT');
  });
});
