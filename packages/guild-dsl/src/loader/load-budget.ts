import { SPEC_LIMITS, type SpecLimits } from './spec-limits';

const mib = (bytes: number): string =>
  `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MiB`;

/**
 * What one spec load has used of its `SPEC_LIMITS`. Each `take*` returns undefined when the use
 * fits, else the sentence to report; the reader then stops following that branch.
 */
export class LoadBudget {
  private bytes = 0;
  private includedFiles = 0;
  private aliasNodes = 0;
  private nodes = 0;

  constructor(readonly limits: SpecLimits = SPEC_LIMITS) {}

  /** Bytes one more file may have: the per-file cap or what is left of the total. */
  fileAllowance(): number {
    return Math.min(this.limits.maxFileBytes, this.limits.maxTotalBytes - this.bytes);
  }

  /** Why a file of `size` bytes cannot be read, if it cannot. */
  refuseFileSize(size: number): string | undefined {
    if (size > this.limits.maxFileBytes) {
      return `the file is ${mib(size)}; a spec file may have at most ${mib(this.limits.maxFileBytes)}`;
    }
    if (this.bytes + size > this.limits.maxTotalBytes) {
      return `the spec's files would total over ${mib(this.limits.maxTotalBytes)}, the most one spec may read`;
    }
    return undefined;
  }

  takeBytes(size: number): void {
    this.bytes += size;
  }

  takeIncludedFile(): string | undefined {
    this.includedFiles++;
    if (this.includedFiles <= this.limits.maxIncludedFiles) return undefined;
    return `more than ${this.limits.maxIncludedFiles} !include/!code files in one spec (an include fan-out?)`;
  }

  takeAliasNodes(count: number): string | undefined {
    this.aliasNodes += count;
    if (this.aliasNodes <= this.limits.maxAliasNodes) return undefined;
    return `aliases would expand to more than ${this.limits.maxAliasNodes} values in all (a YAML alias bomb?)`;
  }

  /** Counts one loaded value; false once the spec has more than `maxNodes`. */
  takeNode(): boolean {
    this.nodes++;
    return this.nodes <= this.limits.maxNodes;
  }

  get nodeLimitMessage(): string {
    return `the spec has more than ${this.limits.maxNodes} values`;
  }
}
