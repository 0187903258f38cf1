import type { CloudFormationTemplate } from '../../scripts/deploy/package-stack.js';

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export interface FoundStatement {
  /** The logical id of the role or policy holding the statement. */
  readonly owner: string;
  readonly statement: PolicyStatement;
}

type PolicyDocument = { Statement: PolicyStatement | PolicyStatement[] };

const list = <T>(value: T | readonly T[] | undefined): readonly T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value as T];

/** Every identity and resource policy statement in the template. */
export function allStatements(template: CloudFormationTemplate): FoundStatement[] {
  const found: FoundStatement[] = [];
  for (const [owner, resource] of Object.entries(template.Resources)) {
    const props = (resource.Properties ?? {}) as Record<string, unknown>;
    const documents: PolicyDocument[] = [];
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of list(props.Policies as { PolicyDocument: PolicyDocument }[])) {
        documents.push(policy.PolicyDocument);
      }
    } else if (
      ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::S3::BucketPolicy'].includes(
        resource.Type,
      ) ||
      resource.Type.endsWith('QueuePolicy')
    ) {
      documents.push(props.PolicyDocument as PolicyDocument);
    }
    for (const document of documents) {
      for (const statement of list(document.Statement)) found.push({ owner, statement });
    }
  }
  return found;
}

export function roleStatements(template: CloudFormationTemplate, role: string): PolicyStatement[] {
  return allStatements(template)
    .filter((s) => s.owner === role)
    .map((s) => s.statement);
}

export const actionsOf = (s: PolicyStatement): readonly string[] => list(s.Action);
export const resourcesOf = (s: PolicyStatement): readonly unknown[] => list(s.Resource);

/** All actions a role is allowed. */
export function allowedActions(template: CloudFormationTemplate, role: string): Set<string> {
  return new Set(
    roleStatements(template, role)
      .filter((s) => s.Effect === 'Allow')
      .flatMap(actionsOf),
  );
}

/** What a request carries for the condition keys: absent, one value, or a set (aws:TagKeys). */
export type RequestContext = Readonly<Record<string, string | readonly string[] | undefined>>;

const wildcard = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/, '\\$&')))
      .join('')}$`,
    's',
  );

/** A request value that is not a number matches no numeric operator. */
const numeric =
  (compare: (a: number, w: number) => boolean) =>
  (actual: string, wanted: string): boolean => {
    const [a, w] = [Number(actual), Number(wanted)];
    return actual.trim() !== '' && Number.isFinite(a) && Number.isFinite(w) && compare(a, w);
  };

const MATCHERS: Record<string, (actual: string, wanted: string) => boolean> = {
  StringEquals: (a, w) => a === w,
  StringEqualsIgnoreCase: (a, w) => a.toLowerCase() === w.toLowerCase(),
  StringLike: (a, w) => wildcard(w).test(a),
  NumericEquals: numeric((a, w) => a === w),
  NumericLessThan: numeric((a, w) => a < w),
  NumericLessThanEquals: numeric((a, w) => a <= w),
  NumericGreaterThan: numeric((a, w) => a > w),
  NumericGreaterThanEquals: numeric((a, w) => a >= w),
};

/**
 * Whether a Condition block holds for a request, by IAM's documented rules, for the operators
 * this stack uses: every operator and every key in it must hold (AND); several policy values
 * for one key match when any does, and for a negated operator (StringNot...) when none does; a
 * key the request lacks fails a positive operator and passes a negated one; ForAllValues holds
 * when every request value is listed (also when there are none), ForAnyValue when one is; Null
 * "true" means absent; Numeric operators compare numbers (NumericNotEquals is not supported).
 * Literal (non-Fn) values only.
 */
export function conditionHolds(
  condition: Record<string, Record<string, unknown>>,
  request: RequestContext,
): boolean {
  return Object.entries(condition).every(([operator, keys]) =>
    Object.entries(keys).every(([key, policyValue]) => {
      const wanted = list(policyValue as string | readonly string[]).map(String);
      const actual = request[key];
      const values = actual === undefined ? [] : list(actual);
      if (operator === 'Null') return (actual === undefined) === (wanted[0] === 'true');
      const [qualifier, base = ''] = operator.includes(':')
        ? operator.split(':')
        : [undefined, operator];
      const negated = base.startsWith('StringNot');
      const match = MATCHERS[negated ? base.replace('StringNot', 'String') : base];
      if (!match) throw new Error(`conditionHolds: unsupported operator ${operator}`);
      const matches = (value: string) => wanted.some((w) => match(value, w));
      if (qualifier === 'ForAllValues') return values.every(matches);
      if (qualifier === 'ForAnyValue') return values.some(matches);
      if (values.length === 0) return negated;
      const [value = ''] = values;
      return negated ? !matches(value) : matches(value);
    }),
  );
}
