/**
 * The middleware on real AWS SDK v3 clients (S3, DynamoDB) whose HTTP handler stays in the
 * process: a command ASCEND does not allow is never sent.
 */
import { DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, ListBucketsCommand, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { ActionDeniedError, ConfigurationError, GovernanceUnavailableError, KillSwitchError, silentLogger } from '@ascend/core';
import { GOVERNED_OUTCOMES, MockAscendClient, OUTCOME_APPROVAL_TIMEOUT_MS } from '@ascend/testing';
import { describe, expect, it } from 'vitest';
import { ASCEND_MIDDLEWARE_OPTIONS, ascendMiddleware, governAwsClient, resourceOf, riskOf } from './index.js';
import { dynamo, s3 } from './test-support/aws.js';

const fast = { logger: silentLogger, approvalTimeoutMs: OUTCOME_APPROVAL_TIMEOUT_MS, approvalPollIntervalMs: 10 } as const;

describe('the outcome table: nothing is sent to AWS without an explicit allowed', () => {
  for (const scenario of GOVERNED_OUTCOMES) {
    it(`${scenario.name}: ${scenario.expected.runs ? 'sent' : `not sent (${scenario.expected.block})`}`, async () => {
      const ascend = scenario.client();
      const { client, requestHandler } = s3();
      governAwsClient(client, ascend, fast);
      try {
        const call = client.send(new DeleteObjectCommand({ Bucket: 'reports', Key: 'q3.csv' }));
        if (scenario.expected.runs) {
          const out = await call;
          expect(out.$metadata.httpStatusCode).toBe(204);
        } else {
          const error = await call.then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(Error);
          if (scenario.expected.block === 'denied') expect(error).toBeInstanceOf(ActionDeniedError);
          if (scenario.expected.block === 'kill_switch') expect(error).toBeInstanceOf(KillSwitchError);
          if (scenario.expected.block === 'unavailable') expect(error).toBeInstanceOf(GovernanceUnavailableError);
        }
        expect(requestHandler.sent.length).toBe(scenario.expected.runs ? 1 : 0);
        expect(ascend.executions.filter((e) => e.kind === 'completed').length).toBe(scenario.expected.completionRecorded ? 1 : 0);
      } finally {
        client.destroy();
        await ascend.close();
      }
    });
  }
});

describe('what ASCEND is told', () => {
  it('names the service and operation, the resource and a risk hint; the body never leaves the process', async () => {
    const ascend = new MockAscendClient();
    const { client, requestHandler } = s3();
    governAwsClient(client, ascend, fast);
    await client.send(new PutObjectCommand({ Bucket: 'reports', Key: 'q3.csv', Body: new TextEncoder().encode('secret-rows,1,2,3') }));
    const sent = ascend.actions[0]!.request;
    expect(sent.actionType).toBe('aws.s3.PutObject');
    expect(sent.resource).toBe('s3:reports/q3.csv');
    expect(sent.context).toMatchObject({ source: 'aws_sdk', tool_name: 's3.PutObject', aws_service: 's3', aws_operation: 'PutObject', risk_level: 'medium' });
    expect(JSON.stringify(sent)).not.toContain('secret-rows');
    expect(JSON.stringify(sent.parameters)).toContain('[binary 17 bytes]');
    expect(requestHandler.sent).toHaveLength(1);
    const report = ascend.executions[0]!;
    expect(report.kind).toBe('completed');
    expect(JSON.stringify(report)).toContain('http_status');
    client.destroy();
    await ascend.close();
  });

  it('governs DynamoDB the same way, with the table as the resource', async () => {
    const ascend = new MockAscendClient().decide('aws.dynamodb.DeleteItem', 'denied', { reason: 'no deletes on orders' });
    const { client, requestHandler } = dynamo();
    governAwsClient(client, ascend, fast);
    await client.send(new PutItemCommand({ TableName: 'orders', Item: { id: { S: '1' } } }));
    await expect(client.send(new DeleteItemCommand({ TableName: 'orders', Key: { id: { S: '1' } } }))).rejects.toBeInstanceOf(ActionDeniedError);
    expect(requestHandler.sent).toHaveLength(1);
    expect(ascend.actions.map((a) => [a.request.actionType, a.request.resource])).toEqual([
      ['aws.dynamodb.PutItem', 'dynamodb:orders'],
      ['aws.dynamodb.DeleteItem', 'dynamodb:orders'],
    ]);
    client.destroy();
    await ascend.close();
  });

  it('an AWS error is reported as a failure and rethrown as the SDK threw it', async () => {
    const ascend = new MockAscendClient();
    const { client } = s3(() => ({
      status: 403,
      body: '<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
      headers: { 'content-type': 'application/xml' },
    }));
    governAwsClient(client, ascend, fast);
    await expect(client.send(new DeleteObjectCommand({ Bucket: 'reports', Key: 'q3.csv' }))).rejects.toBeInstanceOf(S3ServiceException);
    expect(ascend.callsTo('logActionFailed')).toHaveLength(1);
    client.destroy();
    await ascend.close();
  });

  it('bypass skips only what it names', async () => {
    const ascend = new MockAscendClient().decide('*', 'denied');
    const { client, requestHandler } = s3();
    governAwsClient(client, ascend, { ...fast, bypass: ['s3.ListBuckets'] });
    await client.send(new ListBucketsCommand({}));
    await expect(client.send(new DeleteObjectCommand({ Bucket: 'b', Key: 'k' }))).rejects.toBeInstanceOf(ActionDeniedError);
    expect(requestHandler.sent).toHaveLength(1);
    expect(ascend.actions).toHaveLength(1);
    client.destroy();
    await ascend.close();
  });

  it('the middleware can be added by hand with the exported options (types included)', async () => {
    const ascend = new MockAscendClient().decide('*', 'denied');
    const { client, requestHandler } = s3();
    client.middlewareStack.add(ascendMiddleware(ascend, fast), ASCEND_MIDDLEWARE_OPTIONS);
    await expect(client.send(new DeleteObjectCommand({ Bucket: 'b', Key: 'k' }))).rejects.toBeInstanceOf(ActionDeniedError);
    expect(requestHandler.sent).toHaveLength(0);
    client.destroy();
    await ascend.close();
  });
});

describe('options and classification', () => {
  it('refuses bad options before any command, naming the field', () => {
    const ascend = new MockAscendClient();
    expect(() => ascendMiddleware(ascend, { bypass: 's3' as never })).toThrow(ConfigurationError);
    expect(() => ascendMiddleware(ascend, { riskLevel: 'extreme' as never })).toThrow(/riskLevel/);
    expect(() => ascendMiddleware(ascend, { approvalTimeoutMs: -1 })).toThrow(/approvalTimeoutMs/);
    expect(() => ascendMiddleware(ascend, { endpoint: 'mcp' } as never)).toThrow(/endpoint/);
    expect(() => governAwsClient({ middlewareStack: {} }, ascend)).toThrow(/awsClient/);
  });

  it('classifies verbs and names resources', () => {
    expect(riskOf('s3', 'ListObjectsV2')).toBe('low');
    expect(riskOf('s3', 'PutObject')).toBe('medium');
    expect(riskOf('s3', 'DeleteObject')).toBe('high');
    expect(riskOf('s3', 'DeleteBucket')).toBe('critical');
    expect(riskOf('iam', 'AttachRolePolicy')).toBe('critical');
    expect(riskOf('iam', 'ListUsers')).toBe('low');
    expect(riskOf('ec2', 'TerminateInstances')).toBe('high');
    expect(riskOf('lambda', 'FrobnicateWidget')).toBe('medium');
    expect(resourceOf('ec2', { InstanceIds: ['i-1', 'i-2'] })).toBe('ec2:i-1,i-2');
    expect(resourceOf('sqs', {})).toBe('sqs');
  });
});

describe('shadow mode (enforcement: shadow)', () => {
  for (const scenario of GOVERNED_OUTCOMES) {
    const sent = scenario.name !== 'kill switch';
    it(`${scenario.name}: ${sent ? 'sent, marked as shadowed when governance would have blocked it' : 'not sent: the kill switch still blocks'}`, async () => {
      const ascend = scenario.client();
      const { client, requestHandler } = s3();
      governAwsClient(client, ascend, { ...fast, enforcement: 'shadow' });
      try {
        const result = await client.send(new DeleteObjectCommand({ Bucket: 'reports', Key: 'q3.csv' })).then(
          (out) => out.$metadata.httpStatusCode,
          (e: unknown) => e,
        );
        if (sent) expect(result).toBe(204);
        else expect(result).toBeInstanceOf(KillSwitchError);
        expect(requestHandler.sent.length).toBe(sent ? 1 : 0);
      } finally {
        client.destroy();
        await ascend.close();
      }
    });
  }

  it("the kill switch is only observed with shadowKillSwitch: 'observe'", async () => {
    const ascend = new MockAscendClient().setKillSwitch(true, { reason: 'drill' });
    const { client, requestHandler } = s3();
    governAwsClient(client, ascend, { ...fast, enforcement: 'shadow', shadowKillSwitch: 'observe' });
    await client.send(new DeleteObjectCommand({ Bucket: 'reports', Key: 'q3.csv' }));
    expect(requestHandler.sent).toHaveLength(1);
    client.destroy();
    await ascend.close();
  });
});
