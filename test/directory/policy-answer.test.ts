import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readParticipantAnswer, readServiceAnswer, type ServiceAnswer } from '../../src/directory/index.js';
import { params } from '../helpers/fuzz.js';

const answer = (result: Record<string, unknown>) =>
  readServiceAnswer({ status: 'success', action: 'continue', result }, 'meet.alice@example.com');
const problemOf = (read: ServiceAnswer) => (read.kind === 'invalid' ? read.problem : `not invalid: ${read.kind}`);

describe("a policy server's service configuration answer, mapped to Foyer's services", () => {
  it('conference is a VMR with its PINs, guests, limit, theme, tag, description, lock and the foyer: fields', () => {
    const read = answer({
      service_type: 'conference',
      name: 'Alice',
      service_tag: 'alice-tag',
      description: "Alice's room",
      pin: '123456',
      guest_pin: '654321',
      allow_guests: true,
      participant_limit: 8,
      ivr_theme_name: 'friendly',
      locked: true,
      view: 'one_main_seven_pips',
      foyer: { flow: 'pin-entry', language: 'en-US', waiting_for_host_timeout: 60, guests_only_timeout: 0 },
    });
    expect(read).toEqual({
      kind: 'service',
      service: {
        name: 'Alice',
        type: 'vmr',
        aliases: ['meet.alice@example.com'],
        serviceTag: 'alice-tag',
        description: "Alice's room",
        theme: 'friendly',
        language: 'en-US',
        flow: 'pin-entry',
        hostPin: '123456',
        guestPin: '654321',
        allowGuests: true,
        participantLimit: 8,
        locked: true,
        waitingForHostTimeout: 60,
        guestsOnlyTimeout: 0,
      },
    });
  });

  it('lecture is an auditorium; empty PINs and nulls mean none; a terminal # is not part of a PIN', () => {
    expect(
      answer({ service_type: 'lecture', name: 'Hall', pin: '', guest_pin: null, allow_guests: null }),
    ).toMatchObject({
      kind: 'service',
      service: { type: 'auditorium', allowGuests: false },
    });
    const read = answer({ service_type: 'conference', name: 'R', pin: '1234#' });
    expect(read.kind === 'service' && read.service.type === 'vmr' && read.service.hostPin).toBe('1234');
  });

  it('two_stage_dialing is a reception; match_string matches the whole entry, replace_string uses \\1', () => {
    const read = answer({
      service_type: 'two_stage_dialing',
      name: 'Front desk',
      match_string: '(\\d{4})',
      replace_string: 'meet.\\1',
      post_match_string: 'meet\\.(.*)',
      post_replace_string: 'room.\\1',
    });
    expect(read.kind).toBe('service');
    if (read.kind !== 'service' || read.service.type !== 'reception') return;
    const { match, replace, postMatch, postReplace } = read.service;
    expect(match!.test('1234')).toBe(true);
    expect(match!.test('12345')).toBe(false);
    expect('1234'.replace(match!, replace!)).toBe('meet.1234');
    expect('meet.1234'.replace(postMatch!, postReplace!)).toBe('room.1234');
  });

  it('gateway is a room hosted elsewhere, named as such (calls out are for later)', () => {
    expect(
      answer({
        service_type: 'gateway',
        name: 'Teams',
        remote_alias: 'sip:x@teams.example.com',
        outgoing_protocol: 'sip',
      }),
    ).toEqual({
      kind: 'gateway',
      target: { name: 'Teams', remoteAlias: 'sip:x@teams.example.com', outgoingProtocol: 'sip' },
    });
  });

  it('action reject is an unknown alias, whatever else the answer says; continue without a result hands back', () => {
    expect(readServiceAnswer({ status: 'success', action: 'reject' }, 'x')).toEqual({ kind: 'reject' });
    expect(readServiceAnswer({ status: 'error', action: 'reject' }, 'x')).toEqual({ kind: 'reject' });
    expect(readServiceAnswer({ status: 'success', action: 'continue' }, 'x')).toEqual({ kind: 'continue' });
    expect(readServiceAnswer({ status: 'success', action: 'continue', result: {} }, 'x')).toEqual({ kind: 'continue' });
  });

  it.each([
    [{ status: 'error', action: 'continue' }, 'status is "error", not "success"'],
    [[], 'the answer is a list, not a JSON object'],
    ['ok', 'the answer is "ok", not a JSON object'],
    [{ status: 'success' }, 'a success with no result'],
    [{ status: 'success', result: 'x' }, 'result is "x", not an object'],
    [{ status: 'success', result: { service_type: 'media_playback', name: 'M' } }, 'not one Foyer runs'],
    [{ status: 'success', result: { service_type: 'conference' } }, 'result.name: must be string'],
    [{ status: 'success', result: { service_type: 'conference', name: 'R', pin: 1234 } }, 'result.pin: must be string'],
    [
      { status: 'success', result: { service_type: 'conference', name: 'R', allow_guests: 'yes' } },
      'result.allow_guests',
    ],
    [{ status: 'success', result: { service_type: 'conference', name: 'R', participant_limit: 0 } }, 'at least 1'],
    [
      { status: 'success', result: { service_type: 'conference', name: 'R', foyer: { flow: '../x' } } },
      'result.foyer.flow',
    ],
  ])('%j cannot be used: %s', (json, problem) => {
    expect(problemOf(readServiceAnswer(json, 'x'))).toContain(problem);
  });

  it("PINs that break Foyer's rules are refused, with messages that never quote a PIN", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ pin: '12' }, 'result.pin must be 4 to 20 digits'],
      [{ pin: '12a45' }, 'result.pin must be 4 to 20 digits'],
      [{ pin: '1'.repeat(21) }, 'must be 4 to 20 digits'],
      [{ pin: '13579', guest_pin: '13579', allow_guests: true }, 'result.pin and result.guest_pin must differ'],
      [{ guest_pin: '24680', allow_guests: true }, 'result.guest_pin needs a result.pin'],
      [{ pin: '13579', guest_pin: '24680' }, 'result.guest_pin needs result.allow_guests: true'],
      [{ allow_guests: true }, 'result.allow_guests needs a result.pin'],
    ];
    for (const [fields, problem] of cases) {
      const text = problemOf(answer({ service_type: 'conference', name: 'R', ...fields }));
      expect(text).toContain(problem);
      for (const pin of [fields.pin, fields.guest_pin]) if (typeof pin === 'string') expect(text).not.toContain(pin);
    }
  });

  it('a reception pattern Foyer cannot run, or one longer than Pexip allows, is refused', () => {
    expect(problemOf(answer({ service_type: 'two_stage_dialing', name: 'R', match_string: '(' }))).toContain(
      'result.match_string',
    );
    expect(
      problemOf(answer({ service_type: 'two_stage_dialing', name: 'R', match_string: 'x'.repeat(251) })),
    ).toContain('at most 250');
    expect(
      problemOf(answer({ service_type: 'two_stage_dialing', name: 'R', match_string: '(.*)', replace_string: '\\d' })),
    ).toContain('not a group reference');
  });

  it('an answer whose PINs the server withheld (an unauthenticated Foyer client) is not used', () => {
    expect(problemOf(answer({ service_type: 'conference', name: 'R', foyer: { pins_withheld: true } }))).toContain(
      'withheld the PINs',
    );
  });

  it('any JSON at all: never a crash, always one defined outcome, and a problem never repeats a PIN', () => {
    const pin = fc.stringMatching(/^\d{4,8}$/);
    const field = fc.oneof(fc.jsonValue(), pin, fc.constant(null));
    const result = fc.record(
      {
        service_type: fc.oneof(
          fc.constantFrom('conference', 'lecture', 'two_stage_dialing', 'gateway', 'test_call'),
          fc.jsonValue(),
        ),
        name: fc.oneof(fc.string(), fc.jsonValue()),
        pin: fc.oneof(pin, field),
        guest_pin: fc.oneof(pin, field),
        allow_guests: fc.oneof(fc.boolean(), fc.jsonValue()),
        participant_limit: field,
        match_string: fc.oneof(fc.string({ maxLength: 12 }), field),
        replace_string: fc.oneof(fc.string({ maxLength: 12 }), field),
        remote_alias: field,
        foyer: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), field),
      },
      { requiredKeys: [] },
    );
    const envelope = fc.record(
      {
        status: fc.oneof(fc.constant('success'), fc.jsonValue()),
        action: fc.oneof(fc.constantFrom('continue', 'reject', 'redirect'), fc.jsonValue()),
        result: fc.oneof(result, fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(envelope, fc.jsonValue()), (json) => {
        const read = readServiceAnswer(json, 'meet.x');
        expect(['service', 'gateway', 'reject', 'continue', 'invalid']).toContain(read.kind);
        if (read.kind === 'invalid') {
          const result = (json as { result?: Record<string, unknown> } | null)?.result;
          for (const key of ['pin', 'guest_pin'])
            if (typeof result?.[key] === 'string' && /^\d{4,}$/.test(result[key]))
              expect(read.problem).not.toContain(result[key]);
        }
        if (read.kind === 'service' && read.service.type !== 'reception') {
          const { hostPin, guestPin } = read.service;
          if (hostPin !== undefined) expect(hostPin).toMatch(/^\d{4,20}$/);
          if (guestPin !== undefined) expect(guestPin).not.toBe(hostPin);
        }
      }),
      params(300),
    );
  });
});

