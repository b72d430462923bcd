/** Starts the whole system on one machine: `pnpm dev` and the end-to-end tests. */
export { startDevStack, type DevStack, type DevStackOptions } from './start-dev-stack.js';
export { DEFAULT_PORTS, devUrls, freePort, type DevPorts, type DevStackUrls } from './topology.js';
export { devBanner, type BannerInput } from './banner.js';
