// LangChain JS with @langchain/ollama, as its docs show it.
import { ChatOllama, OllamaEmbeddings } from '@langchain/ollama';
import * as m from './matrix.mjs';
import * as lc from './langchain.mjs';

const chat = (model = m.chatModel) => new ChatOllama({ model, baseUrl: m.baseUrl });

await m.run({
  ...lc.chatCases(chat),

  async embeddings() {
    const embeddings = new OllamaEmbeddings({ model: m.embeddingModel, baseUrl: m.baseUrl });
    return m.expectRealEmbedding(await embeddings.embedQuery(m.embeddingText));
  },
});
