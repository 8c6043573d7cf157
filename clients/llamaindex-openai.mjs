// LlamaIndex TS with @llamaindex/openai pointed at the lab model's /v1.
import { OpenAI, OpenAIEmbedding } from '@llamaindex/openai';
import * as m from './matrix.mjs';
import * as li from './llamaindex.mjs';

const session = { apiKey: 'ollama', baseURL: m.openAiBaseUrl, maxRetries: 0 };
const llm = (model = m.chatModel) => new OpenAI({ model, ...session });

await m.run({
  ...li.chatCases(llm),

  // @llamaindex/openai uses openai 5.x, which decodes the default base64 answer without looking.
  async embeddings() {
    const embedding = new OpenAIEmbedding({ model: m.embeddingModel, ...session });
    return m.expectRealEmbedding(await embedding.getTextEmbedding(m.embeddingText));
  },
});
