/** What a sandbox sent that the protocol does not allow; it ends that sandbox. */
export class ProtocolViolation extends Error {}
