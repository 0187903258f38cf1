// esbuild plugins for the Lambda bundles (serverless-esbuild `plugins`, and the benchmarks).
//
// `@slack/bolt`'s entry point loads every receiver: Express, the HTTP server and Socket Mode,
// with express, @slack/oauth and @slack/socket-mode behind them. The bot on Lambda uses App
// and AwsLambdaReceiver only, so those modules are replaced by a stub that throws if anything
// ever constructs them. The local entry point (src/bot/local.ts) is not bundled and keeps them.
const UNUSED_IN_LAMBDA = [
  /^\.\/receivers\/(ExpressReceiver|HTTPReceiver|SocketModeReceiver|SocketModeFunctions|HTTPModuleFunctions)$/,
  /^\.\/(ExpressReceiver|HTTPReceiver|SocketModeReceiver|SocketModeFunctions|HTTPModuleFunctions)$/,
  /^@slack\/(oauth|socket-mode)$/,
  /^express$/,
];

const boltLambdaOnly = {
  name: 'bolt-lambda-only',
  setup(build) {
    for (const filter of UNUSED_IN_LAMBDA) {
      build.onResolve({ filter }, (args) => {
        if (!/[\\/]@slack[\\/]bolt[\\/]/.test(args.importer)) return undefined;
        return { path: args.path, namespace: 'bolt-unused' };
      });
    }
    build.onLoad({ filter: /.*/, namespace: 'bolt-unused' }, (args) => ({
      contents: `
        const unused = (name) => class { constructor() { throw new Error(name + ' is not bundled for Lambda (esbuild.plugins.cjs)'); } };
        module.exports = new Proxy({ __esModule: true, default: unused(${JSON.stringify(args.path)}) }, {
          get: (target, key) => (key in target ? target[key] : unused(${JSON.stringify(args.path)} + '.' + String(key))),
        });
      `,
      loader: 'js',
    }));
  },
};

module.exports = [boltLambdaOnly];
