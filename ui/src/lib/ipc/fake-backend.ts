// An in-memory Backend for UI unit tests: canned answers, and a record of what was asked.
import type { Bucket, ConnectionEntry, ConnectionKey, ErrorPayload, Identity } from "./bindings";
import type { Backend } from "./backend";

export interface FakeBackendData {
  entries?: ConnectionEntry[];
  identity?: Identity | null;
  buckets?: Bucket[] | ErrorPayload;
}

export function fakeBackend(data: FakeBackendData): Backend & { calls: string[] } {
  const calls: string[] = [];
  const answer = <T>(name: string, value: T | ErrorPayload | undefined, fallback: T): Promise<T> => {
    calls.push(name);
    if (value && typeof value === "object" && "code" in value) return Promise.reject(value);
    return Promise.resolve((value ?? fallback) as T);
  };
  return {
    calls,
    connectionList: () => answer("connectionList", data.entries, []),
    connectionCreate: () => Promise.reject(new Error("not used")),
    connectionUpdate: () => Promise.reject(new Error("not used")),
    connectionDelete: () => answer("connectionDelete", undefined, undefined),
    connectionIdentity: (_key: ConnectionKey) => answer("connectionIdentity", data.identity, null),
    bucketList: (_key: ConnectionKey) => answer("bucketList", data.buckets, []),
  };
}
