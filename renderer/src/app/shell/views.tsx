// The screens the shell can show, one per workspace view: where each feature's screen plugs in.
import { lazy, type ComponentType } from 'react';
import { AssessmentsView } from '../../features/assessments/AssessmentsView';
import { CallbacksView } from '../../features/callbacks/CallbacksView';
import { LeadPane } from '../../features/lead/LeadPane';
import { QueuePane } from '../../features/queue/QueuePane';
import { SyncView } from '../../features/sync/SyncView';
import type { View } from '../workspace';
import {
  AssessmentsIcon,
  AuthoringIcon,
  CallbacksIcon,
  FloorIcon,
  IntegrationsIcon,
  KpisIcon,
  LeadsIcon,
  PeopleIcon,
  QueueIcon,
  ReleasesIcon,
  SyncIcon,
} from './icons';

// Managers' and admins' screens load on first use, so a telecaller's window never pays for them.
const FloorView = lazy(() => import('../../features/floor/FloorView'));
const LeadsView = lazy(() => import('./LeadsView'));
const KpisView = lazy(() => import('../../features/kpis/KpisView'));
const PeopleView = lazy(() => import('../../features/people/PeopleView'));
const AuthoringView = lazy(() => import('../../features/assessment-authoring/AuthoringView'));
const ReleasesView = lazy(() => import('../../features/releases/ReleasesView'));
const IntegrationsView = lazy(() => import('../../features/integrations/IntegrationsView'));

export interface ViewEntry {
  readonly label: string;
  readonly Icon: ComponentType;
  /**
   * With Ctrl (⌘ on macOS) it opens the view. The digits are all taken, so a later admin view has none:
   * its tab and the command palette open it.
   */
  readonly key?: string;
  /** The feature's screen; it fills the work area. */
  readonly Screen: ComponentType;
}

/** VICIdial's agent screen: the queue beside everything for the current call. */
function CallingDesk() {
  return (
    <div className="calling-desk">
      <QueuePane />
      <LeadPane />
    </div>
  );
}

export const VIEW_ENTRIES: Readonly<Record<View, ViewEntry>> = {
  queue: { label: 'Queue', Icon: QueueIcon, key: '1', Screen: CallingDesk },
  callbacks: { label: 'Callbacks', Icon: CallbacksIcon, key: '2', Screen: CallbacksView },
  assessments: { label: 'Assessments', Icon: AssessmentsIcon, key: '3', Screen: AssessmentsView },
  sync: { label: 'Sync', Icon: SyncIcon, key: '4', Screen: SyncView },
  floor: { label: 'Floor', Icon: FloorIcon, key: '5', Screen: FloorView },
  leads: { label: 'Leads', Icon: LeadsIcon, key: '6', Screen: LeadsView },
  kpis: { label: 'KPIs', Icon: KpisIcon, key: '7', Screen: KpisView },
  people: { label: 'People', Icon: PeopleIcon, key: '8', Screen: PeopleView },
  authoring: { label: 'Authoring', Icon: AuthoringIcon, key: '9', Screen: AuthoringView },
  releases: { label: 'Releases', Icon: ReleasesIcon, key: '0', Screen: ReleasesView },
  integrations: { label: 'Integrations', Icon: IntegrationsIcon, Screen: IntegrationsView },
};
