import { describe, expect, it } from 'vitest';
import { roleForPin, sameDigits, type Room } from '../../src/directory/index.js';

const room = (extra: Partial<Room>): Room => ({ name: 'R', type: 'vmr', aliases: ['1'], allowGuests: false, ...extra });

describe('PIN rules', () => {
  it('no PIN: everyone is host', () => {
    expect(roleForPin(room({}), '')).toBe('host');
  });

  it('host PIN only: only the host PIN admits', () => {
    const r = room({ hostPin: '1234' });
    expect(roleForPin(r, '1234')).toBe('host');
    expect(roleForPin(r, '')).toBeUndefined();
    expect(roleForPin(r, '12345')).toBeUndefined();
    expect(roleForPin(r, '123')).toBeUndefined();
  });

  it('guests allowed, no guest PIN: # makes a guest, anything else but the host PIN is wrong', () => {
    const r = room({ hostPin: '1234', allowGuests: true });
    expect(roleForPin(r, '')).toBe('guest');
    expect(roleForPin(r, '1234')).toBe('host');
    expect(roleForPin(r, '9999')).toBeUndefined();
  });

  it('guest PIN: it makes a guest; # is refused', () => {
    const r = room({ hostPin: '1234', guestPin: '5678', allowGuests: true });
    expect(roleForPin(r, '5678')).toBe('guest');
    expect(roleForPin(r, '1234')).toBe('host');
    expect(roleForPin(r, '')).toBeUndefined();
  });

  it('compares digit strings exactly, including leading zeros and lengths', () => {
    expect(sameDigits('0123', '0123')).toBe(true);
    expect(sameDigits('0123', '123')).toBe(false);
    expect(sameDigits('1234', '12340')).toBe(false);
    expect(sameDigits('', '')).toBe(true);
    expect(sameDigits('12345678901234567890', '12345678901234567890')).toBe(true);
    expect(sameDigits('12345678901234567890', '12345678901234567891')).toBe(false);
  });
});
