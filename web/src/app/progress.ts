// Progress maths for the agent's dashboard, exact on money strings.
import { toCents } from './format';

// Whole percent of `target` reached by `current`, 0–100 (a target of zero is met).
export function percentOf(current: bigint, target: bigint): number {
  if (target <= 0n) return 100;
  if (current <= 0n) return 0;
  if (current >= target) return 100;
  return Number((current * 100n) / target);
}

export function moneyPercent(current: string, target: string): number {
  return percentOf(toCents(current), toCents(target));
}

// Days from `now` until `end` (an RFC 3339 instant), rounded up; 0 once past.
export function daysUntil(end: string, now: Date): number {
  const milliseconds = new Date(end).getTime() - now.getTime();
  if (!(milliseconds > 0)) return 0;
  return Math.ceil(milliseconds / 86_400_000);
}

// The end of the calendar quarter (EAT, UTC+3 all year) holding `now`, as an instant.
export function quarterEnd(now: Date): Date {
  const eat = new Date(now.getTime() + 3 * 3_600_000);
  const quarterStartMonth = Math.floor(eat.getUTCMonth() / 3) * 3;
  return new Date(Date.UTC(eat.getUTCFullYear(), quarterStartMonth + 3, 1) - 3 * 3_600_000);
}
