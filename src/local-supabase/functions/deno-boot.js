// Runs one edge function under Deno: the function's own Deno.serve call is redirected to a loopback port
// chosen by the OS, and one ready line on stdout tells the parent which port that is.
// Plain JavaScript read through globalThis so Node's tooling can lint it without Deno's types.
const { Deno } = globalThis;
const [entrypoint] = Deno.args;
const realServe = Deno.serve.bind(Deno);
const READY_PREFIX = 'talentg-function-ready ';

// What the Supabase edge runtime answers when a function throws instead of returning a Response.
function workerError(error) {
  console.error(error);
  return Response.json(
    { code: 'WORKER_ERROR', message: 'Function exited due to an error (please check logs)' },
    { status: 500 },
  );
}

let server;
function serveOnLoopback(handler, options) {
  if (server) throw new Error('Deno.serve was called twice; an edge function serves one handler');
  server = realServe(
    {
      ...options,
      hostname: '127.0.0.1',
      port: 0,
      onError: options.onError ?? workerError,
      onListen: ({ port }) => console.log(`${READY_PREFIX}${port}`),
    },
    handler,
  );
  return server;
}

// Deno.serve(handler) | Deno.serve(options, handler) | Deno.serve({ ...options, handler })
Deno.serve = (first, second) => {
  if (typeof first === 'function') return serveOnLoopback(first, {});
  if (typeof second === 'function') return serveOnLoopback(second, first ?? {});
  if (first && typeof first.handler === 'function') {
    const { handler, ...options } = first;
    return serveOnLoopback(handler, options);
  }
  throw new TypeError('Deno.serve needs a handler');
};

const module = await import(entrypoint);
// `export default { fetch }`, the other shape Supabase documents for edge functions.
if (!server && typeof module.default?.fetch === 'function') {
  serveOnLoopback((request, info) => module.default.fetch(request, info), {});
}
if (!server) {
  console.error(`${entrypoint} neither called Deno.serve nor exported default { fetch }`);
  Deno.exit(70);
}

// The parent holds stdin open and never writes; end of input means it is gone, so this worker must not outlive it.
const stdin = Deno.stdin.readable.getReader();
while (!(await stdin.read()).done);
Deno.exit(0);
