import { colorsFor } from './colors';
import { formatMessage } from './format-message';

const plain = colorsFor({ write: () => true }, {});
const colored = colorsFor({ write: () => true }, { FORCE_COLOR: '1' });

describe(formatMessage, () => {
  describe('having a short reply', () => {
    it('should print sender, format and payload on one line', () => {
      const text = formatMessage(
        {
          sender: { id: 'coder', name: 'Code Agent' },
          format: 'CodeResponse',
          payload: { status: 'success', output: 42 },
        },
        plain,
      );
      expect(text).toBe('● Code Agent (coder)  CodeResponse  {"status":"success","output":42}');
    });
  });

  describe('having a routed message', () => {
    it('should show where the hop went, its process status and reason', () => {
      const text = formatMessage(
        {
          sender: { id: 'RoutingAgent', name: 'Routing Agent' },
          format: 'Shout',
          payload: { text: 'HI' },
          topics: ['topic_1'],
          routingSlip: { steps: [] },
          processStatus: 'completed',
          messageHistory: [{ reason: ['done'] }],
        },
        plain,
      );
      expect(text).toBe(
        '● Routing Agent (RoutingAgent)  Shout → topic_1 [completed] (done)  {"text":"HI"}',
      );
    });
  });

  describe('having a payload with multi-line text', () => {
    it('should print it as an indented block', () => {
      const text = formatMessage(
        { sender: { name: 'a' }, format: 'CodeResponse', payload: { stdout: 'line 1\nline 2\n' } },
        plain,
      );
      expect(text.split('\n').slice(1)).toEqual(['    stdout: |', '      line 1', '      line 2']);
    });
  });

  describe('having an error reply and colours on', () => {
    it('should print it in red', () => {
      const text = formatMessage(
        {
          sender: { name: 'a' },
          format: 'CodeResponse',
          payload: { status: 'error', error: 'boom' },
        },
        colored,
      );
      expect(text).toContain('\u001b[31m');
      expect(text).toContain('✗');
    });
  });

  describe('having a successful reply and colours on', () => {
    it('should not print red', () => {
      const text = formatMessage(
        { sender: { name: 'a' }, format: 'CodeResponse', payload: { status: 'success' } },
        colored,
      );
      expect(text).not.toContain('\u001b[31m');
    });
  });

  describe('having an error with a stack in its details', () => {
    const error = {
      sender: { name: 'a' },
      format: 'ErrorMessage',
      isErrorMessage: true,
      payload: {
        error_message: 'boom',
        details: { processor: 'run', stack: 'Error: boom\n    at run' },
      },
    };

    it('should leave the stack out', () => {
      expect(formatMessage(error, plain)).toBe(
        '✗ a  ErrorMessage  {"error_message":"boom","details":{"processor":"run"}}',
      );
    });

    it('should print the stack with verbose', () => {
      expect(formatMessage(error, plain, { verbose: true })).toContain('at run');
    });
  });
});
