// What the compatibility adapters need from the app: the same submission
// path as POST /v1/comments, the database for feedback, and the site keys.
import type { Connection } from 'mongoose';
import type { SubmitDeps } from '../../service/submit-comment';
import type { KeyRing } from '../key-ring';

export interface CompatDeps {
  submit: SubmitDeps;
  conn: Connection;
  siteKeys: KeyRing<string>;
  bodyLimit: string;
}
