// Plain-text lists beside the rule file (shorteners, blocked domains, spam
// phrases): one entry a line, `#` starts a comment, blank lines ignored, so
// sites can maintain them without touching code.
import type { RuleResources } from '../check-module';

export function readList(resources: RuleResources, relativePath: string): string[] {
  const entries: string[] = [];
  for (const line of resources.readText(relativePath).split(/\r?\n/)) {
    const hash = line.indexOf('#');
    const entry = (hash >= 0 ? line.slice(0, hash) : line).trim();
    if (entry) entries.push(entry);
  }
  return entries;
}
