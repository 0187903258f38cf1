import {
  GetParametersCommand,
  type GetParametersCommandOutput,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSlackSecretsReader,
  readSlackBotToken,
  readSlackSecrets,
  SecretsError,
} from '../../src/runtime/secrets.js';

const ssm = mockClient(SSMClient);
const client = () => new SSMClient({ region: 'eu-west-1' });

const PARAM_ENV = {
  SLACK_SIGNING_SECRET_PARAM: '/stopinator/test/slack-signing-secret',
  SLACK_BOT_TOKEN_PARAM: '/stopinator/test/slack-bot-token',
};

function parametersFound(values: Record<string, string>): GetParametersCommandOutput {
  return {
    Parameters: Object.entries(values).map(([Name, Value]) => ({
      Name,
      Value,
      Type: 'SecureString',
    })),
    InvalidParameters: [],
    $metadata: {},
  };
}

afterEach(() => ssm.reset());

describe('reading the Slack secrets', () => {
  it('uses values given in the environment as they are, without calling SSM', async () => {
    const read = createSlackSecretsReader();

    const secrets = await read(
      { ...PARAM_ENV, SLACK_SIGNING_SECRET: 'local-secret', SLACK_BOT_TOKEN: 'xoxb-local' },
      client(),
    );

    expect(secrets).toEqual({ signingSecret: 'local-secret', botToken: 'xoxb-local' });
    expect(ssm.calls()).toHaveLength(0);
  });

  it('reads both parameters in one decrypted GetParameters call', async () => {
    ssm.on(GetParametersCommand).resolves(
      parametersFound({
        '/stopinator/test/slack-signing-secret': 'from-ssm',
        '/stopinator/test/slack-bot-token': 'xoxb-from-ssm',
      }),
    );
    const read = createSlackSecretsReader();

    const secrets = await read(PARAM_ENV, client());

    expect(secrets).toEqual({ signingSecret: 'from-ssm', botToken: 'xoxb-from-ssm' });
    expect(ssm.commandCalls(GetParametersCommand)).toHaveLength(1);
    expect(ssm.commandCalls(GetParametersCommand)[0]?.args[0].input).toEqual({
      Names: ['/stopinator/test/slack-signing-secret', '/stopinator/test/slack-bot-token'],
      WithDecryption: true,
    });
  });

  it('remembers the values for the life of the container', async () => {
    ssm.on(GetParametersCommand).resolves(
      parametersFound({
        '/stopinator/test/slack-signing-secret': 's',
        '/stopinator/test/slack-bot-token': 'xoxb-t',
      }),
    );
    const read = createSlackSecretsReader();

    await read(PARAM_ENV, client());
    await Promise.all([read(PARAM_ENV, client()), read(PARAM_ENV, client())]);

    expect(ssm.commandCalls(GetParametersCommand)).toHaveLength(1);
  });

  it('forgets a failed read, so the next invocation tries again', async () => {
    ssm
      .on(GetParametersCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .resolves(
        parametersFound({
          '/stopinator/test/slack-signing-secret': 's',
          '/stopinator/test/slack-bot-token': 'xoxb-t',
        }),
      );
    const read = createSlackSecretsReader();

    const failure = await read(PARAM_ENV, client()).catch((error: unknown) => error);
    const secrets = await read(PARAM_ENV, client());

    expect(failure).toBeInstanceOf(SecretsError);
    expect((failure as SecretsError).message).toMatch(/Rate exceeded/);
    expect((failure as SecretsError).cause).toBeInstanceOf(Error);
    expect(secrets.botToken).toBe('xoxb-t');
    expect(ssm.commandCalls(GetParametersCommand)).toHaveLength(2);
  });

  it('names every parameter SSM does not have', async () => {
    ssm.on(GetParametersCommand).resolves({
      Parameters: [],
      InvalidParameters: [
        '/stopinator/test/slack-signing-secret',
        '/stopinator/test/slack-bot-token',
      ],
    });
    const read = createSlackSecretsReader();

    const failure = (await read(PARAM_ENV, client()).catch((e: unknown) => e)) as SecretsError;

    expect(failure).toBeInstanceOf(SecretsError);
    expect(failure.name).toBe('SecretsError');
    expect(failure.missing).toEqual([
      '/stopinator/test/slack-signing-secret',
      '/stopinator/test/slack-bot-token',
    ]);
    expect(failure.message).toMatch(/slack-signing-secret, \/stopinator\/test\/slack-bot-token/);
  });

  it('names the variables to set when neither a value nor a parameter name is given', async () => {
    const read = createSlackSecretsReader();

    const failure = (await read({}, client()).catch((e: unknown) => e)) as SecretsError;

    expect(failure).toBeInstanceOf(SecretsError);
    expect(failure.missing).toEqual([
      'SLACK_SIGNING_SECRET or SLACK_SIGNING_SECRET_PARAM',
      'SLACK_BOT_TOKEN or SLACK_BOT_TOKEN_PARAM',
    ]);
    expect(ssm.calls()).toHaveLength(0);
  });

  it('fetches only what the environment does not give', async () => {
    ssm
      .on(GetParametersCommand)
      .resolves(parametersFound({ '/stopinator/test/slack-bot-token': 'xoxb-from-ssm' }));
    const read = createSlackSecretsReader();

    const secrets = await read({ ...PARAM_ENV, SLACK_SIGNING_SECRET: 'local' }, client());

    expect(secrets).toEqual({ signingSecret: 'local', botToken: 'xoxb-from-ssm' });
    expect(ssm.commandCalls(GetParametersCommand)[0]?.args[0].input.Names).toEqual([
      '/stopinator/test/slack-bot-token',
    ]);
  });

  it('reads the bot token alone for the scheduler, which has no signing secret to read', async () => {
    ssm
      .on(GetParametersCommand)
      .resolves(parametersFound({ '/stopinator/test/slack-bot-token': 'xoxb-from-ssm' }));
    const read = createSlackSecretsReader(['botToken']);

    const secrets = await read(
      { SLACK_BOT_TOKEN_PARAM: PARAM_ENV.SLACK_BOT_TOKEN_PARAM },
      client(),
    );

    expect(secrets).toEqual({ botToken: 'xoxb-from-ssm' });
    expect(ssm.commandCalls(GetParametersCommand)[0]?.args[0].input.Names).toEqual([
      '/stopinator/test/slack-bot-token',
    ]);
  });

  it('is ready to use as the functions use it', async () => {
    await expect(
      readSlackSecrets({ SLACK_SIGNING_SECRET: 'a', SLACK_BOT_TOKEN: 'xoxb-b' }),
    ).resolves.toEqual({ signingSecret: 'a', botToken: 'xoxb-b' });
    await expect(readSlackBotToken({ SLACK_BOT_TOKEN: 'xoxb-b' })).resolves.toEqual({
      botToken: 'xoxb-b',
    });
  });
});
