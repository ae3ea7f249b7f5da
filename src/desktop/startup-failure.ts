// What the window shows when the core cannot start: the reason, where the log is, and Retry or Quit,
// instead of a white window. A static page with no script: its two links only change the URL's
// hash, which the shell watches (did-navigate-in-page), so the page needs no bridge at all.

export interface StartupFailure {
  /** The error's own code when it has one (e.g. a cache from a newer version), else CORE_START_FAILED. */
  readonly code: string;
  readonly message: string;
  readonly logFolder: string;
}

export type FailureChoice = 'retry' | 'quit';

export function describeStartupError(error: unknown, logFolder: string): StartupFailure {
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : 'CORE_START_FAILED';
  const message = error instanceof Error ? error.message : String(error);
  return { code, message, logFolder };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function startupFailurePage({ code, message, logFolder }: StartupFailure): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>TalentG Workstation could not start</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; background: #f5f7fb; color: #1b2130; margin: 0;
         display: grid; place-items: center; min-height: 100vh; }
  main { max-width: 34rem; padding: 2rem; background: #fff; border-radius: 12px;
         box-shadow: 0 2px 12px rgb(0 0 0 / 8%); }
  h1 { font-size: 1.3rem; margin: 0 0 .75rem; }
  code { background: #eef1f6; padding: .1rem .3rem; border-radius: 4px; word-break: break-all; }
  .actions { display: flex; gap: .75rem; margin-top: 1.5rem; }
  a { padding: .5rem 1.1rem; border-radius: 8px; text-decoration: none; font-weight: 600; }
  a.primary { background: #2f5bea; color: #fff; }
  a.secondary { color: #2f5bea; border: 1px solid #c9d3f5; }
</style>
</head>
<body>
<main role="alert" data-app-state="failed">
  <h1>TalentG Workstation could not start</h1>
  <p>${escapeHtml(message)}</p>
  <p>Code <code>${escapeHtml(code)}</code>. The details are in the log in <code>${escapeHtml(logFolder)}</code>;
  send it to your IT team if this happens again.</p>
  <p>Your unsent work is kept on this computer and is sent once the workstation starts.</p>
  <div class="actions"><a class="primary" href="#retry">Try again</a><a class="secondary" href="#quit">Quit</a></div>
</main>
</body>
</html>
`;
}

/** The page as a URL the window can load without a file or a server. */
export function startupFailureUrl(failure: StartupFailure): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(startupFailurePage(failure))}`;
}

/** What the person chose on the page, read from the URL its link moved to. */
export function failureChoice(url: string): FailureChoice | null {
  if (!url.startsWith('data:text/html')) return null;
  if (url.endsWith('#retry')) return 'retry';
  if (url.endsWith('#quit')) return 'quit';
  return null;
}
