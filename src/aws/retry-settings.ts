/**
 * The SDK's standard retry mode backs off exponentially with jitter and treats EC2's
 * RequestLimitExceeded as throttling; a few more attempts than its default 3 ride out a
 * burst of stops across regions. Endpoints and credentials come from the SDK's own
 * settings, so AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL_DYNAMODB point at an emulator.
 */
export const RETRY_SETTINGS = { maxAttempts: 6, retryMode: 'standard' } as const;
