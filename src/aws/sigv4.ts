/**
 * AWS Signature Version 4 for requests signed in the Authorization header, on node:crypto
 * alone (the light table must not load the SDK's signer). The steps and their names follow
 * AWS's documentation: canonical request, string to sign, signing key, signature.
 */
import { createHash, createHmac } from 'node:crypto';

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface SignableRequest {
  readonly method: string;
  /** The Host header: hostname, and the port when it is not the protocol's default. */
  readonly host: string;
  /** The path as sent, already URI-encoded. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  /** Headers to sign besides host, x-amz-date and x-amz-security-token. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface SigningScope {
  readonly credentials: SigningCredentials;
  readonly region: string;
  readonly service: string;
  readonly date: Date;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

/** The headers to add to the request: x-amz-date, x-amz-security-token, authorization. */
export function signatureHeaders(
  request: SignableRequest,
  scope: SigningScope,
): Record<string, string> {
  const { amzDate, dateStamp } = signingDates(scope.date);
  const added: Record<string, string> = { 'x-amz-date': amzDate };
  if (scope.credentials.sessionToken)
    added['x-amz-security-token'] = scope.credentials.sessionToken;
  const signed = { ...request, headers: { ...request.headers, ...added } };
  const canonical = canonicalRequest(signed);
  const credentialScope = `${dateStamp}/${scope.region}/${scope.service}/aws4_request`;
  const toSign = [ALGORITHM, amzDate, credentialScope, sha256Hex(canonical.text)].join('\n');
  const key = signingKey(scope.credentials.secretAccessKey, dateStamp, scope.region, scope.service);
  const signature = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  return {
    ...added,
    authorization:
      `${ALGORITHM} Credential=${scope.credentials.accessKeyId}/${credentialScope}, ` +
      `SignedHeaders=${canonical.signedHeaders}, Signature=${signature}`,
  };
}

/** The canonical request, with the list of signed headers it names. */
export function canonicalRequest(request: SignableRequest): {
  text: string;
  signedHeaders: string;
} {
  const headers = new Map<string, string>([['host', request.host.trim()]]);
  for (const [name, value] of Object.entries(request.headers)) {
    headers.set(name.toLowerCase(), value.trim().replace(/\s+/g, ' '));
  }
  const names = [...headers.keys()].sort();
  const signedHeaders = names.join(';');
  const text = [
    request.method.toUpperCase(),
    canonicalUri(request.path),
    canonicalQuery(request.query ?? {}),
    ...names.map((name) => `${name}:${headers.get(name)}`),
    '',
    signedHeaders,
    sha256Hex(request.body),
  ].join('\n');
  return { text, signedHeaders };
}

export function signingKey(
  secretAccessKey: string,
  dateStamp: string,
  region: string,
  service: string,
): Buffer {
  const date = hmac(`AWS4${secretAccessKey}`, dateStamp);
  return hmac(hmac(hmac(date, region), service), 'aws4_request');
}

/** 20150830T123600Z and 20150830, in UTC. */
export function signingDates(date: Date): { amzDate: string; dateStamp: string } {
  const amzDate = `${date.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
  return { amzDate, dateStamp: amzDate.slice(0, 8) };
}

// Every service but S3 encodes the already-encoded path once more, segment by segment.
function canonicalUri(path: string): string {
  const uri = path.split('/').map(uriEncode).join('/');
  return uri.startsWith('/') ? uri : `/${uri}`;
}

function canonicalQuery(query: Readonly<Record<string, string>>): string {
  return Object.entries(query)
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** RFC 3986: everything but A-Z a-z 0-9 - _ . ~ percent-encoded, in upper-case hex. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}
