import { describe, expect, it } from 'vitest';
import {
  checkRemoteUrl,
  classifyAddress,
  NetworkRefusal,
  resolveAndCheck,
  type AddressKind,
  type NetworkRefusalCode,
} from '../../src/network/index.js';
import { formatIp, parseIpv4, parseIpv6, readHost } from '../../src/network/ip.js';
import { scriptedLookup } from './support.js';

describe('IP literal parsing', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['0177.0.0.01', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['127.0.1', '127.0.0.1'],
    ['10.0.0.1.', '10.0.0.1'],
    ['0xA9.0xFE.0xA9.0xFE', '169.254.169.254'],
    ['0', '0.0.0.0'],
    ['0x', '0.0.0.0'],
  ])('reads the IPv4 spelling %s as %s', (text, canonical) => {
    const ip = parseIpv4(text);
    expect(ip && formatIp(ip)).toBe(canonical);
  });

  it.each(['256.0.0.1', '1.2.3.4.5', '4294967296', '0x100000000', '08.0.0.1', '1..2', '1.2.3.0x1g'])('rejects %s', (text) => {
    expect(parseIpv4(text)).toBeNull();
  });

  it.each([
    ['::1', '::1'],
    ['[::1]', '::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['::ffff:10.0.0.1', '::ffff:a00:1'],
    ['::FFFF:A00:1', '::ffff:a00:1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['64:ff9b::192.168.1.1', '64:ff9b::c0a8:101'],
  ])('reads the IPv6 text %s as %s', (text, canonical) => {
    const ip = parseIpv6(text);
    expect(ip && formatIp(ip)).toBe(canonical);
  });

  it('treats a host that ends in a number as an address or as invalid, never as a name', () => {
    expect(readHost('0x7f.1')).toMatchObject({ kind: 'ip', text: '127.0.0.1' });
    expect(readHost('example.0x10')).toMatchObject({ kind: 'invalid' });
    expect(readHost('1.2.3.4.5')).toMatchObject({ kind: 'invalid' });
    expect(readHost('Example.COM.')).toEqual({ kind: 'name', name: 'example.com' });
    expect(readHost('[::1')).toMatchObject({ kind: 'invalid' });
  });
});

