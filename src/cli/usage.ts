// Each command's usage, printed by `moderate <command> --help` (exit 0) and
// after a usage error. One place, so the help and the errors agree.
export const COMMAND_USAGE: Record<string, string> = {
  check: `usage: moderate check [--rules DIR] < comments.jsonl > decisions.jsonl
  JSON Lines on stdin ({"name","text",...} as POST /v1/comments takes them), one decision per line on
  stdout; no database (duplicates and floods inside the stream are found as the service would).`,
  eval: `usage: moderate eval --data FILE --text-col C --label-col L [--positive V] [--rules DIR] [--json]
       moderate eval --data FILE ... --sweep LABEL [--plot out.svg]
       moderate eval --data FILE ... --compare DIR [--fail-if "precision<0.95"]...
       moderate eval --crossval youtube|davidson|toxicity [--folds N] [--json]
       moderate eval --harm-suite dev|test|all | --identity-swaps | --speed
  precision, recall and F1 of "not approved" against a label of a CSV, TSV or JSON Lines file.`,
  train: `usage: moderate train [--data DIR] [--out DIR] [--labels a,b] [--with-feedback FILE] [--groups FILE] [--vectors FILE]
  retrains the shipped models from data/corpora into rules/models, byte for byte reproducible.`,
  replay: 'usage: moderate replay --rules DIR [--site S] [--since DATE] [--limit N] [--json] [--sample K] [--fail-if "precision<0.95"]... [--batch-size N]',
  keys: `usage: moderate keys add NAME --role admin|moderator|viewer [--sites news1,news2]
       moderate keys list
       moderate keys revoke NAME|DIGEST-PREFIX`,
  sites: `usage: moderate sites set-webhook SITE URL [--secret S] [--events decided,moderated,edited]
       moderate sites set-coral-secret SITE --secret S [--keep-previous]
       moderate sites remove-coral-secret SITE
       moderate sites remove-webhook SITE
       moderate sites list
       moderate sites deliveries SITE [--limit N]`,
  repair: `usage: moderate repair [--min-age SECONDS] [--limit N]
  applies or voids moderation events a crash left pending; safe while the service runs.`,
  transparency: 'usage: moderate transparency export --since DATE --until DATE [--site SITE] [--out DIR]  (one {"statements":[...]} batch of up to 100 per line, or per file in DIR)',
  feedback: 'usage: moderate feedback export [--since DATE] [--until DATE] > feedback.jsonl',
};
