import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { EditorView } from "@codemirror/view";
import { diagnosticCount, forEachDiagnostic, type Diagnostic } from "@codemirror/lint";
import { StyleModule } from "style-mod";
import PolicyEditor from "./PolicyEditor.svelte";
import PermissionsDialog from "./PermissionsDialog.svelte";
import { fakeBackend } from "../ipc/fake-backend";
import type { AccessView, PolicyFinding } from "../ipc/bindings";

// jsdom lays nothing out and has no geometry for ranges; CodeMirror measures text through
// Range.getClientRects / getBoundingClientRect after each update, so give it empty boxes.
beforeAll(() => {
  const empty = () => new DOMRect(0, 0, 0, 0);
  Range.prototype.getBoundingClientRect ??= empty;
  Range.prototype.getClientRects ??= () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
});

function editorOf(label: string): EditorView {
  const view = EditorView.findFromDOM(screen.getByRole("textbox", { name: label }));
  if (!view) throw new Error("no editor");
  return view;
}

function diagnostics(view: EditorView): Diagnostic[] {
  const found: Diagnostic[] = [];
  forEachDiagnostic(view.state, (d) => found.push(d));
  return found;
}

const POLICY = '{\n  "Version": "2012-10-17",\n  "Statement": []\n}';

describe("the policy editor", () => {
  it("shows the document in a textbox named by its label", () => {
    render(PolicyEditor, { props: { value: POLICY, label: "Policy JSON" } });
    const box = screen.getByRole("textbox", { name: "Policy JSON" });
    expect(box.getAttribute("contenteditable")).toBe("true");
    expect(editorOf("Policy JSON").state.doc.toString()).toBe(POLICY);
    expect(box.textContent).toContain('"Version": "2012-10-17",');
  });

  it("replaces its text when the value is set from outside, without calling oninput", async () => {
    const oninput = vi.fn();
    const { rerender } = render(PolicyEditor, { props: { value: "{}", label: "Policy JSON", oninput } });
    await rerender({ value: POLICY });
    expect(editorOf("Policy JSON").state.doc.toString()).toBe(POLICY);
    expect(oninput).not.toHaveBeenCalled();
  });

  it("marks a finding with a line from its column to the end of that line, as an error or a warning", async () => {
    const findings = [
      { message: "Not valid JSON", line: 2, column: 3, error: true },
      { message: "Far away", line: 99, column: 99, error: false },
      { message: "Somewhere", line: null, column: null, error: false },
    ];
    const { rerender } = render(PolicyEditor, { props: { value: POLICY, label: "Policy JSON" } });
    await rerender({ findings });
    const view = editorOf("Policy JSON");
    expect(diagnosticCount(view.state)).toBe(2);
    const line2 = view.state.doc.line(2);
    const last = view.state.doc.line(view.state.doc.lines);
    expect(diagnostics(view).map((d) => [d.from, d.to, d.severity, d.message])).toEqual([
      [line2.from + 2, line2.to, "error", "Not valid JSON"],
      // Past the end of the document: clamped to the end of the last line.
      [last.to, last.to, "warning", "Far away"],
    ]);
    await waitFor(() => expect(document.querySelector(".cm-lintRange-error")?.textContent).toBe('"Version": "2012-10-17",'));

    await rerender({ findings: [] });
    expect(diagnosticCount(view.state)).toBe(0);
  });

  it("hands what is typed to the bound value and to oninput, closing brackets as it goes", async () => {
    // A getter/setter pair for value is what `bind:value` compiles to.
    let bound = "";
    const oninput = vi.fn();
    render(PolicyEditor, {
      props: {
        get value() {
          return bound;
        },
        set value(v: string) {
          bound = v;
        },
        label: "Policy JSON",
        oninput,
      },
    });
    const box = screen.getByRole("textbox", { name: "Policy JSON" });
    const user = userEvent.setup();
    await user.click(box);
    // "{{" is how user-event types one "{"; the editor adds the "}".
    await user.keyboard('{{"a');
    expect(bound).toBe('{"a"}');
    expect(editorOf("Policy JSON").state.doc.toString()).toBe(bound);
    expect(oninput).toHaveBeenCalledTimes(3);

    // A change made on the view, as a paste or an undo would be, takes the same way.
    const view = editorOf("Policy JSON");
    view.dispatch({ changes: { from: view.state.doc.length - 1, insert: ": 1" } });
    expect(bound).toBe('{"a": 1}');
    expect(oninput).toHaveBeenCalledTimes(4);
  });
});

