// Sandboxed preload: exposes exactly one typed function; no Node, no ipcRenderer, no event objects leak.
import { contextBridge, ipcRenderer } from 'electron';
import { INVOKE_CHANNEL, type TalentgBridge } from '../../src/contract/bridge';

const bridge: TalentgBridge = {
  invoke: (op, args) => ipcRenderer.invoke(INVOKE_CHANNEL, { op, args }),
};

contextBridge.exposeInMainWorld('talentg', bridge);
