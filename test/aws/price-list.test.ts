import { readFileSync } from 'node:fs';
import {
  GetProductsCommand,
  type GetProductsCommandOutput,
  PricingClient,
} from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsPriceList, hourlyFromPriceList, PRICE_LIST_REGION } from '../../src/aws/price-list.js';

// Recorded answers of the Price List Query API (its shape: PriceList entries are JSON strings;
// on-demand and reserved terms side by side). moto has no Pricing API.
const recorded = (name: string): GetProductsCommandOutput =>
  ({
    ...JSON.parse(readFileSync(`test/fixtures/price-list/${name}.json`, 'utf8')),
    $metadata: {},
  }) as GetProductsCommandOutput;

const pricing = mockClient(PricingClient);

beforeEach(() => pricing.reset());

function filtersSent(): Record<string, string> {
  const [call] = pricing.commandCalls(GetProductsCommand);
  return Object.fromEntries(
    (call?.args[0].input.Filters ?? []).map((f) => [f.Field as string, f.Value as string]),
  );
}

describe('the Price List, through GetProducts', () => {
  it('prices an EC2 instance from its type, region, platform details and tenancy: the on-demand term, not the reserved one', async () => {
    pricing.on(GetProductsCommand).resolves(recorded('ec2-t3-medium-eu-west-1'));
    const list = new AwsPriceList(new PricingClient({ region: PRICE_LIST_REGION }));

    const hourly = await list.hourly(
      { service: 'ec2', type: 't3.medium', count: 1, platform: 'Linux/UNIX', tenancy: 'default' },
      'eu-west-1',
    );

    expect(hourly).toBe(0.0456);
    const [call] = pricing.commandCalls(GetProductsCommand);
    expect(call?.args[0].input.ServiceCode).toBe('AmazonEC2');
    expect(filtersSent()).toEqual({
      regionCode: 'eu-west-1',
      instanceType: 't3.medium',
      operatingSystem: 'Linux',
      preInstalledSw: 'NA',
      tenancy: 'Shared',
      capacitystatus: 'Used',
      licenseModel: 'No License required',
    });
  });

  it('prices Windows with SQL Server as its own product', async () => {
    pricing.on(GetProductsCommand).resolves({ PriceList: [], $metadata: {} });
    const list = new AwsPriceList(new PricingClient({ region: PRICE_LIST_REGION }));
    const hourly = await list.hourly(
      { service: 'ec2', type: 'm5.large', count: 1, platform: 'Windows with SQL Server Standard' },
      'us-east-1',
    );
    expect(hourly).toBeUndefined();
    expect(filtersSent()).toMatchObject({ operatingSystem: 'Windows', preInstalledSw: 'SQL Std' });
  });

  it('prices a database from its class, engine and deployment, leaving Aurora’s I/O-Optimized product out', async () => {
    pricing.on(GetProductsCommand).resolves(recorded('rds-aurora-postgresql-r6g-large'));
    const list = new AwsPriceList(new PricingClient({ region: PRICE_LIST_REGION }));

    const hourly = await list.hourly(
      {
        service: 'rds',
        type: 'db.r6g.large',
        count: 1,
        engine: 'aurora-postgresql',
        multiAz: false,
      },
      'eu-west-1',
    );

    expect(hourly).toBe(0.29);
    const [call] = pricing.commandCalls(GetProductsCommand);
    expect(call?.args[0].input.ServiceCode).toBe('AmazonRDS');
    expect(filtersSent()).toEqual({
      regionCode: 'eu-west-1',
      instanceType: 'db.r6g.large',
      databaseEngine: 'Aurora PostgreSQL',
      deploymentOption: 'Single-AZ',
    });
  });

  it('asks nothing for what it cannot name exactly (a licence-included engine, a dedicated host)', async () => {
    const list = new AwsPriceList(new PricingClient({ region: PRICE_LIST_REGION }));
    expect(
      await list.hourly(
        { service: 'rds', type: 'db.m5.large', count: 1, engine: 'oracle-se2' },
        'eu-west-1',
      ),
    ).toBeUndefined();
    expect(
      await list.hourly(
        { service: 'ec2', type: 'm5.large', count: 1, tenancy: 'host' },
        'eu-west-1',
      ),
    ).toBeUndefined();
    expect(pricing.commandCalls(GetProductsCommand)).toHaveLength(0);
  });

  it('gives no price when the products disagree, rather than picking one', () => {
    const product = (usd: string) =>
      JSON.stringify({
        product: { attributes: { storage: 'EBS Only' } },
        terms: {
          OnDemand: { a: { priceDimensions: { b: { unit: 'Hrs', pricePerUnit: { USD: usd } } } } },
        },
      });
    expect(hourlyFromPriceList([product('0.1'), product('0.1')])).toBe(0.1);
    expect(hourlyFromPriceList([product('0.1'), product('0.2')])).toBeUndefined();
    expect(hourlyFromPriceList([])).toBeUndefined();
  });
});
