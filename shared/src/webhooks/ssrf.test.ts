import { allowedHostsFromEnv, isRefusedAddress, resolveTarget } from './ssrf';

describe('webhook targets (SSRF)', () => {
  it('refuses private, loopback, link-local, multicast and reserved addresses, v4 and v6', () => {
    for (const address of [
      '127.0.0.1',
      '127.1.2.3',
      '10.0.0.5',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '[::1]',
      '::',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '0:0:0:0:0:ffff:a00:1',
      '::ffff:169.254.169.254',
      '64:ff9b::a00:1',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      'fe80::1%eth0',
      'ff02::1',
      '2002:7f00:1::',
      'not-an-address',
    ])
      expect([address, isRefusedAddress(address)]).toEqual([address, true]);
  });

  it('allows public addresses', () => {
    for (const address of [
      '93.184.216.34',
      '8.8.8.8',
      '172.32.0.1',
      '2606:4700:4700::1111',
      '::ffff:8.8.8.8',
    ])
      expect([address, isRefusedAddress(address)]).toEqual([address, false]);
  });

  it('checks every address a name resolves to, and honours the allow-list', async () => {
    const resolve = async (host: string) =>
      host === 'mixed.example'
        ? [
            { address: '93.184.216.34', family: 4 },
            { address: '10.1.2.3', family: 4 },
          ]
        : host === 'public.example'
          ? [{ address: '2606:4700:4700::1111', family: 6 }]
          : [{ address: '127.0.0.1', family: 4 }];
    await expect(resolveTarget('mixed.example', { resolve })).rejects.toThrow(/10\.1\.2\.3/);
    await expect(resolveTarget('localhost', { resolve })).rejects.toThrow(/127\.0\.0\.1/);
    await expect(resolveTarget('public.example', { resolve })).resolves.toEqual({
      address: '2606:4700:4700::1111',
      family: 6,
    });
    await expect(resolveTarget('127.0.0.1')).rejects.toThrow(/not a public address/);
    await expect(resolveTarget('[::1]')).rejects.toThrow(/not a public address/);
    await expect(resolveTarget('127.0.0.1', { allowedHosts: ['127.0.0.1'] })).resolves.toEqual({
      address: '127.0.0.1',
      family: 4,
    });
    await expect(resolveTarget('localhost', { resolve, allowedHosts: ['localhost'] })).resolves.toMatchObject(
      {
        address: '127.0.0.1',
      },
    );
    // The allow-list names 127.0.0.1, not the metadata service.
    await expect(resolveTarget('169.254.169.254', { allowedHosts: ['127.0.0.1'] })).rejects.toThrow();
    await expect(
      resolveTarget('nowhere.invalid', {
        resolve: async () => {
          throw new Error('ENOTFOUND');
        },
      }),
    ).rejects.toThrow(/does not resolve/);
  });

  it('reads WEBHOOK_ALLOWED_HOSTS', () => {
    expect(allowedHostsFromEnv({ WEBHOOK_ALLOWED_HOSTS: ' 127.0.0.1, [::1],Localhost ,' })).toEqual([
      '127.0.0.1',
      '::1',
      'localhost',
    ]);
    expect(allowedHostsFromEnv({})).toEqual([]);
  });
});
