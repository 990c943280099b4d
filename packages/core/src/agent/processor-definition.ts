import { type AgentDependency } from '../di/agent-dependency';
import { type Message } from '../messaging/message';
import { type PayloadClass } from '../messaging/payload';
import { type Agent } from './agent';

/** What `@processor` records about one agent method. */
export interface ProcessorDefinition {
  methodName: string;
  /** The format handled; null for a raw processor, which receives every format. */
  format: string | null;
  /** Validates and types the payload; null for a plain-format or raw processor. */
  payloadClass: PayloadClass | null;
  dependsOn: AgentDependency[];
  predicate: ((agent: Agent, message: Message) => boolean) | null;
  /** Also runs for essential topics and the agent's own self inbox. */
  handleEssential: boolean;
  /** The processor's own timeout (ms; `0`/`null`: none); absent: the agent's `processorTimeoutMs`. */
  timeoutMs?: number | null;
  /** Runs when the message arrives instead of queuing behind the message in progress. */
  onArrival?: boolean;
}
