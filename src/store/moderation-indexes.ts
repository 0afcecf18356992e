// Indexes of the moderation collections (events, deliveries, moderator keys).
// On the embedded FerretDB only _id lookups use an index; these matter on MongoDB.
import type { Connection } from 'mongoose';
import { deliveryModel } from './delivery-model';
import { eventModel } from './event-model';
import { moderatorKeyModel } from './moderator-key-model';

export async function ensureModerationIndexes(conn: Connection): Promise<void> {
  await eventModel(conn).createIndexes();
  await deliveryModel(conn).createIndexes();
  await moderatorKeyModel(conn).createIndexes();
}
