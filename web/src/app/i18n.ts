// Messages in English and Swahili: one catalogue per language and panel
// (src/i18n/<language>/<panel>.json, identical keys, checked by build.mjs).
// A key is "<panel>.<key>", e.g. "agent.nav.dashboard"; "billing" holds what the
// three panels' billing pages share (invoices, services, tickets).
import { signal } from '@preact/signals';
import enAgent from '../i18n/en/agent.json';
import enBilling from '../i18n/en/billing.json';
import enClient from '../i18n/en/client.json';
import enCommon from '../i18n/en/common.json';
import enPublic from '../i18n/en/public.json';
import enStaff from '../i18n/en/staff.json';
import swAgent from '../i18n/sw/agent.json';
import swBilling from '../i18n/sw/billing.json';
import swClient from '../i18n/sw/client.json';
import swCommon from '../i18n/sw/common.json';
import swPublic from '../i18n/sw/public.json';
import swStaff from '../i18n/sw/staff.json';
import { api } from './api';
import { formatBasisPoints, formatDate, formatDateTime, formatMoney, formatMonth } from './format';
import { session, type User } from './session';

export type Language = 'en' | 'sw';
export const LANGUAGES: readonly Language[] = ['en', 'sw'];

type Catalogue = Record<string, string>;

function merge(panels: Record<string, Catalogue>): Catalogue {
  const merged: Catalogue = {};
  for (const [panel, messages] of Object.entries(panels)) {
    for (const [key, message] of Object.entries(messages)) merged[`${panel}.${key}`] = message;
  }
  return merged;
}

export const catalogues: Record<Language, Catalogue> = {
  en: merge({ common: enCommon, public: enPublic, agent: enAgent, client: enClient, staff: enStaff, billing: enBilling }),
  sw: merge({ common: swCommon, public: swPublic, agent: swAgent, client: swClient, staff: swStaff, billing: swBilling }),
};

const STORAGE_KEY = 'wakala.language';

function initialLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'sw') return stored;
  } catch {
    // Storage may be disabled: fall back to the browser's language.
  }
  const preferred = globalThis.navigator?.language ?? 'en';
  return preferred.toLowerCase().startsWith('sw') ? 'sw' : 'en';
}

export const language = signal<Language>(initialLanguage());

// Shows the panels in `next` and remembers it in this browser (at boot too).
export function applyLanguage(next: Language): void {
  language.value = next;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered across visits; still switched now.
  }
  if (globalThis.document) globalThis.document.documentElement.lang = next;
}

// The language switch: the panels change at once, and a signed-in person's
// email language follows (PUT /api/v1/auth/language). That call is fire and
// forget: a failure leaves the email language as it was and says nothing (the
// switch itself worked). Nobody signed in, an agent acting for a client (its
// requests are the client's), or a language the account already has: no call.
export function setLanguage(next: Language): void {
  applyLanguage(next);
  const current = session.value;
  if (!current || current.kind !== 'user' || current.impersonating || current.user.language === next) return;
  void api
    .put<User>('/api/v1/auth/language', { language: next })
    .then((answer) => {
      // The session now knows the account's language, so a second switch back asks again.
      if (answer.ok && session.value === current) session.value = { ...current, user: { ...current.user, language: answer.data.language } };
    })
    .catch(() => undefined);
}

// The message for `key` with {placeholders} filled; the key itself if unknown
// (the build refuses unknown literal keys, so this shows only for computed ones).
export function translate(lang: Language, key: string, params?: Record<string, string | number>): string {
  const message = catalogues[lang][key] ?? catalogues.en[key] ?? key;
  if (!params) return message;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

// Reads the language signal, so a component using t() re-renders on a switch.
export function t(key: string, params?: Record<string, string | number>): string {
  return translate(language.value, key, params);
}

export const money = (amount: string | null | undefined): string => (amount == null ? '' : formatMoney(amount, language.value));
export const dateTime = (iso: string | null | undefined): string => formatDateTime(iso, language.value);
export const date = (iso: string | null | undefined): string => formatDate(iso, language.value);
export const month = (value: string): string => formatMonth(value, language.value);
export const rate = (basisPoints: number): string => formatBasisPoints(basisPoints, language.value);
