import { describe, expect, it } from "vitest";
import { withTemplate } from "./template";

const policy = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const read = { Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" };
const tls = { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::b/*" };
const other = { Sid: "Partner", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" };
const sids = (text: string) => (JSON.parse(text).Statement as { Sid?: string }[]).map((s) => s.Sid);

describe("adding a template to the policy in the editor", () => {
  it("keeps the statements already there and appends the template's", () => {
    const merged = withTemplate(policy(other), policy(tls));
    expect(merged.replaced).toBe(false);
    expect(sids(merged.policy)).toEqual(["Partner", "DenyInsecureTransport"]);
    expect(JSON.parse(merged.policy).Version).toBe("2012-10-17");
  });

  it("adds a statement that is already there only once", () => {
    expect(sids(withTemplate(policy(read, other), policy(read)).policy)).toEqual(["PublicRead", "Partner"]);
  });

  it("numbers the Sid of a second statement from the same template: two objects made public", () => {
    const one = (key: string) => ({ ...read, Sid: "PublicReadOneObject", Resource: `arn:aws:s3:::b/${key}` });
    const merged = withTemplate(policy(one("a.pdf")), policy(one("b.pdf")));
    expect(sids(merged.policy)).toEqual(["PublicReadOneObject", "PublicReadOneObject2"]);
    expect(JSON.parse(merged.policy).Statement.map((s: { Resource: string }) => s.Resource)).toEqual([
      "arn:aws:s3:::b/a.pdf",
      "arn:aws:s3:::b/b.pdf",
    ]);
  });

  it("takes a single statement object as S3 does", () => {
    const single = JSON.stringify({ Version: "2012-10-17", Statement: other });
    expect(sids(withTemplate(single, policy(tls)).policy)).toEqual(["Partner", "DenyInsecureTransport"]);
  });

  it("fills an empty editor with the template, and says when text that is no policy was replaced", () => {
    expect(withTemplate("  ", policy(tls))).toEqual({ policy: policy(tls), replaced: false });
    expect(withTemplate('{"Version": ,}', policy(tls))).toEqual({ policy: policy(tls), replaced: true });
    expect(withTemplate("[1, 2]", policy(tls)).replaced).toBe(true);
  });
});
