// The database as the rest of the service sees it: one repository per
// collection, built once for the server the connection talks to. Code
// outside src/store never branches on the database: where MongoDB and the
// embedded FerretDB need different queries, the repository holds both.
import type { Connection } from 'mongoose';
import { pingDatabase } from '../db/connect';
import { detectBackend, type BackendKind } from './backend';
import { CommentRepository } from './comments';
import { conditionalUpdate } from './conditional-update';
import { DeliveryRepository } from './deliveries';
import type { EmbeddedIndex } from './embedded/index-client';
import { EventRepository } from './events';
import { FeedbackRepository } from './feedback';
import { MongoHistoryStore } from './history-store';
import { ModeratorKeyRepository } from './moderator-keys';
import { NoticeRepository } from './notices';
import { RetentionStore } from './retention-store';
import { SiteRepository } from './sites';
import { AuthorRepository } from './authors';
import { ArticleRepository } from './article-model';
import { PolicyEventRepository } from './policy-events';
import { PresenceRepository } from './presence';

export interface Store {
  /** For index builds and the tests' own reads; the service uses the repositories. */
  conn: Connection;
  kind: BackendKind;
  /**
   * The embedded database's index (src/store/embedded/index-client.ts): the
   * service has it on the embedded database; a command pointed at a running
   * one through MONGODB_URI does not, and falls back to (scanning) queries.
   */
  index?: EmbeddedIndex;
  comments: CommentRepository;
  events: EventRepository;
  deliveries: DeliveryRepository;
  sites: SiteRepository;
  moderatorKeys: ModeratorKeyRepository;
  feedback: FeedbackRepository;
  history: MongoHistoryStore;
  retention: RetentionStore;
  /** Reader reports, reporters, appeals and their queues. */
  notices: NoticeRepository;
  authors: AuthorRepository;
  articles: ArticleRepository;
  policyEvents: PolicyEventRepository;
  /** Which moderators have a comment open. */
  presence: PresenceRepository;
  /** True when the server answers right now. */
  ping(): Promise<boolean>;
}

/** The store for a server of a known kind (openStore asks the server). */
export function storeFor(conn: Connection, kind: BackendKind, index?: EmbeddedIndex): Store {
  const updateIf = conditionalUpdate(kind);
  const own = kind === 'ferretdb' ? index : undefined;
  return {
    conn,
    kind,
    index: own,
    comments: new CommentRepository(conn, updateIf, own),
    events: new EventRepository(conn, updateIf, own),
    deliveries: new DeliveryRepository(conn, own),
    sites: new SiteRepository(conn),
    moderatorKeys: new ModeratorKeyRepository(conn),
    feedback: new FeedbackRepository(conn),
    history: new MongoHistoryStore(conn, kind, own),
    retention: new RetentionStore(conn, own),
    notices: new NoticeRepository(conn, updateIf, own),
    authors: new AuthorRepository(conn, own),
    articles: new ArticleRepository(conn),
    policyEvents: new PolicyEventRepository(conn, own),
    presence: new PresenceRepository(conn, own),
    ping: () => pingDatabase(conn),
  };
}

export async function openStore(conn: Connection, opts: { index?: EmbeddedIndex } = {}): Promise<Store> {
  return storeFor(conn, await detectBackend(conn), opts.index);
}
