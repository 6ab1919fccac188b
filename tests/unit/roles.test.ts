import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, ROLES, type Permission } from '../../shared/roles.js';
import { mayEdit, mayVerify } from '../../server/signings/revise.js';

describe('the role table', () => {
  const holders = (p: Permission) => [...PERMISSIONS[p]].sort();

  it('gives the staff desk what each role needs and nothing more', () => {
    expect(holders('signing:create')).toEqual(['admin', 'organizer', 'staff']);
    expect(holders('signing:edit-own')).toEqual(['admin', 'organizer', 'staff']);
    expect(holders('signing:edit-any')).toEqual(['admin', 'organizer']);
    expect(holders('signing:void')).toEqual(['admin', 'organizer']);
    expect(holders('signing:void-own')).toEqual(['admin', 'organizer', 'staff']);
    expect(holders('signing:verify')).toEqual(['admin', 'organizer', 'staff']);
    expect(holders('signing:import')).toEqual(['admin', 'organizer']);
    expect(holders('audit:read')).toEqual(['admin', 'organizer']);
    expect(holders('user:manage')).toEqual(['admin']);
    expect(holders('token:manage')).toEqual(['admin']);
  });

  it('lets organizers and admins read and acknowledge alerts, and only admins send them elsewhere', () => {
    expect(holders('alert:read')).toEqual(['admin', 'organizer']);
    expect(holders('alert:ack')).toEqual(['admin', 'organizer']);
    expect(holders('webhook:manage')).toEqual(['admin']);
  });

  it('lets screens write nothing', () => {
    const writes = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can('display', p));
    expect(writes).toEqual([]);
  });

  it('knows only the listed roles and refuses an absent one', () => {
    for (const roles of Object.values(PERMISSIONS)) for (const r of roles) expect(ROLES).toContain(r);
    expect(can(undefined, 'signing:create')).toBe(false);
  });
});

describe('ownership and the second person', () => {
  const desk1 = { kind: 'user' as const, role: 'staff' as const, name: 'desk1' };

  it('lets staff edit only their own entries, and organizers any', () => {
    expect(mayEdit(desk1, { createdBy: 'desk1' })).toBe(true);
    expect(mayEdit(desk1, { createdBy: 'desk2' })).toBe(false);
    expect(mayEdit({ kind: 'user', role: 'organizer', name: 'boss' }, { createdBy: 'desk2' })).toBe(true);
  });

  it('treats a token as nobody in particular', () => {
    expect(mayEdit({ kind: 'token', role: 'staff', name: 'desk1' }, { createdBy: 'desk1' })).toBe(false);
  });

  it('needs a draft and another person to verify', () => {
    expect(mayVerify(desk1, { createdBy: 'desk2', status: 'draft' })).toBeNull();
    expect(mayVerify(desk1, { createdBy: 'desk1', status: 'draft' })).toContain('second person');
    expect(mayVerify(desk1, { createdBy: 'desk2', status: 'published' })).toContain('not a draft');
    expect(mayVerify({ role: 'display', name: 'screen' }, { createdBy: 'x', status: 'draft' })).toContain('may not');
  });
});
