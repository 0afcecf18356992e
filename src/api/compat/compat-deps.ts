// What the compatibility adapters need from the app: the same submission
// path as POST /v1/comments, where feedback is kept, the site keys, and
// the site's rate limit (the same bucket as POST /v1/comments).
import type { SubmitDeps } from '../../service/submit-comment';
import type { FeedbackRepository } from '../../store/feedback';
import type { AuthFailureLimit } from '../auth-failures';
import type { KeyRing } from '../../access/key-ring';

export interface CompatDeps {
  submit: SubmitDeps;
  feedback: FeedbackRepository;
  siteKeys: KeyRing<string>;
  bodyLimit: string;
  /** Takes one request from the site's bucket: 0 when allowed, else the seconds to wait. Unset: no limit. */
  limitSite?: (site: string) => number;
  /** Failed authentications per client address; unset: not counted. */
  failures?: AuthFailureLimit;
}
