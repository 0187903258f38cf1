/** The parts of an API Gateway HTTP API (payload 2.0) event the bot reads. */
export interface HttpApiEvent {
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
  readonly headers?: Record<string, string | undefined> | null;
  readonly rawPath?: string;
  readonly requestContext?: unknown;
}

export interface NormalizedEvent {
  readonly body: string;
  readonly isBase64Encoded: false;
  readonly headers: Record<string, string>;
  readonly rawPath?: string;
  readonly stopinatorReceivedAt: number;
}

/**
 * Hands Bolt what it can parse: a UTF-8 body (Bolt decodes base64 as ASCII), lowercase
 * headers, and a bare media type (Bolt compares the whole Content-Type header, so
 * `application/x-www-form-urlencoded; charset=utf-8` would otherwise fail to parse).
 */
export function normalizeEvent(event: HttpApiEvent, receivedAt: number): NormalizedEvent {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (typeof value === 'string') headers[key.toLowerCase()] = value;
  }
  const contentType = headers['content-type'];
  if (contentType) headers['content-type'] = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  const raw = event.body ?? '';
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  return {
    body,
    isBase64Encoded: false,
    headers,
    ...(event.rawPath ? { rawPath: event.rawPath } : {}),
    stopinatorReceivedAt: receivedAt,
  };
}
