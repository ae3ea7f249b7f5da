// Releases (admins): every installer the updater may offer, grouped by version, one row per platform;
// an admin at aal2 moves a release between channels, stages it to a share of installations, and pulls it
// with a reason or puts it back. Publishing new rows is `talentg release publish` (issue 13).
import { useState } from 'react';
import {
  PULL_REASON_MAX_CHARS,
  RELEASE_CHANNELS,
  type Release,
  type ReleaseChannel,
} from '../../../../src/contract/operations/releases';
import { StepUpNotice, useLoadPerSession } from '../../app/admin-screens';
import { useNow } from '../../app/lead-clock';
import { toast } from '../../app/toasts';
import { Dialog } from '../../ui/Dialog';
import {
  byVersion,
  PLATFORM_LABELS,
  releaseName,
  releaseState,
  shortHash,
  sizeLabel,
  STATE_LABELS,
} from './release-words';
import { useReleases } from './releases-store';
import '../../ui/screen.css';
import './releases.css';

const CHANNEL_LABELS: Readonly<Record<ReleaseChannel, string>> = {
  stable: 'Stable',
  beta: 'Beta',
  alpha: 'Alpha',
};

function AalNotice() {
  const mfa = useReleases((state) => state.mfa);
  if (mfa === null || mfa.level === 'aal2') return null;
  return <StepUpNotice what="change releases" />;
}

/**
 * The staged share as a number with its own Save: a slider would send every step it passes. Keyed by the
 * saved share, so a change from elsewhere starts it afresh.
 */
function StageInput({ release, locked }: { readonly release: Release; readonly locked: boolean }) {
  const [value, setValue] = useState(String(release.staged_percentage));
  const parsed = Number(value);
  const valid = value.trim() !== '' && Number.isInteger(parsed) && parsed >= 0 && parsed <= 100;
  const changed = valid && parsed !== release.staged_percentage;
  return (
    <form
      className="rv-stage"
      onSubmit={(event) => {
        event.preventDefault();
        if (!changed) return;
        void useReleases
          .getState()
          .update(release, { staged_percentage: parsed }, `staged to ${parsed}%`);
      }}
    >
      <input
        className="input rv-input rv-percent"
        type="number"
        min={0}
        max={100}
        step={1}
        inputMode="numeric"
        aria-label={`Staged percentage of ${releaseName(release)}`}
        aria-invalid={!valid}
        value={value}
        disabled={locked}
        onChange={(event) => setValue(event.target.value)}
      />
      <span className="rv-unit">%</span>
      {changed && (
        <button
          type="submit"
          className="button button-small"
          disabled={locked}
          aria-label={`Save staged percentage of ${releaseName(release)}`}
        >
          Save
        </button>
      )}
    </form>
  );
}

async function copyHash(release: Release): Promise<void> {
  try {
    await navigator.clipboard.writeText(release.sha512);
    toast({ tone: 'success', title: 'SHA-512 copied', body: releaseName(release) });
  } catch {
    toast({ tone: 'error', title: 'Could not copy the SHA-512', body: release.sha512 });
  }
}

interface ReleaseRowProps {
  readonly release: Release;
  readonly canChange: boolean;
  readonly now: number;
  readonly onPull: (release: Release) => void;
}

function ReleaseRow({ release, canChange, now, onPull }: ReleaseRowProps) {
  const changing = useReleases((state) => state.changing === release.id);
  const locked = !canChange || changing;
  const state = releaseState(release, now);
  const name = releaseName(release);
  return (
    <tr className="rv-row" data-release-id={release.id} data-state={state}>
      <td>
        <div className="rv-platform">
          {PLATFORM_LABELS[release.platform]} <span className="rv-arch">{release.arch}</span>
        </div>
        <div className="rv-file" title={release.file_name}>
          {release.file_name}
        </div>
      </td>
      <td>
        <select
          className="input rv-input rv-channel"
          aria-label={`Channel of ${name}`}
          value={release.channel}
          disabled={locked}
          onChange={(event) => {
            const channel = event.target.value as ReleaseChannel;
            void useReleases
              .getState()
              .update(release, { channel }, `moved to ${CHANNEL_LABELS[channel]}`);
          }}
        >
          {RELEASE_CHANNELS.map((channel) => (
            <option key={channel} value={channel}>
              {CHANNEL_LABELS[channel]}
            </option>
          ))}
        </select>
      </td>
      <td>
        <StageInput key={release.staged_percentage} release={release} locked={locked} />
      </td>
      <td>
        <span
          className="state-dot rv-state"
          data-state={state}
          title={release.pulled_reason ?? undefined}
        >
          {STATE_LABELS[state]}
        </span>
        {release.pulled_reason !== null && (
          <div className="rv-reason" title={release.pulled_reason}>
            {release.pulled_reason}
          </div>
        )}
      </td>
      <td className="rv-size">{sizeLabel(release.size_bytes)}</td>
      <td>
        <span className="rv-hash">
          <code title={release.sha512}>{shortHash(release.sha512)}</code>
          <button
            type="button"
            className="button button-small button-quiet"
            aria-label={`Copy SHA-512 of ${name}`}
            onClick={() => void copyHash(release)}
          >
            Copy
          </button>
        </span>
      </td>
      <td className="rv-actions">
        {release.pulled_at === null ? (
          <button
            type="button"
            className="button button-small button-quiet"
            disabled={locked}
            aria-label={`Pull ${name}`}
            onClick={() => onPull(release)}
          >
            Pull
          </button>
        ) : (
          <button
            type="button"
            className="button button-small button-quiet"
            disabled={locked}
            aria-label={`Unpull ${name}`}
            onClick={() =>
              void useReleases.getState().update(release, { pulled: false }, 'put back')
            }
          >
            Unpull
          </button>
        )}
      </td>
    </tr>
  );
}

