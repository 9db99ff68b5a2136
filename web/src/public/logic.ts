// Pure helpers of the public pages and the client area: what the forms send,
// the permission and status words, where links go. Tested in web/test/public-logic.test.ts.

// What confirming a service manager may grant (docs/api.md "Service managers").
export const GRANTABLE_PERMISSIONS = ['view_services', 'place_orders', 'view_quotes', 'accept_quotes', 'view_invoices', 'open_tickets'] as const;
// Never grantable, whatever the client wants: shown so the client knows.
export const NEVER_GRANTED = ['change_credentials', 'change_contact_details', 'change_payment_methods', 'close_account', 'manage_association'] as const;

// Vendor certifications an applicant may declare.
export const CERTIFICATIONS = ['sales', '3cx_basic', '3cx_intermediate', '3cx_advanced', 'yeastar_basic', 'yeastar_intermediate', 'yeastar_advanced', 'yealink'] as const;

// How a sign-in-as-client session ended, as the API names it.
export const END_REASONS = ['ended', 'logout', 'expired', 'revoked', 'transferred', 'agent_terminated', 'user_deactivated', 'password_changed', 'association_ended'] as const;

export function isKnown<T extends string>(list: readonly T[], value: string | null | undefined): value is T {
  return value != null && (list as readonly string[]).includes(value);
}

// Only a path on this site: never an open redirect. Read the way the browser
// reads a URL (it drops tabs and newlines, and takes "\\" for "/"), so that
// "/\t/evil.example" cannot become "//evil.example", which history.pushState
// refuses with a SecurityError after signing in.
const SAME_SITE = 'http://wakala.invalid';
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/')) return null;
  let url: URL;
  try {
    url = new URL(next, SAME_SITE);
  } catch {
    return null;
  }
  if (url.origin !== SAME_SITE) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('//') ? null : path;
}

// A Kenyan number as people write it ("0712 345 678", "254712345678",
// "+254 712-345-678") in E.164 ("+254712345678"); anything else is left
// (trimmed, without spaces) for the API to judge and name.
export function phoneToE164(input: string): string {
  const compact = input.trim().replace(/[\s().-]/g, '');
  if (/^0[17]\d{8}$/.test(compact)) return `+254${compact.slice(1)}`;
  if (/^254[17]\d{8}$/.test(compact)) return `+${compact}`;
  return compact;
}

export interface ApplicationForm {
  kind: 'company' | 'professional';
  name: string;
  contact_name: string;
  email: string;
  phone: string;
  kra_pin: string;
  registration_number: string;
  residency: 'resident' | 'non_resident';
  website: string;
  town: string;
  certifications: string[];
  accept_terms: boolean;
}

// The POST /api/v1/agent-applications body: optional fields only when given,
// the registration number only for a company, and `language`, the language the
// applicant gets email in: the one the form was filled in.
export function applicationBody(form: ApplicationForm, language: 'en' | 'sw'): Record<string, unknown> {
  const body: Record<string, unknown> = {
    kind: form.kind,
    name: form.name.trim(),
    contact_name: form.contact_name.trim(),
    email: form.email.trim(),
    phone: phoneToE164(form.phone),
    kra_pin: form.kra_pin.trim().toUpperCase(),
    residency: form.residency,
    certifications: CERTIFICATIONS.filter((c) => form.certifications.includes(c)),
    accept_terms: form.accept_terms,
    language,
  };
  if (form.kind === 'company') body.registration_number = form.registration_number.trim().toUpperCase();
  if (form.website.trim()) body.website = form.website.trim();
  if (form.town.trim()) body.town = form.town.trim();
  return body;
}

// The page the applicant bookmarks: the id in the path, the token in the query.
export function statusPagePath(id: string, token: string): string {
  return `/apply/status/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`;
}

export interface SignupForm {
  company: string;
  contact_name: string;
  email: string;
  phone: string;
  kra_pin: string;
  registration_number: string;
  password: string;
  payment: 'none' | 'mpesa' | 'bank';
  mpesa_number: string;
  bank_code: string;
  account_number: string;
}

// The POST /api/v1/client-signups body.
export function signupBody(form: SignupForm): Record<string, unknown> {
  const body: Record<string, unknown> = {
    company: form.company.trim(),
    contact_name: form.contact_name.trim(),
    email: form.email.trim(),
    phone: phoneToE164(form.phone),
    password: form.password,
  };
  if (form.kra_pin.trim()) body.kra_pin = form.kra_pin.trim().toUpperCase();
  if (form.registration_number.trim()) body.registration_number = form.registration_number.trim().toUpperCase();
  if (form.payment === 'mpesa') body.payment_method = { method: 'mpesa', mpesa_number: phoneToE164(form.mpesa_number) };
  if (form.payment === 'bank') body.payment_method = { method: 'bank', bank_code: form.bank_code.trim(), account_number: form.account_number.trim() };
  return body;
}

// A link that comes back to `here` after signing in or up.
export function withNext(page: '/signin' | '/signup', here: string): string {
  return `${page}?next=${encodeURIComponent(here)}`;
}

// The permissions ticked, in the API's order; none ticked is refused by the page.
export function chosenPermissions(offered: readonly string[], ticked: ReadonlySet<string>): string[] {
  return offered.filter((p) => ticked.has(p));
}

// Password rules the page can check before sending (the server checks the rest:
// the email, common and dictionary words). Code points, as the server counts.
export function passwordProblem(password: string): 'short' | 'long' | 'blank' | null {
  const length = [...password].length;
  if (length < 12) return 'short';
  if (length > 256) return 'long';
  if (password.trim() === '') return 'blank';
  return null;
}
