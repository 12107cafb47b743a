/**
 * `foyer start` was about to answer real calls with the embedded demo services (rooms with PIN
 * 1234, which anyone who reads the docs knows). Give your own services file, or say that a trial
 * with the demo is meant (`--allow-demo-services`).
 */
export class DemoServicesError extends Error {
  constructor(file: string) {
    super(
      `the services file ${file} is the embedded demo (rooms with PIN 1234): real callers would reach them. ` +
        'Give your own with --services, FOYER_SERVICES or config key services; ' +
        'for a trial, allow the demo with --allow-demo-services (FOYER_ALLOW_DEMO_SERVICES=true, config key allow_demo_services: true)',
    );
    this.name = 'DemoServicesError';
  }
}
