// esbuild plugins for the Lambda bundles (serverless.yml, custom.esbuild.plugins).
//
// Bolt is CommonJS, so esbuild cannot tree-shake it: `App` requires the HTTP and Socket Mode
// receivers at load time and the package index requires the Express receiver, and with them
// come express, body-parser, iconv-lite, @slack/socket-mode (and undici), @slack/oauth. The bot
// runs on AwsLambdaReceiver only; these modules cost about a megabyte of minified code and more
// than 100 ms of module loading on every cold start. The plugin replaces them, *when Bolt itself
// requires them*, with stubs that fail loudly if anything ever uses them. The local entry point
// (src/bot, HTTP or Socket Mode) is not bundled by serverless and keeps the real modules.
//
// CommonJS because serverless-esbuild loads this file with require().
'use strict';

const BOLT_DIST = /[\\/]node_modules[\\/]@slack[\\/]bolt[\\/]dist[\\/]/;
const NAMESPACE = 'stopinator-unused-in-lambda';

/** What Bolt requires -> the stub that replaces it. */
const STUBS = [
  { filter: /^\.\/receivers\/(HTTPReceiver|SocketModeReceiver|ExpressReceiver)$/, kind: 'class' },
  { filter: /^\.\/(HTTPReceiver|SocketModeReceiver|ExpressReceiver)$/, kind: 'class' },
  { filter: /^@slack\/oauth$/, kind: 'object' },
  { filter: /^@slack\/socket-mode$/, kind: 'object' },
  { filter: /^express$/, kind: 'function' },
  { filter: /^raw-body$/, kind: 'function' },
];

function stubSource(path, kind) {
  const message = JSON.stringify(
    `${path} is not bundled in the stopinator's Lambda functions (only AwsLambdaReceiver is used); see scripts/deploy/esbuild-plugins.cjs`,
  );
  if (kind === 'class') {
    return `class UnusedInLambda { constructor() { throw new Error(${message}); } }
module.exports = { __esModule: true, default: UnusedInLambda };`;
  }
  if (kind === 'function') {
    return `function unusedInLambda() { throw new Error(${message}); }
module.exports = unusedInLambda; module.exports.default = unusedInLambda;`;
  }
  return 'module.exports = {};';
}

/** @type {import('esbuild').Plugin} */
const stubUnusedBoltReceivers = {
  name: 'stub-unused-bolt-receivers',
  setup(build) {
    for (const { filter, kind } of STUBS) {
      build.onResolve({ filter }, (args) =>
        BOLT_DIST.test(args.importer)
          ? { path: args.path, namespace: NAMESPACE, pluginData: { kind } }
          : undefined,
      );
    }
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
      contents: stubSource(args.path, args.pluginData.kind),
      loader: 'js',
    }));
  },
};

module.exports = [stubUnusedBoltReceivers];