describe("a policy server's participant properties answer", () => {
  it('preauthenticated_role chair is a host, guest a guest, null or absent asks for the PIN as usual', () => {
    const ok = (result: unknown) => readParticipantAnswer({ status: 'success', action: 'continue', result });
    expect(ok({ preauthenticated_role: 'chair' })).toEqual({ action: 'continue', role: 'host' });
    expect(ok({ preauthenticated_role: 'guest', remote_display_name: 'Witness' })).toEqual({
      action: 'continue',
      role: 'guest',
    });
    expect(ok({ preauthenticated_role: null })).toEqual({ action: 'continue' });
    expect(ok({})).toEqual({ action: 'continue' });
  });

  it('reject turns the caller away; anything unusable says why', () => {
    expect(readParticipantAnswer({ status: 'success', action: 'reject', result: { reject_reason: 'no' } })).toEqual({
      action: 'reject',
    });
    expect(readParticipantAnswer({ status: 'success', result: { preauthenticated_role: 'admin' } })).toMatchObject({
      action: 'invalid',
    });
    expect(readParticipantAnswer('junk')).toMatchObject({ action: 'invalid' });
  });

  it('any JSON: never a crash, always continue, reject or invalid', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({
            status: fc.oneof(fc.constant('success'), fc.jsonValue()),
            action: fc.oneof(fc.constantFrom('continue', 'reject'), fc.jsonValue()),
            result: fc.oneof(
              fc.record({ preauthenticated_role: fc.oneof(fc.constantFrom('chair', 'guest', null), fc.jsonValue()) }),
              fc.jsonValue(),
            ),
          }),
        ),
        (json) => {
          expect(['continue', 'reject', 'invalid']).toContain(readParticipantAnswer(json).action);
        },
      ),
      params(300),
    );
  });
});
