/**
 * Who may do what: the one table every route checks (docs/API.md prints it).
 * People log in as admin, organizer or staff; devices and screens use tokens.
 */
export const ROLES = ['admin', 'organizer', 'staff', 'device', 'display'] as const;
export type Role = (typeof ROLES)[number];

/** Roles a token can be issued for (admins are people with passwords). */
export const TOKEN_ROLES = ['organizer', 'staff', 'device', 'display'] as const satisfies readonly Role[];
export type TokenRole = (typeof TOKEN_ROLES)[number];

export const PERMISSIONS = {
  'signing:create': ['admin', 'organizer', 'staff'],
  'signing:read-all': ['admin', 'organizer', 'staff'],
  /** Edit a signing one entered oneself; `signing:edit-any` lifts the restriction. */
  'signing:edit-own': ['admin', 'organizer', 'staff'],
  'signing:edit-any': ['admin', 'organizer'],
  'signing:void': ['admin', 'organizer'],
  /** Void a signing one entered oneself, within the event's `staffVoidMinutes`; `signing:void` lifts both limits. */
  'signing:void-own': ['admin', 'organizer', 'staff'],
  /** Confirm another person's draft when the event requires verification. */
  'signing:verify': ['admin', 'organizer', 'staff'],
  'signing:import': ['admin', 'organizer'],
  'signing:export': ['admin', 'organizer', 'staff'],
  'audit:read': ['admin', 'organizer'],
  /** Gate counts and badge scans, for the token's own gates only. */
  'attendance:report': ['device'],
  /** Set a gate's entries and exits for one hour, with a reason the audit log keeps. */
  'attendance:correct': ['admin'],
  /** The organizer console: filtered figures, time travel, reports. */
  'organizer:read': ['admin', 'organizer'],
  /** Edit the event (venues, areas, hours, targets, rates), import exhibitors, archive and compare editions. */
  'event:manage': ['admin', 'organizer'],
  /** Send profiles, announcements and commands to the screens. */
  'fleet:manage': ['admin', 'organizer'],
  /** End the rehearsal and go live with clean figures. */
  'rehearsal:manage': ['admin'],
  /** The alerts and the operations board. */
  'alert:read': ['admin', 'organizer'],
  'alert:ack': ['admin', 'organizer'],
  /** Where alerts are sent (chat robots, status tools). */
  'webhook:manage': ['admin'],
  /** Prepare and run signing ceremonies; staff only when an admin grants it (docs/CEREMONIES.md). */
  'ceremony:run': ['admin', 'organizer'],
  'token:manage': ['admin'],
  'user:manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | undefined, permission: Permission): boolean {
  return role !== undefined && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
