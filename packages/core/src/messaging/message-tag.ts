/** Who sent a message or who it is addressed to. Upstream's `AgentTag`. */
export interface AgentTag {
  id?: string;
  name?: string;
}
