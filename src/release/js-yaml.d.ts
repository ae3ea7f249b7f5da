// The two js-yaml 4 functions the release feed uses (the package ships no types; electron-updater and
// electron-builder read and write their feeds with it, so the feed must too).
declare module 'js-yaml' {
  export interface DumpOptions {
    lineWidth?: number;
    skipInvalid?: boolean;
    noRefs?: boolean;
  }
  export function dump(value: unknown, options?: DumpOptions): string;
  export function load(text: string): unknown;
}
