import type { Bundle } from '../bundle/index.js';
import type { Service } from '../directory/index.js';
import type { Logger } from '../observability/index.js';
import type { PromptRef, PromptRequest, Voice } from '../prompts/index.js';

/** What one call hears: each service's theme and language (or the simulator's override), from the call's own bundle. */
export class CallPrompts {
  constructor(
    private readonly bundle: Bundle,
    private readonly override: Partial<Voice> | undefined,
    private readonly log: Logger,
  ) {}

  voiceFor(service: Service): Voice {
    const defaults = this.bundle.voice;
    return {
      theme: this.override?.theme ?? service.theme ?? defaults.theme,
      language: this.override?.language ?? service.language ?? defaults.language,
    };
  }

  /** What to play for prompt ids and composed prompts with values; one that cannot be found or composed is logged and left out. */
  resolve(requests: readonly PromptRequest[], voice: Voice): PromptRef[] {
    return requests.flatMap((request) => {
      try {
        return this.bundle.catalogue.sequence([request], voice);
      } catch (error) {
        this.log.error(
          { err: error, prompt: typeof request === 'string' ? request : request.id },
          'prompt missing or not composable',
        );
        return [];
      }
    });
  }
}
