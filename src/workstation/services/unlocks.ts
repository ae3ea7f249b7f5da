// unlocks:*: the admin's grants of paid assessments. Read through RLS with the session's token; grants
// and their withdrawal are the database's grant_assessment_unlock and revoke_assessment_unlock, whose
// refusals (AAL2_REQUIRED, USER_NOT_FOUND, ...) keep their codes through serverFailure.
import { z } from 'zod';
import { unlockSchema } from '../../contract/operations/unlocks.js';
import { isFailure } from '../../domain/failure.js';
import { onlineRead } from './online-call.js';
import { serverRowSchema } from './server-row.js';
import type { FeatureHandlers, ServiceContext } from './service-context.js';

const UNLOCK_COLUMNS = 'id, user_id, assessment_id, source, granted_by, created_at, revoked_at';
const unlockRowSchema = serverRowSchema(unlockSchema, { instants: ['created_at', 'revoked_at'] });

type UnlocksOperation = 'unlocks:list' | 'unlocks:grant' | 'unlocks:revoke';

export function unlocksHandlers(context: ServiceContext): FeatureHandlers<UnlocksOperation> {
  const client = context.workstation.session.client;
  return {
    // Independent reads, asked together.
    'unlocks:list': async ({ assessment_id }) => {
      const [products, unlocks] = await Promise.all([
        onlineRead(
          context,
          z.array(z.object({ id: z.string() })),
          "read the assessment's price",
          'the products',
          (signal) =>
            client
              .from('products')
              .select('id')
              .eq('kind', 'assessment')
              .eq('assessment_id', assessment_id)
              .abortSignal(signal),
        ),
        onlineRead(context, z.array(unlockRowSchema), 'read the unlocks', 'the unlocks', (signal) =>
          client
            .from('assessment_unlocks')
            .select(UNLOCK_COLUMNS)
            .eq('assessment_id', assessment_id)
            .is('revoked_at', null)
            .order('created_at')
            .abortSignal(signal),
        ),
      ]);
      if (isFailure(products)) return products;
      if (isFailure(unlocks)) return unlocks;
      return { paid: products.length > 0, unlocks };
    },
    'unlocks:grant': ({ assessment_id, user_id }) =>
      onlineRead(context, unlockRowSchema, 'grant the assessment', 'the unlock', (signal) =>
        client
          .rpc('grant_assessment_unlock', { p_user_id: user_id, p_assessment_id: assessment_id })
          .abortSignal(signal),
      ),
    'unlocks:revoke': ({ unlock_id }) =>
      onlineRead(context, unlockRowSchema, 'take the grant back', 'the unlock', (signal) =>
        client.rpc('revoke_assessment_unlock', { p_unlock_id: unlock_id }).abortSignal(signal),
      ),
  };
}
