import type { RunningStack } from '../../src/local-supabase/stack.js';
import { createDatabaseAt, sharedClusterUrl, uniqueDatabaseName } from './pg-cluster.js';
import { startTestStack } from './stack.js';

/** A Supabase endpoint the contract suite runs against: what supabase-js needs, nothing more. */
export interface ContractTarget {
  name: string;
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  close(): Promise<void>;
}

const HOSTED_ENV = ['SUPABASE_URL', 'SUPABASE_ANON_KEY', 'SUPABASE_SERVICE_ROLE_KEY'] as const;

function fromStack(name: string, stack: RunningStack): ContractTarget {
  return {
    name,
    url: stack.url,
    anonKey: stack.anonKey,
    serviceRoleKey: stack.serviceRoleKey,
    close: () => stack.close(),
  };
}

/** The project's own migrations and demo seed, as `supabase db reset` leaves a hosted project. */
async function seededStack(db: string): Promise<RunningStack> {
  return startTestStack({ db, seed: true });
}

/**
 * A hosted project when SUPABASE_URL, SUPABASE_ANON_KEY and SUPABASE_SERVICE_ROLE_KEY are all set
 * (it must already have the migrations and seed); otherwise the embedded stack on PGlite and on the
 * run's PostgreSQL 15 cluster, whatever TALENTG_TEST_DB_URL says.
 */
export async function contractTargets(): Promise<ContractTarget[]> {
  const set = HOSTED_ENV.filter((name) => process.env[name]);
  if (set.length === HOSTED_ENV.length) {
    return [
      {
        name: 'hosted',
        url: process.env.SUPABASE_URL!,
        anonKey: process.env.SUPABASE_ANON_KEY!,
        serviceRoleKey: process.env.SUPABASE_SERVICE_ROLE_KEY!,
        close: async () => {},
      },
    ];
  }
  if (set.length > 0) {
    // Half a configuration is a mistake; running the embedded targets instead would hide it.
    const missing = HOSTED_ENV.filter((name) => !process.env[name]);
    throw new Error(
      `the contract suite targets a hosted project only when ${HOSTED_ENV.join(', ')} are all set; ` +
        `${set.join(', ')} set but ${missing.join(', ')} missing`,
    );
  }
  const clusterDb = createDatabaseAt(sharedClusterUrl(), uniqueDatabaseName('contract'));
  const [pglite, postgres] = await Promise.allSettled([
    seededStack('memory'),
    clusterDb.then(seededStack),
  ]);
  if (pglite.status === 'rejected' || postgres.status === 'rejected') {
    const started = [pglite, postgres].flatMap((result) =>
      result.status === 'fulfilled' ? [result.value] : [],
    );
    await Promise.all(started.map((stack) => stack.close()));
    throw pglite.status === 'rejected' ? pglite.reason : (postgres as PromiseRejectedResult).reason;
  }
  return [
    fromStack('embedded on PGlite', pglite.value),
    fromStack('embedded on PostgreSQL 15', postgres.value),
  ];
}
