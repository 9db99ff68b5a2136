// The name of the client an agent is signed in as, for the banner. The agent
// panel remembers it when the agent starts (the tab's sessionStorage); a tab
// that lacks it (opened afresh) reads it from the client's service-manager view.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../app/api';

const KEY = 'wakala.actingForClient';

export function rememberActingFor(clientId: string, name: string): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ clientId, name }));
  } catch {
    // No storage: the banner reads the name from the API instead.
  }
}

function storedName(clientId: string): string | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { clientId?: string; name?: string } | null;
    if (stored?.clientId === clientId && stored.name) return stored.name;
  } catch {
    // Unreadable: ask the API.
  }
  return null;
}

export function useClientName(clientId: string | null): string | null {
  const [fetched, setFetched] = useState<{ clientId: string; name: string } | null>(null);
  const remembered = clientId ? storedName(clientId) : null;
  useEffect(() => {
    if (!clientId || remembered) return undefined;
    let live = true;
    void api.get<{ client_name?: string }>(`/api/v1/clients/${encodeURIComponent(clientId)}/service-manager`).then((answer) => {
      if (live && answer.ok && answer.data.client_name) {
        rememberActingFor(clientId, answer.data.client_name);
        setFetched({ clientId, name: answer.data.client_name });
      }
    });
    return () => {
      live = false;
    };
  }, [clientId, remembered]);
  if (!clientId) return null;
  return remembered ?? (fetched?.clientId === clientId ? fetched.name : clientId);
}
