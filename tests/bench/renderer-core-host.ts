// The workstation core behind the web host, in its own process as Electron's main process holds it,
// for the renderer benchmarks: `node --import tsx renderer-core-host.ts <data dir> <renderer dir>`
// with SUPABASE_URL and SUPABASE_ANON_KEY set. A core busy answering the page never stalls the
// benchmark's own process (Playwright's client), and the page talks to it over a real socket.
//
// stdout, one JSON object a line: first {"url", "openMs"} once the page may be opened, then
// {"committed": [lead ids], "atWallMs"} after each local commit of a call. SIGTERM closes it.
import { startWebHost } from '../../src/web-host/web-host.js';
import { hostCore } from '../../src/workstation/host-core.js';
import { Workstation } from '../../src/workstation/workstation.js';
import { wallClockMs } from './metric.js';

const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

async function main(): Promise<void> {
  const [dataDir, rendererDir] = process.argv.slice(2);
  const url = process.env.SUPABASE_URL;
  const anonKey = process.env.SUPABASE_ANON_KEY;
  if (!dataDir || !rendererDir || !url || !anonKey) {
    throw new Error('usage: SUPABASE_URL=… SUPABASE_ANON_KEY=… renderer-core-host.ts <data dir> <renderer dir>');
  }
  const started = performance.now();
  const workstation = await Workstation.open({ dataDir, url, anonKey });
  if (workstation.session.currentUser() === null) {
    await workstation.close();
    throw new Error(`no session in ${dataDir}: the app would open signed out`);
  }
  workstation.onCacheChanged((change) => {
    if (change.origin === 'local' && change.tables.includes('interactions')) {
      say({ committed: change.lead_ids ?? [], atWallMs: wallClockMs() });
    }
  });
  const core = hostCore(workstation);
  const web = await startWebHost({ core, rendererDir, port: 0, log: () => undefined });
  say({ url: web.url, openMs: performance.now() - started });

  process.once('SIGTERM', () => {
    void (async () => {
      await web.close();
      await core.close();
      process.exit(0);
    })();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
