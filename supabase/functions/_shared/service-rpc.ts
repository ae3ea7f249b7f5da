// The database's RPCs with the function's service key, through PostgREST with fetch: no client
// library to load, so a function boots fast and offline, and deploys unchanged to a Supabase project.

export interface Service {
  url: string;
  serviceKey: string;
}

/** SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY, which the platform (and the embedded stack) provides. */
export function serviceFromEnv(): Service {
  const url = Deno.env.get('SUPABASE_URL');
  const serviceKey = Deno.env.get('SUPABASE_SERVICE_ROLE_KEY');
  if (!url || !serviceKey)
    throw new Error('SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY must be set');
  return { url: url.replace(/\/+$/, ''), serviceKey };
}

/** An RPC answered with an error: PostgREST's code and message, for the function to map or log. */
export class RpcError extends Error {
  constructor(
    readonly rpc: string,
    readonly status: number,
    readonly code: string | undefined,
    detail: string,
  ) {
    super(`${rpc} answered ${status}${code ? ` (${code})` : ''}: ${detail}`);
    this.name = 'RpcError';
  }
}

export async function callRpc<T>(
  service: Service,
  name: string,
  args: Record<string, unknown>,
): Promise<T> {
  const response = await fetch(`${service.url}/rest/v1/rpc/${name}`, {
    method: 'POST',
    headers: {
      apikey: service.serviceKey,
      authorization: `Bearer ${service.serviceKey}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(args),
  });
  const text = await response.text();
  if (!response.ok) {
    let code: string | undefined;
    try {
      code = (JSON.parse(text) as { code?: string }).code;
    } catch (_error) {
      code = undefined;
    }
    throw new RpcError(name, response.status, code, text);
  }
  return JSON.parse(text) as T;
}
