// A Backend for UI unit tests: each test gives the answers it needs; anything else it
// calls fails loudly, so a test never passes on an answer it did not choose.
import type { Backend } from "./backend";

export function fakeBackend(answers: Partial<Backend>): Backend {
  return new Proxy(answers as Backend, {
    get(target, name: string) {
      return name in target
        ? target[name as keyof Backend]
        : () => Promise.reject(new Error(`the test did not expect a call to ${name}`));
    },
  });
}
