import type { Directory, Service } from '../../src/directory/index.js';

/**
 * A directory whose lookups (once `gate()` is called) wait until the test releases them, so a
 * test decides when an actor finishes and whether it fails.
 */
export class GatedDirectory implements Directory {
  private gated = false;
  private readonly pending: {
    dialled: string;
    resolve: (service: Service | undefined) => void;
    reject: (error: Error) => void;
  }[] = [];

  constructor(private readonly inner: Directory) {}

  gate(): void {
    this.gated = true;
  }

  lookup(dialled: string): Promise<Service | undefined> {
    if (!this.gated) return this.inner.lookup(dialled);
    return new Promise((resolve, reject) => this.pending.push({ dialled, resolve, reject }));
  }

  services(): readonly Service[] {
    return this.inner.services();
  }

  get waiting(): number {
    return this.pending.length;
  }

  async release(): Promise<void> {
    const next = this.pending.shift();
    if (!next) throw new Error('no lookup is waiting');
    next.resolve(await this.inner.lookup(next.dialled));
  }

  fail(): void {
    const next = this.pending.shift();
    if (!next) throw new Error('no lookup is waiting');
    next.reject(new Error('directory unavailable'));
  }
}
