import { describe, expect, it } from 'vitest';
import { parseMediaServers, resolveSettings } from '../../src/config/index.js';
import { tempFile } from '../helpers/files.js';

describe('the freeswitch setting: a pool of media servers', () => {
  it('one server, as always: host:port:secret, in the default location, with no limit', () => {
    expect(parseMediaServers('127.0.0.1:8021:ClueCon', 'FOYER_FREESWITCH')).toEqual([
      { host: '127.0.0.1', port: 8021, secret: 'ClueCon', location: 'default' },
    ]);
  });

  it('several, each with an optional @location and /capacity; a secret may hold : and @', () => {
    expect(
      parseMediaServers(
        '10.0.0.5:8021:secret@london/200, 10.0.0.6:8021:se:cr@et@london,10.1.0.5:8021:secret@newyork',
        'FOYER_FREESWITCH',
      ),
    ).toEqual([
      { host: '10.0.0.5', port: 8021, secret: 'secret', location: 'london', capacity: 200 },
      { host: '10.0.0.6', port: 8021, secret: 'se:cr@et', location: 'london' },
      { host: '10.1.0.5', port: 8021, secret: 'secret', location: 'newyork' },
    ]);
  });

  it('a wrong entry is refused at start-up naming the variable and the entry, never its secret', () => {
    expect(() => resolveSettings({ env: { FOYER_FREESWITCH: '10.0.0.5:8021:s3cret,10.0.0.6:secret' } })).toThrow(
      /^FOYER_FREESWITCH=10\.0\.0\.5:8021:…: "10\.0\.0\.6:secret" must be host:port:secret\[@location\]\[\/capacity\]/,
    );
    expect(() => resolveSettings({ env: { FOYER_FREESWITCH: 'b:1:x,a:8021:s3cret/0' } })).toThrow(
      /"a:8021:…\/0" must have a capacity of at least 1 call/,
    );
    expect(() => resolveSettings({ env: { FOYER_FREESWITCH: 'a:8021:x@l,a:8021:y@m' } })).toThrow(
      /must name each FreeSWITCH once \(a:8021 is named twice\)/,
    );
    expect(() => resolveSettings({ env: { FOYER_FREESWITCH: 'a:8021:s3cret@x,b:1:y' } })).not.toThrow();
  });

  it('the config file takes a list of objects, or of the same text', () => {
    const file = tempFile(
      'foyer.yaml',
      [
        'freeswitch:',
        '  - { address: "10.0.0.5:8021", secret: "s@london", location: london, capacity: 200 }',
        '  - { address: "10.0.0.6:8021", secret: plain }',
        '  - 10.1.0.5:8021:secret@newyork',
        'media_locations: [10.1.0.0/16=newyork]',
        'media_location_header: X-Location',
        '',
      ].join('\n'),
    );
    const settings = resolveSettings({ env: {}, configFile: file });
    expect(parseMediaServers(settings.freeswitch, 'freeswitch')).toEqual([
      { host: '10.0.0.5', port: 8021, secret: 's@london', location: 'london', capacity: 200 },
      { host: '10.0.0.6', port: 8021, secret: 'plain', location: 'default' },
      { host: '10.1.0.5', port: 8021, secret: 'secret', location: 'newyork' },
    ]);
    expect(settings.mediaLocations).toEqual(['10.1.0.0/16=newyork']);
    expect(settings.mediaLocationHeader).toBe('X-Location');
    expect(settings.telephony).toBe('freeswitch');
  });

  it('a location rule that is not network=location is refused naming the setting', () => {
    expect(() => resolveSettings({ env: { FOYER_MEDIA_LOCATIONS: '10.1.0.0/16:newyork' } })).toThrow(
      /^FOYER_MEDIA_LOCATIONS=10\.1\.0\.0\/16:newyork: each entry must be network=location/,
    );
    const file = tempFile('foyer.yaml', 'freeswitch:\n  - { address: "10.0.0.5:8021", secret: "a,b" }\n');
    expect(() => resolveSettings({ env: {}, configFile: file })).toThrow(/secret must not contain a comma/);
  });
});
