/**
 * `@ascend/aws-sdk`: ASCEND governance for AWS SDK for JavaScript v3 commands. A middleware asks
 * ASCEND before a command is serialized, signed and sent, and reports how it went.
 *
 * @example
 * ```ts
 * import { S3Client, DeleteObjectCommand } from '@aws-sdk/client-s3'
 * import { AscendClient } from '@ascend/node'
 * import { governAwsClient } from '@ascend/aws-sdk'
 * const s3 = governAwsClient(new S3Client({}), new AscendClient())
 * await s3.send(new DeleteObjectCommand({ Bucket: 'reports', Key: 'q3.csv' }))
 * ```
 *
 * @packageDocumentation
 */
export { ascendMiddleware, governAwsClient, ASCEND_MIDDLEWARE_NAME, ASCEND_MIDDLEWARE_OPTIONS } from './middleware.js';
export type {
  AwsCommandInfo,
  AwsGovernanceMiddleware,
  AwsGovernanceOptions,
  AwsHandlerArguments,
  AwsHandlerOutput,
  AwsMiddlewareContext,
  AwsMiddlewareOptions,
  AwsClientLike,
  AwsNextHandler,
} from './middleware.js';
export { operationOf, resourceOf, riskOf, serviceOf } from './classify.js';
