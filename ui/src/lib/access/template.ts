// Adding a template to the policy being edited: its statements join those already there, so
// that using a template never drops a statement the bucket relies on. A statement already
// there as it is is not added twice; one whose Sid is taken gets a numbered Sid, as S3 wants
// each Sid once (making two objects public adds two statements).

type Policy = Record<string, unknown>;

export interface WithTemplate {
  policy: string;
  /** The text in the editor was not a policy, so the template took its place. */
  replaced: boolean;
}

export function withTemplate(current: string, template: string): WithTemplate {
  const [ours, theirs] = [parse(current), parse(template)];
  if (current.trim() === "") return { policy: template, replaced: false };
  if (!ours || !theirs) return { policy: template, replaced: true };
  const all = statements(ours);
  for (const statement of statements(theirs)) {
    if (all.some((s) => JSON.stringify(s) === JSON.stringify(statement))) continue;
    all.push(typeof statement.Sid === "string" ? { ...statement, Sid: freeSid(all, statement.Sid) } : statement);
  }
  return { policy: JSON.stringify({ ...ours, Statement: all }, null, 2), replaced: false };
}

/** `sid`, or `sid2`, `sid3`… if a statement in `taken` already has it. */
function freeSid(taken: Policy[], sid: string): string {
  const used = new Set(taken.map((s) => s.Sid));
  let candidate = sid;
  for (let n = 2; used.has(candidate); n++) candidate = `${sid}${n}`;
  return candidate;
}

function parse(text: string): Policy | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Policy) : null;
  } catch {
    return null;
  }
}

/** A policy's statements: S3 takes one statement object as well as a list. */
function statements(policy: Policy): Policy[] {
  const s = policy.Statement;
  return Array.isArray(s) ? s : s && typeof s === "object" ? [s as Policy] : [];
}
