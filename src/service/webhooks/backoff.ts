// Retry delays: exponential from baseMs, capped at maxMs, with optional jitter
// so many deliveries failing together do not retry in lockstep.
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** 0..1: the delay is drawn from [delay * (1 - jitter), delay]. */
  jitter: number;
}

export function retryDelayMs(policy: BackoffPolicy, failedAttempts: number, random: () => number = Math.random): number {
  const exponential = policy.baseMs * 2 ** Math.max(0, failedAttempts - 1);
  const capped = Math.min(policy.maxMs, exponential);
  return Math.round(capped * (1 - policy.jitter * random()));
}
