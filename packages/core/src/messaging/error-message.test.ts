import { ErrorMessage } from './error-message';
import { sameFormat } from './format-aliases';

describe(ErrorMessage, () => {
  it("should carry upstream's format name and snake_case fields on the wire", () => {
    const error = new ErrorMessage({ agentType: 'A', errorType: 'E', errorMessage: 'm' });
    expect(ErrorMessage.format).toBe('rustic_ai.core.agents.commons.message_formats.ErrorMessage');
    expect(error.toJSON()).toEqual({ agent_type: 'A', error_type: 'E', error_message: 'm' });
  });
});

describe(sameFormat, () => {
  it("should match the short ErrorMessage alias with upstream's name, and nothing else", () => {
    expect(sameFormat('ErrorMessage', ErrorMessage.format)).toBe(true);
    expect(sameFormat(ErrorMessage.format, 'ErrorMessage')).toBe(true);
    expect(sameFormat('ErrorMessage', 'other.ErrorMessage')).toBe(false);
    expect(sameFormat('toString', 'toString')).toBe(true);
    expect(sameFormat('toString', 'constructor')).toBe(false);
  });
});
