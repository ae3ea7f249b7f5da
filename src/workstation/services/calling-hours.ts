// floor:calling-hours from the cache (the last hours the sync engine read, else the default) and
// floor:set-calling-hours through set_calling_hours, whose answer this workstation's cache takes at once.
import type { CallingHoursView } from '../../contract/operations/calling-hours.js';
import { callingHoursText } from '../../domain/calling-hours.js';
import type { CallingWindow } from '../../domain/calling-window.js';
import { isFailure } from '../../domain/failure.js';
import type { CallingHours } from '../cache/index.js';
import { callingHoursRowSchema } from '../sync/wire.js';
import { onlineRead } from './online-call.js';
import { withCache, type FeatureHandlers, type ServiceContext } from './service-context.js';

function callingHoursView(window: CallingWindow, hours: CallingHours | null): CallingHoursView {
  return { window, text: callingHoursText(window), updated_at: hours?.updated_at ?? null };
}

export function callingHoursHandlers(
  context: ServiceContext,
): FeatureHandlers<'floor:calling-hours' | 'floor:set-calling-hours'> {
  const { workstation } = context;
  return {
    'floor:calling-hours': () =>
      Promise.resolve(
        withCache(workstation, (cache) =>
          callingHoursView(cache.callingWindow(), cache.callingHours()),
        ),
      ),

    'floor:set-calling-hours': async ({ start, end, days }) => {
      const hours = await onlineRead(
        context,
        callingHoursRowSchema,
        'set the calling hours',
        'the calling hours',
        (signal) =>
          workstation.session.client
            .rpc('set_calling_hours', { p_start: start, p_end: end, p_days: days })
            .abortSignal(signal),
      );
      if (isFailure(hours)) return hours;
      // The manager's own queue follows at once; every other workstation hears it through realtime.
      return withCache(workstation, (cache) => {
        cache.applyCallingHours(hours);
        return callingHoursView(cache.callingWindow(), cache.callingHours());
      });
    },
  };
}
