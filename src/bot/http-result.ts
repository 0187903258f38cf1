/** What the bot's Lambda answers API Gateway (HTTP API, payload 2.0). */
export interface HttpApiResult {
  statusCode: number;
  body: string;
  headers?: Record<string, string>;
}
