// Journeys with several people at once: one `talentg start` per person on the one stack, one browser
// context each, shared by every journey of this file so processes start once.
import { describe } from 'vitest';
import { describeTeamAdmin } from './journeys/team-admin.js';
import { describeTeamFloor, type FloorDesk } from './journeys/team-floor.js';
import { describeTeamImport } from './journeys/team-import.js';
import { useTeam } from './support/team.js';

describe('a floor team, each on their own workstation', () => {
  const current = useTeam<FloorDesk>(['boss', 'tc1', 'tc2']);
  describeTeamFloor(current);
  describeTeamImport(current);
  describeTeamAdmin(current);
});
