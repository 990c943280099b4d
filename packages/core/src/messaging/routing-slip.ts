import { type JsonObject } from './json';
import { type AgentTag } from './message-tag';

/**
 * Upstream's `RoutingSlip`: routing rules (`routes.steps[]`) in upstream's snake_case JSON, as
 * written in a spec or built with `RouteBuilder`. A message carries the steps still to run.
 */
export interface RoutingSlip {
  steps: JsonObject[];
}

/** Upstream's `ProcessStatus` of a routed message. */
export type ProcessStatus = 'running' | 'error' | 'completed';

/** Set on a forwarded message: which message it forwards, on whose behalf. */
export interface ForwardHeader {
  originMessageId: string;
  onBehalfOf: AgentTag;
}
