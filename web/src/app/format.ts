// Pure formatting: money as KES, times in East Africa Time, through Intl.
// Money stays a decimal string end to end (the API's "12500.00"): it is never
// turned into a float, so the largest amount formats to the cent.

export const EAT = 'Africa/Nairobi';

const MONEY = /^-?(0|[1-9][0-9]{0,11})\.[0-9]{2}$/;

export function isMoney(text: string): boolean {
  return MONEY.test(text);
}

export function localeFor(language: string): string {
  return language === 'sw' ? 'sw-KE' : 'en-KE';
}

// "12500.00" → "KES 12,500.00" (en) or "Ksh 12,500.00" (sw), exact.
export function formatMoney(amount: string, language: string): string {
  if (!isMoney(amount)) return amount;
  const format = new Intl.NumberFormat(localeFor(language), {
    style: 'currency',
    currency: 'KES',
    currencyDisplay: 'code',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  // Intl reads a numeric string as an exact decimal (ECMA-402 NumberFormat v3).
  return format.format(amount as unknown as number).replace(/\u00a0/g, ' ');
}

// What a person types ("12500", "12,500.5", " 10000.00 ") in the API's grammar
// ("12500.00", "12500.50"), or null when it is not an amount. No sign: the
// panels only ever ask for positive amounts.
export function parseMoneyInput(text: string): string | null {
  const compact = text.trim().replace(/[\s,]/g, '');
  const match = /^(0|[1-9][0-9]{0,11})(?:\.([0-9]{1,2}))?$/.exec(compact);
  if (!match) return null;
  const cents = (match[2] ?? '').padEnd(2, '0');
  return `${match[1]}.${cents}`;
}

// Money strings to integer cents and back, for sums and ratios.
export function toCents(amount: string): bigint {
  if (!isMoney(amount)) throw new Error(`not an amount: ${amount}`);
  const negative = amount.startsWith('-');
  const [whole, fraction] = amount.replace('-', '').split('.') as [string, string];
  const cents = BigInt(whole) * 100n + BigInt(fraction);
  return negative ? -cents : cents;
}

export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const magnitude = negative ? -cents : cents;
  const text = `${magnitude / 100n}.${(magnitude % 100n).toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

export function formatDateTime(iso: string | null | undefined, language: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeFor(language), {
    timeZone: EAT,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
}

export function formatDate(iso: string | null | undefined, language: string): string {
  if (!iso) return '';
  // A plain date ("2026-11-30") is a calendar day, not an instant: show it as is.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00+03:00`) : new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeFor(language), { timeZone: EAT, dateStyle: 'medium' }).format(date);
}

// "2026-11" → "November 2026" in the language.
export function formatMonth(month: string, language: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 15));
  return new Intl.DateTimeFormat(localeFor(language), { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(date);
}

// The EAT calendar month of an instant, "2026-11".
export function eatMonth(instant: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: EAT, year: 'numeric', month: '2-digit' }).formatToParts(instant);
  const year = parts.find((p) => p.type === 'year')?.value ?? '1970';
  const month = parts.find((p) => p.type === 'month')?.value ?? '01';
  return `${year}-${month}`;
}

// A month picker's months: the `count` EAT months ending with the one holding `now`, newest first.
export function recentMonths(now: Date, count: number): string[] {
  const [year, month] = eatMonth(now).split('-').map(Number) as [number, number];
  const months: string[] = [];
  for (let back = 0; back < count; back += 1) {
    const index = year * 12 + (month - 1) - back;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

export function isMonth(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}

// 500 basis points → "5%", 1250 → "12.5%" in the language (a rate, exact to the basis point).
export function formatBasisPoints(basisPoints: number, language: string): string {
  return new Intl.NumberFormat(localeFor(language), { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10000);
}
