// releases:*: the admin's Releases screen (issue 12). Online only. Rows are read through RLS (admins see
// drafts too); a change is an update the database allows only to an admin at aal2 (migration admin_aal2),
// so an admin at aal1 or anyone else is refused FORBIDDEN. Publishing new rows is issue 13's CLI.
import { z } from 'zod';
import { idSchema, instantSchema, noArgsSchema } from '../wire-types';
import type { OperationGroup } from './spec';

export const RELEASE_CHANNELS = ['stable', 'beta', 'alpha'] as const;
export const releaseChannelSchema = z.enum(RELEASE_CHANNELS);
export type ReleaseChannel = z.infer<typeof releaseChannelSchema>;

/** The database's limit on a pull's reason (releases_pulled_check). */
export const PULL_REASON_MAX_CHARS = 500;

export const releaseSchema = z.object({
  id: idSchema,
  version: z.string(),
  channel: releaseChannelSchema,
  platform: z.enum(['win32', 'darwin', 'linux']),
  arch: z.enum(['x64', 'arm64', 'ia32', 'universal']),
  file_name: z.string(),
  url: z.string(),
  /** electron-updater's base64 sha512, or hex. */
  sha512: z.string(),
  size_bytes: z.number().int().positive(),
  /** Share of installations offered this release. */
  staged_percentage: z.number().int().min(0).max(100),
  notes: z.string(),
  /** Null for a draft; a future time for a scheduled release. */
  published_at: instantSchema.nullable(),
  /** Set while the release is withdrawn from the update feed, with why. */
  pulled_at: instantSchema.nullable(),
  pulled_reason: z.string().nullable(),
  updated_at: instantSchema,
});
export type Release = z.infer<typeof releaseSchema>;

export const releaseUpdateArgsSchema = z
  .strictObject({
    id: idSchema,
    channel: releaseChannelSchema.optional(),
    staged_percentage: z.number().int().min(0).max(100).optional(),
    /** true withdraws the release (a reason is needed), false puts it back. */
    pulled: z.boolean().optional(),
    reason: z.string().trim().min(1).max(PULL_REASON_MAX_CHARS).optional(),
    notes: z.string().max(10_000).optional(),
  })
  .refine((args) => args.pulled !== true || args.reason !== undefined, {
    message: 'Say why the release is pulled.',
    path: ['reason'],
  })
  .refine((args) => args.reason === undefined || args.pulled === true, {
    message: 'A reason goes with pulling a release.',
    path: ['reason'],
  });

export const releasesOperations = {
  /** Every release the caller may see (admins: all, drafts too), newest version first. */
  'releases:list': { args: noArgsSchema, result: z.object({ releases: z.array(releaseSchema) }) },
  /**
   * Changes a release's channel, stage, notes or pulled state and, unless only the notes changed, rewrites
   * the update feeds at the releases bucket's root; answers the changed row.
   */
  'releases:update': { args: releaseUpdateArgsSchema, result: releaseSchema },
} as const satisfies OperationGroup;
