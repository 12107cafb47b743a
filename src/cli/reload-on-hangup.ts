import type { BundleSource } from '../bundle/index.js';

/** Reloads on SIGHUP (`kill -HUP <pid>`), the Unix way to tell a daemon its files changed. Returns what stops it. */
export function reloadOnHangup(
  bundles: Pick<BundleSource, 'reload'>,
  signals: Pick<NodeJS.Process, 'on' | 'off'> = process,
): () => void {
  const onHangup = () => void bundles.reload('SIGHUP');
  signals.on('SIGHUP', onHangup);
  return () => void signals.off('SIGHUP', onHangup);
}
