// electron-vite's `?asset` imports: the file is copied next to the bundle and its path is the import.
/// <reference types="electron-vite/node" />
