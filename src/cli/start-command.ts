import type { Command } from 'commander';
import { BundleSource, fsWatchFiles, withPolicy } from '../bundle/index.js';
import { startFoyer, type RunningFoyer } from '../main.js';
import {
  createLogger,
  Metrics,
  PolicyMetrics,
  surviveUnhandledRejections,
  usageLogFor,
} from '../observability/index.js';
import { realClock } from '../time/index.js';
import { refuseDemoServices } from './demo-services.js';
import { bundleFor, meetingSettingsFor, settingsFor } from './load.js';
import { policyFor, serveCredentialsFor } from './policy-for.js';
import { logPromptWarnings } from './prompt-warnings.js';
import { reloadOnHangup } from './reload-on-hangup.js';
import { addSettingOptions } from './setting-options.js';

/** `foyer start`: answer real calls (embedded SIP and RTP, or drachtio-server and FreeSWITCH) until SIGTERM. */
export function registerStart(program: Command): void {
  const command = program
    .command('start')
    .description('answer calls: embedded SIP and RTP, or through drachtio-server (SIP) and FreeSWITCH (media)');
  addSettingOptions(command, [
    'servicesFile',
    'flowsDir',
    'promptsDir',
    'telephony',
    'sip',
    'drachtio',
    'freeswitch',
    'httpPort',
    'logLevel',
    'logFormat',
    'usageLog',
    'allowDemoServices',
    'freeswitchChecks',
    'policyUrl',
  ]).action(async (_options: unknown, command: Command) => {
    const settings = settingsFor(command);
    refuseDemoServices(settings);
    const logger = createLogger({ level: settings.logLevel, format: settings.logFormat });
    // Everything that can be wrong with the configuration fails here, before anything is opened.
    const policyServeCredentials = serveCredentialsFor(settings);
    const usage = usageLogFor(settings.usageLog, { logger });
    const metrics = new Metrics();
    surviveUnhandledRejections(logger, metrics.registry);
    const policyMetrics = new PolicyMetrics(metrics.registry);
    let bundles: BundleSource;
    let foyer: RunningFoyer;
    let policy: ReturnType<typeof policyFor>;
    try {
      policy = policyFor(settings, logger, policyMetrics);
      policyMetrics.watch(() => policy?.status());
      // A configuration that does not load stops the start; later, a reload that does not load keeps the running one.
      bundles = new BundleSource({
        load: () => withPolicy(bundleFor(settings), policy),
        logger,
        clock: realClock,
        watched: [{ file: settings.servicesFile }, { folder: settings.flowsDir }, { folder: settings.promptsDir }],
        watchFiles: fsWatchFiles(logger),
      });
      logPromptWarnings(bundles.current, logger);
      foyer = await startFoyer({
        settings,
        bundle: () => bundles.current,
        reload: (reason) => bundles.reload(reason),
        bundleStatus: () => bundles.status(),
        meetingSettings: meetingSettingsFor(settings),
        logger,
        usage,
        metrics,
        ...(policy && { policy }),
        ...(policyServeCredentials && { policyServeCredentials }),
      });
    } catch (error) {
      await usage.close?.();
      await policy?.close();
      metrics.close();
      throw error;
    }
    const stopWatching = bundles.watch();
    const stopHangup = reloadOnHangup(bundles);
    logger.info(
      { event: 'started', pid: process.pid, version: bundles.current.version },
      `Foyer running (pid ${process.pid}); reload with foyer reload or kill -HUP ${process.pid}`,
    );
    await new Promise<void>((resolve) => {
      let stopping = false;
      const onTerm = () => {
        if (stopping) {
          logger.warn({ event: 'forced_stop' }, 'second signal: stopping now');
          void foyer.stop().then(resolve);
          return;
        }
        stopping = true;
        void foyer.drain().then(resolve);
      };
      process.on('SIGTERM', onTerm);
      process.on('SIGINT', onTerm);
    });
    stopWatching();
    stopHangup();
    logger.info({ event: 'stopped' }, 'stopped');
    // drachtio-srf and drachtio-modesl keep reconnect timers alive; leave once the logs are out.
    await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
    process.exit(0);
  });
}
