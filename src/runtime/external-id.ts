type Env = Readonly<Record<string, string | undefined>>;

/**
 * The external id the spoke roles' trust policies ask for: from the SSM parameter named by
 * SPOKE_EXTERNAL_ID_PARAM (the stack sets it), or SPOKE_EXTERNAL_ID itself (local runs and
 * tests). Read once per container; a failed read is tried again at the next use.
 */
export function externalIdReader(env: Env): () => Promise<string | undefined> {
  const plain = env.SPOKE_EXTERNAL_ID?.trim();
  const param = env.SPOKE_EXTERNAL_ID_PARAM?.trim();
  let read: Promise<string | undefined> | undefined;
  return () => {
    if (plain) return Promise.resolve(plain);
    if (!param) return Promise.resolve(undefined);
    read ??= (async () => {
      const { getDecryptedParameters } = await import('./ssm-parameters.js');
      const out = await getDecryptedParameters([param]);
      const value = out.Parameters?.find((p) => p.Name === param)?.Value?.trim();
      if (!value) {
        throw new Error(
          `SSM parameter ${param} (SPOKE_EXTERNAL_ID_PARAM) is missing or empty: create it with the external id the spoke roles trust`,
        );
      }
      return value;
    })();
    read.catch(() => {
      read = undefined;
    });
    return read;
  };
}
