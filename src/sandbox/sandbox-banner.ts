import { relative } from 'node:path';
import type { StopinatorConfig } from '../core/config.js';
import { KINDS, type ResourceKind } from '../core/resource-kind.js';
import { terminalTime } from './decision-lines.js';
import type { DemoInstance } from './demo-fleet.js';
import type { SimClock } from './sim-clock.js';

export interface BannerFacts {
  readonly config: StopinatorConfig;
  readonly configFile: string;
  readonly logFile: string;
  readonly moto: { readonly endpoint: string; readonly pid: number };
  readonly botUrl?: string;
  readonly slackApiUrl?: string;
  readonly socket: boolean;
  readonly seeded: readonly DemoInstance[];
  readonly clock: SimClock;
  readonly zone: string;
}

/** What runs where: the lines the sandbox prints once it is up. */
export function bannerLines(facts: BannerFacts): string[] {
  const { clock, config } = facts;
  const regions = new Map<string, number>();
  for (const { region } of facts.seeded) regions.set(region, (regions.get(region) ?? 0) + 1);
  const fleet = [...regions].map(([region, n]) => `${n} in ${region}`).join(', ');
  const kinds = new Map<ResourceKind, number>();
  for (const { kind = 'ec2' } of facts.seeded) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  const ofKinds = [...kinds].map(([kind, n]) => `${KINDS[kind].label} ${n}`).join(', ');
  const seeded =
    kinds.size > 1
      ? `${facts.seeded.length} resources: ${fleet} (${ofKinds})`
      : `${facts.seeded.length} instances: ${fleet}`;
  return [
    facts.socket
      ? 'stopinator sandbox: your Slack workspace (Socket Mode), AWS emulated by moto'
      : 'stopinator sandbox: everything on this machine, no AWS account, no Slack workspace',
    `  moto (AWS)            ${facts.moto.endpoint}  (pid ${facts.moto.pid})`,
    ...(facts.botUrl ? [`  bot (Slack requests)  ${facts.botUrl}`] : []),
    ...(facts.slackApiUrl ? [`  fake Slack Web API    ${facts.slackApiUrl}`] : []),
    `  demo fleet            ${seeded}`,
    `  configuration         ${shortPath(facts.configFile)}`,
    `  logs                  ${shortPath(facts.logFile)}`,
    `  clock                 ${terminalTime(clock.now(), facts.zone)}, ${pace(clock)}`,
    ...(facts.socket
      ? [
          `  Slack                 connected; posts go to ${config.slack.channel ?? 'no channel (slack.channel is not set: warnings go to the log)'}`,
          '  AWS                   still moto: nothing in your AWS account is touched',
        ]
      : []),
  ];
}

function pace(clock: SimClock): string {
  if (!clock.running) return 'standing still: advance and wait until move it (scripts)';
  if (clock.speed === 1) return 'real time';
  const seconds = 3600 / clock.speed;
  const every =
    seconds >= 60 ? `${Math.round(seconds / 6) / 10} min` : `${Math.round(seconds * 10) / 10} s`;
  return `${clock.speed}× (a simulated hour every ${every})`;
}

function shortPath(path: string): string {
  return relative(process.cwd(), path) || path;
}
