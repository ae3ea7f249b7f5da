// Electron's powerMonitor as src/desktop's PowerMonitor; polling runs on a plain interval.
import { powerMonitor } from 'electron';
import type { PowerEvent, PowerMonitor } from '../../src/desktop/away-pause';

export const electronPowerMonitor: PowerMonitor = {
  on: (event: PowerEvent, listener: () => void) =>
    void powerMonitor.on(event as 'lock-screen', listener),
  off: (event: PowerEvent, listener: () => void) =>
    void powerMonitor.off(event as 'lock-screen', listener),
  getSystemIdleState: (seconds) => powerMonitor.getSystemIdleState(seconds),
};

export function every(ms: number, check: () => void): () => void {
  const timer = setInterval(check, ms);
  timer.unref();
  return () => clearInterval(timer);
}
