// How a sync's preview and outcome read: one line each, in the window's words.
import type { SyncAction, SyncOptionsInput, SyncPlanView, SyncReportView } from "../ipc/bindings";
import { count } from "../shared/count";
import { formatSize } from "../objects/rows";

/** The table's filters, in order. */
export const ACTIONS: [SyncAction, string][] = [["new", "New"], ["changed", "Changed"], ["extra", "Extra"], ["same", "Same"]];

/** "*.tmp, node_modules" → the globs, one per comma or line. */
export function patterns(text: string): SyncOptionsInput["excludes"] {
  return text.split(/[\n,]/).map((p) => p.trim()).filter((p) => p !== "");
}

/** "3 new, 1 changed: 2.1 MiB to upload; 2 extra, to delete; 120 the same. 2 requests made, about 6 to make." */
export function planSummary(plan: SyncPlanView): string {
  const t = plan.totals;
  const verb = plan.direction === "up" ? "upload" : "download";
  const extras = t.extra === 0 ? "" : `; ${t.extra.toLocaleString()} extra, ${t.deleted > 0 ? "to delete" : "kept"}`;
  const problems = t.problems === 0 ? "" : `; ${count(t.problems, "name", "names")} left out`;
  return `${t.new.toLocaleString()} new, ${t.changed.toLocaleString()} changed: ${formatSize(t.bytes)} to ${verb}${extras}; ${t.same.toLocaleString()} the same${problems}. `
    + `${count(t.requests_made, "request", "requests")} made, about ${t.requests_to_make.toLocaleString()} to make.`;
}

/** "Sync done: 3 sent, 2 deleted." — or what did not go. */
export function reportSummary(report: SyncReportView): string {
  const parts = [`${count(report.done, "file", "files")} sent`];
  if (report.deleted > 0) parts.push(`${report.deleted.toLocaleString()} deleted`);
  if (report.failed > 0) parts.push(`${report.failed.toLocaleString()} failed (see the transfers panel)`);
  if (report.stopped > 0) parts.push(`${report.stopped.toLocaleString()} stopped`);
  if (report.failures.length > 0) parts.push(`${count(report.failures.length, "extra", "extras")} could not be deleted: ${report.failures[0].error.message}`);
  if (report.deletes_skipped > 0) parts.push(`${count(report.deletes_skipped, "extra was", "extras were")} not deleted, as not everything was sent`);
  return `Sync done: ${parts.join(", ")}.`;
}
