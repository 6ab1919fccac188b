import { z } from 'zod';
import { ROLES, TOKEN_ROLES } from './roles.js';

export const loginSchema = z
  .object({
    username: z.string().trim().min(1, 'required').max(100),
    password: z.string().min(1, 'required').max(1000),
  })
  .strict();

const scopeId = z.string().min(1).max(40);

export const tokenRequestSchema = z
  .object({
    role: z.enum(TOKEN_ROLES),
    label: z.string().trim().min(1, 'required').max(100),
    /** A device token reports only for this venue's gates (or the listed ones). */
    venueId: scopeId.optional(),
    gateIds: z.array(scopeId).min(1).max(100).optional(),
  })
  .strict()
  .refine((t) => t.role !== 'device' || t.venueId !== undefined || t.gateIds !== undefined, {
    path: ['venueId'],
    message: 'a device token needs a venueId or gateIds',
  });

export type TokenRequest = z.infer<typeof tokenRequestSchema>;

export const userRequestSchema = z
  .object({
    username: z.string().trim().regex(/^[A-Za-z0-9._-]{2,50}$/, '2-50 letters, digits, dots, dashes or underscores'),
    password: z.string().min(10, 'at least 10 characters').max(1000),
    role: z.enum(ROLES).exclude(['device', 'display']),
  })
  .strict();

/** What `GET /api/v1/auth/me` answers. */
export interface Me {
  username: string;
  role: (typeof ROLES)[number];
  csrfToken: string;
}
