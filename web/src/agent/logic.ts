// Pure logic of the agent panel (tested in web/test/agent-logic.test.ts).
import { isMoney } from '../app/format';

// "2026-02" → "2026-02-28": the last calendar day of a month.
export function lastDayOfMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const day = new Date(Date.UTC(year, number, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

// The month picker's months and the month grammar: shared with the staff pages (app/format).
export { isMonth, recentMonths } from '../app/format';

// How a requirement's measured value or threshold reads: money, yes/no, or as is.
export type Figure = { type: 'money'; value: string } | { type: 'yes' } | { type: 'no' } | { type: 'text'; value: string };

export function figure(value: string | null | undefined, requirement: string): Figure {
  if (value === 'true') return { type: 'yes' };
  if (value === 'false') return { type: 'no' };
  if (value && requirement.includes('sales_avg') && isMoney(value)) return { type: 'money', value };
  return { type: 'text', value: value ?? '' };
}

// A certification's standing on `today` (YYYY-MM-DD): expired, expiring within `soonDays`, or fine.
export function expiry(validUntil: string, today: string, soonDays = 60): 'expired' | 'soon' | 'valid' {
  const end = Date.parse(`${validUntil}T00:00:00Z`);
  const now = Date.parse(`${today}T00:00:00Z`);
  if (Number.isNaN(end) || Number.isNaN(now)) return 'valid';
  if (end < now) return 'expired';
  return end - now <= soonDays * 86_400_000 ? 'soon' : 'valid';
}

// Today's EAT date, YYYY-MM-DD.
export function eatToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Nairobi', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

// Where a commission came from: "INV-1/L2", the bonus month, or its id.
export function commissionSource(c: { id: string; invoice: string | null; line: string | null }): string {
  if (c.invoice) return c.line ? `${c.invoice}/${c.line}` : c.invoice;
  return c.id;
}

// Rate in basis points as a percent string: 1000 → "10", 250 → "2.5".
export function ratePercent(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = Math.abs(bp % 100);
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

// An Idempotency-Key: 8–64 of A-Z a-z 0-9 - _.
export function newIdempotencyKey(random: () => string = () => globalThis.crypto.randomUUID()): string {
  return random().replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64).padEnd(8, '0');
}

// A file name the X-File-Name header can carry (shared with ticket files).
export { headerFileName } from '../app/attachments';

// Paging by offset: the 1-based range shown and whether there is a previous / next page.
export function pageInfo(offset: number, limit: number, shown: number, total: number) {
  return {
    first: shown === 0 ? 0 : offset + 1,
    last: offset + shown,
    hasPrevious: offset > 0,
    hasNext: offset + shown < total,
    previousOffset: Math.max(0, offset - limit),
    nextOffset: offset + limit,
  };
}

// The people of the company: is this user its owner? (null while unknown)
export function isOwner(people: readonly { user_id: string; agent_role: string }[] | null, userId: string | undefined): boolean | null {
  if (!people || !userId) return null;
  return people.some((p) => p.user_id === userId && p.agent_role === 'owner');
}
