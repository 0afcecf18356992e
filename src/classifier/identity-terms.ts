// The protected-groups list (rules/lists/protected-groups.txt): one group a
// line, "<group>: <form>, <form>, ...". Read by the threat and
// dehumanisation checks and, when models are trained, copied into the
// sentence models as the identity terms they read as one word.

export interface ProtectedGroup {
  group: string;
  forms: string[];
}

export class GroupListError extends Error {}

export function parseGroupList(text: string): ProtectedGroup[] {
  const out: ProtectedGroup[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new GroupListError(`line ${i + 1}: expected "<group>: <form>, <form>, ..."`);
    const forms = line
      .slice(colon + 1)
      .split(',')
      .map((f) => f.trim().toLowerCase().replace(/\s+/g, ' '))
      .filter(Boolean);
    const long = forms.find((f) => f.split(' ').length > 2 || !/^[\p{L}\p{N}' ]+$/u.test(f));
    if (long) throw new GroupListError(`line ${i + 1}: "${long}": a form is one or two words of letters`);
    out.push({ group: line.slice(0, colon).trim(), forms });
  });
  return out;
}

/** Every form of every group, once, sorted: what the models read as one word. */
export function identityTermsOf(groups: readonly ProtectedGroup[]): string[] {
  return [...new Set(groups.flatMap((g) => g.forms))].sort();
}
