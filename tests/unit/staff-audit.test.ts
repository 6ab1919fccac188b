import { describe, expect, it } from 'vitest';
import { auditEntry } from '../../shared/audit.js';
import { storedSigning } from '../support/server.js';

const v1 = storedSigning({ title: 'Test ground' });

describe('auditEntry', () => {
  it('lists each field that moved, with before and after, and who and why', () => {
    const v2 = { ...v1, amount: 3e9, amountCny: 3e9, version: 2, updatedAt: '2024-06-20T03:00:00.000Z' };
    const entry = auditEntry({ seq: 7, type: 'signing.updated', at: v2.updatedAt, actor: 'boss', signing: v2, previous: v1, reason: 'typo' });
    expect(entry).toEqual({
      seq: 7,
      type: 'signing.updated',
      at: '2024-06-20T03:00:00.000Z',
      actor: 'boss',
      reason: 'typo',
      signingId: 's1',
      title: 'Test ground',
      version: 2,
      changed: [
        { field: 'amount', before: 5e9, after: 3e9 },
        { field: 'amountCny', before: 5e9, after: 3e9 },
      ],
    });
  });

  it('shows a void as a status change and a creation without a diff', () => {
    const voided = { ...v1, status: 'voided' as const, version: 2 };
    expect(auditEntry({ seq: 8, type: 'signing.voided', at: 'x', actor: 'boss', signing: voided, previous: v1 }).changed).toEqual([
      { field: 'status', before: 'published', after: 'voided' },
    ]);
    const created = auditEntry({ seq: 1, type: 'signing.created', at: 'x', actor: 'desk1', signing: v1, previous: null });
    expect(created.changed).toEqual([]);
    expect(created.reason).toBeNull();
  });
});
