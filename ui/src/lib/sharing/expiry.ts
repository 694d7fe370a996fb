// The share dialog's expiry: a number and a unit, checked against SigV4's 7 days before
// anything is asked of the backend.

export type Unit = "minutes" | "hours" | "days";

const SECONDS: Record<Unit, number> = { minutes: 60, hours: 3600, days: 86_400 };
export const MAX_SECONDS = 7 * 86_400;

/** Seconds, or the reason the choice is refused. */
export function expirySeconds(amount: number, unit: Unit): { seconds: number } | { problem: string } {
  if (!Number.isFinite(amount) || amount <= 0) return { problem: "Choose how long the link works: more than zero." };
  const seconds = Math.round(amount * SECONDS[unit]);
  if (seconds > MAX_SECONDS) return { problem: "A link can work at most 7 days: S3's signatures allow no longer." };
  return { seconds };
}

const LIST: Record<Unit, [string, string]> = { minutes: ["minute", "minutes"], hours: ["hour", "hours"], days: ["day", "days"] };

export function describe(amount: number, unit: Unit): string {
  return `${amount} ${LIST[unit][amount === 1 ? 0 : 1]}`;
}
