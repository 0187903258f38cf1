import { describe, expect, it } from 'vitest';
import { stopinatorTable } from '../../src/aws/dynamo-store.js';
import { Ec2Fleet } from '../../src/aws/ec2-fleet.js';
import type { Snooze } from '../../src/core/snooze.js';
import { loadConfig } from '../../src/runtime/load-config.js';
import { snooze } from '../fixtures/fleet.js';
import { useMoto } from '../support/moto.js';
import {
  everyFiveMinutes,
  invoke,
  launch,
  type SentCommand,
  startByHand,
  statesOf,
  stopByHand,
  TABLE,
  useSchedulerOnMoto,
} from '../support/scheduler-on-moto.js';

const moto = useMoto();
const world = useSchedulerOnMoto(moto);

// Monday 23 November 2026, Paris on CET (UTC+1): the stop at 20:00 is 19:00Z, the start at
// 08:00 on Tuesday is 07:00Z.
const FROM = '2026-11-23T18:00:00Z'; // Monday 19:00 Paris
const TO = '2026-11-24T07:30:00Z'; // Tuesday 08:30 Paris

/** [instance name, command, scheduled time of the run that sent it] */
function actions(
  sent: readonly SentCommand[],
  times: readonly string[],
  names: Map<string, string>,
) {
  return sent.flatMap((command, index) =>
    /^(Stop|Start)Instances$/.test(command.name)
      ? (command.input.InstanceIds as string[]).map((id) => [
          names.get(id) ?? id,
          command.name,
          times[index],
        ])
      : [],
  );
}

describe('the scheduler handler and what people do', () => {
  it('leaves a hand-started instance running, a hand-stopped one stopped, and a snoozed one up until its end', async () => {
    // Prepare
    const ec2 = world.ec2('eu-west-1');
    const names = ['regular', 'night-owl', 'on-purpose', 'late-worker'];
    const ids = new Map<string, string>();
    for (const name of names) {
      const [id = ''] = await launch(ec2, 1, { Name: name, stopinator: 'office-hours' });
      ids.set(name, id);
    }
    const id = (name: string) => ids.get(name) ?? '';
    const nameOf = new Map([...ids].map(([name, instanceId]) => [instanceId, name]));
    const config = loadConfig(world.configFile);
    const store = stopinatorTable(world.dynamo(), TABLE).snoozes;
    const snoozeMade = Date.parse('2026-11-23T18:27:00Z'); // 19:27 Paris
    const length: Snooze['length'] = { kind: 'until', time: { hour: 22, minute: 30 } };
    const lateWorker = await new Ec2Fleet({ clientFor: () => ec2, tagKey: 'stopinator' }).lookUp(
      'eu-west-1',
      { name: 'late-worker' },
    );
    const lateSnooze: Snooze = {
      ...snooze(snoozeMade, length, {
        selector: { kind: 'name', pattern: 'late-worker' },
        instances: lateWorker,
        config,
      }),
      id: 'snooze-late-worker',
    };
    // A person stops it on purpose in the afternoon: no stop mark.
    await stopByHand(ec2, [id('on-purpose')]);
    const handler = await world.freshHandler();
    const sent = world.recordEc2Commands();
    const sentAt: string[] = [];

    // Act
    for (const scheduledTime of everyFiveMinutes(FROM, TO)) {
      if (scheduledTime === '2026-11-23T18:30:00.000Z') await store.putSnooze(lateSnooze);
      const first = sent.length;
      const summary = await invoke(handler, scheduledTime);
      expect(summary.failed).toBe(0);
      for (let i = first; i < sent.length; i++) sentAt.push(scheduledTime);
      // 22:00 Paris, two hours after the stop: someone needs it tonight.
      if (scheduledTime === '2026-11-23T21:00:00.000Z') await startByHand(ec2, [id('night-owl')]);
    }

    // Assess
    expect(actions(sent, sentAt, nameOf)).toEqual([
      ['regular', 'StopInstances', '2026-11-23T19:00:00.000Z'],
      ['night-owl', 'StopInstances', '2026-11-23T19:00:00.000Z'],
      ['late-worker', 'StopInstances', '2026-11-23T21:30:00.000Z'], // 22:30 Paris, not 20:00
      ['regular', 'StartInstances', '2026-11-24T07:00:00.000Z'],
      ['late-worker', 'StartInstances', '2026-11-24T07:00:00.000Z'],
    ]);
    expect(Object.fromEntries(await statesOf(ec2, [...ids.values()]))).toEqual({
      [id('regular')]: 'running',
      [id('night-owl')]: 'running',
      [id('on-purpose')]: 'stopped',
      [id('late-worker')]: 'running',
    });
    const reasons = (name: string) =>
      world.logs
        .filter((line) => line.message === 'decision' && line.name === name)
        .map((line) => `${line.scheduledTime} ${line.code}: ${line.reason}`);
    expect(reasons('late-worker')).toEqual([
      '2026-11-23T19:00:00.000Z postponed: kept running: snoozed by @alice until 22:30 Europe/Paris',
      '2026-11-23T21:00:00.000Z stop-ahead: stops at 22:30 Europe/Paris (schedule office-hours)',
      '2026-11-23T21:30:00.000Z snooze-ended: stopped: snooze by @alice ended at 22:30 Europe/Paris (schedule office-hours stops at 20:00 Europe/Paris)',
      '2026-11-24T07:00:00.000Z scheduled-start: started: schedule office-hours, 08:00 Europe/Paris',
    ]);
    expect(reasons('on-purpose')).toEqual([
      '2026-11-23T19:00:00.000Z already-stopped: already stopped at the schedule office-hours stop',
      '2026-11-24T07:00:00.000Z stopped-by-hand: left stopped: it was stopped by hand, not by the stopinator',
    ]);
    expect(reasons('night-owl')).toContain(
      '2026-11-24T07:00:00.000Z already-running: already running at the schedule office-hours start',
    );
  }, 60_000);
});
