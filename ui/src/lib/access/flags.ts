// Block Public Access's four switches, each with the one line a person needs, and what
// unticking them makes possible (said before it is saved).
import type { BlockFlags } from "../ipc/bindings";

export const FLAGS: { key: keyof BlockFlags; label: string; does: string; unticked: string }[] = [
  {
    key: "block_public_acls",
    label: "Block public ACLs",
    does: "Refuses new ACLs that would grant access to everyone.",
    unticked: "new public ACLs can be set on the bucket and its objects",
  },
  {
    key: "ignore_public_acls",
    label: "Ignore public ACLs",
    does: "Disregards every public ACL already on the bucket and its objects.",
    unticked: "public ACLs already there take effect",
  },
  {
    key: "block_public_policy",
    label: "Block public policy",
    does: "Refuses bucket policies that grant access to everyone.",
    unticked: "a bucket policy can make the bucket public",
  },
  {
    key: "restrict_public_buckets",
    label: "Restrict public buckets",
    does: "With a public policy, only AWS services and this account get in.",
    unticked: "a public bucket policy lets anyone on the internet in",
  },
];

/** What becomes possible when `next` replaces `saved`: one phrase per flag turned off. */
export function loosened(saved: BlockFlags, next: BlockFlags): string[] {
  return FLAGS.filter((f) => saved[f.key] && !next[f.key]).map((f) => f.unticked);
}
