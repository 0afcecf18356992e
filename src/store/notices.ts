// Reports, reporters, appeals and the reported/appealed queues
// (notice-models.ts), plus their entries in the audit log (the `events`
// collection, beside the moderator actions). Every read is an `_id` lookup or
// an `_id` range; every "only once" is a unique `_id` insert.
import type { Connection, Model } from 'mongoose';
import { hash16 } from '../moderation/fingerprint';
import type { ConditionalUpdate } from './conditional-update';
import type { EmbeddedIndex } from './embedded/index-client';
import { eventModel } from './event-model';
import { insertOnce } from './insert-once';
import {
  appealModel, noticeQueueModel, reporterModel, reportModel,
  type AppealDoc, type QueueEntryDoc, type ReportDoc, type ReporterDoc, type ReportState,
} from './notice-models';
import { readByIds } from './read-by-ids';

/** An audit-log entry for a report, an appeal, an appeal's decision or a muted reporter (state `logged`: never repaired or exported as feedback). */
export interface NoticeAuditEntry {
  _id: string;
  kind: 'report' | 'appeal' | 'appeal_decision' | 'reporter_muted';
  commentId: string | null;
  site: string;
  actor: string;
  at: Date;
  state: 'logged';
  /** Free text (a report's or decision's note): the retention job removes it with the moderators' notes. */
  note: string | null;
  details: Record<string, unknown>;
}

/** Most reports read for one comment; more than this many readers are counted as this many. */
export const MAX_REPORTS_READ = 1000;

const MAX_TIME = 0xffffffffffff;
/** Later times sort first, so a range read greatest _id first is oldest first. */
const invertedTime = (ms: number) => (MAX_TIME - Math.max(0, Math.min(MAX_TIME, ms))).toString(16).padStart(12, '0');
const sitePrefix = (site: string) => hash16(site);

export const queueEntryId = (queue: QueueEntryDoc['queue'], site: string, at: Date, commentId: string) =>
  `${queue}|${sitePrefix(site)}|${invertedTime(at.getTime())}|${commentId}`;
export const reportIdFor = (commentId: string, reporterHash: string) => `${commentId}|${reporterHash}`;
export const reporterIdFor = (site: string, reporterHash: string) => `${site}|${reporterHash}`;
export const appealIdFor = (commentId: string, version: number) => `${commentId}|v${version}`;

export class NoticeRepository {
  readonly reports: Model<ReportDoc>;
  readonly reporters: Model<ReporterDoc>;
  readonly appeals: Model<AppealDoc>;
  readonly queue: Model<QueueEntryDoc>;

  constructor(private readonly conn: Connection, private readonly updateIf: ConditionalUpdate, private readonly index?: EmbeddedIndex) {
    this.reports = reportModel(conn);
    this.reporters = reporterModel(conn);
    this.appeals = appealModel(conn);
    this.queue = noticeQueueModel(conn);
  }

  /** Stores the report unless this reader reported the comment already; answers the stored one either way. */
  async addReport(doc: ReportDoc): Promise<{ created: boolean; report: ReportDoc }> {
    if (await insertOnce(this.reports, doc)) return { created: true, report: doc };
    const existing = await this.reports.findById(doc._id).lean<ReportDoc>().exec();
    return { created: false, report: existing ?? doc };
  }

  /** A comment's reports (one `_id` range). */
  async reportsOf(commentId: string): Promise<ReportDoc[]> {
    return this.range(this.reports, [{ from: `${commentId}|`, to: `${commentId}|~` }], MAX_REPORTS_READ);
  }

  /** What is kept of these reporters (muted, dismissed reports); a reporter never muted nor dismissed has no document. */
  async reportersAmong(site: string, hashes: readonly string[]): Promise<Map<string, ReporterDoc>> {
    if (hashes.length === 0) return new Map();
    const docs = await readByIds(this.index, this.reporters, [...new Set(hashes)].map((h) => reporterIdFor(site, h)));
    return new Map(docs.map((d) => [d.reporterHash, d]));
  }

  /** The reporters among these hashes that a moderator muted. */
  async mutedAmong(site: string, hashes: readonly string[]): Promise<Set<string>> {
    const docs = await this.reportersAmong(site, hashes);
    return new Set([...docs.values()].filter((d) => d.muted).map((d) => d.reporterHash));
  }

  async setMuted(site: string, reporterHash: string, muted: boolean, by: string, at: Date): Promise<ReporterDoc> {
    const _id = reporterIdFor(site, reporterHash);
    const set = { site, reporterHash, muted, mutedBy: muted ? by : null, mutedAt: muted ? at : null };
    await this.reporters.updateOne({ _id }, { $set: set, $setOnInsert: { dismissed: 0 } }, { upsert: true }).exec();
    return (await this.reporters.findById(_id).lean<ReporterDoc>().exec()) ?? { _id, ...set, dismissed: 0 };
  }

  /** Counts a dismissed report against its reporter (a hint for moderators, not a guarantee under concurrent decisions). */
  private async countDismissed(site: string, reporterHash: string): Promise<void> {
    await this.reporters.updateOne(
      { _id: reporterIdFor(site, reporterHash) },
      { $inc: { dismissed: 1 }, $setOnInsert: { site, reporterHash, muted: false, mutedBy: null, mutedAt: null } },
      { upsert: true },
    ).exec();
  }

