// The public moderation API, called with the moderator's key. Failures become
// ApiFailure with the API's { code, message, details } (or a network reason),
// so the page can tell a 409 from an outage.

export class ApiFailure extends Error {
  constructor(status, code, message, details = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function createApi(key) {
  async function call(method, path, body) {
    let res;
    try {
      res = await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${key}`, ...(body && { 'Content-Type': 'application/json' }) },
        body: body ? JSON.stringify(body) : undefined,
        cache: 'no-store',
      });
    } catch {
      throw new ApiFailure(0, 'network', 'the service did not answer; check the connection and retry');
    }
    const payload = await res.json().catch(() => null);
    if (!res.ok) {
      const error = payload?.error ?? {};
      throw new ApiFailure(res.status, error.code ?? `http_${res.status}`, error.message ?? `the service answered ${res.status}`, error.details ?? null);
    }
    return payload;
  }

  const query = (params) => {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
    const text = search.toString();
    return text ? `?${text}` : '';
  };

  return {
    me: () => call('GET', '/v1/moderation/me'),
    stats: (site) => call('GET', `/v1/moderation/stats${query({ site })}`),
    queue: (params) => call('GET', `/v1/moderation/queue${query(params)}`),
    comment: (id) => call('GET', `/v1/moderation/comments/${encodeURIComponent(id)}`),
    /** Says this moderator has the comment open; answers who else has. */
    presence: (id) => call('PUT', `/v1/moderation/comments/${encodeURIComponent(id)}/presence`),
    leave: (id) => call('DELETE', `/v1/moderation/comments/${encodeURIComponent(id)}/presence`),
    act: (id, body) => call('POST', `/v1/moderation/comments/${encodeURIComponent(id)}/actions`, body),
    bulk: (actions) => call('POST', '/v1/moderation/actions', { actions }),
    reported: (params) => call('GET', `/v1/moderation/reported${query(params)}`),
    appealed: (params) => call('GET', `/v1/moderation/appealed${query(params)}`),
    mute: (body) => call('POST', '/v1/moderation/reporters/mute', body),
    decideAppeal: (id, body) => call('POST', `/v1/moderation/comments/${encodeURIComponent(id)}/appeal-decision`, body),
    /** The queue counts; with the last ETag an unchanged answer is a bodiless 304 ({ counts: null }). */
    noticeCounts: async (etag) => {
      const res = await fetch('/v1/moderation/notices/counts', { headers: { Authorization: `Bearer ${key}`, ...(etag && { 'If-None-Match': etag }) }, cache: 'no-store' });
      if (res.status === 304) return { counts: null, etag };
      if (!res.ok) throw new ApiFailure(res.status, `http_${res.status}`, `the service answered ${res.status}`);
      return { counts: await res.json(), etag: res.headers.get('ETag') };
    },
    author: (site, authorId) => call('GET', `/v1/moderation/authors/${encodeURIComponent(site)}/${encodeURIComponent(authorId)}`),
    setAuthor: (site, authorId, body) => call('PUT', `/v1/moderation/authors/${encodeURIComponent(site)}/${encodeURIComponent(authorId)}`, body),
  };
}
