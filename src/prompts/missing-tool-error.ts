/**
 * Rendering prompts needs programs that are not installed (espeak-ng, sox). Nothing was
 * rendered; the message says how to install them. Foyer itself never needs them: the rendered
 * audio is committed.
 */
export class MissingToolError extends Error {
  constructor(readonly tools: readonly string[]) {
    super(
      `rendering prompts needs ${tools.join(' and ')}, which ${tools.length === 1 ? 'is' : 'are'} not installed. ` +
        `On Debian or Ubuntu: sudo apt-get install -y --no-install-recommends espeak-ng sox`,
    );
    this.name = 'MissingToolError';
  }
}
