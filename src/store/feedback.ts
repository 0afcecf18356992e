// Feedback from the compatible APIs (feedback-model.ts): insert-only.
import type { Connection, Model } from 'mongoose';
import { feedbackModel, type FeedbackDoc } from './feedback-model';

export class FeedbackRepository {
  private readonly model: Model<FeedbackDoc>;

  constructor(conn: Connection) {
    this.model = feedbackModel(conn);
  }

  async record(doc: FeedbackDoc): Promise<void> {
    await this.model.create(doc);
  }
}
