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
