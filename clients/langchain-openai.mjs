// LangChain JS with @langchain/openai pointed at the lab model's /v1, as its docs show for
// OpenAI-compatible servers.
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import * as m from './matrix.mjs';
import * as lc from './langchain.mjs';

const configuration = { baseURL: m.openAiBaseUrl };
const chat = (model = m.chatModel) => new ChatOpenAI({ model, apiKey: 'ollama', configuration, maxRetries: 0 });

await m.run({
  ...lc.chatCases(chat),

  async embeddings() {
    const embeddings = new OpenAIEmbeddings({ model: m.embeddingModel, apiKey: 'ollama', configuration, maxRetries: 0 });
    return m.expectRealEmbedding(await embeddings.embedQuery(m.embeddingText));
  },
});
