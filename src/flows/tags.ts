/**
 * A state tagged `public_digits` collects an entry that is not secret (a room number): its digits
 * may be shown in simulator output and logs. Digits pressed anywhere else are written as `x`,
 * because they may belong to a PIN.
 */
export const PUBLIC_DIGITS_TAG = 'public_digits';
