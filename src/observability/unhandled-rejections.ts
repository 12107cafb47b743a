import { Counter, type Registry } from 'prom-client';
import type { Logger } from './logger.js';

/**
 * Keeps a serving process alive through a promise rejection nobody handled. Node 20 ends the
 * process on one, and with it every call in progress; libraries do leave some. Seen here under
 * load: drachtio-fsmrf's timeout for FreeSWITCH's event-socket connection sends BYE with
 * `dialog.destroy()` and no callback, on a dialog drachtio-server may already have dropped
 * (`ENODIALOG`). Each one is logged with its stack and counted
 * (`foyer_unhandled_rejections_total`), and the process goes on. Returns the undo.
 */
export function surviveUnhandledRejections(logger: Logger, registry: Registry): () => void {
  const counter = new Counter({
    name: 'foyer_unhandled_rejections_total',
    help: 'Promise rejections no code handled (logged; the process goes on)',
    registers: [registry],
  });
  const onRejection = (reason: unknown): void => {
    counter.inc();
    logger.error(
      { event: 'unhandled_rejection', err: reason },
      'a promise rejection was not handled (most often a library cleaning up a call that had gone); calls go on',
    );
  };
  process.on('unhandledRejection', onRejection);
  return () => process.off('unhandledRejection', onRejection);
}
