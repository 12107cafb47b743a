/** A room's PIN settings, before they are accepted. */
export interface RoomPins {
  readonly hostPin?: string | undefined;
  readonly guestPin?: string | undefined;
  readonly allowGuests?: boolean | undefined;
}

/** What the fields are called where the settings came from (a services file, a policy answer). */
export interface PinFieldNames {
  readonly hostPin: string;
  readonly guestPin: string;
  readonly allowGuests: string;
}

export interface RuleProblem {
  /** Which field is at fault, by its name in `names`. */
  readonly field: string;
  readonly message: string;
}

/** A PIN: 4 to 20 digits. */
export const PIN_PATTERN = /^\d{4,20}$/;

/**
 * What is wrong with a room's PINs, whoever supplied them: each problem names its field and never
 * quotes a PIN. The same rules hold for a services file and a policy server's answer.
 */
export function roomPinProblems(pins: RoomPins, names: PinFieldNames): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const fail = (field: string, message: string) => problems.push({ field, message });
  const { hostPin, guestPin, allowGuests } = pins;
  if (hostPin !== undefined && !PIN_PATTERN.test(hostPin))
    fail(names.hostPin, `${names.hostPin} must be 4 to 20 digits (0-9)`);
  if (guestPin !== undefined && !PIN_PATTERN.test(guestPin))
    fail(names.guestPin, `${names.guestPin} must be 4 to 20 digits (0-9)`);
  if (guestPin !== undefined && hostPin === undefined)
    fail(names.guestPin, `${names.guestPin} needs a ${names.hostPin} (without a host PIN everyone joins as host)`);
  if (guestPin !== undefined && allowGuests !== true)
    fail(names.guestPin, `${names.guestPin} needs ${names.allowGuests}: true`);
  if (allowGuests === true && hostPin === undefined)
    fail(
      names.allowGuests,
      `${names.allowGuests} needs a ${names.hostPin} (without a host PIN everyone joins as host)`,
    );
  if (hostPin !== undefined && guestPin !== undefined && hostPin === guestPin)
    fail(names.guestPin, `${names.hostPin} and ${names.guestPin} must differ`);
  return problems;
}