function PullDialog({
  release,
  onClose,
}: {
  readonly release: Release | null;
  readonly onClose: () => void;
}) {
  const name = release === null ? '' : releaseName(release);
  return (
    <Dialog open={release !== null} onClose={onClose} label={`Pull ${name}?`} className="rv-dialog">
      {release !== null && <PullForm key={release.id} release={release} onClose={onClose} />}
    </Dialog>
  );
}

/** Keyed by the release, so each pull starts with an empty reason. */
function PullForm({
  release,
  onClose,
}: {
  readonly release: Release;
  readonly onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const name = releaseName(release);
  const trimmed = reason.trim();
  return (
    <form
      className="dialog-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (trimmed === '') return;
        void useReleases
          .getState()
          .update(release, { pulled: true, reason: trimmed }, 'pulled')
          .then((done) => {
            if (done) onClose();
          });
      }}
    >
      <h2 className="dialog-title">Pull {name}?</h2>
      <p className="dialog-lede">
        The updater stops offering it; installations that have it keep it. You can put it back
        later.
      </p>
      <label className="dialog-field">
        <span>Why</span>
        <textarea
          className="input rv-input rv-textarea"
          value={reason}
          maxLength={PULL_REASON_MAX_CHARS}
          rows={3}
          autoFocus
          placeholder="Crashes on start on Windows 10"
          onChange={(event) => setReason(event.target.value)}
        />
      </label>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button-danger" disabled={trimmed === ''}>
          Pull
        </button>
      </div>
    </form>
  );
}

function EmptyReleases() {
  return (
    <div className="rv-empty-state">
      <h3>No releases yet</h3>
      <p>
        <code>talentg release publish</code> uploads a signed installer and records it here, one row
        per platform. Then you stage it, move it between channels, or pull it.
      </p>
    </div>
  );
}

const load = () => void useReleases.getState().load();

export default function ReleasesView() {
  const releases = useReleases((state) => state.releases);
  const error = useReleases((state) => state.error);
  const canChange = useReleases((state) => state.mfa?.level === 'aal2');
  const now = useNow(30_000);
  const [pulling, setPulling] = useState<Release | null>(null);

  useLoadPerSession(load);

  return (
    <section className="screen" aria-labelledby="rv-title">
      <header className="screen-header">
        <h2 id="rv-title" className="screen-title">
          Releases {releases !== null && <span className="screen-count">{releases.length}</span>}
        </h2>
        <button type="button" className="button button-small" onClick={load}>
          Refresh
        </button>
      </header>
      <AalNotice />
      <div className="screen-scroll">
        {error !== null ? (
          <p className="rv-empty" role="alert">
            {error.code === 'OFFLINE'
              ? 'Releases are kept on the server: they show here when you are back online.'
              : error.message}
          </p>
        ) : releases === null ? null : releases.length === 0 ? (
          <EmptyReleases />
        ) : (
          <table className="screen-table rv-table" aria-label="Releases">
            <thead>
              <tr>
                <th scope="col">Platform</th>
                <th scope="col">Channel</th>
                <th scope="col">Staged</th>
                <th scope="col">State</th>
                <th scope="col">Size</th>
                <th scope="col">SHA-512</th>
                <th scope="col">
                  <span className="rv-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            {byVersion(releases).map((group) => (
              <tbody key={group.version} className="rv-group" data-version={group.version}>
                <tr className="rv-version">
                  <th scope="rowgroup" colSpan={7}>
                    {group.version}
                  </th>
                </tr>
                {group.releases.map((release) => (
                  <ReleaseRow
                    key={release.id}
                    release={release}
                    canChange={canChange}
                    now={now}
                    onPull={setPulling}
                  />
                ))}
              </tbody>
            ))}
          </table>
        )}
      </div>
      <PullDialog release={pulling} onClose={() => setPulling(null)} />
    </section>
  );
}
