import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlacement, placeOnScreens, savePlacement } from './window-bounds';

const LAPTOP = { x: 0, y: 0, width: 1920, height: 1040 };
const MONITOR = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('window placement', () => {
  it('keeps a placement that is on a screen', () => {
    const saved = { bounds: { x: 2100, y: 100, width: 1400, height: 900 }, maximized: true };
    expect(placeOnScreens(saved, [LAPTOP, MONITOR])).toEqual(saved);
  });

  it('centres on the primary screen a window left on a monitor that is gone', () => {
    const saved = { bounds: { x: 2100, y: 100, width: 1400, height: 900 }, maximized: false };
    expect(placeOnScreens(saved, [LAPTOP])).toEqual({
      bounds: { x: 320, y: 120, width: 1280, height: 800 },
      maximized: false,
    });
  });

  it('pulls a window hanging off the edge back in, and shrinks it to a smaller screen', () => {
    const saved = { bounds: { x: 1700, y: -10, width: 2400, height: 1300 }, maximized: false };
    expect(placeOnScreens(saved, [LAPTOP]).bounds).toEqual({
      x: 0,
      y: 0,
      width: 1920,
      height: 1040,
    });
  });

  it('centres a window whose title bar is off every screen, though a corner shows', () => {
    const saved = { bounds: { x: 100, y: -780, width: 1280, height: 800 }, maximized: false };
    expect(placeOnScreens(saved, [LAPTOP]).bounds).toEqual({
      x: 320,
      y: 120,
      width: 1280,
      height: 800,
    });
  });

  it('opens centred the first time', () => {
    expect(placeOnScreens(null, [MONITOR]).bounds).toEqual({
      x: 2560,
      y: 300,
      width: 1280,
      height: 800,
    });
  });
});

describe('placement file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'talentg-bounds-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips a placement', async () => {
    const file = join(dir, 'state', 'window.json');
    const placement = { bounds: { x: 10, y: 20, width: 1300, height: 820 }, maximized: true };
    await savePlacement(file, placement);
    expect(await loadPlacement(file)).toEqual(placement);
  });

  it('answers null for a missing, torn or foreign file', async () => {
    expect(await loadPlacement(join(dir, 'none.json'))).toBeNull();
    writeFileSync(join(dir, 'torn.json'), '{"bounds":{"x":1');
    expect(await loadPlacement(join(dir, 'torn.json'))).toBeNull();
    writeFileSync(join(dir, 'odd.json'), JSON.stringify({ bounds: { x: 'left' }, maximized: 1 }));
    expect(await loadPlacement(join(dir, 'odd.json'))).toBeNull();
  });
});
