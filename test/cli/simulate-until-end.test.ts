import { describe, expect, it } from 'vitest';
import { jsonLines, runCli } from '../helpers/cli.js';

describe('foyer simulate --until-end: the call goes on in the meeting', () => {
  it('a host locks the meeting with *7 and ends it with ##, hearing each', async () => {
    const run = await runCli('simulate', '--to', '1001', '--keys', '1234#,,,,,*7,,,##', '--until-end', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    const prompts = lines.filter((line) => line.type === 'prompt').map((line) => line.id);
    expect(prompts).toEqual(['meeting.first_participant', 'meeting.locked', 'meeting.ended_by_host']);
    const ends = lines.filter((line) => line.type === 'end');
    expect(ends.map((end) => [end.outcome, end.reason])).toEqual([
      ['joined', 'admitted'],
      ['disconnected', 'ended_by_host'],
    ]);
  });

  it('without --until-end the call ends at admission, as before', async () => {
    const run = await runCli('simulate', '--to', '1001', '--keys', '1234#,,,,,*7', '--json');
    const ends = jsonLines(run.stdout).filter((line) => line.type === 'end');
    expect(ends.map((end) => end.outcome)).toEqual(['joined']);
  });
});
