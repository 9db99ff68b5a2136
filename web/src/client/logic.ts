// Pure helpers of the client area, tested in web/test/public-client.test.ts.

export interface ImpersonationRecord {
  id: string;
  agent_id: string;
  agent_user_id: string;
  agent_user_name?: string | null; // the agent user who signed in
  permissions: string[];
  started_at: string;
  expires_at: string;
  ended_at: string | null;
  end_reason: string | null;
  ip: string;
}

export interface ImpersonationRow extends ImpersonationRecord {
  who: string;
}

// Newest first, each named by its person if known, else by the agent company
// when it is the current manager, else by the agent's id.
export function impersonationRows(records: readonly ImpersonationRecord[], manager: { agent_id: string; name: string } | null): ImpersonationRow[] {
  return [...records]
    .sort((a, b) => (a.started_at < b.started_at ? 1 : a.started_at > b.started_at ? -1 : 0))
    .map((record) => {
      const company = manager && manager.agent_id === record.agent_id ? manager.name : record.agent_id;
      const person = record.agent_user_name;
      // A person's name that already says its company ("Otieno (Nairobi Voice)") is not told it twice.
      const who = person ? (person.includes(company) ? person : `${person} (${company})`) : company;
      return { ...record, who };
    });
}

export interface TransferRequestItem {
  id: string;
  client_id: string;
  from_agent_id: string;
  to_agent_id: string;
  from_agent_name: string; // "" when the company is unknown
  to_agent_name: string;
  message: string;
  status: string;
  created_at: string;
  decided_at: string | null;
  decision_reason: string | null;
}

// Open requests first, then the decided ones, each group newest first.
export function orderTransferRequests(items: readonly TransferRequestItem[]): TransferRequestItem[] {
  return [...items].sort((a, b) => {
    const openA = a.status === 'open' ? 0 : 1;
    const openB = b.status === 'open' ? 0 : 1;
    if (openA !== openB) return openA - openB;
    return a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0;
  });
}
