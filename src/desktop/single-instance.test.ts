import { describe, expect, it } from 'vitest';
import { coreEvent } from '../contract/events';
import { fakeInstanceLock, fakeWindow } from '../../tests/support/fake-shell';
import { leadLinkInArgv, leadLinkInbox, parseLeadLink } from './lead-links';
import { leadOpener } from './lead-opener';
import { claimSingleInstance, type InstanceApp } from './single-instance';
import { revealWindow } from './window-focus';

const LEAD = '00000000-0000-4000-8000-00000000c001';
const LINK = `talentg://lead/${LEAD}`;

function firstInstance(argv: string[], windowOpen = true) {
  const lock = fakeInstanceLock();
  const window = fakeWindow({ minimized: true });
  let live = windowOpen;
  const warnings: string[] = [];
  const links = leadLinkInbox(
    leadOpener(() => (live ? window : null)),
    (m) => void warnings.push(m),
  );
  const first = lock.launch(argv);
  const primary = claimSingleInstance({
    app: first.app as InstanceApp,
    argv,
    links,
    focus: () => void revealWindow(live ? window : null),
  });
  return {
    lock,
    window,
    warnings,
    links,
    first,
    primary,
    openWindow: () => (live = true),
  };
}

describe('lead links', () => {
  it('reads the lead id of talentg://lead/<id>, trailing slash and upper case allowed', () => {
    expect(parseLeadLink(LINK)).toEqual({ ok: true, leadId: LEAD });
    expect(
      parseLeadLink(`${LINK.toUpperCase().replace('TALENTG://LEAD', 'talentg://lead')}/`),
    ).toEqual({
      ok: true,
      leadId: LEAD,
    });
  });

  it.each([
    ['another scheme', `https://lead/${LEAD}`],
    ['the app origin', `talentg://app/${LEAD}`],
    ['no id', 'talentg://lead/'],
    ['a malformed id', 'talentg://lead/12345'],
    ['a path escape', 'talentg://lead/../../etc/passwd'],
    ['a query', `${LINK}?delete=1`],
    ['a fragment', `${LINK}#x`],
    ['credentials', `talentg://u:p@lead/${LEAD}`],
    ['an endless argument', `${LINK}/${'a'.repeat(600)}`],
    ['not text', 42],
    ['no URL', 'lead 42'],
  ])('refuses %s with INVALID_REQUEST', (_name, link) => {
    expect(parseLeadLink(link)).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
  });

  it('finds the link among the launch arguments', () => {
    expect(leadLinkInArgv(['/opt/TalentG/talentg', '--no-sandbox', LINK])).toBe(LINK);
    expect(leadLinkInArgv(['/opt/TalentG/talentg'])).toBeNull();
  });
});

describe('single instance', () => {
  it('a second launch quits, and the first comes forward with the handed-over lead open', () => {
    const { lock, window, primary } = firstInstance(['talentg']);
    expect(primary).toBe(true);
    const second = lock.launch(['talentg', LINK]);
    const secondIsPrimary = claimSingleInstance({
      app: second.app as InstanceApp,
      argv: second.app.argv,
      links: leadLinkInbox(
        () => false,
        () => undefined,
      ),
      focus: () => undefined,
    });
    expect(secondIsPrimary).toBe(false);
    expect(second.app.quitCalled).toBe(true);
    expect(window.calls).toEqual(['restore', 'focus']);
    expect(window.sent).toEqual([coreEvent('lead:open', { lead_id: LEAD })]);
  });

  it('a second launch without a link only brings the first forward', () => {
    const { lock, window } = firstInstance(['talentg']);
    lock.launch(['talentg']).app.requestSingleInstanceLock();
    expect(window.calls).toEqual(['restore', 'focus']);
    expect(window.sent).toEqual([]);
  });

  it('a handed-over link with a bad id is refused, with a warning, and only focuses', () => {
    const { lock, window, warnings } = firstInstance(['talentg']);
    lock.launch(['talentg', 'talentg://lead/not-an-id']).app.requestSingleInstanceLock();
    expect(window.sent).toEqual([]);
    expect(window.calls).toEqual(['restore', 'focus']);
    expect(warnings).toEqual(['refused a lead link: The link does not name a lead id.']);
  });

  it("macOS's open-url opens the lead and stops the default handling", () => {
    const { first, window } = firstInstance(['talentg']);
    let prevented = false;
    first.emit('open-url', { preventDefault: () => (prevented = true) }, LINK);
    expect(prevented).toBe(true);
    expect(window.sent).toEqual([coreEvent('lead:open', { lead_id: LEAD })]);
  });

  it('a cold start from a link opens the lead once the window is ready', () => {
    const { window, links, openWindow } = firstInstance(['talentg', LINK], false);
    expect(window.sent).toEqual([]);
    openWindow();
    links.windowReady();
    links.windowReady();
    expect(window.sent).toEqual([coreEvent('lead:open', { lead_id: LEAD })]);
  });
});
