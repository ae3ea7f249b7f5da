// pino-roll ships no types; this is the part of its build() the shell calls (README "API").
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';
  interface RollOptions {
    file: string | (() => string);
    size?: number | string;
    frequency?: number | string;
    extension?: string;
    mkdir?: boolean;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
  }
  export default function build(
    options: RollOptions,
  ): Promise<DestinationStream & NodeJS.EventEmitter & { end(): void; flushSync(): void }>;
}
