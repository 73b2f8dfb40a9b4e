import { describe, expect, it } from 'vitest';
import { deviceOf, networkOf } from './network.ts';

describe('the coarse place of a session', () => {
  it('keeps the first three bytes of an IPv4 address, mapped or not', () => {
    expect(networkOf('192.0.2.77')).toBe('192.0.2.0/24');
    expect(networkOf('::ffff:203.0.113.9')).toBe('203.0.113.0/24');
  });

  it('keeps the first three groups of an IPv6 address, compressed or not', () => {
    expect(networkOf('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe('2001:db8:85a3::/48');
    expect(networkOf('2001:db8::1')).toBe('2001:db8:0::/48');
    expect(networkOf('::1')).toBe('0:0:0::/48');
  });

  it('is null for what is not an address', () => {
    expect(networkOf('localhost')).toBeNull();
    expect(networkOf('')).toBeNull();
  });
});

describe('the device of a session', () => {
  it('names the browser and system of common user agents', () => {
    const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
    expect(deviceOf(firefox)).toEqual({ browser: 'Firefox', system: 'Linux' });
    const iphone =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
    expect(deviceOf(iphone)).toEqual({ browser: 'Safari', system: 'iOS' });
    const edge =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0';
    expect(deviceOf(edge)).toEqual({ browser: 'Edge', system: 'Windows' });
  });

  it('says nothing of an unknown or missing agent', () => {
    expect(deviceOf(null)).toEqual({});
    expect(deviceOf('something')).toEqual({ browser: undefined, system: undefined });
  });
});
