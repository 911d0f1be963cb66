// A plain Node script, run as users run it: an agent deletes a production object through a
// governed S3 client. ASCEND holds the command for a human; the script waits, then the command
// is sent. Nothing calls process.exit: the process must end by itself once the work is done.
// The S3 endpoint is simulated in-process (no AWS account here); everything else is real.
import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AscendClient } from '@ascend/node';
import { governAwsClient } from '@ascend/aws-sdk';
import { HttpResponse } from '@smithy/protocol-http';
import { Readable } from 'node:stream';

let sent = 0;
const requestHandler = {
  async handle() {
    sent++;
    return { response: new HttpResponse({ statusCode: 204, headers: { 'x-amz-request-id': 'r1' }, body: Readable.from([]) }) };
  },
};

const ascend = new AscendClient({ agentId: 'cleanup-agent', logLevel: 'error' });
const s3 = governAwsClient(new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' }, requestHandler }), ascend, {
  approvalPollIntervalMs: 100,
  approvalTimeoutMs: 30_000,
});

try {
  const out = await s3.send(new DeleteObjectCommand({ Bucket: 'prod-reports', Key: 'q3.csv' }));
  console.log(JSON.stringify({ status: out.$metadata.httpStatusCode, sent }));
} catch (error) {
  console.log(JSON.stringify({ error: error.name, sent }));
  process.exitCode = 1;
} finally {
  s3.destroy();
  await ascend.close();
}
