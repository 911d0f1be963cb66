/**
 * Logging for governed MCP tools: the governance pipeline's masked logger, tagged `component: 'mcp'`.
 */
import { GovernanceLog as PipelineLog } from '@ascend/governance';
import type { Logger, LogLevel } from '@ascend/core';

export { stderrJsonLogger, ignoreRejection } from '@ascend/governance';

/** @internal The pipeline's {@link PipelineLog} with `component: 'mcp'`. */
export class GovernanceLog extends PipelineLog {
  constructor(logger: Logger, level: LogLevel) {
    super(logger, level, 'mcp');
  }
}
