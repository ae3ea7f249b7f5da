// The admin's journeys, in one workstation signed in as the demo admin, in this order.
import { describe } from 'vitest';
import { describeAuthoring } from './journeys/authoring.js';
import { describeIntegrations } from './journeys/integrations.js';
import { describePeople } from './journeys/people.js';
import { useJourneyWorld } from './support/journey.js';

describe("the admin's workstation", () => {
  const current = useJourneyWorld();
  describePeople(current);
  describeAuthoring(current);
  describeIntegrations(current);
});
