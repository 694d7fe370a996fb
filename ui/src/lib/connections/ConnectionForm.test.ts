// The connection form as a person uses it: controls found by their labels, problems shown
// next to their fields, nothing sent until every field is acceptable.
import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import type { ConnectionDraftInput, ErrorPayload } from "../ipc/bindings";
import ConnectionForm from "./ConnectionForm.svelte";


function setup(onsave = vi.fn(async (_draft: ConnectionDraftInput): Promise<ErrorPayload | null> => null)) {
  render(ConnectionForm, { props: { takenNames: ["Work"], onsave, onclose: vi.fn() } });
  return { onsave, user: userEvent.setup() };
}

describe("ConnectionForm", () => {
  it("names every missing field and sends nothing", async () => {
    const { onsave, user } = setup();
    await user.click(screen.getByRole("button", { name: "Save connection" }));
    expect(screen.getByLabelText("Name").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("Give the connection a name.")).toBeTruthy();
    expect(screen.getByText("Enter the access key id.")).toBeTruthy();
    expect(screen.getByText("Enter the secret access key.")).toBeTruthy();
    expect(onsave).not.toHaveBeenCalled();
  });

  it("asks for an endpoint only for S3-compatible stores, and checks it", async () => {
    const { onsave, user } = setup();
    expect(screen.queryByLabelText("Endpoint URL")).toBeNull();
    await user.click(screen.getByRole("radio", { name: /S3-compatible/ }));
    await user.type(screen.getByLabelText("Name"), "MinIO");
    await user.type(screen.getByLabelText("Endpoint URL"), "minio.local:9000");
    await user.type(screen.getByLabelText("Access key ID"), "minioadmin");
    await user.type(screen.getByLabelText("Secret access key"), "minioadmin");
    await user.click(screen.getByRole("button", { name: "Save connection" }));
    expect(screen.getByText(/^The endpoint URL must start with http:\/\/ or https:\/\//)).toBeTruthy();
    expect(onsave).not.toHaveBeenCalled();

    await user.clear(screen.getByLabelText("Endpoint URL"));
    await user.type(screen.getByLabelText("Endpoint URL"), "http://minio.local:9000");
    await user.click(screen.getByRole("button", { name: "Save connection" }));
    expect(onsave).toHaveBeenCalledWith({
      name: "MinIO",
      access_key_id: "minioadmin",
      secret_access_key: "minioadmin",
      region: "us-east-1",
      endpoint_url: "http://minio.local:9000",
      path_style: true,
    });
  });

  it("refuses a name another connection has", async () => {
    const { onsave, user } = setup();
    await user.type(screen.getByLabelText("Name"), "work");
    await user.click(screen.getByRole("button", { name: "Save connection" }));
    expect(screen.getByText('A connection named "work" already exists.')).toBeTruthy();
    expect(onsave).not.toHaveBeenCalled();
  });

  it("shows the backend's refusal with its fix", async () => {
    const refusal: ErrorPayload = {
      code: "keychain_unavailable",
      message: "The OS keychain cannot be reached, so secret keys can be neither saved nor read.",
      hint: "Start a Secret Service, then restart S3 Desk.",
      field: null,
    };
    const { user } = setup(vi.fn(async () => refusal));
    await user.type(screen.getByLabelText("Name"), "Home");
    await user.type(screen.getByLabelText("Access key ID"), "AKIAIOSFODNN7EXAMPLE");
    await user.type(screen.getByLabelText("Secret access key"), "secret");
    await user.click(screen.getByRole("button", { name: "Save connection" }));
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain(refusal.message);
    expect(alert.textContent).toContain(refusal.hint);
  });
});
