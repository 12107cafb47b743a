import type { LocationRule } from '../config/index.js';
import { Networks } from '../security/index.js';

/** What placement knows of a caller when its INVITE arrives. */
export interface CallerFacts {
  readonly source: string;
  header(name: string): string | undefined;
}

export interface CallerLocationsOptions {
  /** `network=location` rules, first match wins (the `media_locations` setting). */
  readonly rules: readonly LocationRule[];
  /** A header naming the location (an SBC's); a value naming no known location is ignored. */
  readonly header?: string;
  /** The locations of the pool's servers: rules may name only these. */
  readonly known: readonly string[];
  /** Where callers no rule places are: the first server's location. */
  readonly fallback: string;
}

/** Where a caller is, and what said so (for the log). */
export interface CallerLocation {
  readonly location: string;
  readonly by: 'header' | 'network' | 'default';
}

/**
 * Which system location a caller belongs to: the location header when it names a location of
 * the pool, else the first network rule containing the INVITE's source address, else the default.
 */
export class CallerLocations {
  private readonly rules: readonly { readonly networks: Networks; readonly location: string }[];

  constructor(private readonly options: CallerLocationsOptions) {
    this.rules = options.rules.map((rule) => {
      if (!options.known.includes(rule.location))
        throw new Error(
          `FOYER_MEDIA_LOCATIONS (media_locations): "${rule.network}=${rule.location}" names a location no FreeSWITCH is in (${options.known.join(', ')})`,
        );
      return {
        networks: Networks.parse([rule.network], 'FOYER_MEDIA_LOCATIONS (media_locations)'),
        location: rule.location,
      };
    });
  }

  of(caller: CallerFacts): CallerLocation {
    const named = this.options.header ? caller.header(this.options.header)?.trim() : undefined;
    if (named && this.options.known.includes(named)) return { location: named, by: 'header' };
    const rule = this.rules.find((candidate) => candidate.networks.contains(caller.source));
    if (rule) return { location: rule.location, by: 'network' };
    return { location: this.options.fallback, by: 'default' };
  }
}
