import { Payload, PayloadFields, type JsonObject, type JsonValue } from '@guildkit/core';

/** Data to analyse: a list of records, or CSV text (the seeds' `AnalysisRequest`). */
export class AnalysisRequest extends Payload {
  static readonly format = 'AnalysisRequest';

  constructor(readonly data: JsonValue) {
    super();
  }

  static fromJson(json: JsonObject): AnalysisRequest {
    const data = new PayloadFields(json, AnalysisRequest.format).value('data');
    if (typeof data !== 'string' && !Array.isArray(data)) {
      throw new Error('AnalysisRequest.data must be a list of records or CSV text');
    }
    return new AnalysisRequest(data);
  }
}
