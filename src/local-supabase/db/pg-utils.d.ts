// pg's own parameter conversion, so values sent by a statement batch reach PostgreSQL exactly as pg.query sends them.
declare module 'pg/lib/utils.js' {
  const utils: { prepareValue(value: unknown): string | Buffer | null };
  export default utils;
}
