// The manager's journeys, in one workstation signed in as the demo manager, in this order. Each
// journey opens its own view with Ctrl and the view's key, so the order only saves sign-ins.
import { describe } from 'vitest';
import { describeFloor } from './journeys/floor.js';
import { describeKpis } from './journeys/kpis.js';
import { describeLeadImport } from './journeys/lead-import.js';
import { useJourneyWorld } from './support/journey.js';

describe("the manager's workstation", () => {
  const current = useJourneyWorld();
  describeFloor(current);
  describeKpis(current);
  describeLeadImport(current);
});
