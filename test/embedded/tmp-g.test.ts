import { expect, it } from 'vitest';
import { InbandDtmfDetector, toneFrame } from '../../src/embedded/media/inband-dtmf.js';
import { decode, encode } from '../../src/embedded/media/g711.js';
it('detects', () => {
  for (const key of '0123456789*#ABCD') {
    const d = new InbandDtmfDetector();
    const got: string[] = [];
    for (let f = 0; f < 5; f++) { const k = d.receive(decode('PCMU', encode('PCMU', toneFrame(key, f)))); if (k) got.push(k); }
    for (let f = 0; f < 3; f++) d.receive(new Int16Array(160));
    for (let f = 0; f < 5; f++) { const k = d.receive(decode('PCMA', encode('PCMA', toneFrame(key, f)))); if (k) got.push(k); }
    expect(got).toEqual([key, key]);
  }
  const d = new InbandDtmfDetector();
  let n = 0; for (let f = 0; f < 100; f++) { const fr = new Int16Array(160).map((_, i) => Math.round(8000*Math.sin(2*Math.PI*440*(f*160+i)/8000) + 3000*Math.sin(2*Math.PI*1000*(f*160+i)/8000))); if (d.receive(fr)) n++; }
  expect(n).toBe(0);
});
