// Who is signed in, from GET /api/v1/auth/session; the cookie itself stays HttpOnly.
import { signal } from '@preact/signals';
import { api, csrfToken, setUnauthenticatedHandler } from './api';

export type Role = 'staff' | 'agent' | 'client';

export interface User {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  agent_id: string | null;
  client_id: string | null;
  active: boolean;
  // The language the person gets email in (set from the panels' language switch).
  language: 'en' | 'sw';
  created_at: string;
}

export interface Impersonation {
  id: string;
  agent_id: string;
  agent_user_id: string;
  agent_user_name: string;
  client_id: string;
  permissions: string[];
  started_at: string;
  expires_at: string;
}

export interface Session {
  kind: 'user';
  user: User;
  csrf_token: string;
  impersonating: boolean;
  impersonation?: Impersonation;
}

// undefined: not known yet; null: nobody signed in.
export const session = signal<Session | null | undefined>(undefined);

export async function loadSession(): Promise<Session | null> {
  // optional=true: nobody signed in is a 200 {"kind":"anonymous"}, not a 401.
  const result = await api.get<Session | { kind: 'anonymous' }>('/api/v1/auth/session?optional=true');
  const value = result.ok && result.data.kind === 'user' ? (result.data as Session) : null;
  if (value) sessionEnded.value = false;
  session.value = value;
  csrfToken.value = value?.csrf_token ?? null;
  return value;
}

export function setSession(value: Session | null): void {
  if (value) sessionEnded.value = false;
  session.value = value;
  csrfToken.value = value?.csrf_token ?? null;
}

// The panel a user belongs in.
export function homeFor(value: Session | null | undefined): string {
  if (!value) return '/signin';
  if (value.impersonating) return '/client';
  switch (value.user.role) {
    case 'staff':
      return '/staff';
    case 'agent':
      return '/agent';
    case 'client':
      return '/client';
  }
}

export async function signOut(): Promise<void> {
  await api.post('/api/v1/auth/logout');
  setSession(null);
}

// Set when a signed-in session ends under the user (idle, expired, revoked):
// the sign-in page says so instead of appearing for no reason.
export const sessionEnded = signal(false);

setUnauthenticatedHandler(() => {
  if (session.value) sessionEnded.value = true;
  session.value = null;
  csrfToken.value = null;
});
