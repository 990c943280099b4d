import { type Message } from '../messaging/message';
import { ESSENTIAL_TOPICS, SELF_INBOX_PREFIX } from '../messaging/topics';
import { type BoundProcessor } from './bound-processor';
import { NONE, type Selection, split } from './processor-selection';

const essentialTopics = new Set(ESSENTIAL_TOPICS);

/**
 * Which of an agent's processors a message selects, cached by format: on the agent's self inbox
 * and the guild's essential topics only `handleEssential` ones, on another self inbox none.
 */
export class ProcessorSelector {
  private readonly byFormat = new Map<string, Selection>();
  private readonly essentialByFormat = new Map<string, Selection>();

  constructor(
    private readonly processors: readonly BoundProcessor[],
    private readonly selfTopic: string,
  ) {}

  /** True for the agent's self inbox and the guild's essential topics. */
  isEssential(topic: string): boolean {
    return topic === this.selfTopic || essentialTopics.has(topic);
  }

  /** The processors for a message: by format, and only `handleEssential` ones on essential topics. */
  select(message: Message, topic: string): Selection {
    const essential = this.isEssential(topic);
    if (!essential && topic.startsWith(SELF_INBOX_PREFIX)) return NONE;
    const cache = essential ? this.essentialByFormat : this.byFormat;
    let selected = cache.get(message.format);
    if (selected === undefined) {
      selected = split(
        this.processors.filter(
          (p) =>
            (!essential || p.definition.handleEssential) &&
            (p.definition.format === null || p.definition.format === message.format),
        ),
      );
      cache.set(message.format, selected);
    }
    return selected;
  }
}
