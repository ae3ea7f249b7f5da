// What the renderer costs to load: its JavaScript as the build writes it, gzipped (level 9), against
// the same JavaScript minified (what turning on the build's minifier would ship).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { minify } from 'vite';
import { round, type Benchmark } from './metric.js';
import { builtRenderer } from './renderer-world.js';

const KB = 1024;

export const rendererBundleSize: Benchmark = {
  name: 'renderer_js_gzip_kb',
  async run({ log }) {
    const assets = path.join(await builtRenderer(log), 'assets');
    const files = (await readdir(assets)).filter((name) => name.endsWith('.js')).sort();
    if (files.length === 0) throw new Error(`the build wrote no JavaScript into ${assets}`);
    let raw = 0;
    let gzipped = 0;
    let minifiedGzipped = 0;
    let lines = 0;
    const perFile: Record<string, string> = {};
    for (const name of files) {
      const body = await readFile(path.join(assets, name));
      const size = gzipSync(body, { level: 9 }).length;
      raw += body.length;
      gzipped += size;
      const minified = await minify(name, body.toString('utf8'), { compress: true, mangle: true });
      minifiedGzipped += gzipSync(minified.code, { level: 9 }).length;
      lines += body.toString('utf8').split('\n').length;
      perFile[`file ${name}`] = `${round(body.length / KB)} KB raw, ${round(size / KB)} KB gzip`;
    }
    let css = 0;
    for (const name of (await readdir(assets)).filter((file) => file.endsWith('.css'))) {
      css += gzipSync(await readFile(path.join(assets, name)), { level: 9 }).length;
    }
    return {
      value: round(gzipped / KB),
      unit: 'KB',
      target: 400,
      baseline: round(minifiedGzipped / KB),
      details: {
        ratio_to_minified: round(gzipped / minifiedGzipped),
        raw_kb: round(raw / KB),
        files: files.length,
        // A minified bundle runs to few, very long lines; thousands of lines mean it is not minified.
        lines,
        css_gzip_kb: round(css / KB),
        ...perFile,
        method:
          'electron-vite build of the working tree into a private directory; the sum over renderer/assets/*.js of zlib gzip level 9 (1 KB = 1024 bytes). ' +
          "Baseline: the same files minified by vite's minify (oxc, compress + mangle), gzipped alike.",
      },
    };
  },
};
