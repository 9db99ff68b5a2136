import assert from 'node:assert/strict';
import { test } from 'node:test';
import { impersonationRows, orderTransferRequests, type ImpersonationRecord, type TransferRequestItem } from '../src/client/logic';
import { filterDirectory, type DirectoryAgent } from '../src/public/directory-logic';

const record = (id: string, started: string, extra: Partial<ImpersonationRecord> = {}): ImpersonationRecord => ({
  id,
  agent_id: 'AG-1',
  agent_user_id: 'usr_1',
  permissions: [],
  started_at: started,
  expires_at: started,
  ended_at: null,
  end_reason: null,
  ip: '127.0.0.1',
  ...extra,
});

test('the sign-in-as-client history: newest first, named by person and company', () => {
  const rows = impersonationRows(
    [record('a', '2026-11-01T09:00:00Z'), record('b', '2026-11-03T09:00:00Z', { agent_user_name: 'Wanjiru' }), record('c', '2026-11-02T09:00:00Z', { agent_id: 'AG-OLD' })],
    { agent_id: 'AG-1', name: 'Nairobi Voice' },
  );
  assert.deepEqual(
    rows.map((r) => [r.id, r.who]),
    [
      ['b', 'Wanjiru (Nairobi Voice)'],
      ['c', 'AG-OLD'],
      ['a', 'Nairobi Voice'],
    ],
  );
  assert.equal(impersonationRows([record('a', '2026-11-01T09:00:00Z')], null)[0]?.who, 'AG-1');
  const named = impersonationRows([record('d', '2026-11-04T09:00:00Z', { agent_user_name: 'Otieno (Nairobi Voice)' })], { agent_id: 'AG-1', name: 'Nairobi Voice' });
  assert.equal(named[0]?.who, 'Otieno (Nairobi Voice)');
});

test('transfer requests: open ones first, then newest first', () => {
  const item = (id: string, status: string, created: string): TransferRequestItem => ({
    id,
    client_id: 'CL',
    from_agent_id: 'A',
    to_agent_id: 'B',
    from_agent_name: 'Agent A',
    to_agent_name: 'Agent B',
    message: '',
    status,
    created_at: created,
    decided_at: null,
    decision_reason: null,
  });
  const ordered = orderTransferRequests([item('1', 'declined', '2026-11-05T00:00:00Z'), item('2', 'open', '2026-11-01T00:00:00Z'), item('3', 'approved', '2026-11-06T00:00:00Z')]);
  assert.deepEqual(
    ordered.map((r) => r.id),
    ['2', '3', '1'],
  );
});

test('the directory filter matches every word in name, town, tier or certifications', () => {
  const agents: DirectoryAgent[] = [
    { id: 'A', name: 'Nairobi Voice', town: 'Nairobi', tier: 'bronze', certifications: ['yealink'], email: '', phone: '', website: '' },
    { id: 'B', name: 'Coast PBX', town: 'Mombasa', tier: 'gold', certifications: ['3cx advanced'], email: '', phone: '', website: '' },
  ];
  assert.deepEqual(filterDirectory(agents, '').map((a) => a.id), ['A', 'B']);
  assert.deepEqual(filterDirectory(agents, 'mombasa').map((a) => a.id), ['B']);
  assert.deepEqual(filterDirectory(agents, ' nairobi  YEALINK ').map((a) => a.id), ['A']);
  assert.deepEqual(filterDirectory(agents, 'gold yealink').map((a) => a.id), []);
});
