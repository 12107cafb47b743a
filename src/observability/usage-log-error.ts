/**
 * The usage log's file cannot be opened for appending (a missing folder, no permission, a folder
 * in its place). Foyer refuses to start rather than lose the records: fix the path or its
 * permissions (`--usage-log`, `FOYER_USAGE_LOG`, config key `usage_log`).
 */
export class UsageLogError extends Error {
  constructor(
    readonly path: string,
    cause: NodeJS.ErrnoException,
  ) {
    super(
      `usage log ${path} cannot be opened for appending: ${describe(cause)} (set by --usage-log, FOYER_USAGE_LOG or config key usage_log)`,
    );
    this.name = 'UsageLogError';
  }
}

function describe(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'its folder does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return error.message;
  }
}
