import { allowList, checkOutboundAddress, OutboundAddressRefused, refusalFor, uriRefusal, type OutboundPolicy } from './outbound-address.js';

const production = (allow: string[] = [], names: Record<string, string[]> = {}): OutboundPolicy => ({
  production: true,
  allowed: allowList(allow),
  resolve: (host) => Promise.resolve(names[host] ?? []),
});
const development: OutboundPolicy = { ...production(), production: false };

describe('outbound address policy', () => {
  const refused = [
    '127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.1.1',
    '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::', '::1', 'fe80::1',
    'fc00::1', 'fd00:ec2::254', '::ffff:127.0.0.1', '::ffff:a9fe:a9fe', '64:ff9b::a00:1',
  ];
  test.each(refused)('production refuses %s', (ip) => {
    expect(refusalFor(ip, production())).toBeDefined();
  });

  test.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:5db8:d822'])('production allows public %s', (ip) => {
    expect(refusalFor(ip, production())).toBeUndefined();
  });

  test('an allow-listed private network passes; metadata never does', () => {
    const policy = production(['10.0.0.0/8', '169.254.0.0/16', 'fd00::/8']);
    expect(refusalFor('10.20.30.40', policy)).toBeUndefined();
    expect(refusalFor('fd12::1', policy)).toBeUndefined();
    expect(refusalFor('192.168.1.1', policy)).toMatch(/private/);
    expect(refusalFor('169.254.169.254', policy)).toMatch(/metadata/);
    expect(refusalFor('fd00:ec2::254', policy)).toMatch(/metadata/);
  });

  test('development allows loopback and private addresses, never metadata', () => {
    expect(refusalFor('127.0.0.1', development)).toBeUndefined();
    expect(refusalFor('10.1.2.3', development)).toBeUndefined();
    expect(refusalFor('169.254.169.254', development)).toMatch(/metadata/);
  });

  test('registration reads literal hosts in every spelling the URL parser accepts, and localhost names', () => {
    for (const uri of ['https://2130706433/', 'https://0x7f.1/', 'https://[::ffff:127.0.0.1]/', 'https://localhost/cb', 'https://app.localhost/cb', 'https://[fe80::1]/']) {
      expect({ uri, refused: uriRefusal(new URL(uri), production()) !== undefined }).toEqual({ uri, refused: true });
    }
    expect(uriRefusal(new URL('https://app.example.com/cb'), production())).toBeUndefined();
    expect(uriRefusal(new URL('http://app-a.localhost:4002/cb'), development)).toBeUndefined();
  });

  test('delivery checks every address a name resolves to', async () => {
    const policy = production([], { 'rebound.example.com': ['93.184.216.34', '169.254.169.254'], 'ok.example.com': ['93.184.216.34'] });
    await expect(checkOutboundAddress('https://rebound.example.com/bcl', policy)).rejects.toThrow(OutboundAddressRefused);
    await expect(checkOutboundAddress('https://nowhere.example.com/bcl', policy)).rejects.toThrow(/does not resolve/);
    await expect(checkOutboundAddress('https://ok.example.com/bcl', policy)).resolves.toBeUndefined();
    await expect(checkOutboundAddress('http://app-a.localhost:4002/bcl', policy)).rejects.toThrow(/loopback/);
    await expect(checkOutboundAddress('http://app-a.localhost:4002/bcl', development)).resolves.toBeUndefined();
  });

  test('the allow-list accepts CIDRs and single addresses only', () => {
    expect(() => allowList(['10.0.0.0/8', '192.168.4.7', 'fd00::/8'])).not.toThrow();
    for (const bad of ['10.0.0.0/33', 'intranet', '10.0.0.0/x', 'fd00::/129']) expect(() => allowList([bad])).toThrow();
  });
});
