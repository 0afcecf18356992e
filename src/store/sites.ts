// Per-site settings (site-model.ts): the webhook a site receives.
import type { Connection, Model } from 'mongoose';
import { siteModel, type SiteDoc, type SiteWebhook } from './site-model';

export class SiteRepository {
  private readonly model: Model<SiteDoc>;

  constructor(conn: Connection) {
    this.model = siteModel(conn);
  }

  byId(site: string): Promise<SiteDoc | null> {
    return this.model.findById(site).lean<SiteDoc>().exec();
  }

  async setWebhook(site: string, webhook: SiteWebhook | null): Promise<void> {
    await this.model.updateOne({ _id: site }, { $set: { webhook, updatedAt: new Date() } }, { upsert: webhook !== null });
  }

  /** Read and written whole by _id (a site's document is small, and changed by hand only). */
  async setHoldAll(site: string, holdAll: boolean): Promise<void> {
    const current = await this.byId(site);
    await this.model.replaceOne({ _id: site }, { ...(current ?? { _id: site, webhook: null }), holdAll, updatedAt: new Date() }, { upsert: true });
  }

  async setCoralSecrets(site: string, coralSecrets: string[]): Promise<void> {
    await this.model.updateOne({ _id: site }, { $set: { coralSecrets, updatedAt: new Date() }, $setOnInsert: { webhook: null } }, { upsert: true });
  }

  /** Every site with settings, by name (a handful: one per site). */
  list(): Promise<SiteDoc[]> {
    return this.model.find({}).sort({ _id: 1 }).lean<SiteDoc[]>().exec();
  }
}