describe("the permissions dialog's policy editor", () => {
  it("shows the saved policy, checks edits and marks what the check found, and takes a template", async () => {
    const checked: string[] = [];
    const finding: PolicyFinding = { error: true, message: "Not valid JSON: expected value", line: 2, column: 3, statement: null };
    const backend = fakeBackend({
      bucketAccess: async () => ({ block: null, policy: POLICY, grants: null, ownership: null, public: false, sentence: "Not public." }),
      bucketPolicyCheck: async (_bucket: string, text: string) => {
        checked.push(text);
        return text.includes(",,") ? [finding] : [];
      },
      bucketPolicyTemplate: async () => '{\n  "Sid": "DenyInsecureTransport"\n}',
    });
    const target = { key: { kind: "sandbox" as const }, bucket: "b", region: null };
    render(PermissionsDialog, { props: { backend, target, onclose: () => {} } });
    await screen.findByRole("textbox", { name: "Policy JSON" });
    const view = editorOf("Policy JSON");
    expect(view.state.doc.toString()).toBe(POLICY);

    const at = view.state.doc.line(2).to;
    view.dispatch({ changes: { from: at, insert: "," } });
    await screen.findByText("Error (line 2, column 3): Not valid JSON: expected value");
    expect(checked.at(-1)).toBe(POLICY.replace('"2012-10-17",', '"2012-10-17",,'));
    await waitFor(() => expect(diagnosticCount(view.state)).toBe(1));
    expect(screen.getByRole("button", { name: "Review and save…" })).toHaveProperty("disabled", true);

    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Use template" }));
    await waitFor(() => expect(view.state.doc.toString()).toContain("DenyInsecureTransport"));
    expect(screen.getByText(/The editor held no valid policy, so the template took its place/)).toBeTruthy();
    await waitFor(() => expect(diagnosticCount(view.state)).toBe(0));
    expect(screen.getByRole("button", { name: "Review and save…" })).toHaveProperty("disabled", false);
  });
});

describe("saving a policy someone else changed meanwhile", () => {
  it("saves nothing, shows the edit against the policy saved now, and saves only when asked again", async () => {
    const theirs = '{"Version":"2012-10-17","Statement":[{"Sid":"Theirs"}]}';
    const viewWith = (policy: string | null): AccessView => ({ block: null, policy, grants: null, ownership: null, public: false, sentence: "Not public." });
    const reads = [viewWith(null), viewWith(theirs)];
    const saves: (string | null)[] = [];
    const backend = fakeBackend({
      bucketAccess: async () => reads.shift()!,
      bucketPolicyCheck: async () => [],
      bucketPolicyTemplate: async () => '{\n  "Sid": "Mine"\n}',
      bucketPolicySave: async (_target, text, expected) => {
        saves.push(expected);
        if (saves.length === 1) throw { code: "changed_meanwhile", message: "Someone changed this bucket's policy since you opened it; nothing was saved.", hint: null, field: null };
        return viewWith(text);
      },
    });
    const target = { key: { kind: "sandbox" as const }, bucket: "b", region: null };
    render(PermissionsDialog, { props: { backend, target, onclose: () => {} } });
    const user = userEvent.setup();
    await screen.findByRole("textbox", { name: "Policy JSON" });
    await user.click(screen.getByRole("button", { name: "Use template" }));
    await waitFor(() => expect(screen.getByRole("button", { name: "Review and save…" })).toHaveProperty("disabled", false));
    await user.click(screen.getByRole("button", { name: "Review and save…" }));
    await user.click(screen.getByRole("button", { name: "Save policy" }));

    const review = await screen.findByRole("region", { name: "Changes to save" });
    expect(await screen.findByText(/Someone changed this policy since you opened it/)).toBeTruthy();
    expect(review.textContent).toContain('-       "Sid": "Theirs"');
    expect(review.textContent).toContain('+   "Sid": "Mine"');
    expect(saves).toEqual([null]);

    await user.click(screen.getByRole("button", { name: "Save policy" }));
    await screen.findByText("Policy saved.");
    expect(saves, "saved against the policy that was shown").toEqual([null, theirs]);
  });
});

describe("CodeMirror's styles under the CSP", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    delete (document as { adoptedStyleSheets?: unknown }).adoptedStyleSheets;
  });

  it("go into one adopted stylesheet rather than a <style> element where the browser can adopt sheets", () => {
    // jsdom has no constructable stylesheets: stand in for them as WebKitGTK has them.
    class Sheet {
      text = "";
      replaceSync(text: string) {
        this.text = text;
      }
    }
    vi.stubGlobal("CSSStyleSheet", Sheet);
    Object.defineProperty(document, "adoptedStyleSheets", { value: [], writable: true, configurable: true });
    const styles = document.querySelectorAll("style").length;
    const first = new StyleModule({ ".first": { color: "red" } });
    const second = new StyleModule({ ".second": { color: "blue" } });
    StyleModule.mount(document, [first, second]);
    StyleModule.mount(document, [second]);

    render(PolicyEditor, { props: { value: POLICY, label: "Policy JSON" } });

    expect(document.querySelectorAll("style").length).toBe(styles);
    const sheets = document.adoptedStyleSheets as unknown as Sheet[];
    expect(sheets.length).toBe(1);
    const text = sheets[0].text;
    expect(text).toContain(".cm-gutters");
    expect(text.indexOf(".first")).toBeLessThan(text.indexOf(".second"));
  });
});
