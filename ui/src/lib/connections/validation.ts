// Checks the connection form before it is sent, so the user sees every problem at once next
// to its field. The backend checks the same rules again; this is for immediate feedback.
import type { ConnectionDraftInput, ConnectionEntry } from "../ipc/bindings";

export type DraftField = keyof ConnectionDraftInput;
export type FieldErrors = Partial<Record<DraftField, string>>;

const MAX_NAME_CHARS = 64;

/** The form's starting values: a saved connection's settings (never its secret), or defaults. */
export function draftFrom(entry: ConnectionEntry | null): ConnectionDraftInput {
  return {
    name: entry?.name ?? "",
    access_key_id: entry?.access_key_id ?? "",
    secret_access_key: "",
    region: entry?.region ?? "us-east-1",
    endpoint_url: entry?.endpoint_url ?? "",
    // Most S3-compatible stores need path-style addressing, so a new one starts with it on.
    path_style: entry ? entry.path_style : true,
  };
}

export function validateDraft(
  draft: ConnectionDraftInput,
  options: { isNew: boolean; takenNames: string[] },
): FieldErrors {
  const errors: FieldErrors = {};
  const name = draft.name.trim();
  if (!name) errors.name = "Give the connection a name.";
  else if ([...name].length > MAX_NAME_CHARS) errors.name = `The name is longer than ${MAX_NAME_CHARS} characters.`;
  else if (options.takenNames.some((taken) => taken.toLowerCase() === name.toLowerCase()))
    errors.name = `A connection named "${name}" already exists.`;

  const key = draft.access_key_id.trim();
  if (!key) errors.access_key_id = "Enter the access key id.";
  else if (key.length < 3 || key.length > 128) errors.access_key_id = "An access key id is 3 to 128 characters long.";
  else if (/\s/.test(key)) errors.access_key_id = "An access key id has no spaces in it.";

  const secret = draft.secret_access_key;
  if (!secret) {
    if (options.isNew) errors.secret_access_key = "Enter the secret access key.";
  } else if (secret !== secret.trim())
    errors.secret_access_key = "The secret access key starts or ends with a space; paste it again without it.";

  const region = draft.region.trim();
  if (!region) errors.region = "Enter a region, e.g. us-east-1.";
  else if (!/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/.test(region))
    errors.region = "A region is lowercase letters, digits and hyphens, e.g. eu-west-1.";

  const endpoint = draft.endpoint_url.trim();
  if (endpoint) {
    const problem = endpointProblem(endpoint);
    if (problem) errors.endpoint_url = `The endpoint URL ${problem}, e.g. https://s3.example.com or http://127.0.0.1:9000.`;
  }
  return errors;
}

function endpointProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not a valid URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must start with http:// or https://";
  if (!url.hostname) return "needs a host name";
  if (url.username || url.password) return "must not contain a user name or password";
  if (url.pathname !== "/" || url.search || url.hash) return "must not have a path, query or fragment";
  return null;
}
