import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import type { AppState } from './app/session';
import { installWebBridge } from './app/web-bridge';
import './app.css';
import './ui/controls.css';

// Browser mode gets window.talentg over the web host's socket; Electron's preload has set it already.
installWebBridge();

const host = document.getElementById('root');
if (host === null) throw new Error('index.html has no #root element');

// Tests wait for this attribute instead of sleeping (STYLE.md): loading, signed-out or ready.
const showAppState = (state: AppState): void => {
  host.dataset.appState = state;
};

createRoot(host).render(
  <StrictMode>
    <App onAppState={showAppState} />
  </StrictMode>,
);
