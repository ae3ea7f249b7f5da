// Sandboxed preload: exposes invoke and an event subscription; no Node, no ipcRenderer, no event objects leak.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type TalentgBridge } from '../../src/contract/bridge';

const bridge: TalentgBridge = {
  invoke: (op, args) => ipcRenderer.invoke(INVOKE_CHANNEL, { op, args }),
  // Only the message crosses: the renderer never sees the IpcRendererEvent (it carries the sender).
  onEvent: (listener) => {
    const forward = (_event: IpcRendererEvent, message: unknown) => listener(message);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.off(EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('talentg', bridge);
