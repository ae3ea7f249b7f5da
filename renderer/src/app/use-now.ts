// A clock for ages on screen ("oldest 4m"): re-renders the caller every `intervalMs`.
import { useEffect, useState } from 'react';

export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const tick = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(tick);
  }, [intervalMs]);
  return now;
}
