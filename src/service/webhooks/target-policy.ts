// Where webhooks may go. A webhook URL is set by an operator but points
// wherever a site asks, and the service posts to it from inside the
// network: to 127.0.0.1, 10.0.0.1 or the cloud metadata service at
// 169.254.169.254, a delivery would be a request from a trusted host. So
// targets must be public addresses, checked twice: the URL when it is set
// (scheme, no credentials, no internal address written as a literal in any
// of its spellings, which the URL parser normalises: "2130706433" is
// 127.0.0.1), and every address a host name resolves to at delivery time, in
// the lookup the connection itself uses, so a name that resolves to a public
// address when set and to an internal one later (DNS rebinding) is refused
// before any packet is sent.
//
// WEBHOOK_ALLOW_PRIVATE_TARGETS lets an operator deliver to loopback and
// private addresses (a receiver on the same host or network, the tests);
// link-local, metadata, multicast and reserved addresses stay refused.
import { BlockList, isIP } from 'node:net';

export type AddressKind = 'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'unspecified' | 'multicast' | 'reserved';

export class WebhookTargetRefused extends Error {
  override name = 'WebhookTargetRefused';
  readonly code = 'ERR_WEBHOOK_TARGET_REFUSED';
}

function blockList(v4: string[], v6: string[] = []): BlockList {
  const list = new BlockList();
  const add = (cidr: string, type: 'ipv4' | 'ipv6') => {
    const [net, bits] = cidr.split('/');
    if (bits === undefined) list.addAddress(net!, type);
    else list.addSubnet(net!, Number(bits), type);
  };
  for (const c of v4) add(c, 'ipv4');
  for (const c of v6) add(c, 'ipv6');
  return list;
}

// In the order checked: the first that matches names the address. IPv4-mapped
// IPv6 addresses (::ffff:a.b.c.d) match the IPv4 rules (BlockList does that).
const KINDS: Array<[AddressKind, BlockList]> = [
  ['metadata', blockList(['169.254.169.254', '169.254.170.2', '100.100.100.200'], ['fd00:ec2::254'])],
  ['unspecified', blockList(['0.0.0.0/8'], ['::/128'])],
  ['loopback', blockList(['127.0.0.0/8'], ['::1/128'])],
  ['link-local', blockList(['169.254.0.0/16'], ['fe80::/10'])],
  ['private', blockList(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'], ['fc00::/7', 'fec0::/10'])],
  ['multicast', blockList(['224.0.0.0/4'], ['ff00::/8'])],
  // Protocol assignments, documentation and benchmarking ranges, the old class E and broadcast,
  // and IPv6 ranges that tunnel to an IPv4 address of their own choosing (6to4, Teredo, NAT64).
  ['reserved', blockList(
    ['192.0.0.0/24', '192.0.2.0/24', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '240.0.0.0/4'],
    ['2001:db8::/32', '2002::/16', '2001::/32', '64:ff9b::/96', '64:ff9b:1::/48', '::/96', '100::/64'],
  )],
];

/** What an IP address (v4 or v6, without brackets) is. */
export function addressKind(ip: string): AddressKind {
  const family = isIP(ip);
  if (family === 0) throw new Error(`not an IP address: ${ip}`);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, list] of KINDS) if (list.check(ip, type)) return kind;
  return 'public';
}

/** Whether a webhook may be delivered to an address of this kind. */
export function mayDeliverTo(kind: AddressKind, allowPrivate: boolean): boolean {
  return kind === 'public' || (allowPrivate && (kind === 'loopback' || kind === 'private'));
}

const DESCRIBED: Record<AddressKind, string> = {
  public: 'a public address',
  loopback: 'a loopback address',
  private: 'a private-network address',
  'link-local': 'a link-local address',
  metadata: 'a cloud metadata address',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
};

/** The refusal for an address, or null when a delivery may go there. */
export function refusalFor(ip: string, allowPrivate: boolean): WebhookTargetRefused | null {
  const kind = addressKind(ip);
  if (mayDeliverTo(kind, allowPrivate)) return null;
  const hint = (kind === 'loopback' || kind === 'private') ? ' (WEBHOOK_ALLOW_PRIVATE_TARGETS=true allows it)' : '';
  return new WebhookTargetRefused(`webhook target refused: ${ip} is ${DESCRIBED[kind]}${hint}`);
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '');

/**
 * Checks a webhook URL as written: http(s), no user name or password (they
 * would be stored and shown in clear; the signature authenticates the
 * service), and no literal internal address or local name. Host names are
 * checked again, resolved, at every delivery. Throws WebhookTargetRefused.
 */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookTargetRefused('webhook target refused: not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookTargetRefused('webhook target refused: the URL must be http or https');
  if (url.username || url.password) throw new WebhookTargetRefused('webhook target refused: the URL must not carry a user name or password');
  const host = bare(url.hostname).replace(/\.$/, '').toLowerCase();
  if (isIP(host)) {
    const refused = refusalFor(host, allowPrivate);
    if (refused) throw refused;
  } else if (host === 'localhost' || host.endsWith('.localhost')) {
    if (!allowPrivate) throw new WebhookTargetRefused(`webhook target refused: ${host} is a loopback name (WEBHOOK_ALLOW_PRIVATE_TARGETS=true allows it)`);
  } else if (host === 'metadata' || host === 'metadata.google.internal') {
    throw new WebhookTargetRefused(`webhook target refused: ${host} is a cloud metadata name`);
  }
  return url;
}

/** A URL for logs and listings: any user name and password replaced. */
export function redactedUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (!url.username && !url.password) return raw;
    url.username = '***';
    url.password = '';
    return url.toString();
  } catch {
    return raw.replace(/\/\/[^/@]*@/, '//***@');
  }
}
