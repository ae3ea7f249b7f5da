import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BOOT_SCRIPT = fileURLToPath(new URL('./deno-boot.js', import.meta.url));
// Must match deno-boot.js.
const READY_PREFIX = 'talentg-function-ready ';
const STOP_GRACE_MS = 2000;

/** The Deno binary the `deno` npm package installed (its bin.cjs wrapper would add a Node process per worker). */
export function denoBinary(): string {
  const packageDir = path.dirname(createRequire(import.meta.url).resolve('deno/package.json'));
  const binary = path.join(packageDir, process.platform === 'win32' ? 'deno.exe' : 'deno');
  if (!existsSync(binary)) {
    throw new Error(
      `the deno npm package has no binary at ${binary}; reinstall it (npm rebuild deno)`,
    );
  }
  return binary;
}

/** A function whose process exited or timed out before it listened: the edge runtime's BOOT_ERROR. */
export class FunctionBootError extends Error {
  constructor(
    readonly functionName: string,
    readonly detail: string,
  ) {
    super(`function ${functionName} failed to boot: ${detail}`);
    this.name = 'FunctionBootError';
  }
}

export interface DenoWorker {
  name: string;
  pid: number;
  port: number;
  /** Milliseconds from spawn to the ready line. */
  bootMs: number;
}

export interface FunctionSource {
  name: string;
  /** Absolute path of the entry module (index.ts). */
  entrypoint: string;
}

export interface DenoWorkersOptions {
  /** Environment the functions see (and nothing else of this process's environment). */
  env: () => Record<string, string>;
  /** Hosts the functions may reach besides 127.0.0.1, e.g. the stack's own host. */
  allowNet: () => string[];
  denoPath?: string;
  bootTimeoutMs?: number;
  log?: (name: string, line: string) => void;
}

interface Running {
  worker: DenoWorker;
  child: ChildProcess;
}

/**
 * One Deno process per edge function, started on the first call and reused after; a process that has
 * exited is replaced on the next call. Functions get only the permissions `supabase functions serve` gives
 * in spirit: loopback network, their env, and read access to the functions folder (theirs and _shared).
 */
export class DenoWorkers {
  private readonly running = new Map<string, Running>();
  private readonly booting = new Map<string, Promise<Running>>();
  private readonly children = new Set<ChildProcess>();
  private closed = false;

  constructor(private readonly options: DenoWorkersOptions) {}

  async get(source: FunctionSource): Promise<DenoWorker> {
    const live = this.running.get(source.name);
    if (live && live.child.exitCode === null && live.child.signalCode === null) return live.worker;
    let boot = this.booting.get(source.name);
    if (!boot) {
      boot = this.start(source).finally(() => this.booting.delete(source.name));
      this.booting.set(source.name, boot);
    }
    return (await boot).worker;
  }

  /** The live worker of a function, if any (for status and tests). */
  peek(name: string): DenoWorker | undefined {
    return this.running.get(name)?.worker;
  }

  private log(name: string, line: string): void {
    if (this.options.log) this.options.log(name, line);
    else process.stderr.write(`[functions:${name}] ${line}\n`);
  }

  private start(source: FunctionSource): Promise<Running> {
    if (this.closed) return Promise.reject(new Error('functions service is closed'));
    const started = performance.now();
    const net = ['127.0.0.1', ...this.options.allowNet()].join(',');
    const child = spawn(
      this.options.denoPath ?? denoBinary(),
      [
        'run',
        '--no-lock',
        `--allow-net=${net}`,
        '--allow-env',
        // The whole functions folder, so `../_shared/*.ts` loads as the CLI bundles it.
        `--allow-read=${path.dirname(path.dirname(source.entrypoint))}`,
        // `npm:` specifiers of a function's deno.json resolve from the repository's node_modules, offline.
        '--node-modules-dir=manual',
        '--no-prompt',
        BOOT_SCRIPT,
        pathToFileURL(source.entrypoint).href,
      ],
      {
        cwd: path.dirname(source.entrypoint),
        env: {
          DENO_DIR: process.env.DENO_DIR ?? path.join(tmpdir(), 'talentg-deno-cache'),
          NO_COLOR: '1',
          ...(process.platform === 'win32' && { SYSTEMROOT: process.env.SYSTEMROOT ?? '' }),
          ...this.options.env(),
        },
        // stdin stays open so the worker can notice (EOF) when this process dies without stopping it.
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    this.children.add(child);
    const stderrTail: string[] = [];
    createInterface({ input: child.stderr! }).on('line', (line) => {
      stderrTail.push(line);
      if (stderrTail.length > 20) stderrTail.shift();
      this.log(source.name, line);
    });

    return new Promise<Running>((resolve, reject) => {
      let ready = false;
      const fail = (detail: string) => {
        if (ready) return;
        ready = true;
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new FunctionBootError(source.name, detail));
      };
      const timer = setTimeout(
        () => fail(`no ready line within ${this.options.bootTimeoutMs ?? 30_000} ms`),
        this.options.bootTimeoutMs ?? 30_000,
      );
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (!ready && line.startsWith(READY_PREFIX)) {
          ready = true;
          clearTimeout(timer);
          const worker: DenoWorker = {
            name: source.name,
            pid: child.pid ?? -1,
            port: Number(line.slice(READY_PREFIX.length)),
            bootMs: Math.round(performance.now() - started),
          };
          const running = { worker, child };
          this.running.set(source.name, running);
          resolve(running);
          return;
        }
        this.log(source.name, line);
      });
      child.on('error', (error) => fail(error.message));
      child.on('exit', (code, signal) => {
        this.children.delete(child);
        if (this.running.get(source.name)?.child === child) this.running.delete(source.name);
        fail(
          `${signal ? `killed by ${signal}` : `exited with code ${code}`}${stderrTail.length ? `: ${stderrTail.join('\n')}` : ''}`,
        );
      });
    });
  }

  /** Stops every worker: SIGTERM, then SIGKILL for any still alive after a grace period. */
  async stopAll(): Promise<void> {
    this.closed = true;
    const children = [...this.children];
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
            child.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    this.running.clear();
  }
}
