import type { ScenarioLine } from '../simulator/index.js';
import { seconds, transferText } from './simulate-output.js';

/** One line of a scenario transcript: JSON (`--json`) or text for a person. */
export function formatScenarioLine(line: ScenarioLine, atMs: number, json: boolean): string {
  if (json) return JSON.stringify({ t: seconds(atMs), ...line });
  const time = seconds(atMs).toFixed(3).padStart(9);
  const who = (line.caller ?? '-').padEnd(10);
  switch (line.type) {
    case 'prompt':
      return `${time}  ${who} prompt   ${line.id}: "${line.text}"`;
    case 'dtmf':
      return `${time}  ${who} key      ${line.digit}`;
    case 'state':
      return `${time}  ${who} state    ${line.flow}: ${line.state}`;
    case 'transfer':
      return `${time}  ${who} transfer ${transferText(line)}`;
    case 'meeting':
      return `${time}  ${who} meeting  ${line.event} "${line.service}"${line.role ? ` (${line.role})` : ''}`;
    case 'block':
      return line.event === 'blocked'
        ? `${time}  ${who} block    ${line.kind} ${line.subject} blocked for ${line.seconds / 60} min (${line.reason})`
        : `${time}  ${who} block    ${line.kind} ${line.subject} unblocked (${line.how})`;
    case 'end':
      return [
        `${time}  ${who} end      ${line.outcome} (${line.reason})`,
        line.admitted ? ' admitted' : '',
        line.role ? ` as ${line.role}` : '',
        line.service ? ` service "${line.service}"` : '',
        line.via ? ` via "${line.via}"` : '',
      ].join('');
  }
}
