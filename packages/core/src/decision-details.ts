/**
 * The typed fields of a decision beyond its outcome (Python client 2.5.0 and 2.7.0), read
 * leniently from the decision's `raw` body. `AscendClient` reads them into every decision it
 * returns; the lean `AscendAgentClient` does not (its bundle stays as it was), and
 * {@link readDecisionDetails} reads them on demand.
 */
import { id, isObject, type WireObject } from './wire-read.js';

/**
 * The service's own verdict label (Python client 2.7.0, `enforcement_decision`). Informational:
 * the outcome is always {@link DecisionBase.decision}, read from `decision` / `status`.
 */
export type EnforcementDecision = 'auto_approved' | 'pending_approval' | 'denied' | 'escalated';

const ENFORCEMENT_DECISIONS: readonly string[] = ['auto_approved', 'pending_approval', 'denied', 'escalated'];

/**
 * Typed fields of a decision response beyond the outcome (reference §12 and
 * docs/protocol-2.4-2.7.md): the 22 fields the Python client promoted in 2.5.0 and the 2.7.0
 * attribution fields. Each is present only when the service sent it with the expected type.
 */
export interface DecisionDetails {
  /** `correlation_id`: the service's id for this request. */
  readonly correlationId?: string;
  /** `cvss_score`: CVSS v3.1 base score. */
  readonly cvssScore?: number;
  /** `cvss_severity`, e.g. `HIGH`. */
  readonly cvssSeverity?: string;
  /** `cvss_vector`, e.g. `CVSS:3.1/AV:N/...`. */
  readonly cvssVector?: string;
  /** `mitre_tactic`, e.g. `TA0010`. */
  readonly mitreTactic?: string;
  /** `mitre_technique`, e.g. `T1041`. */
  readonly mitreTechnique?: string;
  /** `nist_control`, e.g. `AC-3`. */
  readonly nistControl?: string;
  /** `nist_description`. */
  readonly nistDescription?: string;
  /** `code_analysis`: the code analysis block, as sent. */
  readonly codeAnalysis?: Readonly<Record<string, unknown>>;
  /** `prompt_security`: the prompt security block, as sent. */
  readonly promptSecurity?: Readonly<Record<string, unknown>>;
  /** `mcp_governance`: the MCP server enforcement block (Python client 2.5.1), as sent. */
  readonly mcpGovernance?: Readonly<Record<string, unknown>>;
  /** `model_governance`: the model registry block (Python client 2.5.1), as sent. */
  readonly modelGovernance?: Readonly<Record<string, unknown>>;
  /** `processing_time_ms`: the service's processing time. */
  readonly processingTimeMs?: number;
  /** `alert_triggered`: whether the action raised an alert. */
  readonly alertTriggered?: boolean;
  /** `alert_id`: the alert raised, when one was (numbers become strings). */
  readonly alertId?: string;
  /** `workflow_id`: the approval workflow, when one runs (numbers become strings). */
  readonly workflowId?: string;
  /** `policy_decision`: the policy engine's own label. */
  readonly policyDecision?: string;
  /** `matched_policies`: how many policies matched (a count in 2.5.0 responses). */
  readonly matchedPolicies?: number;
  /** `matched_smart_rules`: how many smart rules matched. */
  readonly matchedSmartRules?: number;
  /** `output_scan_result`, e.g. `CLEAN` or `BLOCKED`. */
  readonly outputScanResult?: string;
  /** `output_findings_count`. */
  readonly outputFindingsCount?: number;
  /** `thresholds`: the risk thresholds applied, as sent. */
  readonly thresholds?: Readonly<Record<string, unknown>>;
  /**
   * `enforcement_decision` (2.7.0): the service's verdict label. An unknown value is left out;
   * it never changes {@link DecisionBase.decision}.
   */
  readonly enforcementDecision?: EnforcementDecision;
  /** `enforcement_decision_source` (2.7.0): which signal drove the verdict, as sent. */
  readonly enforcementDecisionSource?: string;
}

/** Wire name, camel-case name and kind (s string, n number, b boolean, o object, i id) of each detail field. */
const DETAIL_FIELDS: readonly (readonly [string, string, 's' | 'n' | 'b' | 'o' | 'i'])[] = (
  'correlation_id s cvss_score n cvss_severity s cvss_vector s mitre_tactic s mitre_technique s nist_control s nist_description s ' +
  'code_analysis o prompt_security o mcp_governance o model_governance o processing_time_ms n alert_triggered b alert_id i workflow_id i ' +
  'policy_decision s matched_policies n matched_smart_rules n output_scan_result s output_findings_count n thresholds o ' +
  'enforcement_decision_source s'
)
  .split(' ')
  .reduce<[string, string, 's' | 'n' | 'b' | 'o' | 'i'][]>((rows, word, i, words) => {
    if (i % 2 === 0) rows.push([word, word.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), words[i + 1] as 's']);
    return rows;
  }, []);

/**
 * Reads the {@link DecisionDetails} of a decision body leniently: a field of the wrong type or an
 * unknown attribution value is dropped, never thrown.
 */
export function readDetails(o: WireObject): DecisionDetails {
  const out: Record<string, unknown> = {};
  for (const [wire, name, kind] of DETAIL_FIELDS) {
    const v = o[wire];
    const value =
      kind === 's'
        ? typeof v === 'string'
          ? v
          : undefined
        : kind === 'n'
          ? typeof v === 'number' && Number.isFinite(v)
            ? v
            : undefined
          : kind === 'b'
            ? typeof v === 'boolean'
              ? v
              : undefined
            : kind === 'o'
              ? isObject(v)
                ? v
                : undefined
              : id(o, wire);
    if (value !== undefined) out[name] = value;
  }
  const verdict = o['enforcement_decision'];
  if (typeof verdict === 'string' && ENFORCEMENT_DECISIONS.includes(verdict)) out['enforcementDecision'] = verdict;
  return out;
}

/**
 * The {@link DecisionDetails} of a decision, read from its `raw` body (for decisions of the lean
 * `AscendAgentClient`, which leaves `details` undefined). Never throws: a malformed field is left out.
 *
 * @example
 * ```ts
 * const { cvssScore, enforcementDecision } = readDecisionDetails(await agent.evaluateAction(req))
 * ```
 */
export function readDecisionDetails(decision: { readonly raw: Readonly<Record<string, unknown>> }): DecisionDetails {
  return readDetails(decision.raw);
}
