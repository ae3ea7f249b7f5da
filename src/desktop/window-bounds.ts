// The window opens where the person left it, unless that place is no longer on any screen (a laptop
// undocked from its second monitor): then it is pulled back onto the nearest one, or centred.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface WindowPlacement {
  readonly bounds: Rect;
  readonly maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 800 } as const;
export const MIN_SIZE = { width: 960, height: 600 } as const;
/** The title bar's height, and how much of it must be on a screen for the window to be reachable. */
const TITLE_BAR_HEIGHT = 40;
const GRAB = { width: 120, height: 20 } as const;

const placementSchema = z.object({
  bounds: z.object({
    x: z.number().int(),
    y: z.number().int(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
  }),
  maximized: z.boolean(),
});

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/** The top strip a person drags the window by. */
function titleBar(bounds: Rect): Rect {
  return { ...bounds, height: Math.min(bounds.height, TITLE_BAR_HEIGHT) };
}

function fitInto(bounds: Rect, area: Rect): Rect {
  const width = Math.min(Math.max(bounds.width, MIN_SIZE.width), area.width);
  const height = Math.min(Math.max(bounds.height, MIN_SIZE.height), area.height);
  const x = Math.min(Math.max(bounds.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(bounds.y, area.y), area.y + area.height - height);
  return { x, y, width, height };
}

function centredIn(area: Rect): Rect {
  const width = Math.min(DEFAULT_SIZE.width, area.width);
  const height = Math.min(DEFAULT_SIZE.height, area.height);
  return {
    x: area.x + Math.round((area.width - width) / 2),
    y: area.y + Math.round((area.height - height) / 2),
    width,
    height,
  };
}

/**
 * Where to open: the saved placement fitted into the screen that shows its title bar, or centred on
 * the primary screen when none does. `workAreas[0]` is the primary screen's work area.
 */
export function placeOnScreens(
  saved: WindowPlacement | null,
  workAreas: readonly Rect[],
): WindowPlacement {
  const primary = workAreas[0];
  if (primary === undefined) throw new Error('There is no screen to place the window on.');
  if (saved === null) return { bounds: centredIn(primary), maximized: false };
  const bar = titleBar(saved.bounds);
  const home = workAreas.find((area) => {
    const seen = overlap(bar, area);
    return (
      seen.width >= Math.min(GRAB.width, bar.width) &&
      seen.height >= Math.min(GRAB.height, bar.height)
    );
  });
  return home === undefined
    ? { bounds: centredIn(primary), maximized: saved.maximized }
    : { bounds: fitInto(saved.bounds, home), maximized: saved.maximized };
}

/** The saved placement, or null when there is none or it cannot be read (the window then centres). */
export async function loadPlacement(file: string): Promise<WindowPlacement | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const parsed = placementSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // a torn or hand-edited file only costs the remembered place
  }
}

/** Written beside and renamed over, so a crash mid-write leaves the previous placement whole. */
export async function savePlacement(file: string, placement: WindowPlacement): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  await writeFile(partial, JSON.stringify(placement));
  await rename(partial, file);
}
