// The screens the shell can show, one per workspace view: where each feature's screen plugs in.
import type { ComponentType } from 'react';
import { AssessmentsView } from '../../features/assessments/AssessmentsView';
import { CallbacksView } from '../../features/callbacks/CallbacksView';
import { LeadPane } from '../../features/lead/LeadPane';
import { QueuePane } from '../../features/queue/QueuePane';
import { SyncView } from '../../features/sync/SyncView';
import type { View } from '../workspace';
import { AssessmentsIcon, CallbacksIcon, QueueIcon, SyncIcon } from './icons';

export interface ViewEntry {
  readonly label: string;
  readonly Icon: ComponentType;
  /** With Ctrl (⌘ on macOS) it opens the view. */
  readonly key: string;
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
};
