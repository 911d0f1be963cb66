/**
 * Real AWS SDK v3 clients whose HTTP handler never leaves the process: it records what would
 * have been sent and answers like the service.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { Readable } from 'node:stream';

export interface RecordingHandler {
  sent: HttpRequest[];
  handle(request: HttpRequest): Promise<{ response: HttpResponse }>;
}

function handler(answer: (request: HttpRequest) => { status: number; body: string; headers?: Record<string, string> }): RecordingHandler {
  const sent: HttpRequest[] = [];
  return {
    sent,
    async handle(request) {
      sent.push(request);
      const { status, body, headers } = answer(request);
      return {
        response: new HttpResponse({ statusCode: status, headers: { 'x-amz-request-id': 'req-1', ...headers }, body: Readable.from([Buffer.from(body)]) }),
      };
    },
  };
}

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** An S3 client that answers every request with 204 (DeleteObject) or an empty bucket list. */
export function s3(answer?: Parameters<typeof handler>[0]) {
  const requestHandler = handler(
    answer ??
      ((request) =>
        request.method === 'GET'
          ? { status: 200, body: '<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>', headers: { 'content-type': 'application/xml' } }
          : { status: 204, body: '' }),
  );
  const client = new S3Client({ region: 'eu-west-1', credentials, requestHandler, maxAttempts: 1 });
  return { client, requestHandler };
}

/** A DynamoDB client that answers every request with `{}`. */
export function dynamo() {
  const requestHandler = handler(() => ({ status: 200, body: '{}', headers: { 'content-type': 'application/x-amz-json-1.0' } }));
  const client = new DynamoDBClient({ region: 'eu-west-1', credentials, requestHandler, maxAttempts: 1 });
  return { client, requestHandler };
}
