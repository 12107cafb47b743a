import type { Command } from 'commander';
import { BundleSource, fsWatchFiles, withPolicy } from '../bundle/index.js';
import { startFoyer } from '../main.js';
import { createLogger, Metrics, PolicyMetrics, usageLogFor } from '../observability/index.js';
import { realClock } from '../time/index.js';
import { bundleFor, meetingSettingsFor, settingsFor } from './load.js';
import { policyFor, serveCredentialsFor } from './policy-for.js';
import { reloadOnHangup } from './reload-on-hangup.js';

/** `foyer start`: answer real calls through drachtio-server and FreeSWITCH until SIGTERM. */
export function registerStart(program: Command): void {
  program
    .command('start')
    .description('answer calls through drachtio-server (SIP) and FreeSWITCH (media)')
    .option('--services <file>', 'services file; also FOYER_SERVICES')
    .option('--flows <dir>', 'flows folder; also FOYER_FLOWS')
    .option('--prompts <dir>', 'prompts folder; also FOYER_PROMPTS')
    .option('--drachtio <host:port:secret>', 'drachtio-server admin port; also FOYER_DRACHTIO')
    .option('--freeswitch <host:port:secret>', 'FreeSWITCH event socket; also FOYER_FREESWITCH')
    .option('--http-port <port>', 'port of /health; also FOYER_HTTP_PORT')
    .option('--log-level <level>', 'application log level; also FOYER_LOG_LEVEL')
    .option('--usage-log <target>', 'usage log: stdout or a file; also FOYER_USAGE_LOG')
    .option('--policy-url <url>', 'external policy server asked for every call; also FOYER_POLICY_URL')
    .action(async (_options: unknown, command: Command) => {
      const settings = settingsFor(command);
      const logger = createLogger({ level: settings.logLevel });
      const metrics = new Metrics();
      const policyMetrics = new PolicyMetrics(metrics.registry);
      const policy = policyFor(settings, logger, policyMetrics);
      policyMetrics.watch(() => policy?.status());
      const policyServeCredentials = serveCredentialsFor(settings);
      // A configuration that does not load stops the start; later, a reload that does not load keeps the running one.
      const bundles = new BundleSource({
        load: () => withPolicy(bundleFor(settings), policy),
        logger,
        clock: realClock,
        watched: [{ file: settings.servicesFile }, { folder: settings.flowsDir }, { folder: settings.promptsDir }],
        watchFiles: fsWatchFiles(logger),
      });
      const stopWatching = bundles.watch();
      const stopHangup = reloadOnHangup(bundles);
      const foyer = await startFoyer({
        settings,
        bundle: () => bundles.current,
        reload: (reason) => bundles.reload(reason),
        bundleStatus: () => bundles.status(),
        meetingSettings: meetingSettingsFor(settings),
        logger,
        usage: usageLogFor(settings.usageLog),
        metrics,
        ...(policy && { policy }),
        ...(policyServeCredentials && { policyServeCredentials }),
      });
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
