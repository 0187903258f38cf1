import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { canonicalRequest, signatureHeaders } from '../../src/aws/sigv4.js';

// AWS's documented example: IAM ListUsers, signed on 2015-08-30 with the example keys.
const EXAMPLE_CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const EXAMPLE_REQUEST = {
  method: 'GET',
  host: 'iam.amazonaws.com',
  path: '/',
  query: { Version: '2010-05-08', Action: 'ListUsers' },
  headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
  body: '',
};
const EXAMPLE_DATE = new Date('2015-08-30T12:36:00Z');

/** The SDK signer's hash, on node:crypto (what @smithy/hash-node does). */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Buffer {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

describe('Signature Version 4', () => {
  it("gives the canonical request AWS's documentation hashes for its example", () => {
    // Act
    const canonical = canonicalRequest({
      ...EXAMPLE_REQUEST,
      headers: { ...EXAMPLE_REQUEST.headers, 'X-Amz-Date': '20150830T123600Z' },
    });

    // Assess
    expect(canonical.text).toBe(
      [
        'GET',
        '/',
        'Action=ListUsers&Version=2010-05-08',
        'content-type:application/x-www-form-urlencoded; charset=utf-8',
        'host:iam.amazonaws.com',
        'x-amz-date:20150830T123600Z',
        '',
        'content-type;host;x-amz-date',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ].join('\n'),
    );
    expect(createHash('sha256').update(canonical.text).digest('hex')).toBe(
      'f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59',
    );
  });

  it("signs AWS's documentation example with the signature it documents", () => {
    // Act
    const headers = signatureHeaders(EXAMPLE_REQUEST, {
      credentials: EXAMPLE_CREDENTIALS,
      region: 'us-east-1',
      service: 'iam',
      date: EXAMPLE_DATE,
    });

    // Assess
    expect(headers).toEqual({
      'x-amz-date': '20150830T123600Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, ' +
        'SignedHeaders=content-type;host;x-amz-date, ' +
        'Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    });
  });

  it.each([
    ['an AWS endpoint', 'dynamodb.eu-west-1.amazonaws.com', 'eu-west-1'],
    ['a local emulator on a port', '127.0.0.1:5000', 'us-east-1'],
  ])(
    'signs a DynamoDB POST with a session token as the SDK does, on %s',
    async (_, host, region) => {
      // Prepare
      const credentials = {
        accessKeyId: 'ASIAEXAMPLEKEYID0001',
        secretAccessKey: 'c2VjcmV0IGFjY2VzcyBrZXkgZm9yIHRoZSB0ZXN0cw',
        sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCWV1LXdlc3QtMSJHMEUCIQ==',
      };
      const body = JSON.stringify({
        TableName: 'stopinator',
        Key: { pk: { S: 'snooze' }, sk: { S: 'été ☀️ 🌙' } },
      });
      const headers = {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.GetItem',
      };
      const date = new Date('2026-11-24T19:00:07Z');
      const sdk = new SignatureV4({
        credentials,
        region,
        service: 'dynamodb',
        sha256: NodeSha256,
        applyChecksum: false,
      });

      // Act
      const ours = signatureHeaders(
        { method: 'POST', host, path: '/', headers, body },
        { credentials, region, service: 'dynamodb', date },
      );
      const theirs = await sdk.sign(
        {
          method: 'POST',
          protocol: 'https:',
          hostname: host.split(':')[0] ?? host,
          port: host.includes(':') ? Number(host.split(':')[1]) : undefined,
          path: '/',
          query: {},
          headers: { host, ...headers },
          body,
        },
        { signingDate: date },
      );

      // Assess
      expect(ours.authorization).toMatch(
        /SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,/,
      );
      expect(ours).toEqual({
        'x-amz-date': theirs.headers['x-amz-date'],
        'x-amz-security-token': credentials.sessionToken,
        authorization: theirs.headers.authorization,
      });
    },
  );
});
