/**
 * IAM refuses a role whose inline policies together exceed 10,240 characters, whitespace not
 * counted (IAM quotas), and CloudFormation finds out half way through a deploy. The kinds'
 * statements grow with every region and kind, so packaging measures them first.
 */
export const ROLE_INLINE_POLICIES_MAX = 10_240;

/**
 * What serverless.yml's own statements of a role (logs, table, secrets, queue) may take, resolved:
 * test/deploy/template.test.ts measures them on the packaged template. The rest is the kinds'.
 */
export const FIXED_STATEMENTS_ALLOWANCE = 3_000;

export const KIND_STATEMENTS_BUDGET = ROLE_INLINE_POLICIES_MAX - FIXED_STATEMENTS_ALLOWANCE;

/** Pseudo parameters at their longest: GovCloud's partition, a 14-character region. */
const PSEUDO: Readonly<Record<string, string>> = {
  'AWS::Partition': 'aws-us-gov',
  'AWS::AccountId': '123456789012',
  'AWS::Region': 'ap-southeast-3',
  'AWS::URLSuffix': 'amazonaws.com.cn',
};

/** An attribute CloudFormation fills in (a table's or a queue's ARN): generously long. */
const ATTRIBUTE = `arn:aws-us-gov:service:ap-southeast-3:123456789012:${'x'.repeat(80)}`;

/** Characters of a policy document (or statements) once CloudFormation has resolved it. */
export function resolvedPolicySize(document: unknown): number {
  const text = JSON.stringify(document, (_key, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const fn = value as Record<string, unknown>;
      if (typeof fn['Fn::Sub'] === 'string') {
        return fn['Fn::Sub'].replace(
          /\$\{([^}]+)\}/g,
          (whole, name: string) => PSEUDO[name] ?? whole,
        );
      }
      if ('Fn::GetAtt' in fn || 'Ref' in fn) return ATTRIBUTE;
    }
    return value;
  });
  return text.replace(/\s/g, '').length;
}
