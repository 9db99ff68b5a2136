// The name of the client an agent is signed in as, for the banner. The agent
// panel remembers it when the agent starts (the tab's sessionStorage), since
// the session itself carries only the client's id.
const KEY = 'wakala.actingForClient';

export function rememberActingFor(clientId: string, name: string): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ clientId, name }));
  } catch {
    // No storage: the banner shows the client's id instead.
  }
}

export function useClientName(clientId: string | null): string | null {
  if (!clientId) return null;
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { clientId?: string; name?: string } | null;
    if (stored?.clientId === clientId && stored.name) return stored.name;
  } catch {
    // Unreadable: fall back to the id.
  }
  return clientId;
}
