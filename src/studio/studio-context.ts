import type { Bundle } from '../bundle/index.js';
import type { CheckSources } from '../design/index.js';
import type { MeetingSettings } from '../meetings/index.js';
import type { Logger } from '../observability/index.js';
import type { SecurityPolicy } from '../security/index.js';
import type { Problem } from '../yaml/index.js';
import type { FlowFiles } from './flow-files.js';

/** What the studio's routes work with: the folders it serves and how to load and check them. */
export interface StudioContext {
  /** The folder paths are shown relative to (where the designer started the studio). */
  readonly root: string;
  readonly sources: CheckSources;
  readonly flows: FlowFiles;
  /** Services, flows and prompts as a call runs on them; throws LoadError. */
  readonly loadBundle: () => Bundle;
  /** What `foyer check` says of the prompts (complete in every language, audio valid and current). */
  readonly checkPrompts: () => Problem[];
  readonly meetingSettings?: MeetingSettings;
  readonly securityPolicy?: SecurityPolicy;
  readonly logger: Logger;
}
