import { type JsonObject } from './json';
import { type Message } from './message';
import { upstreamDump } from './upstream-dump';

/** Looks up an earlier message by id; undefined when it is no longer (or never was) known. */
export type FindMessage = (id: string) => Message | undefined;

/**
 * Upstream's `_enrich_message`, run on each delivered copy: when the message asks for
 * `enrichWithHistory: n`, the messages that the last `n` hops of its history answered are put
 * in `sessionState.enriched_history`, each as upstream's JSON text (`model_dump_json` without
 * `session_state`, `current_thread_id`, `root_thread_id`). A message `find` does not know is
 * left out. Changes `message` in place (it is the receiver's own copy).
 */
export function enrichWithHistory(message: Message, find: FindMessage): void {
  const wanted = message.enrichWithHistory ?? 0;
  if (wanted <= 0) return;
  const hops = message.messageHistory.slice(-Math.min(wanted, message.messageHistory.length));
  const enriched: string[] = [];
  for (const hop of hops) {
    const earlier = find(hop.origin);
    if (earlier === undefined) continue;
    const dump: JsonObject = upstreamDump(earlier);
    delete dump['session_state'];
    delete dump['current_thread_id'];
    delete dump['root_thread_id'];
    enriched.push(JSON.stringify(dump));
  }
  message.sessionState = { ...message.sessionState, enriched_history: enriched };
}
