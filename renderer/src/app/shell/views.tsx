// The screens the shell can show, one per workspace view: where each feature's screen plugs in.
import type { ComponentType } from 'react';
import { SyncView } from '../../features/sync/SyncView';
import type { View } from '../workspace';
import { AssessmentsIcon, CallbacksIcon, QueueIcon, SyncIcon } from './icons';
import { ScreenNotReady } from './ScreenNotReady';

export interface ViewEntry {
  readonly label: string;
  readonly Icon: ComponentType;
  /** With Ctrl (⌘ on macOS) it opens the view. */
  readonly key: string;
  /** The feature's screen; it fills the work area. */
  readonly Screen: ComponentType;
}

export const VIEW_ENTRIES: Readonly<Record<View, ViewEntry>> = {
  queue: {
    label: 'Queue',
    Icon: QueueIcon,
    key: '1',
    Screen: () => <ScreenNotReady title="Queue" />,
  },
  callbacks: {
    label: 'Callbacks',
    Icon: CallbacksIcon,
    key: '2',
    Screen: () => <ScreenNotReady title="Callbacks" />,
  },
  assessments: {
    label: 'Assessments',
    Icon: AssessmentsIcon,
    key: '3',
    Screen: () => <ScreenNotReady title="Assessments" />,
  },
  sync: { label: 'Sync', Icon: SyncIcon, key: '4', Screen: SyncView },
};
