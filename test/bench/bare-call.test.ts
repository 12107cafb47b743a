import { describe, expect, it } from 'vitest';
import { bareCall, parseRoom, type BareEndpoint } from '../../bench/sipp/bare-call.js';

/** An endpoint whose caller keys one entry per playCollect; it records what the app asked of FreeSWITCH. */
function caller(entries: string[]) {
  const commands: string[] = [];
  const endpoint: BareEndpoint = {
    playCollect: (options) => {
      commands.push(`collect ${options.file} (max ${options.max}, # ends)`);
      return Promise.resolve({ digits: entries.shift() ?? '' });
    },
    play: (file) => {
      commands.push(`play ${file}`);
      return Promise.resolve();
    },
    join: (conference, options) => {
      commands.push(`join ${conference}@${options.profile} ${JSON.stringify(options.flags)}`);
      return Promise.resolve();
    },
  };
  return { endpoint, commands };
}

const options = {
  rooms: new Map([['1001', parseRoom('1001:1234:5678')]]),
  prompts: '/p',
  conferenceProfile: 'foyer',
  wait: () => Promise.resolve(),
};

describe("the SIPp comparison's bare app", () => {
  it('asks for the room, says please hold, asks for the PIN and joins the host as moderator', async () => {
    const { endpoint, commands } = caller(['1001', '1234']);
    await expect(bareCall(endpoint, options)).resolves.toEqual({ joined: true, room: '1001', role: 'host' });
    expect(commands).toEqual([
      'collect /p/reception.enter_number.wav (max 20, # ends)',
      'play /p/reception.please_hold.wav',
      'collect /p/pin.enter.wav (max 20, # ends)',
      'join bare-1001@foyer {"moderator":true,"mute":false,"nomoh":true}',
    ]);
  });

  it('says how many attempts are left after a wrong PIN, and joins a guest muted', async () => {
    const { endpoint, commands } = caller(['1001', '9999', '5678']);
    await expect(bareCall(endpoint, options)).resolves.toMatchObject({ joined: true, role: 'guest' });
    expect(commands).toContain('collect file_string:///p/pin.invalid.wav!/p/pin.attempts_left--2.wav (max 20, # ends)');
    expect(commands.at(-1)).toContain('"mute":true');
  });

  it('disconnects after three wrong PINs or three unknown rooms, with the final prompt', async () => {
    const pins = caller(['1001', '1', '2', '3']);
    await expect(bareCall(pins.endpoint, options)).resolves.toEqual({ joined: false, reason: 'pin_invalid' });
    expect(pins.commands.at(-1)).toBe('play /p/pin.invalid_final.wav');
    const rooms = caller(['7', '8', '']);
    await expect(bareCall(rooms.endpoint, options)).resolves.toEqual({ joined: false, reason: 'number_no_input' });
    expect(rooms.commands.at(-1)).toBe('play /p/reception.no_input.wav');
  });

  it('refuses a room given wrongly, naming the flag', () => {
    expect(() => parseRoom('1001')).toThrow('--room 1001: expected number:hostPin[:guestPin], digits only');
  });
});