  /**
   * Closes these reports (a moderator decided their comment) and takes the
   * comment off the reported queue; answers the reports this call closed (a
   * concurrent decision may have closed some first).
   */
  async closeReports(reports: readonly ReportDoc[], state: Exclude<ReportState, 'open'>, by: string, at: Date): Promise<ReportDoc[]> {
    const closedHere: ReportDoc[] = [];
    for (const r of reports) {
      const closed = await this.updateIf(this.reports, r._id, { state: 'open' }, { state, closedAt: at, closedBy: by });
      if (closed) closedHere.push(closed);
      if (closed && state === 'dismissed') await this.countDismissed(r.site, r.reporterHash);
      await this.queue.deleteOne({ _id: queueEntryId('reported', r.site, new Date(r.createdAt), r.commentId) }).exec();
    }
    return closedHere;
  }

  /** Puts a comment on a queue; an entry with the same _id (same comment and time) is left as it is. */
  enqueue(entry: QueueEntryDoc): Promise<boolean> {
    return insertOnce(this.queue, entry);
  }

  async dequeue(id: string): Promise<void> {
    await this.queue.deleteOne({ _id: id }).exec();
  }

  /**
   * A queue's entries, oldest first, for these sites (null: all, ordered by
   * site then time), strictly after the entry `after` (a previous page's last).
   */
  async queuePage(queue: QueueEntryDoc['queue'], sites: readonly string[] | null, after: string | null, limit: number): Promise<QueueEntryDoc[]> {
    const bounds = sites === null ? [`${queue}|`] : sites.slice(0, 16).map((s) => `${queue}|${sitePrefix(s)}|`);
    // Pages are served greatest _id first, so everything at or above the last one served is done.
    const ranges = bounds.map((from) => ({ from, to: after !== null && after < `${from}~` ? after : `${from}~` })).filter((r) => r.to > r.from);
    if (ranges.length === 0) return [];
    const docs = await this.range(this.queue, ranges, limit);
    return docs.sort((a, b) => (a._id < b._id ? 1 : -1)).slice(0, limit);
  }

  /** Stores the appeal unless this decision was appealed already. */
  async addAppeal(doc: AppealDoc): Promise<{ created: boolean; appeal: AppealDoc }> {
    if (await insertOnce(this.appeals, doc)) return { created: true, appeal: doc };
    return { created: false, appeal: (await this.appealById(doc._id)) ?? doc };
  }

  appealById(id: string): Promise<AppealDoc | null> {
    return this.appeals.findById(id).lean<AppealDoc>().exec();
  }

  /** Records the decision on an open appeal; null when it is gone or decided already. */
  decideAppeal(id: string, state: Exclude<AppealDoc['state'], 'open'>, decision: NonNullable<AppealDoc['decision']>): Promise<AppealDoc | null> {
    return this.updateIf(this.appeals, id, { state: 'open' }, { state, decision });
  }

  /** A comment's appeals, one per version appealed (one `_id` range). */
  appealsOf(commentId: string): Promise<AppealDoc[]> {
    return this.range(this.appeals, [{ from: `${commentId}|v`, to: `${commentId}|v~` }], MAX_REPORTS_READ);
  }

  /**
   * Retention of an anonymised comment: what readers and moderators wrote
   * about it (report notes, a legal notice's explanation, appeal statements,
   * the note of an appeal's decision) becomes `removed`. The reports and
   * appeals stay, with their reasons, states, times and the law cited, so the
   * statements of reasons and the transparency export stay true. Answers how
   * many documents changed; a second run changes none.
   */
  async removeFreeText(commentId: string, removed: string): Promise<number> {
    const [reports, appeals] = await Promise.all([this.reportsOf(commentId), this.appealsOf(commentId)]);
    const gone = (text: string | null | undefined) => (text == null ? text : removed);
    let changed = 0;
    for (const r of reports) {
      if ((r.note ?? removed) === removed && (r.legal?.explanation ?? removed) === removed) continue;
      const legal = r.legal && { ...r.legal, explanation: removed };
      await this.reports.updateOne({ _id: r._id }, { $set: { note: gone(r.note), legal } }).exec();
      changed += 1;
    }
    for (const a of appeals) {
      if ((a.statement ?? removed) === removed && (a.decision?.note ?? removed) === removed) continue;
      const decision = a.decision && { ...a.decision, note: gone(a.decision.note) ?? null };
      await this.appeals.updateOne({ _id: a._id }, { $set: { statement: gone(a.statement), decision } }).exec();
      changed += 1;
    }
    return changed;
  }

  /** Retention of a deleted comment: its reports, its appeals and their places on the reported and appealed queues go with it. */
  async removeAllOf(commentId: string): Promise<void> {
    const [reports, appeals] = await Promise.all([this.reportsOf(commentId), this.appealsOf(commentId)]);
    for (const r of reports) {
      await this.queue.deleteOne({ _id: queueEntryId('reported', r.site, new Date(r.createdAt), commentId) }).exec();
      await this.reports.deleteOne({ _id: r._id }).exec();
    }
    for (const a of appeals) {
      await this.queue.deleteOne({ _id: queueEntryId('appealed', a.site, new Date(a.createdAt), commentId) }).exec();
      await this.appeals.deleteOne({ _id: a._id }).exec();
    }
  }

  /** Adds an entry to the audit log; false when one with its _id exists (the unique _id picks one winner). */
  audit(entry: NoticeAuditEntry): Promise<boolean> {
    return insertOnce(eventModel(this.conn) as unknown as Model<NoticeAuditEntry>, entry);
  }

  /** The greatest `_id`s of each range first, at most `limit` of each. */
  private async range<T>(model: Model<T>, ranges: Array<{ from: string; to: string }>, limit: number): Promise<T[]> {
    if (this.index) return (await this.index.idRanges(model.collection.collectionName, ranges, limit)) as unknown as T[];
    const lists = await Promise.all(ranges.map((r) => model.find({ _id: { $gte: r.from, $lt: r.to } } as never).sort({ _id: -1 }).limit(limit).lean<T[]>().exec()));
    return lists.flat();
  }
}