describe('address classes', () => {
  const table: readonly [string, AddressKind][] = [
    ['8.8.8.8', 'public'],
    ['203.0.113.10', 'public'],
    ['1.1.1.1', 'public'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.255', 'private'],
    ['198.18.0.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['192.0.0.192', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.0.8', 'reserved'],
    ['2606:4700::1111', 'public'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['fd00:ec2::254', 'metadata'],
    ['fd20:ce::254', 'metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a00:1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:8.8.8.8', 'public'],
    ['::10.0.0.1', 'private'],
    ['::ffff:0:10.0.0.1', 'private'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['64:ff9b:1::1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:a9fe:a9fe::1', 'metadata'],
    ['2002:808:808::1', 'public'],
    ['2001:0:4136:e378::1', 'reserved'],
    ['100::1', 'reserved'],
    ['4000::1', 'reserved'],
  ];
  it.each(table)('%s is %s', (address, kind) => {
    expect(classifyAddress(address)?.kind).toBe(kind);
  });

  it('says which range an embedded address fell in', () => {
    expect(classifyAddress('::ffff:10.0.0.1')?.range).toBe('IPv4-mapped form of 10.0.0.1, 10.0.0.0/8 (private network)');
    expect(classifyAddress('not an address')).toBeNull();
  });
});

type UrlCase = readonly [url: string, allowPrivateNetwork: boolean, expected: 'ok' | NetworkRefusalCode];

describe('checkRemoteUrl', () => {
  const table: readonly UrlCase[] = [
    ['https://mcp.example.com/mcp', false, 'ok'],
    ['https://8.8.8.8/mcp', false, 'ok'],
    ['http://mcp.example.com/mcp', false, NetworkRefusal.InsecureHttp],
    ['http://mcp.example.com/mcp', true, NetworkRefusal.InsecureHttp],
    ['http://127.0.0.1:3000/mcp', false, 'ok'],
    ['http://127.8.9.10/mcp', false, 'ok'],
    ['http://[::1]:3000/mcp', false, 'ok'],
    ['http://localhost:3000/mcp', false, 'ok'],
    ['http://LOCALHOST./mcp', false, 'ok'],
    ['http://api.localhost/mcp', false, 'ok'],
    ['http://2130706433/mcp', false, 'ok'],
    ['http://0x7f.1/mcp', false, 'ok'],
    ['http://017700000001/', false, 'ok'],
    ['http://[::ffff:127.0.0.1]/', false, 'ok'],
    ['https://10.0.0.1/mcp', false, NetworkRefusal.PrivateAddress],
    ['https://10.0.0.1/mcp', true, 'ok'],
    ['http://10.0.0.1/mcp', true, NetworkRefusal.InsecureHttp],
    ['https://0xa000001/', false, NetworkRefusal.PrivateAddress],
    ['https://[::ffff:a00:1]/', false, NetworkRefusal.PrivateAddress],
    ['https://[fd00::1]/', false, NetworkRefusal.PrivateAddress],
    ['https://[fe80::1]/', true, 'ok'],
    ['https://169.254.169.254/latest/meta-data', false, NetworkRefusal.Metadata],
    ['https://169.254.169.254/latest/meta-data', true, NetworkRefusal.Metadata],
    ['http://169.254.169.254/', true, NetworkRefusal.Metadata],
    ['http://0xa9fea9fe/', true, NetworkRefusal.Metadata],
    ['http://2852039166/', true, NetworkRefusal.Metadata],
    ['https://[fd00:ec2::254]/', true, NetworkRefusal.Metadata],
    ['https://[::ffff:169.254.169.254]/', true, NetworkRefusal.Metadata],
    ['https://100.100.100.200/', true, NetworkRefusal.Metadata],
    ['https://metadata.google.internal/computeMetadata/v1/', true, NetworkRefusal.Metadata],
    ['https://METADATA.google.internal./', true, NetworkRefusal.Metadata],
    ['http://metadata/', true, NetworkRefusal.Metadata],
    ['https://metadata.goog/', true, NetworkRefusal.Metadata],
    ['https://instance-data/', true, NetworkRefusal.Metadata],
    ['https://instance-data.ec2.internal/', true, NetworkRefusal.Metadata],
    ['https://0.0.0.0/', true, NetworkRefusal.SpecialAddress],
    ['http://0/', true, NetworkRefusal.SpecialAddress],
    ['https://255.255.255.255/', true, NetworkRefusal.SpecialAddress],
    ['https://224.0.0.1/', true, NetworkRefusal.SpecialAddress],
    ['https://user:pass@mcp.example.com/', false, NetworkRefusal.CredentialsInUrl],
    ['https://token@mcp.example.com/', false, NetworkRefusal.CredentialsInUrl],
    ['ftp://mcp.example.com/', false, NetworkRefusal.UnsupportedScheme],
    ['file:///etc/passwd', false, NetworkRefusal.UnsupportedScheme],
    ['ws://127.0.0.1/', false, NetworkRefusal.UnsupportedScheme],
    ['not a url', false, NetworkRefusal.InvalidUrl],
    ['https://1.2.3.4.5/', false, NetworkRefusal.InvalidUrl],
  ];
  it.each(table)('%s (allowPrivateNetwork %s) → %s', (url, allowPrivateNetwork, expected) => {
    const result = checkRemoteUrl(url, { allowPrivateNetwork });
    expect(result.ok ? 'ok' : result.code).toBe(expected);
  });

  it('never repeats credentials, the path or the query in what it reports', () => {
    const result = checkRemoteUrl('https://alice:s3cret@mcp.example.com/k3y/mcp?key=abc');
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toMatch(/s3cret|alice|abc|k3y/);
    const refused = checkRemoteUrl('https://10.0.0.1/k3y/mcp?key=abc');
    expect(JSON.stringify(refused)).not.toMatch(/abc|k3y/);
  });
});

type ResolveCase = readonly [
  name: string,
  host: string,
  answers: readonly string[] | undefined,
  allowPrivateNetwork: boolean,
  expected: 'ok' | NetworkRefusalCode,
];

describe('resolveAndCheck', () => {
  const table: readonly ResolveCase[] = [
    ['a public answer', 'mcp.example.com', ['203.0.113.10'], false, 'ok'],
    ['several public answers', 'mcp.example.com', ['203.0.113.10', '2606:4700::1111'], false, 'ok'],
    ['a private answer', 'mcp.example.com', ['10.1.2.3'], false, NetworkRefusal.PrivateAddress],
    ['a private answer, private network allowed', 'mcp.example.com', ['10.1.2.3'], true, 'ok'],
    ['a public name answering loopback (rebinding)', 'mcp.example.com', ['127.0.0.1'], false, NetworkRefusal.PrivateAddress],
    ['a public name answering loopback, private network allowed', 'mcp.example.com', ['127.0.0.1'], true, 'ok'],
    ['a public name answering ::1', 'mcp.example.com', ['::1'], false, NetworkRefusal.PrivateAddress],
    ['mixed public + private', 'mcp.example.com', ['203.0.113.10', '192.168.0.5'], false, NetworkRefusal.PrivateAddress],
    ['mixed private + public', 'mcp.example.com', ['172.20.0.1', '203.0.113.10'], false, NetworkRefusal.PrivateAddress],
    ['mixed public + metadata, private allowed', 'mcp.example.com', ['203.0.113.10', '169.254.169.254'], true, NetworkRefusal.Metadata],
    ['CGNAT', 'mcp.example.com', ['100.64.1.1'], false, NetworkRefusal.PrivateAddress],
    ['link-local', 'mcp.example.com', ['169.254.10.10'], false, NetworkRefusal.PrivateAddress],
    ['IPv6 unique local', 'mcp.example.com', ['fd00::5'], false, NetworkRefusal.PrivateAddress],
    ['IPv6 link-local', 'mcp.example.com', ['fe80::5'], false, NetworkRefusal.PrivateAddress],
    ['IPv4-mapped private', 'mcp.example.com', ['::ffff:10.0.0.1'], false, NetworkRefusal.PrivateAddress],
    ['IPv4-mapped private, hex', 'mcp.example.com', ['::ffff:a00:1'], false, NetworkRefusal.PrivateAddress],
    ['NAT64 of loopback', 'mcp.example.com', ['64:ff9b::7f00:1'], false, NetworkRefusal.PrivateAddress],
    ['AWS metadata address', 'mcp.example.com', ['169.254.169.254'], true, NetworkRefusal.Metadata],
    ['AWS metadata over IPv6', 'mcp.example.com', ['fd00:ec2::254'], true, NetworkRefusal.Metadata],
    ['Alibaba metadata', 'mcp.example.com', ['100.100.100.200'], true, NetworkRefusal.Metadata],
    ['ECS task metadata', 'mcp.example.com', ['169.254.170.2'], true, NetworkRefusal.Metadata],
    ['mapped metadata', 'mcp.example.com', ['::ffff:169.254.169.254'], true, NetworkRefusal.Metadata],
    ['unspecified', 'mcp.example.com', ['0.0.0.0'], true, NetworkRefusal.SpecialAddress],
    ['multicast', 'mcp.example.com', ['ff02::1'], true, NetworkRefusal.SpecialAddress],
    ['broadcast', 'mcp.example.com', ['255.255.255.255'], true, NetworkRefusal.SpecialAddress],
    ['an answer that is not an address', 'mcp.example.com', ['localhost'], true, NetworkRefusal.DnsFailure],
    ['a legacy IPv4 spelling from the resolver', 'mcp.example.com', ['0x7f.1'], true, NetworkRefusal.DnsFailure],
    ['no answer', 'mcp.example.com', [], false, NetworkRefusal.DnsFailure],
    ['an unknown name', 'nowhere.example.com', undefined, false, NetworkRefusal.DnsFailure],
    ['the GCP metadata name', 'metadata.google.internal', ['203.0.113.10'], true, NetworkRefusal.Metadata],
    ['the GCP metadata name with a dot', 'metadata.google.internal.', ['203.0.113.10'], true, NetworkRefusal.Metadata],
    ['the short metadata name', 'metadata', ['203.0.113.10'], true, NetworkRefusal.Metadata],
    ['metadata.goog', 'metadata.goog', ['203.0.113.10'], true, NetworkRefusal.Metadata],
    ['the EC2 metadata name', 'instance-data.ec2.internal', ['203.0.113.10'], true, NetworkRefusal.Metadata],
    ['a loopback literal', '127.0.0.1', undefined, false, 'ok'],
    ['a loopback literal, decimal', '2130706433', undefined, false, 'ok'],
    ['a loopback literal, hex', '0x7f.1', undefined, false, 'ok'],
    ['a loopback literal, octal', '0177.0.0.1', undefined, false, 'ok'],
    ['[::1]', '[::1]', undefined, false, 'ok'],
    ['localhost', 'localhost', undefined, false, 'ok'],
    ['a private literal', '10.0.0.1', undefined, false, NetworkRefusal.PrivateAddress],
    ['a private literal, hex', '0xa000001', undefined, false, NetworkRefusal.PrivateAddress],
    ['a mapped private literal', '[::ffff:a00:1]', undefined, false, NetworkRefusal.PrivateAddress],
    ['a metadata literal, decimal', '2852039166', undefined, true, NetworkRefusal.Metadata],
    ['a bad numeric host', '1.2.3.4.5', undefined, true, NetworkRefusal.InvalidHost],
    ['an empty host', '', undefined, true, NetworkRefusal.InvalidHost],
  ];

  it.each(table)('%s', async (_name, host, answers, allowPrivateNetwork, expected) => {
    const lookup = scriptedLookup(answers === undefined ? {} : { [host.toLowerCase().replace(/\.$/, '')]: answers });
    const result = await resolveAndCheck(host, { lookup, allowPrivateNetwork });
    expect(result.ok ? 'ok' : result.code).toBe(expected);
  });

  it('never asks the resolver about IP literals, localhost or metadata names', async () => {
    const lookup = scriptedLookup({});
    for (const host of ['127.0.0.1', '0x7f.1', '[::1]', '10.0.0.1', 'localhost', 'app.localhost', 'metadata.google.internal', '1.2.3.4.5']) {
      await resolveAndCheck(host, { lookup, allowPrivateNetwork: true });
    }
    expect(lookup.calls).toEqual([]);
  });

  it('returns every address once, in resolver order, and names the refused one', async () => {
    const lookup = scriptedLookup({ 'mcp.example.com': ['2606:4700::1111', '203.0.113.10', '203.0.113.10'] });
    expect(await resolveAndCheck('mcp.example.com', { lookup })).toEqual({
      ok: true,
      host: 'mcp.example.com',
      addresses: [
        { address: '2606:4700::1111', family: 6, kind: 'public' },
        { address: '203.0.113.10', family: 4, kind: 'public' },
      ],
    });
    const mixed = await resolveAndCheck('mcp.example.com', { lookup: scriptedLookup({ 'mcp.example.com': ['203.0.113.10', '10.9.8.7'] }) });
    expect(mixed).toMatchObject({ ok: false, data: { host: 'mcp.example.com', address: '10.9.8.7' } });
    expect(mixed.ok ? '' : mixed.message).toContain('10.9.8.7');
  });

  it('judges each lookup on its own: a changed answer is checked again', async () => {
    const lookup = scriptedLookup({ 'mcp.example.com': [['203.0.113.10'], ['127.0.0.1']] });
    expect((await resolveAndCheck('mcp.example.com', { lookup })).ok).toBe(true);
    expect(await resolveAndCheck('mcp.example.com', { lookup })).toMatchObject({ ok: false, code: NetworkRefusal.PrivateAddress });
  });

  it('can withdraw the loopback exception (for redirects from elsewhere)', async () => {
    expect((await resolveAndCheck('127.0.0.1', { allowNamedLoopback: false })).ok).toBe(false);
    expect((await resolveAndCheck('localhost', { allowNamedLoopback: false })).ok).toBe(false);
    expect((await resolveAndCheck('localhost', { allowNamedLoopback: false, allowPrivateNetwork: true })).ok).toBe(true);
  });

  it('stops waiting for the resolver when the signal aborts', async () => {
    const never = Object.assign(() => new Promise<never>(() => undefined), { calls: [] });
    const controller = new AbortController();
    const pending = resolveAndCheck('slow.example.com', { lookup: never, signal: controller.signal });
    controller.abort(new Error('gave up'));
    await expect(pending).rejects.toThrow('gave up');
  });
});
