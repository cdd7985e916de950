import { describe, expect, it } from 'vitest';
import { classifyAddress, describeAddress, isLocalhostName } from './address-policy';

describe('address policy', () => {
  it('classifies private, loopback, link-local, unique-local, CGNAT, multicast and unspecified addresses as private', () => {
    for (const address of ['127.0.0.1', '127.255.0.9', '10.0.0.1', '172.16.5.4', '192.168.0.1', '100.64.1.1', '169.254.1.1', '224.0.0.1', '0.0.0.0', '255.255.255.255',
      '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '64:ff9b::a00:1', '::127.0.0.1']) {
      expect([address, classifyAddress(address)]).toEqual([address, 'private']);
    }
  });

  it('singles out cloud metadata addresses, also IPv4-mapped', () => {
    for (const address of ['169.254.169.254', '::ffff:169.254.169.254', 'fd00:ec2::254', '100.100.100.200']) {
      expect([address, classifyAddress(address)]).toEqual([address, 'metadata']);
    }
    expect(describeAddress('169.254.169.254')).toBe('cloud metadata');
    expect(describeAddress('::ffff:127.0.0.1')).toBe('loopback');
  });

  it('lets public addresses through', () => {
    for (const address of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8', '172.32.0.1', '100.128.0.1']) {
      expect([address, classifyAddress(address)]).toEqual([address, 'public']);
    }
  });

  it('knows localhost names without asking DNS', () => {
    expect(['localhost', 'localhost.', 'LOCALHOST', 'api.localhost'].every(isLocalhostName)).toBe(true);
    expect(isLocalhostName('localhost.example.com')).toBe(false);
  });
});
