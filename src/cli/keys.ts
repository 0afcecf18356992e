// `moderate keys add|list|revoke`: moderator keys kept in the database. Only a
// key's SHA-256 digest is stored; `add` prints the key once. The service sees
// a new key at once and stops accepting a revoked one within its key cache
// period (10 s).
import { randomBytes } from 'node:crypto';
import { digestKey } from '../access/key-ring';
import type { Role } from '../access/moderators';
import { withCliDatabase } from '../store/cli-database';
import type { Store } from '../store/store';
import { parseFlags } from './check';
import { UsageError, type CliIo } from './io';
import { COMMAND_USAGE } from './usage';

const USAGE = COMMAND_USAGE.keys!;
const ROLES: Role[] = ['admin', 'moderator', 'viewer'];
const NAME = /^[A-Za-z0-9._@-]{1,100}$/;

export const newModeratorKey = (): string => `mk_${randomBytes(24).toString('base64url')}`;

/** Stores a key (its digest) as active. */
export async function storeModeratorKey(store: Pick<Store, 'moderatorKeys'>, key: string, name: string, role: Role, sites: string[] | null): Promise<void> {
  await store.moderatorKeys.add({ _id: digestKey(key), name, role, sites, createdAt: new Date(), revokedAt: null });
}

export async function addModeratorKey(store: Pick<Store, 'moderatorKeys'>, name: string, role: Role, sites: string[] | null): Promise<string> {
  const key = newModeratorKey();
  await storeModeratorKey(store, key, name, role, sites);
  return key;
}

/** Writes and waits until the stream took it (or failed: a closed pipe). */
const written = (stream: NodeJS.WritableStream, text: string) =>
  new Promise<void>((resolve, reject) => stream.write(text, (err) => (err ? reject(err) : resolve())));

function parseAdd(argv: string[]): { name: string; role: Role; sites: string[] | null } {
  const [name, ...rest] = argv;
  if (!name || !NAME.test(name)) throw new UsageError(`a NAME of letters, digits and ._@- is required\n${USAGE}`);
  const flags = parseFlags(rest, ['--role', '--sites']);
  const role = flags['--role'] as Role | undefined;
  if (!role || !ROLES.includes(role)) throw new UsageError(`--role must be admin, moderator or viewer\n${USAGE}`);
  const sites = flags['--sites'] ? flags['--sites'].split(/[|,]/).map((s) => s.trim()).filter(Boolean) : null;
  if (sites && sites.length === 0) throw new UsageError('--sites names no site');
  return { name, role, sites };
}

export async function runKeys(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  const log = (msg: string) => io.stderr.write(`${msg}\n`);
  switch (command) {
    case 'add': {
      const { name, role, sites } = parseAdd(rest);
      // Shown first, stored second: a key whose one showing was lost (a closed pipe) never becomes active.
      const key = newModeratorKey();
      await withCliDatabase(io.env, log, async (store) => {
        io.stderr.write(`moderator key for "${name}" (${role}${sites ? `, sites ${sites.join(',')}` : ', every site'}); it is shown only now:\n`);
        await written(io.stdout, `${key}\n`);
        try {
          await storeModeratorKey(store, key, name, role, sites);
        } catch (err) {
          io.stderr.write('the key above was NOT stored and does not work; run the command again\n');
          throw err;
        }
      });
      return 0;
    }
    case 'list': {
      if (rest.length) throw new UsageError(USAGE);
      const docs = await withCliDatabase(io.env, log, (store) => store.moderatorKeys.list());
      if (docs.length === 0) io.stderr.write('no moderator keys in the database (keys from MODERATOR_KEYS are not listed here); add one with: moderate keys add NAME --role moderator\n');
      for (const d of docs) {
        const state = d.revokedAt ? `revoked ${d.revokedAt.toISOString()}` : 'active';
        io.stdout.write(`${d._id.slice(0, 12)}  ${d.name}  ${d.role}  ${d.sites ? d.sites.join(',') : '*'}  created ${d.createdAt.toISOString()}  ${state}\n`);
      }
      return 0;
    }
    case 'revoke': {
      const [which] = rest;
      if (!which || rest.length !== 1) throw new UsageError(USAGE);
      const n = await withCliDatabase(io.env, log, (store) => store.moderatorKeys.revoke(which, new Date()));
      io.stdout.write(`revoked ${n} key${n === 1 ? '' : 's'}\n`);
      return n > 0 ? 0 : 1;
    }
    default:
      throw new UsageError(USAGE);
  }
}
