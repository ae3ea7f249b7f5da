// Every journey, in one file so they run one after another in one worker while the other worker runs the
// rest of the suite (a browser, a core and the stack use about half of the 2 cores; alone at the end of
// the run they left the other half idle for two minutes). The journeys share the e2e project's one stack,
// so they never run two at a time. Each describe starts its own workstation(s) and closes them after.
import { describe } from 'vitest';
import { describeAssessment } from './journeys/assessment.js';
import { describeAuthoring } from './journeys/authoring.js';
import { describeCallLogging } from './journeys/call-logging.js';
import { describeFloor } from './journeys/floor.js';
import { describeIntegrations } from './journeys/integrations.js';
import { describeKpis } from './journeys/kpis.js';
import { describeLeadImport } from './journeys/lead-import.js';
import { describeOfflineOutbox } from './journeys/offline-outbox.js';
import { describePaidAssessment } from './journeys/paid-assessment.js';
import { describePeople } from './journeys/people.js';
import { describeReassignment } from './journeys/reassignment.js';
import { describeRefusedWrite } from './journeys/refused-write.js';
import { describeSignIn } from './journeys/sign-in.js';
import { describeTeamAdmin } from './journeys/team-admin.js';
import { describeTeamFloor, type FloorDesk } from './journeys/team-floor.js';
import { describeTeamImport } from './journeys/team-import.js';
import { useJourneyWorld } from './support/journey.js';
import { useTeam } from './support/team.js';

describe('the workstation online', () => {
  // Signed out at first; these journeys run in this order.
  const current = useJourneyWorld();
  describeSignIn(current);
  describeCallLogging(current);
  describeAssessment(current);
  describePaidAssessment(current);
  describeReassignment(current);
});

describe('a floor team, each on their own workstation', () => {
  // One `talentg start` per person on the one stack, one browser context each, shared by these journeys.
  const current = useTeam<FloorDesk>(['boss', 'tc1', 'tc2']);
  describeTeamFloor(current);
  describeTeamImport(current);
  describeTeamAdmin(current);
});

describe("the manager's workstation", () => {
  // Each journey opens its own view with Ctrl and the view's key, so the order only saves sign-ins.
  const current = useJourneyWorld();
  describeFloor(current);
  describeKpis(current);
  describeLeadImport(current);
});

describe("the admin's workstation", () => {
  const current = useJourneyWorld();
  describePeople(current);
  describeAuthoring(current);
  describeIntegrations(current);
});

describe('the workstation offline', () => {
  // The network is cut under the workstation by a link the journeys control.
  const current = useJourneyWorld();
  describeOfflineOutbox(current);
  describeRefusedWrite(current);
});
