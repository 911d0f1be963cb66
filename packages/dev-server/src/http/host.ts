/**
 * The `Host` header check that stops DNS rebinding: a server bound to loopback answers only to
 * loopback names, so a web page whose domain was re-pointed at 127.0.0.1 cannot read from it.
 *
 * @packageDocumentation
 */
import { isLoopbackHost } from '../options.js';

/** The host name of a `Host` header (port and IPv6 brackets removed), or undefined. @internal */
export function hostName(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  const m = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(hostHeader.trim());
  return m ? m[1]!.replace(/^\[|\]$/g, '') : undefined;
}

/** True when a request may be served: any Host off loopback, only loopback names on loopback. @internal */
export function hostAllowed(boundToLoopback: boolean, hostHeader: string | undefined): boolean {
  if (!boundToLoopback) return true;
  const name = hostName(hostHeader);
  return name !== undefined && isLoopbackHost(name);
}
