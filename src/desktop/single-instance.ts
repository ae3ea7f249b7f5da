// One copy of the app per person: a second would open a second writer on the same local cache. A second
// launch hands its arguments (a lead link) to the first and quits; the first comes forward.
import { leadLinkInArgv, type LeadLinkInbox } from './lead-links';

/** The parts of Electron's app this needs. */
export interface InstanceApp {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): void;
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): void;
}

export interface SingleInstanceDeps {
  readonly app: InstanceApp;
  /** This process's own argv: a cold start from a link on Windows or Linux. */
  readonly argv: readonly string[];
  readonly links: LeadLinkInbox;
  /** Brings the window forward (there may be no link to open). */
  readonly focus: () => void;
}

/** Answers false (and quits) when another instance holds the lock; that one receives our argv. */
export function claimSingleInstance({ app, argv, links, focus }: SingleInstanceDeps): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, secondArgv) => {
    const link = leadLinkInArgv(secondArgv);
    // A refused link still brings the window forward: the person asked for the app.
    if (link === null || links.receive(link) !== null) focus();
  });
  // macOS delivers links as an event, before and after the app is ready.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    if (links.receive(url) !== null) focus();
  });
  const coldLink = leadLinkInArgv(argv);
  if (coldLink !== null) links.receive(coldLink);
  return true;
}
